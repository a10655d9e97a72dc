// Package obapi is the wallet's side of the 1EdTech Open Badges API 3.0
// and CLR API 2.0: it reads a provider's service descriptions, registers
// the wallet (RFC 7591), gets the learner's consent (authorization code
// with PKCE, through the system browser) and tokens, and pages through
// the learner's credentials. Every request goes through the wallet's one
// network client; credentials come back as bytes, to be verified and
// stored by the wallet's import.
package obapi

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/url"
	"slices"
	"strings"

	"github.com/learnerwallet/learnerwallet/wallet/fetch"
	"github.com/learnerwallet/learnerwallet/wallet/internal/jsonv"
)

// The APIs, by the names a Connection lists them with.
const (
	OB  = "ob"  // Open Badges API 3.0
	CLR = "clr" // CLR API 2.0
)

// paths are the APIs' base paths under a provider's base URL.
var paths = map[string]string{OB: "/ims/ob/v3p0", CLR: "/ims/clr/v2p0"}

// ReadScopes are the read-only credential scopes the wallet asks for.
var ReadScopes = map[string]string{
	OB:  "https://purl.imsglobal.org/spec/ob/v3p0/scope/credential.readonly",
	CLR: "https://purl.imsglobal.org/spec/clr/v2p0/scope/credential.readonly",
}

// Bounds on what a provider sends.
const (
	MaxDescription = 1 << 20 // a service description, in bytes
	maxURL         = 2048
)

// Network is what the API needs of the wallet's one network client
// (fetch.Client): GET, with header fields, and POST, under its address
// policy.
type Network interface {
	fetch.Fetcher
	GetWith(ctx context.Context, rawURL string, header http.Header, accept ...string) (*fetch.Response, error)
	Post(ctx context.Context, rawURL, contentType string, body []byte, header http.Header, accept ...string) (*fetch.Response, error)
}

var _ Network = (*fetch.Client)(nil)

// Provider is what a provider's service descriptions say: who it is, the
// APIs it offers and its authorization server. It is kept with a
// connection (nothing secret in it).
type Provider struct {
	Title         string         `json:"title"`
	Image         string         `json:"image,omitempty"`
	PrivacyPolicy string         `json:"privacyPolicy,omitempty"`
	Terms         string         `json:"terms,omitempty"`
	BaseURL       string         `json:"baseURL"` // the provider's base URL, before /ims/...
	APIs          map[string]API `json:"apis"`    // by OB, CLR
	Registration  string         `json:"registration"`
	Authorization string         `json:"authorization"`
	Token         string         `json:"token"`
	Refresh       string         `json:"refresh,omitempty"`
	Revocation    string         `json:"revocation,omitempty"`
}

// API is one API a provider offers: its base URL (credentials are at
// Base + "/credentials") and the scope the wallet reads it with.
type API struct {
	Base  string `json:"base"`
	Scope string `json:"scope"`
}

// Names are the provider's APIs, OB first.
func (p *Provider) Names() []string {
	var out []string
	for _, n := range []string{OB, CLR} {
		if _, ok := p.APIs[n]; ok {
			out = append(out, n)
		}
	}
	return out
}

// Granted keeps only the APIs whose scope the provider granted, as the
// token's scope says (all when it says none); NotGranted when none is.
func (p *Provider) Granted(scope string) error {
	if scope == "" {
		return nil
	}
	granted := strings.Fields(scope)
	for name, api := range p.APIs {
		if !slices.Contains(granted, api.Scope) {
			delete(p.APIs, name)
		}
	}
	if len(p.APIs) == 0 {
		return &Error{Code: NotGranted, Detail: scope}
	}
	return nil
}

// Scope is what the wallet asks for: each API's read-only credential
// scope, and offline_access so that it can sync later.
func (p *Provider) Scope() string {
	var s []string
	for _, n := range p.Names() {
		s = append(s, p.APIs[n].Scope)
	}
	return strings.Join(append(s, "offline_access"), " ")
}

