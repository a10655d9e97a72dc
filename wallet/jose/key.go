package jose

import (
	"bytes"
	"context"
	"crypto"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/rsa"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"strings"

	"github.com/learnerwallet/learnerwallet/wallet/fetch"
	"github.com/learnerwallet/learnerwallet/wallet/internal/jsonv"

	"github.com/lestrrat-go/jwx/v2/jwk"

	"github.com/learnerwallet/learnerwallet/wallet/did"
)

// signingKey is the key a token is verified with, and how it is tied to
// the issuer.
type signingKey struct {
	pub     any // *rsa.PublicKey, *ecdsa.PublicKey or ed25519.PublicKey
	binding Binding
	unbound error // why binding is empty
	note    string
}

// Where JWK documents are asked for.
var (
	acceptJWK  = []string{"application/jwk+json", "application/jwk-set+json", "application/json"}
	acceptJWKS = []string{"application/jwk-set+json", "application/json"}
)

// didMethods are the DID methods whose keys can be looked up.
var didMethods = map[string]bool{"key": true, "jwk": true, "web": true}

// findKey chooses the verification key from the header, and ties it to
// the issuer or says why it could not be.
func findKey(ctx context.Context, h map[string]any, issuer string, opts Options) (*signingKey, error) {
	kid, _ := h["kid"].(string)
	hdrJWK, hasJWK := h["jwk"].(map[string]any)
	switch {
	case strings.HasPrefix(kid, "did:"):
		return didKey(ctx, kid, issuer, opts)
	case strings.HasPrefix(kid, "#") && strings.HasPrefix(issuer, "did:"):
		// A bare fragment names a method of the issuer's DID (as the
		// 1EdTech validator reads it).
		return didKey(ctx, issuer+kid, issuer, opts)
	case strings.HasPrefix(strings.ToLower(kid), "https://"):
		return httpsKey(ctx, kid, issuer, opts)
	case hasJWK:
		return headerKey(ctx, hdrJWK, issuer, opts)
	case kid != "":
		return nil, fail(Unresolvable, nil, "the token names its key %q, which is not an address the wallet can look up (a DID URL or an https address)", kid)
	case strings.HasPrefix(issuer, "did:"):
		return didKey(ctx, issuer, issuer, opts)
	}
	return nil, fail(Unresolvable, nil, "the token does not say which key signed it (no \"kid\" or \"jwk\" header), so its signature cannot be checked")
}

// didOf returns the DID of a DID URL: what comes before its path, query
// or fragment.
func didOf(u string) string {
	if i := strings.IndexAny(u, "/?#"); i >= 0 {
		return u[:i]
	}
	return u
}

// didMethod returns the method name of a DID ("key" for did:key:...).
func didMethod(d string) string {
	parts := strings.SplitN(d, ":", 3)
	if len(parts) < 3 {
		return ""
	}
	return parts[1]
}

func didKey(ctx context.Context, kid, issuer string, opts Options) (*signingKey, error) {
	d := didOf(kid)
	m := didMethod(d)
	if m == "" {
		return nil, fail(Malformed, nil, "the token's key %q is not a valid DID URL", kid)
	}
	if !didMethods[m] {
		return nil, fail(Unsupported, did.ErrUnsupportedMethod, "the token is signed with a did:%s key; this wallet can look up did:key, did:jwk and did:web keys only (unsupported DID method)", m)
	}
	if d != issuer {
		return nil, fail(NotOwner, nil, "the token was signed with a key of %s, but the credential says it was issued by %s", d, issuer)
	}
	if opts.Keys == nil {
		return nil, fail(Unresolvable, nil, "the issuer's key %s could not be looked up here", kid)
	}
	vm, err := opts.Keys.Method(ctx, kid)
	if errors.Is(err, did.ErrUnsupportedMethod) {
		return nil, fail(Unsupported, err, "the issuer's key %s cannot be looked up by this wallet (unsupported DID method)", kid)
	}
	if err != nil {
		return nil, fail(Unresolvable, err, "the issuer's key %s could not be found", kid)
	}
	if vm == nil || vm.PublicKey == nil {
		return nil, fail(Unresolvable, nil, "the issuer's key %s could not be found", kid)
	}
	if vm.Controller != "" && vm.Controller != issuer {
		return nil, fail(NotOwner, nil, "the key %s is controlled by %s, not by the issuer %s", kid, vm.Controller, issuer)
	}
	if len(vm.Relationships) > 0 && !vm.Has("assertionMethod") {
		return nil, fail(NotOwner, nil, "the issuer's DID document does not list the key %s for issuing credentials (assertionMethod)", kid)
	}
	k := &signingKey{pub: normalize(vm.PublicKey)}
	switch {
	case m == "key" || m == "jwk":
		k.binding, k.note = BoundSelf, "the key is the issuer's own identifier ("+d+")"
	case vm.Bound:
		k.binding, k.note = BoundDocument, "the key is listed in the issuer's DID document ("+d+")"
	default:
		k.unbound, k.note = vm.Unbound, "the key is named after the issuer's DID, but no DID document confirmed it"
	}
	return k, nil
}

