package ld

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"testing"
	"time"
)

// These tests hold what a hostile change to a signed document must not be
// able to do: make a document that a viewer shows differently canonicalize
// as the signed one did.

// decodeJSON decodes doc as the app does, numbers as json.Number.
func decodeJSON(t testing.TB, doc string) map[string]any {
	t.Helper()
	dec := json.NewDecoder(bytes.NewReader([]byte(doc)))
	dec.UseNumber()
	var m map[string]any
	if err := dec.Decode(&m); err != nil {
		t.Fatalf("%s: %v", doc, err)
	}
	return m
}

// TestReservedIDKeepsProtectedTerms: a term definition whose @id has the
// form of a keyword is ignored. It must leave the term as it was: removing
// it let a second context define a protected term anew, e.g. swap name and
// description with the same canonical form.
func TestReservedIDKeepsProtectedTerms(t *testing.T) {
	signed := decodeJSON(t, `{"@context": ["https://www.w3.org/ns/credentials/v2"],
		"type": "VerifiableCredential", "issuer": "https://issuer.example",
		"name": "Alice", "description": "Bob"}`)
	forged := decodeJSON(t, `{"@context": ["https://www.w3.org/ns/credentials/v2",
			{"name": {"@id": "@ignoreMe"}, "description": {"@id": "@ignoreMe"}},
			{"name": "https://schema.org/description", "description": "https://schema.org/name"}],
		"type": "VerifiableCredential", "issuer": "https://issuer.example",
		"name": "Bob", "description": "Alice"}`)
	want, err := Canonicalize(signed)
	if err != nil {
		t.Fatal(err)
	}
	got, err := Canonicalize(forged)
	var oe *OverrideError
	if !errors.As(err, &oe) {
		t.Fatalf("got %v, want an OverrideError\n%s", err, got)
	}
	// Without safe mode's rule on inline contexts, the protection holds.
	run := &contextRun{loader: mustBundled(t)}
	x := expander{run: run}
	_, err = x.expandDocument(newRootContext("", nil), forged, "")
	var je *Error
	if !errors.As(err, &je) || je.Code != "protected term redefinition" {
		t.Fatalf("got %v, want a protected term redefinition", err)
	}
	if bytes.Equal(got, want) {
		t.Fatal("a document with name and description swapped canonicalizes as the signed one")
	}

	// With no protected term, the term is ignored as before.
	doc := decodeJSON(t, `{"@context": [{"@vocab": "https://vocab.example/", "x": {"@id": "@reserved"}}], "x": "y"}`)
	if _, err := Canonicalize(doc); err != nil {
		t.Fatal(err)
	}
}

// TestFreeFloatingIsRefused: what expansion drops as free-floating (a
// value, list or bare identifier outside any property, an object with only
// @language, a typed null) is something a viewer shows and a signature
// would not cover: safe mode refuses it.
func TestFreeFloatingIsRefused(t *testing.T) {
	const head = `{"@context": ["https://www.w3.org/ns/credentials/v2"],
		"type": "VerifiableCredential", "issuer": "https://issuer.example", `
	for _, doc := range []string{
		head + `"@list": [{"name": "Mallory"}]}`,
		head + `"credentialSubject": {"@graph": ["Mallory"]}}`,
		head + `"credentialSubject": {"@graph": {"@value": "Mallory"}}}`,
		head + `"credentialSubject": {"@graph": {"@list": ["Mallory"]}}}`,
		head + `"credentialSubject": {"@graph": {"id": "https://mallory.example"}}}`,
		head + `"credentialSubject": {"@graph": {}}}`,
		head + `"name": {"@language": "en"}}`,
		head + `"name": {"@value": null, "@language": "en"}}`,
		`{"@context": ["https://www.w3.org/ns/credentials/v2"], "@graph": ["Mallory"]}`,
		`{"@context": ["https://www.w3.org/ns/credentials/v2"], "@value": "Mallory"}`,
		`{"@context": ["https://www.w3.org/ns/credentials/v2"], "id": "https://mallory.example"}`,
	} {
		got, err := Canonicalize(decodeJSON(t, doc))
		var ve *InvalidValueError
		if !errors.As(err, &ve) {
			t.Errorf("%s\ngot %v, want an InvalidValueError\n%s", doc, err, got)
		}
	}
	// A null says nothing, and shows as nothing.
	for _, doc := range []string{
		head + `"name": null}`,
		head + `"name": {"@value": null}}`,
		head + `"name": ["Alice", null]}`,
	} {
		if _, err := Canonicalize(decodeJSON(t, doc)); err != nil {
			t.Errorf("%s: %v", doc, err)
		}
	}
}

