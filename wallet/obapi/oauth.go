package obapi

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"net/http"
	"net/url"
	"strings"

	"golang.org/x/oauth2"

	"github.com/learnerwallet/learnerwallet/wallet/fetch"
	"github.com/learnerwallet/learnerwallet/wallet/oauthloop"
)

// What the wallet registers as (RFC 7591): the same for every provider.
// The OB API asks for https URIs on one host: all are the project's pages.
const (
	ClientName = "Learner Wallet"
	// SoftwareID names Learner Wallet to every provider, in every version.
	SoftwareID = "8f6d3c1e-4b2a-4f0e-9a57-1c2d3e4f5a6b"
	ClientURI  = "https://github.com/learnerwallet/learnerwallet"
	LogoURI    = "https://github.com/learnerwallet/learnerwallet/raw/main/assets/icon.png"
	TermsURI   = "https://github.com/learnerwallet/learnerwallet/blob/main/README.md#terms"
	PolicyURI  = "https://github.com/learnerwallet/learnerwallet/blob/main/README.md#privacy"
)

// Client is the wallet as registered with a provider. Secret belongs in
// the OS keyring, never in a file.
type Client struct {
	ID     string
	Secret string
}

// Register registers the wallet with the provider's authorization server
// (RFC 7591, no initial access token), with a loopback redirect whose
// port varies (RFC 8252 §7.3), for the read-only scopes of its APIs.
func Register(ctx context.Context, n Network, p *Provider) (*Client, error) {
	body, err := json.Marshal(map[string]any{
		"client_name":                ClientName,
		"client_uri":                 ClientURI,
		"logo_uri":                   LogoURI,
		"tos_uri":                    TermsURI,
		"policy_uri":                 PolicyURI,
		"software_id":                SoftwareID,
		"software_version":           fetch.Version,
		"redirect_uris":              []string{oauthloop.RegisteredRedirect},
		"scope":                      p.Scope(),
		"token_endpoint_auth_method": "client_secret_basic",
		"grant_types":                []string{"authorization_code", "refresh_token"},
		"response_types":             []string{"code"},
	})
	if err != nil {
		return nil, err
	}
	r, err := n.Post(ctx, p.Registration, "application/json", body, nil, "application/json")
	if err != nil {
		err = refusal(p.Registration, err)
		if e := err.(*Error); e.Code == Refused || e.Code == Failed {
			e.Code = NotRegistered
		}
		return nil, err
	}
	var v struct {
		ID     string `json:"client_id"`
		Secret string `json:"client_secret"`
	}
	if err := decodeStrict(r.Body, &v); err != nil {
		return nil, err
	}
	if v.ID == "" || v.Secret == "" || len(v.ID) > 1024 || len(v.Secret) > 1024 {
		return nil, &Error{Code: Malformed, Detail: "a registration without a client_id and client_secret"}
	}
	return &Client{ID: v.ID, Secret: v.Secret}, nil
}

// AuthCodeURL is the sign-in page to open in the learner's browser: an
// authorization request with l's redirect, state and PKCE S256 challenge.
func AuthCodeURL(p *Provider, c *Client, l *oauthloop.Loop) string {
	cfg := oauth2.Config{
		ClientID:    c.ID,
		Endpoint:    oauth2.Endpoint{AuthURL: p.Authorization, TokenURL: p.Token},
		RedirectURL: l.Redirect,
		Scopes:      strings.Fields(p.Scope()),
	}
	return cfg.AuthCodeURL(l.State, oauth2.S256ChallengeOption(l.Verifier))
}

// Token is what a token endpoint grants. The access token stays in
// memory; the refresh token belongs in the OS keyring.
type Token struct {
	AccessToken  string `json:"access_token"`
	TokenType    string `json:"token_type"`
	ExpiresIn    int    `json:"expires_in,omitempty"`
	RefreshToken string `json:"refresh_token,omitempty"`
	Scope        string `json:"scope,omitempty"`
}

// Exchange exchanges the code the loopback redirect received for tokens,
// proving with the PKCE verifier that this wallet asked for it.
func Exchange(ctx context.Context, n Network, p *Provider, c *Client, l *oauthloop.Loop, code string) (*Token, error) {
	return postToken(ctx, n, p.Token, c, url.Values{
		"grant_type":    {"authorization_code"},
		"code":          {code},
		"redirect_uri":  {l.Redirect},
		"scope":         {p.Scope()},
		"code_verifier": {l.Verifier},
	})
}

