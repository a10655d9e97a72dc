package store

import (
	"bytes"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/learnerwallet/learnerwallet/wallet"
	"github.com/learnerwallet/learnerwallet/wallet/check"
	"github.com/learnerwallet/learnerwallet/wallet/verify"
)

// FileName is the database file inside a wallet directory.
const FileName = "wallet.db"

// LockTimeout bounds how long Open waits for another process to let go.
const LockTimeout = time.Second

var (
	bucketMeta      = []byte("meta")
	bucketItems     = []byte("items")
	bucketOriginals = []byte("originals")
	bucketImages    = []byte("images")
	bucketHashes    = []byte("hashes")
	bucketSettings  = []byte("settings")
	bucketReports   = []byte("reports") // each item's verify.Report, apart: see envelope

	keyWalletID = []byte("wallet-id")
	keySchema   = []byte("schema")
	keyCheck    = []byte("key-check")
	keyCreating = []byte("creating") // set while a new wallet has no key check yet
)

const keyCheckText = "learner-wallet key check"

// DB is a wallet kept in one bbolt file. Everything personal in it is
// sealed with a data key that lives in the OS keyring.
type DB struct {
	// mu guards db, which Compact replaces: every transaction runs under
	// a read lock, Compact and Close under the write lock.
	mu       sync.RWMutex
	db       *bolt.DB
	path     string
	seal     *sealer
	walletID string
	deleted  atomic.Bool // Delete removed something since Open: Close compacts
	closed   bool        // guarded by mu
}

var _ wallet.Store = (*DB)(nil)

// envelope is what the items bucket holds, sealed. Its item is brief
// (wallet.Item.Brief): the report, many times larger than the rest, is
// sealed on its own in the reports bucket, so that listing a wallet reads
// and decodes only what a list shows.
type envelope struct {
	Item  wallet.Item `json:"item"`
	Index []byte      `json:"index,omitempty"` // key in the hashes bucket
	// Cause is Item.VerificationCause, which the item's JSON leaves out.
	Cause check.Reason `json:"cause,omitempty"`
}

// DataKeyAccount is the keyring account holding a wallet's data key.
func DataKeyAccount(walletID string) string { return "wallet-" + walletID + "/data-key" }

// Open opens (creating if needed) the wallet in dir. A new wallet gets a
// random id and data key. The id is written to the file, marked as being
// created, before the key goes to secrets, and everything happens under
// the file's lock: so a creation that is interrupted leaves no keyring
// entry that no file names, and the next Open finishes it under the same
// id. An empty wallet file is an *EmptyFileError: it is never taken for a
// new wallet.
func Open(dir string, secrets wallet.SecretStore) (*DB, error) {
	path := filepath.Join(dir, FileName)
	fi, statErr := os.Stat(path)
	if statErr == nil && fi.Mode().IsRegular() && fi.Size() == 0 {
		// bbolt would make a new database of it, and the wallet it held
		// would be gone for good: say so, and touch nothing.
		return nil, &EmptyFileError{Path: path}
	}
	fresh := errors.Is(statErr, fs.ErrNotExist)
	var made string // the outermost folder this Open made, if any
	if fresh {
		var err error
		if made, err = mkdirAll(dir); err != nil {
			return nil, fmt.Errorf("cannot create the wallet folder: %w", err)
		}
	}
	bdb, err := openBolt(path)
	if err != nil {
		removeMade(dir, made)
		if errors.Is(err, bolt.ErrTimeout) {
			return nil, wallet.ErrWalletInUse
		}
		return nil, fmt.Errorf("cannot open the wallet file %s: %w", path, err)
	}
	d := &DB{db: bdb, path: path}
	if err := d.init(secrets); err != nil {
		creating := d.creating()
		bdb.Close()
		if fresh && creating {
			// Nothing was sealed yet: leave the folder as it was, and no
			// key that no file names.
			if d.walletID != "" {
				_ = secrets.Delete(DataKeyAccount(d.walletID))
			}
			_ = os.Remove(path)
			removeMade(dir, made)
		}
		return nil, err
	}
	// We hold the lock: no compaction is under way, so a temporary file
	// is what a crashed one left.
	_ = os.Remove(path + compactSuffix)
	return d, nil
}

