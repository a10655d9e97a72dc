// Package jose verifies credentials secured as JSON Web Tokens (VC-JWT):
// VCDM 1.1 tokens that carry the credential in a "vc" claim and VCDM 2.0
// tokens whose payload is the credential itself.
//
// Verification is strict by default: only RS256, PS256, ES256, ES384 and
// EdDSA are accepted, each only with the key type it is defined for; "none",
// HMAC algorithms and the jku and x5u headers are refused; the key must come
// from the jwk header, a did:key, did:jwk or did:web DID URL, or an https URL,
// and must belong to the credential's issuer. The registered claims (iss,
// sub, jti, nbf, exp) must agree with the credential. Dates are returned,
// not judged: whether the credential is in date is the caller's decision.
package jose

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/lestrrat-go/jwx/v2/jws"

	"github.com/learnerwallet/learnerwallet/wallet/credential"
	"github.com/learnerwallet/learnerwallet/wallet/did"
	"github.com/learnerwallet/learnerwallet/wallet/fetch"
	"github.com/learnerwallet/learnerwallet/wallet/internal/jsonv"
)

// KeyResolver resolves a DID URL to its verification method.
// *did.Resolver implements it.
type KeyResolver interface {
	Method(ctx context.Context, id string) (*did.Method, error)
}

// Options are what verification may use beyond the token itself.
type Options struct {
	// Keys resolves DID URLs named by kid. Nil: DID keys are unresolvable.
	Keys KeyResolver
	// Fetcher gets https JWKs and the issuer's JWKS. Nil: nothing is fetched,
	// and keys from the network are unresolvable.
	Fetcher fetch.Fetcher
	// Now is the verification time. Dates are returned, not judged, so
	// it is not used to reject a token; zero means time.Now.
	Now time.Time
}

// Result is a verified token.
type Result struct {
	Alg string // the signature algorithm, from the allow-list
	Kid string // the kid header, "" when there is none
	// Header is the protected header as sent.
	Header map[string]any
	// Payload is the JWT payload, numbers as json.Number.
	Payload map[string]any
	// Credential is the credential the token secures: the payload itself
	// for VCDM 2.0; for VCDM 1.1 the vc claim with the members it omits
	// (id, issuer, issuanceDate, expirationDate, credentialSubject.id)
	// taken from the registered claims.
	Credential map[string]any
	VCDM       string // "1.1" or "2.0"
	// Layout is how the token carries the credential; see
	// credential.Layout.Standard for the ones a specification defines.
	Layout credential.Layout
	// KeyBinding says how the signing key is tied to the issuer: it is the
	// issuer's own DID, it is listed in the issuer's DID document, or in
	// the issuer's published key set; "" when it could not be tied, and
	// KeyUnbound says why (it wraps a fetch error, ErrNoKeySet,
	// ErrNotIssuersKey or did.ErrNoDocument).
	KeyBinding Binding
	KeyUnbound error
	// KeyNote says technically how the key was tied to the issuer, or why
	// it could not be.
	KeyNote string
	// ValidFrom and ValidUntil are the credential's validity window
	// (validFrom/validUntil, or issuanceDate/expirationDate for VCDM 1.1,
	// else the nbf and exp claims); zero when absent.
	ValidFrom, ValidUntil time.Time
	// NotBefore, Expires and IssuedAt are the nbf, exp and iat claims;
	// zero when absent.
	NotBefore, Expires, IssuedAt time.Time
}

// Kind classifies why a token was not accepted.
type Kind int

// Kinds of failure. Unsupported and Unresolvable mean the wallet could not
// decide; the others mean the token is not a valid credential.
const (
	// Malformed: not a well-formed JWT credential.
	Malformed Kind = iota + 1
	// Refused: uses something refused for safety (alg none, HMAC, jku, x5u,
	// a private key in the header).
	Refused
	// Forged: the signature does not verify, or the key is not the issuer's.
	Forged
	// Mismatch: the token's claims contradict the credential.
	Mismatch
	// Unsupported: an algorithm or DID method this wallet does not check.
	Unsupported
	// Unresolvable: the key could not be found or fetched.
	Unresolvable
	// NotOwner: the key is not the issuer's (or the holder's): another
	// DID's, not listed for the purpose, not on the issuer's site.
	NotOwner
)

// Binding is how a signing key is tied to the issuer.
type Binding string

// Bindings of a key to its issuer.
const (
	BoundSelf     Binding = "self"         // the key is the issuer's DID (did:key, did:jwk)
	BoundDocument Binding = "did-document" // the issuer's DID document lists it
	BoundJWKS     Binding = "jwks"         // the issuer's published key set holds it
)

// Reasons a key is not bound, wrapped by Result.KeyUnbound.
var (
	ErrNoKeySet      = errors.New("the issuer's published key set cannot be read")
	ErrNotIssuersKey = errors.New("the key is not among the issuer's keys")
)

var kindNames = map[Kind]string{
	Malformed: "malformed", Refused: "refused", Forged: "forged",
	Mismatch: "mismatch", Unsupported: "unsupported", Unresolvable: "unresolvable", NotOwner: "not the owner's key",
}

func (k Kind) String() string {
	if s, ok := kindNames[k]; ok {
		return s
	}
	return fmt.Sprintf("Kind(%d)", int(k))
}

// Error explains why a token was not accepted. Reason is a sentence a
// learner understands; Err, when set, is the technical cause.
type Error struct {
	Kind   Kind
	Reason string
	Err    error
}

func (e *Error) Error() string {
	s := e.Kind.String() + ": " + e.Reason
	if e.Err != nil {
		s += " (" + e.Err.Error() + ")"
	}
	return s
}

// Unwrap returns the technical cause.
func (e *Error) Unwrap() error { return e.Err }

func fail(k Kind, cause error, format string, args ...any) *Error {
	return &Error{Kind: k, Reason: fmt.Sprintf(format, args...), Err: cause}
}

// VerifyCredential verifies a VC-JWT given in compact serialization and
// returns the credential it secures. Errors are *Error. An error of kind
// Mismatch (the token's claims contradict its credential) comes with the
// result: the signature and its key were checked and hold.
func VerifyCredential(ctx context.Context, compact string, opts Options) (*Result, error) {
	tok, err := split(compact)
	if err != nil {
		return nil, err
	}
	alg, err := checkHeader(tok.header)
	if err != nil {
		return nil, err
	}
	cred, layout, vcdm, err := credentialOf(tok.payload)
	if err != nil {
		return nil, err
	}
	issuer := jsonv.ID(cred["issuer"])
	if issuer == "" {
		return nil, fail(Malformed, nil, "the credential does not say who issued it")
	}
	k, err := findKey(ctx, tok.header, issuer, opts)
	if err != nil {
		return nil, err
	}
	if err := fitsAlg(alg, k.pub); err != nil {
		return nil, err
	}
	if _, err := jws.Verify([]byte(tok.compact), jws.WithKey(alg, k.pub)); err != nil {
		return nil, fail(Forged, err, "the signature does not match: the credential was changed after it was signed, or it was not signed with the issuer's key")
	}
	r := &Result{
		Alg:        alg.String(),
		Header:     tok.header,
		Payload:    tok.payload,
		Credential: cred,
		VCDM:       vcdm,
		Layout:     layout,
		KeyBinding: k.binding,
		KeyUnbound: k.unbound,
		KeyNote:    k.note,
	}
	r.Kid, _ = tok.header["kid"].(string)
	if err := checkClaims(r, issuer); err != nil {
		return r, err
	}
	return r, nil
}