// origin is scheme://host[:port] of an absolute URL, with the default
// port left out, or "".
func origin(s string) string {
	u, err := url.Parse(s)
	if err != nil || u.Scheme == "" || u.Host == "" {
		return ""
	}
	scheme := strings.ToLower(u.Scheme)
	host := strings.ToLower(u.Hostname())
	if p := u.Port(); p != "" && !(scheme == "https" && p == "443") && !(scheme == "http" && p == "80") {
		host += ":" + p
	}
	return scheme + "://" + host
}

func httpsKey(ctx context.Context, kid, issuer string, opts Options) (*signingKey, error) {
	doc, frag, _ := strings.Cut(kid, "#")
	ko, iso := origin(doc), origin(issuer)
	if ko == "" {
		return nil, fail(Malformed, nil, "the token's key address %q is not a valid URL", kid)
	}
	if !strings.HasPrefix(iso, "https://") {
		return nil, fail(NotOwner, nil, "the token's key is published at %s, but the issuer (%s) is not a secure web address that could publish it", ko, issuer)
	}
	if ko != iso {
		return nil, fail(NotOwner, nil, "the token's key is published by %s, not by the issuer's site %s", ko, iso)
	}
	if opts.Fetcher == nil {
		return nil, fail(Unresolvable, nil, "the issuer's key at %s could not be fetched: the wallet is offline", doc)
	}
	resp, err := opts.Fetcher.Get(ctx, doc, acceptJWK...)
	if err != nil {
		return nil, fail(Unresolvable, err, "the issuer's key at %s could not be fetched", doc)
	}
	keys, set, err := parseKeys(resp.Body)
	if err != nil {
		return nil, err
	}
	pk := pickKey(keys, set, kid, frag)
	if pk == nil {
		return nil, fail(Unresolvable, nil, "the document at %s has no key named %q", doc, kid)
	}
	if iss, ok := pk.raw["iss"].(string); ok && iss != issuer {
		return nil, fail(NotOwner, nil, "the key at %s says it belongs to %s, not to the issuer %s", doc, iss, issuer)
	}
	k := &signingKey{pub: pk.pub}
	wk := iso + "/.well-known/jwks.json"
	if doc == wk {
		k.binding, k.note = BoundJWKS, "the key is listed in the issuer's published key set ("+wk+")"
		return k, nil
	}
	known, err := wellKnown(ctx, wk, opts)
	switch {
	case known == nil:
		k.unbound, k.note = err, "the key was fetched from the issuer's site ("+doc+"), but the issuer's published key set could not be read to confirm it: "+err.Error()
	case contains(known, pk.pub):
		k.binding, k.note = BoundJWKS, "the key is listed in the issuer's published key set ("+wk+")"
	default:
		return nil, fail(NotOwner, nil, "the key at %s is not in the issuer's published key set (%s)", doc, wk)
	}
	return k, nil
}

func headerKey(ctx context.Context, m map[string]any, issuer string, opts Options) (*signingKey, error) {
	b, _ := json.Marshal(m)
	keys, _, err := parseKeys(b)
	if err != nil || len(keys) != 1 {
		return nil, fail(Malformed, err, "the token's \"jwk\" header is not a usable public key")
	}
	k := &signingKey{pub: keys[0].pub}
	const came = "the key came with the credential; "
	switch {
	case strings.HasPrefix(issuer, "did:"):
		if opts.Keys != nil {
			vm, err := opts.Keys.Method(ctx, issuer)
			if err == nil && vm != nil && sameKey(vm.PublicKey, k.pub) {
				k.binding = BoundSelf
				if !strings.HasPrefix(issuer, "did:key:") && !strings.HasPrefix(issuer, "did:jwk:") {
					k.binding = BoundDocument
				}
				k.note = "the key is the key of the issuer's DID (" + issuer + ")"
				return k, nil
			}
			if err != nil {
				k.unbound = err
			}
		}
		if k.unbound == nil {
			k.unbound = fmt.Errorf("%w: %s", ErrNotIssuersKey, issuer)
		}
		k.note = came + "it is not shown to be a key of the issuer's DID (" + issuer + ")"
	case strings.HasPrefix(origin(issuer), "https://"):
		wk := origin(issuer) + "/.well-known/jwks.json"
		known, err := wellKnown(ctx, wk, opts)
		switch {
		case known == nil:
			k.unbound = err
			k.note = came + "it could not be tied to the issuer, whose published key set could not be read (" + err.Error() + ")"
		case contains(known, k.pub):
			k.binding, k.note = BoundJWKS, "the key is listed in the issuer's published key set ("+wk+")"
		default:
			k.unbound = fmt.Errorf("%w: %s", ErrNotIssuersKey, wk)
			k.note = came + "it is not among the keys the issuer publishes at " + wk
		}
	default:
		k.unbound = fmt.Errorf("%w: %s", did.ErrNoDocument, issuer)
		k.note = came + "it could not be tied to the issuer"
	}
	return k, nil
}

