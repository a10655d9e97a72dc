package ld

import (
	"encoding/json"
	"errors"
	"fmt"
	"math/rand/v2"
	"sort"
	"strings"
	"testing"
)

// fuzzContexts are the context lists documents are built from.
var fuzzContexts = [][]any{
	{"https://www.w3.org/ns/credentials/v2", "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"},
	{"https://www.w3.org/2018/credentials/v1", "https://purl.imsglobal.org/spec/ob/v3p0/context.json"},
	{"https://www.w3.org/ns/credentials/v2", "https://purl.imsglobal.org/spec/clr/v2p0/context-2.0.1.json", "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"},
	{"https://www.w3.org/ns/credentials/v2", "https://www.w3.org/ns/credentials/examples/v2"},
	{"https://w3id.org/openbadges/v2"},
}

// docGen builds a JSON-LD document from the terms the bundled contexts
// define, choosing by a seeded generator, so that fuzzing explores what
// real credentials can say.
type docGen struct {
	r    *rand.Rand
	proc *Processor
	n    int
}

func (g *docGen) pick(list []string) string { return list[g.r.IntN(len(list))] }

// terms lists a context's terms: types (with a scoped context) and
// properties (without @json, which json-gold gets wrong).
func terms(c *activeContext) (types, props []string) {
	for name, d := range c.terms {
		switch {
		case !d.hasIRI || isKeyword(d.iri) || strings.ContainsAny(name, ":/"):
		case d.hasTyp && d.typ == "@json":
		case name[0] >= 'A' && name[0] <= 'Z':
			types = append(types, name)
		default:
			props = append(props, name)
		}
	}
	sort.Strings(types)
	sort.Strings(props)
	return types, props
}

func (g *docGen) node(c *activeContext, depth int) map[string]any {
	run := &contextRun{loader: g.proc.loader}
	node := map[string]any{}
	types, _ := terms(c)
	if len(types) > 0 && g.r.IntN(4) > 0 {
		t := g.pick(types)
		node["type"] = t
		if d := c.terms[t]; d.hasScoped {
			if nc, err := run.process(c, d.scoped, d.scopeBase, nil, false, false, true, d); err == nil {
				c = nc
			}
		}
	}
	if g.r.IntN(3) == 0 {
		g.n++
		node["id"] = fmt.Sprintf("https://a.example/n/%d", g.n)
	}
	_, props := terms(c)
	for i := g.r.IntN(6); i >= 0 && len(props) > 0; i-- {
		p := g.pick(props)
		if p == "id" || p == "type" || p == "@context" {
			continue
		}
		node[p] = g.value(c, c.terms[p], depth)
	}
	return node
}

func (g *docGen) value(c *activeContext, d *termDef, depth int) any {
	if d.hasTyp && (d.typ == "@id" || d.typ == "@vocab") && g.r.IntN(2) == 0 {
		g.n++
		return fmt.Sprintf("https://a.example/r/%d", g.n)
	}
	switch k := g.r.IntN(9); {
	case k == 0:
		return g.r.IntN(2) == 0
	case k == 1:
		return float64(g.r.IntN(2000) - 1000)
	case k == 2:
		return float64(g.r.IntN(100000)) / 64
	case k == 3 && depth < 3:
		if d.hasScoped {
			run := &contextRun{loader: g.proc.loader}
			if nc, err := run.process(c, d.scoped, d.scopeBase, nil, true, true, true, d); err == nil {
				c = nc
			}
		}
		return g.node(c, depth+1)
	case k == 4 && depth < 3:
		return []any{g.value(c, d, depth+1), g.value(c, d, depth+1)}
	case k == 5:
		return map[string]any{"@value": g.text(), "@language": g.pick([]string{"en", "de-CH", "fr"})}
	}
	return g.text()
}

func (g *docGen) text() string {
	const alphabet = `abc XYZ 019 "quoted" back\slash é 日本 🎓 <tag> &`
	runes := []rune(alphabet)
	var b strings.Builder
	for i := g.r.IntN(12); i > 0; i-- {
		b.WriteRune(runes[g.r.IntN(len(runes))])
	}
	return b.String()
}

func generate(seed uint64, proc *Processor) map[string]any {
	g := &docGen{r: rand.New(rand.NewPCG(seed, seed>>32|1)), proc: proc}
	ctx := fuzzContexts[g.r.IntN(len(fuzzContexts))]
	run := &contextRun{loader: proc.loader}
	active, err := run.process(proc.root, ctx, "", nil, false, true, true, nil)
	if err != nil {
		panic(err)
	}
	doc := g.node(active, 0)
	doc["@context"] = ctx
	return doc
}

// FuzzCanonicalizeAsJSONGold compares this engine's canonical N-Quads with
// json-gold's on documents built from the bundled contexts' terms. Where
// both canonicalize, they must agree; a document only one of them refuses
// must be one safe mode refuses.
func FuzzCanonicalizeAsJSONGold(f *testing.F) {
	for seed := range uint64(40) {
		f.Add(seed)
	}
	proc, err := Default()
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, seed uint64) {
		doc := generate(seed, proc)
		b, _ := json.Marshal(doc)
		var fresh map[string]any // json-gold may change what it is given
		if err := json.Unmarshal(b, &fresh); err != nil {
			t.Fatal(err)
		}
		got, err := proc.Canonicalize(doc)
		want, goldErr := goldNormalize(fresh)
		switch {
		case errors.Is(goldErr, errGoldPanicked):
		case err != nil && goldErr != nil:
		case err != nil:
			if !refusable(err) {
				t.Fatalf("%s\njson-gold canonicalizes it; this engine says %v", b, err)
			}
		case goldErr != nil:
			t.Fatalf("%s\njson-gold says %v; this engine canonicalizes it", b, goldErr)
		case string(got) != want:
			t.Fatalf("%s\n got %s\nwant %s", b, got, want)
		}
	})
}
