package jose_test

import (
	"context"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"encoding/base64"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/lestrrat-go/jwx/v2/jwa"
	"github.com/lestrrat-go/jwx/v2/jwk"
	"github.com/lestrrat-go/jwx/v2/jws"

	"github.com/learnerwallet/learnerwallet/wallet/did"
	"github.com/learnerwallet/learnerwallet/wallet/fetch"
	"github.com/learnerwallet/learnerwallet/wallet/jose"
)

// Keys are generated once per test binary: RSA generation is slow.
var (
	keysOnce sync.Once
	rsaKey   *rsa.PrivateKey
	p256Key  *ecdsa.PrivateKey
	p384Key  *ecdsa.PrivateKey
	edKey    ed25519.PrivateKey
	edKeyB   ed25519.PrivateKey
)

func keys() {
	keysOnce.Do(func() {
		var err error
		if rsaKey, err = rsa.GenerateKey(rand.Reader, 2048); err != nil {
			panic(err)
		}
		p256Key, _ = ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
		p384Key, _ = ecdsa.GenerateKey(elliptic.P384(), rand.Reader)
		_, edKey, _ = ed25519.GenerateKey(rand.Reader)
		_, edKeyB, _ = ed25519.GenerateKey(rand.Reader)
	})
}

// Identifiers used by the tests. The fake resolver maps them to keys, so
// they need not be real did:key encodings.
const (
	issuerA  = "did:key:z6MkIssuerA"
	issuerB  = "did:key:z6MkIssuerB"
	subject  = "did:example:learner"
	credID   = "urn:uuid:8d2a7e3c-1a4b-4c5d-9e6f-0a1b2c3d4e5f"
	obCtx    = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"
	v2Ctx    = "https://www.w3.org/ns/credentials/v2"
	v1Ctx    = "https://www.w3.org/2018/credentials/v1"
	validStr = "2024-01-01T00:00:00Z"
	validNbf = 1704067200
)

// cred2 is a VCDM 2.0 payload for issuer.
func cred2(issuer string) map[string]any {
	return map[string]any{
		"@context":          []any{v2Ctx, obCtx},
		"id":                credID,
		"type":              []any{"VerifiableCredential", "OpenBadgeCredential"},
		"issuer":            map[string]any{"id": issuer, "type": []any{"Profile"}, "name": "Issuer"},
		"validFrom":         validStr,
		"name":              "Teamwork",
		"credentialSubject": map[string]any{"id": subject, "type": []any{"AchievementSubject"}},
		"iss":               issuer,
		"jti":               credID,
		"sub":               subject,
		"nbf":               validNbf,
	}
}

// cred11 is a VCDM 1.1 payload (vc claim) for issuer.
func cred11(issuer string) map[string]any {
	return map[string]any{
		"vc": map[string]any{
			"@context":          []any{v1Ctx, "https://purl.imsglobal.org/spec/ob/v3p0/context.json"},
			"type":              []any{"VerifiableCredential", "OpenBadgeCredential"},
			"issuer":            map[string]any{"type": []any{"Profile"}, "name": "Issuer"},
			"credentialSubject": map[string]any{"type": []any{"AchievementSubject"}},
		},
		"iss": issuer,
		"jti": credID,
		"sub": subject,
		"nbf": validNbf,
	}
}

// sign makes a compact JWS with jwx. Header values that are crypto public
// keys become JWKs.
func sign(t testing.TB, alg jwa.SignatureAlgorithm, priv any, hdr map[string]any, payload any) string {
	t.Helper()
	h := jws.NewHeaders()
	for k, v := range hdr {
		if k == "jwk" {
			if _, isMap := v.(map[string]any); !isMap {
				key, err := jwk.FromRaw(v)
				if err != nil {
					t.Fatal(err)
				}
				v = key
			}
		}
		if err := h.Set(k, v); err != nil {
			t.Fatalf("header %s: %v", k, err)
		}
	}
	b, err := json.Marshal(payload)
	if err != nil {
		t.Fatal(err)
	}
	out, err := jws.Sign(b, jws.WithKey(alg, priv, jws.WithProtectedHeaders(h)))
	if err != nil {
		t.Fatal(err)
	}
	return string(out)
}

// raw builds a compact JWS by hand, for tokens jwx would refuse to make.
func raw(hdr, payload any, sig []byte) string {
	hb, _ := json.Marshal(hdr)
	pb, _ := json.Marshal(payload)
	enc := base64.RawURLEncoding.EncodeToString
	return enc(hb) + "." + enc(pb) + "." + enc(sig)
}

// resolver is a fake did resolver over fixed methods, keyed by DID URL or DID.
type resolver map[string]*did.Method

func (r resolver) Method(_ context.Context, id string) (*did.Method, error) {
	if m, ok := r[id]; ok {
		return m, nil
	}
	d, _, _ := strings.Cut(id, "#")
	if m, ok := r[d]; ok {
		return m, nil
	}
	if strings.HasPrefix(id, "did:example:") {
		return nil, did.ErrUnsupportedMethod
	}
	return nil, did.ErrNotFound
}

func method(id string, pub any) *did.Method {
	d, _, _ := strings.Cut(id, "#")
	return &did.Method{ID: id, Type: "JsonWebKey", Controller: d, PublicKey: pub,
		Relationships: []string{"assertionMethod", "authentication"}, Bound: true}
}

// standard resolves issuerA and issuerB to edKey and edKeyB.
func standard() resolver {
	keys()
	return resolver{
		issuerA: method(issuerA+"#key-1", edKey.Public()),
		issuerB: method(issuerB+"#key-1", edKeyB.Public()),
	}
}

// kindOf returns the kind of a *jose.Error, or 0.
func kindOf(err error) jose.Kind {
	var je *jose.Error
	if errors.As(err, &je) {
		return je.Kind
	}
	return 0
}

// httpFetcher is a minimal fetch.Fetcher over an http.Client, for loopback
// servers (the real client lives in wallet/fetch).
type httpFetcher struct{ c *http.Client }

func (f httpFetcher) Get(ctx context.Context, url string, accept ...string) (*fetch.Response, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return nil, err
	}
	req.Header.Set("Accept", strings.Join(accept, ", "))
	resp, err := f.c.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return nil, &fetch.StatusError{URL: url, Code: resp.StatusCode}
	}
	b, err := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	if err != nil {
		return nil, err
	}
	return &fetch.Response{URL: resp.Request.URL.String(), Body: b, ContentType: resp.Header.Get("Content-Type"), FetchedAt: time.Now()}, nil
}

var now = time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC)
