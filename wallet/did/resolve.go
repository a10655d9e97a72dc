package did

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/learnerwallet/learnerwallet/wallet/fetch"
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
		return shortcutMethod(id)
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
		Relationships: signingRelationships, Confirmed: true,
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
		Relationships: rels, Confirmed: true,
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
	doc, err := r.getJSON(ctx, docURL)
	if err != nil {
		return nil, err
	}
	if docID, _ := doc["id"].(string); docID != did {
		return nil, fmt.Errorf("%w: the DID document at %s is for %q, not %s", ErrNotFound, docURL, docID, did)
	}
	cd := controllerDoc{id: did, doc: doc, url: docURL}
	if frag == "" {
		return cd.only()
	}
	return cd.find(did + "#" + frag)
}

// httpsMethod dereferences an https verification method URL: the document
// is either the method itself (whose controller document must then list
// it) or a controller document listing it.
func (r *Resolver) httpsMethod(ctx context.Context, id string) (*Method, error) {
	base, frag := splitFragment(id)
	doc, err := r.getJSON(ctx, base)
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
		m.Relationships = cm.Relationships
		return m, nil
	}
	if docID != "" && docID != base {
		return nil, fmt.Errorf("%w: the document at %s says it is %q", ErrNotFound, base, docID)
	}
	cd := controllerDoc{id: base, doc: doc, url: base}
	if frag == "" {
		return nil, fmt.Errorf("%w: %s names a document, not one of its keys", ErrNotFound, id)
	}
	return cd.find(id)
}

// fragmentKey reports whether id is a URI (not a DID) whose fragment
// looks like an Ed25519 multikey: https://issuer.example/profile#z6Mk…,
// urn:uuid:…#z6Mk….
func fragmentKey(id string) bool {
	base, frag := splitFragment(id)
	scheme, _, ok := strings.Cut(base, ":")
	return ok && scheme != "did" && scheme != "" && !strings.ContainsAny(scheme, "/?#") && strings.HasPrefix(frag, "z6Mk")
}

// shortcutMethod is the 1EdTech validator's shortcut: the fragment is the
// key, controlled by the URI before '#'. Nothing confirms that the
// controller published it.
func shortcutMethod(id string) (*Method, error) {
	base, frag := splitFragment(id)
	key, err := DecodeEd25519Multikey(frag)
	if err != nil {
		return nil, err
	}
	return &Method{
		ID: id, Type: "Multikey", Controller: base, PublicKey: key,
		Relationships: []string{"assertionMethod", "authentication"}, Confirmed: false,
	}, nil
}

// controllerListing fetches the controller document of a method that was
// published on its own, and returns the method as that document lists it.
func (r *Resolver) controllerListing(ctx context.Context, controller, id, altID string) (*Method, error) {
	var cdoc map[string]any
	var err error
	switch {
	case strings.HasPrefix(controller, "https://"):
		cdoc, err = r.getJSON(ctx, controller)
	case strings.HasPrefix(controller, "did:web:"):
		var u string
		if u, err = WebURL(controller); err == nil {
			cdoc, err = r.getJSON(ctx, u)
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
	return &Method{Relationships: rels}, nil
}

// getJSON fetches url through the Fetcher and parses a JSON object.
func (r *Resolver) getJSON(ctx context.Context, u string) (map[string]any, error) {
	if r.Fetcher == nil {
		return nil, fmt.Errorf("resolving %s needs the network: %w", u, fetch.ErrOffline)
	}
	resp, err := r.Fetcher.Get(ctx, u, accept...)
	if err != nil {
		return nil, fmt.Errorf("fetching %s: %w", u, err)
	}
	var doc map[string]any
	if err := json.Unmarshal(resp.Body, &doc); err != nil {
		return nil, fmt.Errorf("%w: %s is not a JSON document: %v", ErrNotFound, u, err)
	}
	return doc, nil
}