// openBolt opens the bbolt file at path. A compaction in another process
// replaces the file while holding its lock; a process that was waiting for
// that lock would then hold the old, unlinked file, so it opens again.
func openBolt(path string) (*bolt.DB, error) {
	for range 3 {
		before, statErr := os.Stat(path)
		db, err := bolt.Open(path, 0o600, &bolt.Options{Timeout: LockTimeout})
		if err != nil {
			return nil, err
		}
		after, err := os.Stat(path)
		if err == nil && (statErr != nil || os.SameFile(before, after)) {
			return db, nil
		}
		db.Close()
	}
	return nil, bolt.ErrTimeout
}

// mkdirAll is os.MkdirAll(dir, 0o700) that also returns the outermost
// folder it made ("" when dir was there).
func mkdirAll(dir string) (string, error) {
	made := ""
	for d := dir; ; d = filepath.Dir(d) {
		if _, err := os.Stat(d); err == nil || filepath.Dir(d) == d {
			break
		}
		made = d
	}
	return made, os.MkdirAll(dir, 0o700)
}

// removeMade removes dir and its parents up to made, the folders
// mkdirAll made, as long as they are empty.
func removeMade(dir, made string) {
	if made == "" {
		return
	}
	for d := dir; os.Remove(d) == nil && d != made; d = filepath.Dir(d) {
	}
}

// creating reports whether the file holds a wallet whose creation has not
// finished: an id, but no key check yet, and so nothing sealed.
func (d *DB) creating() bool {
	var pending bool
	_ = d.view(func(tx *bolt.Tx) error {
		if m := tx.Bucket(bucketMeta); m != nil {
			pending = m.Get(keyCreating) != nil
		}
		return nil
	})
	return pending
}

func (d *DB) init(secrets wallet.SecretStore) error {
	var id string
	var creating bool
	buckets := 0
	_ = d.view(func(tx *bolt.Tx) error {
		if m := tx.Bucket(bucketMeta); m != nil {
			id = string(m.Get(keyWalletID))
			creating = m.Get(keyCreating) != nil
		}
		return tx.ForEach(func([]byte, *bolt.Bucket) error { buckets++; return nil })
	})
	if (id == "" && buckets > 0) || (creating && buckets > 1) {
		// Some other bbolt file, or a wallet that lost its id: adopting it
		// would write into someone else's data or orphan sealed items.
		return fmt.Errorf("%s is not a Learner Wallet file (or it is damaged); nothing was changed", d.path)
	}
	if id == "" {
		// A new wallet, or a file without one in it (say, left by an
		// interrupted first run): name it in the file before the keyring
		// hears of it.
		id = randomHex(16)
		err := d.update(func(tx *bolt.Tx) error {
			m, err := tx.CreateBucketIfNotExists(bucketMeta)
			if err != nil {
				return err
			}
			if err := m.Put(keyWalletID, []byte(id)); err != nil {
				return err
			}
			return m.Put(keyCreating, []byte{1})
		})
		if err != nil {
			return err
		}
		creating = true
	}
	if creating {
		return d.create(secrets, id)
	}
	key, err := secrets.Get(DataKeyAccount(id))
	if errors.Is(err, wallet.ErrSecretNotFound) {
		return &MissingKeyError{WalletID: id}
	}
	if err != nil {
		return err
	}
	if len(key) != dataKeySize {
		return &MissingKeyError{WalletID: id, Wrong: true}
	}
	s, err := newSealer(key)
	if err != nil {
		return err
	}
	d.seal, d.walletID = s, id
	var check []byte
	_ = d.view(func(tx *bolt.Tx) error {
		check = append(check, tx.Bucket(bucketMeta).Get(keyCheck)...)
		return nil
	})
	if plain, err := s.open("meta/key-check", check); err != nil || string(plain) != keyCheckText {
		return &MissingKeyError{WalletID: id, Wrong: true}
	}
	return d.update(d.migrate)
}

// create finishes making the wallet the file names id: a new data key goes
// to secrets (replacing any that an interrupted creation left: it sealed
// nothing), then the key check and the layout go to the file, which ends
// the creation.
func (d *DB) create(secrets wallet.SecretStore, id string) error {
	d.walletID = id
	d.crashPoint("create: id written")
	key := randomBytes(dataKeySize)
	if err := secrets.Set(DataKeyAccount(id), key); err != nil {
		return err
	}
	d.crashPoint("create: key stored")
	s, err := newSealer(key)
	if err != nil {
		return err
	}
	d.seal = s
	return d.update(func(tx *bolt.Tx) error {
		m := tx.Bucket(bucketMeta)
		if err := m.Put(keyCheck, s.seal("meta/key-check", []byte(keyCheckText))); err != nil {
			return err
		}
		if err := m.Delete(keyCreating); err != nil {
			return err
		}
		return d.migrate(tx)
	})
}

