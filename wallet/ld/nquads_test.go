package ld

import (
	"errors"
	"fmt"
	"strings"
	"testing"
)

// nquadsLiterals are literal values and their canonical N-Quads form
// (RDFC-1.0 §A): ECHAR for \b \t \n \f \r " \, UCHAR with uppercase hex
// for the other control characters, DEL, U+FFFE and U+FFFF, the rest as
// they are.
var nquadsLiterals = []struct {
	value, want string
}{
	{"", `""`},
	{"plain", `"plain"`},
	{"\x01", `"\u0001"`},
	{"\x00\x07\x0b\x0e\x1f", `"\u0000\u0007\u000B\u000E\u001F"`},
	{"\b\t\n\f\r", `"\b\t\n\f\r"`},
	{"\x7f", `"\u007F"`},
	{`"\`, `"\"\\"`},
	{"'", `"'"`},
	{"\u0080\u00a0é∞🌃", "\"\u0080\u00a0é∞🌃\""},
	{"\ufffd\ufffe\uffff", "\"\ufffd\\uFFFE\\uFFFF\""},
	{"a\xffb", "\"a\ufffdb\""}, // not UTF-8
}

func TestAppendNQuadsEscapes(t *testing.T) {
	for _, tc := range nquadsLiterals {
		got := appendNQuadTerm(nil, Term{Kind: Literal, Value: tc.value, Datatype: xsdString})
		if string(got) != tc.want {
			t.Errorf("%q: got %s, want %s", tc.value, got, tc.want)
		}
	}
}

func TestAppendNQuads(t *testing.T) {
	s := Term{Kind: IRI, Value: "urn:ex:s"}
	p := Term{Kind: IRI, Value: "urn:ex:p"}
	b := Term{Kind: Blank, Value: "c14n0"}
	for _, tc := range []struct {
		q    Quad
		want string
	}{
		{Quad{s, p, Term{Kind: Literal, Value: "x"}, Term{}}, `<urn:ex:s> <urn:ex:p> "x" .`},
		{Quad{s, p, Term{Kind: Literal, Value: "x", Datatype: xsdString}, Term{}}, `<urn:ex:s> <urn:ex:p> "x" .`},
		{Quad{s, p, Term{Kind: Literal, Value: "x", Datatype: rdfLangString, Language: "en-GB"}, Term{}}, `<urn:ex:s> <urn:ex:p> "x"@en-GB .`},
		{Quad{s, p, Term{Kind: Literal, Value: "1", Datatype: xsdInteger}, b}, `<urn:ex:s> <urn:ex:p> "1"^^<http://www.w3.org/2001/XMLSchema#integer> _:c14n0 .`},
		{Quad{b, p, s, Term{Kind: IRI, Value: "urn:ex:g"}}, `_:c14n0 <urn:ex:p> <urn:ex:s> <urn:ex:g> .`},
	} {
		if got := appendNQuads(nil, []Quad{tc.q}); string(got) != tc.want+"\n" {
			t.Errorf("got %q, want %q", got, tc.want+"\n")
		}
	}
}

func TestParseNQuads(t *testing.T) {
	quads, err := parseNQuads("# comment\n\n" +
		"<urn:ex:s><urn:ex:p>\"a\\u00e9\\U0001F303\\t\"@en-GB . # trailing\r\n" +
		"_:b.1 <urn:ex:p> \"1\"^^<urn:ex:\\u0074> _:g.\n" +
		"\t_:b <urn:ex:p> <urn:ex:o> <urn:ex:g> .")
	if err != nil {
		t.Fatal(err)
	}
	want := []Quad{
		{Term{Kind: IRI, Value: "urn:ex:s"}, Term{Kind: IRI, Value: "urn:ex:p"},
			Term{Kind: Literal, Value: "aé🌃\t", Datatype: rdfLangString, Language: "en-GB"}, Term{}},
		{Term{Kind: Blank, Value: "b.1"}, Term{Kind: IRI, Value: "urn:ex:p"},
			Term{Kind: Literal, Value: "1", Datatype: "urn:ex:t"}, Term{Kind: Blank, Value: "g"}},
		{Term{Kind: Blank, Value: "b"}, Term{Kind: IRI, Value: "urn:ex:p"},
			Term{Kind: IRI, Value: "urn:ex:o"}, Term{Kind: IRI, Value: "urn:ex:g"}},
	}
	if fmt.Sprint(quads) != fmt.Sprint(want) {
		t.Errorf("got\n%v\nwant\n%v", quads, want)
	}
}

