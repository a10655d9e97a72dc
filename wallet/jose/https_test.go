package jose_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/lestrrat-go/jwx/v2/jwa"
	"github.com/lestrrat-go/jwx/v2/jwk"

	"github.com/learnerwallet/learnerwallet/wallet/fetch"
	"github.com/learnerwallet/learnerwallet/wallet/jose"
)

// keySite is an issuer's https site on loopback: documents by path, and
// the paths asked for.
type keySite struct {
	*httptest.Server
	mu   sync.Mutex
	docs map[string]string
	hits []string
}

func newKeySite(t *testing.T) *keySite {
	s := &keySite{docs: map[string]string{}}
	s.Server = httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.mu.Lock()
		s.hits = append(s.hits, r.URL.Path)
		doc, ok := s.docs[r.URL.Path]
		s.mu.Unlock()
		if !ok {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "application/jwk-set+json")
		_, _ = w.Write([]byte(doc))
	}))
	t.Cleanup(s.Close)
	return s
}

func (s *keySite) fetcher() fetch.Fetcher { return httpFetcher{s.Client()} }

// jwkJSON is the public JWK of pub, with kid when not empty.
func jwkJSON(t *testing.T, pub any, kid string) map[string]any {
	t.Helper()
	k, err := jwk.FromRaw(pub)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := json.Marshal(k)
	var m map[string]any
	_ = json.Unmarshal(b, &m)
	if kid != "" {
		m["kid"] = kid
	}
	return m
}

func set(keys ...map[string]any) string {
	l := make([]any, len(keys))
	for i, k := range keys {
		l[i] = k
	}
	b, _ := json.Marshal(map[string]any{"keys": l})
	return string(b)
}

// TestHTTPSKeys: kid as an https URL to a JWK or JWKS, and the issuer's
// /.well-known/jwks.json as provenance, over real TLS on loopback.
func TestHTTPSKeys(t *testing.T) {
	keys()
	pubA := jwkJSON(t, &p256Key.PublicKey, "k1")
	pubB := jwkJSON(t, &p384Key.PublicKey, "k2")
	single, _ := json.Marshal(jwkJSON(t, &p256Key.PublicKey, ""))
	private := jwkJSON(t, &p256Key.PublicKey, "k1")
	private["d"] = "AAAA"
	tests := []struct {
		name      string
		docs      map[string]string
		kid       string // path and fragment on the site
		kind      jose.Kind
		confirmed bool
		note      string
	}{
		{name: "JWKS, listed in the well-known set", kid: "/keys.json#k1",
			docs: map[string]string{"/keys.json": set(pubB, pubA), "/.well-known/jwks.json": set(pubA)}, confirmed: true, note: "published key set"},
		{name: "kid is the well-known set", kid: "/.well-known/jwks.json#k1",
			docs: map[string]string{"/.well-known/jwks.json": set(pubB, pubA)}, confirmed: true},
		{name: "single JWK document", kid: "/key.json",
			docs: map[string]string{"/key.json": string(single), "/.well-known/jwks.json": set(pubA)}, confirmed: true},
		{name: "kid member equal to the whole URL", kid: "/keys.json#k1",
			docs: map[string]string{"/keys.json": set(pubA), "/.well-known/jwks.json": set(pubA)}, confirmed: true},
		{name: "well-known set missing (404)", kid: "/keys.json#k1",
			docs: map[string]string{"/keys.json": set(pubA)}, note: "could not be read"},
		{name: "well-known set malformed", kid: "/keys.json#k1",
			docs: map[string]string{"/keys.json": set(pubA), "/.well-known/jwks.json": "{not json"}, note: "could not be read"},
		{name: "well-known set without the key", kid: "/keys.json#k1",
			docs: map[string]string{"/keys.json": set(pubA), "/.well-known/jwks.json": set(pubB)}, kind: jose.NotOwner},
		{name: "key document missing (404)", kid: "/keys.json#k1", kind: jose.Unresolvable},
		{name: "key document malformed", kid: "/keys.json#k1",
			docs: map[string]string{"/keys.json": "<html>"}, kind: jose.Unresolvable},
		{name: "no key of that name", kid: "/keys.json#k9",
			docs: map[string]string{"/keys.json": set(pubA, pubB)}, kind: jose.Unresolvable},
		{name: "published private key", kid: "/keys.json#k1",
			docs: map[string]string{"/keys.json": set(private)}, kind: jose.Refused},
		{name: "key says it is another's", kid: "/keys.json#k1",
			docs: map[string]string{"/keys.json": `{"kty":"EC","crv":"P-256","kid":"k1","iss":"https://other.example","x":"` + pubA["x"].(string) + `","y":"` + pubA["y"].(string) + `"}`}, kind: jose.NotOwner},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			site := newKeySite(t)
			site.docs = tt.docs
			issuer := site.URL + "/issuer"
			kid := site.URL + tt.kid
			if tt.name == "kid member equal to the whole URL" {
				pub := jwkJSON(t, &p256Key.PublicKey, kid)
				site.docs["/keys.json"] = set(pubB, pub)
			}
			tok := sign(t, jwa.ES256, p256Key, map[string]any{"kid": kid}, cred2(issuer))
			res, err := jose.VerifyCredential(context.Background(), tok, jose.Options{Fetcher: site.fetcher()})
			if tt.kind != 0 {
				if kindOf(err) != tt.kind {
					t.Fatalf("err = %v, want kind %v", err, tt.kind)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if (res.KeyBinding != "") != tt.confirmed || !strings.Contains(res.KeyNote, tt.note) {
				t.Errorf("confirmed %v, note %q", (res.KeyBinding != ""), res.KeyNote)
			}
		})
	}
}

