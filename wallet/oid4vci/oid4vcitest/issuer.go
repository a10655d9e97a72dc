// Package oid4vcitest is an OpenID4VCI issuer on loopback, written for the
// wallet's tests: it offers credentials with the pre-authorized code flow
// and a transaction code, gives nonces, and issues only on a proof of
// possession that holds, by the did:key the proof names.
package oid4vcitest

import (
	"context"
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
	"strings"
	"sync"
	"testing"

	"github.com/lestrrat-go/jwx/v2/jwa"
	"github.com/lestrrat-go/jwx/v2/jws"
	"github.com/lestrrat-go/jwx/v2/jwt"

	"github.com/learnerwallet/learnerwallet/wallet/did"
	"github.com/learnerwallet/learnerwallet/wallet/fetch"
	"github.com/learnerwallet/learnerwallet/wallet/fetch/fetchtest"
	"github.com/learnerwallet/learnerwallet/wallet/wallettest"
)

// The offer's codes.
const (
	PreAuthorizedCode = "abc"
	TxCode            = "493536"
)

// Issuer is a running issuer. Base is its origin
// (https://example.com:PORT, which the test certificate covers), Issuer its
// identifier (Base + "/edu").
type Issuer struct {
	Base, Issuer string
	Roots        *x509.CertPool
	// Credential makes the credential issued to the holder DID (the
	// proof's key) for a configuration id; the document as JSON.
	Credential func(holderDID, configID string) []byte
	// File is served at Issuer + "/files/badge.json": a credential file
	// to download, not offered.
	File []byte

	mu      sync.Mutex
	expired bool
	// Set by the test through Set: refuse the next StaleNonces credential
	// requests with invalid_nonce; answer each with Copies credentials.
	StaleNonces, Copies int
	nonce               int
	Holders             []string // the DIDs credentials were issued to, in order
	// the authorization code flow: the code given, for its challenge and
	// redirect
	challenge, redirect string
}

// AuthorizationCode is the code the sign-in page gives.
const AuthorizationCode = "authcode-1"

