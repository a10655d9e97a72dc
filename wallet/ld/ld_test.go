package ld

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"testing/fstest"

	gold "github.com/piprate/json-gold/ld"
)

const examples = "../../testdata/examples"

func readDoc(t testing.TB, path string) map[string]any {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var doc map[string]any
	if err := json.Unmarshal(b, &doc); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return doc
}

func withoutProof(doc map[string]any) map[string]any {
	out := make(map[string]any, len(doc))
	for k, v := range doc {
		if k != "proof" {
			out[k] = v
		}
	}
	return out
}

// validExamples lists the example files whose EXPECTED.tsv offline column
// says a signature verified.
func validExamples(t testing.TB) []string {
	t.Helper()
	tsvs, err := filepath.Glob(filepath.Join(examples, "*", "*", "EXPECTED.tsv"))
	if err != nil || len(tsvs) == 0 {
		t.Fatalf("no EXPECTED.tsv under %s (%v)", examples, err)
	}
	var files []string
	for _, tsv := range tsvs {
		b, err := os.ReadFile(tsv)
		if err != nil {
			t.Fatal(err)
		}
		sc := bufio.NewScanner(bytes.NewReader(b))
		for sc.Scan() {
			f := strings.Split(sc.Text(), "\t")
			name := f[0]
			if len(f) < 3 || !strings.Contains(f[2], "signature VALID") ||
				!(strings.HasSuffix(name, ".json") || strings.HasSuffix(name, ".1ob")) {
				continue
			}
			files = append(files, filepath.Join(filepath.Dir(tsv), name))
		}
	}
	return files
}

func TestBundledLoaderServesEveryIndexedURL(t *testing.T) {
	l, err := Bundled()
	if err != nil {
		t.Fatal(err)
	}
	if len(l.URLs()) < 50 {
		t.Fatalf("only %d context URLs bundled", len(l.URLs()))
	}
	for _, u := range l.URLs() {
		if doc, err := l.loadContext(u); err != nil || doc == nil {
			t.Errorf("%s: %v", u, err)
		}
	}
	a, _ := l.loadContext("https://purl.imsglobal.org/spec/ob/v3p0/context.json")
	b, _ := l.loadContext("https://purl.imsglobal.org/spec/ob/v3p0/context/ob_v3p0.jsonld")
	if a == nil || b == nil || !sameMap(a, b) {
		t.Error("an alias does not serve the document of the URL it aliases")
	}
}

func sameMap(a, b any) bool {
	ma, okA := a.(map[string]any)
	return okA && ma["@context"] != nil && mustJSON(a) == mustJSON(b)
}

func mustJSON(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}

func TestLoaderRefusesUnknownURLs(t *testing.T) {
	l, _ := Bundled()
	for _, u := range []string{
		"https://example.com/context.json",
		"http://www.w3.org/ns/credentials/v2", // http, not the listed https
		"https://www.w3.org/ns/credentials/v2/",
		"https://dc.imsglobal.org/draft/clr/v2p0/context",
	} {
		_, err := l.loadContext(u)
		var ce *ContextError
		if !errors.As(err, &ce) || ce.URL != u || err.Error() != "context not available offline: "+u {
			t.Errorf("%s: got %v", u, err)
		}
	}
}

func TestNewLoaderErrors(t *testing.T) {
	for name, fsys := range map[string]fstest.MapFS{
		"no index":     {},
		"missing file": {"INDEX.tsv": {Data: []byte("url\tfile\nhttps://a.example/c\tc.json\n")}},
		"not JSON":     {"INDEX.tsv": {Data: []byte("url\tfile\nhttps://a.example/c\tc.json\n")}, "c.json": {Data: []byte("{")}},
		"no @context":  {"INDEX.tsv": {Data: []byte("url\tfile\nhttps://a.example/c\tc.json\n")}, "c.json": {Data: []byte("{}")}},
	} {
		if _, err := NewLoader(fsys); err == nil {
			t.Errorf("%s: no error", name)
		}
	}
}

