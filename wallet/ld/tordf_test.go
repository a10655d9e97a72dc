package ld

import (
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"

	gold "github.com/piprate/json-gold/ld"
)

// parseExpanded decodes an expanded document written in a test, with
// numbers as float64 or, with useNumber, as json.Number.
func parseExpanded(t testing.TB, doc string, useNumber bool) []any {
	t.Helper()
	dec := json.NewDecoder(strings.NewReader(doc))
	if useNumber {
		dec.UseNumber()
	}
	var v []any
	if err := dec.Decode(&v); err != nil {
		t.Fatalf("%s: %v", doc, err)
	}
	return v
}

// nquads writes quads one N-Quads-like line each, sorted: a stable,
// readable form for comparisons (not the canonical escaping).
func nquads(qs []Quad) []string {
	lines := make([]string, 0, len(qs))
	for _, q := range qs {
		line := termString(q.Subject) + " " + termString(q.Predicate) + " " + termString(q.Object)
		if q.Graph.Kind != None {
			line += " " + termString(q.Graph)
		}
		lines = append(lines, line+" .")
	}
	slices.Sort(lines)
	return slices.Compact(lines)
}

func termString(t Term) string {
	switch t.Kind {
	case IRI:
		return "<" + t.Value + ">"
	case Blank:
		return "_:" + t.Value
	case Literal:
		s := strconv.Quote(t.Value)
		switch {
		case t.Language != "":
			// The suite writes language tags in lower case and asks for a
			// case-insensitive comparison.
			return s + "@" + strings.ToLower(t.Language)
		case t.Datatype == xsdString:
			return s
		}
		return s + "^^<" + t.Datatype + ">"
	}
	return "?"
}

const (
	xsd = "http://www.w3.org/2001/XMLSchema#"
	ex  = "http://example.org/"
)

func TestToRDFLiterals(t *testing.T) {
	for _, c := range []struct{ value, want string }{
		{`true`, `"true"^^<` + xsdBoolean + `>`},
		{`false`, `"false"^^<` + xsdBoolean + `>`},
		{`5`, `"5"^^<` + xsdInteger + `>`},
		{`-0`, `"0"^^<` + xsdInteger + `>`},
		{`10.0`, `"10"^^<` + xsdInteger + `>`},
		{`1e20`, `"100000000000000000000"^^<` + xsdInteger + `>`},
		{`123456789012345680`, `"123456789012345680"^^<` + xsdInteger + `>`}, // 123456789012345678 in safe mode: TestLossyNumbersAreRefused
		{`1e21`, `"1.0E21"^^<` + xsdDouble + `>`},
		{`1000000000000000000000`, `"1.0E21"^^<` + xsdDouble + `>`},
		{`-1e21`, `"-1.0E21"^^<` + xsdDouble + `>`},
		{`1.1`, `"1.1E0"^^<` + xsdDouble + `>`},
		{`-0.53`, `"-5.3E-1"^^<` + xsdDouble + `>`},
		{`1.5e-7`, `"1.5E-7"^^<` + xsdDouble + `>`},
		{`"plain"`, `"plain"`},
		{`{"@value": 5, "@type": "` + xsdDouble + `"}`, `"5.0E0"^^<` + xsdDouble + `>`},
		{`{"@value": 0, "@type": "` + xsdDouble + `"}`, `"0.0E0"^^<` + xsdDouble + `>`},
		{`{"@value": 5.5, "@type": "` + xsdInteger + `"}`, `"5.5E0"^^<` + xsdInteger + `>`},
		{`{"@value": 5, "@type": "` + ex + `t"}`, `"5"^^<` + ex + `t>`},
		{`{"@value": true, "@type": "` + ex + `t"}`, `"true"^^<` + ex + `t>`},
		{`{"@value": "4.20", "@type": "` + xsdDouble + `"}`, `"4.20"^^<` + xsdDouble + `>`}, // strings stay as written
		{`{"@value": "x", "@language": "en-GB"}`, `"x"@en-gb`},
		{`{"@value": "x", "@type": "` + ex + `t"}`, `"x"^^<` + ex + `t>`},
		{`{"@value": {"b": [1.0, 2.5], "a": null}, "@type": "@json"}`, `"{\"a\":null,\"b\":[1,2.5]}"^^<` + rdfJSON + `>`},
		{`{"@value": null, "@type": "@json"}`, `"null"^^<` + rdfJSON + `>`},
		{`{"@value": "s", "@type": "@json"}`, `"\"s\""^^<` + rdfJSON + `>`},
		{`{"@value": 1e21, "@type": "@json"}`, `"1e+21"^^<` + rdfJSON + `>`},
	} {
		if !strings.HasPrefix(c.value, "{") {
			c.value = `{"@value": ` + c.value + `}`
		}
		doc := `[{"@id": "` + ex + `s", "` + ex + `p": [` + c.value + `]}]`
		want := "<" + ex + "s> <" + ex + "p> " + c.want + " ."
		for _, useNumber := range []bool{false, true} {
			qs, err := toRDF(parseExpanded(t, doc, useNumber), rdfOptions{Safe: true})
			if err != nil {
				t.Errorf("%s: %v", c.value, err)
				continue
			}
			if got := nquads(qs); len(got) != 1 || got[0] != want {
				t.Errorf("%s (UseNumber %v):\n got %q\nwant %q", c.value, useNumber, got, want)
			}
		}
	}
}

