package jose

import (
	"encoding/json"
	"fmt"
	"maps"
	"math"
	"strings"
	"time"
)

// The base contexts of the two data models.
const (
	contextV1 = "https://www.w3.org/2018/credentials/v1"
	contextV2 = "https://www.w3.org/ns/credentials/v2"
)

// credentialOf finds the credential in a payload and its data model.
func credentialOf(p map[string]any) (map[string]any, string, error) {
	if _, ok := p["vp"]; ok {
		return nil, "", fail(Malformed, nil, "this token is a presentation (\"vp\" claim), not a credential")
	}
	if v, ok := p["vc"]; ok {
		vc, ok := v.(map[string]any)
		if !ok {
			return nil, "", fail(Malformed, nil, "the token's \"vc\" claim is not a credential object")
		}
		if firstContext(vc) == contextV2 {
			return nil, "", fail(Mismatch, nil, "the token carries a VCDM 2.0 credential inside a VCDM 1.1 \"vc\" claim; a 2.0 credential must be the token's payload itself")
		}
		return fromVCClaim(vc, p), "1.1", nil
	}
	if _, ok := p["@context"]; ok {
		if firstContext(p) == contextV1 {
			return nil, "", fail(Mismatch, nil, "the token's payload is a VCDM 1.1 credential without the \"vc\" claim that form requires")
		}
		return p, "2.0", nil
	}
	return nil, "", fail(Malformed, nil, "this JWT does not carry a credential (no \"vc\" claim and no @context)")
}

func firstContext(m map[string]any) string {
	switch c := m["@context"].(type) {
	case string:
		return c
	case []any:
		if len(c) > 0 {
			s, _ := c[0].(string)
			return s
		}
	}
	return ""
}

// fromVCClaim rebuilds a VCDM 1.1 credential from its vc claim and the
// registered claims that stand in for the members it may omit.
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
	for member, claim := range map[string]string{"issuanceDate": "nbf", "expirationDate": "exp"} {
		if _, ok := doc[member]; ok {
			continue
		}
		if t, ok, err := numericDate(claims[claim]); ok && err == nil {
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

// issuerID is the id of the credential's issuer, a string or an object.
func issuerID(c map[string]any) string {
	switch is := c["issuer"].(type) {
	case string:
		return is
	case map[string]any:
		s, _ := is["id"].(string)
		return s
	}
	return ""
}

// subjectIDs lists the ids of the credential's subjects.
func subjectIDs(c map[string]any) []string {
	var subs []any
	switch cs := c["credentialSubject"].(type) {
	case map[string]any:
		subs = []any{cs}
	case []any:
		subs = cs
	}
	var ids []string
	for _, s := range subs {
		if m, ok := s.(map[string]any); ok {
			if id, ok := m["id"].(string); ok {
				ids = append(ids, id)
			}
		}
	}
	return ids
}

// checkClaims checks that the registered claims agree with the credential
// and fills in the dates.
func checkClaims(r *Result, issuer string) error {
	p, c := r.Payload, r.Credential
	if v, ok := p["iss"]; ok {
		if s, _ := v.(string); s != issuer {
			return fail(Mismatch, nil, "the token says it was issued by %v, but the credential names %s as its issuer", v, issuer)
		}
	}
	if v, ok := p["sub"]; ok {
		s, _ := v.(string)
		ids := subjectIDs(c)
		found := false
		for _, id := range ids {
			found = found || id == s
		}
		if !found {
			if len(ids) == 0 {
				return fail(Mismatch, nil, "the token is about %v, but the credential's subject has no id", v)
			}
			return fail(Mismatch, nil, "the token is about %v, but the credential is about %s", v, strings.Join(ids, ", "))
		}
	}
	if v, ok := p["jti"]; ok {
		if s, _ := v.(string); s != c["id"] {
			return fail(Mismatch, nil, "the token's id (jti %v) differs from the credential's id (%v)", v, c["id"])
		}
	}
	var err error
	for _, d := range []struct {
		claim string
		dst   *time.Time
	}{{"nbf", &r.NotBefore}, {"exp", &r.Expires}, {"iat", &r.IssuedAt}} {
		var ok bool
		if *d.dst, ok, err = numericDate(p[d.claim]); ok && err != nil {
			return fail(Malformed, err, "the token's %q claim is not a date", d.claim)
		}
	}
	fromName, untilName := "validFrom", "validUntil"
	if r.VCDM == "1.1" {
		fromName, untilName = "issuanceDate", "expirationDate"
	}
	if r.ValidFrom, err = credentialDate(c, fromName); err != nil {
		return err
	}
	if r.ValidUntil, err = credentialDate(c, untilName); err != nil {
		return err
	}
	if err := sameSecond("nbf", r.NotBefore, fromName, r.ValidFrom); err != nil {
		return err
	}
	if err := sameSecond("exp", r.Expires, untilName, r.ValidUntil); err != nil {
		return err
	}
	if r.ValidFrom.IsZero() {
		r.ValidFrom = r.NotBefore
	}
	if r.ValidUntil.IsZero() {
		r.ValidUntil = r.Expires
	}
	return nil
}

func sameSecond(claim string, ct time.Time, member string, mt time.Time) error {
	if ct.IsZero() || mt.IsZero() || ct.Unix() == mt.Unix() {
		return nil
	}
	return fail(Mismatch, nil, "the token's %s date (%s) differs from the credential's %s (%s)",
		claim, ct.UTC().Format(time.RFC3339), member, mt.UTC().Format(time.RFC3339))
}

// numericDate reads a JWT NumericDate (seconds since 1970). ok is false
// when v is absent.
func numericDate(v any) (t time.Time, ok bool, err error) {
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
		err = fmt.Errorf("%v is not a number", v)
	}
	if err != nil {
		return time.Time{}, true, err
	}
	if f > 1e11 || f < 0 || math.IsNaN(f) {
		// 1e11 seconds is the year 5138: such a value is milliseconds.
		return time.Time{}, true, fmt.Errorf("%v is not a date in seconds (milliseconds?)", v)
	}
	return time.Unix(int64(f), 0).UTC(), true, nil
}

// dateLayouts are the forms of dates accepted in credentials.
var dateLayouts = []string{time.RFC3339Nano, "2006-01-02T15:04Z07:00", "2006-01-02T15:04:05.999999999"}

// credentialDate reads a date member; zero when absent.
func credentialDate(c map[string]any, member string) (time.Time, error) {
	v, ok := c[member]
	if !ok || v == nil {
		return time.Time{}, nil
	}
	if s, ok := v.(string); ok {
		for _, l := range dateLayouts {
			if t, err := time.Parse(l, s); err == nil {
				return t, nil
			}
		}
	}
	return time.Time{}, fail(Malformed, nil, "the credential's %s (%v) is not a date", member, v)
}
