package did

import (
	"crypto"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/rsa"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/learnerwallet/learnerwallet/wallet/internal/jsonv"

	"github.com/lestrrat-go/jwx/v2/jwk"
)

// relationshipNames are the verification relationships of DID Core and
// Controlled Identifiers.
var relationshipNames = []string{"assertionMethod", "authentication", "capabilityInvocation", "capabilityDelegation", "keyAgreement"}

// controllerDoc is a DID document or controller document.
type controllerDoc struct {
	id  string // the DID or URL it must be about
	url string // where it came from, for messages
	doc map[string]any
}

// abs makes a method id absolute against the document ("#key-1" → id#key-1).
func (c controllerDoc) abs(ref string) string {
	if strings.HasPrefix(ref, "#") {
		return c.id + ref
	}
	return ref
}

// methods returns every verification method object in the document: those
// under verificationMethod and those embedded in a relationship.
func (c controllerDoc) methods() []map[string]any {
	var out []map[string]any
	for _, key := range append([]string{"verificationMethod"}, relationshipNames...) {
		for _, v := range jsonv.List(c.doc[key]) {
			if m, ok := v.(map[string]any); ok {
				out = append(out, m)
			}
		}
	}
	return out
}

// relationships lists the relationships under which the document names
// the method id, by reference or embedded.
func (c controllerDoc) relationships(id string) []string {
	var rels []string
	for _, rel := range relationshipNames {
		for _, v := range jsonv.List(c.doc[rel]) {
			ref, _ := v.(string)
			if m, ok := v.(map[string]any); ok {
				ref, _ = m["id"].(string)
			}
			if ref != "" && c.abs(ref) == id {
				rels = append(rels, rel)
				break
			}
		}
	}
	return rels
}

// find returns the method with the absolute id.
func (c controllerDoc) find(id string) (*Method, error) {
	for _, vm := range c.methods() {
		if ref, _ := vm["id"].(string); ref != "" && c.abs(ref) == id {
			m, err := methodFrom(vm, c.id)
			if err != nil {
				return nil, err
			}
			m.ID = id
			m.Relationships = c.relationships(id)
			m.Bound = true
			return m, nil
		}
	}
	return nil, fmt.Errorf("%w: %s does not list %s", ErrNotFound, c.url, id)
}

// only returns the document's single verification method, for a bare DID.
func (c controllerDoc) only() (*Method, error) {
	seen := map[string]bool{}
	var ids []string
	for _, vm := range c.methods() {
		if ref, _ := vm["id"].(string); ref != "" && !seen[c.abs(ref)] {
			seen[c.abs(ref)] = true
			ids = append(ids, c.abs(ref))
		}
	}
	if len(ids) != 1 {
		return nil, fmt.Errorf("%w: %s names no key, and its document has %d", ErrNotFound, c.id, len(ids))
	}
	return c.find(ids[0])
}

// isMethod reports whether a fetched document is itself a verification
// method rather than a document listing them.
func isMethod(doc map[string]any) bool {
	_, mb := doc["publicKeyMultibase"]
	_, jk := doc["publicKeyJwk"]
	_, b58 := doc["publicKeyBase58"]
	return mb || jk || b58
}

// methodFrom reads the key of a verification method object. defaultController
// stands in for a missing controller.
func methodFrom(vm map[string]any, defaultController string) (*Method, error) {
	typ, _ := vm["type"].(string)
	controller, _ := vm["controller"].(string)
	if controller == "" {
		controller = defaultController
	}
	id, _ := vm["id"].(string)
	m := &Method{Type: typ, Controller: controller}
	var err error
	switch {
	case vm["publicKeyMultibase"] != nil:
		mb, _ := vm["publicKeyMultibase"].(string)
		if typ == "Ed25519VerificationKey2020" {
			m.PublicKey, err = DecodeEd25519Multikey(mb)
		} else {
			m.PublicKey, err = DecodeMultikey(mb)
		}
	case vm["publicKeyJwk"] != nil:
		j, ok := vm["publicKeyJwk"].(map[string]any)
		if !ok {
			return nil, fmt.Errorf("%w: publicKeyJwk of %s is not an object", ErrBadKey, id)
		}
		m.PublicKey, err = jwkPublicKey(j)
	case vm["publicKeyBase58"] != nil && typ == "Ed25519VerificationKey2018":
		s, _ := vm["publicKeyBase58"].(string)
		var b []byte
		if b, err = DecodeBase58btc("z" + s); err == nil && len(b) != ed25519.PublicKeySize {
			err = fmt.Errorf("%w: an Ed25519 key is 32 bytes, this one %d", ErrBadKey, len(b))
		}
		m.PublicKey = ed25519.PublicKey(b)
	default:
		return nil, fmt.Errorf("%w: %s (%s) has no public key this wallet can read", ErrBadKey, id, typ)
	}
	if err != nil {
		return nil, fmt.Errorf("%s: %w", id, err)
	}
	return m, nil
}

// jwkPublicKey reads a public JWK (OKP Ed25519, EC P-256/384/521, RSA).
// A JWK with private key material is refused.
func jwkPublicKey(j map[string]any) (crypto.PublicKey, error) {
	for _, private := range []string{"d", "p", "q", "dp", "dq", "qi", "k"} {
		if _, ok := j[private]; ok {
			return nil, fmt.Errorf("%w: the JWK contains private key material (%q)", ErrBadKey, private)
		}
	}
	b, err := json.Marshal(j)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrBadKey, err)
	}
	key, err := jwk.ParseKey(b)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrBadKey, err)
	}
	var raw any
	if err := key.Raw(&raw); err != nil {
		return nil, fmt.Errorf("%w: %v", ErrBadKey, err)
	}
	switch k := raw.(type) {
	case ed25519.PublicKey, *rsa.PublicKey:
		return k, nil
	case *ecdsa.PublicKey:
		return k, nil
	}
	return nil, fmt.Errorf("%w: a %s JWK is not a public signing key", ErrBadKey, key.KeyType())
}