// TestLossyNumbersAreRefused: a JSON number that is not exactly the
// double it parses to, or a double whose canonical xsd:double form (16
// significant digits) is shared with another, would let a viewer show a
// number other than the one signed: safe mode refuses them.
func TestLossyNumbersAreRefused(t *testing.T) {
	const head = `{"@context": ["https://www.w3.org/ns/credentials/v2"],
		"type": "VerifiableCredential", "issuer": "https://issuer.example", "name": `
	for _, n := range []string{
		"12345678901234567891", // 12345678901234567168 as a double
		"9007199254740993",     // 2^53+1
		"0.10000000000000002",  // 1.0E-1, as 0.1 is
		"0.30000000000000004",
		"1e-400", // 0
		"123456789012345678",
		"1.7976931348623157e308", // the largest double: 1.797693134862316E308 is past it
	} {
		doc := head + n + `}`
		got, err := Canonicalize(decodeJSON(t, doc))
		var ve *InvalidValueError
		if !errors.As(err, &ve) || ve.Kind != "number" {
			t.Errorf("%s: got %v, want an InvalidValueError\n%s", n, err, got)
		}
	}
	for _, n := range []string{"0", "-0", "1", "1.0", "10e-1", "0.1", "1.5e-7", "1e21", "9007199254740992", "123456789012345680", "-5.3E-1"} {
		if _, err := Canonicalize(decodeJSON(t, head+n+`}`)); err != nil {
			t.Errorf("%s: %v", n, err)
		}
	}
	// Inside an @json value, the text must be the double too.
	expanded := []any{map[string]any{"@id": "https://s.example", "https://p.example": map[string]any{
		"@type": "@json", "@value": map[string]any{"n": []any{json.Number("1"), json.Number("12345678901234567891")}}}}}
	if _, err := toRDF(expanded, rdfOptions{Safe: true}); err == nil {
		t.Error("a lossy number in an @json value is not refused")
	}
	// Outside safe mode, numbers convert as the spec says.
	expanded = []any{map[string]any{"@id": "https://s.example", "https://p.example": map[string]any{"@value": json.Number("123456789012345678")}}}
	qs, err := toRDF(expanded, rdfOptions{})
	if err != nil || len(qs) != 1 || qs[0].Object.Value != "123456789012345680" {
		t.Errorf("got %v, %v", qs, err)
	}
}

func TestSameDecimal(t *testing.T) {
	for _, c := range []struct {
		a, b string
		same bool
	}{
		{"1", "1e+00", true}, {"1.0", "1", true}, {"10e-1", "1", true}, {"0.001", "1e-03", true},
		{"100", "1e2", true}, {"-0", "0", true}, {"0e999999999999", "0", true}, {"-1.5", "-1.5e+00", true},
		{"1", "-1", false}, {"1e999999999999", "1", false}, {"12345678901234567891", "1.2345678901234567e+19", false},
		{"0x10", "16", false}, {"", "0", false}, {"1.", "1", true},
	} {
		if got := sameDecimal(c.a, c.b); got != c.same {
			t.Errorf("sameDecimal(%q, %q) = %v", c.a, c.b, got)
		}
	}
}

// TestScopedContextsCostLinearWork: every term with a scoped context is
// checked when defined, on a copy of the active context, which grows with
// each term: 16,000 such terms took 6 s and 5.6 GB of allocation. The
// copies are now bounded.
func TestScopedContextsCostLinearWork(t *testing.T) {
	ctx := map[string]any{}
	for i := range 20_000 {
		ctx[fmt.Sprintf("t%d", i)] = map[string]any{"@id": fmt.Sprintf("https://x.example/%d", i), "@context": map[string]any{}}
	}
	doc := map[string]any{"@context": []any{"https://www.w3.org/ns/credentials/v2", ctx}, "type": "VerifiableCredential"}
	start := time.Now()
	_, err := Canonicalize(doc)
	var costly *TooCostlyError
	if !errors.As(err, &costly) {
		t.Errorf("got %v, want a TooCostlyError", err)
	}
	if d := time.Since(start); d > 30*time.Second {
		t.Errorf("took %v", d)
	}
}

