package oid4vptest

import (
	"crypto/ed25519"
	"crypto/rand"
	"encoding/json"
	"testing"

	"github.com/learnerwallet/learnerwallet/wallet/wallettest"
)

// IssueCLR returns template (a VCDM 2.0 ClrCredential's JSON) issued to
// holderDID by a did:key issuer of its own, with the first n credentials
// nested in it kept, each of them issued to holderDID and signed too: a
// record whose courses can be presented on their own, holder-bound.
func IssueCLR(t testing.TB, template []byte, holderDID string, n int) []byte {
	t.Helper()
	_, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	signer := wallettest.NewKeyIssuer(priv)
	var clr map[string]any
	if err := json.Unmarshal(template, &clr); err != nil {
		t.Fatal(err)
	}
	reissue := func(doc map[string]any) map[string]any {
		delete(doc, "proof")
		if iss, ok := doc["issuer"].(map[string]any); ok {
			iss["id"] = signer.DID
		} else {
			doc["issuer"] = signer.DID
		}
		doc["credentialSubject"].(map[string]any)["id"] = holderDID
		return signer.Sign(t, doc, "2026-12-01T00:00:00Z")
	}
	subject := clr["credentialSubject"].(map[string]any)
	nested := subject["verifiableCredential"].([]any)
	var kept []any
	for _, c := range nested[:min(n, len(nested))] {
		kept = append(kept, reissue(c.(map[string]any)))
	}
	subject["verifiableCredential"] = kept
	b, err := json.Marshal(reissue(clr))
	if err != nil {
		t.Fatal(err)
	}
	return b
}
