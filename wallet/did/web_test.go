package did

import (
	"context"
	"crypto/ed25519"
	"encoding/base64"
	"encoding/json"
	"errors"
	"os"
	"testing"

	"github.com/learnerwallet/learnerwallet/wallet/fetch"
)

const dccKey = "z6MknNQD1WHLGGraFi6zcbGevuAgkVfdyCdtZnQTGWVVvR5Q"

func mustRead(t *testing.T, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func mustJSON(v any) []byte {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err)
	}
	return b
}

func TestDIDWebDocuments(t *testing.T) {
	pub, _, _ := ed25519.GenerateKey(nil)
	mb, _ := EncodeMultikey(pub)
	jwkPub, _, _ := ed25519.GenerateKey(nil)
	const school = "did:web:school.example%3A8443:issuers:7"
	docs := &fetch.Map{Docs: map[string][]byte{
		"https://digitalcredentials.github.io/dcc-did-web/did.json":          mustRead(t, "../../testdata/network/did-web-dcc.json"),
		"https://digitalcredentials.github.io/dcc-did-web/multikey/did.json": mustRead(t, "../../testdata/network/did-web-dcc-multikey.json"),
		"https://school.example:8443/issuers/7/did.json": mustJSON(map[string]any{
			"@context": []any{"https://www.w3.org/ns/did/v1"},
			"id":       school,
			"verificationMethod": []any{
				map[string]any{"id": "#key-1", "type": "Multikey", "controller": school, "publicKeyMultibase": mb},
				map[string]any{"id": school + "#jwk", "type": "JsonWebKey2020", "controller": school, "publicKeyJwk": map[string]any{
					"kty": "OKP", "crv": "Ed25519", "x": base64.RawURLEncoding.EncodeToString(jwkPub)}},
				map[string]any{"id": "#unlisted", "type": "Multikey", "controller": school, "publicKeyMultibase": mb},
				map[string]any{"id": "#wrong-type", "type": "Ed25519VerificationKey2020", "controller": school,
					"publicKeyMultibase": "zDnaepBuvsQ8cpsWrVKw8fbpGpvPeNSjVPTWoq6cRqaYzBKVP"},
			},
			"assertionMethod": []any{"#key-1", school + "#jwk", "#wrong-type"},
			"authentication":  []any{"#jwk", map[string]any{"id": "#embedded", "type": "Multikey", "controller": school, "publicKeyMultibase": mb}},
		}),
		"https://liar.example/.well-known/did.json":   mustJSON(map[string]any{"id": "did:web:someone.else"}),
		"https://broken.example/.well-known/did.json": []byte("<html>"),
	}}
	r := &Resolver{Fetcher: docs}
	ctx := context.Background()

	for _, c := range []struct {
		id, controller string
		key            ed25519.PublicKey
		rels           []string
	}{
		{"did:web:digitalcredentials.github.io:dcc-did-web#" + dccKey, "did:web:digitalcredentials.github.io:dcc-did-web", nil, []string{"assertionMethod", "authentication"}},
		{"did:web:digitalcredentials.github.io:dcc-did-web:multikey#" + dccKey, "did:web:digitalcredentials.github.io:dcc-did-web:multikey", nil, []string{"assertionMethod"}},
		{school + "#key-1", school, pub, []string{"assertionMethod"}},
		{school + "#jwk", school, jwkPub, []string{"assertionMethod", "authentication"}},
		{school + "#embedded", school, pub, []string{"authentication"}},
		{school + "#unlisted", school, pub, nil},
	} {
		m, err := r.Method(ctx, c.id)
		if err != nil {
			t.Errorf("%s: %v", c.id, err)
			continue
		}
		if m.ID != c.id || m.Controller != c.controller || !m.Bound || len(m.Relationships) != len(c.rels) {
			t.Errorf("%s: %+v", c.id, m)
		}
		for _, rel := range c.rels {
			if !m.Has(rel) {
				t.Errorf("%s: not under %s", c.id, rel)
			}
		}
		if c.key != nil && !c.key.Equal(m.PublicKey) {
			t.Errorf("%s: wrong key", c.id)
		}
	}

	for id, want := range map[string]error{
		school + "#key-9":                                  ErrNotFound,
		school + "#wrong-type":                             ErrBadKey, // a P-256 key where Ed25519 is required
		"did:web:liar.example#key-1":                       ErrNotFound,
		"did:web:broken.example#key-1":                     ErrNotFound,
		"did:web:school.example:issuers:7#key-1":           &fetch.StatusError{}, // no port: a different DID, 404
		"did:web:example.com%3A#key":                       ErrBadDID,
		"did:web:digitalcredentials.github.io:dcc-did-web": nil, // bare DID, one key: fine
	} {
		_, err := r.Method(ctx, id)
		switch w := want.(type) {
		case nil:
			if err != nil {
				t.Errorf("%s: %v", id, err)
			}
		case *fetch.StatusError:
			var se *fetch.StatusError
			if !errors.As(err, &se) || se.Code != 404 {
				t.Errorf("%s: %v, want a 404", id, err)
			}
		default:
			if !errors.Is(err, w) {
				t.Errorf("%s: %v, want %v", id, err, w)
			}
		}
	}
	if n := docs.Calls("https://school.example:8443/issuers/7/did.json"); n == 0 {
		t.Error("the did:web document was never fetched")
	}

	offline := &Resolver{}
	if _, err := offline.Method(ctx, school+"#key-1"); !errors.Is(err, fetch.ErrOffline) {
		t.Errorf("without a fetcher: %v", err)
	}
	if _, err := (&Resolver{Fetcher: fetch.Nowhere{}}).Method(ctx, school+"#key-1"); !errors.Is(err, fetch.ErrOffline) {
		t.Errorf("offline fetcher: %v", err)
	}
}

