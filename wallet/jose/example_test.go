package jose_test

import (
	"context"
	"crypto/ed25519"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/lestrrat-go/jwx/v2/jwa"
	"github.com/lestrrat-go/jwx/v2/jws"

	"github.com/learnerwallet/learnerwallet/wallet/did"
	"github.com/learnerwallet/learnerwallet/wallet/jose"
)

func ExampleVerifyCredential() {
	// An issuer whose identifier is its did:key (TEST-ONLY key).
	priv := ed25519.NewKeyFromSeed(make([]byte, ed25519.SeedSize))
	issuer := did.KeyDID(priv.Public().(ed25519.PublicKey))
	payload, _ := json.Marshal(map[string]any{
		"@context":          []string{"https://www.w3.org/ns/credentials/v2", "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"},
		"type":              []string{"VerifiableCredential", "OpenBadgeCredential"},
		"issuer":            map[string]any{"id": issuer, "type": "Profile", "name": "Example College"},
		"validFrom":         "2024-01-01T00:00:00Z",
		"credentialSubject": map[string]any{"type": "AchievementSubject", "identifier": []any{}},
		"iss":               issuer,
		"nbf":               1704067200,
	})
	h := jws.NewHeaders()
	_ = h.Set("kid", issuer+"#"+strings.TrimPrefix(issuer, "did:key:"))
	compact, _ := jws.Sign(payload, jws.WithKey(jwa.EdDSA, priv, jws.WithProtectedHeaders(h)))

	res, err := jose.VerifyCredential(context.Background(), string(compact), jose.Options{Keys: &did.Resolver{}})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(res.VCDM, res.Alg, (res.KeyBinding != ""), res.ValidFrom.Format("2006-01-02"))
	// Output: 2.0 EdDSA true 2024-01-01
}
