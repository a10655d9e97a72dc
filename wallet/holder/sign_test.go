package holder

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/lestrrat-go/jwx/v2/jwa"
	"github.com/lestrrat-go/jwx/v2/jwt"

	"github.com/learnerwallet/learnerwallet/wallet/di"
)

func TestSignJWT(t *testing.T) {
	k, _ := testKey(t)
	now := time.Date(2026, 5, 1, 12, 0, 0, 0, time.UTC)
	vp := map[string]any{"type": []any{"VerifiablePresentation"}, "holder": k.DID()}
	s, err := k.SignJWT(map[string]any{"iss": k.DID(), "nonce": "n", "iat": now, "exp": now.Add(time.Hour), "vp": vp},
		map[string]any{"typ": "vp+jwt"})
	if err != nil {
		t.Fatal(err)
	}
	tok, err := jwt.Parse([]byte(s), jwt.WithKey(jwa.EdDSA, k.Public()), jwt.WithClock(jwt.ClockFunc(func() time.Time { return now })))
	if err != nil {
		t.Fatal(err)
	}
	if tok.Issuer() != k.DID() {
		t.Errorf("iss = %q", tok.Issuer())
	}
	// A VCDM 2.0 presentation is the payload itself.
	if _, err := k.SignJWT(map[string]any{"iss": k.DID(), "type": "VerifiablePresentation", "holder": k.DID()}, nil); err != nil {
		t.Errorf("VCDM 2.0 payload: %v", err)
	}
	for _, c := range []map[string]any{
		{"type": "VerifiableCredential", "iss": k.DID()},
		{"type": "VerifiablePresentation", "vp": map[string]any{"type": "VerifiableCredential"}},
		{"vp": map[string]any{"type": "VerifiableCredential"}},
		{"vc": map[string]any{"type": "VerifiablePresentation"}},
		{"vp": map[string]any{"type": "VerifiablePresentation", "holder": "did:example:other"}},
		{"iss": "did:example:other", "vp": map[string]any{"type": "VerifiablePresentation"}},
	} {
		if _, err := k.SignJWT(c, nil); err == nil {
			t.Errorf("SignJWT(%v) signed", c)
		}
	}
}

func TestSignCredential(t *testing.T) {
	k, _ := testKey(t)
	clr := map[string]any{
		"@context": []any{"https://www.w3.org/ns/credentials/v2", "https://purl.imsglobal.org/spec/clr/v2p0/context-2.0.1.json",
			"https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"},
		"type":              []any{"VerifiableCredential", "ClrCredential"},
		"issuer":            map[string]any{"id": k.DID(), "type": []any{"Profile"}},
		"validFrom":         "2026-05-01T12:00:00Z",
		"credentialSubject": map[string]any{"id": k.DID(), "type": []any{"ClrSubject"}},
	}
	signed, err := k.SignCredential(clr, time.Date(2026, 5, 1, 12, 0, 0, 0, time.UTC))
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range di.Verify(context.Background(), signed, di.Options{}) {
		if r.Outcome != di.Valid {
			t.Errorf("proof: %v %v", r.Outcome, r.Err)
		}
	}
	other := map[string]any{"type": []any{"VerifiableCredential", "OpenBadgeCredential"}, "issuer": k.DID()}
	if _, err := k.SignCredential(other, time.Time{}); !errors.Is(err, ErrNotSelfIssuedCLR) {
		t.Errorf("signed an OpenBadgeCredential: %v", err)
	}
	clr["issuer"] = "did:example:other"
	if _, err := k.SignCredential(clr, time.Time{}); !errors.Is(err, ErrNotSelfIssuedCLR) {
		t.Errorf("signed another issuer's CLR: %v", err)
	}
}
