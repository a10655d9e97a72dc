// Package oid4vp is the wallet's side of OpenID for Verifiable
// Presentations 1.0: reading a verifier's authorization request (a QR code
// or an openid4vp:// link), checking who asks (its client_id, and the
// signature of a request object), matching its query (DCQL, or a
// Presentation Exchange presentation_definition) against the learner's
// credentials, and sending the presentations back (direct_post, or
// direct_post.jwt encrypted to the verifier's key).
//
// Everything here comes from the network or a link someone handed the
// learner: it is read strictly (duplicate keys refused, sizes and depths
// bounded, addresses https only), a request is refused before anything is
// sent when it cannot be tied to its client_id, and a problem is an *Error
// with a Code, never a message to match.
package oid4vp

import (
	"bytes"
	"context"
	"crypto/x509"
	"encoding/json"
	"errors"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/learnerwallet/learnerwallet/wallet/fetch"
	"github.com/learnerwallet/learnerwallet/wallet/internal/jsonv"
)

// Scheme is the URL scheme of an authorization request link.
const Scheme = "openid4vp"

// Client identifier prefixes the wallet takes requests under.
const (
	PrefixRedirectURI = "redirect_uri"             // unsigned; the verifier is its response address
	PrefixDID         = "decentralized_identifier" // signed by a key of the DID
	PrefixX509DNS     = "x509_san_dns"             // signed by a certificate for the DNS name
)

// Response modes the wallet answers in.
const (
	DirectPost    = "direct_post"
	DirectPostJWT = "direct_post.jwt"
)

// Credential formats of the queries the wallet answers.
const (
	FormatLDP = "ldp_vc"      // a JSON credential, presented in a Data Integrity presentation
	FormatJWT = "jwt_vc_json" // a VC-JWT, presented in a VP-JWT
)

// Limits on what a request may hold: far above any real one.
const (
	maxLink          = 64 << 10  // bytes of a link (a request by value travels in it)
	maxRequestObject = 256 << 10 // bytes of a request object fetched
)

// Network is how the wallet reaches a verifier: the one network client.
type Network interface {
	fetch.Fetcher
	Post(ctx context.Context, rawURL, contentType string, body []byte, header http.Header, accept ...string) (*fetch.Response, error)
}

// Options are what reading a request needs beside the network.
type Options struct {
	// Roots are the certificates x509_san_dns chains must lead to; nil:
	// the system's.
	Roots *x509.CertPool
	// Now is the clock; nil: time.Now.
	Now func() time.Time
}

func (o Options) now() time.Time {
	if o.Now == nil {
		return time.Now()
	}
	return o.Now()
}

// Request is an authorization request read and checked: who asks, what
// for, and where the answer goes.
type Request struct {
	// ClientID is the verifier's client_id, whole, with its prefix: what
	// a presentation is made for (its domain, or aud).
	ClientID string
	// Prefix is its client identifier prefix (PrefixRedirectURI, PrefixDID
	// or PrefixX509DNS), Identifier what follows it (an https URL, a DID,
	// a DNS name).
	Prefix, Identifier string
	// Signed says the request came in a request object whose signature
	// was checked against the client_id.
	Signed bool

	ResponseMode string // DirectPost or DirectPostJWT
	ResponseURI  string
	Nonce        string
	State        string // "" when none

	Metadata ClientMetadata
	// Exactly one of DCQL and Definition is set: the query.
	DCQL       *DCQL
	Definition *PresentationDefinition
}

// ClientMetadata is what the verifier says about itself in the request.
type ClientMetadata struct {
	ClientName string `json:"client_name,omitempty"`
	// VPFormats are the formats it takes (OpenID4VP 1.0), VPFormatsDraft
	// the same under the drafts' name.
	VPFormats      map[string]json.RawMessage `json:"vp_formats_supported,omitempty"`
	VPFormatsDraft map[string]json.RawMessage `json:"vp_formats,omitempty"`
	// JWKS holds the keys to encrypt a response to (direct_post.jwt).
	JWKS *struct {
		Keys []json.RawMessage `json:"keys"`
	} `json:"jwks,omitempty"`
	// EncValues are the content encryptions it takes (1.0); EncDraft the
	// one the drafts named.
	EncValues []string `json:"encrypted_response_enc_values_supported,omitempty"`
	EncDraft  string   `json:"authorization_encrypted_response_enc,omitempty"`
}

