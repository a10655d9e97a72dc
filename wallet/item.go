package wallet

import (
	"time"

	"github.com/learnerwallet/learnerwallet/wallet/check"
	"github.com/learnerwallet/learnerwallet/wallet/credential"
	"github.com/learnerwallet/learnerwallet/wallet/verify"
)

// Item is one credential in the wallet. A CLR is an item whose Children are
// the credentials nested inside it; each of those is an item too, with
// Parent set, so it can be listed and later presented on its own.
type Item struct {
	ID       string            `json:"id"`
	Kind     credential.Kind   `json:"kind"`
	Format   credential.Format `json:"format"`
	Parent   string            `json:"parent,omitempty"`
	Children []string          `json:"children,omitempty"`
	Source   string            `json:"source,omitempty"` // file name it was imported from
	AddedAt  time.Time         `json:"addedAt"`
	HasImage bool              `json:"hasImage,omitempty"`
	// Verification is the verdict of the last check, "" when it was never
	// checked; Report the check itself (nil in a brief item: see Brief).
	Verification verify.Verdict `json:"verification"`
	// VerificationCause is the reason of the check behind the verdict
	// (verify.Report.Cause), kept beside the verdict so that a list can say
	// "expired" or "revoked" without reading the report; "" when none.
	// Stores keep it apart from the item's JSON, which lw show --json
	// prints.
	VerificationCause check.Reason       `json:"-"`
	Report            *verify.Report     `json:"report,omitempty"`
	Summary           credential.Summary `json:"summary"`

	// What the learner keeps about it, never part of the credential: on a
	// top-level item only.
	Tags     []string  `json:"tags,omitempty"`
	Note     string    `json:"note,omitempty"`
	Pinned   bool      `json:"pinned,omitempty"`
	Archived bool      `json:"archived,omitempty"`
	Trashed  time.Time `json:"trashed,omitzero"` // when it was moved to the trash
}

// setReport records r as the item's verification, and what it learned
// about the credential: an OB 2.0 badge named only by URL gets the name and
// issuer its BadgeClass gives.
func (it *Item) setReport(r verify.Report) {
	it.Report, it.Verification = &r, r.Verdict
	if r.BadgeClass != nil {
		it.Summary = it.Summary.WithBadgeClass(*r.BadgeClass)
	}
}

// InTrash reports whether the item is in the trash.
func (it Item) InTrash() bool { return !it.Trashed.IsZero() }

// Brief returns the item as Store.List returns it: without its report,
// which is large, and with VerificationCause taken from the report when
// the item has one.
func (it Item) Brief() Item {
	if it.Report != nil {
		it.VerificationCause = ""
		if c, ok := it.Report.Cause(); ok {
			it.VerificationCause = c.Reason
		}
		it.Report = nil
	}
	return it
}
