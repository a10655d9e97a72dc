package wallet

import (
	"encoding/json"
	"fmt"
	"slices"
	"time"
)

const settingShareLog = "share-log"

// Share is one entry of the sharing log: a presentation the learner made
// and passed on. The log is kept, sealed, in the wallet and never leaves it.
type Share struct {
	ID        string       `json:"id"`
	At        time.Time    `json:"at"`
	Format    string       `json:"format"`
	Domain    string       `json:"domain,omitempty"` // the recipient it was made for
	Challenge string       `json:"challenge,omitempty"`
	Expires   time.Time    `json:"expires"`
	How       string       `json:"how"` // e.g. "saved to vp.json"
	Items     []SharedItem `json:"items"`
}

// SharedItem names a credential that went into a presentation.
type SharedItem struct {
	ID     string `json:"id"`
	Title  string `json:"title"`
	Issuer string `json:"issuer"`
}

// RecordShare adds a presentation to the sharing log, saying how it was
// shared ("saved to FILE", "shown as a QR code", ...).
func (w *Wallet) RecordShare(p *Presentation, how string) (Share, error) {
	s := Share{ID: newID(), At: w.now().UTC().Truncate(time.Second), Format: p.Format, Domain: p.Domain,
		Challenge: p.Challenge, Expires: p.Expires.UTC(), How: how}
	for _, it := range p.Items {
		s.Items = append(s.Items, SharedItem{ID: it.ID, Title: it.Summary.Title(), Issuer: it.Summary.Issuer()})
	}
	err := w.updateShares(func(log *[]Share) (bool, error) {
		*log = append(*log, s)
		return true, nil
	})
	if err != nil {
		return Share{}, err
	}
	return s, nil
}

// Shares returns the sharing log, oldest first.
func (w *Wallet) Shares() ([]Share, error) {
	b, err := w.store.Setting(settingShareLog)
	if err != nil || b == nil {
		return nil, err
	}
	var log []Share
	if err := json.Unmarshal(b, &log); err != nil {
		return nil, fmt.Errorf("the sharing log is damaged: %w", err)
	}
	return log, nil
}

// DeleteShare removes one entry of the sharing log.
func (w *Wallet) DeleteShare(id string) error {
	return w.editShare(id, func(log []Share, i int) []Share { return slices.Delete(log, i, i+1) })
}

// ClearShares empties the sharing log, even a damaged one.
func (w *Wallet) ClearShares() error {
	return w.store.SetSetting(settingShareLog, []byte("[]"))
}

// updateShares changes the sharing log in one store transaction.
func (w *Wallet) updateShares(edit func(log *[]Share) (bool, error)) error {
	return updateJSON(w.store, settingShareLog, "the sharing log", edit)
}

// UpdateShare replaces how a logged presentation was shared, for a share
// whose outcome is known only later ("fetched over the local network by
// 192.168.1.7").
func (w *Wallet) UpdateShare(id, how string) error {
	return w.editShare(id, func(log []Share, i int) []Share { log[i].How = how; return log })
}

// editShare changes the log entry with the given id.
func (w *Wallet) editShare(id string, edit func(log []Share, i int) []Share) error {
	return w.updateShares(func(log *[]Share) (bool, error) {
		i := slices.IndexFunc(*log, func(s Share) bool { return s.ID == id })
		if i < 0 {
			return false, fmt.Errorf("%q: %w", id, ErrNotFound)
		}
		*log = edit(*log, i)
		return true, nil
	})
}