// TestBlankNodeTypesAreRefused: canonicalization relabels blank nodes, so
// a type written as a blank node identifier (or made one by a blank
// @vocab) could be renamed, "_:Diploma" to "_:Doctorate", under the same
// signature.
func TestBlankNodeTypesAreRefused(t *testing.T) {
	const head = `{"@context": ["https://www.w3.org/ns/credentials/v2"%s],
		"issuer": "https://issuer.example", `
	diploma, err := Canonicalize(decodeJSON(t, `{"@context": {"@vocab": "https://v.example/"}, "@type": "_:Diploma", "name": "x"}`))
	if err == nil {
		doctorate, _ := Canonicalize(decodeJSON(t, `{"@context": {"@vocab": "https://v.example/"}, "@type": "_:Doctorate", "name": "x"}`))
		t.Errorf("a blank node type canonicalizes; renamed, alike: %v\n%s", bytes.Equal(diploma, doctorate), diploma)
	}
	for _, doc := range []string{
		fmt.Sprintf(head, "") + `"type": ["VerifiableCredential", "_:Diploma"]}`,
		fmt.Sprintf(head, `, {"Diploma": "_:d"}`) + `"type": ["VerifiableCredential", "Diploma"]}`,
		fmt.Sprintf(head, `, {"@vocab": "_:"}`) + `"type": ["VerifiableCredential", "Diploma"]}`,
	} {
		if got, err := Canonicalize(decodeJSON(t, doc)); !refusable(err) {
			t.Errorf("%s\ngot %v, want a refusal\n%s", doc, err, got)
		}
	}
}

// TestInlineContextCannotSwapUnprotectedTerms: OB 3.0 (context.json,
// 3.0.0, 3.0.1) and CLR 2.0 contexts protect none of their terms, so a
// document's own @context may redefine them, as JSON-LD allows: swapping
// name and description would keep the canonical form. Safe mode refuses
// an inline context that redefines a published term, clears the published
// contexts or sets @base; it may add terms of its own.
func TestInlineContextCannotSwapUnprotectedTerms(t *testing.T) {
	const ctx = `"https://www.w3.org/2018/credentials/v1", "https://purl.imsglobal.org/spec/ob/v3p0/context.json"`
	const body = `"type": ["VerifiableCredential", "OpenBadgeCredential"], "issuer": "https://issuer.example",
		"issuanceDate": "2020-01-01T00:00:00Z", "credentialSubject": {"id": "did:example:1"}, `
	for name, c := range map[string]struct {
		doc  string
		want OverrideError
	}{
		"swapped terms": {`{"@context": [` + ctx + `, {
			"name": {"@id": "https://schema.org/description", "@type": "https://www.w3.org/2001/XMLSchema#string"},
			"description": {"@id": "https://schema.org/name", "@type": "https://www.w3.org/2001/XMLSchema#string"}}], ` +
			body + `"name": "Bob", "description": "Alice"}`, OverrideError{Term: "description"}},
		"a term mapped to null": {`{"@context": [` + ctx + `, {"description": null}], ` + body + `"name": "Bob", "description": "Alice"}`,
			OverrideError{Term: "description"}},
		"cleared in a nested node": {`{"@context": [` + ctx + `], ` + body + `"name": "Bob",
			"evidence": {"@context": [null, {"name": "https://schema.org/description"}], "name": "x"}}`, OverrideError{Null: true}},
		"a base IRI": {`{"@context": [` + ctx + `, {"@base": "https://issuer.example/"}], ` + body + `"name": "Bob"}`,
			OverrideError{Base: true}},
	} {
		_, err := Canonicalize(decodeJSON(t, c.doc))
		var oe *OverrideError
		if !errors.As(err, &oe) || *oe != c.want {
			t.Errorf("%s: got %v, want %+v", name, err, c.want)
		}
	}
	// A term of its own is fine.
	for _, extra := range []string{`{"myScore": "https://issuer.example/vocab#myScore"}`} {
		doc := decodeJSON(t, `{"@context": [`+ctx+`, `+extra+`], `+body+`"name": "Bob"}`)
		if _, err := Canonicalize(doc); err != nil {
			t.Errorf("%s: %v", extra, err)
		}
	}
}

func mustBundled(t *testing.T) *Loader {
	t.Helper()
	l, err := Bundled()
	if err != nil {
		t.Fatal(err)
	}
	return l
}
