package di

import (
	"context"
	"crypto/ed25519"
	"encoding/json"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	didpkg "github.com/learnerwallet/learnerwallet/wallet/did"
	"github.com/learnerwallet/learnerwallet/wallet/fetch"
	"github.com/learnerwallet/learnerwallet/wallet/ld"
)

var fragmentKeys = &didpkg.Resolver{FragmentKeys: true}

func simple(t testing.TB) map[string]any {
	return loadExample(t, filepath.Join(testdata, "examples", "ob3/validator/simple.json"))
}

// deepCopy copies a JSON value.
func deepCopy(v any) any {
	b, _ := json.Marshal(v)
	var out any
	_ = json.Unmarshal(b, &out)
	return out
}

// stringPaths lists the path of every string value in v.
func stringPaths(v any, path []any, out *[][]any) {
	switch x := v.(type) {
	case string:
		*out = append(*out, append([]any{}, path...))
	case []any:
		for i, e := range x {
			stringPaths(e, append(path, i), out)
		}
	case map[string]any:
		for k, e := range x {
			stringPaths(e, append(path, k), out)
		}
	}
}

// edit replaces the string at path in doc with change(old).
func edit(doc any, path []any, change func(string) string) {
	parent := doc
	for _, step := range path[:len(path)-1] {
		switch s := step.(type) {
		case string:
			parent = parent.(map[string]any)[s]
		case int:
			parent = parent.([]any)[s]
		}
	}
	switch s := path[len(path)-1].(type) {
	case string:
		m := parent.(map[string]any)
		m[s] = change(m[s].(string))
	case int:
		l := parent.([]any)
		l[s] = change(l[s].(string))
	}
}

func TestEveryChangedStringInvalidates(t *testing.T) {
	original := simple(t)
	if r := Verify(context.Background(), original, Options{Resolver: fragmentKeys}); r[0].Outcome != Valid {
		t.Fatalf("simple.json itself: %v %v", r[0].Outcome, r[0].Err)
	}
	var paths [][]any
	stringPaths(original, nil, &paths)
	if len(paths) < 20 {
		t.Fatalf("only %d strings", len(paths))
	}
	changes := map[string]func(string) string{
		"append": func(s string) string { return s + "x" },
		"case": func(s string) string {
			if s == "" {
				return s
			}
			return strings.ToUpper(s[:1]) + s[1:]
		},
		"replace": func(s string) string { return "tampered" },
	}
	for _, path := range paths {
		for name, change := range changes {
			doc := deepCopy(original).(map[string]any)
			var before string
			edit(doc, path, func(s string) string { before = s; return change(s) })
			if change(before) == before {
				continue // the change changes nothing here
			}
			r := Verify(context.Background(), doc, Options{Resolver: fragmentKeys})
			inProof := path[0] == "proof"
			if len(r) != 1 || r[0].Outcome == Valid || (!inProof && r[0].Outcome != Invalid) {
				t.Errorf("%s %v (%q): %v %v", name, path, before, r[0].Outcome, r[0].Err)
			}
		}
	}
}

func TestAddedOrRemovedPropertiesInvalidate(t *testing.T) {
	for name, change := range map[string]func(doc map[string]any){
		"undefined top-level property": func(d map[string]any) { d["unsignedNote"] = "trust me" },
		"undefined subject property": func(d map[string]any) {
			d["credentialSubject"].(map[string]any)["grade"] = "A+"
		},
		"undefined achievement property": func(d map[string]any) {
			d["credentialSubject"].(map[string]any)["achievement"].(map[string]any)["level"] = "expert"
		},
	} {
		doc := simple(t)
		change(doc)
		r := Verify(context.Background(), doc, Options{Resolver: fragmentKeys})
		var ue *ld.UndefinedTermError
		if r[0].Outcome != Invalid || !errors.As(r[0].Err, &ue) {
			t.Errorf("%s: %v %v", name, r[0].Outcome, r[0].Err)
		}
	}
	// A defined property added or one removed: the signature fails.
	for name, change := range map[string]func(doc map[string]any){
		"defined property added": func(d map[string]any) { d["description"] = "added later" },
		"property removed":       func(d map[string]any) { delete(d, "name") },
	} {
		doc := simple(t)
		change(doc)
		if r := Verify(context.Background(), doc, Options{Resolver: fragmentKeys}); r[0].Outcome != Invalid || !errors.Is(r[0].Err, ErrSignature) {
			t.Errorf("%s: %v %v", name, r[0].Outcome, r[0].Err)
		}
	}
}

// holder is a did:key holder for signing tests.
type holder struct {
	key ed25519.PrivateKey
	did string
	vm  string
}