func TestHTTPSMethods(t *testing.T) {
	pub, _, _ := ed25519.GenerateKey(nil)
	mb, _ := EncodeMultikey(pub)
	const issuer = "https://issuer.example/profile"
	const keyURL = "https://issuer.example/keys/1"
	docs := &fetch.Map{Docs: map[string][]byte{
		// A method published on its own, and the controller document listing it.
		keyURL: mustJSON(map[string]any{
			"@context": []any{"https://w3id.org/security/multikey/v1"},
			"id":       keyURL, "type": "Multikey", "controller": issuer, "publicKeyMultibase": mb,
		}),
		issuer: mustJSON(map[string]any{
			"id": issuer, "type": "Profile",
			"verificationMethod": []any{map[string]any{"id": issuer + "#key-2", "type": "Ed25519VerificationKey2020", "controller": issuer, "publicKeyMultibase": mb}},
			"assertionMethod":    []any{keyURL, "#key-2"},
		}),
		// A method whose controller does not list it.
		"https://issuer.example/keys/stray": mustJSON(map[string]any{
			"id": "https://issuer.example/keys/stray", "type": "Multikey", "controller": issuer, "publicKeyMultibase": mb,
		}),
		// A method claiming a controller that says it is someone else.
		"https://other.example/key": mustJSON(map[string]any{
			"id": "https://other.example/key", "type": "Multikey", "controller": "https://other.example/me", "publicKeyMultibase": mb,
		}),
		"https://other.example/me": mustJSON(map[string]any{"id": "https://other.example/not-me"}),
	}}
	r := &Resolver{Fetcher: docs}
	ctx := context.Background()

	for _, id := range []string{keyURL, issuer + "#key-2"} {
		m, err := r.Method(ctx, id)
		if err != nil {
			t.Fatalf("%s: %v", id, err)
		}
		if m.ID != id || m.Controller != issuer || !m.Has("assertionMethod") || m.Has("authentication") || !pub.Equal(m.PublicKey) {
			t.Errorf("%s: %+v", id, m)
		}
	}
	for id, want := range map[string]error{
		"https://issuer.example/keys/stray": ErrNotFound,
		"https://other.example/key":         ErrNotFound,
		issuer + "#key-3":                   ErrNotFound,
		issuer:                              ErrNotFound,
	} {
		if _, err := r.Method(ctx, id); !errors.Is(err, want) {
			t.Errorf("%s: %v, want %v", id, err, want)
		}
	}
	if _, err := r.Method(ctx, "https://nowhere.example/k#1"); err == nil {
		t.Error("a 404 resolved")
	}
}