// Start starts an issuer for t.
func Start(t testing.TB, credential func(holderDID, configID string) []byte) *Issuer {
	t.Helper()
	is := &Issuer{Credential: credential}
	mux := http.NewServeMux()
	js := func(w http.ResponseWriter, code int, v any) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(code)
		json.NewEncoder(w).Encode(v)
	}
	mux.HandleFunc("GET /.well-known/openid-credential-issuer/edu", func(w http.ResponseWriter, r *http.Request) {
		js(w, 200, map[string]any{
			"credential_issuer":   is.Issuer,
			"credential_endpoint": is.Issuer + "/credential",
			"nonce_endpoint":      is.Issuer + "/nonce",
			"display":             []any{map[string]any{"name": "Loopback University", "locale": "en"}},
			"credential_configurations_supported": map[string]any{
				"OpenBadgeCredential_ldp": map[string]any{
					"format":                "ldp_vc",
					"credential_definition": map[string]any{"@context": []string{"https://www.w3.org/ns/credentials/v2"}, "type": []string{"VerifiableCredential", "OpenBadgeCredential"}},
					"proof_types_supported": map[string]any{"jwt": map[string]any{"proof_signing_alg_values_supported": []string{"EdDSA"}}},
					"credential_metadata":   map[string]any{"display": []any{map[string]any{"name": "Teamwork badge"}}},
				},
				JWTConfig: map[string]any{
					"format":                "jwt_vc_json",
					"credential_definition": map[string]any{"type": []string{"VerifiableCredential", "OpenBadgeCredential"}},
					"proof_types_supported": map[string]any{"jwt": map[string]any{"proof_signing_alg_values_supported": []string{"EdDSA"}}},
					"credential_metadata":   map[string]any{"display": []any{map[string]any{"name": "Teamwork badge (JWT)"}}},
				},
				"Degree_sdjwt": map[string]any{"format": "dc+sd-jwt", "vct": "https://example.com/degree"},
				ES256Config: map[string]any{
					"format":                "ldp_vc",
					"proof_types_supported": map[string]any{"jwt": map[string]any{"proof_signing_alg_values_supported": []string{"ES256"}}},
				},
			},
		})
	})
	mux.HandleFunc("GET /.well-known/oauth-authorization-server/edu", func(w http.ResponseWriter, r *http.Request) {
		js(w, 200, map[string]any{"issuer": is.Issuer, "token_endpoint": is.Issuer + "/token", "authorization_endpoint": is.Issuer + "/authorize"})
	})
	// The sign-in page signs the learner in at once and sends the code
	// back to the wallet's loopback redirect.
	mux.HandleFunc("GET /edu/authorize", func(w http.ResponseWriter, r *http.Request) {
		q := r.URL.Query()
		redirect, err := url.Parse(q.Get("redirect_uri"))
		if err != nil || redirect.Scheme != "http" || redirect.Hostname() != "127.0.0.1" || q.Get("response_type") != "code" ||
			q.Get("code_challenge_method") != "S256" || q.Get("code_challenge") == "" || q.Get("authorization_details") == "" {
			http.Error(w, "bad authorization request", http.StatusBadRequest)
			return
		}
		is.mu.Lock()
		is.challenge, is.redirect = q.Get("code_challenge"), q.Get("redirect_uri")
		is.mu.Unlock()
		back := redirect.Query()
		back.Set("code", AuthorizationCode)
		back.Set("state", q.Get("state"))
		redirect.RawQuery = back.Encode()
		http.Redirect(w, r, redirect.String(), http.StatusFound)
	})
	mux.HandleFunc("POST /edu/token", func(w http.ResponseWriter, r *http.Request) {
		r.ParseForm()
		if r.Form.Get("grant_type") == "authorization_code" {
			sum := sha256.Sum256([]byte(r.Form.Get("code_verifier")))
			is.mu.Lock()
			ok := r.Form.Get("code") == AuthorizationCode && base64.RawURLEncoding.EncodeToString(sum[:]) == is.challenge && r.Form.Get("redirect_uri") == is.redirect
			is.mu.Unlock()
			if !ok {
				js(w, 400, map[string]any{"error": "invalid_grant", "error_description": "code, verifier or redirect do not match"})
				return
			}
			js(w, 200, map[string]any{"access_token": "tok", "token_type": "Bearer", "expires_in": 300})
			return
		}
		is.mu.Lock()
		expired := is.expired
		is.mu.Unlock()
		switch {
		case expired:
			js(w, 400, map[string]any{"error": "invalid_grant", "error_description": "this offer has expired"})
		case r.Form.Get("pre-authorized_code") != PreAuthorizedCode:
			js(w, 400, map[string]any{"error": "invalid_grant", "error_description": "this offer is not known"})
		case r.Form.Get("tx_code") != TxCode:
			js(w, 400, map[string]any{"error": "invalid_grant", "error_description": "wrong transaction code"})
		default:
			js(w, 200, map[string]any{"access_token": "tok", "token_type": "Bearer", "expires_in": 300})
		}
	})
	mux.HandleFunc("GET /edu/files/badge.json", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/ld+json")
		w.Write(is.File)
	})
	mux.HandleFunc("GET /edu/offers/1", func(w http.ResponseWriter, r *http.Request) {
		is.mu.Lock()
		expired := is.expired
		is.mu.Unlock()
		if expired {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		w.Write([]byte(is.offer(LDPConfig)))
	})
	mux.HandleFunc("POST /edu/nonce", func(w http.ResponseWriter, r *http.Request) {
		is.mu.Lock()
		is.nonce++
		n := is.nonce
		is.mu.Unlock()
		js(w, 200, map[string]any{"c_nonce": fmt.Sprintf("n%d", n)})
	})
	mux.HandleFunc("POST /edu/credential", func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("Authorization") != "Bearer tok" {
			js(w, 401, map[string]any{"error": "invalid_token"})
			return
		}
		var req struct {
			ID     string `json:"credential_configuration_id"`
			Proofs struct {
				JWT []string `json:"jwt"`
			} `json:"proofs"`
		}
		if json.NewDecoder(r.Body).Decode(&req) != nil || len(req.Proofs.JWT) != 1 {
			js(w, 400, map[string]any{"error": "invalid_credential_request"})
			return
		}
		is.mu.Lock()
		stale := is.StaleNonces > 0
		if stale {
			is.StaleNonces--
		}
		is.mu.Unlock()
		if stale {
			js(w, 400, map[string]any{"error": "invalid_nonce", "error_description": "the nonce is stale"})
			return
		}
		holder, err := is.checkProof(r.Context(), req.Proofs.JWT[0])
		if err != nil {
			js(w, 400, map[string]any{"error": "invalid_proof", "error_description": err.Error()})
			return
		}
		is.mu.Lock()
		is.Holders = append(is.Holders, holder)
		is.mu.Unlock()
		c := is.Credential(holder, req.ID)
		if len(c) > 0 && c[0] != '{' {
			c, _ = json.Marshal(string(c)) // a JWT
		}
		is.mu.Lock()
		copies := max(1, is.Copies)
		is.mu.Unlock()
		out := []any{}
		for range copies {
			out = append(out, map[string]any{"credential": json.RawMessage(c)})
		}
		js(w, 200, map[string]any{"credentials": out})
	})
	srv := httptest.NewTLSServer(mux)
	t.Cleanup(srv.Close)
	is.Base = "https://example.com:" + srv.URL[strings.LastIndex(srv.URL, ":")+1:]
	is.Issuer = is.Base + "/edu"
	is.Roots = x509.NewCertPool()
	is.Roots.AddCert(srv.Certificate())
	return is
}