// Verifier names the verifier for the learner and the sharing log: its
// DID, DNS name, or the host of its address.
func (r *Request) Verifier() string {
	if r.Prefix == PrefixRedirectURI {
		// The whole address: two paths on one host may be two verifiers.
		if u, err := url.Parse(r.Identifier); err == nil {
			return u.Host + u.EscapedPath()
		}
	}
	return r.Identifier
}

// SelfCertified reports whether the verifier's identifier proves nothing
// of who it is: a did:key or did:jwk anyone can make, or an address whose
// request is not signed. Its name is then only its own word.
func (r *Request) SelfCertified() bool {
	switch r.Prefix {
	case PrefixRedirectURI:
		return true
	case PrefixDID:
		return strings.HasPrefix(r.Identifier, "did:key:") || strings.HasPrefix(r.Identifier, "did:jwk:")
	}
	return false
}

// Read reads an authorization request: an openid4vp:// link (or an https
// link with the same parameters, or the text of a QR code holding one),
// by value or with a request_uri whose signed request object is fetched
// over n. The request is checked against its client_id before it is
// returned: nothing is sent to a verifier whose request does not hold.
func Read(ctx context.Context, n Network, text string, opts Options) (*Request, error) {
	text = strings.TrimSpace(text)
	if len(text) > maxLink {
		return nil, &Error{Code: TooLarge}
	}
	u, err := url.Parse(text)
	if err != nil {
		return nil, &Error{Code: NotARequest, Detail: err.Error()}
	}
	switch strings.ToLower(u.Scheme) {
	case Scheme, "https":
	case "http":
		return nil, &Error{Code: NotHTTPS, Detail: text}
	default:
		return nil, &Error{Code: NotARequest, Detail: "scheme " + u.Scheme}
	}
	q, err := url.ParseQuery(u.RawQuery)
	if err != nil {
		return nil, &Error{Code: NotARequest, Detail: err.Error()}
	}
	for k, v := range q {
		if len(v) > 1 {
			return nil, &Error{Code: Malformed, Detail: "parameter " + k + " more than once"}
		}
	}
	clientID := q.Get("client_id")
	if clientID == "" {
		return nil, &Error{Code: NotARequest, Detail: "no client_id"}
	}
	var object string
	switch {
	case q.Has("request") && q.Has("request_uri"):
		return nil, &Error{Code: Malformed, Detail: "both request and request_uri"}
	case q.Has("request"):
		object = q.Get("request")
	case q.Has("request_uri"):
		if object, err = fetchObject(ctx, n, q.Get("request_uri"), q.Get("request_uri_method")); err != nil {
			return nil, err
		}
	}
	var params map[string]json.RawMessage
	if object != "" {
		if params, err = verifyObject(ctx, n, object, clientID, opts); err != nil {
			return nil, err
		}
		var inner string
		if json.Unmarshal(params["client_id"], &inner) != nil || inner != clientID {
			return nil, &Error{Code: WrongClient, Detail: "the request object's client_id is " + inner + ", the link's " + clientID}
		}
	} else {
		params = urlParams(q)
	}
	return fromParams(params, object != "")
}

