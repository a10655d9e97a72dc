package oid4vci

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/learnerwallet/learnerwallet/wallet/credential"
	"github.com/learnerwallet/learnerwallet/wallet/fetch"
	"github.com/learnerwallet/learnerwallet/wallet/holder"
	"github.com/learnerwallet/learnerwallet/wallet/internal/jsonv"
)

// More problems of a flow.
const (
	Refused     Code = "refused"     // the server refused, saying why in an OAuth error (Error.OAuth)
	Unsupported Code = "unsupported" // the issuer asks for something the wallet does not do (DPoP, deferred issuance)
	NotBound    Code = "not-bound"   // a credential issued to someone else than the key that proved possession
)

// Network is what receiving needs of the wallet's one network client
// (fetch.Client): GET and POST, under its address policy.
type Network interface {
	fetch.Fetcher
	Post(ctx context.Context, rawURL, contentType string, body []byte, header http.Header, accept ...string) (*fetch.Response, error)
}

// AuthServerMetadata is what an OAuth authorization server publishes
// about itself (RFC 8414).
type AuthServerMetadata struct {
	Issuer                string `json:"issuer"`
	TokenEndpoint         string `json:"token_endpoint"`
	AuthorizationEndpoint string `json:"authorization_endpoint,omitempty"`
}

// FetchAuthServerMetadata fetches a server's metadata from
// /.well-known/oauth-authorization-server, else from its OpenID
// configuration; it must name the server asked for, exactly.
func FetchAuthServerMetadata(ctx context.Context, n fetch.Fetcher, server string) (*AuthServerMetadata, error) {
	first, err := WellKnown(server, "oauth-authorization-server")
	if err != nil {
		return nil, err
	}
	second := strings.TrimSuffix(server, "/") + "/.well-known/openid-configuration"
	var last error
	for _, where := range []string{first, second} {
		r, err := n.Get(ctx, where, "application/json")
		if err != nil {
			last = &Error{Code: Unreachable, Detail: where, Err: err}
			continue
		}
		var m AuthServerMetadata
		if err := decodeStrict(r.Body, &m); err != nil {
			return nil, err
		}
		if m.Issuer != server {
			return nil, &Error{Code: WrongIssuer, Detail: m.Issuer + ", not " + server}
		}
		if err := checkHTTPS(m.TokenEndpoint); err != nil {
			return nil, err
		}
		return &m, nil
	}
	return nil, last
}

// Token is an access token the authorization server granted.
type Token struct {
	AccessToken string `json:"access_token"`
	TokenType   string `json:"token_type"`
	ExpiresIn   int    `json:"expires_in,omitempty"`
	// AuthorizationDetails are the credentials the token is for, when the
	// server says (it must when authorization_details were asked with):
	// each then asked for by one of its credential_identifiers.
	AuthorizationDetails []AuthorizationDetail `json:"authorization_details,omitempty"`
}

// AuthorizationDetail is one openid_credential entry of a token response:
// a configuration and the identifiers of the credentials it may get.
type AuthorizationDetail struct {
	Type            string   `json:"type"`
	ConfigurationID string   `json:"credential_configuration_id,omitempty"`
	Identifiers     []string `json:"credential_identifiers,omitempty"`
}

// maxIdentifiers bounds the credentials asked for of one configuration,
// and maxRequests those of one offer: each is a proof, a request, and a
// credential stored.
const (
	maxIdentifiers = 8
	maxRequests    = 64
)

// requests are the credential requests for configuration id: one per
// credential_identifier the token response gave for it (OpenID4VCI 1.0
// 8.2: credential_configuration_id must not be used then), else one by
// credential_configuration_id.
func (t *Token) requests(id string) []map[string]any {
	var out []map[string]any
	for _, d := range t.AuthorizationDetails {
		if d.Type == "openid_credential" && d.ConfigurationID == id {
			for _, ci := range d.Identifiers {
				if len(out) == maxIdentifiers {
					break // the rest are not asked for: an issuer gives a few of a kind
				}
				out = append(out, map[string]any{"credential_identifier": ci})
			}
		}
	}
	if len(out) == 0 {
		out = append(out, map[string]any{"credential_configuration_id": id})
	}
	return out
}

