package did

import (
	"crypto/ed25519"
	"fmt"
	"strings"
)

// KeyDocument returns the DID document of an Ed25519 did:key DID in its
// Multikey form: one verification method named by the key itself, listed
// under every signing relationship, and the X25519 key of the same secret
// under keyAgreement.
func KeyDocument(did string) (map[string]any, error) {
	mb, ok := strings.CutPrefix(did, "did:key:")
	if !ok {
		return nil, fmt.Errorf("%w: %q is not a did:key DID", ErrBadDID, did)
	}
	pub, err := DecodeEd25519Multikey(mb)
	if err != nil {
		return nil, err
	}
	vmID := did + "#" + mb
	xmb := EncodeBase58btc(append(append([]byte{}, prefixX25519...), x25519FromEd25519(ed25519.PublicKey(pub))...))
	doc := map[string]any{
		"@context": []any{"https://www.w3.org/ns/did/v1.1"},
		"id":       did,
		"verificationMethod": []any{map[string]any{
			"id": vmID, "type": "Multikey", "controller": did, "publicKeyMultibase": mb,
		}},
		"keyAgreement": []any{map[string]any{
			"id": did + "#" + xmb, "type": "Multikey", "controller": did, "publicKeyMultibase": xmb,
		}},
	}
	for _, rel := range signingRelationships {
		doc[rel] = []any{vmID}
	}
	return doc, nil
}