func TestFragmentKeys(t *testing.T) {
	const base = "https://example.edu/issuers/565049"
	const id = base + "#z6MkjZRZv3aez3r18pB1RBFJR1kwUVJ5jHt92JmQwXbd5hwi"
	ctx := context.Background()
	// Offline: the key is read from the fragment, and is bound to nothing.
	m, err := (&Resolver{FragmentKeys: true}).Method(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	if m.Bound || !errors.Is(m.Unbound, fetch.ErrOffline) || m.Controller != base || m.ID != id || len(m.Relationships) != 0 {
		t.Errorf("offline: %+v", m)
	}
	if _, err := (&Resolver{FragmentKeys: true}).Method(ctx, "https://example.edu/issuers/565049#z6MkjZRsdasZv3aez3r18pB1RBFJR1kwUVJ5jHt92JmQwXbd5hwi"); !errors.Is(err, ErrBadKey) {
		t.Errorf("malformed fragment key: %v", err)
	}
	// The issuer's own document lists the key: now it is bound.
	listing := mustJSON(map[string]any{
		"id": base, "assertionMethod": []any{map[string]any{
			"id": id, "type": "Multikey", "controller": base,
			"publicKeyMultibase": "z6MkjZRZv3aez3r18pB1RBFJR1kwUVJ5jHt92JmQwXbd5hwi",
		}},
	})
	r := &Resolver{FragmentKeys: true, Fetcher: &fetch.Map{Docs: map[string][]byte{base: listing}}}
	if m, err := r.Method(ctx, id); err != nil || !m.Bound || !m.Has("assertionMethod") {
		t.Errorf("listed: %+v %v", m, err)
	}
	// A page that is not the issuer's controller document, or one listing
	// another key under that name, binds nothing.
	for name, doc := range map[string][]byte{
		"HTML":       []byte("<html>MIT</html>"),
		"other key":  mustJSON(map[string]any{"id": base, "assertionMethod": []any{map[string]any{"id": id, "type": "Multikey", "controller": base, "publicKeyMultibase": "z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK"}}}),
		"not listed": mustJSON(map[string]any{"id": base}),
		"other id":   mustJSON(map[string]any{"id": "https://evil.example/", "assertionMethod": []any{map[string]any{"id": id, "type": "Multikey", "controller": base, "publicKeyMultibase": "z6MkjZRZv3aez3r18pB1RBFJR1kwUVJ5jHt92JmQwXbd5hwi"}}}),
	} {
		r := &Resolver{FragmentKeys: true, Fetcher: &fetch.Map{Docs: map[string][]byte{base: doc}}}
		if m, err := r.Method(ctx, id); err != nil || m.Bound || m.Unbound == nil {
			t.Errorf("%s: %+v %v", name, m, err)
		}
	}
	// A urn: cannot publish anything: never bound.
	const urn = "urn:uuid:4ca4a241-fc3b-4d92-978e-f56fa96ae795#z6MkjZRZv3aez3r18pB1RBFJR1kwUVJ5jHt92JmQwXbd5hwi"
	if m, err := (&Resolver{FragmentKeys: true}).Method(ctx, urn); err != nil || m.Controller != "urn:uuid:4ca4a241-fc3b-4d92-978e-f56fa96ae795" || m.Bound || !errors.Is(m.Unbound, ErrNoDocument) {
		t.Errorf("urn:uuid: %+v %v", m, err)
	}
	// A DID is never taken from its fragment.
	if _, err := (&Resolver{FragmentKeys: true}).Method(ctx, "did:web:example.com#z6MkjZRZv3aez3r18pB1RBFJR1kwUVJ5jHt92JmQwXbd5hwi"); !errors.Is(err, fetch.ErrOffline) {
		t.Errorf("did:web with a key fragment: %v", err)
	}
	// Without the shortcut the key must come from the network.
	if _, err := (&Resolver{}).Method(ctx, id); !errors.Is(err, fetch.ErrOffline) {
		t.Errorf("without FragmentKeys: %v", err)
	}
}