// MissingKeyError means the keyring has no usable key for an existing wallet.
type MissingKeyError struct {
	WalletID string
	Wrong    bool // a key is there, but not the one this wallet was sealed with
}

func (e *MissingKeyError) Error() string {
	if e.Wrong {
		return fmt.Sprintf("the keyring's key for wallet %s does not open it; was the keyring restored from another machine?", e.WalletID)
	}
	return fmt.Sprintf("the key for wallet %s is not in your keyring, so its credentials cannot be decrypted; restore the keyring it was created with, "+
		"or restore your last backup into a new wallet (Restore from a backup… in an empty wallet, or lw --wallet NEW restore BACKUP), "+
		"or open another wallet with --wallet", e.WalletID)
}

// EmptyFileError means the wallet file is there but empty.
type EmptyFileError struct{ Path string }

func (e *EmptyFileError) Error() string {
	return fmt.Sprintf("the wallet file %s is empty (0 bytes) — it may have been truncated by a crash or a copy; "+
		"restore it from a backup, or move it away to start a new wallet", e.Path)
}

// WalletID is the wallet's random identifier, used to name its keyring entries.
func (d *DB) WalletID() string { return d.walletID }

// Path is the database file.
func (d *DB) Path() string { return d.path }

// Add implements wallet.Store.
func (d *DB) Add(r wallet.Record, children []wallet.Record) error {
	return d.update(func(tx *bolt.Tx) error { return d.add(tx, r, children) })
}