func TestCanonicalDouble(t *testing.T) {
	for _, c := range []struct {
		f    float64
		want string
	}{
		{0, "0.0E0"},
		{math.Copysign(0, -1), "0.0E0"},
		{1, "1.0E0"},
		{1.1, "1.1E0"},
		{-0.53, "-5.3E-1"},
		{1.23e20, "1.23E20"},
		{1e21, "1.0E21"},
		{0.1, "1.0E-1"},
		{123.456, "1.23456E2"},
		{1.0 / 3, "3.333333333333333E-1"},
		{2.0 / 3, "6.666666666666666E-1"}, // 0.66666666666666662965…
		{math.MaxFloat64, "1.797693134862316E308"},
		{5e-324, "4.940656458412465E-324"},
		// 1 + 2^-16 is exactly 1.0000152587890625: a tie at the 16th
		// digit, which toExponential rounds up and Go would round to even.
		{1 + 1.0/65536, "1.000015258789063E0"},
		{-(1 + 1.0/65536), "-1.000015258789063E0"},
		{1 + 3.0/65536, "1.000045776367188E0"}, // …1875: also up, the even way too
	} {
		if got := canonicalDouble(c.f); got != c.want {
			t.Errorf("canonicalDouble(%v) = %q, want %q", c.f, got, c.want)
		}
	}
	if got := string(roundUp16([]byte("9.9999999999999995e+02"))); got != "1.000000000000000e3" {
		t.Errorf("roundUp16 carry: %q", got)
	}
}

