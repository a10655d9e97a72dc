package holder

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/lestrrat-go/jwx/v2/jwa"
	"github.com/lestrrat-go/jwx/v2/jws"
	"github.com/lestrrat-go/jwx/v2/jwt"

	"github.com/learnerwallet/learnerwallet/wallet/di"
	"github.com/learnerwallet/learnerwallet/wallet/did"
)

// TEST-ONLY KEY: the published Ed25519 key of the OB 3.0 implementation
// guide's examples (DIGEST §4.5). Everyone has it; it must never sign
// anything real.
const (
	testSeedHex = "6241a409e6707bb640a0140a8a32bc3d193c33a661747284d6adfa4ed4180be4"
	testDID     = "did:key:z6MkjZRZv3aez3r18pB1RBFJR1kwUVJ5jHt92JmQwXbd5hwi"
)

func testKey(t testing.TB) (*Key, []byte) {
	t.Helper()
	seed, _ := hex.DecodeString(testSeedHex)
	k, err := Parse(seed)
	if err != nil {
		t.Fatal(err)
	}
	return k, seed
}

func TestParseKnownKey(t *testing.T) {
	k, seed := testKey(t)
	if k.DID() != testDID {
		t.Errorf("DID %s, want %s", k.DID(), testDID)
	}
	if want := testDID + "#z6MkjZRZv3aez3r18pB1RBFJR1kwUVJ5jHt92JmQwXbd5hwi"; k.VerificationMethod() != want {
		t.Errorf("VerificationMethod %s, want %s", k.VerificationMethod(), want)
	}
	if got := hex.EncodeToString(k.Public()); got != "4bdeafde2ea8beefadd8c699b5c7e0704cf51154d52e17b20b71337ca04cc5a5" {
		t.Errorf("Public %s", got)
	}
	if !bytes.Equal(k.Seed(), seed) {
		t.Error("Seed does not give back the parsed seed")
	}
	if k2, err := Parse(k.Seed()); err != nil || k2.DID() != k.DID() {
		t.Errorf("Parse(Seed()) = %v, %v", k2, err)
	}
}

func TestParseCopiesAndChecksLength(t *testing.T) {
	k, seed := testKey(t)
	seed[0] ^= 0xff // the caller's slice is theirs
	if k.DID() != testDID {
		t.Error("changing the parsed slice changed the key")
	}
	s := k.Seed()
	s[0] ^= 0xff
	if k.DID() != testDID || bytes.Equal(k.Seed(), s) {
		t.Error("changing Seed's result changed the key")
	}
	p := k.Public()
	p[0] ^= 0xff
	if k.DID() != testDID {
		t.Error("changing Public's result changed the key")
	}
	for _, n := range []int{0, 31, 33, 64} {
		if _, err := Parse(make([]byte, n)); err == nil {
			t.Errorf("Parse accepted %d bytes", n)
		}
	}
}

func TestGenerate(t *testing.T) {
	a, err := Generate()
	if err != nil {
		t.Fatal(err)
	}
	b, err := Generate()
	if err != nil {
		t.Fatal(err)
	}
	if a.DID() == b.DID() {
		t.Error("two generated keys are the same")
	}
	if !strings.HasPrefix(a.DID(), "did:key:z6Mk") || len(a.Seed()) != SeedSize {
		t.Errorf("generated %s with a %d-byte seed", a, len(a.Seed()))
	}
}