// The issuer's credential configurations: a VCDM 2.0 credential with a
// Data Integrity proof, the same as a VCDM 1.1 credential in a JWT, and
// one the wallet cannot keep (an SD-JWT).
const (
	LDPConfig   = "OpenBadgeCredential_ldp"
	JWTConfig   = "OpenBadgeCredential_jwt"
	SDJWTConfig = "Degree_sdjwt"
	ES256Config = "Badge_es256" // takes proofs signed ES256 only
)

// Set changes the issuer's behaviour under its lock.
func (is *Issuer) Set(f func(is *Issuer)) {
	is.mu.Lock()
	defer is.mu.Unlock()
	f(is)
}

// Offer is an offer link of the issuer's ldp_vc credential, with a
// transaction code.
func (is *Issuer) Offer() string { return is.OfferOf(LDPConfig) }

// OfferOf is an offer link of the configurations ids, with a transaction
// code.
func (is *Issuer) OfferOf(ids ...string) string {
	return "openid-credential-offer://?credential_offer=" + url.QueryEscape(is.offer(ids...))
}

// OfferByReference is an offer link naming where the offer of the ldp_vc
// credential is, until the offer expires.
func (is *Issuer) OfferByReference() string {
	return "openid-credential-offer://?credential_offer_uri=" + url.QueryEscape(is.Issuer+"/offers/1")
}

// Expire makes the offers expire: the offer by reference is no longer
// there, and the pre-authorized code is refused.
func (is *Issuer) Expire() {
	is.mu.Lock()
	is.expired = true
	is.mu.Unlock()
}

func (is *Issuer) offer(ids ...string) string {
	b, _ := json.Marshal(ids)
	return fmt.Sprintf(`{"credential_issuer":%q,"credential_configuration_ids":%s,`+
		`"grants":{"urn:ietf:params:oauth:grant-type:pre-authorized_code":{"pre-authorized_code":%q,"tx_code":{"length":6,"description":"The code we e-mailed you"}}}}`,
		is.Issuer, b, PreAuthorizedCode)
}

// AuthorizationOffer is an offer link of the issuer's one credential for
// the authorization code flow.
func (is *Issuer) AuthorizationOffer() string {
	offer := fmt.Sprintf(`{"credential_issuer":%q,"credential_configuration_ids":["OpenBadgeCredential_ldp"],"grants":{"authorization_code":{"issuer_state":"s-1"}}}`, is.Issuer)
	return "openid-credential-offer://?credential_offer=" + url.QueryEscape(offer)
}