func TestParseNQuadsErrors(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{`<urn:ex:s> <urn:ex:p> <urn:ex:o>`, `column 33: a statement must end with "."`},
		{`<urn:ex:s> <urn:ex:p> <urn:ex:o> . x`, "column 36: unexpected text after the statement"},
		{`<s> <urn:ex:p> <urn:ex:o> .`, "column 4: the IRI <s> is not absolute"},
		{`<urn:ex:a b> <urn:ex:p> <urn:ex:o> .`, `column 10: an IRI cannot contain ' '`},
		{`<urn:ex:\u0020> <urn:ex:p> <urn:ex:o> .`, `column 9: an IRI cannot contain ' '`},
		{`"s" <urn:ex:p> <urn:ex:o> .`, "column 1: expected the subject"},
		{`<urn:ex:s> _:p <urn:ex:o> .`, "column 12: expected an IRI"},
		{`<urn:ex:s> <urn:ex:p> "o" "g" .`, "column 27: expected the graph label"},
		{`<urn:ex:s> <urn:ex:p> "\q" .`, `column 24: "\\q" is not an escape`},
		{`<urn:ex:s> <urn:ex:p> "\ud800" .`, "column 24: U+D800 is not a Unicode scalar value"},
		{`<urn:ex:s> <urn:ex:p> "\u12" .`, `column 24: "12\" " is not hex`},
		{`<urn:ex:s> <urn:ex:p> "o"@1a .`, `column 27: "" is not a language tag`},
		{`<urn:ex:s> <urn:ex:p> "o`, `column 25: a literal is not closed with '"'`},
		{"<urn:ex:s> <urn:ex:p> \"a\rb\" .", "column 25: a literal cannot contain a line break"},
		{`_:-a <urn:ex:p> <urn:ex:o> .`, "column 3: a blank node label is empty"},
	} {
		_, err := parseNQuads("\n" + tc.in)
		if want := "N-Quads line 2: " + tc.want; err == nil || err.Error() != want {
			t.Errorf("%s: got %v, want %s", tc.in, err, want)
		}
	}
	if _, err := parseNQuads("<urn:ex:s> <urn:ex:p> \"\xff\" ."); err == nil {
		t.Error("a document that is not UTF-8 was read")
	}
}

// FuzzNQuads checks that what parseNQuads reads, appendNQuads writes so
// that it reads back the same, and that canonicalize takes it.
func FuzzNQuads(f *testing.F) {
	for _, tc := range nquadsLiterals {
		f.Add(`<urn:ex:s> <urn:ex:p> ` + tc.want + " .\n")
	}
	f.Add("_:a <urn:ex:p> _:b _:g .\n_:b <urn:ex:p> _:a _:g .\n_:a <urn:ex:p> _:a .\n")
	f.Fuzz(func(t *testing.T, s string) {
		quads, err := parseNQuads(s)
		if err != nil {
			return
		}
		text := appendNQuads(nil, quads)
		again, err := parseNQuads(string(text))
		if err != nil {
			t.Fatalf("%q was written as %q, which does not parse: %v", s, text, err)
		}
		if string(appendNQuads(nil, again)) != string(text) {
			t.Fatalf("%q was written as %q, which reads back differently", s, text)
		}
		var tooCostly *TooCostlyError
		if _, _, err := canonicalize(quads, canonOptions{}); err != nil && !errors.As(err, &tooCostly) {
			t.Fatalf("%q: %v", s, err)
		}
		if strings.Count(string(text), "\n") != len(quads) {
			t.Fatalf("%q: %d lines for %d quads", text, strings.Count(string(text), "\n"), len(quads))
		}
	})
}
