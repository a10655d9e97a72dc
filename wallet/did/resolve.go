package did

import (
	"context"
	"crypto"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/learnerwallet/learnerwallet/wallet/fetch"
	"github.com/learnerwallet/learnerwallet/wallet/internal/jsonv"
)

// signingRelationships are the verification relationships of a key that
// is its own identifier (did:key, did:jwk).
var signingRelationships = []string{"assertionMethod", "authentication", "capabilityInvocation", "capabilityDelegation"}

// accept is what we ask for when dereferencing DID and controller documents.
var accept = []string{"application/did+ld+json", "application/did+json", "application/ld+json", "application/json"}

func (r *Resolver) method(ctx context.Context, id string) (*Method, error) {
	switch {
	case strings.HasPrefix(id, "did:key:"):
		return keyMethod(id)
	case strings.HasPrefix(id, "did:jwk:"):
		return jwkMethod(id)
	case strings.HasPrefix(id, "did:web:"):
		return r.webMethod(ctx, id)
	case strings.HasPrefix(id, "did:"):
		name, _, _ := strings.Cut(strings.TrimPrefix(id, "did:"), ":")
		return nil, fmt.Errorf("%w: did:%s (%s)", ErrUnsupportedMethod, name, id)
	case r.FragmentKeys && fragmentKey(id):
		return r.fragmentMethod(ctx, id)
	case strings.HasPrefix(id, "https://"):
		return r.httpsMethod(ctx, id)
	case strings.HasPrefix(id, "http://"):
		return nil, fmt.Errorf("%w: %s is a plain http address; keys are only taken from https", ErrUnsupportedMethod, id)
	}
	return nil, fmt.Errorf("%w: %q is neither a DID nor an https address", ErrUnsupportedMethod, id)
}

// splitFragment splits a DID URL or URL at '#'.
func splitFragment(id string) (base, fragment string) {
	base, fragment, _ = strings.Cut(id, "#")
	return base, fragment
}

// keyMethod resolves did:key:<mb> and did:key:<mb>#<mb>.
func keyMethod(id string) (*Method, error) {
	base, frag := splitFragment(id)
	mb := strings.TrimPrefix(base, "did:key:")
	if strings.ContainsAny(mb, ":/?") {
		return nil, fmt.Errorf("%w: %s is not a did:key DID", ErrBadKey, base)
	}
	key, err := DecodeMultikey(mb)
	if err != nil {
		return nil, err
	}
	if frag != "" && frag != mb {
		return nil, fmt.Errorf("%w: %s has only the key #%s", ErrNotFound, base, mb)
	}
	return &Method{
		ID: base + "#" + mb, Type: "Multikey", Controller: base, PublicKey: key,
		Relationships: signingRelationships, Bound: true,
	}, nil
}

// jwkMethod resolves did:jwk:<base64url JWK> and its #0.
func jwkMethod(id string) (*Method, error) {
	base, frag := splitFragment(id)
	if frag != "" && frag != "0" {
		return nil, fmt.Errorf("%w: %s has only the key #0", ErrNotFound, base)
	}
	raw, err := base64.RawURLEncoding.DecodeString(strings.TrimPrefix(base, "did:jwk:"))
	if err != nil {
		return nil, fmt.Errorf("%w: %s is not base64url: %v", ErrBadKey, base, err)
	}
	var jwk map[string]any
	if err := json.Unmarshal(raw, &jwk); err != nil {
		return nil, fmt.Errorf("%w: %s does not hold a JSON key: %v", ErrBadKey, base, err)
	}
	key, err := jwkPublicKey(jwk)
	if err != nil {
		return nil, err
	}
	rels := signingRelationships
	if use, _ := jwk["use"].(string); use == "enc" {
		rels = []string{"keyAgreement"}
	}
	return &Method{
		ID: base + "#0", Type: "JsonWebKey", Controller: base, PublicKey: key,
		Relationships: rels, Bound: true,
	}, nil
}

// webMethod fetches the DID document of a did:web DID URL and finds the
// method in it.
func (r *Resolver) webMethod(ctx context.Context, id string) (*Method, error) {
	did, frag := splitFragment(id)
	docURL, err := WebURL(did)
	if err != nil {
		return nil, err
	}
	doc, asOf, err := r.getJSON(ctx, docURL)
	if err != nil {
		return nil, err
	}
	if docID, _ := doc["id"].(string); docID != did {
		return nil, fmt.Errorf("%w: the DID document at %s is for %q, not %s", ErrNotFound, docURL, docID, did)
	}
	cd := controllerDoc{id: did, doc: doc, url: docURL}
	var m *Method
	if frag == "" {
		m, err = cd.only()
	} else {
		m, err = cd.find(did + "#" + frag)
	}
	if m != nil {
		m.AsOf = asOf
	}
	return m, err
}