func TestToRDFBlankNodeLabels(t *testing.T) {
	doc := `[{
		"@id": "_:x",
		"@type": ["_:t"],
		"` + ex + `p": [{"@id": "_:y", "` + ex + `q": [{"@list": [{"@value": 1}, {"@id": "_:x"}]}]}],
		"` + ex + `r": [{"` + ex + `q": [{"@value": "anonymous"}]}]
	}]`
	qs, err := toRDF(parseExpanded(t, doc, false), rdfOptions{Safe: true})
	if err != nil {
		t.Fatal(err)
	}
	// _:t is relabelled first (types come first), then _:x, then the
	// properties in order: _:y, the anonymous node. The list's nodes come
	// last: they are issued by the conversion, after the node map.
	want := []string{
		`_:b1 <` + ex + `p> _:b2 .`,
		`_:b1 <` + ex + `r> _:b3 .`,
		`_:b1 <` + rdfType + `> _:b0 .`,
		`_:b2 <` + ex + `q> _:b4 .`,
		`_:b3 <` + ex + `q> "anonymous" .`,
		`_:b4 <` + rdfFirst + `> "1"^^<` + xsdInteger + `> .`,
		`_:b4 <` + rdfRest + `> _:b5 .`,
		`_:b5 <` + rdfFirst + `> _:b1 .`,
		`_:b5 <` + rdfRest + `> <` + rdfNil + `> .`,
	}
	if got := nquads(qs); !slices.Equal(got, want) {
		t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

func TestToRDFDuplicates(t *testing.T) {
	doc := `[{
		"@id": "` + ex + `s",
		"@type": ["` + ex + `T"],
		"` + rdfType + `": [{"@id": "` + ex + `T"}],
		"` + ex + `p": [{"@value": "x"}, {"@value": "x", "@type": "` + xsdString + `"}, {"@value": 1}, {"@value": 1.0}, {"@id": "` + ex + `o"}, {"@id": "` + ex + `o"}],
		"` + ex + `q": [{"@list": []}, {"@list": []}]
	}, {
		"@id": "` + ex + `s",
		"` + ex + `p": [{"@value": "x"}]
	}]`
	qs, err := toRDF(parseExpanded(t, doc, false), rdfOptions{Safe: true})
	if err != nil {
		t.Fatal(err)
	}
	if len(qs) != 5 || len(nquads(qs)) != 5 {
		t.Errorf("got %d quads, want 5 distinct:\n%s", len(qs), strings.Join(nquads(qs), "\n"))
	}

	// Past maxDedupScan values the search uses a map; still no duplicates.
	var values []string
	for i := range 3 * maxDedupScan {
		values = append(values, fmt.Sprintf(`{"@value": %d}, {"@value": "%d", "@type": "%sinteger"}`, i, i, xsd))
	}
	doc = `[{"@id": "` + ex + `s", "` + ex + `p": [` + strings.Join(values, ",") + `]}]`
	if qs, err = toRDF(parseExpanded(t, doc, false), rdfOptions{}); err != nil || len(qs) != 3*maxDedupScan {
		t.Errorf("got %d quads, %v; want %d", len(qs), err, 3*maxDedupScan)
	}
}

// TestToRDFSafe checks that each kind of statement the algorithm drops is
// an error in safe mode, and is dropped (with nothing else) otherwise.
func TestToRDFSafe(t *testing.T) {
	keep := `"` + ex + `kept": [{"@value": "kept"}]`
	for _, c := range []struct {
		name, node string
		want       error
	}{
		{"relative subject", `"@id": "relative", "` + ex + `p": [{"@value": "x"}]`, &RelativeIRIError{IRI: "relative"}},
		{"malformed subject", `"@id": "` + ex + `a b", "` + ex + `p": [{"@value": "x"}]`, &InvalidValueError{Kind: "IRI", Value: ex + "a b"}},
		{"relative object", `"@id": "` + ex + `s", ` + keep + `, "` + ex + `p": [{"@id": "../o"}]`, &RelativeIRIError{IRI: "../o"}},
		{"malformed object", `"@id": "` + ex + `s", ` + keep + `, "` + ex + `p": [{"@id": "` + ex + `<o>"}]`, &InvalidValueError{Kind: "IRI", Value: ex + "<o>"}},
		{"relative graph name", `"@id": "g", "@graph": [{"@id": "` + ex + `s", "` + ex + `p": [{"@value": "x"}]}]`, &RelativeIRIError{IRI: "g"}},
		{"malformed graph name", `"@id": "` + ex + `g#a#b", "@graph": [{"@id": "` + ex + `s", "` + ex + `p": [{"@value": "x"}]}]`, &InvalidValueError{Kind: "IRI", Value: ex + "g#a#b"}},
		{"blank node property", `"@id": "` + ex + `s", ` + keep + `, "_:p": [{"@value": "x"}]`, &UndefinedTermError{Term: "_:b0"}},
		{"relative property", `"@id": "` + ex + `s", ` + keep + `, "p": [{"@value": "x"}]`, &UndefinedTermError{Term: "p"}},
		{"malformed property", `"@id": "` + ex + `s", ` + keep + `, "` + ex + `p q": [{"@value": "x"}]`, &InvalidValueError{Kind: "IRI", Value: ex + "p q"}},
		{"relative type", `"@id": "` + ex + `s", ` + keep + `, "@type": ["T"]`, &UndefinedTermError{Term: "T"}},
		{"malformed type", `"@id": "` + ex + `s", ` + keep + `, "@type": ["` + ex + `{T}"]`, &InvalidValueError{Kind: "IRI", Value: ex + "{T}"}},
		{"relative datatype", `"@id": "` + ex + `s", ` + keep + `, "` + ex + `p": [{"@value": "x", "@type": "D"}]`, &UndefinedTermError{Term: "D"}},
		{"malformed datatype", `"@id": "` + ex + `s", ` + keep + `, "` + ex + `p": [{"@value": "x", "@type": "` + ex + `%zz"}]`, &InvalidValueError{Kind: "IRI", Value: ex + "%zz"}},
		{"malformed language tag", `"@id": "` + ex + `s", ` + keep + `, "` + ex + `p": [{"@value": "x", "@language": "en US"}]`, &InvalidValueError{Kind: "language tag", Value: "en US"}},
		{"text direction", `"@id": "` + ex + `s", ` + keep + `, "` + ex + `p": [{"@value": "x", "@language": "ar", "@direction": "rtl"}]`, &UnsupportedFeatureError{Feature: "@direction"}},
		{"null @id", `"@id": "` + ex + `s", ` + keep + `, "` + ex + `p": [{"@id": null, "` + ex + `q": [{"@value": "x"}]}]`, &InvalidValueError{Kind: "@id", Value: "null"}},
		{"relative list item", `"@id": "` + ex + `s", ` + keep + `, "` + ex + `p": [{"@list": [{"@id": "item"}]}]`, &RelativeIRIError{IRI: "item"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			doc := parseExpanded(t, `[{`+c.node+`}]`, false)
			_, err := toRDF(doc, rdfOptions{Safe: true})
			if err == nil || fmt.Sprintf("%#v", err) != fmt.Sprintf("%#v", c.want) {
				t.Fatalf("safe mode: got %#v, want %#v", err, c.want)
			}
			if err.Error() != c.want.Error() {
				t.Errorf("message %q", err)
			}
			qs, err := toRDF(doc, rdfOptions{})
			if err != nil {
				t.Fatal(err)
			}
			for _, line := range nquads(qs) {
				switch {
				case c.name == "text direction" && line == `<`+ex+`s> <`+ex+`p> "x"@ar .`:
					continue // the statement stays, without its direction
				case c.name == "relative list item" && line == `<`+ex+`s> <`+ex+`p> _:b0 .`:
					continue // the list stays, without the item
				}
				if !strings.Contains(line, `"kept"`) && !strings.Contains(line, rdfRest) {
					t.Errorf("not dropped: %s", line)
				}
			}
		})
	}
	var ufe *UnsupportedFeatureError
	if err := error(&UnsupportedFeatureError{Feature: "@direction"}); !errors.As(err, &ufe) || err.Error() != "unsupported JSON-LD feature: @direction" {
		t.Errorf("UnsupportedFeatureError: %v", err)
	}
}

func TestToRDFMalformed(t *testing.T) {
	for _, doc := range []string{
		`["string"]`,
		`[{"@id": 5}]`,
		`[{"@type": [5]}]`,
		`[{"@index": "a", "@id": "` + ex + `s"}, {"@index": "b", "@id": "` + ex + `s"}]`,
		`[{"@reverse": []}]`,
		`[{"` + ex + `p": [{"@value": {"a": 1}}]}]`,
		`[{"` + ex + `p": [{"@value": "x", "@type": 5}]}]`,
		`[{"` + ex + `p": [{"@value": 1e400}]}]`,
	} {
		var v []any
		if err := json.Unmarshal([]byte(doc), &v); err != nil {
			if err := json.NewDecoder(strings.NewReader(doc)).Decode(&v); err != nil {
				// 1e400 decodes only as a json.Number.
				dec := json.NewDecoder(strings.NewReader(doc))
				dec.UseNumber()
				if err := dec.Decode(&v); err != nil {
					t.Fatal(err)
				}
			}
		}
		if qs, err := toRDF(v, rdfOptions{}); err == nil {
			t.Errorf("%s: no error, %d quads", doc, len(qs))
		}
	}
	if _, err := toRDF(nil, rdfOptions{RDFDirection: "sideways"}); err == nil {
		t.Error("unknown rdfDirection: no error")
	}
}

func TestWellFormedIRI(t *testing.T) {
	for _, s := range []string{
		"http://example.com/", "https://example.com", "ex:node1", "urn:uuid:4e1f3f6c-8b2a-4b1e-9a6e-5f1c2d3e4f5a",
		"did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK#z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK",
		"https://[::1]:8080/x", "http://[v7.fe80::a+en1]/", "http://example.com/?q=a?b/c", "http://example.com/#frag?/:@",
		"http://example.com/%41%7a", "http://例え.jp/パス?クエリ#断片", "mailto:a@example.com", "file:///etc/hosts",
		"http://user:pass@host:80/p", "tag:example.com,2020:x", "http://example.com/vocabulary/./rel2#../parent",
		"http://example.com/?\uE000", "http://example.com/\U0001F600", "a+b-c.d:x", "http:", "http://",
		"https://purl.imsglobal.org/spec/vc/ob/vocab.html#AchievementCredential",
	} {
		if !wellFormedIRI(s) {
			t.Errorf("wellFormedIRI(%q) = false", s)
		}
	}
	for _, s := range []string{
		"", "relative", "/absolute", "//example.com/x", "_:b0", ":x", "1ab:x", "a_b:x",
		"http://example.com/a b", "http://example.com/a#b#c", "http://example.com/<x>", `http://example.com/"`,
		"http://example.com/{x}", "http://example.com/a|b", `http://example.com/a\b`, "http://example.com/^",
		"http://example.com/`", "http://example.com/%4", "http://example.com/%zz", "http://example.com/%",
		"http://example.com/\x01", "http://example.com/\x7f", "http://example.com/\u0085", "http://example.com/\uFFFE",
		"http://example.com/\uFDD0", "http://example.com/\uE000", "http://example.com/#\uE000", "http://example.com/\xff",
		"http://h:8a/", "http://[::1/", "http://[]/", "http://[::1]x/", "http://a@b@c/", "http://a b/", "http://h[/",
		"http://example.com/\t", "http://example.com/\n",
	} {
		if wellFormedIRI(s) {
			t.Errorf("wellFormedIRI(%q) = true", s)
		}
	}
}

func FuzzWellFormedIRI(f *testing.F) {
	for _, s := range []string{"http://example.com/a?b#c", "urn:x:y", "http://[::1]:80/", "x:%41", "http://a b"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		ok := wellFormedIRI(s)
		if ok && (strings.ContainsAny(s, " <>\"{}|\\^`\x00\n") || !utf8.ValidString(s) || schemeLength(s) < 0) {
			t.Fatalf("%q passes", s)
		}
	})
}

func TestWellFormedLanguage(t *testing.T) {
	for s, want := range map[string]bool{
		"en": true, "en-US": true, "zh-Hant-TW": true, "x-private": true, "de-CH-1996": true, "abcdefgh": true,
		"": false, "en US": false, "en-": false, "-en": false, "abcdefghi": false, "en-abcdefghi": false,
		"1en": false, "en--US": false, "en_US": false, "é": false,
	} {
		if got := wellFormedLanguage(s); got != want {
			t.Errorf("wellFormedLanguage(%q) = %v", s, got)
		}
	}
}

// BenchmarkToRDF converts typical signed Open Badges 3.0 credentials,
// expanded (by json-gold) once in setup, without their proofs.
func BenchmarkToRDF(b *testing.B) {
	p, err := Default()
	if err != nil {
		b.Fatal(err)
	}
	for _, name := range []string{"simple-did-key-method.json", "complete.json"} {
		doc := withoutProof(readDoc(b, filepath.Join(examples, "ob3", "validator", name)))
		expanded, err := p.Expand(doc)
		if err != nil {
			b.Fatal(err)
		}
		b.Run(strings.TrimSuffix(name, ".json"), func(b *testing.B) {
			qs, err := toRDF(expanded, rdfOptions{Safe: true})
			if err != nil {
				b.Fatal(err)
			}
			b.ReportAllocs()
			for b.Loop() {
				if _, err := toRDF(expanded, rdfOptions{Safe: true}); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(len(qs)), "quads")
		})
	}
}

// TestToRDFExamplesMatchJSONGold compares toRDF with json-gold's conversion on
// every credential of the examples that verifies: same canonical form.
func TestToRDFExamplesMatchJSONGold(t *testing.T) {
	p, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	compared := 0
	for _, f := range validExamples(t) {
		if !strings.HasSuffix(f, ".json") {
			continue
		}
		doc := withoutProof(readDoc(t, f))
		expanded, err := p.Expand(doc)
		if err != nil {
			continue // safe mode refuses it before conversion
		}
		qs, err := toRDF(expanded, rdfOptions{Safe: true})
		if err != nil {
			t.Errorf("%s: %v", f, err)
			continue
		}
		ds, err := gold.NewJsonLdApi().ToRDF(expanded, goldOptions())
		if err != nil {
			t.Fatalf("%s: json-gold: %v", f, err)
		}
		if got, want := canonicalLines(qs), canonicalLines(fromGold(ds)); !slices.Equal(got, want) {
			t.Errorf("%s:\n got %s\nwant %s", f, strings.Join(got, "\n     "), strings.Join(want, "\n     "))
		}
		compared++
	}
	if compared < 10 {
		t.Errorf("only %d examples compared", compared)
	}
}

// FuzzToRDF feeds arbitrary JSON arrays as expanded documents: toRDF may
// refuse them, never panic.
func FuzzToRDF(f *testing.F) {
	for _, s := range []string{
		`[{"@id": "_:a", "@type": ["_:t"], "http://e/p": [{"@list": [{"@value": 1}, {"@id": "_:a"}]}]}]`,
		`[{"@id": "http://e/g", "@graph": [{"http://e/p": [{"@value": "x", "@language": "en", "@direction": "rtl"}]}]}]`,
		`[{"@reverse": {"http://e/p": [{"@id": "http://e/o"}]}, "@included": [{"@id": null}]}]`,
		`[{"http://e/p": [{"@value": {"a": [1.5, true]}, "@type": "@json"}], "@index": "i"}]`,
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		var v []any
		if json.Unmarshal([]byte(in), &v) != nil {
			return
		}
		for _, o := range []rdfOptions{{Safe: true}, {RDFDirection: compoundLiteral, ProduceGeneralizedRDF: true}, {RDFDirection: i18nDatatype}} {
			qs, err := toRDF(v, o)
			if err == nil && len(nquads(qs)) != len(qs) {
				t.Fatalf("%s: duplicate statements", in)
			}
		}
	})
}
