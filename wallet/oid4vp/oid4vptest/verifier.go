// Package oid4vptest is an OpenID4VP verifier on loopback, written for the
// wallet's tests: it makes authorization requests (DCQL or a
// presentation_definition; by value or by reference; under a did:key
// client, an x509_san_dns client with a test CA, or a redirect_uri client;
// answered by direct_post or direct_post.jwt) and verifies what comes back
// as a verifier must: the holder's signature, the nonce, the domain or aud
// (the whole client_id) and the state. It refuses what does not hold.
package oid4vptest

import (
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"math/big"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/lestrrat-go/jwx/v2/cert"
	"github.com/lestrrat-go/jwx/v2/jwa"
	"github.com/lestrrat-go/jwx/v2/jwe"
	"github.com/lestrrat-go/jwx/v2/jwk"
	"github.com/lestrrat-go/jwx/v2/jws"

	"github.com/learnerwallet/learnerwallet/wallet/did"
	"github.com/learnerwallet/learnerwallet/wallet/fetch"
	"github.com/learnerwallet/learnerwallet/wallet/fetch/fetchtest"
	"github.com/learnerwallet/learnerwallet/wallet/verify"
)

// Client kinds a request is made under.
const (
	DID      = "did"      // decentralized_identifier:did:key:…, a signed request object
	X509     = "x509"     // x509_san_dns:example.com, signed with a certificate of the test CA
	Redirect = "redirect" // redirect_uri:https://example.com:PORT/response/N, unsigned, by value
)

// Spec says what request to make.
type Spec struct {
	Client      string // DID, X509 or Redirect
	ByReference bool   // a request_uri, not the request in the link
	Post        bool   // request_uri_method=post
	Encrypted   bool   // response_mode direct_post.jwt
	// DCQL or Definition is the query's JSON.
	DCQL, Definition string
	// Claims changes the request's parameters before they are signed
	// (or put in the link): for hostile requests.
	Claims func(map[string]any)
	// SignWith signs the request object with another key than the
	// client's: a forged request.
	SignWith ed25519.PrivateKey
	// Object, when set, is served at the request_uri instead.
	Object []byte
	// Expect changes what the verifier checks the response against (a
	// nonce, or a client_id, other than the request's): a response it
	// must refuse.
	ExpectNonce, ExpectAudience string
}

// Received is a response the verifier took or refused.
type Received struct {
	Request  int
	Accepted bool
	Problem  string
	// Reports are the presentations' verifications, in order.
	Reports []verify.PresentationReport
	// Credentials counts the credentials per query id (DCQL) or
	// descriptor id (Presentation Exchange).
	Credentials map[string]int
	Names       []string // the presented credentials' names
}

// Verifier is a running verifier. Base is its origin
// (https://example.com:PORT, which the test certificate covers).
type Verifier struct {
	Base  string
	Roots *x509.CertPool // the TLS certificate and the test CA

	didKey  ed25519.PrivateKey
	DID     string
	x509Key *ecdsa.PrivateKey
	chain   [][]byte
	encKey  *ecdsa.PrivateKey

	mu       sync.Mutex
	requests []*pending
	Received []Received
}

type pending struct {
	spec     Spec
	params   map[string]any
	object   []byte
	clientID string
	nonce    string
	state    string
}

