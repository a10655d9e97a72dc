package ob2_test

import (
	"context"
	"crypto/hmac"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"crypto/x509"
	"encoding/base64"
	"encoding/pem"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/lestrrat-go/jwx/v2/jwa"
	"github.com/lestrrat-go/jwx/v2/jws"

	"github.com/learnerwallet/learnerwallet/wallet/check"
	"github.com/learnerwallet/learnerwallet/wallet/fetch"
	"github.com/learnerwallet/learnerwallet/wallet/ob2"
)

var (
	keysOnce       sync.Once
	issuerKey, bad *rsa.PrivateKey
)

func rsaKeys() {
	keysOnce.Do(func() {
		var err error
		if issuerKey, err = rsa.GenerateKey(rand.Reader, 2048); err != nil {
			panic(err)
		}
		if bad, err = rsa.GenerateKey(rand.Reader, 2048); err != nil {
			panic(err)
		}
	})
}

func pemOf(k *rsa.PublicKey) string {
	der, _ := x509.MarshalPKIXPublicKey(k)
	return string(pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: der}))
}

const site = "https://issuer.test"

// signedSite is an issuer with a key and a revocation list.
func signedSite() *fetch.Map {
	rsaKeys()
	ctx := "https://w3id.org/openbadges/v2"
	return &fetch.Map{Docs: map[string][]byte{
		site + "/class.json": mustJSON(map[string]any{"@context": ctx, "type": "BadgeClass", "id": site + "/class.json",
			"name": "Signed badge", "description": "d", "criteria": site + "/criteria", "issuer": site + "/issuer.json"}),
		site + "/issuer.json": mustJSON(map[string]any{"@context": ctx, "type": "Issuer", "id": site + "/issuer.json",
			"name": "Signing College", "url": site, "email": "registrar@issuer.test",
			"publicKey": []any{site + "/old-key.json", site + "/key.json"}, "revocationList": site + "/revoked.json"}),
		site + "/key.json": mustJSON(map[string]any{"@context": ctx, "type": "CryptographicKey", "id": site + "/key.json",
			"owner": site + "/issuer.json", "publicKeyPem": pemOf(&issuerKey.PublicKey)}),
		site + "/other-key.json": mustJSON(map[string]any{"@context": ctx, "type": "CryptographicKey", "id": site + "/other-key.json",
			"owner": "https://elsewhere.test/issuer.json", "publicKeyPem": pemOf(&bad.PublicKey)}),
		site + "/revoked.json": mustJSON(map[string]any{"@context": ctx, "type": "RevocationList", "id": site + "/revoked.json",
			"revokedAssertions": []any{"urn:uuid:revoked-1", map[string]any{"uid": "legacy-7", "revocationReason": "duplicate"}}}),
	}}
}

func signedAssertion(id, creator string) map[string]any {
	a := map[string]any{
		"@context":     "https://w3id.org/openbadges/v2",
		"type":         "Assertion",
		"id":           id,
		"recipient":    map[string]any{"type": "email", "hashed": false, "identity": "learner@example.org"},
		"badge":        site + "/class.json",
		"issuedOn":     "2020-01-01T00:00:00Z",
		"verification": map[string]any{"type": "SignedBadge", "creator": creator},
	}
	return a
}

func signRSA(t *testing.T, alg jwa.SignatureAlgorithm, key *rsa.PrivateKey, hdr map[string]any, payload any) string {
	h := jws.NewHeaders()
	for k, v := range hdr {
		_ = h.Set(k, v)
	}
	out, err := jws.Sign(mustJSON(payload), jws.WithKey(alg, key, jws.WithProtectedHeaders(h)))
	if err != nil {
		t.Fatal(err)
	}
	return string(out)
}

func enc(v any) string { return base64.RawURLEncoding.EncodeToString(mustJSON(v)) }

func TestSigned(t *testing.T) {
	rsaKeys()
	good := signedAssertion("urn:uuid:good-1", site+"/key.json")
	tok := signRSA(t, jwa.RS256, issuerKey, nil, good)
	parts := strings.Split(tok, ".")
	changed := signedAssertion("urn:uuid:good-1", site+"/key.json")
	changed["issuedOn"] = "2019-01-01T00:00:00Z"
	hsInput := enc(map[string]any{"alg": "HS256"}) + "." + parts[1]
	mac := hmac.New(sha256.New, []byte(pemOf(&issuerKey.PublicKey)))
	mac.Write([]byte(hsInput))
	noCreator := signedAssertion("urn:uuid:good-2", "")
	delete(noCreator["verification"].(map[string]any), "creator")
	legacy := signedAssertion("urn:uuid:x", site+"/key.json")
	legacy["uid"] = "legacy-7"

	tests := []struct {
		name, tok, verdict, mark string
	}{
		{"RS256", tok, "valid", "Issuer key:pass"},
		{"PS256", signRSA(t, jwa.PS256, issuerKey, nil, good), "valid", "Signature:pass"},
		{"no creator: any listed key", signRSA(t, jwa.RS256, issuerKey, nil, noCreator), "valid", "Signature:pass"},
		{"tampered", parts[0] + "." + enc(changed) + "." + parts[2], "invalid", "Signature:fail"},
		{"signed by another key", signRSA(t, jwa.RS256, bad, nil, good), "invalid", "Signature:fail"},
		{"creator not listed by the issuer", signRSA(t, jwa.RS256, bad, nil, signedAssertion("urn:uuid:good-1", site+"/other-key.json")), "invalid", "Issuer key:fail"},
		{"alg none", enc(map[string]any{"alg": "none"}) + "." + parts[1] + ".", "invalid", "Signature:fail"},
		{"HS256 with the public key as secret", hsInput + "." + base64.RawURLEncoding.EncodeToString(mac.Sum(nil)), "invalid", "Signature:fail"},
		{"jku", signRSA(t, jwa.RS256, issuerKey, map[string]any{"jku": "https://evil.test/jwks"}, good), "invalid", "Signature:fail"},
		{"revoked by id", signRSA(t, jwa.RS256, issuerKey, nil, signedAssertion("urn:uuid:revoked-1", site+"/key.json")), "invalid", "Revocation:fail"},
		{"revoked by uid", signRSA(t, jwa.RS256, issuerKey, nil, legacy), "invalid", "Revocation:fail"},
		{"declares hosted", signRSA(t, jwa.RS256, issuerKey, nil, map[string]any{"@context": "https://w3id.org/openbadges/v2", "type": "Assertion",
			"id": "urn:uuid:h", "recipient": good["recipient"], "badge": good["badge"], "issuedOn": good["issuedOn"],
			"verification": map[string]any{"type": "hosted"}}), "invalid", "Signature:fail"},
		{"payload not JSON", parts[0] + ".bm90IGpzb24." + parts[2], "invalid", "Format:fail"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := ob2.Verify(context.Background(), []byte(tt.tok), ob2.Options{Fetcher: signedSite(), Now: now})
			if testing.Verbose() {
				t.Logf("%s\n%s", res.Verdict(), dump(res))
			}
			if got := res.Verdict(); got != tt.verdict || !has(res, tt.mark) {
				t.Errorf("verdict %s, want %s with %s\n%s", got, tt.verdict, tt.mark, dump(res))
			}
		})
	}
}