// Browser opens a sign-in page as the learner's browser would: following
// the issuer's redirect back to the wallet's loopback port.
func (is *Issuer) Browser(page string) error { return fetchtest.Browser(is.Roots, page) }

// Options are fetch client options that reach the issuer (example.com is
// loopback, whose certificate is trusted).
func (is *Issuer) Options() fetch.ClientOptions { return fetchtest.Loopback(is.Roots) }

// checkProof is the issuer's side: typ, a did:key kid whose key signed,
// aud this issuer, the nonce it last gave. It returns the holder's DID.
func (is *Issuer) checkProof(ctx context.Context, s string) (string, error) {
	msg, err := jws.Parse([]byte(s))
	if err != nil {
		return "", err
	}
	h := msg.Signatures()[0].ProtectedHeaders()
	if h.Type() != "openid4vci-proof+jwt" || !strings.HasPrefix(h.KeyID(), "did:key:") {
		return "", fmt.Errorf("typ %s, kid %s", h.Type(), h.KeyID())
	}
	m, err := (&did.Resolver{}).Method(ctx, h.KeyID())
	if err != nil {
		return "", err
	}
	tok, err := jwt.Parse([]byte(s), jwt.WithKey(jwa.EdDSA, m.PublicKey), jwt.WithValidate(false))
	if err != nil {
		return "", err
	}
	nonce, _ := tok.Get("nonce")
	is.mu.Lock()
	want := fmt.Sprintf("n%d", is.nonce)
	is.mu.Unlock()
	if len(tok.Audience()) != 1 || tok.Audience()[0] != is.Issuer || nonce != want {
		return "", fmt.Errorf("aud %v, nonce %v", tok.Audience(), nonce)
	}
	return m.Controller, nil
}

// IssuedTo returns a Credential func that issues template (a credential's
// JSON, its proof dropped) to the holder DID, signed anew by a did:key
// issuer of its own: a credential that verifies as Valid for that holder.
// For JWTConfig it is a VCDM 1.1 credential in a JWT's vc claim.
func IssuedTo(t testing.TB, template []byte) func(holderDID, configID string) []byte {
	_, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	signer := wallettest.NewKeyIssuer(priv)
	return func(holderDID, configID string) []byte {
		var doc map[string]any
		if err := json.Unmarshal(template, &doc); err != nil {
			t.Error(err)
			return nil
		}
		delete(doc, "proof")
		if iss, ok := doc["issuer"].(map[string]any); ok {
			iss["id"] = signer.DID
		} else {
			doc["issuer"] = signer.DID
		}
		doc["credentialSubject"].(map[string]any)["id"] = holderDID
		if configID == JWTConfig {
			return []byte(vcClaimJWT(t, signer, doc, holderDID))
		}
		b, _ := json.Marshal(signer.Sign(t, doc, "2026-12-01T00:00:00Z"))
		return b
	}
}

// vcClaimJWT is doc, made a VCDM 1.1 credential, in the vc claim of a JWT
// signer signs (jwt_vc_json).
func vcClaimJWT(t testing.TB, signer wallettest.KeyIssuer, doc map[string]any, holderDID string) string {
	ctx, _ := doc["@context"].([]any)
	v11 := []any{"https://www.w3.org/2018/credentials/v1"}
	for _, c := range ctx {
		if c != "https://www.w3.org/ns/credentials/v2" {
			v11 = append(v11, c)
		}
	}
	doc["@context"] = v11
	delete(doc, "validFrom")
	delete(doc, "validUntil")
	doc["issuanceDate"] = "2026-12-01T00:00:00Z"
	claims := map[string]any{"iss": signer.DID, "sub": holderDID, "nbf": 1796083200, "vc": doc}
	if id, ok := doc["id"].(string); ok {
		claims["jti"] = id
	}
	return wallettest.SignVCJWT(t, signer.Key, signer.VM, claims)
}