// Start starts a verifier for t.
func Start(t testing.TB) *Verifier {
	t.Helper()
	v := &Verifier{}
	_, v.didKey, _ = ed25519.GenerateKey(rand.Reader)
	v.DID = did.KeyDID(v.didKey.Public().(ed25519.PublicKey))
	v.encKey, _ = ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	caKey, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	now := time.Now()
	caTmpl := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "Test verifier CA (TEST ONLY)"},
		NotBefore: now.Add(-time.Hour), NotAfter: now.Add(24 * time.Hour), IsCA: true, BasicConstraintsValid: true,
		KeyUsage: x509.KeyUsageCertSign | x509.KeyUsageDigitalSignature}
	caDER, err := x509.CreateCertificate(rand.Reader, caTmpl, caTmpl, &caKey.PublicKey, caKey)
	if err != nil {
		t.Fatal(err)
	}
	ca, _ := x509.ParseCertificate(caDER)
	v.x509Key, _ = ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	leafTmpl := &x509.Certificate{SerialNumber: big.NewInt(2), Subject: pkix.Name{CommonName: "example.com"}, DNSNames: []string{"example.com"},
		NotBefore: now.Add(-time.Hour), NotAfter: now.Add(24 * time.Hour), KeyUsage: x509.KeyUsageDigitalSignature}
	leafDER, err := x509.CreateCertificate(rand.Reader, leafTmpl, ca, &v.x509Key.PublicKey, caKey)
	if err != nil {
		t.Fatal(err)
	}
	v.chain = [][]byte{leafDER, caDER}

	mux := http.NewServeMux()
	mux.HandleFunc("/request/{n}", func(w http.ResponseWriter, r *http.Request) {
		p := v.pending(r.PathValue("n"))
		if p == nil || (r.Method == http.MethodPost) != p.spec.Post {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "application/oauth-authz-req+jwt")
		w.Write(p.object)
	})
	mux.HandleFunc("POST /response/{n}", func(w http.ResponseWriter, r *http.Request) {
		n := r.PathValue("n")
		p := v.pending(n)
		if p == nil {
			http.NotFound(w, r)
			return
		}
		rec := v.check(r, p)
		var idx int
		fmt.Sscan(n, &idx)
		rec.Request = idx
		v.mu.Lock()
		v.Received = append(v.Received, rec)
		v.mu.Unlock()
		w.Header().Set("Content-Type", "application/json")
		if !rec.Accepted {
			w.WriteHeader(http.StatusBadRequest)
			json.NewEncoder(w).Encode(map[string]string{"error": "invalid_request", "error_description": rec.Problem})
			return
		}
		json.NewEncoder(w).Encode(map[string]string{"redirect_uri": v.Base + "/done/" + n})
	})
	srv := httptest.NewTLSServer(mux)
	t.Cleanup(srv.Close)
	v.Base = "https://example.com:" + srv.URL[strings.LastIndex(srv.URL, ":")+1:]
	v.Roots = x509.NewCertPool()
	v.Roots.AddCert(srv.Certificate())
	v.Roots.AddCert(ca)
	return v
}

// Options are fetch client options that reach the verifier (example.com
// is loopback, whose certificate is trusted).
func (v *Verifier) Options() fetch.ClientOptions { return fetchtest.Loopback(v.Roots) }

// Count is how many responses reached the verifier.
func (v *Verifier) Count() int {
	v.mu.Lock()
	defer v.mu.Unlock()
	return len(v.Received)
}

// Last is the last response that reached the verifier.
func (v *Verifier) Last() Received {
	v.mu.Lock()
	defer v.mu.Unlock()
	if len(v.Received) == 0 {
		return Received{}
	}
	return v.Received[len(v.Received)-1]
}

func (v *Verifier) pending(n string) *pending {
	var i int
	if _, err := fmt.Sscan(n, &i); err != nil {
		return nil
	}
	v.mu.Lock()
	defer v.mu.Unlock()
	if i < 0 || i >= len(v.requests) {
		return nil
	}
	return v.requests[i]
}

