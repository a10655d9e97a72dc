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
	"time"

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
	// Bound is true when the key is tied to Controller by Controller
	// itself: the key is the DID (did:key, did:jwk), or the controller's
	// own document (a DID document, an https controller document) lists it.
	// A key read from the fragment of a URI (https://issuer.example/#z6Mk…,
	// urn:uuid:…#z6Mk…) is bound only when the document at that URI lists
	// it; otherwise Unbound says why not.
	Bound bool
	// Unbound is why Bound is false: the controller's document could not
	// be fetched (it wraps the fetch error: fetch.ErrOffline, a
	// *fetch.StatusError, ...), does not list the key (ErrNotListed), or
	// the controller cannot publish one (ErrNoDocument, a urn:).
	Unbound error
	// AsOf is when the document the key was taken from was fetched, when
	// that was a saved copy rather than the network; zero otherwise.
	AsOf time.Time
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
	// ErrNotListed: the controller's document does not list the key.
	ErrNotListed = errors.New("the controller's document does not list this key")
	// ErrNoDocument: the controller is not something that publishes a
	// document (a urn:, say), so nothing can tie a key to it.
	ErrNoDocument = errors.New("the controller's id cannot be looked up")
)

// Resolver resolves verification methods. Fetcher may be nil: then only
// identifiers that carry their key (did:key, did:jwk) resolve.
type Resolver struct {
	Fetcher fetch.Fetcher
	// FragmentKeys reads the key of a method id that is a URI but not a
	// DID (https://…, urn:uuid:…) whose fragment is a multibase Ed25519 key
	// from that fragment, controlled by the URI before '#' (the 1EdTech
	// validator's shortcut, DIGEST §6.3). Such a key is never bound by
	// itself, since anyone can mint one for any URI: it is Bound only when
	// the document at the URI lists it. Without FragmentKeys such ids are
	// resolved like any https method (and a urn: not at all).
	FragmentKeys bool
}

// Method resolves id, a DID URL, DID, or https URL (with fragment).
// Errors wrap ErrUnsupportedMethod, ErrNotFound, ErrBadKey or ErrBadDID,
// or the Fetcher's error (fetch.ErrOffline, *fetch.StatusError, ...) when
// a document could not be fetched.
func (r *Resolver) Method(ctx context.Context, id string) (*Method, error) {
	return r.method(ctx, id)
}
