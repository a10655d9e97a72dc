package wallet

import (
	"context"
	"crypto/rand"
	"encoding/base32"
	"errors"
	"fmt"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/learnerwallet/learnerwallet/wallet/credential"
	"github.com/learnerwallet/learnerwallet/wallet/fetch"
	"github.com/learnerwallet/learnerwallet/wallet/verify"
)

// Wallet is a learner's collection of credentials and the operations on it.
// It is safe for concurrent use when its Store is.
type Wallet struct {
	store    Store
	now      func() time.Time
	verifier *verify.Verifier
	// makeVerifier makes the verifier for a network choice (WithVerifiers).
	makeVerifier func(NetChoice) *verify.Verifier
	// makeClient makes the network client of the learner's own requests
	// (WithNetwork): receiving from issuers, syncing from providers.
	makeClient func(NetChoice) *fetch.Client
	netMu      sync.RWMutex // guards verifier, which the network choice replaces

	secrets  SecretStore // where the holder key lives; see holderkey.go
	walletID string
	keyMu    sync.Mutex // serialises reading, creating and rotating the holder key
	// holderDID is the current holder key's DID once read, "" before.
	holderDID string
	// fetchCache is the verifier's fetch cache, when it has one
	// (WithFetchCache).
	fetchCache fetch.Cache
}

// Option configures a Wallet.
type Option func(*Wallet)

// WithClock makes the wallet read the time from now (for tests).
func WithClock(now func() time.Time) Option { return func(w *Wallet) { w.now = now } }

// WithVerifier sets how credentials are verified (default: offline).
func WithVerifier(v *verify.Verifier) Option { return func(w *Wallet) { w.verifier = v } }

// New returns a wallet over store.
func New(store Store, opts ...Option) *Wallet {
	w := &Wallet{store: store, now: time.Now}
	for _, o := range opts {
		o(w)
	}
	if w.makeVerifier != nil {
		w.verifier = w.makeVerifier(w.NetChoice())
	}
	if w.verifier == nil {
		w.verifier = &verify.Verifier{}
	}
	if w.verifier.Now == nil {
		w.verifier.Now = w.now
	}
	return w
}

// Verify checks an item again and stores the report; for a record, every
// credential in it is checked and its report stored too.
func (w *Wallet) Verify(ctx context.Context, id string) (verify.Report, error) {
	return w.verify(ctx, id, true)
}

// Check checks an item like Verify but keeps the stored report as it is:
// for a look offline, which should not replace what was found online.
func (w *Wallet) Check(ctx context.Context, id string) (verify.Report, error) {
	return w.verify(ctx, id, false)
}

func (w *Wallet) verify(ctx context.Context, id string, save bool) (verify.Report, error) {
	it, err := w.Item(id)
	if err != nil {
		return verify.Report{}, err
	}
	b, err := w.store.Original(it.ID)
	if err != nil {
		return verify.Report{}, err
	}
	p, err := credential.Parse(b)
	if err != nil {
		return verify.Report{}, err
	}
	return w.report(ctx, it, p, save)
}

// report verifies p, the parsed original of it, and with save stores the
// report for it and for each credential nested in it.
func (w *Wallet) report(ctx context.Context, it Item, p *credential.Parsed, save bool) (verify.Report, error) {
	rep := w.verifierWithIdentities().Parsed(ctx, p)
	if !save {
		return rep, nil
	}
	reports := map[string]verify.Report{it.ID: rep}
	ids := []string{it.ID}
	for i, c := range it.Children {
		if i < len(rep.Children) {
			reports[c] = rep.Children[i]
			ids = append(ids, c)
		}
	}
	return rep, w.store.UpdateItems(ids, func(it *Item) error {
		it.setReport(reports[it.ID])
		return nil
	})
}

// Unchecked lists the ids of the top-level items that have no report: never
// verified, or whose report an upgrade dropped.
func (w *Wallet) Unchecked() ([]string, error) {
	all, err := w.store.List()
	if err != nil {
		return nil, err
	}
	var ids []string
	for _, it := range all {
		if it.Parent == "" && it.Verification == "" {
			ids = append(ids, it.ID)
		}
	}
	sort.Strings(ids)
	return ids, nil
}

