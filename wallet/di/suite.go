package di

import (
	"crypto"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/elliptic"
	"crypto/sha256"
	"crypto/sha512"
	"encoding/json"
	"errors"
	"fmt"
	"hash"
	"math/big"
	"time"

	"github.com/learnerwallet/learnerwallet/wallet/internal/jsonv"

	"github.com/learnerwallet/learnerwallet/wallet/did"
	"github.com/learnerwallet/learnerwallet/wallet/ld"
)

// ErrKeyType is a key of the wrong kind for the proof's suite.
var ErrKeyType = errors.New("the signing key is of the wrong type for this proof")

// canon is what a proof signs: canonical proof options and document.
type canon struct {
	config, doc []byte
}

// suite checks signatures of one kind.
type suite interface {
	verify(pub crypto.PublicKey, c canon, sig []byte) error
}

// suiteOf picks the suite for a proof type and cryptosuite, with a note for
// deprecated names.
func suiteOf(typ, cryptosuite string) (suite, string, error) {
	switch {
	case typ == "DataIntegrityProof" && cryptosuite == "eddsa-rdfc-2022":
		return eddsa{}, "", nil
	case typ == "DataIntegrityProof" && cryptosuite == "eddsa-2022":
		return eddsa{}, "eddsa-2022 is the deprecated draft name of eddsa-rdfc-2022", nil
	case typ == "DataIntegrityProof" && cryptosuite == "ecdsa-rdfc-2019":
		return ecdsaRDFC{}, "", nil
	case typ == "Ed25519Signature2020" && cryptosuite == "":
		return eddsa{}, "", nil
	case typ == "DataIntegrityProof":
		if cryptosuite == "" {
			return nil, "", fmt.Errorf("unsupported proof type: a DataIntegrityProof without a cryptosuite")
		}
		return nil, "", fmt.Errorf("unsupported proof type: cryptosuite %s is not one this wallet checks", cryptosuite)
	case typ == "":
		return nil, "", fmt.Errorf("unsupported proof type: the proof has no type")
	}
	return nil, "", fmt.Errorf("unsupported proof type: %s is not one this wallet checks", typ)
}

// hashData is H(canonical proof options) ‖ H(canonical document).
func hashData(h func() hash.Hash, c canon) []byte {
	hp, hd := h(), h()
	hp.Write(c.config)
	hd.Write(c.doc)
	return hd.Sum(hp.Sum(nil))
}

// eddsa is eddsa-rdfc-2022 (and eddsa-2022, Ed25519Signature2020): pure
// Ed25519 over SHA-256(proof options) ‖ SHA-256(document).
type eddsa struct{}

func (eddsa) verify(pub crypto.PublicKey, c canon, sig []byte) error {
	k, ok := pub.(ed25519.PublicKey)
	if !ok {
		return fmt.Errorf("%w: this proof needs an Ed25519 key, and the key is %s", ErrKeyType, keyKind(pub))
	}
	if len(sig) != ed25519.SignatureSize {
		return fmt.Errorf("%w: an Ed25519 signature is 64 bytes, this one is %d", ErrMalformed, len(sig))
	}
	if !ed25519.Verify(k, hashData(sha256.New, c), sig) {
		return ErrSignature
	}
	return nil
}

// ecdsaRDFC is ecdsa-rdfc-2019: ECDSA (P-256 with SHA-256, P-384 with
// SHA-384) over H(proof options) ‖ H(document), the signature r ‖ s.
type ecdsaRDFC struct{}

