package oid4vp_test

import (
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/learnerwallet/learnerwallet/wallet/fetch"
	"github.com/learnerwallet/learnerwallet/wallet/oid4vp"
	"github.com/learnerwallet/learnerwallet/wallet/oid4vp/oid4vptest"
)

const anyBadge = `{"credentials":[{"id":"b","format":"ldp_vc","meta":{"type_values":[["https://purl.imsglobal.org/spec/vc/ob/vocab.html#OpenBadgeCredential"]]}}]}`

// TestRead reads requests from the loopback verifier in every way they
// come: by value and by reference (GET and POST), under each client_id
// prefix the wallet takes.
func TestRead(t *testing.T) {
	v := oid4vptest.Start(t)
	n := fetch.NewClient(v.Options())
	for _, s := range []oid4vptest.Spec{
		{Client: oid4vptest.Redirect, DCQL: anyBadge},
		{Client: oid4vptest.DID, DCQL: anyBadge},
		{Client: oid4vptest.DID, DCQL: anyBadge, ByReference: true},
		{Client: oid4vptest.X509, DCQL: anyBadge, ByReference: true, Post: true, Encrypted: true},
	} {
		r, err := oid4vp.Read(context.Background(), n, v.Request(t, s), oid4vp.Options{Roots: v.Roots})
		if err != nil {
			t.Fatalf("%+v: %v", s, err)
		}
		if r.Metadata.ClientName != "Loopback Employer" || r.Nonce == "" || r.State == "" || r.DCQL == nil || r.Signed == (s.Client == oid4vptest.Redirect) {
			t.Errorf("%+v read as %+v", s, r)
		}
		if !strings.HasPrefix(r.ClientID, r.Prefix+":") || r.Prefix+":"+r.Identifier != r.ClientID {
			t.Errorf("client_id %s: prefix %s, identifier %s", r.ClientID, r.Prefix, r.Identifier)
		}
	}
}

