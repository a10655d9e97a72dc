package wallet

import (
	"errors"
	"fmt"
)

// Store keeps a wallet's credentials. Implementations are safe for
// concurrent use and keep every original byte exactly as given.
type Store interface {
	// Add stores a credential and, for a CLR, its nested credentials, all or
	// nothing. When r.Dedup is set and a credential with the same content
	// hash is already stored, Add stores nothing and returns a *DuplicateError.
	// An item's Report, when set, is stored with it.
	Add(r Record, children []Record) error
	// AddBatch stores many credentials in one transaction: each entry as
	// Add would store it, in order. An entry that is a duplicate (of a
	// credential stored before, or of an earlier entry of the batch) is not
	// stored, and its place in the returned slice holds its
	// *DuplicateError; the places of the others hold nil. Any other
	// failure stores nothing at all and is returned as the error.
	AddBatch(entries []Entry) ([]error, error)
	// List returns every item, in no particular order, brief: without its
	// Report (see Item.Brief), which is large and which a list does not
	// need. Verification and VerificationCause are there.
	List() ([]Item, error)
	// ListWithReports returns what List does, each item with its Report.
	ListWithReports() ([]Item, error)
	// Item returns one item, with its Report, or ErrNotFound.
	Item(id string) (Item, error)
	// Original returns the bytes the item was imported from.
	Original(id string) ([]byte, error)
	// Image returns the item's picture, or nil when it has none.
	Image(id string) ([]byte, error)
	// Delete removes an item and its nested items.
	Delete(id string) error
	// UpdateItems changes items in one transaction, all or nothing: fn is
	// called with each item of ids, changes it, and the changed items are
	// stored. fn gets each item with its Report; a Report fn sets (or
	// clears) is stored with the item. fn must not change an item's ID,
	// Parent or Children. When fn
	// returns an error nothing is written and UpdateItems returns it.
	// Unknown ids are ErrNotFound. fn must not call the Store.
	UpdateItems(ids []string, fn func(*Item) error) error
	// Setting returns a setting's value, nil when it was never set.
	Setting(name string) ([]byte, error)
	// SetSetting stores a setting's value.
	SetSetting(name string, value []byte) error
	// UpdateSetting changes a setting in one transaction: fn gets its value
	// (nil when it was never set; fn may keep or change it) and returns the
	// new value, which is stored. When fn returns an error nothing is
	// written and UpdateSetting returns that error. fn must not call the
	// Store: it runs while the store is locked.
	UpdateSetting(name string, fn func(old []byte) ([]byte, error)) error
	// Close releases the store; it must be called exactly once.
	Close() error
}

// Record is an item with the bytes that go with it.
type Record struct {
	Item     Item
	Original []byte
	Image    []byte
	Hash     [32]byte
	// Dedup says whether Hash takes part in duplicate detection. Nested
	// items don't: the same course may appear in several records.
	Dedup bool
}

// Entry is one credential for Store.AddBatch: its record and, for a CLR,
// the records of its nested credentials.
type Entry struct {
	Record   Record
	Children []Record
}

// ErrNotFound means no item has the given id.
var ErrNotFound = errors.New("no credential with that id in this wallet")

// DuplicateError reports that a credential is already in the wallet.
type DuplicateError struct{ ID string }

func (e *DuplicateError) Error() string {
	return fmt.Sprintf("this credential is already in the wallet (%s)", e.ID)
}

// SecretStore keeps small secrets, such as a wallet's data key, outside the
// wallet's files: in the OS keyring.
type SecretStore interface {
	// Get returns the secret for account, or an error wrapping
	// ErrSecretNotFound, or one wrapping ErrKeyringUnavailable.
	Get(account string) ([]byte, error)
	// Set stores the secret for account, replacing any earlier one.
	Set(account string, secret []byte) error
	// Delete removes the secret for account.
	Delete(account string) error
}

// Errors a SecretStore reports.
var (
	ErrSecretNotFound     = errors.New("secret not found in the keyring")
	ErrKeyringUnavailable = errors.New("the OS keyring cannot be reached")
)

// ErrWalletInUse means another process has the wallet open.
var ErrWalletInUse = errors.New("this wallet is already open in another Learner Wallet window or lw command")