// Refresh gets a new access token with the refresh token; the answer may
// hold a new refresh token, which replaces the old one.
func Refresh(ctx context.Context, n Network, p *Provider, c *Client, refreshToken string) (*Token, error) {
	endpoint := p.Refresh
	if endpoint == "" {
		endpoint = p.Token
	}
	return postToken(ctx, n, endpoint, c, url.Values{
		"grant_type":    {"refresh_token"},
		"refresh_token": {refreshToken},
		"scope":         {p.Scope()},
	})
}

// postToken sends a token request, the client authenticating with HTTP
// Basic (client_secret_basic).
//
// x/oauth2 makes this request through an *http.Client of its own choosing
// (or one put in the context); the wallet's one network client has, on
// purpose, no http.Client or transport to give it, so that no request
// escapes its address policy, size and time limits. The request is small
// enough to make here, through fetch.Client.Post.
func postToken(ctx context.Context, n Network, endpoint string, c *Client, form url.Values) (*Token, error) {
	r, err := n.Post(ctx, endpoint, "application/x-www-form-urlencoded", []byte(form.Encode()), basic(c), "application/json")
	if err != nil {
		return nil, refusal(endpoint, err)
	}
	var t Token
	if err := decodeStrict(r.Body, &t); err != nil {
		return nil, err
	}
	switch {
	case t.AccessToken == "" || len(t.AccessToken) > 8192 || len(t.RefreshToken) > 8192:
		return nil, &Error{Code: Malformed, Detail: "no access_token, or one far longer than any real one"}
	case !strings.EqualFold(t.TokenType, "Bearer"):
		return nil, &Error{Code: Malformed, Detail: "token_type " + t.TokenType}
	}
	return &t, nil
}

// basic is the Authorization header of client_secret_basic: id and secret
// form-encoded first (RFC 6749 §2.3.1).
func basic(c *Client) http.Header {
	cred := url.QueryEscape(c.ID) + ":" + url.QueryEscape(c.Secret)
	return http.Header{"Authorization": {"Basic " + base64.StdEncoding.EncodeToString([]byte(cred))}}
}

// RevocationEndpoint is where the provider revokes tokens (RFC 7009), as
// its authorization server's metadata names it (RFC 8414, at the token
// endpoint's origin); "" when it names none.
func RevocationEndpoint(ctx context.Context, n Network, p *Provider) (string, error) {
	if p.Revocation != "" {
		return p.Revocation, nil
	}
	// Held to the token endpoint's origin: no redirect followed, the
	// metadata's issuer and its revocation endpoint there too, since the
	// refresh token and the client's secret go to it.
	origin := Origin(p.Token)
	where := origin + "/.well-known/oauth-authorization-server"
	r, err := n.GetWith(ctx, where, nil, "application/json")
	if err != nil {
		var st *fetch.StatusError
		if errors.As(err, &st) && st.Code == http.StatusNotFound {
			return "", nil
		}
		return "", unreachable(where, err)
	}
	var m struct {
		Issuer     string `json:"issuer"`
		Revocation string `json:"revocation_endpoint"`
	}
	if err := decodeStrict(r.Body, &m); err != nil {
		return "", err
	}
	if m.Revocation == "" {
		return "", nil
	}
	if err := CheckHTTPS(m.Revocation); err != nil {
		return "", err
	}
	if Origin(m.Issuer) != origin || Origin(m.Revocation) != origin {
		return "", &Error{Code: OtherOrigin, Detail: m.Revocation}
	}
	return m.Revocation, nil
}

// Revoke asks the provider to revoke a refresh token (RFC 7009), and with
// it the learner's consent.
func Revoke(ctx context.Context, n Network, endpoint string, c *Client, refreshToken string) error {
	form := url.Values{"token": {refreshToken}, "token_type_hint": {"refresh_token"}}
	if _, err := n.Post(ctx, endpoint, "application/x-www-form-urlencoded", []byte(form.Encode()), basic(c), "application/json"); err != nil {
		return refusal(endpoint, err)
	}
	return nil
}

// refusal turns a server's refusal into an *Error with what it said: an
// OAuth error, an Imsx_StatusInfo, or a Retry-After.
func refusal(where string, err error) error {
	var st *fetch.StatusError
	if !errors.As(err, &st) {
		return unreachable(where, err)
	}
	var oe OAuthError
	if json.Unmarshal(st.Body, &oe) == nil && oe.Code != "" {
		return &Error{Code: Refused, Detail: where, OAuth: &oe, Err: err}
	}
	if s := statusInfo(st.Body); s != nil {
		return &Error{Code: Failed, Detail: where, Status: s, Err: err}
	}
	return &Error{Code: Unreachable, Detail: where, Err: err}
}
