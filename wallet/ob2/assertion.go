package ob2

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/url"

	"strings"
)

// assertionFormat checks an assertion's form; false when it is too
// malformed to go on.
func (v *verifier) assertionFormat(doc map[string]any) bool {
	class, problems := classOf(doc)
	if class != "Assertion" {
		problems = append(problems, "it is not an Assertion")
	}
	problems = append(problems, assertionProblems(doc)...)
	if len(problems) > 0 {
		v.add(CheckFormat, Fail, "This is not a well-formed Open Badges 2.0 assertion: "+joinProblems(problems)+".", contextDetail(doc))
		return false
	}
	v.add(CheckFormat, Pass, "This is a well-formed Open Badges 2.0 assertion.", contextDetail(doc))
	return true
}

func assertionProblems(doc map[string]any) []string {
	var out []string
	switch id := text(doc["id"]); {
	case id == "" && text(doc["uid"]) == "":
		out = append(out, "it has no id")
	case id != "" && !iriScheme.MatchString(id):
		out = append(out, fmt.Sprintf("its id %q is not an IRI", id))
	}
	if r, ok := doc["recipient"].(map[string]any); !ok {
		out = append(out, "it names no recipient")
	} else if text(r["identity"]) == "" || text(r["type"]) == "" {
		out = append(out, "its recipient has no identity, or no identity type")
	}
	if id, emb := ref(doc["badge"]); id == "" && emb == nil {
		out = append(out, "it names no badge class")
	}
	if _, ok := parseDate(doc["issuedOn"]); !ok {
		out = append(out, "its issue date (issuedOn) is missing or not a date")
	}
	if e, ok := doc["expires"]; ok && e != nil {
		if _, ok := parseDate(e); !ok {
			out = append(out, "its expiry date (expires) is not a date")
		}
	}
	if verificationType(doc) == "" {
		out = append(out, "it does not say how it is verified (verification type hosted or signed)")
	}
	if img, _ := ref(doc["image"]); strings.HasPrefix(strings.ToLower(img), "data:") {
		out = append(out, "its image is embedded as data (a data: URI), which an assertion may not do; only a badge class may")
	}
	return out
}

// verification is the assertion's VerificationObject ("verify" in 1.x).
func verification(doc map[string]any) map[string]any {
	for _, k := range []string{"verification", "verify"} {
		if m, ok := doc[k].(map[string]any); ok {
			return m
		}
	}
	return nil
}

// verificationType is "hosted", "signed" or "".
func verificationType(doc map[string]any) string {
	t := ""
	if m := verification(doc); m != nil {
		t = text(m["type"])
	} else {
		t = text(doc["verification"])
	}
	switch strings.ToLower(strings.TrimPrefix(t, "obi:")) {
	case "hosted", "hostedbadge":
		return "hosted"
	case "signed", "signedbadge":
		return "signed"
	}
	return ""
}

// hostedAssertion verifies an assertion given as JSON.
func (v *verifier) hostedAssertion(doc map[string]any) {
	v.res.Type = "Assertion"
	v.res.Assertion = doc
	if !v.assertionFormat(doc) {
		return
	}
	if verificationType(doc) == "signed" {
		v.add(CheckSignature, Fail, "This badge is meant to be signed, but this copy carries no signature. Import the signed badge (the .jwt file or the baked image) instead.", "verification type signed; the input is plain JSON")
		return
	}
	hosted, gone := v.fetchHosted(doc)
	use := doc
	if hosted != nil {
		use = hosted
		v.res.Assertion = hosted
	}
	if badge := v.badgeClass(use["badge"]); badge != nil {
		v.sameIssuer(use, badge)
		if iss := v.issuer(badge.doc["issuer"]); iss != nil {
			v.hosting(hostedAddress(doc), iss)
		}
	}
	v.validity(use)
	if hosted != nil && !gone {
		if hosted["revoked"] == true {
			msg := "The issuer has revoked this badge"
			if r := text(hosted["revocationReason"]); r != "" {
				msg += ": " + r
			}
			v.add(CheckRevocation, Fail, msg+".", "revoked: true in the issuer's copy")
		} else {
			v.add(CheckRevocation, Pass, "The issuer's copy does not mark the badge revoked.", "")
		}
	}
}

// fetchHosted gets the issuer's copy of a hosted assertion and compares it
// with the one given. gone is true when the issuer withdrew it.
func (v *verifier) fetchHosted(doc map[string]any) (hosted map[string]any, gone bool) {
	addr := hostedAddress(doc)
	if !isWebURL(addr) {
		v.add(CheckSignature, Fail, fmt.Sprintf("A hosted badge must have as its id the web address where its issuer publishes it; this one has %q, so it cannot be verified.", addr), "")
		return nil, false
	}
	got, t := v.get(addr)
	switch {
	case t != nil && t.code == 410:
		v.add(CheckRevocation, Fail, "The issuer has withdrawn this badge: its address answers \"410 Gone\".", t.detail)
		return nil, true
	case t != nil && t.st == Fail:
		v.add(CheckSignature, Fail, "The issuer's copy of this badge "+t.phrase+", so the badge cannot be verified.", t.detail)
		return nil, false
	case t != nil:
		v.add(CheckSignature, t.st, "The issuer's copy of this badge "+t.phrase+"; the badge could not be checked.", t.detail)
		return nil, false
	}
	if diffs := compareAssertions(doc, got); len(diffs) > 0 {
		v.add(CheckSignature, Fail, "The issuer's copy of this badge differs from this one ("+strings.Join(diffs, ", ")+"): this copy was changed, or is not the issuer's.", addr)
		return nil, false
	}
	v.add(CheckSignature, Pass, "The issuer's site publishes this badge, unchanged, at its address.", addr)
	return got, false
}

