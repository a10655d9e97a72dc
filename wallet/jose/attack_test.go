package jose_test

import (
	"context"
	"crypto/ed25519"
	"crypto/hmac"
	"crypto/sha256"
	"crypto/x509"
	"encoding/base64"
	"encoding/json"
	"encoding/pem"
	"strings"
	"testing"

	"github.com/lestrrat-go/jwx/v2/jwa"

	"github.com/learnerwallet/learnerwallet/wallet/credential"
	"github.com/learnerwallet/learnerwallet/wallet/did"
	"github.com/learnerwallet/learnerwallet/wallet/jose"
)

// TestAlgorithms signs with every accepted algorithm, the key once in a
// jwk header and once behind a DID URL kid.
func TestAlgorithms(t *testing.T) {
	keys()
	tests := []struct {
		alg  jwa.SignatureAlgorithm
		priv any
		pub  any
	}{
		{jwa.RS256, rsaKey, &rsaKey.PublicKey},
		{jwa.PS256, rsaKey, &rsaKey.PublicKey},
		{jwa.ES256, p256Key, &p256Key.PublicKey},
		{jwa.ES384, p384Key, &p384Key.PublicKey},
		{jwa.EdDSA, edKey, edKey.Public()},
	}
	for _, tt := range tests {
		t.Run(tt.alg.String(), func(t *testing.T) {
			keys := resolver{issuerA: method(issuerA+"#key-1", tt.pub)}
			tok := sign(t, tt.alg, tt.priv, map[string]any{"kid": issuerA + "#key-1", "typ": "vc+jwt"}, cred2(issuerA))
			res, err := jose.VerifyCredential(context.Background(), tok, jose.Options{Keys: keys})
			if err != nil {
				t.Fatal(err)
			}
			if !(res.KeyBinding != "") || res.Alg != tt.alg.String() || res.Kid != issuerA+"#key-1" || res.VCDM != "2.0" {
				t.Errorf("%+v", res)
			}
			// The same key in a jwk header: the signature verifies, and the
			// key is tied to the issuer only because it is the DID's key.
			tok = sign(t, tt.alg, tt.priv, map[string]any{"jwk": tt.pub}, cred2(issuerA))
			res, err = jose.VerifyCredential(context.Background(), tok, jose.Options{Keys: keys})
			if err != nil {
				t.Fatal(err)
			}
			if !(res.KeyBinding != "") {
				t.Errorf("jwk equal to the issuer's DID key not confirmed: %s", res.KeyNote)
			}
			res, err = jose.VerifyCredential(context.Background(), tok, jose.Options{})
			if err != nil || (res.KeyBinding != "") {
				t.Errorf("without a resolver: %v, confirmed %v", err, (res.KeyBinding != ""))
			}
		})
	}
}

// TestVC11 checks the VCDM 1.1 form with a did:key kid.
func TestVC11(t *testing.T) {
	tok := sign(t, jwa.EdDSA, edKey, map[string]any{"kid": issuerA + "#key-1"}, cred11(issuerA))
	res, err := jose.VerifyCredential(context.Background(), tok, jose.Options{Keys: standard()})
	if err != nil {
		t.Fatal(err)
	}
	c := res.Credential
	if res.VCDM != "1.1" || c["id"] != credID || c["issuanceDate"] != validStr {
		t.Errorf("%v %v %v", res.VCDM, c["id"], c["issuanceDate"])
	}
	if cs, _ := c["credentialSubject"].(map[string]any); cs["id"] != subject {
		t.Errorf("subject %v", c["credentialSubject"])
	}
}

func b64(v any) string {
	b, _ := json.Marshal(v)
	return base64.RawURLEncoding.EncodeToString(b)
}