// TestSignedNetwork: trouble reaching the issuer leaves checks unknown.
func TestSignedNetwork(t *testing.T) {
	rsaKeys()
	tok := []byte(signRSA(t, jwa.RS256, issuerKey, nil, signedAssertion("urn:uuid:good-1", site+"/key.json")))

	noList := signedSite()
	delete(noList.Docs, site+"/revoked.json")
	res := ob2.Verify(context.Background(), tok, ob2.Options{Fetcher: noList, Now: now})
	if res.Verdict() != "unknown" || !has(res, "Revocation:unknown") || !has(res, "Signature:pass") {
		t.Errorf("revocation list missing: %s\n%s", res.Verdict(), dump(res))
	}

	res = ob2.Verify(context.Background(), tok, ob2.Options{Fetcher: fetch.Nowhere{}, Now: now})
	if res.Verdict() != "unknown" || has(res, "Signature:fail") {
		t.Errorf("offline: %s\n%s", res.Verdict(), dump(res))
	}

	noKey := signedSite()
	delete(noKey.Docs, site+"/key.json")
	res = ob2.Verify(context.Background(), tok, ob2.Options{Fetcher: noKey, Now: now})
	if res.Verdict() != "invalid" || !has(res, "Signature:fail") {
		t.Errorf("key 404: %s\n%s", res.Verdict(), dump(res))
	}

	// A key the profile lists, but whose document says it is another's.
	stolen := signedSite()
	stolen.Docs[site+"/issuer.json"] = []byte(strings.Replace(string(stolen.Docs[site+"/issuer.json"]), site+"/old-key.json", site+"/other-key.json", 1))
	other := []byte(signRSA(t, jwa.RS256, bad, nil, signedAssertion("urn:uuid:good-1", site+"/other-key.json")))
	res = ob2.Verify(context.Background(), other, ob2.Options{Fetcher: stolen, Now: now})
	if res.Verdict() != "invalid" || !has(res, "Issuer key:fail") || has(res, "Signature:pass") {
		t.Errorf("key of another owner: %s\n%s", res.Verdict(), dump(res))
	}

	es := enc(map[string]any{"alg": "ES256"}) + "." + strings.Split(string(tok), ".")[1] + ".c2ln"
	res = ob2.Verify(context.Background(), []byte(es), ob2.Options{Fetcher: signedSite(), Now: now})
	if res.Verdict() != "unknown" || !has(res, "Signature:unknown") {
		t.Errorf("ES256: %s\n%s", res.Verdict(), dump(res))
	}
}

// TestUnsignedCopy: a JSON assertion that says it is signed is refused:
// its signature is what verifies it.
func TestUnsignedCopy(t *testing.T) {
	in := mustJSON(signedAssertion("urn:uuid:good-1", site+"/key.json"))
	res := ob2.Verify(context.Background(), in, ob2.Options{Fetcher: signedSite(), Now: now})
	if res.Verdict() != "invalid" || !has(res, "Signature:fail") {
		t.Errorf("%s\n%s", res.Verdict(), dump(res))
	}
}

func FuzzVerify(f *testing.F) {
	for _, name := range []string{"basic-assertion.json", "simple.jwt", "simple-revoked.jwt",
		"rdf-validation/invalid-one-invalid-class.json", "badge-class-with-language.json"} {
		b, err := os.ReadFile(filepath.Join(corpus, name))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Add([]byte(`{"@context":"https://w3id.org/openbadges/v2","type":["Assertion"],"verify":{"type":"hosted","url":"x"}}`))
	m := corpusFetcher(f)
	f.Fuzz(func(t *testing.T, in []byte) {
		res := ob2.Verify(context.Background(), in, ob2.Options{Fetcher: m, Now: now})
		if len(res.Checks) == 0 {
			t.Fatal("no checks")
		}
		for _, c := range res.Checks {
			if c.Reason == "" || c.ID == "" || (c.Status != check.Pass && c.Status != check.Fail && c.Status != check.Warn && c.Status != check.Unknown) {
				t.Fatalf("bad check %+v", c)
			}
		}
	})
}
