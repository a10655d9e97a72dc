package jose

import (
	"context"
	"errors"
	"maps"
	"strings"
	"time"

	"github.com/lestrrat-go/jwx/v2/jws"

	"github.com/learnerwallet/learnerwallet/wallet/did"
	"github.com/learnerwallet/learnerwallet/wallet/internal/jsonv"
)

// PresentationResult is a verified VP-JWT. Like credentials' dates, the
// nonce, audience and dates are returned, not judged: what was asked for
// and what time it is are the caller's to compare.
type PresentationResult struct {
	Alg    string
	Kid    string
	Header map[string]any
	// Payload is the JWT payload, numbers as json.Number.
	Payload map[string]any
	// Presentation is the presentation: the payload itself for VCDM 2.0
	// (VC-JOSE-COSE), the vp claim for VCDM 1.1.
	Presentation map[string]any
	VCDM         string // "1.1" or "2.0"
	// Holder is the DID whose key signed: the iss claim.
	Holder string
	// Nonce is the nonce claim (the verifier's challenge); Audience the aud
	// claim's values.
	Nonce    string
	Audience []string
	// NotBefore, Expires and IssuedAt are the nbf, exp and iat claims;
	// zero when absent.
	NotBefore, Expires, IssuedAt time.Time
}

// VerifyPresentation verifies a VP-JWT in compact serialization: the
// header policy of VerifyCredential, a kid that is a DID URL (did:key,
// did:jwk or did:web) of the iss claim's DID, the key listed by that DID
// for authentication, and a holder, when the presentation names one, that
// is the iss. The credentials inside are not verified. Errors are *Error.
func VerifyPresentation(ctx context.Context, compact string, opts Options) (*PresentationResult, error) {
	tok, err := split(compact)
	if err != nil {
		return nil, err
	}
	// checkHeader refuses presentation types, which here are expected.
	h := maps.Clone(tok.header)
	typ, _ := h["typ"].(string)
	delete(h, "typ")
	alg, err := checkHeader(h)
	if err != nil {
		return nil, err
	}
	if t := strings.ToLower(typ); strings.Contains(t, "vc") {
		return nil, fail(Malformed, nil, "this token is a credential (typ %q), not a presentation", typ)
	}
	vp, vcdm, err := presentationOf(tok.payload)
	if err != nil {
		return nil, err
	}
	iss, _ := tok.payload["iss"].(string)
	if !strings.HasPrefix(iss, "did:") {
		return nil, fail(Malformed, nil, "the presentation does not say who presents it: its \"iss\" claim is not a DID")
	}
	if holder := jsonv.ID(vp["holder"]); vp["holder"] != nil && holder != iss {
		return nil, fail(Mismatch, nil, "the token was issued by %s, but the presentation names %s as its holder", iss, holder)
	}
	kid, _ := tok.header["kid"].(string)
	switch {
	case kid == "":
		kid = iss
	case strings.HasPrefix(kid, "#"):
		kid = iss + kid
	}
	pub, err := holderKey(ctx, kid, iss, opts)
	if err != nil {
		return nil, err
	}
	if err := fitsAlg(alg, pub); err != nil {
		return nil, err
	}
	if _, err := jws.Verify([]byte(tok.compact), jws.WithKey(alg, pub)); err != nil {
		return nil, fail(Forged, err, "the signature does not match: the presentation was changed after it was signed, or it was not signed with the holder's key")
	}
	r := &PresentationResult{
		Alg: alg.String(), Header: tok.header, Payload: tok.payload,
		Presentation: vp, VCDM: vcdm, Holder: iss,
	}
	r.Kid, _ = tok.header["kid"].(string)
	r.Nonce, _ = tok.payload["nonce"].(string)
	switch a := tok.payload["aud"].(type) {
	case string:
		r.Audience = []string{a}
	case []any:
		for _, e := range a {
			if s, ok := e.(string); ok {
				r.Audience = append(r.Audience, s)
			}
		}
	}
	for _, d := range []struct {
		claim string
		dst   *time.Time
	}{{"nbf", &r.NotBefore}, {"exp", &r.Expires}, {"iat", &r.IssuedAt}} {
		var ok bool
		if *d.dst, ok, err = numericDate(tok.payload[d.claim]); ok && err != nil {
			return nil, fail(Malformed, err, "the token's %q claim is not a date", d.claim)
		}
	}
	return r, nil
}

// presentationOf finds the presentation in a payload and its data model.
func presentationOf(p map[string]any) (map[string]any, string, error) {
	if _, ok := p["vc"]; ok {
		return nil, "", fail(Malformed, nil, "this token is a credential (\"vc\" claim), not a presentation")
	}
	vp, vcdm := p, "2.0"
	if v, ok := p["vp"]; ok {
		m, ok := v.(map[string]any)
		if !ok {
			return nil, "", fail(Malformed, nil, "the token's \"vp\" claim is not a presentation object")
		}
		if jsonv.FirstContext(m) == jsonv.ContextV2 {
			return nil, "", fail(Mismatch, nil, "the token carries a VCDM 2.0 presentation inside a VCDM 1.1 \"vp\" claim; a 2.0 presentation must be the token's payload itself")
		}
		vp, vcdm = m, "1.1"
	} else if jsonv.FirstContext(p) != jsonv.ContextV2 {
		return nil, "", fail(Malformed, nil, "this JWT does not carry a presentation (no \"vp\" claim and no VCDM 2.0 @context)")
	}
	if !jsonv.IsType(vp["type"], "VerifiablePresentation") {
		return nil, "", fail(Malformed, nil, "the token's presentation is not typed VerifiablePresentation")
	}
	return vp, vcdm, nil
}

// holderKey resolves the key a presentation was signed with, which must be
// a key of the holder's DID listed for authentication.
func holderKey(ctx context.Context, kid, holder string, opts Options) (any, error) {
	d := didOf(kid)
	m := didMethod(d)
	switch {
	case !strings.HasPrefix(kid, "did:") || m == "":
		return nil, fail(Unresolvable, nil, "the token names its key %q, which is not a DID URL of the holder", kid)
	case !didMethods[m]:
		return nil, fail(Unsupported, did.ErrUnsupportedMethod, "the presentation is signed with a did:%s key; this wallet can look up did:key, did:jwk and did:web keys only (unsupported DID method)", m)
	case d != holder:
		return nil, fail(NotOwner, nil, "the token was signed with a key of %s, but it says it is presented by %s", d, holder)
	case opts.Keys == nil:
		return nil, fail(Unresolvable, nil, "the holder's key %s could not be looked up here", kid)
	}
	vm, err := opts.Keys.Method(ctx, kid)
	if errors.Is(err, did.ErrUnsupportedMethod) {
		return nil, fail(Unsupported, err, "the holder's key %s cannot be looked up by this wallet (unsupported DID method)", kid)
	}
	if err != nil || vm == nil || vm.PublicKey == nil {
		return nil, fail(Unresolvable, err, "the holder's key %s could not be found", kid)
	}
	if vm.Controller != "" && vm.Controller != holder {
		return nil, fail(NotOwner, nil, "the key %s is controlled by %s, not by the holder %s", kid, vm.Controller, holder)
	}
	if !vm.Has("authentication") {
		return nil, fail(NotOwner, nil, "the holder's DID document does not list the key %s for authentication", kid)
	}
	return normalize(vm.PublicKey), nil
}