// OAuthError is what an OAuth server said when it refused: an error code
// ("invalid_grant") and its words (from the server: sanitize to show).
type OAuthError struct {
	Code        string `json:"error"`
	Description string `json:"error_description,omitempty"`
}

// RequestToken exchanges a pre-authorized code (and the transaction code
// the learner typed, when the offer asks for one) for an access token.
func RequestToken(ctx context.Context, n Network, tokenEndpoint string, g *PreAuthorizedCodeGrant, txCode string) (*Token, error) {
	form := url.Values{"grant_type": {PreAuthorizedGrant}, "pre-authorized_code": {g.Code}}
	if g.TxCode != nil {
		form.Set("tx_code", txCode)
	}
	return postToken(ctx, n, tokenEndpoint, form)
}

// postToken asks the token endpoint for an access token with form.
func postToken(ctx context.Context, n Network, tokenEndpoint string, form url.Values) (*Token, error) {
	r, err := n.Post(ctx, tokenEndpoint, "application/x-www-form-urlencoded", []byte(form.Encode()), nil, "application/json")
	if err != nil {
		return nil, refusal(tokenEndpoint, err)
	}
	var t Token
	if err := decodeStrict(r.Body, &t); err != nil {
		return nil, err
	}
	switch {
	case t.AccessToken == "":
		return nil, &Error{Code: Malformed, Detail: "no access_token"}
	case !strings.EqualFold(t.TokenType, "Bearer"):
		return nil, &Error{Code: Unsupported, Detail: "token_type " + t.TokenType}
	}
	return &t, nil
}

// Nonce asks the issuer's nonce endpoint for a fresh nonce to prove
// possession of the learner's key with.
func Nonce(ctx context.Context, n Network, endpoint string) (string, error) {
	// No body, as the specification's example (OpenID4VCI 1.0 7.1).
	r, err := n.Post(ctx, endpoint, "", nil, nil, "application/json")
	if err != nil {
		return "", refusal(endpoint, err)
	}
	var v struct {
		Nonce string `json:"c_nonce"`
	}
	if err := decodeStrict(r.Body, &v); err != nil {
		return "", err
	}
	if v.Nonce == "" {
		return "", &Error{Code: Malformed, Detail: "no c_nonce"}
	}
	return v.Nonce, nil
}

// requestCredential asks the credential endpoint for the credential
// request names (by credential_configuration_id or credential_identifier),
// bound to the key that signed proof, and returns what it issued: each
// credential as bytes (a JWT, or a credential's JSON).
func requestCredential(ctx context.Context, n Network, endpoint string, t *Token, request map[string]any, proof string) ([][]byte, error) {
	request["proofs"] = map[string]any{"jwt": []string{proof}}
	body, err := json.Marshal(request)
	if err != nil {
		return nil, err
	}
	header := http.Header{"Authorization": {"Bearer " + t.AccessToken}}
	r, err := n.Post(ctx, endpoint, "application/json", body, header, "application/json")
	if err != nil {
		return nil, refusal(endpoint, err)
	}
	var v struct {
		Credentials []struct {
			Credential json.RawMessage `json:"credential"`
		} `json:"credentials"`
		TransactionID string `json:"transaction_id"`
	}
	if err := decodeStrict(r.Body, &v); err != nil {
		return nil, err
	}
	if v.TransactionID != "" && len(v.Credentials) == 0 {
		return nil, &Error{Code: Unsupported, Detail: "deferred issuance"}
	}
	if len(v.Credentials) == 0 {
		return nil, &Error{Code: Malformed, Detail: "no credentials"}
	}
	if len(v.Credentials) > 1 {
		// One proof was sent: one key, one credential.
		return nil, &Error{Code: Malformed, Detail: fmt.Sprintf("%d credentials for one proof", len(v.Credentials))}
	}
	out := make([][]byte, 0, len(v.Credentials))
	for _, c := range v.Credentials {
		var s string
		switch {
		case json.Unmarshal(c.Credential, &s) == nil && s != "":
			out = append(out, []byte(s)) // a JWT
		case len(c.Credential) > 0 && c.Credential[0] == '{':
			out = append(out, c.Credential)
		default:
			return nil, &Error{Code: Malformed, Detail: "a credential that is neither a string nor an object"}
		}
	}
	return out, nil
}

