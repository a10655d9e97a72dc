package verify_test

import (
	"context"
	"crypto/ed25519"
	"encoding/json"
	"fmt"
	"maps"
	"strings"
	"testing"
	"time"

	"github.com/learnerwallet/learnerwallet/wallet/check"
	"github.com/learnerwallet/learnerwallet/wallet/di"
	"github.com/learnerwallet/learnerwallet/wallet/did"
	"github.com/learnerwallet/learnerwallet/wallet/verify"
)

// tamperBase is a fully valid OB 3.0 credential whose key is its issuer's
// did:key: it verifies offline, so every failure below is the tampering's.
const tamperBase = "ob3/dcc-verifier-core/v2/v2NoStatus.json"

var tamperNow = time.Date(2026, 6, 1, 12, 0, 0, 0, time.UTC)

func tamperVerifier() *verify.Verifier {
	return &verify.Verifier{Now: func() time.Time { return tamperNow }}
}

// tamperDoc returns the base credential decoded, a fresh copy each time.
func tamperDoc(t *testing.T) map[string]any {
	t.Helper()
	var doc map[string]any
	if err := json.Unmarshal(example(t, tamperBase), &doc); err != nil {
		t.Fatal(err)
	}
	return doc
}

// jsonPath is a way into decoded JSON: object keys and array indexes.
type jsonPath []any

func (p jsonPath) String() string {
	var b strings.Builder
	for _, s := range p {
		switch s := s.(type) {
		case string:
			b.WriteString("." + s)
		case int:
			fmt.Fprintf(&b, "[%d]", s)
		}
	}
	return b.String()
}

// walkJSON calls f with the path of every value under v, v's own first.
func walkJSON(v any, path jsonPath, f func(jsonPath, any)) {
	f(path, v)
	switch x := v.(type) {
	case map[string]any:
		for k, e := range x {
			walkJSON(e, append(path[:len(path):len(path)], k), f)
		}
	case []any:
		for i, e := range x {
			walkJSON(e, append(path[:len(path):len(path)], i), f)
		}
	}
}

// parentOf returns the object or array holding the value at path in doc.
func parentOf(doc any, path jsonPath) any {
	v := doc
	for _, s := range path[:len(path)-1] {
		switch s := s.(type) {
		case string:
			v = v.(map[string]any)[s]
		case int:
			v = v.([]any)[s]
		}
	}
	return v
}

// setAt replaces the value at path in doc.
func setAt(doc any, path jsonPath, val any) {
	switch p := parentOf(doc, path).(type) {
	case map[string]any:
		p[path[len(path)-1].(string)] = val
	case []any:
		p[path[len(path)-1].(int)] = val
	}
}

// changes are different strings of the same kind as s.
func changes(s string) []string {
	out := []string{s + "x", "", strings.ToUpper(s)}
	if s != "" {
		last := s[len(s)-1]
		other := byte('a')
		if last == 'a' {
			other = 'b'
		}
		out = append(out, s[:len(s)-1]+string(other), s[1:])
	}
	var distinct []string
	for _, c := range out {
		if c != s {
			distinct = append(distinct, c)
		}
	}
	return distinct
}

func TestTamperBaseIsValid(t *testing.T) {
	rep := tamperVerifier().Bytes(context.Background(), example(t, tamperBase))
	if !rep.Valid() {
		t.Fatalf("the untouched credential: %s", verify.Headline(rep))
	}
}

// TestTamperEveryString changes each string anywhere in the credential,
// the proof's included, one at a time: none of the results is valid.
func TestTamperEveryString(t *testing.T) {
	ctx := context.Background()
	v := tamperVerifier()
	type str struct {
		path jsonPath
		val  string
	}
	var strs []str
	walkJSON(tamperDoc(t), nil, func(p jsonPath, val any) {
		if s, ok := val.(string); ok {
			strs = append(strs, str{p, s})
		}
	})
	if len(strs) < 20 {
		t.Fatalf("only %d strings found", len(strs))
	}
	tried := 0
	for _, s := range strs {
		for _, changed := range changes(s.val) {
			doc := tamperDoc(t)
			setAt(doc, s.path, changed)
			rep := v.Bytes(ctx, mustMarshal(t, doc))
			tried++
			if rep.Valid() {
				t.Errorf("%s changed from %q to %q: still %s", s.path, s.val, changed, rep.Verdict)
				continue
			}
			if sig, _ := reportCheck(rep, check.Signature); sig.Status == check.Pass {
				t.Errorf("%s changed from %q to %q: the signature still passes (%s)", s.path, s.val, changed, rep.Verdict)
			}
		}
	}
	t.Logf("%d strings, %d changes, none valid", len(strs), tried)
}