func newHolder(t testing.TB) holder {
	pub, priv, err := ed25519.GenerateKey(nil)
	if err != nil {
		t.Fatal(err)
	}
	d := didpkg.KeyDID(pub)
	return holder{priv, d, d + "#" + strings.TrimPrefix(d, "did:key:")}
}

func TestSignVerifyRoundTrip(t *testing.T) {
	issuer := newHolder(t)
	cred := without(simple(t), "proof")
	cred["issuer"] = map[string]any{"id": issuer.did, "type": []any{"Profile"}, "name": "Self"}
	signed, err := Sign(cred, issuer.key, map[string]any{"verificationMethod": issuer.vm})
	if err != nil {
		t.Fatal(err)
	}
	if _, had := cred["proof"]; had {
		t.Error("Sign changed its input")
	}
	r := Verify(context.Background(), signed, Options{})
	wantValid(t, r, 1)
	if !r[0].Bound || r[0].Cryptosuite != "eddsa-rdfc-2022" {
		t.Errorf("%+v", r[0])
	}

	// A second proof by another key makes a proof set; each is judged.
	other := newHolder(t)
	twice, err := Sign(signed, other.key, map[string]any{"verificationMethod": other.vm})
	if err != nil {
		t.Fatal(err)
	}
	r = Verify(context.Background(), twice, Options{})
	if len(r) != 2 || r[0].Outcome != Valid || r[1].Outcome != Invalid || !errors.Is(r[1].Err, ErrKeyOwner) {
		t.Errorf("proof set: %+v", r)
	}

	// A presentation by the holder, for a verifier's challenge and domain.
	h := newHolder(t)
	vp := map[string]any{
		"@context":             []any{"https://www.w3.org/ns/credentials/v2"},
		"type":                 []any{"VerifiablePresentation"},
		"holder":               h.did,
		"verifiableCredential": []any{signed},
	}
	expires := time.Now().Add(time.Hour).UTC().Format(time.RFC3339)
	svp, err := Sign(vp, h.key, map[string]any{"verificationMethod": h.vm, "proofPurpose": "authentication",
		"challenge": "c-123", "domain": "https://verifier.example", "expires": expires})
	if err != nil {
		t.Fatal(err)
	}
	good := Options{Purpose: "authentication", Challenge: "c-123", Domain: "https://verifier.example"}
	wantValid(t, Verify(context.Background(), svp, good), 1)
	for name, c := range map[string]struct {
		opts Options
		err  error
	}{
		"wrong challenge":   {Options{Purpose: "authentication", Challenge: "c-999"}, ErrPurpose},
		"wrong domain":      {Options{Purpose: "authentication", Domain: "https://other.example"}, ErrPurpose},
		"as a credential":   {Options{}, ErrPurpose},
		"another holder":    {Options{Purpose: "authentication", Controller: issuer.did}, ErrKeyOwner},
		"after it expired":  {Options{Purpose: "authentication", Now: time.Now().Add(2 * time.Hour)}, nil},
		"tampered VP claim": {good, ErrSignature},
	} {
		doc := svp
		if name == "tampered VP claim" {
			doc = deepCopy(svp).(map[string]any)
			doc["holder"] = other.did
		}
		r := Verify(context.Background(), doc, c.opts)
		if r[0].Outcome != Invalid || (c.err != nil && !errors.Is(r[0].Err, c.err)) {
			t.Errorf("%s: %v %v", name, r[0].Outcome, r[0].Err)
		}
	}
	// An undefined term inside the presented credential breaks the VP proof.
	bad := deepCopy(svp).(map[string]any)
	bad["verifiableCredential"].([]any)[0].(map[string]any)["sneaky"] = "x"
	var ue *ld.UndefinedTermError
	if r := Verify(context.Background(), bad, good); r[0].Outcome != Invalid || !errors.As(r[0].Err, &ue) || ue.Term != "sneaky" {
		t.Errorf("undefined term in a presented credential: %v %v", r[0].Outcome, r[0].Err)
	}
}

func TestSignRefuses(t *testing.T) {
	h := newHolder(t)
	doc := without(simple(t), "proof")
	for name, c := range map[string]struct {
		key   ed25519.PrivateKey
		proof map[string]any
	}{
		"short key":        {h.key[:32], map[string]any{"verificationMethod": h.vm}},
		"no method":        {h.key, map[string]any{}},
		"other suite":      {h.key, map[string]any{"verificationMethod": h.vm, "cryptosuite": "ecdsa-rdfc-2019"}},
		"bad created":      {h.key, map[string]any{"verificationMethod": h.vm, "created": "yesterday"}},
		"undefined option": {h.key, map[string]any{"verificationMethod": h.vm, "note": "x"}},
	} {
		if _, err := Sign(doc, c.key, c.proof); err == nil {
			t.Errorf("%s: signed", name)
		}
	}
	if _, err := Sign(map[string]any{"@context": []any{"https://unknown.example/ctx"}}, h.key, map[string]any{"verificationMethod": h.vm}); err == nil {
		t.Error("signed a document with an unknown context")
	}
}