// Origin is scheme://host[:port] of an https URL.
func Origin(s string) string {
	u, err := url.Parse(s)
	if err != nil {
		return ""
	}
	return u.Scheme + "://" + u.Host
}

// CheckHTTPS refuses what is not an https:// address, literally so, with
// a host and without credentials or a fragment.
func CheckHTTPS(s string) error {
	u, err := url.Parse(s)
	if err != nil || len(s) > maxURL || !strings.HasPrefix(s, "https://") || u.Scheme != "https" || u.Host == "" || u.User != nil || u.Fragment != "" {
		return &Error{Code: NotHTTPS, Detail: s}
	}
	return nil
}

// baseOf is the provider's base URL that rawURL names: the base itself, an
// API's base, or a discovery URL.
func baseOf(rawURL string) (string, error) {
	if err := CheckHTTPS(rawURL); err != nil {
		return "", err
	}
	u, _ := url.Parse(rawURL)
	if u.RawQuery != "" {
		return "", &Error{Code: NotProvider, Detail: rawURL}
	}
	p := strings.TrimSuffix(u.Path, "/")
	p = strings.TrimSuffix(p, "/discovery")
	for _, api := range paths {
		p = strings.TrimSuffix(p, api)
	}
	return u.Scheme + "://" + u.Host + p, nil
}

// Discover reads the service descriptions of the provider rawURL names
// (its base URL, an API's base, or a discovery URL): those of the OB and
// of the CLR API, as it offers, which must name one authorization server.
func Discover(ctx context.Context, n Network, rawURL string) (*Provider, error) {
	base, err := baseOf(rawURL)
	if err != nil {
		return nil, err
	}
	p := &Provider{BaseURL: base, APIs: map[string]API{}}
	for _, name := range []string{OB, CLR} {
		d, err := describe(ctx, n, base, name)
		var e *Error
		if errors.As(err, &e) && e.Code == NotProvider {
			continue // it does not offer this API
		}
		if err != nil {
			// A description there but broken, or out of reach, is not
			// passed over: the connection would quietly lack that API.
			return nil, err
		}
		if err := p.add(name, d); err != nil {
			return nil, err
		}
	}
	if len(p.APIs) == 0 {
		return nil, &Error{Code: NotProvider, Detail: base}
	}
	return p, nil
}

// description is the part of an OpenAPI service description the wallet reads.
type description struct {
	Info struct {
		Title          string `json:"title"`
		TermsOfService string `json:"termsOfService"`
		Privacy        string `json:"x-imssf-privacyPolicyUrl"`
		Image          string `json:"x-imssf-image"`
	} `json:"info"`
	Servers []struct {
		URL string `json:"url"`
	} `json:"servers"`
	Components struct {
		SecuritySchemes struct {
			OAuth2ACG *struct {
				Registration string `json:"x-imssf-registrationUrl"`
				Flows        struct {
					AuthorizationCode *struct {
						AuthorizationURL string            `json:"authorizationUrl"`
						TokenURL         string            `json:"tokenUrl"`
						RefreshURL       string            `json:"refreshUrl"`
						Scopes           map[string]string `json:"scopes"`
					} `json:"authorizationCode"`
				} `json:"flows"`
			} `json:"OAuth2ACG"`
		} `json:"securitySchemes"`
	} `json:"components"`
}

