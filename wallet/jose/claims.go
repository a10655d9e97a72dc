package jose

import (
	"fmt"
	"strings"
	"time"

	"github.com/learnerwallet/learnerwallet/wallet/credential"
	"github.com/learnerwallet/learnerwallet/wallet/internal/jsonv"
)

// credentialOf finds the credential in a payload, how it is carried and
// its data model. Every layout is read: the signature covers the payload
// whatever its layout, and the caller notes a layout no specification
// defines.
func credentialOf(p map[string]any) (map[string]any, credential.Layout, string, error) {
	c, layout, err := credential.FromJWTPayload(p)
	if err != nil {
		return nil, "", "", fail(Malformed, err, "%v", err)
	}
	if jsonv.IsVCDM1(c) {
		return c, layout, "1.1", nil
	}
	return c, layout, "2.0", nil
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
func numericDate(v any) (time.Time, bool, error) {
	t, ok, err := credential.NumericDate(v)
	if err != nil {
		err = fmt.Errorf("%v is %w (milliseconds?)", v, err)
	}
	return t, ok, err
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