// httpsMethod dereferences an https verification method URL: the document
// is either the method itself (whose controller document must then list
// it) or a controller document listing it.
func (r *Resolver) httpsMethod(ctx context.Context, id string) (*Method, error) {
	base, frag := splitFragment(id)
	doc, asOf, err := r.getJSON(ctx, base)
	if err != nil {
		return nil, err
	}
	docID, _ := doc["id"].(string)
	if isMethod(doc) && (docID == id || docID == base) {
		m, err := methodFrom(doc, id)
		if err != nil {
			return nil, err
		}
		m.ID = id
		if m.Controller == "" {
			return nil, fmt.Errorf("%w: the verification method %s names no controller", ErrNotFound, id)
		}
		// The controller document must list the method for it to count.
		cm, err := r.controllerListing(ctx, m.Controller, id, docID)
		if err != nil {
			return nil, err
		}
		m.Relationships, m.Bound = cm.Relationships, true
		m.AsOf = later(asOf, cm.AsOf)
		return m, nil
	}
	if docID != "" && docID != base {
		return nil, fmt.Errorf("%w: the document at %s says it is %q", ErrNotFound, base, docID)
	}
	cd := controllerDoc{id: base, doc: doc, url: base}
	if frag == "" {
		return nil, fmt.Errorf("%w: %s names a document, not one of its keys", ErrNotFound, id)
	}
	m, err := cd.find(id)
	if m != nil {
		m.AsOf = asOf
	}
	return m, err
}

// fragmentKey reports whether id is a URI (not a DID) whose fragment
// looks like an Ed25519 multikey: https://issuer.example/profile#z6Mk…,
// urn:uuid:…#z6Mk….
func fragmentKey(id string) bool {
	base, frag := splitFragment(id)
	scheme, _, ok := strings.Cut(base, ":")
	return ok && scheme != "did" && scheme != "" && !strings.ContainsAny(scheme, "/?#") && strings.HasPrefix(frag, "z6Mk")
}

// fragmentMethod reads the key of a fragment-key method id (the 1EdTech
// validator's shortcut), then asks the document at the URI before '#'
// whether it lists the method: only then is the key bound to that URI.
func (r *Resolver) fragmentMethod(ctx context.Context, id string) (*Method, error) {
	base, frag := splitFragment(id)
	key, err := DecodeEd25519Multikey(frag)
	if err != nil {
		return nil, err
	}
	m := &Method{ID: id, Type: "Multikey", Controller: base, PublicKey: key}
	if !strings.HasPrefix(base, "https://") {
		m.Unbound = fmt.Errorf("%w: %s", ErrNoDocument, base)
		return m, nil
	}
	doc, asOf, err := r.getJSON(ctx, base)
	if err != nil {
		m.Unbound = err
		return m, nil
	}
	cd := controllerDoc{id: base, doc: doc, url: base}
	listed, err := cd.find(id)
	if err != nil || !sameKey(listed.PublicKey, key) || (doc["id"] != nil && doc["id"] != base) {
		m.Unbound = fmt.Errorf("%w: %s does not list %s", ErrNotListed, base, id)
		return m, nil
	}
	m.Relationships, m.Bound, m.AsOf = listed.Relationships, true, asOf
	return m, nil
}

// controllerListing fetches the controller document of a method that was
// published on its own, and returns the method as that document lists it.
func (r *Resolver) controllerListing(ctx context.Context, controller, id, altID string) (*Method, error) {
	var cdoc map[string]any
	var asOf time.Time
	var err error
	switch {
	case strings.HasPrefix(controller, "https://"):
		cdoc, asOf, err = r.getJSON(ctx, controller)
	case strings.HasPrefix(controller, "did:web:"):
		var u string
		if u, err = WebURL(controller); err == nil {
			cdoc, asOf, err = r.getJSON(ctx, u)
		}
	default:
		return nil, fmt.Errorf("%w: controller %s of %s cannot be checked", ErrUnsupportedMethod, controller, id)
	}
	if err != nil {
		return nil, err
	}
	if cid, _ := cdoc["id"].(string); cid != controller {
		return nil, fmt.Errorf("%w: the controller document of %s is for %q, not %s", ErrNotFound, id, cid, controller)
	}
	cd := controllerDoc{id: controller, doc: cdoc, url: controller}
	rels := cd.relationships(id)
	if altID != "" && altID != id {
		rels = append(rels, cd.relationships(altID)...)
	}
	if len(rels) == 0 {
		return nil, fmt.Errorf("%w: controller %s does not list %s under any verification relationship", ErrNotFound, controller, id)
	}
	return &Method{Relationships: rels, AsOf: asOf}, nil
}

// getJSON fetches url through the Fetcher and parses a JSON object. asOf
// is when a saved copy was fetched, zero for a fresh one.
func (r *Resolver) getJSON(ctx context.Context, u string) (doc map[string]any, asOf time.Time, err error) {
	if r.Fetcher == nil {
		return nil, time.Time{}, fmt.Errorf("resolving %s needs the network: %w", u, fetch.ErrOffline)
	}
	resp, err := r.Fetcher.Get(ctx, u, accept...)
	if err != nil {
		return nil, time.Time{}, fmt.Errorf("fetching %s: %w", u, err)
	}
	doc, err = jsonv.DecodeObject(resp.Body)
	if err != nil {
		return nil, time.Time{}, fmt.Errorf("%w: %s is not a JSON document: %v", ErrNotFound, u, err)
	}
	if resp.FromCache {
		asOf = resp.FetchedAt
	}
	return doc, asOf, nil
}

// later returns the later of two times.
func later(a, b time.Time) time.Time {
	if b.After(a) {
		return b
	}
	return a
}

// sameKey reports whether two public keys are the same key.
func sameKey(a, b crypto.PublicKey) bool {
	k, ok := a.(interface{ Equal(crypto.PublicKey) bool })
	return ok && k.Equal(b)
}