// TestPrintingShowsNoSecret: whatever way a Key is printed or encoded, it
// comes out as its DID or nothing, never as key bytes.
func TestPrintingShowsNoSecret(t *testing.T) {
	k, seed := testKey(t)
	secrets := []string{
		hex.EncodeToString(seed), strings.ToUpper(hex.EncodeToString(seed)),
		base64.StdEncoding.EncodeToString(seed), base64.RawURLEncoding.EncodeToString(seed),
		did.EncodeBase58btc(seed), fmt.Sprint(seed), fmt.Sprint(seed[:4])[1:],
		fmt.Sprintf("%v", []byte(k.priv)[:4])[1:],
	}
	var outputs []string
	for _, verb := range []string{"%v", "%+v", "%#v", "%s", "%q", "%x", "%X", "%d", "%o", "%10.3v"} {
		out := fmt.Sprintf(verb, k)
		if !strings.Contains(out, testDID) {
			t.Errorf("%s printed %q, not the DID", verb, out)
		}
		outputs = append(outputs, out)
	}
	outputs = append(outputs, k.String(), k.GoString(), fmt.Sprint([]*Key{k}), fmt.Sprintf("%+v", struct{ K *Key }{k}))
	b, _ := json.Marshal(k)
	outputs = append(outputs, string(b))
	for _, out := range outputs {
		for _, s := range secrets {
			if strings.Contains(out, strings.Trim(s, "[]")) {
				t.Errorf("printed %q, which holds the secret %q", out, s)
			}
		}
	}
	var none *Key
	if got := fmt.Sprint(none); got != "holder.Key(none)" {
		t.Errorf("a nil key prints %q", got)
	}
}

func presentation() map[string]any {
	return map[string]any{
		"@context": []any{"https://www.w3.org/ns/credentials/v2"},
		"type":     []any{"VerifiablePresentation"},
		"id":       "urn:uuid:3978344f-8596-4c3a-a978-8fcaba3903c5",
	}
}

var (
	created = time.Date(2026, 3, 1, 10, 0, 0, 0, time.UTC)
	expires = created.Add(time.Hour)
	opts    = ProofOptions{Challenge: "n-0S6_WzA2Mj", Domain: "https://employer.example", Created: created, Expires: expires}
)

func verify(doc map[string]any, challenge, domain string, now time.Time) []di.Result {
	return di.Verify(context.Background(), doc, di.Options{
		Purpose: "authentication", Challenge: challenge, Domain: domain, Now: now,
	})
}

func TestSignPresentationVerifies(t *testing.T) {
	k, _ := testKey(t)
	in := presentation()
	before, _ := json.Marshal(in)
	vp, err := k.SignPresentation(in, opts)
	if err != nil {
		t.Fatal(err)
	}
	if after, _ := json.Marshal(in); !bytes.Equal(before, after) {
		t.Error("SignPresentation changed its input")
	}
	if vp["holder"] != testDID {
		t.Errorf("holder %v, want the key's DID", vp["holder"])
	}
	proof, _ := vp["proof"].(map[string]any)
	for name, want := range map[string]any{
		"type": "DataIntegrityProof", "cryptosuite": "eddsa-rdfc-2022", "proofPurpose": "authentication",
		"verificationMethod": k.VerificationMethod(), "created": "2026-03-01T10:00:00Z", "expires": "2026-03-01T11:00:00Z",
		"challenge": opts.Challenge, "domain": opts.Domain,
	} {
		if proof[name] != want {
			t.Errorf("proof %s = %v, want %v", name, proof[name], want)
		}
	}
	r := verify(vp, opts.Challenge, opts.Domain, created.Add(time.Minute))
	if len(r) != 1 || r[0].Outcome != di.Valid {
		t.Fatalf("verify: %+v", r)
	}
	// Ed25519 is deterministic: the same input gives the same bytes.
	again, err := k.SignPresentation(presentation(), opts)
	if err != nil || !reflect.DeepEqual(vp, again) {
		t.Errorf("signing twice differs: %v", err)
	}

	for name, r := range map[string][]di.Result{
		"wrong challenge": verify(vp, "other", opts.Domain, created.Add(time.Minute)),
		"wrong domain":    verify(vp, opts.Challenge, "https://other.example", created.Add(time.Minute)),
		"expired":         verify(vp, opts.Challenge, opts.Domain, expires.Add(time.Minute)),
	} {
		if len(r) != 1 || r[0].Outcome == di.Valid {
			t.Errorf("%s: %+v", name, r)
		}
	}
	tampered, _ := k.SignPresentation(presentation(), opts)
	tampered["id"] = "urn:uuid:00000000-0000-0000-0000-000000000000"
	if r := verify(tampered, opts.Challenge, opts.Domain, created); len(r) != 1 || !errors.Is(r[0].Err, di.ErrSignature) {
		t.Errorf("tampered: %+v", r)
	}
}

