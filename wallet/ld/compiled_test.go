package ld

import (
	"encoding/json"
	"errors"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"
)

// Contexts are compiled once: a second document with the same contexts
// makes no new context, and enters its type- and property-scoped contexts
// by lookup.
func TestContextsCompiledOnce(t *testing.T) {
	l, err := Bundled()
	if err != nil {
		t.Fatal(err)
	}
	p := NewProcessor(l)
	files := []string{"ob3/validator/simple.json", "ob3/validator/complete.json", "clr2/validator/simple.json"}
	for _, f := range files {
		if _, err := p.Canonicalize(withoutProof(readDoc(t, filepath.Join(examples, f)))); err != nil {
			t.Fatalf("%s: %v", f, err)
		}
	}
	made := p.derived.Load()
	if made == 0 {
		t.Fatal("no compiled context remembered")
	}
	for _, f := range files {
		if _, err := p.Canonicalize(withoutProof(readDoc(t, filepath.Join(examples, f)))); err != nil {
			t.Fatal(err)
		}
	}
	if again := p.derived.Load(); again != made {
		t.Errorf("the same documents again made %d more contexts", again-made)
	}
}

// testProcessor serves one context, at https://a.example/c.
func testProcessor(t *testing.T, context string) *Processor {
	t.Helper()
	l, err := NewLoader(fstest.MapFS{
		"INDEX.tsv": {Data: []byte("url\tfile\nhttps://a.example/c\tc.json\n")},
		"c.json":    {Data: []byte(context)},
	})
	if err != nil {
		t.Fatal(err)
	}
	return NewProcessor(l)
}

// A document nesting a property-scoped context thousands deep makes a new
// context at each level; how many are remembered is bounded. (Its chain of
// blank nodes is then too costly to canonicalize: expanding is the test.)
func TestDerivedContextsBounded(t *testing.T) {
	p := testProcessor(t, `{"@context": {"p": {"@id": "https://a.example/p", "@context": {"q": "https://a.example/q"}}}}`)
	doc := `{"q": "x"}`
	for range 6000 {
		doc = `{"p": ` + doc + `}`
	}
	var m map[string]any
	if err := json.Unmarshal([]byte(`{"@context": "https://a.example/c", "p": `+doc+`}`), &m); err != nil {
		t.Fatal(err)
	}
	if _, err := p.Expand(m); err != nil {
		t.Fatal(err)
	}
	if n := p.derived.Load(); n > maxDerivedTerms+100 {
		t.Errorf("%d terms remembered, more than the bound %d", n, maxDerivedTerms)
	}
}

// Inline contexts go through the same code, and are never remembered.
func TestInlineContextNotRemembered(t *testing.T) {
	p := testProcessor(t, `{"@context": {"@vocab": "https://a.example/v#"}}`)
	for i := range 50 {
		var m map[string]any
		doc := `{"@context": ["https://a.example/c", {"t` + strings.Repeat("x", i) + `": {"@id": "https://a.example/t", "@context": {"u": "https://a.example/u"}}}],
			"t` + strings.Repeat("x", i) + `": {"u": "v"}}`
		if err := json.Unmarshal([]byte(doc), &m); err != nil {
			t.Fatal(err)
		}
		out, err := p.Canonicalize(m)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(string(out), "<https://a.example/u> \"v\"") {
			t.Fatalf("scoped context not applied: %s", out)
		}
	}
	if n := p.derived.Load(); n > 1 {
		t.Errorf("%d contexts remembered from inline contexts", n)
	}
}

// Features outside the set the bundled contexts use are refused by name.
func TestUnsupportedFeaturesNamed(t *testing.T) {
	p := testProcessor(t, `{"@context": {"@vocab": "https://a.example/v#"}}`)
	const c = `"@context": ["https://a.example/c", `
	for feature, doc := range map[string]string{
		"@nest":                                `{` + c + `{"n": "@nest"}], "n": {"name": "x"}}`,
		"@reverse":                             `{` + c + `{"r": {"@reverse": "https://a.example/r"}}], "name": "x"}`,
		"@import":                              `{` + c + `{"@import": "https://a.example/c"}], "name": "x"}`,
		"@included":                            `{` + c + `{}], "@included": {"name": "x"}}`,
		"@container @language (language maps)": `{` + c + `{"l": {"@id": "https://a.example/l", "@container": "@language"}}], "name": "x"}`,
		"@container @index (index maps)":       `{` + c + `{"i": {"@id": "https://a.example/i", "@container": "@index"}}], "name": "x"}`,
		"@container @id (id maps)":             `{` + c + `{"i": {"@id": "https://a.example/i", "@container": "@id"}}], "name": "x"}`,
		"@container @type (type maps)":         `{` + c + `{"i": {"@id": "https://a.example/i", "@container": "@type"}}], "name": "x"}`,
		"@direction":                           `{` + c + `{}], "name": {"@value": "x", "@direction": "rtl"}}`,
		"@index":                               `{` + c + `{}], "name": {"@value": "x", "@index": "Doctor of Medicine"}}`,
	} {
		var m map[string]any
		if err := json.Unmarshal([]byte(doc), &m); err != nil {
			t.Fatal(err)
		}
		_, err := p.Canonicalize(m)
		var u *UnsupportedFeatureError
		if !errors.As(err, &u) || u.Feature != feature || err.Error() != "unsupported JSON-LD feature: "+feature {
			t.Errorf("%s: got %v", feature, err)
		}
	}
}