// wellKnown reads the issuer's key set; nil and why when it cannot.
func wellKnown(ctx context.Context, wk string, opts Options) ([]parsedKey, error) {
	if opts.Fetcher == nil {
		return nil, fmt.Errorf("%s: %w", wk, fetch.ErrOffline)
	}
	resp, err := opts.Fetcher.Get(ctx, wk, acceptJWKS...)
	if err != nil {
		return nil, err
	}
	keys, set, err := parseKeys(resp.Body)
	if err != nil || !set {
		return nil, fmt.Errorf("%w: %s is not a valid key set", ErrNoKeySet, wk)
	}
	return keys, nil
}

// parsedKey is one public JWK.
type parsedKey struct {
	raw map[string]any
	pub any
}

// parseKeys reads a JWK or a JWK set. set reports which. Keys of a set that
// cannot be used are left out; a private key anywhere is refused.
func parseKeys(b []byte) (keys []parsedKey, set bool, err error) {
	m, err := jsonv.DecodeObject(b)
	if err != nil {
		return nil, false, fail(Unresolvable, err, "the key document is not valid JSON")
	}
	var objs []map[string]any
	if ks, ok := m["keys"]; ok {
		set = true
		list, ok := ks.([]any)
		if !ok {
			return nil, true, fail(Unresolvable, nil, "the key set's \"keys\" member is not a list")
		}
		for _, e := range list {
			if o, ok := e.(map[string]any); ok {
				objs = append(objs, o)
			}
		}
	} else {
		objs = []map[string]any{m}
	}
	for _, o := range objs {
		for _, p := range privateMembers {
			if _, ok := o[p]; ok {
				return nil, set, fail(Refused, nil, "the published key document holds a private or secret key (member %q); it was refused", p)
			}
		}
		pub, err := rawPublic(o)
		if err != nil {
			if !set {
				return nil, false, fail(Unresolvable, err, "the key document is not a usable public key")
			}
			continue
		}
		keys = append(keys, parsedKey{raw: o, pub: pub})
	}
	return keys, set, nil
}

// rawPublic turns a JWK object into a Go public key.
func rawPublic(o map[string]any) (any, error) {
	b, err := json.Marshal(o)
	if err != nil {
		return nil, err
	}
	k, err := jwk.ParseKey(b)
	if err != nil {
		return nil, err
	}
	var raw any
	if err := k.Raw(&raw); err != nil {
		return nil, err
	}
	return normalize(raw), nil
}

// pickKey finds the key kid names in a fetched document.
func pickKey(keys []parsedKey, set bool, kid, frag string) *parsedKey {
	for i := range keys {
		id, _ := keys[i].raw["kid"].(string)
		if id != "" && (id == kid || frag != "" && (id == frag || id == "#"+frag)) {
			return &keys[i]
		}
	}
	if len(keys) == 1 {
		id, _ := keys[0].raw["kid"].(string)
		// A lone key answers for the document: with no fragment to match,
		// or when the document is a single JWK without a kid.
		if frag == "" || !set && id == "" {
			return &keys[0]
		}
	}
	return nil
}

// normalize turns the shapes a public key can take into the pointer or
// value form jws.Verify and fitsAlg expect.
func normalize(k any) any {
	switch v := k.(type) {
	case *ed25519.PublicKey:
		return *v
	case ecdsa.PublicKey:
		return &v
	case rsa.PublicKey:
		return &v
	}
	return k
}

// thumb is the RFC 7638 SHA-256 thumbprint of a public key, or nil.
func thumb(pub any) []byte {
	k, err := jwk.FromRaw(normalize(pub))
	if err != nil {
		return nil
	}
	t, err := k.Thumbprint(crypto.SHA256)
	if err != nil {
		return nil
	}
	return t
}

func sameKey(a, b any) bool {
	ta, tb := thumb(a), thumb(b)
	return ta != nil && bytes.Equal(ta, tb)
}

func contains(keys []parsedKey, pub any) bool {
	for _, k := range keys {
		if sameKey(k.pub, pub) {
			return true
		}
	}
	return false
}