// Request makes a request and returns its link (openid4vp://…).
func (v *Verifier) Request(t testing.TB, s Spec) string {
	t.Helper()
	v.mu.Lock()
	n := len(v.requests)
	p := &pending{spec: s}
	v.requests = append(v.requests, p)
	v.mu.Unlock()
	responseURI := fmt.Sprintf("%s/response/%d", v.Base, n)
	switch s.Client {
	case DID:
		p.clientID = "decentralized_identifier:" + v.DID
	case X509:
		p.clientID = "x509_san_dns:example.com"
	case Redirect:
		p.clientID = "redirect_uri:" + responseURI
	default:
		t.Fatalf("client kind %q", s.Client)
	}
	p.nonce, p.state = random(), random()
	params := map[string]any{
		"client_id": p.clientID, "response_type": "vp_token", "response_mode": "direct_post",
		"response_uri": responseURI, "nonce": p.nonce, "state": p.state,
		"client_metadata": map[string]any{
			"client_name":          "Loopback Employer",
			"vp_formats_supported": map[string]any{"ldp_vc": map[string]any{}, "jwt_vc_json": map[string]any{}},
		},
	}
	if s.Encrypted {
		params["response_mode"] = "direct_post.jwt"
		pub, _ := jwk.FromRaw(&v.encKey.PublicKey)
		_ = pub.Set(jwk.KeyIDKey, "enc-1")
		_ = pub.Set(jwk.KeyUsageKey, "enc")
		_ = pub.Set(jwk.AlgorithmKey, jwa.ECDH_ES)
		md := params["client_metadata"].(map[string]any)
		md["jwks"] = map[string]any{"keys": []any{pub}}
		md["encrypted_response_enc_values_supported"] = []string{"A256GCM"}
	}
	if s.DCQL != "" {
		params["dcql_query"] = json.RawMessage(s.DCQL)
	} else {
		params["presentation_definition"] = json.RawMessage(s.Definition)
	}
	if s.Claims != nil {
		s.Claims(params)
	}
	p.params = params
	cid := url.QueryEscape(p.clientID)
	if s.Client == Redirect && !s.ByReference {
		q := url.Values{}
		for k, val := range params {
			if str, ok := val.(string); ok {
				q.Set(k, str)
				continue
			}
			b, _ := json.Marshal(val)
			q.Set(k, string(b))
		}
		return "openid4vp://?" + q.Encode()
	}
	p.object = s.Object
	if p.object == nil {
		p.object = v.sign(t, s, params)
	}
	if !s.ByReference {
		return "openid4vp://?client_id=" + cid + "&request=" + url.QueryEscape(string(p.object))
	}
	link := "openid4vp://?client_id=" + cid + "&request_uri=" + url.QueryEscape(fmt.Sprintf("%s/request/%d", v.Base, n))
	if s.Post {
		link += "&request_uri_method=post"
	}
	return link
}

