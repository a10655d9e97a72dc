package cborld

import (
	"fmt"
	"reflect"
	"slices"
	"unicode/utf16"
)

// keywords are the term IDs every CBOR-LD document shares (their
// KEYWORDS_TABLE); the terms of contexts are numbered from firstTermID.
var keywords = map[string]uint64{
	"@context": 0, "@type": 2, "@id": 4, "@value": 6,
	"@direction": 8, "@graph": 10, "@included": 12, "@index": 14, "@json": 16,
	"@language": 18, "@list": 20, "@nest": 22, "@reverse": 24, "@base": 26,
	"@container": 28, "@default": 30, "@embed": 32, "@explicit": 34, "@none": 36,
	"@omitDefault": 38, "@prefix": 40, "@preserve": 42, "@protected": 44,
	"@requireAll": 46, "@set": 48, "@version": 50, "@vocab": 52, "@propagate": 54,
}

const firstTermID = 100

// termDef is a term definition as their converter keeps it: the JSON of
// the definition with its @id and @type CURIEs expanded (compared whole
// when a protected term is defined again), and the context's flags.
type termDef struct {
	m         map[string]any
	id        string // the expanded @id
	typ       string // the expanded @type, "" when none
	scoped    any    // the scoped @context
	hasScoped bool
	protected bool
	propagate bool
}

// loaded is a context as loaded: its JSON and its terms, unexpanded.
type loaded struct {
	ctx   map[string]any
	terms map[string]map[string]any
}

// contextLoader loads contexts and numbers their terms. One is made for
// each document encoded or decoded: IDs depend on the order contexts are
// met in.
type contextLoader struct {
	load     Loader
	byURL    map[string]*loaded
	byObject map[uintptr]*loaded
	termToID map[string]uint64
	idToTerm map[uint64]string
	next     uint64
	work     int
}

func newContextLoader(load Loader) *contextLoader {
	cl := &contextLoader{load: load, byURL: map[string]*loaded{}, byObject: map[uintptr]*loaded{},
		termToID: map[string]uint64{}, idToTerm: map[uint64]string{}, next: firstTermID}
	for t, id := range keywords {
		cl.termToID[t] = id
		cl.idToTerm[id] = t
	}
	return cl
}

// spend counts work; past maxWork the document is refused.
func (cl *contextLoader) spend(n int) error {
	cl.work += n
	if cl.work > maxWork {
		return uncompressible("applying its contexts takes more work than this wallet allows (%d term definitions)", maxWork)
	}
	return nil
}

// termID is the key for term: its ID (the next odd one for an array), or
// the term itself when no context loaded so far defines it.
func (cl *contextLoader) termID(term string, plural bool) any {
	id, ok := cl.termToID[term]
	if !ok {
		return term
	}
	if plural {
		id++
	}
	return id
}

// contextOf loads one context value: a URL or a context object.
func (cl *contextLoader) contextOf(c any) (*loaded, error) {
	switch c := c.(type) {
	case string:
		if l, ok := cl.byURL[c]; ok {
			return l, nil
		}
		obj, err := cl.document(c)
		if err != nil {
			return nil, err
		}
		l, err := cl.add(obj)
		if err != nil {
			return nil, err
		}
		cl.byURL[c] = l
		return l, nil
	case map[string]any:
		key := reflect.ValueOf(c).Pointer()
		if l, ok := cl.byObject[key]; ok {
			return l, nil
		}
		l, err := cl.add(c)
		if err != nil {
			return nil, err
		}
		cl.byObject[key] = l
		return l, nil
	case nil:
		return nil, uncompressible(`a "@context": null (their compressor fails on it; the VCDM 2.0 context has one on a presentation's verifiableCredential)`)
	}
	return nil, uncompressible("a context that is neither a URL nor an object")
}

// document gives the @context object of the context document at url.
func (cl *contextLoader) document(url string) (map[string]any, error) {
	doc, err := cl.load(url)
	if err != nil {
		return nil, err
	}
	m, _ := doc.(map[string]any)
	obj, ok := m["@context"].(map[string]any)
	if !ok {
		// Their loader reads an array's indexes as terms, and then fails.
		return nil, uncompressible("the context %s is a list of contexts", url)
	}
	return obj, nil
}