// hostedAddress is where the issuer hosts an assertion: its id, or in
// Open Badges 1.x the url of its verification object.
func hostedAddress(doc map[string]any) string {
	if m := verification(doc); m != nil && text(m["url"]) != "" {
		return text(m["url"])
	}
	return text(doc["id"])
}

// compareAssertions names the members in which the issuer's copy differs.
func compareAssertions(given, hosted map[string]any) []string {
	var diffs []string
	if !hasType(hosted, "Assertion") {
		return []string{"the issuer's copy is not an assertion"}
	}
	if text(given["id"]) != text(hosted["id"]) || text(given["uid"]) != text(hosted["uid"]) {
		diffs = append(diffs, "id")
	}
	if !sameJSON(given["recipient"], hosted["recipient"]) {
		diffs = append(diffs, "recipient")
	}
	a, _ := ref(given["badge"])
	b, _ := ref(hosted["badge"])
	if a != b {
		diffs = append(diffs, "badge")
	}
	ta, _ := parseDate(given["issuedOn"])
	tb, _ := parseDate(hosted["issuedOn"])
	if !ta.Equal(tb) {
		diffs = append(diffs, "issue date")
	}
	return diffs
}

func sameJSON(a, b any) bool {
	ja, err1 := json.Marshal(a)
	jb, err2 := json.Marshal(b)
	return err1 == nil && err2 == nil && bytes.Equal(ja, jb)
}

// hosting checks that a hosted assertion's address is within its issuer's
// verification policy: startsWith prefixes, and allowedOrigins hosts
// (by default the host of the issuer's id).
func (v *verifier) hosting(assertionID string, iss *node) {
	policy, _ := iss.doc["verification"].(map[string]any)
	if sw := strs(policy["startsWith"]); len(sw) > 0 {
		ok := false
		for _, p := range sw {
			ok = ok || strings.HasPrefix(assertionID, p)
		}
		if !ok {
			v.add(CheckHosting, Fail, fmt.Sprintf("The badge is published at %s, which is not where its issuer says its badges are published (addresses starting with %s): it may not be the issuer's.", assertionID, strings.Join(sw, " or ")), "verification.startsWith")
			return
		}
	}
	origins := strs(policy["allowedOrigins"])
	if len(origins) == 0 {
		id := iss.issuerID()
		if !isWebURL(id) {
			v.add(CheckHosting, Warn, fmt.Sprintf("The issuer's profile has no web address (its id is %q), so the wallet cannot check that the badge is published on the issuer's own site.", id), "no allowedOrigins")
			return
		}
		origins = []string{hostOf(id)}
	}
	h := hostOf(assertionID)
	for _, o := range origins {
		if strings.EqualFold(o, h) {
			v.add(CheckHosting, Pass, "The badge is published on a site its issuer uses ("+h+").", "allowed: "+strings.Join(origins, ", "))
			return
		}
	}
	v.add(CheckHosting, Fail, fmt.Sprintf("The badge is published on %s, which is not a site its issuer uses (%s): it may not be the issuer's.", h, strings.Join(origins, ", ")), "allowedOrigins")
}

func hostOf(s string) string {
	u, err := url.Parse(s)
	if err != nil {
		return ""
	}
	return strings.ToLower(u.Host)
}

// strs reads a string or a list of strings.
func strs(v any) []string {
	switch s := v.(type) {
	case string:
		return []string{s}
	case []any:
		var out []string
		for _, e := range s {
			if t, ok := e.(string); ok {
				out = append(out, t)
			}
		}
		return out
	}
	return nil
}

// validity checks the issue and expiry dates against each other and now.
func (v *verifier) validity(doc map[string]any) {
	issued, _ := parseDate(doc["issuedOn"])
	exp, hasExp := parseDate(doc["expires"])
	bad := false
	if issued.After(v.now) {
		v.add(CheckValidity, Fail, "Issued in the future ("+day(issued)+"): the badge cannot have been awarded yet.", text(doc["issuedOn"]))
		bad = true
	}
	if hasExp && exp.Before(v.now) {
		v.add(CheckValidity, Fail, "Expired on "+day(exp)+".", text(doc["expires"]))
		bad = true
	}
	if hasExp && exp.Before(issued) {
		v.add(CheckValidity, Fail, "It expires ("+day(exp)+") before it was issued ("+day(issued)+"), which cannot be right.", "")
		bad = true
	}
	if bad {
		return
	}
	msg := "In date: issued " + day(issued)
	if hasExp {
		msg += "; expires " + day(exp) + "."
	} else {
		msg += "; it does not expire."
	}
	v.add(CheckValidity, Pass, msg, "")
}
