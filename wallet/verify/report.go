package verify

import (
	"time"

	"github.com/learnerwallet/learnerwallet/wallet/check"
	"github.com/learnerwallet/learnerwallet/wallet/credential"
)

// Verdict sums a report up. It is stored as its code.
type Verdict string

// The verdicts, from best to worst.
const (
	// Valid: the proof holds, its key is the issuer's, and nothing says
	// otherwise.
	Valid Verdict = "valid"
	// ValidWithNotes: valid, with notes that do not touch trust (an old
	// suite name, a status list that could not be read, the recipient not
	// checked, an endorsement that does not verify).
	ValidWithNotes Verdict = "valid-with-notes"
	// IssuerNotConfirmed: the proof holds, but its key could not be tied
	// to the issuer: anyone could have signed it in the issuer's name.
	IssuerNotConfirmed Verdict = "issuer-not-confirmed"
	// CouldNotCheck: the proof could not be checked (offline, an
	// unsupported method, a key that cannot be found).
	CouldNotCheck Verdict = "could-not-check"
	// NotValid: something is wrong: a forged or changed document, another
	// issuer's key, expired, revoked, malformed.
	NotValid Verdict = "not-valid"
)

// Verdicts lists the verdicts, from best to worst.
var Verdicts = []Verdict{Valid, ValidWithNotes, IssuerNotConfirmed, CouldNotCheck, NotValid}

// OK reports whether the verdict is Valid or ValidWithNotes: the only ones
// a verifier accepts.
func (v Verdict) OK() bool { return v == Valid || v == ValidWithNotes }

// rank orders verdicts from best (0) to worst.
func (v Verdict) rank() int {
	switch v {
	case Valid:
		return 0
	case ValidWithNotes:
		return 1
	case IssuerNotConfirmed:
		return 2
	case CouldNotCheck:
		return 3
	}
	return 4
}

// Worse returns the worse of two verdicts.
func Worse(a, b Verdict) Verdict {
	if b.rank() > a.rank() {
		return b
	}
	return a
}

// Report is the outcome of verifying one credential. For a CLR, Children
// holds a report for every credential nested in it, each checked on its own.
type Report struct {
	Name      string    `json:"name,omitempty"`
	Verdict   Verdict   `json:"verdict"`
	CheckedAt time.Time `json:"checkedAt"`
	// AsOf is set when a check relied on a copy fetched earlier (offline).
	AsOf time.Time `json:"asOf,omitzero"`
	// PrivateNetwork is set when the verification was allowed to reach
	// addresses on the learner's own computer or local network.
	PrivateNetwork bool          `json:"privateNetwork,omitempty"`
	Checks         []check.Check `json:"checks"`
	Children       []Report      `json:"children,omitempty"`
	// BadgeClass is, for an OB 2.0 assertion that names its badge (or its
	// badge's issuer) by URL, what the BadgeClass and the issuer's profile
	// fetched from there say (the badge's name, the issuer's name…): the
	// wallet shows it in place of the URL. Nil when it could not be had.
	BadgeClass *credential.BadgeClass `json:"badgeClass,omitempty"`
}

// Valid reports whether the verdict is Valid or ValidWithNotes.
func (r Report) Valid() bool { return r.Verdict.OK() }

func (r *Report) add(id check.ID, st check.Status, reason check.Reason, args check.Args, detail string) {
	if r.Checks == nil {
		r.Checks = make([]check.Check, 0, 8) // a credential's report has seven or eight
	}
	r.Checks = append(r.Checks, check.Check{ID: id, Status: st, Reason: reason, Args: args, Detail: detail})
}

// asOf keeps the latest time a saved copy was used.
func (r *Report) asOf(t time.Time) {
	if t.After(r.AsOf) {
		r.AsOf = t
	}
}

// Bindings: the checks that tie a credential to its issuer. One of them
// must pass for a credential to be more than "issuer not confirmed".
func binding(id check.ID) bool { return id == check.IssuerKey || id == check.Hosting }

// decide computes the verdict from the checks. A presentation's own report
// has no issuer to bind: its holder's proof binds itself (needsIssuer false).
func decide(checks []check.Check, needsIssuer bool) Verdict {
	signed, bound, notes := false, false, false
	for _, c := range checks {
		switch {
		case c.Status == check.Fail:
			return NotValid
		case c.Status != check.Pass:
			notes = true
		}
		if c.ID == check.Signature && c.Status == check.Pass {
			signed = true
		}
		if binding(c.ID) && c.Status == check.Pass {
			bound = true
		}
	}
	switch {
	case !signed:
		return CouldNotCheck
	case needsIssuer && !bound:
		return IssuerNotConfirmed
	case notes:
		return ValidWithNotes
	}
	return Valid
}

// Cause is the check that decided the verdict: the first that failed, the
// signature that could not be checked, the binding that did not hold, or
// the first note. ok is false for a report that is Valid.
func (r Report) Cause() (c check.Check, ok bool) {
	find := func(match func(check.Check) bool) (check.Check, bool) {
		for _, c := range r.Checks {
			if match(c) {
				return c, true
			}
		}
		return check.Check{}, false
	}
	switch r.Verdict {
	case NotValid:
		// A broken form or proof says most: a forged credential is not
		// "expired". Then a revocation, then an expiry.
		for _, id := range []check.ID{check.Format, check.Signature, check.Revocation, check.Validity} {
			if c, ok := find(func(c check.Check) bool { return c.ID == id && c.Status == check.Fail }); ok {
				return c, true
			}
		}
		return find(func(c check.Check) bool { return c.Status == check.Fail })
	case CouldNotCheck:
		if c, ok := find(func(c check.Check) bool { return c.ID == check.Signature && c.Status != check.Pass }); ok {
			return c, true
		}
		return find(func(c check.Check) bool { return c.Status != check.Pass })
	case IssuerNotConfirmed:
		if c, ok := find(func(c check.Check) bool { return binding(c.ID) && c.Status != check.Pass }); ok {
			return c, true
		}
		return check.Check{ID: check.IssuerKey, Status: check.Unknown, Reason: IssuerKeyNotChecked}, true
	case ValidWithNotes:
		return find(func(c check.Check) bool { return c.Status != check.Pass })
	}
	return check.Check{}, false
}

// Notes lists the checks of a valid report that are not a plain pass, in
// order, each check once.
func (r Report) Notes() []check.ID {
	var out []check.ID
	seen := map[check.ID]bool{}
	for _, c := range r.Checks {
		if c.Status != check.Pass && !seen[c.ID] {
			seen[c.ID] = true
			out = append(out, c.ID)
		}
	}
	return out
}
