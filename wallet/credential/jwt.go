package credential

import (
	"encoding/json"
	"errors"
	"maps"
	"math"
	"time"

	"github.com/learnerwallet/learnerwallet/wallet/internal/jsonv"
)

// Layout is how a VC-JWT carries its credential.
type Layout string

// The layouts of a VC-JWT. Two are standard; the other two were made by
// real issuers, and are read all the same: the signature covers the payload
// whatever its layout, so the credential is checked like any other and the
// layout is only noted.
const (
	// LayoutPayload: the payload is a VCDM 2.0 credential (VC-JOSE-COSE).
	LayoutPayload Layout = "payload"
	// LayoutVCClaim: a VCDM 1.1 credential in the "vc" claim (VC-JWT 1.1).
	LayoutVCClaim Layout = "vc-claim"
	// LayoutVCClaim20: a VCDM 2.0 credential in a "vc" claim.
	LayoutVCClaim20 Layout = "vc-claim-2.0"
	// LayoutPayload11: a VCDM 1.1 credential as the payload, without "vc".
	LayoutPayload11 Layout = "payload-1.1"
)

// Standard reports whether a specification defines the layout.
func (l Layout) Standard() bool { return l == LayoutPayload || l == LayoutVCClaim }

// Errors FromJWTPayload returns.
var (
	ErrPresentationToken = errors.New("this token is a verifiable presentation (credentials someone is showing), not a credential to keep; import the credentials themselves")
	ErrNoCredential      = errors.New("this JWT does not carry a credential (no \"vc\" claim and no @context)")
	ErrVCClaim           = errors.New("the token's \"vc\" claim is not a credential object")
)

// FromJWTPayload returns the credential a VC-JWT's payload carries, and how
// it carries it. A credential in a "vc" claim is completed from the
// registered claims that stand in for the members it may omit (jti for id,
// iss for the issuer's id, sub for the subject's, nbf and exp for its dates).
func FromJWTPayload(p map[string]any) (map[string]any, Layout, error) {
	if _, ok := p["vp"]; ok {
		return nil, "", ErrPresentationToken
	}
	if v, ok := p["vc"]; ok {
		vc, ok := v.(map[string]any)
		if !ok {
			return nil, "", ErrVCClaim
		}
		layout := LayoutVCClaim
		if !jsonv.IsVCDM1(vc) {
			layout = LayoutVCClaim20
		}
		return fromVCClaim(vc, p), layout, nil
	}
	if _, ok := p["@context"]; ok {
		if jsonv.IsVCDM1(p) {
			return p, LayoutPayload11, nil
		}
		return p, LayoutPayload, nil
	}
	return nil, "", ErrNoCredential
}

// fromVCClaim rebuilds a credential from its vc claim and the registered
// claims that stand in for the members it may omit.
func fromVCClaim(vc, claims map[string]any) map[string]any {
	doc := maps.Clone(vc)
	if _, ok := doc["id"]; !ok && claims["jti"] != nil {
		doc["id"] = claims["jti"]
	}
	if iss, ok := claims["iss"].(string); ok {
		switch is := doc["issuer"].(type) {
		case nil:
			doc["issuer"] = iss
		case map[string]any:
			if is["id"] == nil {
				is = maps.Clone(is)
				is["id"] = iss
				doc["issuer"] = is
			}
		}
	}
	from, until := "validFrom", "validUntil"
	if jsonv.IsVCDM1(vc) {
		from, until = "issuanceDate", "expirationDate"
	}
	for member, claim := range map[string]string{from: "nbf", until: "exp"} {
		if _, ok := doc[member]; ok {
			continue
		}
		if t, ok, err := NumericDate(claims[claim]); ok && err == nil {
			doc[member] = t.UTC().Format(time.RFC3339)
		}
	}
	if sub, ok := claims["sub"].(string); ok {
		if cs, ok := doc["credentialSubject"].(map[string]any); ok && cs["id"] == nil {
			cs = maps.Clone(cs)
			cs["id"] = sub
			doc["credentialSubject"] = cs
		}
	}
	return doc
}

// ErrNumericDate means a JWT date claim is not a NumericDate in seconds.
var ErrNumericDate = errors.New("not a date in seconds since 1970")

// NumericDate reads a JWT NumericDate (seconds since 1970). ok is false
// when v is absent.
func NumericDate(v any) (t time.Time, ok bool, err error) {
	if v == nil {
		return time.Time{}, false, nil
	}
	var f float64
	switch n := v.(type) {
	case json.Number:
		f, err = n.Float64()
	case float64:
		f = n
	default:
		err = ErrNumericDate
	}
	if err != nil {
		return time.Time{}, true, ErrNumericDate
	}
	if f > 1e11 || f < 0 || math.IsNaN(f) {
		// 1e11 seconds is the year 5138: such a value is milliseconds.
		return time.Time{}, true, ErrNumericDate
	}
	return time.Unix(int64(f), 0).UTC(), true, nil
}
