package oid4vci

import (
	"context"
	"net/url"
	"slices"
	"strings"

	"github.com/learnerwallet/learnerwallet/wallet/fetch"
)

// Formats of credential the wallet receives.
const (
	FormatLDP = "ldp_vc"      // a VCDM 2.0 credential with a Data Integrity proof
	FormatJWT = "jwt_vc_json" // a VCDM 1.1 credential in a JWT's vc claim
	// FormatJWTLD is jwt_vc_json-ld: a JWT as jwt_vc_json, whose credential
	// is read as JSON-LD; the wallet reads every credential so.
	FormatJWTLD = "jwt_vc_json-ld"
)

// IssuerMetadata is what a credential issuer publishes about itself at
// /.well-known/openid-credential-issuer.
type IssuerMetadata struct {
	CredentialIssuer     string                             `json:"credential_issuer"`
	AuthorizationServers []string                           `json:"authorization_servers,omitempty"`
	CredentialEndpoint   string                             `json:"credential_endpoint"`
	NonceEndpoint        string                             `json:"nonce_endpoint,omitempty"`
	Display              []Display                          `json:"display,omitempty"`
	Configurations       map[string]CredentialConfiguration `json:"credential_configurations_supported"`
}

// Display is how an issuer or a credential wants to be shown, in a locale.
type Display struct {
	Name   string `json:"name,omitempty"`
	Locale string `json:"locale,omitempty"`
	Logo   *Logo  `json:"logo,omitempty"`
}

// Logo is a picture, at an address.
type Logo struct {
	URI     string `json:"uri,omitempty"`
	AltText string `json:"alt_text,omitempty"`
}

// CredentialConfiguration describes one kind of credential the issuer
// issues.
type CredentialConfiguration struct {
	Format     string                `json:"format"`
	Scope      string                `json:"scope,omitempty"`
	Definition *CredentialDefinition `json:"credential_definition,omitempty"`
	ProofTypes map[string]ProofType  `json:"proof_types_supported,omitempty"`
	// Metadata holds, since 1.0, how the credential is shown; Display is
	// where drafts put it.
	Metadata *struct {
		Display []Display `json:"display,omitempty"`
	} `json:"credential_metadata,omitempty"`
	Display []Display `json:"display,omitempty"`
}

// CredentialDefinition names a credential's types (and, for ldp_vc, its
// contexts).
type CredentialDefinition struct {
	Context []string `json:"@context,omitempty"`
	Type    []string `json:"type,omitempty"`
}

// ProofType is a kind of proof of possession the issuer takes.
type ProofType struct {
	SigningAlgs []string `json:"proof_signing_alg_values_supported,omitempty"`
}

// takesEdDSAProof reports whether the issuer takes the wallet's proof of
// possession for this credential, a JWT signed EdDSA: when it says which
// proofs it takes at all.
func (c CredentialConfiguration) takesEdDSAProof() bool {
	if len(c.ProofTypes) == 0 {
		return true
	}
	jwt, ok := c.ProofTypes["jwt"]
	if !ok {
		return false
	}
	return len(jwt.SigningAlgs) == 0 || slices.Contains(jwt.SigningAlgs, "EdDSA") || slices.Contains(jwt.SigningAlgs, "Ed25519")
}

// Name is the credential's name to show, in lang when it has one, else
// its first; "" when it gives none.
func (c CredentialConfiguration) Name(lang string) string {
	d := c.Display
	if c.Metadata != nil && len(c.Metadata.Display) > 0 {
		d = c.Metadata.Display
	}
	return pick(d, lang).Name
}

// Name is the issuer's name to show, in lang when it has one.
func (m IssuerMetadata) Name(lang string) string { return pick(m.Display, lang).Name }

// LogoURI is the issuer's logo's address, when it gives one.
func (m IssuerMetadata) LogoURI(lang string) string {
	if l := pick(m.Display, lang).Logo; l != nil {
		return l.URI
	}
	return ""
}

// pick returns the display in lang (exactly, else in its language: "es"
// for "es-MX"), else the first.
func pick(ds []Display, lang string) Display {
	base := func(l string) string { b, _, _ := strings.Cut(l, "-"); return b }
	for _, same := range []func(string) bool{
		func(l string) bool { return strings.EqualFold(l, lang) },
		func(l string) bool { return strings.EqualFold(base(l), base(lang)) },
	} {
		for _, d := range ds {
			if d.Locale != "" && same(d.Locale) {
				return d
			}
		}
	}
	if len(ds) > 0 {
		return ds[0]
	}
	return Display{}
}

