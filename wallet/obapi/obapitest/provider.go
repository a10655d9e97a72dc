// Package obapitest is an Open Badges API 3.0 and CLR API 2.0 provider on
// loopback, written for the wallet's tests: service descriptions for
// both APIs, dynamic client registration, a sign-in page that signs the
// learner in at once, tokens (PKCE and client_secret_basic checked,
// refresh tokens rotated and revocable) and credentials issued to the
// holder DID, paged with Link headers.
package obapitest

import (
	"crypto/ed25519"
	"crypto/rand"
	"crypto/sha256"
	"crypto/x509"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/learnerwallet/learnerwallet/wallet/fetch"
	"github.com/learnerwallet/learnerwallet/wallet/fetch/fetchtest"
	"github.com/learnerwallet/learnerwallet/wallet/wallettest"
)

// The scopes the provider grants.
const (
	OBScope  = "https://purl.imsglobal.org/spec/ob/v3p0/scope/credential.readonly"
	CLRScope = "https://purl.imsglobal.org/spec/clr/v2p0/scope/credential.readonly"
)

// Provider is a running provider. Base is its origin
// (https://example.com:PORT, which the test certificate covers).
type Provider struct {
	Base  string
	Roots *x509.CertPool

	// Set by the test through Set:
	Holder     string // the DID credentials are issued to
	NextTo     string // when set, next links go to this origin instead
	OnlyOB     bool   // no CLR API
	PerPage    int    // credentials a page holds at most: 2
	Expire     bool   // the next credentials request is 401 (the access token expired)
	RetryAfter string // the next credentials request is 429 with this Retry-After
	WebOnly    bool   // registration refuses a loopback redirect, as many providers do
	// CLRTemplate, when set, is the ClrCredential the CLR API issues
	// from; else the CLR API issues from the OB template too.
	CLRTemplate []byte

	mu            sync.Mutex
	signer        wallettest.KeyIssuer
	template      []byte
	clients       map[string]string // client_id → secret
	registrations int
	codes         map[string]grant // authorization code → its request
	access        map[string]bool
	refresh       map[string]bool // refresh tokens, true while valid
	revoked       []string        // tokens revoked, in order
	t             testing.TB
	n             int
}

type grant struct{ challenge, redirect, client, scope string }

// Start starts a provider for t; template is a credential's JSON that
// each OB credential is issued from (signed anew, its proof dropped).
func Start(t testing.TB, template []byte) *Provider {
	t.Helper()
	_, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	p := &Provider{
		PerPage: 2, t: t, template: template, signer: wallettest.NewKeyIssuer(priv),
		clients: map[string]string{}, codes: map[string]grant{}, access: map[string]bool{}, refresh: map[string]bool{},
	}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /ims/ob/v3p0/discovery", func(w http.ResponseWriter, r *http.Request) { p.discovery(w, "ob", OBScope) })
	mux.HandleFunc("GET /ims/clr/v2p0/discovery", func(w http.ResponseWriter, r *http.Request) {
		p.mu.Lock()
		only := p.OnlyOB
		p.mu.Unlock()
		if only {
			http.NotFound(w, r)
			return
		}
		p.discovery(w, "clr", CLRScope)
	})
	mux.HandleFunc("GET /.well-known/oauth-authorization-server", func(w http.ResponseWriter, r *http.Request) {
		js(w, 200, map[string]any{"issuer": p.Base, "authorization_endpoint": p.Base + "/authorize", "token_endpoint": p.Base + "/token", "revocation_endpoint": p.Base + "/revoke"})
	})
	mux.HandleFunc("POST /register", p.register)
	mux.HandleFunc("GET /authorize", p.authorize)
	mux.HandleFunc("POST /token", p.token)
	mux.HandleFunc("POST /revoke", p.revoke)
	mux.HandleFunc("GET /ims/ob/v3p0/credentials", func(w http.ResponseWriter, r *http.Request) { p.credentials(w, r, "ob") })
	mux.HandleFunc("GET /ims/clr/v2p0/credentials", func(w http.ResponseWriter, r *http.Request) { p.credentials(w, r, "clr") })
	srv := httptest.NewTLSServer(mux)
	t.Cleanup(srv.Close)
	p.Base = "https://example.com:" + srv.URL[strings.LastIndex(srv.URL, ":")+1:]
	p.Roots = x509.NewCertPool()
	p.Roots.AddCert(srv.Certificate())
	return p
}

