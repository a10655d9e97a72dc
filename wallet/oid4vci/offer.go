// Package oid4vci is the wallet's side of OpenID for Verifiable Credential
// Issuance 1.0: reading a credential offer (a QR code or an
// openid-credential-offer:// link on an issuer's page) and what its issuer
// publishes about itself, before the learner decides to accept.
//
// Everything here comes from the network or a link someone handed the
// learner: it is read strictly (duplicate keys refused, sizes bounded,
// addresses https only), and a problem is an *Error with a Code, never a
// message to match.
package oid4vci

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"slices"
	"strings"

	"github.com/learnerwallet/learnerwallet/wallet/fetch"
)

// Scheme is the URL scheme of a credential offer link.
const Scheme = "openid-credential-offer"

// PreAuthorizedGrant is the grant type of the pre-authorized code flow.
const PreAuthorizedGrant = "urn:ietf:params:oauth:grant-type:pre-authorized_code"

// Limits on what an offer may hold: far above any real one.
const (
	maxLink        = 64 << 10 // bytes of a link (an offer by value travels in it)
	maxConfigs     = 64       // credential configurations offered at once
	maxDescription = 300      // characters of a transaction code's description (the spec's limit)
	maxCodeLength  = 64       // digits or characters of a transaction code
)

// Offer is a credential offer: which issuer offers which credentials
// (configuration ids, described in the issuer's metadata), and how the
// wallet may get them.
type Offer struct {
	CredentialIssuer string   `json:"credential_issuer"`
	ConfigurationIDs []string `json:"credential_configuration_ids"`
	Grants           Grants   `json:"grants"`
}

// Grants are the ways the issuer offers to be asked; none: the wallet
// finds them in the issuer's authorization server metadata.
type Grants struct {
	AuthorizationCode *AuthorizationCodeGrant `json:"authorization_code,omitempty"`
	PreAuthorized     *PreAuthorizedCodeGrant `json:"urn:ietf:params:oauth:grant-type:pre-authorized_code,omitempty"`
}

// AuthorizationCodeGrant is the authorization code flow: the learner signs
// in at the issuer, in the browser.
type AuthorizationCodeGrant struct {
	IssuerState         string `json:"issuer_state,omitempty"`
	AuthorizationServer string `json:"authorization_server,omitempty"`
}

// PreAuthorizedCodeGrant is the pre-authorized code flow: the offer itself
// authorizes, with a transaction code sent apart when TxCode is set.
type PreAuthorizedCodeGrant struct {
	Code                string  `json:"pre-authorized_code"`
	TxCode              *TxCode `json:"tx_code,omitempty"`
	AuthorizationServer string  `json:"authorization_server,omitempty"`
}

// TxCode describes the transaction code the learner must type: sent to
// them by another channel (an e-mail, a text message).
type TxCode struct {
	InputMode   string `json:"input_mode,omitempty"` // "numeric" (the default) or "text"
	Length      int    `json:"length,omitempty"`
	Description string `json:"description,omitempty"`
}

// Numeric reports whether the code is digits only.
func (t TxCode) Numeric() bool { return t.InputMode == "" || t.InputMode == "numeric" }

// Link is a credential offer link read: the offer itself (by value), or
// where to fetch it (by reference).
type Link struct {
	Offer *Offer // by value; nil when by reference
	URI   string // by reference: an https URL
}

