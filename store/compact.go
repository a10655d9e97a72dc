package store

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"

	bolt "go.etcd.io/bbolt"

	"github.com/learnerwallet/learnerwallet/wallet"
)

// bbolt never gives pages back: a deleted credential's sealed bytes stay in
// the file's free pages until a later write happens to reuse them. They are
// sealed with the wallet's data key, so they are of use only to someone who
// has both the file and the key; compaction shortens the time in which such
// a pair would also reveal what the learner deleted, by rewriting the live
// data into a fresh file that never held the deleted items.
//
// It does not erase the old file's blocks on the disk (no file API can
// promise that on journalling file systems and SSDs): they become free
// space of the file system, out of reach of anyone who copies the wallet.

// compactSuffix names the file a compaction writes before it replaces the
// wallet file. Open removes one that a crash left behind.
const compactSuffix = ".compacting"

// compactTxMaxSize bounds each transaction of the copy, so a large wallet
// is not held in memory at once.
const compactTxMaxSize = 4 << 20

// Close compacts the wallet when free pages are worth reclaiming (see
// needsCompaction) and releases it. It implements wallet.Store. A failed
// compaction leaves the file as it was and does not fail Close: nothing
// was lost, and the next Close tries again.
func (d *DB) Close() error {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.closed {
		return nil
	}
	d.closed = true
	if d.needsCompaction() {
		if _, _, err := d.rewrite(); err == nil {
			return nil // rewrite closed the file
		}
	}
	return d.db.Close()
}

// Compact rewrites the wallet into a fresh file without its free pages
// (where deleted items linger), puts it in place of the old one, and opens
// it again. before and after are the file's sizes in bytes. It waits for
// the calls under way and holds others off until it is done. A crash at
// any point leaves a wallet file that opens: the old one until the atomic
// rename, the new one after it.
func (d *DB) Compact() (before, after int64, err error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.closed {
		return 0, 0, bolt.ErrDatabaseNotOpen
	}
	before, after, err = d.rewrite()
	db, openErr := openBolt(d.path)
	if errors.Is(openErr, bolt.ErrTimeout) {
		openErr = wallet.ErrWalletInUse // another process took it in between
	}
	if openErr != nil {
		d.closed = true // every later call fails as after Close
		return before, after, errors.Join(err, openErr)
	}
	d.db = db
	return before, after, err
}

// needsCompaction says whether Close should compact: when Delete removed
// something since Open, so deleted credentials do not outlive the session
// that deleted them; and when more than a quarter of the file, and more
// than 256 KiB, is free (verification reports, settings and the fetch
// cache are rewritten in place, and leave old copies in free pages). bbolt
// reuses free pages, so some slack is normal and not worth a rewrite.
func (d *DB) needsCompaction() bool {
	if d.deleted.Load() {
		return true
	}
	fi, err := os.Stat(d.path)
	if err != nil {
		return false
	}
	st := d.db.Stats()
	free := int64(st.FreePageN+st.PendingPageN) * int64(d.db.Info().PageSize)
	return free > 256<<10 && free > fi.Size()/4
}

// rewrite copies the live data into a fresh file next to the wallet's,
// checks it, syncs it and renames it over the wallet file. It returns with
// d.db closed, whether or not it succeeded; the caller holds d.mu.
func (d *DB) rewrite() (before, after int64, err error) {
	tmp := d.path + compactSuffix
	if err := d.writeCopy(tmp); err != nil {
		_ = os.Remove(tmp)
		return 0, 0, errors.Join(fmt.Errorf("cannot compact the wallet: %w", err), d.db.Close())
	}
	if fi, err := os.Stat(d.path); err == nil {
		before = fi.Size()
	}
	if fi, err := os.Stat(tmp); err == nil {
		after = fi.Size()
	}
	d.crashPoint("compact: copy written")
	if err := d.replace(tmp); err != nil {
		_ = os.Remove(tmp)
		return before, before, fmt.Errorf("cannot compact the wallet: %w", err)
	}
	d.crashPoint("compact: replaced")
	d.deleted.Store(false)
	return before, after, nil
}

// writeCopy writes the live data of d to a new bbolt file at path.
func (d *DB) writeCopy(path string) (err error) {
	if err := os.Remove(path); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	// One sync at the end instead of one per commit.
	dst, err := bolt.Open(path, 0o600, &bolt.Options{Timeout: LockTimeout, NoSync: true})
	if err != nil {
		return err
	}
	defer func() { err = errors.Join(err, dst.Close()) }()
	if err := bolt.Compact(dst, d.db, compactTxMaxSize); err != nil {
		return err
	}
	err = dst.View(func(tx *bolt.Tx) error {
		var errs []error
		for err := range tx.Check() {
			errs = append(errs, err)
		}
		return errors.Join(errs...)
	})
	if err != nil {
		return fmt.Errorf("the compacted copy does not check: %w", err)
	}
	return dst.Sync()
}

// replace renames tmp over the wallet file and closes d.db.
//
// On Unix the rename happens while d.db still holds the old file's lock: a
// process waiting for that lock gets it on the unlinked file, and openBolt
// sees that and opens the new one. Windows cannot rename over an open
// file, so the lock goes first; a process that opens the file in between
// makes the rename fail (its handle does not share deletion), and the old
// file stays.
func (d *DB) replace(tmp string) error {
	if runtime.GOOS == "windows" {
		if err := d.db.Close(); err != nil {
			return err
		}
		return os.Rename(tmp, d.path)
	}
	err := os.Rename(tmp, d.path)
	if err == nil {
		syncDir(filepath.Dir(d.path))
	}
	return errors.Join(err, d.db.Close())
}

// syncDir makes a rename in dir durable.
func syncDir(dir string) {
	f, err := os.Open(dir)
	if err != nil {
		return
	}
	_ = f.Sync()
	_ = f.Close()
}

// crashHook, set only by tests, simulates a crash at the named step.
var crashHook func(step string, db *bolt.DB)

func (d *DB) crashPoint(step string) {
	if crashHook != nil {
		crashHook(step, d.db)
	}
}

// view runs fn in a read transaction.
func (d *DB) view(fn func(*bolt.Tx) error) error {
	d.mu.RLock()
	defer d.mu.RUnlock()
	return d.db.View(fn)
}

// update runs fn in a write transaction.
func (d *DB) update(fn func(*bolt.Tx) error) error {
	d.mu.RLock()
	defer d.mu.RUnlock()
	return d.db.Update(fn)
}