// ReceivePreAuthorized runs the pre-authorized code flow for every
// credential an offer names: a token (with txCode, when asked for), a
// nonce, a proof of possession signed by key for each, and the credential
// request. It returns the credentials issued, not yet verified: they go
// through the wallet's import like any other.
func ReceivePreAuthorized(ctx context.Context, n Network, o *Offer, m *IssuerMetadata, key *holder.Key, txCode string, now time.Time) ([][]byte, error) {
	g := o.Grants.PreAuthorized
	if g == nil {
		return nil, &Error{Code: Unsupported, Detail: "no pre-authorized code in the offer"}
	}
	if _, err := m.Offered(o); err != nil {
		return nil, err
	}
	server, err := m.AuthorizationServer(g.AuthorizationServer)
	if err != nil {
		return nil, err
	}
	as, err := FetchAuthServerMetadata(ctx, n, server)
	if err != nil {
		return nil, err
	}
	t, err := RequestToken(ctx, n, as.TokenEndpoint, g, txCode)
	if err != nil {
		return nil, err
	}
	return issue(ctx, n, o, m, key, t, now)
}

// ReceiveAuthorized runs the authorization code flow: open (the system
// browser) shows the learner the issuer's sign-in page, whose answer comes
// back to a loopback port; the code and the PKCE verifier get a token;
// then each credential as ReceivePreAuthorized does. ctx bounds the whole,
// the learner's signing in included.
func ReceiveAuthorized(ctx context.Context, n Network, o *Offer, m *IssuerMetadata, key *holder.Key, open func(url string) error, now time.Time) ([][]byte, error) {
	if _, err := m.Offered(o); err != nil {
		return nil, err
	}
	named := ""
	if g := o.Grants.AuthorizationCode; g != nil {
		named = g.AuthorizationServer
	}
	server, err := m.AuthorizationServer(named)
	if err != nil {
		return nil, err
	}
	as, err := FetchAuthServerMetadata(ctx, n, server)
	if err != nil {
		return nil, err
	}
	a, err := StartAuthorization(as, o, m)
	if err != nil {
		return nil, err
	}
	if err := open(a.URL); err != nil {
		a.srv.Close()
		return nil, err
	}
	code, err := a.Wait(ctx)
	if err != nil {
		return nil, err
	}
	t, err := a.ExchangeCode(ctx, n, as.TokenEndpoint, code)
	if err != nil {
		return nil, err
	}
	return issue(ctx, n, o, m, key, t, now)
}

// issue asks, with token t, for each credential an offer names, bound to
// key by a proof over a fresh nonce, and checks each is issued to key.
func issue(ctx context.Context, n Network, o *Offer, m *IssuerMetadata, key *holder.Key, t *Token, now time.Time) ([][]byte, error) {
	var out [][]byte
	type asked struct {
		format  string
		request map[string]any
	}
	var requests []asked
	for _, id := range o.ConfigurationIDs {
		for _, r := range t.requests(id) {
			requests = append(requests, asked{m.Configurations[id].Format, r})
		}
	}
	if len(requests) > maxRequests {
		return nil, &Error{Code: TooLarge, Detail: fmt.Sprintf("%d credentials in one offer", len(requests))}
	}
	for _, a := range requests {
		got, err := requestWithProof(ctx, n, m, key, t, a.request, now)
		if err != nil {
			return nil, err
		}
		for _, b := range got {
			if err := checkIssued(b, a.format, key.DID()); err != nil {
				return nil, err
			}
		}
		out = append(out, got...)
	}
	return out, nil
}