func js(w http.ResponseWriter, code int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(code)
	json.NewEncoder(w).Encode(v)
}

func (p *Provider) discovery(w http.ResponseWriter, api, scope string) {
	js(w, 200, map[string]any{
		"openapi": "3.0.1",
		"info": map[string]any{
			"title": "Loopback College", "version": "1.0",
			"termsOfService": p.Base + "/terms", "x-imssf-privacyPolicyUrl": p.Base + "/privacy", "x-imssf-image": p.Base + "/logo.png",
		},
		"components": map[string]any{"securitySchemes": map[string]any{"OAuth2ACG": map[string]any{
			"type": "oauth2", "x-imssf-registrationUrl": p.Base + "/register",
			"flows": map[string]any{"authorizationCode": map[string]any{
				"authorizationUrl": p.Base + "/authorize", "tokenUrl": p.Base + "/token", "refreshUrl": p.Base + "/token",
				"scopes": map[string]any{scope: "read credentials"},
			}},
		}}},
	})
}

// Set changes the provider's settings (Holder, NextTo...) under its lock.
func (p *Provider) Set(f func(p *Provider)) {
	p.mu.Lock()
	defer p.mu.Unlock()
	f(p)
}

// Registrations is how many times a client registered.
func (p *Provider) Registrations() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.registrations
}

// register is RFC 7591, checking the fields the OB API requires and a
// loopback redirect.
func (p *Provider) register(w http.ResponseWriter, r *http.Request) {
	var req map[string]any
	if json.NewDecoder(r.Body).Decode(&req) != nil {
		js(w, 400, map[string]any{"error": "invalid_client_metadata"})
		return
	}
	for _, k := range []string{"client_name", "client_uri", "logo_uri", "tos_uri", "policy_uri", "software_id", "software_version", "scope"} {
		if s, _ := req[k].(string); s == "" {
			js(w, 400, map[string]any{"error": "invalid_client_metadata", "error_description": "no " + k})
			return
		}
	}
	for _, k := range []string{"client_uri", "logo_uri", "tos_uri", "policy_uri"} {
		if !strings.HasPrefix(req[k].(string), "https://github.com/learnerwallet/") {
			js(w, 400, map[string]any{"error": "invalid_client_metadata", "error_description": k + " not on the client's host"})
			return
		}
	}
	uris, _ := req["redirect_uris"].([]any)
	p.mu.Lock()
	webOnly := p.WebOnly
	p.mu.Unlock()
	if webOnly {
		js(w, 400, map[string]any{"error": "invalid_redirect_uri", "error_description": "https redirects on the client's host only"})
		return
	}
	if len(uris) != 1 || uris[0] != "http://127.0.0.1/callback" {
		js(w, 400, map[string]any{"error": "invalid_redirect_uri"})
		return
	}
	p.mu.Lock()
	p.registrations++
	id, secret := fmt.Sprintf("client-%d", p.registrations), "secret-"+random()
	p.clients[id] = secret
	p.mu.Unlock()
	js(w, 201, map[string]any{"client_id": id, "client_secret": secret, "client_id_issued_at": 1, "client_secret_expires_at": 0})
}

// Secret is the client secret given to client id.
func (p *Provider) Secret(id string) string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.clients[id]
}

// authorize signs the learner in at once and sends a code back to the
// loopback redirect (any port, RFC 8252).
func (p *Provider) authorize(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	redirect, err := url.Parse(q.Get("redirect_uri"))
	p.mu.Lock()
	_, known := p.clients[q.Get("client_id")]
	p.mu.Unlock()
	if err != nil || !known || redirect.Scheme != "http" || redirect.Hostname() != "127.0.0.1" || redirect.Path != "/callback" ||
		q.Get("response_type") != "code" || q.Get("code_challenge_method") != "S256" || q.Get("code_challenge") == "" || q.Get("state") == "" ||
		!strings.Contains(q.Get("scope"), OBScope) {
		http.Error(w, "bad authorization request", http.StatusBadRequest)
		return
	}
	code := "code-" + random()
	p.mu.Lock()
	p.codes[code] = grant{challenge: q.Get("code_challenge"), redirect: q.Get("redirect_uri"), client: q.Get("client_id"), scope: q.Get("scope")}
	p.mu.Unlock()
	back := redirect.Query()
	back.Set("code", code)
	back.Set("state", q.Get("state"))
	redirect.RawQuery = back.Encode()
	http.Redirect(w, r, redirect.String(), http.StatusFound)
}