// TestAttacks: every one of these must be refused, and none may pass.
func TestAttacks(t *testing.T) {
	keys()
	good := sign(t, jwa.EdDSA, edKey, map[string]any{"kid": issuerA + "#key-1"}, cred2(issuerA))
	parts := strings.Split(good, ".")

	// Payload changed after signing: the issuer's name.
	changed := cred2(issuerA)
	changed["name"] = "Teamwork (with honours)"
	tampered := parts[0] + "." + b64(changed) + "." + parts[2]

	// HS256 keyed with the issuer's public key, the classic confusion.
	der, _ := x509.MarshalPKIXPublicKey(&rsaKey.PublicKey)
	pubPEM := pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: der})
	hsHeader := b64(map[string]any{"alg": "HS256", "kid": issuerA + "#key-1"})
	hsInput := hsHeader + "." + parts[1]
	mac := hmac.New(sha256.New, pubPEM)
	mac.Write([]byte(hsInput))
	hs256 := hsInput + "." + base64.RawURLEncoding.EncodeToString(mac.Sum(nil))

	withD := map[string]any{"kty": "OKP", "crv": "Ed25519",
		"x": base64.RawURLEncoding.EncodeToString([]byte(edKey.Public().(ed25519.PublicKey))),
		"d": base64.RawURLEncoding.EncodeToString(edKey.Seed())}

	tests := []struct {
		name string
		tok  string
		kind jose.Kind
		says string
	}{
		{"alg none", raw(map[string]any{"alg": "none"}, cred2(issuerA), nil), jose.Refused, "not signed at all"},
		{"alg NoNe", raw(map[string]any{"alg": "NoNe", "kid": issuerA + "#key-1"}, cred2(issuerA), nil), jose.Refused, "not signed"},
		{"alg none with a signature", raw(map[string]any{"alg": "none", "jwk": map[string]any{"kty": "OKP"}}, cred2(issuerA), []byte("x")), jose.Refused, "not signed"},
		{"HS256 with the public key as secret", hs256, jose.Refused, "shared secret"},
		{"HS512", raw(map[string]any{"alg": "HS512"}, cred2(issuerA), []byte("sig")), jose.Refused, "shared secret"},
		{"unknown alg", raw(map[string]any{"alg": "ES512"}, cred2(issuerA), []byte("sig")), jose.Unsupported, "ES512"},
		{"tampered payload", tampered, jose.Forged, "signature does not match"},
		{"signature of another token", parts[0] + "." + parts[1] + "." + strings.Split(sign(t, jwa.EdDSA, edKey, map[string]any{"kid": issuerA + "#key-1"}, cred2(issuerA+"x")), ".")[2], jose.Forged, "signature"},
		{"key of another issuer", sign(t, jwa.EdDSA, edKeyB, map[string]any{"kid": issuerB + "#key-1"}, cred2(issuerA)), jose.NotOwner, "issued by " + issuerA},
		{"another issuer's key under the issuer's kid", sign(t, jwa.EdDSA, edKeyB, map[string]any{"kid": issuerA + "#key-1"}, cred2(issuerA)), jose.Forged, "signature does not match"},
		{"jku", sign(t, jwa.EdDSA, edKey, map[string]any{"kid": issuerA + "#key-1", "jku": "https://evil.example/jwks.json"}, cred2(issuerA)), jose.Refused, "jku"},
		{"x5u", sign(t, jwa.EdDSA, edKey, map[string]any{"kid": issuerA + "#key-1", "x5u": "https://evil.example/cert.pem"}, cred2(issuerA)), jose.Refused, "x5u"},
		{"private key in jwk", raw(map[string]any{"alg": "EdDSA", "jwk": withD}, cred2(issuerA), []byte("s")), jose.Refused, "private key"},
		{"symmetric jwk", raw(map[string]any{"alg": "EdDSA", "jwk": map[string]any{"kty": "oct", "k": "c2VjcmV0"}}, cred2(issuerA), []byte("s")), jose.Refused, "secret"},
		{"crit", raw(map[string]any{"alg": "EdDSA", "kid": issuerA + "#key-1", "crit": []string{"exp"}}, cred2(issuerA), []byte("s")), jose.Refused, "crit"},
		{"ES256 header over an Ed25519 key", sign(t, jwa.ES256, p256Key, map[string]any{"kid": issuerA + "#key-1"}, cred2(issuerA)), jose.Forged, "Ed25519"},
		{"RS256 header with an EC jwk", raw(map[string]any{"alg": "RS256", "jwk": map[string]any{"kty": "EC", "crv": "P-256",
			"x": "f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU", "y": "x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0"}}, cred2(issuerA), []byte("s")), jose.Forged, "elliptic-curve"},
		{"unsupported DID method", sign(t, jwa.EdDSA, edKey, map[string]any{"kid": "did:ion:abc#k"}, cred2("did:ion:abc")), jose.Unsupported, "did:ion"},
		{"DID method the resolver lacks", sign(t, jwa.EdDSA, edKey, map[string]any{"kid": "did:web:example.com#k"}, cred2("did:web:example.com")), jose.Unresolvable, "could not be found"},
		{"kid that is no address", sign(t, jwa.EdDSA, edKey, map[string]any{"kid": "key-1"}, cred2("https://issuer.example")), jose.Unresolvable, "key-1"},
		{"not a JWT", "not.a", jose.Malformed, "three parts"},
		{"header not JSON", "bm90anNvbg." + b64(cred2(issuerA)) + ".c2ln", jose.Malformed, "header"},
		{"payload not JSON", b64(map[string]any{"alg": "EdDSA"}) + ".bm90anNvbg.c2ln", jose.Malformed, "payload"},
		{"presentation", sign(t, jwa.EdDSA, edKey, map[string]any{"kid": issuerA + "#key-1"}, map[string]any{"vp": map[string]any{}}), jose.Malformed, "presentation"},
		{"no credential", sign(t, jwa.EdDSA, edKey, map[string]any{"kid": issuerA + "#key-1"}, map[string]any{"iss": issuerA}), jose.Malformed, "does not carry a credential"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, err := jose.VerifyCredential(context.Background(), tt.tok, jose.Options{Keys: standard()})
			if err == nil {
				t.Fatalf("accepted: %+v", res)
			}
			if kindOf(err) != tt.kind || !strings.Contains(err.Error(), tt.says) {
				t.Errorf("err = %v; want kind %v saying %q", err, tt.kind, tt.says)
			}
		})
	}
}