// VerifyAll verifies, one after the other, the items with the given ids,
// storing each report; progress, when set, hears of each. It stops early
// when ctx ends, and returns the first error of the store.
func (w *Wallet) VerifyAll(ctx context.Context, ids []string, progress func(done, total int, it Item, rep verify.Report)) error {
	for i, id := range ids {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		one, cancel := context.WithTimeout(ctx, ImportDeadline)
		rep, err := w.Verify(one, id)
		cancel()
		if errors.Is(err, ErrNotFound) {
			continue // deleted meanwhile
		}
		if err != nil {
			return err
		}
		if progress != nil {
			it, _ := w.store.Item(id)
			progress(i+1, len(ids), it, rep)
		}
	}
	return nil
}

// RecheckRecipients checks again, for the items with the given ids, whom
// each credential was issued to, against the learner's identities as they
// are now, and stores the reports. Only who the learner is changed: nothing
// is fetched and no proof is checked again (verify.Verifier.Recipients),
// so a wallet of thousands takes seconds. Items never verified, and those
// gone meanwhile, are left alone.
func (w *Wallet) RecheckRecipients(ids []string) error {
	v := w.verifierWithIdentities()
	const batch = 500 // items a transaction
	for start := 0; start < len(ids); start += batch {
		reports := map[string]verify.Report{}
		var changed []string
		for _, id := range ids[start:min(start+batch, len(ids))] {
			it, err := w.store.Item(id)
			if errors.Is(err, ErrNotFound) {
				continue
			}
			if err != nil {
				return err
			}
			if it.Report == nil {
				continue
			}
			b, err := w.store.Original(id)
			if err != nil {
				return err
			}
			p, err := credential.Parse(b)
			if err != nil {
				continue
			}
			rep := v.Recipients(p, *it.Report)
			reports[id] = rep
			changed = append(changed, id)
			for i, c := range it.Children {
				if i < len(rep.Children) {
					reports[c] = rep.Children[i]
					changed = append(changed, c)
				}
			}
		}
		err := w.store.UpdateItems(changed, func(it *Item) error {
			it.setReport(reports[it.ID])
			return nil
		})
		if err != nil {
			return err
		}
	}
	return nil
}

// VerifyBytes verifies a credential that is not (or not yet) in the wallet.
func (w *Wallet) VerifyBytes(ctx context.Context, data []byte) verify.Report {
	return w.verifierWithIdentities().Bytes(ctx, data)
}

// Location is where the wallet's file is, "" when it has none (a wallet
// in memory, in tests).
func (w *Wallet) Location() string {
	if l, ok := w.store.(interface{ Path() string }); ok {
		return l.Path()
	}
	return ""
}

// Close closes the underlying store.
func (w *Wallet) Close() error { return w.store.Close() }

var idEncoding = base32.NewEncoding("abcdefghijkmnpqrstuvwxyz23456789").WithPadding(base32.NoPadding)

func newID() string {
	b := make([]byte, 5)
	if _, err := rand.Read(b); err != nil {
		panic(err)
	}
	return idEncoding.EncodeToString(b)
}

// Add stores a parsed credential. name is where it came from (a file name).
func (w *Wallet) Add(p *credential.Parsed, name string) (Item, error) {
	e := w.entry(p, name)
	return e.Record.Item, w.store.Add(e.Record, e.Children)
}

// entry makes the records that store a parsed credential, with new ids.
func (w *Wallet) entry(p *credential.Parsed, name string) Entry {
	now := w.now().UTC().Truncate(time.Second)
	parent := Item{
		ID: newID(), Kind: p.Kind, Format: p.Format, Source: name, AddedAt: now,
		Summary: p.Summary,
	}
	var children []Record
	for _, c := range p.Children {
		ci := Item{
			ID: newID(), Kind: c.Kind, Format: c.Format, Parent: parent.ID, Source: name, AddedAt: now,
			Summary: c.Summary, HasImage: len(c.Image) > 0,
		}
		parent.Children = append(parent.Children, ci.ID)
		children = append(children, Record{Item: ci, Original: c.Original, Image: c.Image, Hash: c.Hash})
	}
	parent.HasImage = len(p.Image) > 0
	return Entry{Record{Item: parent, Original: p.Original, Image: p.Image, Hash: p.Hash, Dedup: true}, children}
}

// Items returns every item not in the trash, each with its Report:
// top-level ones newest first, each CLR followed by its nested items in the
// order the record lists them.
func (w *Wallet) Items() ([]Item, error) {
	all, err := w.store.ListWithReports()
	if err != nil {
		return nil, err
	}
	return arrange(all), nil
}

