package verify_test

import (
	"crypto/sha256"
	"encoding/hex"
	"os"
	"path/filepath"
	"testing"

	"github.com/learnerwallet/learnerwallet/wallet/check"
	"github.com/learnerwallet/learnerwallet/wallet/verify"
)

// examples holds real credentials: 1EdTech validator tests, DCC verifier
// fixtures and specification examples.
const examples = "../../testdata/examples"

// Outcomes a test expects, finer than verdicts: a revoked or an expired
// credential is not valid, and these say why.
const (
	valid        = "valid"                // Valid
	validNotes   = "valid, notes"         // Valid, with notes
	unconfirmed  = "issuer not confirmed" // the proof holds, its key is not tied to the issuer
	invalid      = "invalid"              // Not valid, for any other reason
	revoked      = "revoked"              // Not valid: revoked or suspended
	expired      = "expired"              // Not valid: expired
	unverifiable = "unverifiable"         // Could not check
)

// outcome is what a test expects of a report.
func outcome(r verify.Report) string {
	switch r.Verdict {
	case verify.Valid:
		return valid
	case verify.ValidWithNotes:
		return validNotes
	case verify.IssuerNotConfirmed:
		return unconfirmed
	case verify.CouldNotCheck:
		return unverifiable
	}
	if c, ok := r.Cause(); ok {
		switch c.Reason {
		case verify.RevocationRevoked, verify.RevocationSuspended, verify.ReasonOB2Revoked, verify.ReasonOB2Withdrawn:
			return revoked
		case verify.ValidityExpired, verify.ReasonOB2Expired:
			return expired
		}
	}
	return invalid
}

// logReport writes a report's checks to the test log, in words and codes.
func logReport(t testing.TB, r verify.Report) {
	t.Helper()
	t.Logf("[%s] %s", string(r.Verdict), verify.Headline(r))
	for _, c := range r.Checks {
		t.Logf("  %-7s %-12s %-28s %s | %s", c.Status, c.ID, c.Reason, verify.Describe(c), c.Detail)
	}
}

// has reports whether a report holds a check with this id and status.
func has(r verify.Report, id check.ID, st check.Status) bool {
	for _, c := range r.Checks {
		if c.ID == id && c.Status == st {
			return true
		}
	}
	return false
}

// example reads a file of the examples corpus.
func example(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(examples, name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func sha256Hex(s string) string {
	sum := sha256.Sum256([]byte(s))
	return hex.EncodeToString(sum[:])
}