// sign makes the request object.
func (v *Verifier) sign(t testing.TB, s Spec, params map[string]any) []byte {
	t.Helper()
	claims := map[string]any{"aud": "https://self-issued.me/v2", "iat": time.Now().Unix(), "exp": time.Now().Add(10 * time.Minute).Unix()}
	for k, val := range params {
		claims[k] = val
	}
	payload, _ := json.Marshal(claims)
	h := jws.NewHeaders()
	_ = h.Set(jws.TypeKey, "oauth-authz-req+jwt")
	var alg jwa.SignatureAlgorithm
	var key any
	switch s.Client {
	case X509:
		alg, key = jwa.ES256, v.x509Key
		var chain cert.Chain
		for _, der := range v.chain {
			_ = chain.AddString(base64.StdEncoding.EncodeToString(der))
		}
		_ = h.Set(jws.X509CertChainKey, &chain)
	default:
		alg, key = jwa.EdDSA, v.didKey
		_ = h.Set(jws.KeyIDKey, v.DID+"#"+strings.TrimPrefix(v.DID, "did:key:"))
	}
	if s.SignWith != nil {
		alg, key = jwa.EdDSA, s.SignWith
	}
	b, err := jws.Sign(payload, jws.WithKey(alg, key, jws.WithProtectedHeaders(h)))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func random() string {
	b := make([]byte, 12)
	rand.Read(b)
	return base64.RawURLEncoding.EncodeToString(b)
}

// check verifies a response as a verifier must.
func (v *Verifier) check(r *http.Request, p *pending) Received {
	rec := Received{Credentials: map[string]int{}}
	fail := func(format string, args ...any) Received {
		rec.Problem = fmt.Sprintf(format, args...)
		return rec
	}
	if ct := r.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/x-www-form-urlencoded") {
		return fail("content type %s", ct)
	}
	r.Body = http.MaxBytesReader(nil, r.Body, 8<<20)
	if err := r.ParseForm(); err != nil {
		return fail("form: %v", err)
	}
	form := map[string]any{}
	if p.spec.Encrypted {
		plain, err := jwe.Decrypt([]byte(r.PostForm.Get("response")), jwe.WithKey(jwa.ECDH_ES, v.encKey))
		if err != nil {
			return fail("decrypt: %v", err)
		}
		if err := json.Unmarshal(plain, &form); err != nil {
			return fail("decrypted: %v", err)
		}
	} else {
		for k := range r.PostForm {
			form[k] = r.PostForm.Get(k)
		}
		for _, k := range []string{"vp_token", "presentation_submission"} {
			if s, ok := form[k].(string); ok && strings.HasPrefix(s, "{") {
				var x any
				if err := json.Unmarshal([]byte(s), &x); err != nil {
					return fail("%s: %v", k, err)
				}
				form[k] = x
			}
		}
	}
	if form["state"] != p.state {
		return fail("state %v, not %s", form["state"], p.state)
	}
	nonce, aud := p.nonce, p.clientID
	if p.spec.ExpectNonce != "" {
		nonce = p.spec.ExpectNonce
	}
	if p.spec.ExpectAudience != "" {
		aud = p.spec.ExpectAudience
	}
	verifier := &verify.Verifier{}
	checkVP := func(vp any) (verify.PresentationReport, error) {
		var b []byte
		switch x := vp.(type) {
		case string:
			b = []byte(x)
		case map[string]any:
			b, _ = json.Marshal(x)
		default:
			return verify.PresentationReport{}, fmt.Errorf("a presentation that is %T", vp)
		}
		rep := verifier.Presentation(r.Context(), b, verify.PresentationOptions{Challenge: nonce, Domain: aud})
		if !rep.Valid() {
			return rep, fmt.Errorf("presentation %s: %s", rep.Verdict, verify.Headline(rep.Report))
		}
		for _, c := range rep.Credentials {
			rec.Names = append(rec.Names, c.Name)
		}
		return rep, nil
	}
	if dcql, ok := p.params["dcql_query"].(json.RawMessage); ok {
		var q struct {
			Credentials []struct {
				ID       string `json:"id"`
				Multiple bool   `json:"multiple"`
			} `json:"credentials"`
		}
		json.Unmarshal(dcql, &q)
		token, ok := form["vp_token"].(map[string]any)
		if !ok {
			return fail("vp_token is not an object")
		}
		for id, vps := range token {
			list, ok := vps.([]any)
			if !ok || len(list) == 0 {
				return fail("vp_token %s is not a non-empty array", id)
			}
			known, multiple := false, false
			for _, c := range q.Credentials {
				if c.ID == id {
					known, multiple = true, c.Multiple
				}
			}
			if !known || len(list) > 1 && !multiple {
				return fail("vp_token %s: unknown, or more than asked", id)
			}
			for _, vp := range list {
				rep, err := checkVP(vp)
				if err != nil {
					return fail("%s: %v", id, err)
				}
				rec.Reports = append(rec.Reports, rep)
				rec.Credentials[id] += len(rep.Credentials)
			}
		}
	} else {
		var sub struct {
			DefinitionID  string `json:"definition_id"`
			DescriptorMap []struct {
				ID     string `json:"id"`
				Format string `json:"format"`
				Path   string `json:"path"`
			} `json:"descriptor_map"`
		}
		b, _ := json.Marshal(form["presentation_submission"])
		if err := json.Unmarshal(b, &sub); err != nil || len(sub.DescriptorMap) == 0 {
			return fail("presentation_submission: %v", err)
		}
		var def struct {
			ID string `json:"id"`
		}
		json.Unmarshal(p.params["presentation_definition"].(json.RawMessage), &def)
		if sub.DefinitionID != def.ID {
			return fail("definition_id %s", sub.DefinitionID)
		}
		rep, err := checkVP(form["vp_token"])
		if err != nil {
			return fail("%v", err)
		}
		rec.Reports = append(rec.Reports, rep)
		for _, d := range sub.DescriptorMap {
			if d.Path != "$" {
				return fail("descriptor path %s", d.Path)
			}
			rec.Credentials[d.ID]++
		}
	}
	rec.Accepted = true
	return rec
}