// BriefItems returns the items Items does, in the same order, brief: with
// Report nil (Verification and VerificationCause are kept). It is much
// faster for a large wallet, and all a list needs.
func (w *Wallet) BriefItems() ([]Item, error) {
	all, err := w.store.List()
	if err != nil {
		return nil, err
	}
	return arrange(all), nil
}

// arrange orders items as Items returns them, leaving out those in the
// trash, in all itself. It sorts positions, then moves each item once: an
// Item is large, and a wallet may hold thousands.
func arrange(all []Item) []Item {
	byID := make(map[string]int, len(all))
	var top []int
	for i := range all {
		it := &all[i]
		byID[it.ID] = i
		if it.Parent == "" && !it.InTrash() {
			top = append(top, i)
		}
	}
	sort.SliceStable(top, func(i, j int) bool {
		a, b := &all[top[i]], &all[top[j]]
		if !a.Summary.Issued.Equal(b.Summary.Issued) {
			return a.Summary.Issued.After(b.Summary.Issued)
		}
		if !a.AddedAt.Equal(b.AddedAt) {
			return a.AddedAt.After(b.AddedAt)
		}
		return a.ID < b.ID
	})
	// order[k] is the item that goes to position k: those kept first,
	// then the rest, which are cut off.
	order := make([]int, 0, len(all))
	placed := make([]bool, len(all))
	for _, i := range top {
		order = append(order, i)
		placed[i] = true
		for _, c := range all[i].Children {
			if ci, ok := byID[c]; ok && !placed[ci] {
				order = append(order, ci)
				placed[ci] = true
			}
		}
	}
	kept := len(order)
	for i := range all {
		if !placed[i] {
			order = append(order, i)
		}
	}
	permute(all, order)
	return all[:kept:kept]
}

// permute moves items[order[k]] to position k, for every k, each item
// once (order is a permutation).
func permute(items []Item, order []int) {
	done := make([]bool, len(items))
	for start := range items {
		if done[start] {
			continue
		}
		done[start] = true
		if order[start] == start {
			continue
		}
		saved := items[start]
		k := start
		for {
			next := order[k]
			if next == start {
				items[k] = saved
				break
			}
			items[k] = items[next]
			done[next] = true
			k = next
		}
	}
}

// Item returns the item with the given id. A unique prefix of an id also
// finds it, so people can type less.
func (w *Wallet) Item(id string) (Item, error) {
	id = strings.TrimSpace(strings.ToLower(id))
	it, err := w.store.Item(id)
	if !errors.Is(err, ErrNotFound) || id == "" {
		return it, err
	}
	all, err := w.store.List()
	if err != nil {
		return Item{}, err
	}
	var found []Item
	for _, it := range all {
		if strings.HasPrefix(it.ID, id) {
			found = append(found, it)
		}
	}
	switch len(found) {
	case 0:
		return Item{}, fmt.Errorf("%q: %w", id, ErrNotFound)
	case 1:
		return w.store.Item(found[0].ID) // with its report
	}
	return Item{}, fmt.Errorf("%q matches %d credentials; type more of the id", id, len(found))
}

// Original returns the bytes an item was imported from, exactly as received.
// For a nested item it is the item's JSON exactly as it appears in its record.
func (w *Wallet) Original(id string) ([]byte, error) { return w.store.Original(id) }

// Image returns an item's picture, or nil.
func (w *Wallet) Image(id string) ([]byte, error) { return w.store.Image(id) }

// ErrNested means an operation needs the whole record, not one of its parts.
var ErrNested = errors.New("this credential is part of a learner record; choose the record instead")

// Delete removes an item (with everything nested in it).
func (w *Wallet) Delete(id string) error {
	it, err := w.Item(id)
	if err != nil {
		return err
	}
	if it.Parent != "" {
		return ErrNested
	}
	return w.store.Delete(it.ID)
}

// Source returns a credential as text: the JSON or JWT it was imported as,
// or, for a badge image, the credential baked into it.
func (w *Wallet) Source(id string) (string, error) {
	it, err := w.Item(id)
	if err != nil {
		return "", err
	}
	b, err := w.store.Original(it.ID)
	if err != nil {
		return "", err
	}
	if it.Format == credential.FormatPNG || it.Format == credential.FormatSVG {
		p, err := credential.Parse(b)
		if err != nil {
			return "", err
		}
		return string(p.Content), nil
	}
	return string(b), nil
}
