package oid4vci

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"sync"
	"time"
)

// ClientID is the client id the wallet gives authorization servers that
// take public clients without registration.
const ClientID = "learner-wallet"

// Authorization is an authorization code flow under way (RFC 6749 with
// PKCE S256, RFC 7636, and a loopback redirect, RFC 8252): URL is to be
// opened in the learner's browser; Wait returns the code the server sends
// back to this computer.
type Authorization struct {
	URL      string
	Redirect string

	verifier, state string
	srv             *http.Server
	done            chan authResult
	once            sync.Once
}

type authResult struct {
	code string
	err  error
}

// StartAuthorization listens on a loopback port for the redirect and
// prepares the authorization request for the credentials an offer names,
// with its issuer_state when it gives one.
func StartAuthorization(as *AuthServerMetadata, o *Offer) (*Authorization, error) {
	if err := checkHTTPS(as.AuthorizationEndpoint); err != nil {
		return nil, err
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	a := &Authorization{verifier: randomString(32), state: randomString(16), done: make(chan authResult, 1)}
	a.Redirect = fmt.Sprintf("http://%s/callback", ln.Addr())
	details := make([]map[string]any, 0, len(o.ConfigurationIDs))
	for _, id := range o.ConfigurationIDs {
		details = append(details, map[string]any{"type": "openid_credential", "credential_configuration_id": id})
	}
	dj, _ := json.Marshal(details)
	sum := sha256.Sum256([]byte(a.verifier))
	q := url.Values{
		"response_type":         {"code"},
		"client_id":             {ClientID},
		"redirect_uri":          {a.Redirect},
		"state":                 {a.state},
		"code_challenge":        {base64.RawURLEncoding.EncodeToString(sum[:])},
		"code_challenge_method": {"S256"},
		"authorization_details": {string(dj)},
	}
	if g := o.Grants.AuthorizationCode; g != nil && g.IssuerState != "" {
		q.Set("issuer_state", g.IssuerState)
	}
	a.URL = as.AuthorizationEndpoint + "?" + q.Encode()
	mux := http.NewServeMux()
	mux.HandleFunc("GET /callback", func(w http.ResponseWriter, r *http.Request) {
		q := r.URL.Query()
		var res authResult
		switch {
		case q.Get("state") != a.state:
			// Not the answer to this request: someone else's page, or a
			// forgery. Ignored; the flow goes on waiting.
			http.Error(w, "This is not the answer Learner Wallet is waiting for.", http.StatusBadRequest)
			return
		case q.Get("error") != "":
			res.err = &Error{Code: Refused, OAuth: &OAuthError{Code: q.Get("error"), Description: q.Get("error_description")}}
		case q.Get("code") == "":
			res.err = &Error{Code: Malformed, Detail: "no code in the redirect"}
		default:
			res.code = q.Get("code")
		}
		fmt.Fprintln(w, "Learner Wallet has the answer. You can close this page and go back to the wallet.")
		a.once.Do(func() { a.done <- res })
	})
	a.srv = &http.Server{Handler: mux, ReadHeaderTimeout: 10 * time.Second}
	go a.srv.Serve(ln)
	return a, nil
}

// Wait returns the code the server sent back, or why not; it stops
// listening either way. ctx bounds how long the learner has to sign in.
func (a *Authorization) Wait(ctx context.Context) (string, error) {
	defer a.srv.Close()
	select {
	case r := <-a.done:
		return r.code, r.err
	case <-ctx.Done():
		return "", &Error{Code: Unreachable, Detail: "no answer from the sign-in page in time", Err: ctx.Err()}
	}
}

// ExchangeCode exchanges the code for an access token, proving with the
// PKCE verifier that this wallet asked for it.
func (a *Authorization) ExchangeCode(ctx context.Context, n Network, tokenEndpoint, code string) (*Token, error) {
	form := url.Values{
		"grant_type":    {"authorization_code"},
		"code":          {code},
		"redirect_uri":  {a.Redirect},
		"client_id":     {ClientID},
		"code_verifier": {a.verifier},
	}
	return postToken(ctx, n, tokenEndpoint, form)
}

func randomString(n int) string {
	b := make([]byte, n)
	if _, err := rand.Read(b); err != nil {
		panic(errors.New("crypto/rand failed"))
	}
	return base64.RawURLEncoding.EncodeToString(b)
}