func TestCanonicalizeUnknownContext(t *testing.T) {
	doc := readDoc(t, filepath.Join(examples, "ob3/validator/simple.json"))
	doc["@context"] = []any{"https://www.w3.org/ns/credentials/v2", "https://example.com/my-context.json"}
	_, err := Canonicalize(withoutProof(doc))
	var ce *ContextError
	if !errors.As(err, &ce) || ce.URL != "https://example.com/my-context.json" {
		t.Fatalf("got %v, want a ContextError naming the URL", err)
	}
	// A scoped context naming an unknown remote context fails the same way.
	doc["@context"] = []any{"https://www.w3.org/ns/credentials/v2", map[string]any{"x": map[string]any{"@id": "https://a.example/x", "@context": "https://example.com/x"}}}
	if _, err := Canonicalize(withoutProof(doc)); !errors.As(err, &ce) || ce.URL != "https://example.com/x" {
		t.Fatalf("scoped context: got %v", err)
	}
	// @import is not implemented: it is refused, never ignored.
	doc["@context"] = []any{"https://www.w3.org/ns/credentials/v2", map[string]any{"@import": "https://example.com/x"}}
	var ue *UnsupportedFeatureError
	if _, err := Canonicalize(withoutProof(doc)); !errors.As(err, &ue) || ue.Feature != "@import" {
		t.Fatalf("inline @import: got %v", err)
	}
}

func TestSafeModeBreakerFails(t *testing.T) {
	doc := readDoc(t, filepath.Join(examples, "ob3/dcc-verifier-core/eddsa/v2/safeModeBreaker.json"))
	_, err := Canonicalize(withoutProof(doc))
	var ue *UndefinedTermError
	if !errors.As(err, &ue) || ue.Term != "StatusList2021Entry" {
		t.Fatalf("got %v, want the undefined type StatusList2021Entry", err)
	}
	if !strings.Contains(err.Error(), "not be covered by the signature") {
		t.Errorf("message does not say why: %v", err)
	}
}

func TestUndefinedTerms(t *testing.T) {
	base := filepath.Join(examples, "ob3/validator/simple.json")
	cases := []struct {
		name string
		edit func(doc map[string]any)
		term string
	}{
		{"top-level property", func(d map[string]any) { d["favouriteColour"] = "blue" }, "favouriteColour"},
		{"nested property", func(d map[string]any) {
			d["credentialSubject"].(map[string]any)["shoeSize"] = 42.0
		}, "shoeSize"},
		{"relative type", func(d map[string]any) {
			d["credentialSubject"].(map[string]any)["type"] = []any{"AchievementSubject", "Wizard"}
		}, "Wizard"},
		{"undefined term inside a presentation's credential", func(d map[string]any) {
			vc := withoutProof(d)
			vc["extraClaim"] = "unsigned"
			for k := range d {
				delete(d, k)
			}
			d["@context"] = []any{"https://www.w3.org/ns/credentials/v2"}
			d["type"] = []any{"VerifiablePresentation"}
			d["verifiableCredential"] = []any{vc}
		}, "extraClaim"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			doc := withoutProof(readDoc(t, base))
			c.edit(doc)
			_, err := Canonicalize(doc)
			var ue *UndefinedTermError
			if !errors.As(err, &ue) || ue.Term != c.term {
				t.Fatalf("got %v, want UndefinedTermError for %q", err, c.term)
			}
		})
	}
}

func TestRelativeIDFails(t *testing.T) {
	doc := withoutProof(readDoc(t, filepath.Join(examples, "ob3/validator/simple.json")))
	doc["id"] = "credentials/3527"
	_, err := Canonicalize(doc)
	var re *RelativeIRIError
	if !errors.As(err, &re) || re.IRI != "credentials/3527" {
		t.Fatalf("got %v, want RelativeIRIError", err)
	}
}