// fetchObject fetches a request object by reference: GET, or POST when
// the verifier asks (request_uri_method=post), form-encoded.
func fetchObject(ctx context.Context, n Network, uri, method string) (string, error) {
	if err := checkHTTPS(uri); err != nil {
		return "", err
	}
	const accept = "application/oauth-authz-req+jwt"
	var r *fetch.Response
	var err error
	switch method {
	case "", "get":
		r, err = n.Get(ctx, uri, accept, "application/jwt;q=0.5")
	case "post":
		r, err = n.Post(ctx, uri, "application/x-www-form-urlencoded", []byte{}, nil, accept, "application/jwt;q=0.5")
	default:
		return "", &Error{Code: Malformed, Detail: "request_uri_method " + method}
	}
	if errors.Is(err, fetch.ErrTooLarge) {
		return "", &Error{Code: TooLarge, Detail: uri, Err: err}
	}
	if err != nil {
		return "", &Error{Code: Unreachable, Detail: uri, Err: err}
	}
	if len(r.Body) > maxRequestObject {
		return "", &Error{Code: TooLarge, Detail: uri}
	}
	body := bytes.TrimSpace(r.Body) // servers often end it with a newline
	if !jsonv.LooksLikeJWS(body) {
		return "", &Error{Code: BadSignature, Detail: "what " + uri + " answered is not a signed request object"}
	}
	return string(body), nil
}

// urlParams are a request's parameters in a link: strings, and the
// parameters that are JSON as their JSON.
func urlParams(q url.Values) map[string]json.RawMessage {
	out := map[string]json.RawMessage{}
	for k := range q {
		v := q.Get(k)
		switch k {
		case "client_metadata", "dcql_query", "presentation_definition":
			out[k] = json.RawMessage(v)
		default:
			b, _ := json.Marshal(v)
			out[k] = b
		}
	}
	return out
}

// fromParams reads and checks a request's parameters.
func fromParams(p map[string]json.RawMessage, signed bool) (*Request, error) {
	str := func(name string) (string, error) {
		raw, ok := p[name]
		if !ok {
			return "", nil
		}
		var s string
		if err := json.Unmarshal(raw, &s); err != nil {
			return "", &Error{Code: Malformed, Detail: name + " is not a string"}
		}
		return s, nil
	}
	r := &Request{Signed: signed}
	var responseType string
	for name, dst := range map[string]*string{
		"client_id": &r.ClientID, "response_type": &responseType, "response_mode": &r.ResponseMode,
		"response_uri": &r.ResponseURI, "nonce": &r.Nonce, "state": &r.State,
	} {
		s, err := str(name)
		if err != nil {
			return nil, err
		}
		*dst = s
	}
	for _, name := range []string{"request", "request_uri"} {
		if _, ok := p[name]; ok && signed {
			return nil, &Error{Code: Malformed, Detail: "a request object that names another (" + name + ")"}
		}
	}
	for _, name := range []string{"presentation_definition_uri", "scope", "transaction_data", "verifier_info"} {
		if _, ok := p[name]; ok {
			return nil, &Error{Code: Unsupported, Detail: name}
		}
	}
	if err := r.checkClient(); err != nil {
		return nil, err
	}
	switch {
	case responseType != "vp_token":
		return nil, &Error{Code: Unsupported, Detail: "response_type " + responseType}
	case r.ResponseMode != DirectPost && r.ResponseMode != DirectPostJWT:
		return nil, &Error{Code: Unsupported, Detail: "response_mode " + r.ResponseMode}
	case r.Nonce == "":
		return nil, &Error{Code: Malformed, Detail: "no nonce"}
	case len(r.Nonce) > 1024 || len(r.State) > 1024:
		return nil, &Error{Code: TooLarge, Detail: "nonce or state"}
	}
	if _, ok := p["redirect_uri"]; ok {
		return nil, &Error{Code: Malformed, Detail: "a redirect_uri with response_mode " + r.ResponseMode}
	}
	if r.ResponseURI == "" && r.Prefix == PrefixRedirectURI {
		// Under this prefix the response_uri is the client identifier
		// (OpenID4VP 1.0 5.9.3), and may be left out.
		r.ResponseURI = r.Identifier
	}
	if err := checkHTTPS(r.ResponseURI); err != nil {
		return nil, err
	}
	if err := r.checkResponseHost(); err != nil {
		return nil, err
	}
	if raw, ok := p["client_metadata"]; ok {
		if err := decodeStrict(raw, &r.Metadata); err != nil {
			return nil, err
		}
	}
	dcql, hasDCQL := p["dcql_query"]
	pd, hasPD := p["presentation_definition"]
	switch {
	case hasDCQL && hasPD:
		return nil, &Error{Code: Malformed, Detail: "both dcql_query and presentation_definition"}
	case hasDCQL:
		q, err := ParseDCQL(dcql)
		if err != nil {
			return nil, err
		}
		r.DCQL = q
	case hasPD:
		d, err := ParseDefinition(pd)
		if err != nil {
			return nil, err
		}
		r.Definition = d
	default:
		return nil, &Error{Code: Malformed, Detail: "neither dcql_query nor presentation_definition"}
	}
	return r, nil
}

