package ob2

import (
	"bytes"
	"encoding/json"
	"net/url"

	"strings"

	"github.com/learnerwallet/learnerwallet/wallet/check"
	"github.com/learnerwallet/learnerwallet/wallet/internal/jsonv"
)

// assertionFormat checks an assertion's form; false when it is too
// malformed to go on.
func (v *verifier) assertionFormat(doc map[string]any) bool {
	class, problems := classOf(doc)
	if class != "Assertion" {
		problems = append(problems, ProblemNotAssertion)
	}
	problems = append(problems, assertionProblems(doc)...)
	if len(problems) > 0 {
		v.add(check.Format, check.Fail, ReasonMalformed, check.Args{Value: "Assertion", Items: problems}, contextDetail(doc))
		return false
	}
	v.add(check.Format, check.Pass, ReasonWellFormed, check.Args{Value: "Assertion"}, contextDetail(doc))
	return true
}

func assertionProblems(doc map[string]any) []string {
	var out []string
	switch id := jsonv.String(doc["id"]); {
	case id == "" && jsonv.String(doc["uid"]) == "":
		out = append(out, ProblemNoID)
	case id != "" && !iriScheme.MatchString(id):
		out = append(out, ProblemIDNotIRI+":"+id)
	}
	if r, ok := doc["recipient"].(map[string]any); !ok {
		out = append(out, ProblemNoRecipient)
	} else if jsonv.String(r["identity"]) == "" || jsonv.String(r["type"]) == "" {
		out = append(out, ProblemRecipientIncomplete)
	}
	if id, emb := ref(doc["badge"]); id == "" && emb == nil {
		out = append(out, ProblemNoBadge)
	}
	if _, ok := parseDate(doc["issuedOn"]); !ok {
		out = append(out, ProblemNoIssuedOn)
	}
	if e, ok := doc["expires"]; ok && e != nil {
		if _, ok := parseDate(e); !ok {
			out = append(out, ProblemBadExpires)
		}
	}
	if verificationType(doc) == "" {
		out = append(out, ProblemNoVerification)
	}
	if img, _ := ref(doc["image"]); strings.HasPrefix(strings.ToLower(img), "data:") {
		out = append(out, ProblemDataImage)
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
		t = jsonv.String(m["type"])
	} else {
		t = jsonv.String(doc["verification"])
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
		v.add(check.Signature, check.Fail, ReasonSignedButPlain, check.Args{}, "verification type signed; the input is plain JSON")
		return
	}
	hosted, gone := v.fetchHosted(doc)
	use := doc
	if hosted != nil {
		use = hosted
		v.res.Assertion = hosted
	}
	if badge := v.badgeClass(use["badge"]); badge != nil {
		v.res.Badge = badge.doc
		v.sameIssuer(use, badge)
		if iss := v.issuer(badge.doc["issuer"]); iss != nil {
			v.res.Issuer = iss.doc
			v.hosting(hostedAddress(doc), iss)
		}
	}
	v.validity(use)
	if hosted != nil && !gone {
		if hosted["revoked"] == true {
			v.add(check.Revocation, check.Fail, ReasonRevoked, check.Args{Value: jsonv.String(hosted["revocationReason"])}, "revoked: true in the issuer's copy")
		} else {
			v.add(check.Revocation, check.Pass, ReasonNotMarkedRevoked, check.Args{}, "")
		}
	}
}

// fetchHosted gets the issuer's copy of a hosted assertion and compares it
// with the one given. gone is true when the issuer withdrew it.
func (v *verifier) fetchHosted(doc map[string]any) (hosted map[string]any, gone bool) {
	addr := hostedAddress(doc)
	if !isWebURL(addr) {
		v.add(check.Signature, check.Fail, ReasonHostedNoAddress, check.Args{Value: addr}, "")
		return nil, false
	}
	got, t := v.get(addr)
	switch {
	case t != nil && t.code == 410:
		v.add(check.Revocation, check.Fail, ReasonWithdrawn, check.Args{URL: addr}, t.detail)
		return nil, true
	case t != nil:
		v.add(check.Signature, t.st, ReasonHostedUnfetched, t.args(), t.detail)
		return nil, false
	}
	if diffs := compareAssertions(doc, got); len(diffs) > 0 {
		v.add(check.Signature, check.Fail, ReasonHostedDiffers, check.Args{URL: addr, Items: diffs}, addr)
		return nil, false
	}
	v.add(check.Signature, check.Pass, ReasonHostedMatches, check.Args{URL: addr}, addr)
	return got, false
}

// hostedAddress is where the issuer hosts an assertion: its id, or in
// Open Badges 1.x the url of its verification object.
func hostedAddress(doc map[string]any) string {
	if m := verification(doc); m != nil && jsonv.String(m["url"]) != "" {
		return jsonv.String(m["url"])
	}
	return jsonv.String(doc["id"])
}

// compareAssertions names the members in which the issuer's copy differs.
func compareAssertions(given, hosted map[string]any) []string {
	var diffs []string
	if !hasType(hosted, "Assertion") {
		return []string{ProblemCopyNotAssertion}
	}
	if jsonv.String(given["id"]) != jsonv.String(hosted["id"]) || jsonv.String(given["uid"]) != jsonv.String(hosted["uid"]) {
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
			v.add(check.Hosting, check.Fail, ReasonHostingOutsidePrefix, check.Args{URL: assertionID, Items: sw}, "verification.startsWith")
			return
		}
	}
	origins := strs(policy["allowedOrigins"])
	if len(origins) == 0 {
		id := iss.issuerID()
		if !isWebURL(id) {
			v.add(check.Hosting, check.Warn, ReasonHostingNoWebAddress, check.Args{Who: id}, "no allowedOrigins")
			return
		}
		origins = []string{hostOf(id)}
	}
	h := hostOf(assertionID)
	for _, o := range origins {
		if strings.EqualFold(o, h) {
			v.add(check.Hosting, check.Pass, ReasonHostingAllowed, check.Args{Value: h, Items: origins}, "allowed: "+strings.Join(origins, ", "))
			return
		}
	}
	v.add(check.Hosting, check.Fail, ReasonHostingOther, check.Args{Value: h, Items: origins}, "allowedOrigins")
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
		v.add(check.Validity, check.Fail, ReasonIssuedInFuture, check.Args{When: issued}, jsonv.String(doc["issuedOn"]))
		bad = true
	}
	if hasExp && exp.Before(v.now) {
		v.add(check.Validity, check.Fail, ReasonExpired, check.Args{When: exp}, jsonv.String(doc["expires"]))
		bad = true
	}
	if hasExp && exp.Before(issued) {
		v.add(check.Validity, check.Fail, ReasonExpiresBeforeIssued, check.Args{When: exp, Other: issued}, "")
		bad = true
	}
	if bad {
		return
	}
	args := check.Args{When: issued}
	if hasExp {
		args.Other = exp
	}
	v.add(check.Validity, check.Pass, ReasonInDate, args, "")
}