// describe fetches and checks one API's service description; NotProvider
// when there is none.
func describe(ctx context.Context, n Network, base, name string) (*description, error) {
	where := base + paths[name] + "/discovery"
	r, err := n.Get(ctx, where, "application/json")
	if err != nil {
		var st *fetch.StatusError
		// A service description is never protected: one behind a sign-in
		// is not one.
		if errors.As(err, &st) && (st.Code == http.StatusNotFound || st.Code == http.StatusGone ||
			st.Code == http.StatusUnauthorized || st.Code == http.StatusForbidden || st.Code == http.StatusMethodNotAllowed) {
			return nil, &Error{Code: NotProvider, Detail: where}
		}
		return nil, unreachable(where, err)
	}
	if len(r.Body) > MaxDescription {
		return nil, &Error{Code: TooLarge, Detail: where}
	}
	var d description
	if err := decodeStrict(r.Body, &d); err != nil {
		return nil, err
	}
	acg := d.Components.SecuritySchemes.OAuth2ACG
	if acg == nil || acg.Flows.AuthorizationCode == nil {
		return nil, &Error{Code: Malformed, Detail: where + ": no OAuth2ACG authorization code flow"}
	}
	f := acg.Flows.AuthorizationCode
	if _, ok := f.Scopes[ReadScopes[name]]; !ok {
		return nil, &Error{Code: Malformed, Detail: where + ": no " + ReadScopes[name] + " scope"}
	}
	for _, u := range []string{acg.Registration, f.AuthorizationURL, f.TokenURL} {
		if err := CheckHTTPS(u); err != nil {
			return nil, err
		}
	}
	if f.RefreshURL != "" {
		if err := CheckHTTPS(f.RefreshURL); err != nil {
			return nil, err
		}
	}
	// Pages and a picture to show: one that is not https is left out, as
	// if not given (the wallet only shows it, and sends nothing there).
	for _, u := range []*string{&d.Info.Privacy, &d.Info.TermsOfService, &d.Info.Image} {
		if CheckHTTPS(*u) != nil {
			*u = ""
		}
	}
	if len(d.Info.Title) > 200 {
		return nil, &Error{Code: Malformed, Detail: where + ": a title far longer than any real one"}
	}
	return &d, nil
}

// add takes one API's description into p, checking it names the
// authorization server the other one does.
func (p *Provider) add(name string, d *description) error {
	acg := d.Components.SecuritySchemes.OAuth2ACG
	f := acg.Flows.AuthorizationCode
	api := API{Base: p.BaseURL + paths[name], Scope: ReadScopes[name]}
	// servers names where the API is, when not under the base URL: it
	// must be on the provider's origin all the same.
	if len(d.Servers) > 0 && d.Servers[0].URL != "" && d.Servers[0].URL != api.Base {
		s := strings.TrimSuffix(d.Servers[0].URL, "/")
		if err := CheckHTTPS(s); err != nil {
			return err
		}
		if Origin(s) != Origin(p.BaseURL) {
			return &Error{Code: OtherOrigin, Detail: s}
		}
		api.Base = s
	}
	if len(p.APIs) == 0 {
		p.Title, p.Image, p.PrivacyPolicy, p.Terms = d.Info.Title, d.Info.Image, d.Info.Privacy, d.Info.TermsOfService
		p.Registration, p.Authorization, p.Token, p.Refresh = acg.Registration, f.AuthorizationURL, f.TokenURL, f.RefreshURL
	} else if p.Registration != acg.Registration || p.Authorization != f.AuthorizationURL || p.Token != f.TokenURL {
		return &Error{Code: Malformed, Detail: "the OB and CLR service descriptions name different authorization servers"}
	}
	p.APIs[name] = api
	return nil
}

// decodeStrict decodes JSON from a provider into v, refusing duplicate
// keys and what is not an object.
func decodeStrict(b []byte, v any) error {
	if _, err := jsonv.DecodeObject(b); err != nil {
		return &Error{Code: Malformed, Detail: err.Error()}
	}
	if err := json.Unmarshal(b, v); err != nil {
		return &Error{Code: Malformed, Detail: err.Error()}
	}
	return nil
}

// unreachable turns a network failure, or a refusal without words the
// wallet reads, into an *Error.
func unreachable(where string, err error) error {
	if errors.Is(err, fetch.ErrTooLarge) {
		return &Error{Code: TooLarge, Detail: where, Err: err}
	}
	if errors.Is(err, fetch.ErrNotHTTPS) {
		return &Error{Code: NotHTTPS, Detail: where, Err: err}
	}
	return &Error{Code: Unreachable, Detail: where, Err: err}
}
