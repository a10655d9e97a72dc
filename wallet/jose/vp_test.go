package jose_test

import (
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"encoding/base64"
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/lestrrat-go/jwx/v2/jwa"
	"github.com/lestrrat-go/jwx/v2/jws"

	"github.com/learnerwallet/learnerwallet/wallet/did"
	"github.com/learnerwallet/learnerwallet/wallet/jose"
)

// vpSign signs payload as a VP-JWT with priv, kid naming pub's did:key.
func vpSign(t *testing.T, priv ed25519.PrivateKey, kid string, payload map[string]any) string {
	t.Helper()
	b, err := json.Marshal(payload)
	if err != nil {
		t.Fatal(err)
	}
	h := jws.NewHeaders()
	_ = h.Set("typ", "vp+jwt")
	_ = h.Set("kid", kid)
	out, err := jws.Sign(b, jws.WithKey(jwa.EdDSA, priv, jws.WithProtectedHeaders(h)))
	if err != nil {
		t.Fatal(err)
	}
	return string(out)
}

func vpKey(t *testing.T) (ed25519.PrivateKey, string, string) {
	t.Helper()
	pub, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	d := did.KeyDID(pub)
	return priv, d, d + "#" + strings.TrimPrefix(d, "did:key:")
}

func TestVerifyPresentation(t *testing.T) {
	priv, holder, kid := vpKey(t)
	otherPriv, _, _ := vpKey(t)
	opts := jose.Options{Keys: &did.Resolver{}}
	v2 := func() map[string]any {
		return map[string]any{
			"@context": []any{v2Ctx}, "type": []any{"VerifiablePresentation"},
			"holder": holder, "iss": holder, "aud": "https://employer.example", "nonce": "n-1",
			"iat": 1700000000, "exp": 1900000000, "verifiableCredential": []any{},
		}
	}
	v1 := map[string]any{
		"iss": holder, "aud": []any{"a", "https://employer.example"}, "nonce": "n-1",
		"vp": map[string]any{"@context": []any{v1Ctx}, "type": []any{"VerifiablePresentation"}, "verifiableCredential": []any{}},
	}
	for _, p := range []map[string]any{v2(), v1} {
		r, err := jose.VerifyPresentation(context.Background(), vpSign(t, priv, kid, p), opts)
		if err != nil {
			t.Fatal(err)
		}
		if r.Holder != holder || r.Nonce != "n-1" || !contains(r.Audience, "https://employer.example") || r.Alg != "EdDSA" {
			t.Errorf("result %+v", r)
		}
	}

	otherHolder := v2()
	otherHolder["holder"] = "did:key:z6MkSomeoneElse"
	credential := v2()
	credential["type"] = []any{"VerifiableCredential"}
	wrongIss := v2()
	wrongIss["iss"], wrongIss["holder"] = "did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK", "did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK"
	tampered := vpSign(t, priv, kid, v2())
	parts := strings.Split(tampered, ".")
	body := v2()
	body["nonce"] = "n-2"
	b, _ := json.Marshal(body)
	parts[1] = base64.RawURLEncoding.EncodeToString(b)

	none := base64.RawURLEncoding.EncodeToString([]byte(`{"alg":"none","kid":"`+kid+`"}`)) + "." + parts[1] + "."
	for name, tc := range map[string]struct {
		token string
		kind  jose.Kind
	}{
		"other holder":    {vpSign(t, priv, kid, otherHolder), jose.Mismatch},
		"not a VP":        {vpSign(t, priv, kid, credential), jose.Malformed},
		"other key":       {vpSign(t, otherPriv, kid, v2()), jose.Forged},
		"kid not of iss":  {vpSign(t, priv, kid, wrongIss), jose.NotOwner},
		"tampered":        {strings.Join(parts, "."), jose.Forged},
		"alg none":        {none, jose.Refused},
		"not a DID kid":   {vpSign(t, priv, "key-1", v2()), jose.Unresolvable},
		"only two parts":  {parts[0] + "." + parts[1], jose.Malformed},
		"VC-JWT as a VP":  {vpSign(t, priv, kid, map[string]any{"iss": holder, "vc": map[string]any{}}), jose.Malformed},
		"unsupported did": {vpSign(t, priv, "did:ion:abc#k", v2()), jose.Unsupported},
	} {
		t.Run(name, func(t *testing.T) {
			_, err := jose.VerifyPresentation(context.Background(), tc.token, opts)
			var je *jose.Error
			if !errors.As(err, &je) || je.Kind != tc.kind {
				t.Fatalf("got %v, want a %v error", err, tc.kind)
			}
		})
	}
}

func contains(ss []string, s string) bool {
	for _, e := range ss {
		if e == s {
			return true
		}
	}
	return false
}
