// Package did resolves the identifiers that name keys in credentials:
// did:key, did:jwk and did:web DIDs and DID URLs, and https URLs of
// verification-method or controller documents, to a verification method
// with its public key and the relationships (assertionMethod,
// authentication) its controller lists it under.
package did

import (
	"context"
	"crypto"
	"errors"

	"github.com/learnerwallet/learnerwallet/wallet/fetch"
)

// Method is a resolved verification method.
type Method struct {
	ID         string           // absolute id (DID URL or https URL with fragment)
	Type       string           // Multikey, Ed25519VerificationKey2020, JsonWebKey, JsonWebKey2020, ...
	Controller string           // the DID or URL that controls the key
	PublicKey  crypto.PublicKey // ed25519.PublicKey, *ecdsa.PublicKey or *rsa.PublicKey
	// Relationships lists the verification relationships of the controller
	// document that name this method: "assertionMethod", "authentication", ...
	// For did:key and did:jwk all of them.
	Relationships []string
	// Confirmed is false when the key was taken from the identifier itself
	// without a controller document to confirm it (the 1EdTech validator's
	// shortcut for https://issuer.example/profile#z6Mk... methods).
	Confirmed bool
}

// Has reports whether the method is listed under relationship.
func (m *Method) Has(relationship string) bool {
	for _, r := range m.Relationships {
		if r == relationship {
			return true
		}
	}
	return false
}

// Errors resolution reports.
var (
	ErrUnsupportedMethod = errors.New("unsupported DID method")
	ErrNotFound          = errors.New("verification method not found")
	ErrBadKey            = errors.New("malformed public key")
	ErrBadDID            = errors.New("malformed DID")
)

// Resolver resolves verification methods. Fetcher may be nil: then only
// identifiers that carry their key (did:key, did:jwk) resolve.
type Resolver struct {
	Fetcher fetch.Fetcher
	// FragmentKeys allows the validator shortcut: a method id that is a URI
	// but not a DID (https://…, urn:uuid:…) whose fragment is a multibase
	// Ed25519 key resolves to that key, controlled by the URI before '#',
	// with Confirmed false and without fetching anything. It gives no key
	// provenance (anyone can mint such an id for any issuer): for test
	// suites and explicit user choice only (DIGEST §6.3).
	FragmentKeys bool
}

// Method resolves id, a DID URL, DID, or https URL (with fragment).
// Errors wrap ErrUnsupportedMethod, ErrNotFound, ErrBadKey or ErrBadDID,
// or the Fetcher's error (fetch.ErrOffline, *fetch.StatusError, ...) when
// a document could not be fetched.
func (r *Resolver) Method(ctx context.Context, id string) (*Method, error) {
	return r.method(ctx, id)
}
