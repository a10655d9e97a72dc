package schema

import (
	"testing"
)

// BenchmarkCompileSchemas measures what a process pays the first time it
// validates a credential: indexing the bundle, then compiling the schema
// of each credential type with a fresh compiler. lw verify pays it on
// every run: keep it small.
func BenchmarkCompileSchemas(b *testing.B) {
	b.Run("index", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if bu := newBundle(); bu.err != nil {
				b.Fatal(bu.err)
			}
		}
	})
	for _, bc := range []struct{ name, url string }{
		{"ob3-achievement", OBAchievementCredential},
		{"ob3-endorsement", OBEndorsementCredential},
		{"clr2", CLRCredential},
	} {
		b.Run(bc.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := newBundle().compiled(bc.url); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// TestSchemaIDReadsTheDocumentsID checks the index, which reads no more of
// a file than its $id, against the $id of the whole parsed document.
func TestSchemaIDReadsTheDocumentsID(t *testing.T) {
	b := newBundle()
	if b.err != nil {
		t.Fatal(b.err)
	}
	if len(b.ids) == 0 {
		t.Fatal("no schemas indexed")
	}
	for file, id := range b.ids {
		doc, err := readSchema(file)
		if err != nil {
			t.Fatal(err)
		}
		if want, _ := doc.(map[string]any)["$id"].(string); id != want {
			t.Errorf("%s: indexed as %q, its $id is %q", file, id, want)
		}
	}
}

func TestRegexpsCompileEachPatternOnce(t *testing.T) {
	r := newRegexps()
	a, err := r.compile(`^[a-z]{2}(-[A-Z]{2})?$`)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := r.compile(`^[a-z]{2}(-[A-Z]{2})?$`)
	if a != b || !a.MatchString("en-GB") || a.MatchString("english") {
		t.Errorf("got %v and %v", a, b)
	}
	// A pattern that does not compile is still an error, each time: the
	// schema holding it must not compile.
	for range 2 {
		if re, err := r.compile(`(`); err == nil || re != nil {
			t.Errorf("compile(%q) = %v, %v", `(`, re, err)
		}
	}
}