// client is the client that authenticated with HTTP Basic, or "".
func (p *Provider) client(r *http.Request) string {
	id, secret, ok := r.BasicAuth()
	if !ok {
		return ""
	}
	id, _ = url.QueryUnescape(id)
	secret, _ = url.QueryUnescape(secret)
	p.mu.Lock()
	defer p.mu.Unlock()
	if want, ok := p.clients[id]; !ok || want != secret {
		return ""
	}
	return id
}

func (p *Provider) token(w http.ResponseWriter, r *http.Request) {
	client := p.client(r)
	if client == "" {
		js(w, 401, map[string]any{"error": "invalid_client"})
		return
	}
	r.ParseForm()
	p.mu.Lock()
	defer p.mu.Unlock()
	switch r.Form.Get("grant_type") {
	case "authorization_code":
		g, ok := p.codes[r.Form.Get("code")]
		delete(p.codes, r.Form.Get("code"))
		sum := sha256.Sum256([]byte(r.Form.Get("code_verifier")))
		if !ok || g.client != client || g.redirect != r.Form.Get("redirect_uri") || base64.RawURLEncoding.EncodeToString(sum[:]) != g.challenge {
			js(w, 400, map[string]any{"error": "invalid_grant", "error_description": "code, verifier or redirect do not match"})
			return
		}
	case "refresh_token":
		if !p.refresh[r.Form.Get("refresh_token")] {
			js(w, 400, map[string]any{"error": "invalid_grant", "error_description": "this refresh token is not valid"})
			return
		}
		p.refresh[r.Form.Get("refresh_token")] = false // rotated
	default:
		js(w, 400, map[string]any{"error": "unsupported_grant_type"})
		return
	}
	access, refresh := "at-"+random(), "rt-"+random()
	p.access[access], p.refresh[refresh] = true, true
	js(w, 200, map[string]any{"access_token": access, "token_type": "Bearer", "expires_in": 3600, "refresh_token": refresh, "scope": OBScope + " " + CLRScope + " offline_access"})
}

// RevokeAll makes every refresh token invalid, as when the learner
// withdraws consent at the provider.
func (p *Provider) RevokeAll() {
	p.mu.Lock()
	defer p.mu.Unlock()
	for k := range p.refresh {
		p.refresh[k] = false
	}
}

// Revoked are the tokens revoked, in order.
func (p *Provider) Revoked() []string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return append([]string(nil), p.revoked...)
}

// RefreshTokens are every refresh token given, valid or not.
func (p *Provider) RefreshTokens() []string {
	p.mu.Lock()
	defer p.mu.Unlock()
	var out []string
	for k := range p.refresh {
		out = append(out, k)
	}
	return out
}

// ValidRefreshTokens is how many refresh tokens are valid.
func (p *Provider) ValidRefreshTokens() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	n := 0
	for _, ok := range p.refresh {
		if ok {
			n++
		}
	}
	return n
}

func (p *Provider) revoke(w http.ResponseWriter, r *http.Request) {
	if p.client(r) == "" {
		js(w, 401, map[string]any{"error": "invalid_client"})
		return
	}
	r.ParseForm()
	p.mu.Lock()
	p.refresh[r.Form.Get("token")] = false
	p.revoked = append(p.revoked, r.Form.Get("token"))
	p.mu.Unlock()
	w.WriteHeader(200)
}