// ParseLink reads an offer link: openid-credential-offer://?credential_offer=…
// (or …credential_offer_uri=…), or an https URL with the same parameters,
// as some issuers put in their QR codes.
func ParseLink(link string) (Link, error) {
	link = strings.TrimSpace(link)
	if len(link) > maxLink {
		return Link{}, &Error{Code: TooLarge}
	}
	u, err := url.Parse(link)
	if err != nil {
		return Link{}, &Error{Code: NotAnOffer, Detail: err.Error()}
	}
	switch strings.ToLower(u.Scheme) {
	case Scheme, "https":
	default:
		return Link{}, &Error{Code: NotAnOffer, Detail: "scheme " + u.Scheme}
	}
	q, err := url.ParseQuery(u.RawQuery)
	if err != nil {
		return Link{}, &Error{Code: NotAnOffer, Detail: err.Error()}
	}
	byValue, byRef := q["credential_offer"], q["credential_offer_uri"]
	switch {
	case len(byValue)+len(byRef) == 0:
		return Link{}, &Error{Code: NotAnOffer, Detail: "neither credential_offer nor credential_offer_uri"}
	case len(byValue)+len(byRef) > 1:
		return Link{}, &Error{Code: Malformed, Detail: "more than one credential_offer or credential_offer_uri"}
	case len(byRef) == 1:
		ref, err := url.Parse(byRef[0])
		if err != nil || ref.Scheme != "https" || ref.Host == "" || ref.User != nil {
			return Link{}, &Error{Code: NotHTTPS, Detail: byRef[0]}
		}
		return Link{URI: ref.String()}, nil
	}
	o, err := ParseOffer([]byte(byValue[0]))
	if err != nil {
		return Link{}, err
	}
	return Link{Offer: o}, nil
}

// ParseOffer reads and checks an offer's JSON.
func ParseOffer(b []byte) (*Offer, error) {
	var o Offer
	if err := decodeStrict(b, &o); err != nil {
		return nil, err
	}
	if err := o.check(); err != nil {
		return nil, err
	}
	return &o, nil
}

func (o *Offer) check() error {
	if err := checkHTTPS(o.CredentialIssuer); err != nil {
		return err
	}
	switch ids := o.ConfigurationIDs; {
	case len(ids) == 0:
		return &Error{Code: Malformed, Detail: "no credential_configuration_ids"}
	case len(ids) > maxConfigs:
		return &Error{Code: TooLarge, Detail: "credential_configuration_ids"}
	case slices.Contains(ids, ""):
		return &Error{Code: Malformed, Detail: "an empty credential configuration id"}
	case len(slices.Compact(slices.Sorted(slices.Values(ids)))) != len(ids):
		return &Error{Code: Malformed, Detail: "a credential configuration id twice"}
	}
	if p := o.Grants.PreAuthorized; p != nil {
		if p.Code == "" {
			return &Error{Code: Malformed, Detail: "an empty pre-authorized_code"}
		}
		if t := p.TxCode; t != nil {
			switch {
			case t.InputMode != "" && t.InputMode != "numeric" && t.InputMode != "text":
				return &Error{Code: Malformed, Detail: "tx_code input_mode " + t.InputMode}
			case t.Length < 0 || t.Length > maxCodeLength:
				return &Error{Code: Malformed, Detail: "tx_code length"}
			case len([]rune(t.Description)) > maxDescription:
				return &Error{Code: Malformed, Detail: "tx_code description longer than 300 characters"}
			}
		}
		if err := checkOptionalHTTPS(p.AuthorizationServer); err != nil {
			return err
		}
	}
	if a := o.Grants.AuthorizationCode; a != nil {
		if err := checkOptionalHTTPS(a.AuthorizationServer); err != nil {
			return err
		}
	}
	return nil
}

// Resolve returns the offer a link holds, fetching it (over f, the
// wallet's one network client) when it is by reference.
func Resolve(ctx context.Context, f fetch.Fetcher, l Link) (*Offer, error) {
	if l.Offer != nil {
		return l.Offer, nil
	}
	r, err := f.Get(ctx, l.URI, "application/json")
	var st *fetch.StatusError
	if errors.As(err, &st) && (st.Code == http.StatusNotFound || st.Code == http.StatusGone) {
		return nil, &Error{Code: Gone, Detail: l.URI, Err: err}
	}
	if err != nil {
		return nil, &Error{Code: Unreachable, Detail: l.URI, Err: err}
	}
	return ParseOffer(r.Body)
}

// checkHTTPS refuses an identifier that is not an https URL (written so:
// identifiers are compared as written) without a query, a fragment or a
// user name.
func checkHTTPS(s string) error {
	u, err := url.Parse(s)
	if err != nil || !strings.HasPrefix(s, "https://") || u.Scheme != "https" || u.Host == "" || u.RawQuery != "" || u.Fragment != "" || u.User != nil {
		return &Error{Code: NotHTTPS, Detail: s}
	}
	return nil
}

func checkOptionalHTTPS(s string) error {
	if s == "" {
		return nil
	}
	return checkHTTPS(s)
}
