package holder

import (
	"errors"
	"fmt"
	"time"

	"github.com/lestrrat-go/jwx/v2/jwa"
	"github.com/lestrrat-go/jwx/v2/jws"
	"github.com/lestrrat-go/jwx/v2/jwt"

	"github.com/learnerwallet/learnerwallet/wallet/di"
	"github.com/learnerwallet/learnerwallet/wallet/internal/jsonv"
)

// ErrNotSelfIssuedCLR is returned by SignCredential for anything but a
// ClrCredential the key's own DID issues.
var ErrNotSelfIssuedCLR = errors.New("the learner's key signs only a ClrCredential it issues itself (a curated record)")

// SignJWT returns a compact VP-JWT (alg EdDSA, kid the key's verification
// method) over claims. claims must be a presentation: either typed
// VerifiablePresentation itself (VCDM 2.0, VC-JOSE-COSE) or holding a "vp"
// claim so typed (VCDM 1.1). Its holder and "iss", when set, must be the
// key's DID: the key signs presentations and nothing else. header may add
// protected header fields such as typ; alg and kid are always the key's.
func (k *Key) SignJWT(claims map[string]any, header map[string]any) (string, error) {
	vp := claims
	if v, ok := claims["vp"]; ok {
		vp, _ = v.(map[string]any)
	}
	if vp == nil || !jsonv.IsType(vp["type"], "VerifiablePresentation") {
		return "", ErrNotPresentation
	}
	if h := jsonv.ID(vp["holder"]); vp["holder"] != nil && h != k.DID() {
		return "", fmt.Errorf("%w (%s), not this key's %s", ErrOtherHolder, h, k.DID())
	}
	if iss, ok := claims["iss"]; ok && iss != k.DID() {
		return "", fmt.Errorf("%w (iss %v), not this key's %s", ErrOtherHolder, iss, k.DID())
	}
	tok := jwt.New()
	// "aud" as a string when there is one, as verifiers compare it.
	tok.Options().Enable(jwt.FlattenAudience)
	for name, v := range claims {
		if t, ok := v.(time.Time); ok {
			v = t.UTC().Truncate(time.Second)
		}
		if err := tok.Set(name, v); err != nil {
			return "", fmt.Errorf("claim %s: %w", name, err)
		}
	}
	h := jws.NewHeaders()
	for name, v := range header {
		if err := h.Set(name, v); err != nil {
			return "", fmt.Errorf("header %s: %w", name, err)
		}
	}
	if err := h.Set(jws.KeyIDKey, k.VerificationMethod()); err != nil {
		return "", err
	}
	b, err := jwt.Sign(tok, jwt.WithKey(jwa.EdDSA, k.priv, jws.WithProtectedHeaders(h)))
	if err != nil {
		return "", fmt.Errorf("cannot sign the presentation: %w", err)
	}
	return string(b), nil
}

// SignCredential returns a copy of doc with a DataIntegrityProof
// (eddsa-rdfc-2022, proofPurpose assertionMethod) made with the key at
// created (zero: now). doc must be a ClrCredential whose issuer is the
// key's DID: the learner vouches for the selection, each nested credential
// keeps its own issuer's proof.
func (k *Key) SignCredential(doc map[string]any, created time.Time) (map[string]any, error) {
	if !jsonv.IsType(doc["type"], "ClrCredential") || jsonv.ID(doc["issuer"]) != k.DID() {
		return nil, ErrNotSelfIssuedCLR
	}
	if created.IsZero() {
		created = time.Now()
	}
	return di.Sign(doc, k.priv, map[string]any{
		"type":               "DataIntegrityProof",
		"cryptosuite":        "eddsa-rdfc-2022",
		"proofPurpose":       "assertionMethod",
		"verificationMethod": k.VerificationMethod(),
		"created":            created.UTC().Truncate(time.Second).Format(time.RFC3339),
	})
}

// IssuanceProofType is the typ of the proof of possession OpenID4VCI 1.0
// asks a wallet for.
const IssuanceProofType = "openid4vci-proof+jwt"

// SignIssuanceProof returns the proof, for an OpenID4VCI credential
// request, that the learner holds this key: a compact JWS (alg EdDSA, typ
// openid4vci-proof+jwt, kid the key's did:key verification method) over
// aud (the credential issuer), iat and the issuer's nonce. It signs these
// claims and no others: the key signs presentations, curated records and
// this, nothing else.
func (k *Key) SignIssuanceProof(audience, nonce string, at time.Time) (string, error) {
	if audience == "" {
		return "", errors.New("an issuance proof names its credential issuer")
	}
	tok := jwt.New()
	if err := tok.Set(jwt.AudienceKey, audience); err != nil {
		return "", err
	}
	// OpenID4VCI 1.0 appendix F.1: "aud: REQUIRED (string)"; jwx would
	// write a one-element array, which issuers comparing strings refuse.
	tok.Options().Enable(jwt.FlattenAudience)
	if err := tok.Set(jwt.IssuedAtKey, at.UTC().Truncate(time.Second)); err != nil {
		return "", err
	}
	if nonce != "" {
		if err := tok.Set("nonce", nonce); err != nil {
			return "", err
		}
	}
	h := jws.NewHeaders()
	if err := h.Set(jws.TypeKey, IssuanceProofType); err != nil {
		return "", err
	}
	if err := h.Set(jws.KeyIDKey, k.VerificationMethod()); err != nil {
		return "", err
	}
	b, err := jwt.Sign(tok, jwt.WithKey(jwa.EdDSA, k.priv, jws.WithProtectedHeaders(h)))
	if err != nil {
		return "", fmt.Errorf("cannot sign the issuance proof: %w", err)
	}
	return string(b), nil
}
