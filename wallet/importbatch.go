package wallet

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"time"

	"github.com/learnerwallet/learnerwallet/wallet/credential"
	"github.com/learnerwallet/learnerwallet/wallet/verify"
)

// An import stores its credentials a batch at a time (Store.AddBatch): one
// transaction, so one fsync, for up to batchSize credentials or for what
// was verified in batchTime, whichever comes first. A crash loses at most
// the batch under way, whose results were not reported yet.
const (
	batchSize = 500
	batchTime = 500 * time.Millisecond
)

// importBatch imports credentials, verified before they are stored so that
// each is stored with its report, and reports their Results in the order
// they were given, each once its batch is stored.
type importBatch struct {
	w    *Wallet
	emit func(Result)
	// verifier is made for a batch's first credential and kept until the
	// batch is stored: knowing the learner's DIDs may ask the keyring,
	// which is slow, and more so when it holds no key yet.
	verifier *verify.Verifier
	entries  []Entry
	waiting  []waiting
	started  time.Time // when the first entry of the batch was made
}

// waiting is a Result not reported yet: complete when entry is -1, else
// the outcome of entries[entry] decides it.
type waiting struct {
	r     Result
	entry int
}

func (w *Wallet) newImportBatch(emit func(Result)) *importBatch {
	return &importBatch{w: w, emit: emit}
}

// add parses, verifies and queues one credential; name says where it came
// from.
func (b *importBatch) add(name string, data []byte) {
	p, err := credential.Parse(data)
	if err != nil {
		b.done(rejected(name, err))
		return
	}
	if b.verifier == nil {
		b.verifier = b.w.verifierWithIdentities()
	}
	e := b.w.entry(p, filepath.Base(name))
	// Verified on import, from what was just parsed.
	ctx, cancel := context.WithTimeout(context.Background(), ImportDeadline)
	rep := b.verifier.Parsed(ctx, p)
	cancel()
	e.Record.Item.setReport(rep)
	for i := range e.Children {
		if i < len(rep.Children) {
			e.Children[i].Item.setReport(rep.Children[i])
		}
	}
	if len(b.entries) == 0 {
		b.started = time.Now()
	}
	b.entries = append(b.entries, e)
	b.waiting = append(b.waiting, waiting{
		r:     Result{Path: name, Kind: p.Kind, Name: p.Summary.Title(), Issuer: p.Summary.Issuer()},
		entry: len(b.entries) - 1,
	})
	if len(b.entries) >= batchSize || time.Since(b.started) >= batchTime {
		b.flush()
	}
}

// done queues a Result that is already known, reported in its turn.
func (b *importBatch) done(r Result) {
	b.waiting = append(b.waiting, waiting{r: r, entry: -1})
	if len(b.entries) == 0 {
		b.flush()
	}
}

// flush stores the batch and reports every waiting Result. When the batch
// cannot be stored, its credentials are stored one by one, so that one
// that cannot be stored does not take the others with it.
func (b *importBatch) flush() {
	var errs []error
	var err error
	if len(b.entries) > 0 {
		errs, err = b.w.store.AddBatch(b.entries)
	}
	if err != nil {
		errs = make([]error, len(b.entries))
		for i, e := range b.entries {
			errs[i] = b.w.store.Add(e.Record, e.Children)
		}
	}
	for _, wt := range b.waiting {
		if wt.entry < 0 {
			b.emit(wt.r)
			continue
		}
		e, err := b.entries[wt.entry], errs[wt.entry]
		var dup *DuplicateError
		switch {
		case errors.As(err, &dup):
			b.emit(b.w.duplicate(wt.r, dup))
		case err != nil:
			b.emit(rejected(wt.r.Path, fmt.Errorf("could not be stored: %w", err)))
		default:
			r := wt.r
			r.Status, r.ID, r.Nested = Imported, e.Record.Item.ID, len(e.Children)
			r.Verification = e.Record.Item.Verification
			b.emit(r)
		}
	}
	clear(b.entries) // let the originals go
	b.entries, b.waiting, b.verifier = b.entries[:0], b.waiting[:0], nil
}

// duplicate is the Result of a credential that dup says is in the wallet
// already; r has its path, kind, name and issuer. One imported again from
// the trash is taken out of it: the learner wants it back.
func (w *Wallet) duplicate(r Result, dup *DuplicateError) Result {
	r.Status, r.ID = Duplicate, dup.ID
	old, err := w.store.Item(dup.ID)
	if err != nil {
		return r
	}
	r.Name = old.Summary.Title()
	if old.InTrash() {
		if err := w.Untrash(old.ID); err != nil {
			return rejected(r.Path, fmt.Errorf("it is in the trash, and could not be taken out: %w", err))
		}
		r.Status, r.Verification, r.Nested = Imported, old.Verification, len(old.Children)
	}
	return r
}