func TestVerifyOddProofs(t *testing.T) {
	doc := without(simple(t), "proof")
	if r := Verify(context.Background(), doc, Options{}); r != nil {
		t.Errorf("no proof: %+v", r)
	}
	base := simple(t)["proof"].([]any)[0].(map[string]any)
	cases := map[string]struct {
		proof   any
		outcome Outcome
	}{
		"not an object":        {"proof", Invalid},
		"no type":              {without(base, "type"), Unsupported},
		"no cryptosuite":       {without(base, "cryptosuite"), Unsupported},
		"no proofValue":        {without(base, "proofValue"), Invalid},
		"base64 proofValue":    {with(base, "proofValue", "uAAAA"), Invalid},
		"short signature":      {with(base, "proofValue", "z3yMApqCuCjXDWPrbjfR5mjCPTHqFG8Pux1TxQrEM35jj"), Invalid},
		"no purpose":           {without(base, "proofPurpose"), Invalid},
		"no method":            {without(base, "verificationMethod"), Invalid},
		"bad created":          {with(base, "created", "2010-01-01"), Invalid},
		"expired":              {with(base, "expires", "2011-01-01T00:00:00Z"), Invalid},
		"unresolvable did:web": {with(base, "verificationMethod", "did:web:example.com#key-1"), Unresolvable},
		// {"id": X} and "X" are the same statement once canonicalized.
		"method as an object": {with(base, "verificationMethod", map[string]any{"id": base["verificationMethod"]}), Valid},
	}
	for name, c := range cases {
		d := without(doc)
		d["proof"] = c.proof
		r := Verify(context.Background(), d, Options{Resolver: fragmentKeys})
		if len(r) != 1 || r[0].Outcome != c.outcome || (r[0].Err == nil) != (c.outcome == Valid) {
			t.Errorf("%s: %+v", name, r)
		}
	}
	// A verificationMethod that is unresolvable in a proof that is otherwise
	// intact: the signature is not over that method, so canonicalization
	// still succeeds, and the key cannot be found.
	d := without(doc)
	d["proof"] = base
	r := Verify(context.Background(), d, Options{Resolver: &didpkg.Resolver{Fetcher: fetch.Nowhere{}}})
	if r[0].Outcome != Unresolvable || !errors.Is(r[0].Err, fetch.ErrOffline) {
		t.Errorf("offline without the shortcut: %v %v", r[0].Outcome, r[0].Err)
	}
}

func with(m map[string]any, k string, v any) map[string]any {
	out := without(m)
	out[k] = v
	return out
}

func ExampleVerify() {
	b := []byte(`{"@context":["https://www.w3.org/ns/credentials/v2","https://www.w3.org/ns/credentials/examples/v2"],
	"id":"urn:uuid:58172aac-d8ba-11ed-83dd-0b3aef56cc33","type":["VerifiableCredential","AlumniCredential"],
	"name":"Alumni Credential","description":"A minimum viable example of an Alumni Credential.",
	"issuer":"https://vc.example/issuers/5678","validFrom":"2023-01-01T00:00:00Z",
	"credentialSubject":{"id":"did:example:abcdefgh","alumniOf":"The School of Examples"},
	"proof":{"type":"DataIntegrityProof","cryptosuite":"eddsa-rdfc-2022","created":"2023-02-24T23:36:38Z",
	"verificationMethod":"did:key:z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2#z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2",
	"proofPurpose":"assertionMethod",
	"proofValue":"z2YwC8z3ap7yx1nZYCg4L3j3ApHsF8kgPdSb5xoS1VR7vPG3F561B52hYnQF9iseabecm3ijx4K1FBTQsCZahKZme"}}`)
	var doc map[string]any
	_ = json.Unmarshal(b, &doc)
	// The W3C test credential names an issuer that does not control the
	// key: the signature holds, but nothing ties the key to the issuer.
	for _, r := range Verify(context.Background(), doc, Options{}) {
		fmt.Println(r.Cryptosuite, r.Outcome, "bound:", r.Bound)
	}
	// Naming the key's controller instead:
	for _, r := range Verify(context.Background(), doc, Options{Controller: "did:key:z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2"}) {
		fmt.Println(r.Cryptosuite, r.Outcome, "bound:", r.Bound)
	}
	// Output:
	// eddsa-rdfc-2022 valid bound: false
	// eddsa-rdfc-2022 valid bound: true
}