// TestReadRefused: every request that cannot be tied to its client_id, or
// would send the answer elsewhere or in the clear, or is hostile, is
// refused with its code, and nothing reaches the verifier.
func TestReadRefused(t *testing.T) {
	v := oid4vptest.Start(t)
	n := fetch.NewClient(v.Options())
	_, other, _ := ed25519.GenerateKey(rand.Reader)
	set := func(k string, val any) func(map[string]any) {
		return func(p map[string]any) { p[k] = val }
	}
	deep := strings.Repeat("[", 20000) + strings.Repeat("]", 20000)
	cases := []struct {
		name string
		link func() string
		want oid4vp.Code
	}{
		{"an unknown client_id prefix", spec(t, v, oid4vptest.Spec{Client: oid4vptest.Redirect, Claims: set("client_id", "verifier_attestation:example.com")}), oid4vp.UnknownClient},
		{"a client_id without prefix", spec(t, v, oid4vptest.Spec{Client: oid4vptest.Redirect, Claims: set("client_id", "example.com")}), oid4vp.UnknownClient},
		{"redirect_uri, answered at another path of its host", spec(t, v, oid4vptest.Spec{Client: oid4vptest.Redirect, Claims: func(p map[string]any) {
			p["response_uri"] = strings.Replace(p["response_uri"].(string), "/response/", "/attacker/", 1)
		}}), oid4vp.WrongHost},
		{"redirect_uri, answered on another host", spec(t, v, oid4vptest.Spec{Client: oid4vptest.Redirect, Claims: set("response_uri", "https://elsewhere.example/response")}), oid4vp.WrongHost},
		{"x509_san_dns, answered on another host", spec(t, v, oid4vptest.Spec{Client: oid4vptest.X509, Claims: set("response_uri", "https://elsewhere.example/response")}), oid4vp.WrongHost},
		{"a response_uri in plain http", spec(t, v, oid4vptest.Spec{Client: oid4vptest.DID, Claims: set("response_uri", "http://example.com/response")}), oid4vp.NotHTTPS},
		{"a redirect_uri client in plain http", spec(t, v, oid4vptest.Spec{Client: oid4vptest.Redirect, Claims: set("client_id", "redirect_uri:http://example.com/response")}), oid4vp.NotHTTPS},
		{"a link in plain http", func() string { return "http://example.com/?client_id=x" }, oid4vp.NotHTTPS},
		{"a request_uri in plain http", func() string {
			return "openid4vp://?client_id=" + url.QueryEscape("decentralized_identifier:"+v.DID) + "&request_uri=" + url.QueryEscape("http://example.com/request/0")
		}, oid4vp.NotHTTPS},
		{"a did client's request signed by another key", spec(t, v, oid4vptest.Spec{Client: oid4vptest.DID, SignWith: other}), oid4vp.BadSignature},
		{"a did client's request unsigned", spec(t, v, oid4vptest.Spec{Client: oid4vptest.Redirect, Claims: set("client_id", "decentralized_identifier:"+v.DID)}), oid4vp.BadSignature},
		{"a request object for another client than the link's", spec(t, v, oid4vptest.Spec{Client: oid4vptest.X509, Claims: set("client_id", "x509_san_dns:elsewhere.example")}), oid4vp.WrongClient},
		{"a signed redirect_uri request", func() string {
			link := v.Request(t, oid4vptest.Spec{Client: oid4vptest.DID, DCQL: anyBadge})
			u, _ := url.Parse(link)
			return "openid4vp://?client_id=" + url.QueryEscape("redirect_uri:"+v.Base+"/response/0") + "&request=" + url.QueryEscape(u.Query().Get("request"))
		}, oid4vp.WrongClient},
		{"an expired request object", spec(t, v, oid4vptest.Spec{Client: oid4vptest.DID, Claims: set("exp", time.Now().Add(-time.Hour).Unix())}), oid4vp.BadSignature},
		{"a request object naming another", spec(t, v, oid4vptest.Spec{Client: oid4vptest.DID, ByReference: true, Claims: set("request_uri", "https://example.com/request/0")}), oid4vp.Malformed},
		{"a huge request object", spec(t, v, oid4vptest.Spec{Client: oid4vptest.DID, ByReference: true, Object: []byte("e30." + strings.Repeat("A", 400<<10) + ".AA")}), oid4vp.TooLarge},
		{"a request object that is not one", spec(t, v, oid4vptest.Spec{Client: oid4vptest.DID, ByReference: true, Object: []byte("<html>hello</html>")}), oid4vp.BadSignature},
		{"a huge link", func() string { return "openid4vp://?client_id=x&nonce=" + strings.Repeat("a", 70<<10) }, oid4vp.TooLarge},
		{"a deep query", spec(t, v, oid4vptest.Spec{Client: oid4vptest.Redirect, Claims: func(p map[string]any) { p["dcql_query"] = rawJSON(deep) }}), oid4vp.Malformed},
		{"another response mode", spec(t, v, oid4vptest.Spec{Client: oid4vptest.DID, Claims: set("response_mode", "fragment")}), oid4vp.Unsupported},
		{"no nonce", spec(t, v, oid4vptest.Spec{Client: oid4vptest.DID, Claims: set("nonce", "")}), oid4vp.Malformed},
		{"not a request", func() string { return "openid-credential-offer://?credential_offer_uri=https://example.com/o" }, oid4vp.NotARequest},
	}
	for _, c := range cases {
		_, err := oid4vp.Read(context.Background(), n, c.link(), oid4vp.Options{Roots: v.Roots})
		if !oid4vp.HasCode(err, c.want) {
			t.Errorf("%s: %v, want %s", c.name, err, c.want)
		}
	}
	if v.Count() != 0 {
		t.Errorf("%d responses reached the verifier", v.Count())
	}
}

func spec(t *testing.T, v *oid4vptest.Verifier, s oid4vptest.Spec) func() string {
	if s.DCQL == "" {
		s.DCQL = anyBadge
	}
	return func() string { return v.Request(t, s) }
}

type rawJSON string

func (r rawJSON) MarshalJSON() ([]byte, error) { return []byte(r), nil }

// offline is a network that reaches nothing.
type offline struct{}

func (offline) Get(context.Context, string, ...string) (*fetch.Response, error) {
	return nil, fetch.ErrOffline
}

func (offline) Post(context.Context, string, string, []byte, http.Header, ...string) (*fetch.Response, error) {
	return nil, fetch.ErrOffline
}

// FuzzRead: no link or QR code text makes reading panic, and none reads
// as a request that is not tied to its client_id as its prefix says.
func FuzzRead(f *testing.F) {
	f.Add("openid4vp://?client_id=redirect_uri%3Ahttps%3A%2F%2Fv.example%2Fr&response_type=vp_token&response_mode=direct_post&response_uri=https%3A%2F%2Fv.example%2Fr&nonce=n&dcql_query=" + url.QueryEscape(anyBadge))
	f.Add("openid4vp://?client_id=decentralized_identifier%3Adid%3Akey%3Az6Mk&request=e30.e30.AA")
	f.Add("https://v.example/?client_id=x509_san_dns%3Av.example&request_uri=https%3A%2F%2Fv.example%2Fr&request_uri_method=post")
	f.Fuzz(func(t *testing.T, s string) {
		r, err := oid4vp.Read(context.Background(), offline{}, s, oid4vp.Options{})
		if err == nil && (r.Prefix != oid4vp.PrefixRedirectURI || r.Signed) {
			t.Errorf("%q read as %+v", s, r)
		}
	})
}