// TestHTTPSKeyOrigin: a key published anywhere but the issuer's own site is
// not the issuer's, and is not even fetched.
func TestHTTPSKeyOrigin(t *testing.T) {
	keys()
	site := newKeySite(t)
	site.docs["/keys.json"] = set(jwkJSON(t, &p256Key.PublicKey, "k1"))
	for _, issuer := range []string{"https://issuer.example/profile", issuerA, "http://" + strings.TrimPrefix(site.URL, "https://")} {
		tok := sign(t, jwa.ES256, p256Key, map[string]any{"kid": site.URL + "/keys.json#k1"}, cred2(issuer))
		_, err := jose.VerifyCredential(context.Background(), tok, jose.Options{Keys: standard(), Fetcher: site.fetcher()})
		if kindOf(err) != jose.NotOwner {
			t.Errorf("issuer %s: %v", issuer, err)
		}
	}
	site.mu.Lock()
	defer site.mu.Unlock()
	if len(site.hits) != 0 {
		t.Errorf("fetched %v for keys of another origin", site.hits)
	}
}

// TestHeaderJWKProvenance: a bare jwk header is confirmed only through the
// issuer's published key set.
func TestHeaderJWKProvenance(t *testing.T) {
	keys()
	for _, tt := range []struct {
		name      string
		wellKnown string
		confirmed bool
		note      string
	}{
		{"listed", set(jwkJSON(t, &rsaKey.PublicKey, "a")), true, "published key set"},
		{"not listed", set(jwkJSON(t, &p256Key.PublicKey, "a")), false, "not among the keys"},
		{"no key set", "", false, "could not be tied to the issuer"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			site := newKeySite(t)
			if tt.wellKnown != "" {
				site.docs["/.well-known/jwks.json"] = tt.wellKnown
			}
			tok := sign(t, jwa.PS256, rsaKey, map[string]any{"jwk": &rsaKey.PublicKey}, cred2(site.URL+"/issuer"))
			res, err := jose.VerifyCredential(context.Background(), tok, jose.Options{Fetcher: site.fetcher()})
			if err != nil {
				t.Fatal(err)
			}
			if (res.KeyBinding != "") != tt.confirmed || !strings.Contains(res.KeyNote, tt.note) {
				t.Errorf("confirmed %v, note %q", (res.KeyBinding != ""), res.KeyNote)
			}
		})
	}
}

// TestOffline: with no fetcher an https key is unresolvable, and a jwk
// header verifies without being tied to the issuer.
func TestOffline(t *testing.T) {
	keys()
	tok := sign(t, jwa.ES256, p256Key, map[string]any{"kid": "https://issuer.example/keys.json#k1"}, cred2("https://issuer.example/profile"))
	if _, err := jose.VerifyCredential(context.Background(), tok, jose.Options{}); kindOf(err) != jose.Unresolvable {
		t.Errorf("https kid offline: %v", err)
	}
	tok = sign(t, jwa.ES256, p256Key, map[string]any{"jwk": &p256Key.PublicKey}, cred2("https://issuer.example/profile"))
	res, err := jose.VerifyCredential(context.Background(), tok, jose.Options{Fetcher: fetch.Nowhere{}})
	if err != nil || (res.KeyBinding != "") || !strings.Contains(res.KeyNote, "offline") {
		t.Errorf("jwk offline: %v %+v", err, res)
	}
}
