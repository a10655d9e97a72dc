package ld

import (
	"bytes"
	"encoding/json"
	"errors"
	"testing"
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
	var je *Error
	if !errors.As(err, &je) || je.Code != "protected term redefinition" {
		t.Fatalf("got %v, want a protected term redefinition\n%s", err, got)
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