// TestResolvedKeyRules: the resolved method must be the issuer's, for
// issuing credentials.
func TestResolvedKeyRules(t *testing.T) {
	keys()
	tok := sign(t, jwa.EdDSA, edKey, map[string]any{"kid": issuerA + "#key-1"}, cred2(issuerA))
	other := method(issuerA+"#key-1", edKey.Public())
	other.Controller = issuerB
	authOnly := method(issuerA+"#key-1", edKey.Public())
	authOnly.Relationships = []string{"authentication"}
	for name, tt := range map[string]struct {
		m    *did.Method
		kind jose.Kind
	}{
		"controlled by another": {other, jose.NotOwner},
		"not assertionMethod":   {authOnly, jose.NotOwner},
	} {
		_, err := jose.VerifyCredential(context.Background(), tok, jose.Options{Keys: resolver{issuerA + "#key-1": tt.m}})
		if kindOf(err) != tt.kind {
			t.Errorf("%s: %v", name, err)
		}
	}
	// The real resolver, with real did:key identifiers.
	realA := did.KeyDID(edKey.Public().(ed25519.PublicKey))
	realB := did.KeyDID(edKeyB.Public().(ed25519.PublicKey))
	fragA := realA + "#" + strings.TrimPrefix(realA, "did:key:")
	fragB := realB + "#" + strings.TrimPrefix(realB, "did:key:")
	res, err := jose.VerifyCredential(context.Background(), sign(t, jwa.EdDSA, edKey, map[string]any{"kid": fragA}, cred2(realA)), jose.Options{Keys: &did.Resolver{}})
	if err != nil || !(res.KeyBinding != "") {
		t.Errorf("real did:key: %v", err)
	}
	_, err = jose.VerifyCredential(context.Background(), sign(t, jwa.EdDSA, edKeyB, map[string]any{"kid": fragB}, cred2(realA)), jose.Options{Keys: &did.Resolver{}})
	if kindOf(err) != jose.NotOwner {
		t.Errorf("real did:key of another issuer: %v", err)
	}
	// A bare fragment kid names a method of the issuer's DID; no kid and no
	// jwk falls back to the issuer's DID.
	for _, hdr := range []map[string]any{{"kid": "#key-1"}, {}} {
		tok := sign(t, jwa.EdDSA, edKey, hdr, cred2(issuerA))
		if res, err := jose.VerifyCredential(context.Background(), tok, jose.Options{Keys: standard()}); err != nil || !(res.KeyBinding != "") {
			t.Errorf("header %v: %v", hdr, err)
		}
	}
}