// TestTamperEveryKey renames each member name anywhere in the credential.
func TestTamperEveryKey(t *testing.T) {
	ctx := context.Background()
	v := tamperVerifier()
	var paths []jsonPath
	walkJSON(tamperDoc(t), nil, func(p jsonPath, _ any) {
		if len(p) > 0 {
			if _, ok := p[len(p)-1].(string); ok {
				paths = append(paths, p)
			}
		}
	})
	for _, p := range paths {
		doc := tamperDoc(t)
		parent := parentOf(doc, p).(map[string]any)
		key := p[len(p)-1].(string)
		parent[key+"s"] = parent[key]
		delete(parent, key)
		rep := v.Bytes(ctx, mustMarshal(t, doc))
		if rep.Valid() {
			t.Errorf("%s renamed to %ss: still %s", p, key, rep.Verdict)
		}
	}
}

// TestTamperUndefinedTerm: a property the contexts do not define is not
// covered by the signature (JSON-LD drops it); it makes the credential
// invalid, and the signature check names it.
func TestTamperUndefinedTerm(t *testing.T) {
	ctx := context.Background()
	v := tamperVerifier()
	for _, c := range []struct {
		where string
		add   func(doc map[string]any)
		term  string
	}{
		{"top level", func(doc map[string]any) { doc["honoursGrade"] = "First" }, "honoursGrade"},
		{"credentialSubject", func(doc map[string]any) {
			doc["credentialSubject"].(map[string]any)["extraCredit"] = "A+"
		}, "extraCredit"},
		{"achievement", func(doc map[string]any) {
			doc["credentialSubject"].(map[string]any)["achievement"].(map[string]any)["level"] = "expert"
		}, "level"},
		{"issuer", func(doc map[string]any) { doc["issuer"].(map[string]any)["verified"] = true }, "verified"},
	} {
		t.Run(c.where, func(t *testing.T) {
			doc := tamperDoc(t)
			c.add(doc)
			rep := v.Bytes(ctx, mustMarshal(t, doc))
			if rep.Verdict != verify.NotValid {
				t.Errorf("verdict %q: %s", rep.Verdict, verify.Headline(rep))
			}
			sig, _ := reportCheck(rep, check.Signature)
			if sig.Status != check.Fail || sig.Reason != verify.SignatureUndefinedTerms || sig.Args.Value != c.term || !strings.Contains(verify.Describe(sig), c.term) {
				t.Errorf("signature check %s %s: %q does not name %q", sig.Status, sig.Reason, verify.Describe(sig), c.term)
			}
		})
	}
}

// TestTamperIssuer: another issuer's name on the credential, or the
// credential signed again by someone else's key, is not valid.
func TestTamperIssuer(t *testing.T) {
	ctx := context.Background()
	v := tamperVerifier()
	pub, priv, err := ed25519.GenerateKey(nil)
	if err != nil {
		t.Fatal(err)
	}
	other := did.KeyDID(pub)
	mb := strings.TrimPrefix(other, "did:key:")

	// Another did:key as issuer, the proof unchanged.
	doc := tamperDoc(t)
	doc["issuer"].(map[string]any)["id"] = other
	rep := v.Bytes(ctx, mustMarshal(t, doc))
	if rep.Verdict != verify.NotValid {
		t.Errorf("issuer swapped: %s", verify.Headline(rep))
	}

	// ...and the proof's key swapped to it too, the signature left alone.
	proof := doc["proof"].(map[string]any)
	proof["verificationMethod"] = other + "#" + mb
	rep = v.Bytes(ctx, mustMarshal(t, doc))
	if rep.Verdict != verify.NotValid {
		t.Errorf("issuer and key swapped: %s", verify.Headline(rep))
	}

	// Someone signs the original credential again with their own key: the
	// signature is genuine, but not the issuer's.
	doc = tamperDoc(t)
	delete(doc, "proof")
	resigned, err := di.Sign(doc, priv, map[string]any{"verificationMethod": other + "#" + mb})
	if err != nil {
		t.Fatal(err)
	}
	rep = v.Bytes(ctx, mustMarshal(t, resigned))
	if rep.Verdict != verify.NotValid {
		t.Errorf("signed by another key: %s", verify.Headline(rep))
	}
	if c, ok := reportCheck(rep, check.IssuerKey); ok && c.Status == check.Pass {
		t.Errorf("signed by another key: the issuer key passes: %s", verify.Describe(c))
	}

	// The control: signed again with another key and issued by its did:key,
	// it verifies (a new credential of a new issuer).
	doc = tamperDoc(t)
	delete(doc, "proof")
	issuer := maps.Clone(doc["issuer"].(map[string]any))
	issuer["id"] = other
	doc["issuer"] = issuer
	resigned, err = di.Sign(doc, priv, map[string]any{"verificationMethod": other + "#" + mb})
	if err != nil {
		t.Fatal(err)
	}
	if rep := v.Bytes(ctx, mustMarshal(t, resigned)); !rep.Valid() {
		t.Errorf("re-issued by %s: %s", other, verify.Headline(rep))
	}
}
