package oid4vci

import (
	"context"
	"encoding/json"
	"errors"
	"net/url"
	"slices"
	"strings"

	"github.com/learnerwallet/learnerwallet/wallet/oauthloop"
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

	srv *oauthloop.Loop
}

// StartAuthorization listens on a loopback port for the redirect and
// prepares the authorization request for the credentials an offer names,
// with its issuer_state when it gives one.
//
// Each authorization detail names the credential issuer in locations when
// the issuer has authorization servers of its own (OpenID4VCI 1.0 5.1.1);
// the offered configurations' scopes go as scope too, for servers that
// take scopes only.
func StartAuthorization(as *AuthServerMetadata, o *Offer, m *IssuerMetadata) (*Authorization, error) {
	if err := checkHTTPS(as.AuthorizationEndpoint); err != nil {
		return nil, err
	}
	l, err := oauthloop.Listen()
	if err != nil {
		return nil, err
	}
	a := &Authorization{Redirect: l.Redirect, srv: l}
	details := make([]map[string]any, 0, len(o.ConfigurationIDs))
	var scopes []string
	for _, id := range o.ConfigurationIDs {
		d := map[string]any{"type": "openid_credential", "credential_configuration_id": id}
		if len(m.AuthorizationServers) > 0 {
			d["locations"] = []string{m.CredentialIssuer}
		}
		details = append(details, d)
		if sc := m.Configurations[id].Scope; sc != "" && !slices.Contains(scopes, sc) {
			scopes = append(scopes, sc)
		}
	}
	dj, _ := json.Marshal(details)
	q := url.Values{
		"response_type":         {"code"},
		"client_id":             {ClientID},
		"redirect_uri":          {a.Redirect},
		"state":                 {l.State},
		"code_challenge":        {l.Challenge()},
		"code_challenge_method": {"S256"},
		"authorization_details": {string(dj)},
	}
	if g := o.Grants.AuthorizationCode; g != nil && g.IssuerState != "" {
		q.Set("issuer_state", g.IssuerState)
	}
	if len(scopes) > 0 {
		q.Set("scope", strings.Join(scopes, " "))
	}
	a.URL = as.AuthorizationEndpoint + "?" + q.Encode()
	return a, nil
}

// Wait returns the code the server sent back, or why not; it stops
// listening either way. ctx bounds how long the learner has to sign in.
func (a *Authorization) Wait(ctx context.Context) (string, error) {
	code, err := a.srv.Wait(ctx)
	var refused *oauthloop.Refused
	switch {
	case err == nil:
		return code, nil
	case errors.As(err, &refused):
		return "", &Error{Code: Refused, OAuth: &OAuthError{Code: refused.Code, Description: refused.Description}}
	case errors.Is(err, oauthloop.ErrNoCode):
		return "", &Error{Code: Malformed, Detail: "no code in the redirect"}
	case errors.Is(err, oauthloop.ErrNoAnswer):
		return "", &Error{Code: SignInTimeout, Detail: "no answer from the sign-in page in time", Err: ctx.Err()}
	}
	return "", err
}

// ExchangeCode exchanges the code for an access token, proving with the
// PKCE verifier that this wallet asked for it.
func (a *Authorization) ExchangeCode(ctx context.Context, n Network, tokenEndpoint, code string) (*Token, error) {
	form := url.Values{
		"grant_type":    {"authorization_code"},
		"code":          {code},
		"redirect_uri":  {a.Redirect},
		"client_id":     {ClientID},
		"code_verifier": {a.srv.Verifier},
	}
	return postToken(ctx, n, tokenEndpoint, form)
}
