// Package holder is the learner's own key: an Ed25519 key named by a did:key
// DID, which signs the presentations the learner hands to others and
// nothing else.
//
// The API is small on purpose. The key bytes are unexported; a Key prints as
// its DID whatever the format verb; the seed comes out only through Seed, for
// the one place that stores it (the OS keyring); and a Key signs only
// presentations (typed VerifiablePresentation, with an authentication proof
// or as a VP-JWT) and the one credential a learner issues, a curated record
// (a ClrCredential whose issuer is the key's own DID), so it cannot be
// turned into an issuer's key by mistake.
package holder

import (
	"crypto/ed25519"
	"crypto/rand"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/learnerwallet/learnerwallet/wallet/di"
	"github.com/learnerwallet/learnerwallet/wallet/did"
	"github.com/learnerwallet/learnerwallet/wallet/internal/jsonv"
)

// SeedSize is the length of a key's seed, the form it is stored in.
const SeedSize = ed25519.SeedSize

// Key is the learner's Ed25519 key. The zero value is not usable: make one
// with Generate or Parse.
type Key struct{ priv ed25519.PrivateKey }

// Errors SignPresentation reports.
var (
	ErrNotPresentation = errors.New("only a document typed VerifiablePresentation can be signed with the learner's key")
	ErrOtherHolder     = errors.New("the presentation names another holder")
)

// Generate returns a new random key.
func Generate() (*Key, error) {
	_, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		return nil, fmt.Errorf("cannot generate a key: %w", err)
	}
	return &Key{priv: priv}, nil
}

// Parse returns the key with the given seed, which must be exactly SeedSize
// bytes. The seed is copied.
func Parse(seed []byte) (*Key, error) {
	if len(seed) != SeedSize {
		return nil, fmt.Errorf("a key seed is %d bytes, this one is %d", SeedSize, len(seed))
	}
	return &Key{priv: ed25519.NewKeyFromSeed(seed)}, nil
}

// Seed returns a copy of the key's secret seed. It exists only so that the
// key can be put in the OS keyring and read back with Parse: never show,
// log, export or send it.
func (k *Key) Seed() []byte { return k.priv.Seed() }

// Public returns the public key.
func (k *Key) Public() ed25519.PublicKey {
	return append(ed25519.PublicKey(nil), k.priv[ed25519.SeedSize:]...)
}

// DID returns the key's did:key DID (did:key:z6Mk…).
func (k *Key) DID() string { return did.KeyDID(k.Public()) }

// VerificationMethod returns the DID URL that proofs made with the key name:
// did:key:z6Mk…#z6Mk….
func (k *Key) VerificationMethod() string {
	d := k.DID()
	return d + "#" + strings.TrimPrefix(d, "did:key:")
}

// String returns the key's DID: never anything secret.
func (k *Key) String() string {
	if k == nil || len(k.priv) != ed25519.PrivateKeySize {
		return "holder.Key(none)"
	}
	return k.DID()
}

// GoString is String, so %#v does not print the key bytes either.
func (k *Key) GoString() string { return k.String() }

// Format prints the DID for every verb (%v, %x, %d, ...), so no verb
// prints the key bytes.
func (k *Key) Format(f fmt.State, _ rune) { _, _ = io.WriteString(f, k.String()) }

// ProofOptions are what a presentation's proof binds it to.
type ProofOptions struct {
	// Challenge is the verifier's nonce, Domain who the presentation is for
	// (the recipient); both are recommended, so a presentation cannot be
	// replayed elsewhere.
	Challenge, Domain string
	// Created is when the proof is made; zero means now.
	Created time.Time
	// Expires, when set, is when the proof stops being valid.
	Expires time.Time
}

// SignPresentation returns a copy of vp with a DataIntegrityProof
// (eddsa-rdfc-2022, proofPurpose authentication) made with the key. vp must
// be typed VerifiablePresentation; its holder, when absent, is set to the
// key's DID, and a different holder is refused. Its @context must define the
// proof's terms (the VCDM 2.0 context does). Times are written in UTC to the
// second.
func (k *Key) SignPresentation(vp map[string]any, opts ProofOptions) (map[string]any, error) {
	if !jsonv.IsType(vp["type"], "VerifiablePresentation") {
		return nil, ErrNotPresentation
	}
	if h := jsonv.ID(vp["holder"]); vp["holder"] != nil && h != k.DID() {
		return nil, fmt.Errorf("%w (%s), not this key's %s", ErrOtherHolder, h, k.DID())
	}
	proof, err := k.proof(opts)
	if err != nil {
		return nil, err
	}
	doc := make(map[string]any, len(vp)+1)
	for name, v := range vp {
		doc[name] = v
	}
	if doc["holder"] == nil {
		doc["holder"] = k.DID()
	}
	return di.Sign(doc, k.priv, proof)
}

// AddProof returns a copy of a presentation that its holder has signed,
// with a proof of this key added to the proof set: the presentation then
// shows that the one presenting it also controls this key's DID (a key the
// learner rotated from, to whose DID some of the credentials were issued).
// opts must be the holder's proof options (the same challenge and domain).
func (k *Key) AddProof(signed map[string]any, opts ProofOptions) (map[string]any, error) {
	if !jsonv.IsType(signed["type"], "VerifiablePresentation") {
		return nil, ErrNotPresentation
	}
	if signed["proof"] == nil || jsonv.ID(signed["holder"]) == "" {
		return nil, errors.New("the presentation must be signed by its holder first")
	}
	proof, err := k.proof(opts)
	if err != nil {
		return nil, err
	}
	return di.Sign(signed, k.priv, proof)
}

// proof is an authentication proof's options.
func (k *Key) proof(opts ProofOptions) (map[string]any, error) {
	created := opts.Created
	if created.IsZero() {
		created = time.Now()
	}
	created = created.UTC().Truncate(time.Second)
	proof := map[string]any{
		"type":               "DataIntegrityProof",
		"cryptosuite":        "eddsa-rdfc-2022",
		"proofPurpose":       "authentication",
		"verificationMethod": k.VerificationMethod(),
		"created":            created.Format(time.RFC3339),
	}
	if !opts.Expires.IsZero() {
		expires := opts.Expires.UTC().Truncate(time.Second)
		if !expires.After(created) {
			return nil, fmt.Errorf("the presentation would expire (%s) before it is made (%s)",
				expires.Format(time.RFC3339), created.Format(time.RFC3339))
		}
		proof["expires"] = expires.Format(time.RFC3339)
	}
	if opts.Challenge != "" {
		proof["challenge"] = opts.Challenge
	}
	if opts.Domain != "" {
		proof["domain"] = opts.Domain
	}
	return proof, nil
}