// WellKnown is where an issuer's metadata is: the well-known name goes
// between the issuer's host and its path (as RFC 8414 does for servers).
func WellKnown(issuer, name string) (string, error) {
	if err := checkHTTPS(issuer); err != nil {
		return "", err
	}
	u, _ := url.Parse(issuer)
	path := strings.TrimSuffix(u.EscapedPath(), "/")
	return "https://" + u.Host + "/.well-known/" + name + path, nil
}

// FetchIssuerMetadata fetches and checks an issuer's metadata, over f, the
// wallet's one network client. The metadata must name the issuer asked for,
// exactly: otherwise anyone's metadata could stand for anyone.
func FetchIssuerMetadata(ctx context.Context, f fetch.Fetcher, issuer string) (*IssuerMetadata, error) {
	where, err := WellKnown(issuer, "openid-credential-issuer")
	if err != nil {
		return nil, err
	}
	r, err := f.Get(ctx, where, "application/json")
	if err != nil {
		return nil, &Error{Code: Unreachable, Detail: where, Err: err}
	}
	return ParseIssuerMetadata(r.Body, issuer)
}

// ParseIssuerMetadata reads and checks the metadata of issuer.
func ParseIssuerMetadata(b []byte, issuer string) (*IssuerMetadata, error) {
	var m IssuerMetadata
	if err := decodeStrict(b, &m); err != nil {
		return nil, err
	}
	if m.CredentialIssuer != issuer {
		return nil, &Error{Code: WrongIssuer, Detail: m.CredentialIssuer + ", not " + issuer}
	}
	if err := checkHTTPS(m.CredentialEndpoint); err != nil {
		return nil, err
	}
	if err := checkOptionalHTTPS(m.NonceEndpoint); err != nil {
		return nil, err
	}
	for _, s := range m.AuthorizationServers {
		if err := checkHTTPS(s); err != nil {
			return nil, err
		}
	}
	if len(m.Configurations) == 0 {
		return nil, &Error{Code: Malformed, Detail: "no credential_configurations_supported"}
	}
	return &m, nil
}

// Offered returns the configurations an offer names, in its order, and
// refuses one the issuer does not describe.
func (m IssuerMetadata) Offered(o *Offer) ([]CredentialConfiguration, error) {
	if o.CredentialIssuer != m.CredentialIssuer {
		return nil, &Error{Code: WrongIssuer, Detail: o.CredentialIssuer}
	}
	out := make([]CredentialConfiguration, 0, len(o.ConfigurationIDs))
	for _, id := range o.ConfigurationIDs {
		c, ok := m.Configurations[id]
		if !ok {
			return nil, &Error{Code: UnknownOffered, Detail: id}
		}
		switch c.Format {
		case FormatLDP, FormatJWT, FormatJWTLD:
		default:
			// SD-JWT, mdoc: credentials the wallet cannot keep.
			return nil, &Error{Code: Unsupported, Detail: "credentials in the format " + c.Format}
		}
		if !c.takesEdDSAProof() {
			// Known before the offer's code is spent.
			return nil, &Error{Code: Unsupported, Detail: "a proof of possession other than a JWT signed EdDSA (Ed25519)"}
		}
		out = append(out, c)
	}
	return out, nil
}

// AuthorizationServer is the server to ask for a token: the one the grant
// names (which must be one the issuer lists), else the issuer's only one,
// else the issuer itself.
func (m IssuerMetadata) AuthorizationServer(named string) (string, error) {
	switch {
	case named != "" && len(m.AuthorizationServers) > 0:
		for _, s := range m.AuthorizationServers {
			if s == named {
				return s, nil
			}
		}
		return "", &Error{Code: Malformed, Detail: "authorization_server " + named + " is not one the issuer lists"}
	case named != "":
		return "", &Error{Code: Malformed, Detail: "authorization_server " + named + " named, and the issuer lists none"}
	case len(m.AuthorizationServers) == 1:
		return m.AuthorizationServers[0], nil
	case len(m.AuthorizationServers) > 1:
		return "", &Error{Code: Malformed, Detail: "several authorization servers and the offer names none"}
	}
	return m.CredentialIssuer, nil
}