// add numbers the terms of a context not loaded before, in sorted order.
func (cl *contextLoader) add(ctx map[string]any) (*loaded, error) {
	if imp, ok := ctx["@import"]; ok && truthy(imp) {
		url, isString := imp.(string)
		if !isString {
			return nil, uncompressible("an @import that is not a URL")
		}
		l, ok := cl.byURL[url]
		if !ok {
			obj, err := cl.document(url)
			if err != nil {
				return nil, err
			}
			if l, err = cl.add(obj); err != nil {
				return nil, err
			}
			cl.byURL[url] = l
		}
		merged := make(map[string]any, len(l.ctx)+len(ctx))
		for k, v := range l.ctx {
			merged[k] = v
		}
		for k, v := range ctx {
			merged[k] = v
		}
		ctx = merged
	}
	l := &loaded{ctx: ctx, terms: map[string]map[string]any{}}
	for _, key := range sortedKeys(ctx) {
		if _, kw := keywords[key]; kw {
			continue
		}
		var def map[string]any
		switch d := ctx[key].(type) {
		case nil:
			continue
		case string:
			def = map[string]any{"@id": d}
		case map[string]any:
			def = d
		default:
			return nil, uncompressible("the term %q is defined by neither a string nor an object", key)
		}
		l.terms[key] = def
		if _, ok := cl.termToID[key]; !ok {
			cl.termToID[key] = cl.next
			cl.idToTerm[cl.next] = key
			cl.next += 2
		}
	}
	if err := cl.spend(len(ctx)); err != nil {
		return nil, err
	}
	return l, nil
}

// active is an active context: the terms in force, and the one before it
// (to go back to when entering a property: type-scoped terms do not
// propagate).
type active struct {
	terms     map[string]*termDef
	previous  *active
	typeTerms []string // @type and its aliases
	propagate bool     // every term propagates: entering a property keeps them all
}

func newActive(terms map[string]*termDef, previous *active) *active {
	a := &active{terms: terms, previous: previous, typeTerms: []string{"@type"}, propagate: true}
	for t, d := range terms {
		if d.id == "@type" {
			a.typeTerms = append(a.typeTerms, t)
		}
		a.propagate = a.propagate && d.propagate
	}
	return a
}

// derive makes the active context that follows a with terms, sharing what
// it can when the terms are a's own.
func (cl *contextLoader) derive(a *active, terms map[string]*termDef) (*active, error) {
	if reflect.ValueOf(terms).UnsafePointer() == reflect.ValueOf(a.terms).UnsafePointer() {
		return &active{terms: a.terms, previous: a, typeTerms: a.typeTerms, propagate: a.propagate}, nil
	}
	if err := cl.spend(len(terms)); err != nil {
		return nil, err
	}
	return newActive(terms, a), nil
}

func (a *active) def(term string) *termDef {
	if d, ok := a.terms[term]; ok {
		return d
	}
	return &termDef{}
}

type scope int

const (
	embedded scope = iota
	propertyScoped
	typeScoped
)

// withContexts applies a @context value (absent when !has) to a term map.
func (cl *contextLoader) withContexts(terms map[string]*termDef, ctx any, has bool, sc scope) (map[string]*termDef, error) {
	if !has {
		return terms, nil // an empty context changes nothing
	}
	list, isList := ctx.([]any)
	if !isList {
		list = []any{ctx}
	}
	for _, c := range list {
		l, err := cl.contextOf(c)
		if err != nil {
			return nil, err
		}
		propagate := sc != typeScoped
		if p, ok := l.ctx["@propagate"]; ok && p != nil {
			propagate = truthy(p)
		}
		protected := truthy(l.ctx["@protected"])
		next := make(map[string]*termDef, len(terms)+len(l.terms))
		for key, raw := range l.terms {
			d, err := expandDef(key, raw, terms, l.ctx)
			if err != nil {
				return nil, err
			}
			d.protected, d.propagate = protected, propagate
			next[key] = d
		}
		for term, old := range terms {
			if d, ok := next[term]; ok {
				if old.protected && sc != propertyScoped && !reflect.DeepEqual(d.m, old.m) {
					return nil, uncompressible("it redefines the protected term %q", term)
				}
				continue
			}
			if v, ok := l.ctx[term]; ok && v == nil {
				continue // the context clears the term
			}
			next[term] = old
		}
		if err := cl.spend(len(terms) + len(l.terms)); err != nil {
			return nil, err
		}
		terms = next
	}
	return terms, nil
}

// expandDef copies a term definition and expands the CURIEs of its @id
// and @type, as their converter does: through prefixes only.
func expandDef(key string, raw map[string]any, terms map[string]*termDef, ctx map[string]any) (*termDef, error) {
	m := make(map[string]any, len(raw))
	for k, v := range raw {
		m[k] = v
	}
	d := &termDef{m: m}
	if id, ok := raw["@id"]; ok {
		s, isString := id.(string)
		if !isString {
			return nil, uncompressible("the term %q has an @id that is not a string", key)
		}
		e, err := expandCURIE(s, terms, ctx)
		if err != nil {
			return nil, err
		}
		m["@id"] = e
	} else if e, err := expandCURIE(key, terms, ctx); err != nil {
		return nil, err
	} else if containsColon(e) {
		m["@id"] = e
	}
	if t, ok := raw["@type"]; ok {
		s, isString := t.(string)
		if !isString {
			return nil, uncompressible("the term %q has an @type that is not a string", key)
		}
		e, err := expandCURIE(s, terms, ctx)
		if err != nil {
			return nil, err
		}
		m["@type"] = e
		d.typ = e
	}
	id, ok := m["@id"].(string)
	if !ok {
		return nil, uncompressible("the term %q has no @id", key)
	}
	d.id = id
	d.scoped, d.hasScoped = raw["@context"]
	return d, nil
}