// TestClaims: the registered claims must agree with the credential.
func TestClaims(t *testing.T) {
	keys()
	set := func(p map[string]any, k string, v any) map[string]any {
		if v == nil {
			delete(p, k)
		} else {
			p[k] = v
		}
		return p
	}
	vcWithV2 := cred11(issuerA)
	vcWithV2["vc"].(map[string]any)["@context"] = []any{v2Ctx}
	v2WithV1 := set(cred2(issuerA), "@context", []any{v1Ctx})
	tests := []struct {
		name    string
		payload map[string]any
		kind    jose.Kind // 0: accepted
	}{
		{"iss differs", set(cred2(issuerA), "iss", issuerB), jose.Mismatch},
		{"iss not a string", set(cred2(issuerA), "iss", 7), jose.Mismatch},
		{"sub differs", set(cred2(issuerA), "sub", "did:example:someone-else"), jose.Mismatch},
		{"jti differs", set(cred2(issuerA), "jti", "urn:uuid:other"), jose.Mismatch},
		{"nbf differs", set(cred2(issuerA), "nbf", validNbf+1), jose.Mismatch},
		{"nbf in milliseconds", set(cred2(issuerA), "nbf", int64(validNbf)*1000), jose.Malformed},
		{"exp without validUntil", set(cred2(issuerA), "exp", validNbf+3600), 0},
		{"exp differs from validUntil", set(set(cred2(issuerA), "exp", validNbf+3600), "validUntil", "2024-01-01T02:00:00Z"), jose.Mismatch},
		{"exp equals validUntil", set(set(cred2(issuerA), "exp", validNbf+3600), "validUntil", "2024-01-01T01:00:00.500Z"), 0},
		{"expired long ago: not judged here", set(set(cred2(issuerA), "exp", validNbf+1), "validUntil", "2024-01-01T00:00:01Z"), 0},
		{"validFrom not a date", set(cred2(issuerA), "validFrom", "yesterday"), jose.Malformed},
		{"no claims at all", set(set(set(set(cred2(issuerA), "iss", nil), "sub", nil), "jti", nil), "nbf", nil), 0},
		{"sub without subject id", set(cred2(issuerA), "credentialSubject", map[string]any{"type": "AchievementSubject"}), jose.Mismatch},
		// Layouts no specification defines, which real issuers made: the
		// signature is checked, and the layout is reported (TestLayouts).
		{"vc claim with the v2 context", vcWithV2, 0},
		{"v2 payload with the v1 context", v2WithV1, 0},
		{"no issuer", set(set(cred2(issuerA), "issuer", nil), "iss", nil), jose.Malformed},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tok := sign(t, jwa.EdDSA, edKey, map[string]any{"kid": issuerA + "#key-1"}, tt.payload)
			res, err := jose.VerifyCredential(context.Background(), tok, jose.Options{Keys: standard()})
			if tt.kind == 0 {
				if err != nil {
					t.Fatal(err)
				}
				if res.ValidFrom.Unix() != validNbf {
					t.Errorf("ValidFrom = %v", res.ValidFrom)
				}
				return
			}
			if kindOf(err) != tt.kind {
				t.Errorf("err = %v, want kind %v", err, tt.kind)
			}
		})
	}
}

// Every layout of a VC-JWT is read and its signature checked; the layout is
// reported, for the caller to note the two no specification defines.
func TestLayouts(t *testing.T) {
	vcWithV2 := cred11(issuerA)
	vcWithV2["vc"].(map[string]any)["@context"] = []any{v2Ctx}
	for _, tt := range []struct {
		name    string
		payload map[string]any
		layout  credential.Layout
		vcdm    string
	}{
		{"VCDM 2.0 payload", cred2(issuerA), credential.LayoutPayload, "2.0"},
		{"VCDM 1.1 vc claim", cred11(issuerA), credential.LayoutVCClaim, "1.1"},
		{"VCDM 2.0 in a vc claim", vcWithV2, credential.LayoutVCClaim20, "2.0"},
		{"VCDM 1.1 payload", withContext(cred2(issuerA), v1Ctx), credential.LayoutPayload11, "1.1"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			tok := sign(t, jwa.EdDSA, edKey, map[string]any{"kid": issuerA + "#key-1"}, tt.payload)
			res, err := jose.VerifyCredential(context.Background(), tok, jose.Options{Keys: standard()})
			if err != nil {
				t.Fatal(err)
			}
			if res.Layout != tt.layout || res.VCDM != tt.vcdm || res.Layout.Standard() != (tt.layout == credential.LayoutPayload || tt.layout == credential.LayoutVCClaim) {
				t.Errorf("layout %q, VCDM %s", res.Layout, res.VCDM)
			}
			// A changed payload still fails, whatever the layout.
			parts := strings.Split(tok, ".")
			forged := parts[0] + "." + parts[1][:len(parts[1])-2] + "AA." + parts[2]
			if _, err := jose.VerifyCredential(context.Background(), forged, jose.Options{Keys: standard()}); err == nil {
				t.Error("a changed token verified")
			}
		})
	}
}

func withContext(p map[string]any, ctx string) map[string]any {
	p["@context"] = []any{ctx}
	return p
}