// credentials answers getCredentials: OB has 5 credentials (3 pages of 2,
// JSON and VC-JWT), CLR 1.
func (p *Provider) credentials(w http.ResponseWriter, r *http.Request, api string) {
	tok, _ := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
	p.mu.Lock()
	ok, expire, retry, holder, nextTo, perPage := p.access[tok], p.Expire, p.RetryAfter, p.Holder, p.NextTo, p.PerPage
	p.Expire, p.RetryAfter = false, ""
	if expire {
		p.access[tok] = false
	}
	p.mu.Unlock()
	switch {
	case retry != "":
		w.Header().Set("Retry-After", retry)
		js(w, 429, map[string]any{"imsx_codeMajor": "failure", "imsx_severity": "error", "imsx_description": "slow down"})
		return
	case !ok || expire:
		js(w, 401, map[string]any{"imsx_codeMajor": "failure", "imsx_severity": "error", "imsx_description": "the access token is not valid"})
		return
	}
	offset, _ := strconv.Atoi(r.URL.Query().Get("offset"))
	limit, _ := strconv.Atoi(r.URL.Query().Get("limit"))
	limit = min(max(limit, 1), perPage)
	total := 5
	if api == "clr" {
		total = 1
	}
	page := map[string]any{}
	var objs []json.RawMessage
	var jwts []string
	for i := offset; i < min(offset+limit, total); i++ {
		if api == "ob" && i%2 == 1 {
			jwts = append(jwts, p.badgeJWT(holder, i))
		} else {
			objs = append(objs, p.badge(holder, api, i))
		}
	}
	if objs != nil {
		page["credential"] = objs
	}
	if jwts != nil {
		page["compactJwsString"] = jwts
	}
	path := p.Base + r.URL.Path
	links := []string{fmt.Sprintf(`<%s?limit=%d&offset=0>; rel="first"`, path, limit)}
	if offset+limit < total {
		next := fmt.Sprintf("%s?limit=%d&offset=%d", path, limit, offset+limit)
		if nextTo != "" {
			next = nextTo + r.URL.Path + next[len(path):]
		}
		links = append(links, fmt.Sprintf(`<%s>; rel="next"`, next))
	}
	w.Header().Set("Link", strings.Join(links, ", "))
	w.Header().Set("X-Total-Count", strconv.Itoa(total))
	js(w, 200, page)
}

// doc is the template as the i-th credential of api issued to the holder.
func (p *Provider) doc(holder, api string, i int) map[string]any {
	template := p.template
	p.mu.Lock()
	if api == "clr" && p.CLRTemplate != nil {
		template = p.CLRTemplate
	}
	p.mu.Unlock()
	var doc map[string]any
	if err := json.Unmarshal(template, &doc); err != nil {
		p.t.Error(err)
		return nil
	}
	delete(doc, "proof")
	doc["id"] = fmt.Sprintf("urn:uuid:0b5e7c1a-0000-4000-8000-%s%07d", api[:1], i)
	doc["name"] = fmt.Sprintf("Loopback %s %d", strings.ToUpper(api), i+1)
	if iss, ok := doc["issuer"].(map[string]any); ok {
		iss["id"] = p.signer.DID
	} else {
		doc["issuer"] = p.signer.DID
	}
	doc["credentialSubject"].(map[string]any)["id"] = holder
	return doc
}

func (p *Provider) badge(holder, api string, i int) json.RawMessage {
	b, _ := json.Marshal(p.signer.Sign(p.t, p.doc(holder, api, i), "2026-12-01T00:00:00Z"))
	return b
}

// badgeJWT is the i-th credential as a VC-JWT.
func (p *Provider) badgeJWT(holder string, i int) string {
	doc := p.doc(holder, "ob", i)
	doc["iss"], doc["jti"], doc["nbf"] = p.signer.DID, doc["id"], 1748736000
	return wallettest.SignVCJWT(p.t, p.signer.Key, p.signer.VM, doc)
}

// Browser opens a sign-in page as the learner's browser would, following
// the provider's redirect back to the wallet's loopback port.
func (p *Provider) Browser(page string) error { return fetchtest.Browser(p.Roots, page) }

// Options are fetch client options that reach the provider (example.com,
// and any other name, is loopback, whose certificate is trusted).
func (p *Provider) Options() fetch.ClientOptions { return fetchtest.Loopback(p.Roots) }

func random() string {
	b := make([]byte, 12)
	rand.Read(b)
	return base64.RawURLEncoding.EncodeToString(b)
}