func TestSignPresentationRefuses(t *testing.T) {
	k, _ := testKey(t)
	other, _ := Generate()
	cases := map[string]struct {
		doc  func(map[string]any)
		opts ProofOptions
		want error
	}{
		"credential":   {doc: func(d map[string]any) { d["type"] = []any{"VerifiableCredential", "OpenBadgeCredential"} }, want: ErrNotPresentation},
		"untyped":      {doc: func(d map[string]any) { delete(d, "type") }, want: ErrNotPresentation},
		"type typo":    {doc: func(d map[string]any) { d["type"] = "VerifiablePresentations" }, want: ErrNotPresentation},
		"other holder": {doc: func(d map[string]any) { d["holder"] = other.DID() }, want: ErrOtherHolder},
		"other holder object": {
			doc: func(d map[string]any) { d["holder"] = map[string]any{"id": other.DID()} }, want: ErrOtherHolder},
		"expires before created": {opts: ProofOptions{Created: created, Expires: created.Add(-time.Second)}},
	}
	for name, c := range cases {
		d := presentation()
		if c.doc != nil {
			c.doc(d)
		}
		_, err := k.SignPresentation(d, c.opts)
		if err == nil || (c.want != nil && !errors.Is(err, c.want)) {
			t.Errorf("%s: %v, want %v", name, err, c.want)
		}
	}
	// A presentation already naming this key's DID as holder, as a string
	// type, is fine.
	d := presentation()
	d["type"], d["holder"] = "VerifiablePresentation", k.DID()
	if _, err := k.SignPresentation(d, ProofOptions{}); err != nil {
		t.Errorf("own holder: %v", err)
	}
}

// TestSignIssuanceProof: the proof is what OpenID4VCI asks for — typ,
// kid (the did:key verification method), aud, iat, nonce — and verifies
// with the key's public key.
func TestSignIssuanceProof(t *testing.T) {
	k, err := Generate()
	if err != nil {
		t.Fatal(err)
	}
	at := time.Date(2026, 12, 6, 0, 0, 0, 0, time.UTC)
	s, err := k.SignIssuanceProof("https://issuer.example", "n-0S6_WzA2Mj", at)
	if err != nil {
		t.Fatal(err)
	}
	msg, err := jws.Parse([]byte(s))
	if err != nil {
		t.Fatal(err)
	}
	h := msg.Signatures()[0].ProtectedHeaders()
	if h.Type() != IssuanceProofType || h.KeyID() != k.VerificationMethod() || h.Algorithm() != jwa.EdDSA {
		t.Errorf("header: typ %s, kid %s, alg %s", h.Type(), h.KeyID(), h.Algorithm())
	}
	tok, err := jwt.Parse([]byte(s), jwt.WithKey(jwa.EdDSA, k.Public()), jwt.WithValidate(false))
	if err != nil {
		t.Fatalf("does not verify: %v", err)
	}
	nonce, _ := tok.Get("nonce")
	if len(tok.Audience()) != 1 || tok.Audience()[0] != "https://issuer.example" || !tok.IssuedAt().Equal(at) || nonce != "n-0S6_WzA2Mj" {
		t.Errorf("claims: aud %v, iat %v, nonce %v", tok.Audience(), tok.IssuedAt(), nonce)
	}
	// aud is a string, as OpenID4VCI 1.0 appendix F.1 has it, not an array
	var claims map[string]any
	if err := json.Unmarshal(msg.Payload(), &claims); err != nil {
		t.Fatal(err)
	}
	if _, ok := claims["aud"].(string); !ok {
		t.Errorf("aud is %#v, want the string https://issuer.example", claims["aud"])
	}
	if _, err := k.SignIssuanceProof("", "n", at); err == nil {
		t.Error("signed a proof for no issuer")
	}
}
