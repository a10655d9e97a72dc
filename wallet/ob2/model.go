package ob2

import (
	"encoding/base64"
	"encoding/json"
	"regexp"
	"strings"
	"time"

	"github.com/learnerwallet/learnerwallet/wallet/internal/jsonv"
)

// Contexts accepted for Open Badges 2.0 documents (the 1.1 context too:
// 2.0 verifiers read 1.1 assertions).
var obContexts = map[string]bool{
	"https://w3id.org/openbadges/v2":              true,
	"https://openbadgespec.org/v2/context.json":   true,
	"https://w3id.org/openbadges/v1":              true,
	"https://openbadgespec.org/v1/context.json":   true,
	"http://w3id.org/openbadges/v2":               true,
	"https://w3id.org/openbadges/v2/context.json": true,
}

// obiPrefix is how an inline copy of the Open Badges context is recognised.
const obiPrefix = "https://w3id.org/openbadges#"

// terms are the type values the Open Badges 2.0 context defines.
var terms = map[string]bool{
	"Assertion": true, "BadgeClass": true, "Issuer": true, "Profile": true, "Endorsement": true,
	"AlignmentObject": true, "Criteria": true, "CryptographicKey": true, "RevocationList": true,
	"Evidence": true, "Image": true, "IdentityObject": true, "Extension": true,
	"VerificationObject": true, "HostedBadge": true, "SignedBadge": true, "hosted": true, "signed": true,
	"FrameValidation": true, "TypeValidation": true, "email": true, "url": true, "telephone": true, "id": true,
}

// classes are the classes this package knows, most specific first.
var classes = []string{"Assertion", "BadgeClass", "Endorsement", "Issuer", "Profile", "AlignmentObject",
	"Criteria", "CryptographicKey", "RevocationList", "Evidence", "Image", "IdentityObject", "Extension"}

// iriScheme matches the scheme of an absolute or compact IRI.
var iriScheme = regexp.MustCompile(`^[A-Za-z][A-Za-z0-9+.-]*:`)

// classOf checks a document's @context and type, and names its class.
func classOf(doc map[string]any) (string, []string) {
	var problems []string
	if p := contextProblem(doc["@context"]); p != "" {
		problems = append(problems, p)
	}
	types, ok := typesOf(doc["type"])
	switch {
	case !ok:
		problems = append(problems, ProblemTypeNotText)
	case len(types) == 0:
		problems = append(problems, ProblemNoType)
	}
	for _, t := range types {
		if !terms[t] && !iriScheme.MatchString(t) {
			problems = append(problems, ProblemUndefinedType+":"+t)
		}
	}
	for _, c := range classes {
		for _, t := range types {
			if t == c || t == "obi:"+c || t == obiPrefix+c {
				return c, problems
			}
		}
	}
	return "", problems
}

func contextProblem(c any) string {
	switch c := c.(type) {
	case string:
		if obContexts[c] {
			return ""
		}
		return ProblemContext + ":" + c
	case []any:
		if len(c) > 0 {
			return contextProblem(c[0])
		}
	case map[string]any:
		// An inline copy of the Open Badges context.
		if c["obi"] == obiPrefix {
			return ""
		}
		return ProblemInlineContext
	case nil:
		return ProblemNoContext
	}
	return ProblemBadContext
}

func typesOf(v any) ([]string, bool) {
	switch t := v.(type) {
	case nil:
		return nil, true
	case string:
		return []string{t}, true
	case []any:
		out := make([]string, 0, len(t))
		for _, e := range t {
			s, ok := e.(string)
			if !ok {
				return nil, false
			}
			out = append(out, s)
		}
		return out, true
	}
	return nil, false
}

func hasType(doc map[string]any, want ...string) bool {
	types, _ := typesOf(doc["type"])
	for _, t := range types {
		for _, w := range want {
			if t == w || t == "obi:"+w || t == obiPrefix+w {
				return true
			}
		}
	}
	return false
}

func firstType(doc map[string]any) string {
	if ts, _ := typesOf(doc["type"]); len(ts) > 0 {
		return ts[0]
	}
	return ""
}

// required lists the members each class must have, beyond @context and type.
var required = map[string][]string{
	"BadgeClass":      {"id", "name", "description", "criteria", "issuer"},
	"Issuer":          {"id", "name"},
	"Profile":         {"id", "name"},
	"Endorsement":     {"id", "claim", "issuedOn", "issuer"},
	"AlignmentObject": {"targetName", "targetUrl"},
}

func missing(doc map[string]any, class string) []string {
	var out []string
	for _, m := range required[class] {
		if isEmpty(doc[m]) {
			out = append(out, ProblemMissing+":"+m)
		}
	}
	return out
}

func isEmpty(v any) bool {
	switch v := v.(type) {
	case nil:
		return true
	case string:
		return strings.TrimSpace(v) == ""
	case []any:
		return len(v) == 0
	}
	return false
}

// profileLacks names what an issuer profile lacks that the specification
// asks of issuers but that does not make the badge false.
func profileLacks(doc map[string]any) []string {
	var lack []string
	for _, m := range []string{"url", "email"} {
		if isEmpty(doc[m]) {
			lack = append(lack, m)
		}
	}
	return lack
}

func contextDetail(doc map[string]any) string {
	switch c := doc["@context"].(type) {
	case string:
		return "@context " + c
	case []any:
		if len(c) > 0 {
			if s, ok := c[0].(string); ok {
				return "@context " + s
			}
		}
	case map[string]any:
		return "@context inline"
	}
	return ""
}

// ref returns the id a member refers to, and the object when it is
// embedded rather than linked.
func ref(v any) (string, map[string]any) {
	switch r := v.(type) {
	case string:
		return strings.TrimSpace(r), nil
	case map[string]any:
		return strings.TrimSpace(jsonv.String(r["id"])), r
	}
	return "", nil
}

func isWebURL(s string) bool {
	l := strings.ToLower(s)
	return strings.HasPrefix(l, "https://") || strings.HasPrefix(l, "http://")
}

func b64url(s string) ([]byte, error) {
	return base64.RawURLEncoding.DecodeString(strings.TrimRight(s, "="))
}

// dateLayouts are the forms of DateTime seen in Open Badges 2.0 (and 1.1).
var dateLayouts = []string{time.RFC3339Nano, "2006-01-02T15:04Z07:00", "2006-01-02T15:04:05.999999999", "2006-01-02T15:04", "2006-01-02"}

// parseDate reads a DateTime; 1.1 assertions may give seconds since 1970.
func parseDate(v any) (time.Time, bool) {
	switch d := v.(type) {
	case string:
		s := strings.TrimSpace(d)
		for _, l := range dateLayouts {
			if t, err := time.Parse(l, s); err == nil {
				return t, true
			}
		}
	case json.Number:
		if n, err := d.Int64(); err == nil && n > 0 && n < 1e11 {
			return time.Unix(n, 0).UTC(), true
		}
	}
	return time.Time{}, false
}