func (ecdsaRDFC) verify(pub crypto.PublicKey, c canon, sig []byte) error {
	k, ok := pub.(*ecdsa.PublicKey)
	if !ok {
		return fmt.Errorf("%w: this proof needs a P-256 or P-384 key, and the key is %s", ErrKeyType, keyKind(pub))
	}
	var h func() hash.Hash
	switch k.Curve {
	case elliptic.P256():
		h = sha256.New
	case elliptic.P384():
		h = sha512.New384
	default:
		return fmt.Errorf("%w: ecdsa-rdfc-2019 uses P-256 or P-384, not %s", ErrKeyType, k.Curve.Params().Name)
	}
	size := (k.Curve.Params().BitSize + 7) / 8
	if len(sig) != 2*size {
		return fmt.Errorf("%w: a %s signature is %d bytes, this one is %d", ErrMalformed, k.Curve.Params().Name, 2*size, len(sig))
	}
	d := h()
	d.Write(hashData(h, c))
	r, s := new(big.Int).SetBytes(sig[:size]), new(big.Int).SetBytes(sig[size:])
	if !ecdsa.Verify(k, d.Sum(nil), r, s) {
		return ErrSignature
	}
	return nil
}

func keyKind(pub crypto.PublicKey) string {
	switch k := pub.(type) {
	case ed25519.PublicKey:
		return "an Ed25519 key"
	case *ecdsa.PublicKey:
		return "an ECDSA " + k.Curve.Params().Name + " key"
	}
	return fmt.Sprintf("a %T", pub)
}

// Sign adds an eddsa-rdfc-2022 DataIntegrityProof to a copy of doc and
// returns the copy. proof holds the proof options: verificationMethod is
// required; type and cryptosuite default to DataIntegrityProof and
// eddsa-rdfc-2022 (no other suite is signed), proofPurpose to
// assertionMethod, created to now (UTC, whole seconds); challenge, domain,
// expires, id and previousProof are kept as given. A proof doc already has
// is kept, and the new one joins it in a proof set.
func Sign(doc map[string]any, key ed25519.PrivateKey, proof map[string]any) (map[string]any, error) {
	if len(key) != ed25519.PrivateKeySize {
		return nil, fmt.Errorf("an Ed25519 private key is %d bytes, this one is %d", ed25519.PrivateKeySize, len(key))
	}
	var d, p map[string]any
	if err := roundTrip(doc, &d); err != nil {
		return nil, fmt.Errorf("the document is not JSON: %w", err)
	}
	if err := roundTrip(proof, &p); err != nil {
		return nil, fmt.Errorf("the proof options are not JSON: %w", err)
	}
	if p == nil {
		p = map[string]any{}
	}
	delete(p, "proofValue")
	setDefault(p, "type", "DataIntegrityProof")
	setDefault(p, "cryptosuite", "eddsa-rdfc-2022")
	setDefault(p, "proofPurpose", "assertionMethod")
	setDefault(p, "created", time.Now().UTC().Truncate(time.Second).Format(time.RFC3339))
	if p["type"] != "DataIntegrityProof" || p["cryptosuite"] != "eddsa-rdfc-2022" {
		return nil, fmt.Errorf("only DataIntegrityProof eddsa-rdfc-2022 proofs are signed, not %v %v", p["type"], p["cryptosuite"])
	}
	if jsonv.ID(p["verificationMethod"]) == "" {
		return nil, errors.New("the proof options name no verificationMethod")
	}
	if _, err := dateTime(p["created"]); err != nil {
		return nil, fmt.Errorf("created: %w", err)
	}

	proc, err := ld.Default()
	if err != nil {
		return nil, err
	}
	existing := jsonv.List(d["proof"])
	v := verifier{doc: d, proofs: existing, opts: Options{Processor: proc}, canonDocs: map[string][]byte{}}
	c, err := v.canonical(p)
	if err != nil {
		return nil, err
	}
	p["proofValue"] = did.EncodeBase58btc(ed25519.Sign(key, hashData(sha256.New, c)))
	if len(existing) == 0 {
		d["proof"] = p
	} else {
		d["proof"] = append(append([]any{}, existing...), p)
	}
	return d, nil
}

func setDefault(m map[string]any, k string, v any) {
	if _, ok := m[k]; !ok {
		m[k] = v
	}
}

// roundTrip gives v the shape encoding/json decodes to (float64 numbers,
// []any, map[string]any), which JSON-LD processing expects, and copies it.
func roundTrip(v any, out *map[string]any) error {
	b, err := json.Marshal(v)
	if err != nil {
		return err
	}
	return json.Unmarshal(b, out)
}
