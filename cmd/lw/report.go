package main

import (
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/learnerwallet/learnerwallet/wallet"
	"github.com/learnerwallet/learnerwallet/wallet/check"
	"github.com/learnerwallet/learnerwallet/wallet/verify"
)

// jsonCheck is one check in --json output: the codes, and the words.
type jsonCheck struct {
	ID      check.ID     `json:"id"`
	Name    string       `json:"name"`
	Status  check.Status `json:"status"`
	Reason  check.Reason `json:"reason"`
	Message string       `json:"message"`
	Detail  string       `json:"detail,omitempty"`
	Args    check.Args   `json:"args,omitzero"`
}

// jsonReport is the --json shape of a credential's report: {"valid",
// "verdict", "headline", "checkedAt", "checks", "children"}; verdict is the
// stable code (valid, valid-with-notes, issuer-not-confirmed, not-valid,
// could-not-check), headline the sentence.
type jsonReport struct {
	Name           string         `json:"name,omitempty"`
	Valid          bool           `json:"valid"`
	Verdict        verify.Verdict `json:"verdict"`
	Headline       string         `json:"headline"`
	CheckedAt      string         `json:"checkedAt"`
	AsOf           string         `json:"asOf,omitempty"`
	PrivateNetwork bool           `json:"privateNetwork,omitempty"`
	Checks         []jsonCheck    `json:"checks"`
	Children       []jsonReport   `json:"children"`
}

func reportJSON(r verify.Report) jsonReport {
	j := jsonReport{Name: r.Name, Valid: r.Valid(), Verdict: r.Verdict, Headline: verify.Headline(r),
		CheckedAt: r.CheckedAt.UTC().Format(time.RFC3339), PrivateNetwork: r.PrivateNetwork,
		Checks: checksJSON(r.Checks), Children: []jsonReport{}}
	if !r.AsOf.IsZero() {
		j.AsOf = r.AsOf.UTC().Format(time.RFC3339)
	}
	for _, c := range r.Children {
		j.Children = append(j.Children, reportJSON(c))
	}
	return j
}

func checksJSON(cs []check.Check) []jsonCheck {
	out := make([]jsonCheck, 0, len(cs))
	for _, c := range cs {
		out = append(out, jsonCheck{ID: c.ID, Name: verify.Label(c.ID), Status: c.Status, Reason: c.Reason,
			Message: verify.Describe(c), Detail: c.Detail, Args: c.Args})
	}
	return out
}

var statusMark = map[check.Status]string{check.Pass: "ok  ", check.Fail: "FAIL", check.Warn: "warn", check.Unknown: "?   "}

// printReport writes a credential's report: its name, the headline, each
// check in words, its nested credentials'.
func printReport(w io.Writer, r verify.Report, indent string) {
	if r.Name != "" {
		printf(w, "%s%s\n", indent, r.Name)
	}
	printf(w, "%s%s\n", indent, verify.Headline(r))
	printChecks(w, r.Checks, indent)
	for i, ch := range r.Children {
		printf(w, "\n%s[%d/%d] ", indent, i+1, len(r.Children))
		printReport(w, ch, indent+"  ")
	}
	if indent == "" {
		if note := verify.NetworkNote(r); note != "" {
			printf(w, "%s\n", note)
		}
		printf(w, "checked %s\n", r.CheckedAt.Local().Format("2006-01-02 15:04:05"))
	}
}

func printChecks(w io.Writer, checks []check.Check, indent string) {
	for _, c := range checks {
		printf(w, "%s  %s %-18s %s\n", indent, statusMark[c.Status], verify.Label(c.ID), verify.Describe(c))
	}
}

// verdictText is a verdict as a list shows it, in lower case, with the
// cause of a "not valid" in a word: revoked, expired. cause is the reason
// of the check behind the verdict (see itemCause), "" when not known.
func verdictText(v verify.Verdict, cause check.Reason) string {
	if v == "" {
		return "not yet verified"
	}
	s := strings.ToLower(v.String())
	if v == verify.NotValid {
		switch cause {
		case verify.RevocationRevoked, verify.ReasonOB2Revoked, verify.ReasonOB2Withdrawn:
			s += " (revoked)"
		case verify.RevocationSuspended:
			s += " (suspended)"
		case verify.ValidityExpired, verify.ReasonOB2Expired:
			s += " (expired)"
		}
	}
	return s
}

// reportCause is the reason of the check behind r's verdict, "" for none.
func reportCause(r verify.Report) check.Reason {
	c, _ := r.Cause()
	return c.Reason
}

// itemCause is the reason behind an item's verdict: from its report when
// it has one, else as a brief item keeps it (wallet.Item.VerificationCause).
func itemCause(it wallet.Item) check.Reason {
	if it.Report != nil {
		return reportCause(*it.Report)
	}
	return it.VerificationCause
}

func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}