// expandCURIE expands prefix:suffix while the prefix is a term of ctx or
// of the terms in force.
func expandCURIE(s string, terms map[string]*termDef, ctx map[string]any) (string, error) {
	for range 16 {
		i := indexColon(s)
		if i < 0 {
			return s, nil
		}
		prefix, suffix := s[:i], s[i+1:]
		var id string
		if v, ok := ctx[prefix]; ok && v != nil {
			switch v := v.(type) {
			case string:
				id = v
			case map[string]any:
				if id, ok = v["@id"].(string); !ok {
					return "", uncompressible("the prefix %q has no @id", prefix)
				}
			default:
				return "", uncompressible("the prefix %q is not a term", prefix)
			}
		} else if d, ok := terms[prefix]; ok {
			id = d.id
		} else {
			return s, nil
		}
		s = id + suffix
	}
	return "", uncompressible("the CURIE %q expands without end", s)
}

func indexColon(s string) int {
	for i := range len(s) {
		if s[i] == ':' {
			return i
		}
	}
	return -1
}

func containsColon(s string) bool { return indexColon(s) >= 0 }

// embedded applies a node's own @context.
func (cl *contextLoader) embedded(a *active, ctx any, has bool) (*active, error) {
	terms, err := cl.withContexts(a.terms, ctx, has, embedded)
	if err != nil {
		return nil, err
	}
	return cl.derive(a, terms)
}

// typeScoped applies the scoped contexts of a node's types, in sorted
// order.
func (cl *contextLoader) typeScoped(a *active, types []string) (*active, error) {
	slices.SortFunc(types, jsCompare)
	types = slices.Compact(types)
	terms := a.terms
	for _, t := range types {
		d, ok := terms[t]
		if !ok {
			continue
		}
		var err error
		if terms, err = cl.withContexts(terms, d.scoped, d.hasScoped, typeScoped); err != nil {
			return nil, err
		}
	}
	return cl.derive(a, terms)
}

// propertyScoped gives the context for the values of term: the type-scoped
// terms dropped, then term's scoped context applied.
func (cl *contextLoader) propertyScoped(a *active, term string) (*active, error) {
	d := a.def(term)
	reverted := a.terms
	if !a.propagate {
		reverted = make(map[string]*termDef, len(a.terms))
		for t, d := range a.terms {
			if d.propagate {
				reverted[t] = d
				continue
			}
			for c := a.previous; c != nil; c = c.previous {
				pd, ok := c.terms[t]
				if !ok {
					break
				}
				if pd.propagate {
					reverted[t] = pd
					break
				}
			}
		}
		if err := cl.spend(len(a.terms)); err != nil {
			return nil, err
		}
	}
	terms, err := cl.withContexts(reverted, d.scoped, d.hasScoped, propertyScoped)
	if err != nil {
		return nil, err
	}
	return cl.derive(a, terms)
}

// tableType is the codec a value is read with (their getTableType): "url"
// for @id and @type and their aliases and @id- or @vocab-typed terms,
// else the term's type, else "none".
func tableType(term string, d *termDef) string {
	switch {
	case term == "@id", term == "@type", d.id == "@id", d.id == "@type", d.typ == "@id", d.typ == "@vocab":
		return "url"
	case d.typ != "":
		return d.typ
	}
	return "none"
}

// jsCompare orders strings as JavaScript's sort does: by UTF-16 code
// units.
func jsCompare(a, b string) int {
	if isASCII(a) && isASCII(b) {
		switch {
		case a < b:
			return -1
		case a > b:
			return 1
		}
		return 0
	}
	return slices.Compare(utf16.Encode([]rune(a)), utf16.Encode([]rune(b)))
}

func isASCII(s string) bool {
	for i := range len(s) {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}

func sortedKeys(m map[string]any) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.SortFunc(keys, jsCompare)
	return keys
}

// truthy is JavaScript's truthiness of a JSON value.
func truthy(v any) bool {
	switch v := v.(type) {
	case nil:
		return false
	case bool:
		return v
	case string:
		return v != ""
	case fmt.Stringer: // json.Number
		s := v.String()
		return s != "0" && s != "-0" && s != "0.0"
	}
	return true
}
