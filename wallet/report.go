package wallet

import (
	"fmt"
	"strings"
	"time"
)

// CheckStatus is the outcome of one check.
type CheckStatus string

// The outcomes of a check. Unknown means it could not be decided (offline,
// unsupported); it never counts against a credential the way Fail does.
const (
	Pass    CheckStatus = "pass"
	Fail    CheckStatus = "fail"
	Warn    CheckStatus = "warn"
	Unknown CheckStatus = "unknown"
)

// Check is one step of verification, told in plain words (Message) and
// technical ones (Detail).
type Check struct {
	Name    string      `json:"name"`
	Status  CheckStatus `json:"status"`
	Message string      `json:"message"`
	Detail  string      `json:"detail"`
}

// Report is the outcome of verifying one credential. For a CLR, Children
// holds a report for every credential nested in it, each checked on its own.
type Report struct {
	Name      string    `json:"name,omitempty"`
	Valid     bool      `json:"valid"`
	Verdict   string    `json:"verdict"`
	CheckedAt time.Time `json:"checkedAt"`
	// AsOf is set when a check relied on a copy fetched earlier (offline).
	AsOf     time.Time `json:"asOf,omitzero"`
	Checks   []Check   `json:"checks"`
	Children []Report  `json:"children"`
}

func (r *Report) add(name string, st CheckStatus, msg, detail string) {
	r.Checks = append(r.Checks, Check{Name: name, Status: st, Message: msg, Detail: detail})
}

// decide sets Valid and Verdict from the checks: valid when nothing failed
// and the signature passed; the verdict names the most important finding.
func (r *Report) decide() {
	// Whatever the verdict, say when what came from the cache was fetched:
	// a saved list that says "revoked" or "suspended" is as dated as one
	// that says "not revoked".
	defer func() {
		if !r.AsOf.IsZero() {
			r.Verdict += fmt.Sprintf(" (Online checks as of %s.)", r.AsOf.Local().Format("2 Jan 2006 15:04"))
		}
	}()
	signed := false
	var fails, warns, unknowns []Check
	for _, c := range r.Checks {
		if c.Name == CheckRecipient && c.Status != Fail {
			// Whom it was issued to is information for the learner, not a
			// reason to doubt the credential.
			continue
		}
		switch c.Status {
		case Fail:
			fails = append(fails, c)
		case Warn:
			warns = append(warns, c)
		case Unknown:
			unknowns = append(unknowns, c)
		}
		if c.Name == CheckSignature && c.Status == Pass {
			signed = true
		}
	}
	r.Valid = len(fails) == 0 && signed
	switch {
	case len(fails) > 0:
		for _, c := range fails {
			switch c.Name {
			case CheckStatusList:
				r.Verdict = "Revoked: " + c.Message
				return
			}
		}
		r.Verdict = "Not valid: " + fails[0].Message
	case !signed:
		for _, c := range r.Checks {
			if c.Name == CheckSignature {
				r.Verdict = "Could not be verified: " + c.Message
				return
			}
		}
		r.Verdict = "Could not be verified."
	case len(warns) > 0 || len(unknowns) > 0:
		var notes []string
		for _, c := range append(warns, unknowns...) {
			notes = append(notes, strings.ToLower(c.Name[:1])+c.Name[1:])
		}
		r.Verdict = "Valid, with notes on " + joinAnd(notes) + "."
	default:
		r.Verdict = "Valid: genuine, unchanged, in date and not revoked."
	}
}

func joinAnd(ss []string) string {
	seen := map[string]bool{}
	var out []string
	for _, s := range ss {
		if !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	switch len(out) {
	case 0:
		return ""
	case 1:
		return out[0]
	}
	return strings.Join(out[:len(out)-1], ", ") + " and " + out[len(out)-1]
}

// Names of the checks.
const (
	CheckFormat       = "Format"
	CheckSignature    = "Signature"
	CheckIssuerKey    = "Issuer key"
	CheckSchema       = "Schema"
	CheckValidity     = "Validity period"
	CheckStatusList   = "Revocation"
	CheckRecipient    = "Recipient"
	CheckEndorsements = "Endorsements"
	CheckNested       = "Nested credentials"
)

// State sums the report up in one word or two, for lists.
func (r Report) State() VerifyState {
	if r.Valid {
		for _, c := range r.Checks {
			if (c.Status == Warn || c.Status == Unknown) && c.Name != CheckRecipient {
				return VerifiedNotes
			}
		}
		return Verified
	}
	signed := false
	for _, c := range r.Checks {
		if c.Status == Fail && (c.Name == CheckSignature || c.Name == CheckFormat) {
			return NotValid
		}
	}
	for _, c := range r.Checks {
		if c.Status == Fail && c.Name == CheckStatusList {
			return Revoked
		}
		if c.Name == CheckSignature && c.Status == Pass {
			signed = true
		}
	}
	for _, c := range r.Checks {
		if c.Status == Fail && c.Name == CheckValidity && strings.HasPrefix(c.Message, "Expired") {
			return Expired
		}
	}
	for _, c := range r.Checks {
		if c.Status == Fail {
			return NotValid
		}
	}
	if !signed {
		return NotVerifiable
	}
	return NotValid
}