// requestWithProof asks for one credential with a proof over a fresh
// nonce; a nonce the issuer no longer takes (invalid_nonce) is asked for
// anew once (OpenID4VCI 1.0 8.3.1.2).
func requestWithProof(ctx context.Context, n Network, m *IssuerMetadata, key *holder.Key, t *Token, request map[string]any, now time.Time) ([][]byte, error) {
	for try := 0; ; try++ {
		nonce := ""
		if m.NonceEndpoint != "" {
			var err error
			if nonce, err = Nonce(ctx, n, m.NonceEndpoint); err != nil {
				return nil, err
			}
		}
		proof, err := key.SignIssuanceProof(m.CredentialIssuer, nonce, now)
		if err != nil {
			return nil, err
		}
		got, err := requestCredential(ctx, n, m.CredentialEndpoint, t, request, proof)
		var e *Error
		if try == 0 && m.NonceEndpoint != "" && errors.As(err, &e) && e.OAuth != nil && e.OAuth.Code == "invalid_nonce" {
			continue
		}
		return got, err
	}
}

// checkIssued refuses a credential that is not in the format asked for
// (ldp_vc: a JSON credential with its proof in it; jwt_vc_json: a JWT with
// the credential in its vc claim), or that is not issued to did: the
// wallet proved possession of that key, and a credential for someone else
// (or for no one) is not what it asked for.
func checkIssued(b []byte, format, did string) error {
	p, err := credential.Parse(b)
	if err != nil {
		return &Error{Code: Malformed, Detail: "what was issued is not a credential: " + err.Error()}
	}
	switch format {
	case FormatLDP:
		if p.Format != credential.FormatJSON || p.Cred == nil || p.Doc["proof"] == nil {
			return &Error{Code: WrongFormat, Detail: "ldp_vc asked for, and what came is not a credential with its proof in it"}
		}
	case FormatJWT, FormatJWTLD:
		if p.Format != credential.FormatJWT || p.JWT == nil || (p.JWT.Layout != credential.LayoutVCClaim && p.JWT.Layout != credential.LayoutVCClaim20) {
			return &Error{Code: WrongFormat, Detail: format + " asked for, and what came is not a JWT with the credential in its vc claim"}
		}
	}
	// Bound by the subject's id (a JWT's sub stands in for it), not by
	// any other identifier the subject carries.
	subjects := jsonv.List(p.Doc["credentialSubject"])
	if len(subjects) == 0 {
		return &Error{Code: NotBound, Detail: "issued to no one, not " + did}
	}
	for _, s := range subjects {
		m, _ := s.(map[string]any)
		if id, _ := m["id"].(string); id != did {
			return &Error{Code: NotBound, Detail: "issued to " + id + ", not " + did}
		}
	}
	return nil
}

// refusal turns a server's refusal into an *Error carrying its OAuth error
// when it gave one, and a network failure into Unreachable.
func refusal(where string, err error) error {
	var st *fetch.StatusError
	if errors.As(err, &st) {
		var oe OAuthError
		if json.Unmarshal(st.Body, &oe) == nil && oe.Code != "" {
			return &Error{Code: Refused, Detail: where, OAuth: &oe, Err: err}
		}
	}
	return &Error{Code: Unreachable, Detail: where, Err: err}
}

// decodeStrict decodes JSON from a server into v, refusing duplicate keys.
func decodeStrict(b []byte, v any) error {
	if _, err := jsonv.DecodeObject(b); err != nil {
		return &Error{Code: Malformed, Detail: err.Error()}
	}
	if err := json.Unmarshal(b, v); err != nil {
		return &Error{Code: Malformed, Detail: err.Error()}
	}
	return nil
}
