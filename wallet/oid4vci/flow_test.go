package oid4vci

import (
	"context"
	"crypto/x509"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"os"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/lestrrat-go/jwx/v2/jwa"
	"github.com/lestrrat-go/jwx/v2/jws"
	"github.com/lestrrat-go/jwx/v2/jwt"

	"github.com/learnerwallet/learnerwallet/wallet/fetch"
	"github.com/learnerwallet/learnerwallet/wallet/holder"
)

// loopbackIssuer is an OpenID4VCI issuer on loopback, written for these
// tests: the pre-authorized code flow with a transaction code, a nonce
// endpoint, and a credential endpoint that checks the proof of possession
// against key.
type loopbackIssuer struct {
	base, issuer string
	nonces       atomic.Int32
	issued       atomic.Int32
	credential   []byte
	key          *holder.Key
}

func startIssuer(t *testing.T, key *holder.Key) (*loopbackIssuer, *fetch.Client) {
	t.Helper()
	cred, err := os.ReadFile("../../testdata/generated/badge-teamwork-signed.json")
	if err != nil {
		t.Fatal(err)
	}
	li := &loopbackIssuer{credential: cred, key: key}
	mux := http.NewServeMux()
	js := func(w http.ResponseWriter, code int, v any) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(code)
		json.NewEncoder(w).Encode(v)
	}
	mux.HandleFunc("/.well-known/openid-credential-issuer/edu", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.Write([]byte(strings.ReplaceAll(goodMetadata, "https://issuer.example", li.base)))
	})
	mux.HandleFunc("/.well-known/oauth-authorization-server/edu", func(w http.ResponseWriter, r *http.Request) {
		js(w, 200, map[string]any{"issuer": li.issuer, "token_endpoint": li.issuer + "/token"})
	})
	mux.HandleFunc("POST /edu/token", func(w http.ResponseWriter, r *http.Request) {
		r.ParseForm()
		switch {
		case r.Form.Get("grant_type") != PreAuthorizedGrant || r.Form.Get("pre-authorized_code") != "abc":
			js(w, 400, map[string]any{"error": "invalid_grant", "error_description": "this offer is not known"})
		case r.Form.Get("tx_code") != "493536":
			js(w, 400, map[string]any{"error": "invalid_grant", "error_description": "wrong transaction code"})
		default:
			js(w, 200, map[string]any{"access_token": "tok", "token_type": "Bearer", "expires_in": 300})
		}
	})
	mux.HandleFunc("POST /edu/nonce", func(w http.ResponseWriter, r *http.Request) {
		js(w, 200, map[string]any{"c_nonce": fmt.Sprintf("n%d", li.nonces.Add(1))})
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
		if err := li.checkProof(req.Proofs.JWT[0]); err != nil {
			js(w, 400, map[string]any{"error": "invalid_proof", "error_description": err.Error()})
			return
		}
		li.issued.Add(1)
		js(w, 200, map[string]any{"credentials": []any{map[string]any{"credential": json.RawMessage(li.credential)}}})
	})
	srv := httptest.NewTLSServer(mux)
	t.Cleanup(srv.Close)
	li.base = "https://example.com:" + srv.URL[strings.LastIndex(srv.URL, ":")+1:]
	li.issuer = li.base + "/edu"
	roots := x509.NewCertPool()
	roots.AddCert(srv.Certificate())
	lookup := func(context.Context, string) ([]netip.Addr, error) {
		return []netip.Addr{netip.MustParseAddr("127.0.0.1")}, nil
	}
	return li, fetch.NewClient(fetch.ClientOptions{Scope: fetch.PublicAndPrivate, RootCAs: roots, LookupIP: lookup})
}

// checkProof is the issuer's side: typ, kid the learner's key, aud this
// issuer, the nonce it last gave, and a signature that holds.
func (li *loopbackIssuer) checkProof(s string) error {
	msg, err := jws.Parse([]byte(s))
	if err != nil {
		return err
	}
	h := msg.Signatures()[0].ProtectedHeaders()
	if h.Type() != holder.IssuanceProofType || h.KeyID() != li.key.VerificationMethod() {
		return fmt.Errorf("typ %s, kid %s", h.Type(), h.KeyID())
	}
	tok, err := jwt.Parse([]byte(s), jwt.WithKey(jwa.EdDSA, li.key.Public()), jwt.WithValidate(false))
	if err != nil {
		return err
	}
	nonce, _ := tok.Get("nonce")
	if len(tok.Audience()) != 1 || tok.Audience()[0] != li.issuer || nonce != fmt.Sprintf("n%d", li.nonces.Load()) {
		return fmt.Errorf("aud %v, nonce %v", tok.Audience(), nonce)
	}
	return nil
}

// TestReceivePreAuthorized: an offer with a transaction code, received
// from a loopback issuer: two credentials, each requested with a fresh
// nonce and a proof the issuer checks; a wrong transaction code is the
// issuer's refusal, in its words and code.
func TestReceivePreAuthorized(t *testing.T) {
	key, err := holder.Generate()
	if err != nil {
		t.Fatal(err)
	}
	li, client := startIssuer(t, key)
	ctx := context.Background()
	o, err := ParseOffer([]byte(strings.ReplaceAll(goodOffer, "https://issuer.example", li.base)))
	if err != nil {
		t.Fatal(err)
	}
	m, err := FetchIssuerMetadata(ctx, client, o.CredentialIssuer)
	if err != nil {
		t.Fatal(err)
	}
	_, err = ReceivePreAuthorized(ctx, client, o, m, key, "000000", time.Now())
	var e *Error
	if !hasCode(err, Refused) || !errors.As(err, &e) || e.OAuth == nil || e.OAuth.Code != "invalid_grant" || e.OAuth.Description != "wrong transaction code" {
		t.Fatalf("a wrong transaction code: %v", err)
	}
	creds, err := ReceivePreAuthorized(ctx, client, o, m, key, "493536", time.Now())
	if err != nil {
		t.Fatal(err)
	}
	if len(creds) != 2 || !json.Valid(creds[0]) || li.issued.Load() != 2 || li.nonces.Load() != 2 {
		t.Fatalf("%d credentials, %d issued, %d nonces", len(creds), li.issued.Load(), li.nonces.Load())
	}
	// Another key than the one the issuer expects: its proof is refused.
	other, _ := holder.Generate()
	if _, err := ReceivePreAuthorized(ctx, client, o, m, other, "493536", time.Now()); !hasCode(err, Refused) {
		t.Errorf("a proof by another key: %v", err)
	}
}