// AddBatch implements wallet.Store: one bbolt transaction, so one fsync,
// for the whole batch.
func (d *DB) AddBatch(entries []wallet.Entry) ([]error, error) {
	errs := make([]error, len(entries))
	err := d.update(func(tx *bolt.Tx) error {
		for i, e := range entries {
			err := d.add(tx, e.Record, e.Children)
			var dup *wallet.DuplicateError
			switch {
			case errors.As(err, &dup):
				errs[i] = dup
			case err != nil:
				return err
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return errs, nil
}

// add stores one credential in tx. A duplicate is found before anything is
// written, so that AddBatch can go on with the next entry.
func (d *DB) add(tx *bolt.Tx, r wallet.Record, children []wallet.Record) error {
	hashes := tx.Bucket(bucketHashes)
	var index []byte
	if r.Dedup {
		index = d.seal.index(r.Hash)
		if id := hashes.Get(index); id != nil {
			return &wallet.DuplicateError{ID: string(id)}
		}
		if err := hashes.Put(index, []byte(r.Item.ID)); err != nil {
			return err
		}
	}
	if err := d.put(tx, r, index); err != nil {
		return err
	}
	for _, c := range children {
		if err := d.put(tx, c, nil); err != nil {
			return err
		}
	}
	return nil
}

func (d *DB) put(tx *bolt.Tx, r wallet.Record, index []byte) error {
	id := r.Item.ID
	if id == "" || tx.Bucket(bucketItems).Get([]byte(id)) != nil {
		return fmt.Errorf("item id %q is empty or taken", id)
	}
	r.Item.HasImage = len(r.Image) > 0
	if err := d.putItem(tx, envelope{Item: r.Item, Index: index}, nil); err != nil {
		return err
	}
	if err := tx.Bucket(bucketOriginals).Put([]byte(id), d.seal.seal("originals/"+id, r.Original)); err != nil {
		return err
	}
	if len(r.Image) > 0 {
		return tx.Bucket(bucketImages).Put([]byte(id), d.seal.seal("images/"+id, r.Image))
	}
	return nil
}

// putItem writes env, its item brief, and the item's report apart; old is
// the report stored before (its plain JSON), which is not written again
// when it has not changed.
func (d *DB) putItem(tx *bolt.Tx, env envelope, old []byte) error {
	id := env.Item.ID
	rep := env.Item.Report
	env.Item = env.Item.Brief()
	env.Cause = env.Item.VerificationCause
	if rep == nil {
		env.Cause = "" // a cause comes only from a report
	}
	b, err := encodeEnvelope(env)
	if err != nil {
		return err
	}
	if err := tx.Bucket(bucketItems).Put([]byte(id), d.seal.seal("items/"+id, b)); err != nil {
		return err
	}
	reports := tx.Bucket(bucketReports)
	if rep == nil {
		if old == nil {
			return nil
		}
		return reports.Delete([]byte(id))
	}
	plain, err := json.Marshal(rep)
	if err != nil {
		return err
	}
	if bytes.Equal(plain, old) {
		return nil
	}
	return reports.Put([]byte(id), d.seal.seal("reports/"+id, plain))
}

// envelope reads an item's envelope, its item brief.
func (d *DB) envelope(tx *bolt.Tx, id string) (envelope, error) {
	v := tx.Bucket(bucketItems).Get([]byte(id))
	if v == nil {
		return envelope{}, wallet.ErrNotFound
	}
	return d.openEnvelope(id, v)
}

func (d *DB) openEnvelope(id string, sealed []byte) (envelope, error) {
	var env envelope
	_, err := d.openItem(&env.Item, &env.Index, nil, id, sealed)
	env.Cause = env.Item.VerificationCause
	return env, err
}

// openItem opens an item's sealed envelope into it (and index, when not
// nil), decrypting into buf, which it returns for the next call: decoding
// copies what it keeps.
func (d *DB) openItem(it *wallet.Item, index *[]byte, buf []byte, id string, sealed []byte) ([]byte, error) {
	plain, err := d.seal.openTo(buf[:0], "items/"+id, sealed)
	if err != nil {
		return buf, err
	}
	env := envelopeRef{Item: it, Index: index}
	err = decodeEnvelope(plain, &env)
	it.VerificationCause = env.Cause
	return plain, err
}

// withReport sets it.Report from the reports bucket, and returns the
// report's plain JSON (nil when the item has none).
func (d *DB) withReport(tx *bolt.Tx, it *wallet.Item) ([]byte, error) {
	return d.openReport(it, tx.Bucket(bucketReports).Get([]byte(it.ID)))
}

// openReport sets it.Report from its sealed value v (none when v is nil),
// and returns the report's plain JSON.
func (d *DB) openReport(it *wallet.Item, v []byte) ([]byte, error) {
	if v == nil {
		return nil, nil
	}
	plain, err := d.seal.open("reports/"+it.ID, v)
	if err != nil {
		return nil, err
	}
	var rep verify.Report
	if err := json.Unmarshal(plain, &rep); err != nil {
		return nil, err
	}
	it.Report = &rep
	return plain, nil
}

// List implements wallet.Store.
func (d *DB) List() ([]wallet.Item, error) { return d.list(false) }

// ListWithReports implements wallet.Store.
func (d *DB) ListWithReports() ([]wallet.Item, error) { return d.list(true) }

// list reads the items bucket through, then opens and decodes the
// envelopes (and reports) on every processor: a bbolt read transaction is
// for one goroutine, the values it returns for any until it ends.
func (d *DB) list(reports bool) ([]wallet.Item, error) {
	var items []wallet.Item
	err := d.view(func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketItems)
		var keys, vals [][]byte
		_ = b.ForEach(func(k, v []byte) error {
			keys, vals = append(keys, k), append(vals, v)
			return nil
		})
		var reps [][]byte
		if reports {
			rb := tx.Bucket(bucketReports)
			reps = make([][]byte, len(keys))
			for i, k := range keys {
				reps[i] = rb.Get(k)
			}
		}
		items = make([]wallet.Item, len(keys))
		return inParallel(len(keys), func(i int, buf *[]byte) error {
			var err error
			*buf, err = d.openItem(&items[i], nil, *buf, string(keys[i]), vals[i])
			if err != nil {
				return err
			}
			if reports {
				_, err = d.openReport(&items[i], reps[i])
			}
			return err
		})
	})
	return items, err
}

// Item implements wallet.Store.
func (d *DB) Item(id string) (wallet.Item, error) {
	var it wallet.Item
	err := d.view(func(tx *bolt.Tx) error {
		env, err := d.envelope(tx, id)
		if err != nil {
			return err
		}
		it = env.Item
		_, err = d.withReport(tx, &it)
		return err
	})
	return it, err
}

func (d *DB) blob(bucket []byte, id string) ([]byte, error) {
	var out []byte
	err := d.view(func(tx *bolt.Tx) error {
		if tx.Bucket(bucketItems).Get([]byte(id)) == nil {
			return wallet.ErrNotFound
		}
		v := tx.Bucket(bucket).Get([]byte(id))
		if v == nil {
			return nil
		}
		var err error
		out, err = d.seal.open(string(bucket)+"/"+id, v)
		return err
	})
	return out, err
}

// Original implements wallet.Store.
func (d *DB) Original(id string) ([]byte, error) { return d.blob(bucketOriginals, id) }

// Image implements wallet.Store.
func (d *DB) Image(id string) ([]byte, error) { return d.blob(bucketImages, id) }

// UpdateItems implements wallet.Store.
func (d *DB) UpdateItems(ids []string, fn func(*wallet.Item) error) error {
	return d.update(func(tx *bolt.Tx) error {
		for _, id := range ids {
			env, err := d.envelope(tx, id)
			if err != nil {
				return err
			}
			old, err := d.withReport(tx, &env.Item)
			if err != nil {
				return err
			}
			parent, children := env.Item.Parent, slices.Clone(env.Item.Children)
			if err := fn(&env.Item); err != nil {
				return err
			}
			if env.Item.ID != id || env.Item.Parent != parent || !slices.Equal(env.Item.Children, children) {
				return fmt.Errorf("UpdateItems: fn changed the id, parent or children of %s", id)
			}
			if err := d.putItem(tx, env, old); err != nil {
				return err
			}
		}
		return nil
	})
}

// Setting implements wallet.Store.
func (d *DB) Setting(name string) ([]byte, error) {
	var out []byte
	err := d.view(func(tx *bolt.Tx) error {
		v := tx.Bucket(bucketSettings).Get(d.settingKey(name))
		if v == nil {
			return nil
		}
		var err error
		out, err = d.seal.open("settings/"+name, v)
		return err
	})
	return out, err
}

// SetSetting implements wallet.Store.
func (d *DB) SetSetting(name string, value []byte) error {
	return d.update(func(tx *bolt.Tx) error {
		return tx.Bucket(bucketSettings).Put(d.settingKey(name), d.seal.seal("settings/"+name, value))
	})
}

// UpdateSetting implements wallet.Store: one bbolt write transaction, which
// fn's error rolls back.
func (d *DB) UpdateSetting(name string, fn func(old []byte) ([]byte, error)) error {
	return d.update(func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketSettings)
		key := d.settingKey(name)
		var old []byte
		if v := b.Get(key); v != nil {
			var err error
			if old, err = d.seal.open("settings/"+name, v); err != nil { // a new slice, not the map's
				return err
			}
		}
		value, err := fn(old)
		if err != nil {
			return err
		}
		return b.Put(key, d.seal.seal("settings/"+name, value))
	})
}