// Every example whose signature verifies must canonicalize in safe mode,
// and exactly as plain json-gold (no cache, no undefined-term @vocab) does.
func TestValidExamplesCanonicalizeAsJSONGold(t *testing.T) {
	files := validExamples(t)
	if len(files) < 30 {
		t.Fatalf("only %d examples marked signature VALID", len(files))
	}
	opts := goldOptions()
	for _, f := range files {
		doc := withoutProof(readDoc(t, f))
		got, err := Canonicalize(doc)
		if err != nil {
			t.Errorf("%s: %v", f, err)
			continue
		}
		want, err := gold.NewJsonLdProcessor().Normalize(doc, opts)
		if err != nil {
			t.Fatalf("%s: json-gold: %v", f, err)
		}
		if string(got) != want.(string) {
			t.Errorf("%s: canonical form differs from json-gold's", f)
		}
	}
}

func TestCanonicalizeConcurrently(t *testing.T) {
	var docs []map[string]any
	var want []string
	for _, f := range []string{"ob3/validator/simple.json", "ob3/validator/simple_v1.json", "clr2/validator/simple.json"} {
		doc := withoutProof(readDoc(t, filepath.Join(examples, f)))
		out, err := Canonicalize(doc)
		if err != nil {
			t.Fatal(err)
		}
		docs, want = append(docs, doc), append(want, string(out))
	}
	var wg sync.WaitGroup
	for g := 0; g < 8; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < 3; i++ {
				k := (g + i) % len(docs)
				if out, err := Canonicalize(docs[k]); err != nil || string(out) != want[k] {
					t.Errorf("goroutine %d, doc %d: %v", g, k, err)
				}
			}
		}()
	}
	wg.Wait()
}

func TestMalformedDocumentsDoNotPanic(t *testing.T) {
	for _, doc := range []map[string]any{
		{},
		{"@context": 42.0},
		{"@context": []any{"https://www.w3.org/ns/credentials/v2"}, "type": 7.0},
		{"@context": []any{"https://www.w3.org/ns/credentials/v2"}, "name": map[string]any{"@value": []any{}}},
		{"@context": []any{"https://www.w3.org/ns/credentials/v2"}, "id": 3.0},
	} {
		_, _ = Canonicalize(doc) // must return, error or not
	}
}

func BenchmarkCanonicalize(b *testing.B) {
	doc := withoutProof(readDoc(b, filepath.Join(examples, "ob3/validator/simple.json")))
	if _, err := Canonicalize(doc); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Canonicalize(doc); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkJSONGoldNormalize is json-gold as is, for comparison: contexts
// parsed on every call.
func BenchmarkJSONGoldNormalize(b *testing.B) {
	doc := withoutProof(readDoc(b, filepath.Join(examples, "ob3/validator/simple.json")))
	opts := goldOptions()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := gold.NewJsonLdProcessor().Normalize(doc, opts); err != nil {
			b.Fatal(err)
		}
	}
}

// The RDF conversion is our own: compare it with json-gold (the oracle)
// check it against json-gold on values the examples lack.
func TestToRDFMatchesJSONGold(t *testing.T) {
	doc := map[string]any{}
	if err := json.Unmarshal([]byte(`{
	  "@context": ["https://www.w3.org/ns/credentials/v2", "https://www.w3.org/ns/credentials/examples/v2"],
	  "id": "urn:uuid:1", "type": ["VerifiableCredential"], "issuer": "https://a.example/issuer",
	  "credentialSubject": {
	    "id": "did:example:1", "score": 3.5, "count": 7, "big": 1e21, "passed": true, "failed": false,
	    "tags": {"@list": ["a", "b", {"@value": "c", "@language": "en"}]},
	    "nested": {"@list": [{"@list": [1, 2]}, {"id": "https://a.example/x", "label": "x"}]},
	    "empty": {"@list": []},
	    "title": {"@value": "Sir", "@language": "en-GB"},
	    "double": {"@value": 5, "@type": "http://www.w3.org/2001/XMLSchema#double"},
	    "typed": {"@value": "2020-01-01", "@type": "http://www.w3.org/2001/XMLSchema#date"},
	    "blob": {"@value": {"z": 1, "a": [true, null, "x"]}, "@type": "@json"},
	    "anon": {"label": "blank node"},
	    "ref": {"id": "https://a.example/ref"}
	  }
	}`), &doc); err != nil {
		t.Fatal(err)
	}
	opts := goldOptions()
	want, err := gold.NewJsonLdProcessor().Normalize(doc, opts)
	if err != nil {
		t.Fatal(err)
	}
	for name, d := range map[string]map[string]any{"with @json": doc, "without @json": withoutBlob(doc)} {
		got, err := Canonicalize(d)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		w := want.(string)
		if name == "without @json" {
			wd, _ := gold.NewJsonLdProcessor().Normalize(d, opts)
			w = wd.(string)
		}
		if string(got) != w {
			t.Errorf("%s:\n got %s\nwant %s", name, got, w)
		}
	}
}

