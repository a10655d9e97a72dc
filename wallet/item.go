package wallet

import (
	"time"

	"github.com/learnerwallet/learnerwallet/wallet/credential"
)

// VerifyState says what is known about a credential's authenticity.
type VerifyState string

// The states a credential can be in, after its last check.
const (
	NotVerified   VerifyState = "not yet verified"
	Verified      VerifyState = "valid"
	VerifiedNotes VerifyState = "valid, with notes"
	NotValid      VerifyState = "not valid"
	Revoked       VerifyState = "revoked"
	Expired       VerifyState = "expired"
	NotVerifiable VerifyState = "could not be verified"
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
	// Verification is the state of the last check; Report the check itself.
	Verification VerifyState        `json:"verification"`
	Report       *Report            `json:"report,omitempty"`
	Summary      credential.Summary `json:"summary"`
}