// settingKey hides even the setting's name.
func (d *DB) settingKey(name string) []byte {
	return d.seal.index(sha256.Sum256([]byte("setting:" + name)))
}

// Delete implements wallet.Store.
func (d *DB) Delete(id string) error {
	return d.update(func(tx *bolt.Tx) error {
		env, err := d.envelope(tx, id)
		if err != nil {
			return err
		}
		for _, c := range env.Item.Children {
			if err := d.remove(tx, c, nil); err != nil && !errors.Is(err, wallet.ErrNotFound) {
				return err
			}
		}
		d.deleted.Store(true)
		return d.remove(tx, id, env.Index)
	})
}

func (d *DB) remove(tx *bolt.Tx, id string, index []byte) error {
	if index != nil {
		if err := tx.Bucket(bucketHashes).Delete(index); err != nil {
			return err
		}
	}
	for _, b := range [][]byte{bucketItems, bucketOriginals, bucketImages, bucketReports} {
		if err := tx.Bucket(b).Delete([]byte(id)); err != nil {
			return err
		}
	}
	return nil
}

func randomBytes(n int) []byte {
	b := make([]byte, n)
	if _, err := rand.Read(b); err != nil {
		panic(err)
	}
	return b
}

func randomHex(n int) string { return hex.EncodeToString(randomBytes(n)) }