func withoutBlob(doc map[string]any) map[string]any {
	var out map[string]any
	_ = json.Unmarshal([]byte(mustJSON(doc)), &out)
	delete(out["credentialSubject"].(map[string]any), "blob")
	return out
}

// What json-gold would drop silently is an error.
func TestDroppedStatementsAreErrors(t *testing.T) {
	for name, c := range map[string]struct {
		edit func(d map[string]any)
		want any
	}{
		"malformed IRI": {func(d map[string]any) {
			d["credentialSubject"].(map[string]any)["id"] = "https://example.com/a b"
		}, new(*InvalidValueError)},
		"malformed language tag": {func(d map[string]any) {
			d["name"] = map[string]any{"@value": "Teamwork", "@language": "en_GB"}
		}, new(*InvalidValueError)},
		"relative reference": {func(d map[string]any) {
			d["issuer"].(map[string]any)["id"] = "issuers/876543"
		}, new(*RelativeIRIError)},
	} {
		doc := withoutProof(readDoc(t, filepath.Join(examples, "ob3/validator/simple.json")))
		c.edit(doc)
		_, err := Canonicalize(doc)
		if err == nil || !errors.As(err, c.want) {
			t.Errorf("%s: got %v, want %T", name, err, c.want)
		}
	}
}

// BenchmarkCanonicalizeProofOptions is the other half of a verification:
// the proof options under the document's @context.
func BenchmarkCanonicalizeProofOptions(b *testing.B) {
	doc := readDoc(b, filepath.Join(examples, "ob3/validator/simple.json"))
	config := withoutProof(doc["proof"].([]any)[0].(map[string]any))
	delete(config, "proofValue")
	config["@context"] = doc["@context"]
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Canonicalize(config); err != nil {
			b.Fatal(err)
		}
	}
}

// TestPresentedCredentialsAreNamedGraphs: in a VCDM 2.0 presentation, each
// credential is a named graph the presentation points to (verifiableCredential
// has a @graph container and a null scoped context), as every other
// implementation canonicalizes it; json-gold v0.9.1 alone lost the graph
// (see keepGraphContainers). @digitalbazaar/vc signed this presentation.
func TestPresentedCredentialsAreNamedGraphs(t *testing.T) {
	b, err := os.ReadFile("../../testdata/interop/digitalbazaar-vc-v2.json")
	if err != nil {
		t.Fatal(err)
	}
	var vp map[string]any
	if err := json.Unmarshal(b, &vp); err != nil {
		t.Fatal(err)
	}
	delete(vp, "proof")
	out, err := Canonicalize(vp)
	if err != nil {
		t.Fatal(err)
	}
	var pointers, issuers int
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		switch {
		case strings.Contains(line, "<https://www.w3.org/2018/credentials#verifiableCredential> _:"):
			pointers++
		case strings.Contains(line, "<https://www.w3.org/2018/credentials#issuer>"):
			// subject, predicate, object, graph name, "."
			if f := strings.Fields(line); len(f) != 5 || !strings.HasPrefix(f[3], "_:") {
				t.Errorf("an issuer statement outside a named graph: %s", line)
			}
			issuers++
		}
	}
	if pointers != 3 || issuers < 3 {
		t.Errorf("%d verifiableCredential graphs, %d issuer statements; want 3 and at least 3:\n%s", pointers, issuers, out)
	}
}