// checkClient reads the client_id's prefix: a request under another, or
// one not signed as its prefix needs, is refused.
func (r *Request) checkClient() error {
	prefix, id, ok := strings.Cut(r.ClientID, ":")
	if !ok || id == "" {
		return &Error{Code: UnknownClient, Detail: r.ClientID}
	}
	r.Prefix, r.Identifier = prefix, id
	switch prefix {
	case PrefixRedirectURI:
		if r.Signed {
			return &Error{Code: WrongClient, Detail: "a signed request under redirect_uri"}
		}
		return checkHTTPS(id)
	case PrefixDID:
		if !strings.HasPrefix(id, "did:") || strings.ContainsAny(id, "#?/") {
			return &Error{Code: Malformed, Detail: "client_id " + r.ClientID}
		}
	case PrefixX509DNS:
		if !dnsName(id) {
			return &Error{Code: Malformed, Detail: "client_id " + r.ClientID}
		}
	default:
		return &Error{Code: UnknownClient, Detail: r.ClientID}
	}
	if !r.Signed {
		return &Error{Code: BadSignature, Detail: "an unsigned request under " + prefix}
	}
	return nil
}

// checkResponseHost refuses a response_uri that is not the client's own:
// under redirect_uri the very address the client_id names (another path on
// its host may be someone else's, who could replay what it is sent);
// under x509_san_dns one on the host the certificate names.
func (r *Request) checkResponseHost() error {
	resp, _ := url.Parse(r.ResponseURI)
	var host string
	switch r.Prefix {
	case PrefixRedirectURI:
		if r.ResponseURI != r.Identifier {
			return &Error{Code: WrongHost, Detail: r.ResponseURI + ", not " + r.Identifier}
		}
		return nil
	case PrefixX509DNS:
		host = r.Identifier
	default:
		return nil
	}
	if !strings.EqualFold(resp.Hostname(), host) {
		return &Error{Code: WrongHost, Detail: resp.Hostname() + ", not " + host}
	}
	return nil
}

// checkHTTPS refuses an address that is not an https URL (written so)
// without a fragment or a user name.
func checkHTTPS(s string) error {
	u, err := url.Parse(s)
	if err != nil || !strings.HasPrefix(s, "https://") || u.Scheme != "https" || u.Host == "" || u.Fragment != "" || u.User != nil {
		return &Error{Code: NotHTTPS, Detail: s}
	}
	return nil
}

// dnsName reports whether s is a DNS name (letters, digits, hyphens and
// dots; no port, no wildcard).
func dnsName(s string) bool {
	if s == "" || len(s) > 253 {
		return false
	}
	for _, label := range strings.Split(s, ".") {
		if label == "" || len(label) > 63 || label[0] == '-' || label[len(label)-1] == '-' {
			return false
		}
		for _, c := range label {
			if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-') {
				return false
			}
		}
	}
	return true
}

// decodeStrict reads JSON from the network: duplicate keys and deep
// nesting refused.
func decodeStrict(b []byte, v any) error {
	if _, err := jsonv.Decode(b); err != nil {
		return &Error{Code: Malformed, Detail: err.Error()}
	}
	if err := json.Unmarshal(b, v); err != nil {
		return &Error{Code: Malformed, Detail: err.Error()}
	}
	return nil
}
