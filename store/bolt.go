package store

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/learnerwallet/learnerwallet/wallet"
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

	keyWalletID = []byte("wallet-id")
	keySchema   = []byte("schema")
	keyCheck    = []byte("key-check")
)

const keyCheckText = "learner-wallet key check"

// DB is a wallet kept in one bbolt file. Everything personal in it is
// sealed with a data key that lives in the OS keyring.
type DB struct {
	db       *bolt.DB
	seal     *sealer
	walletID string
}

var _ wallet.Store = (*DB)(nil)

// envelope is what the items bucket holds, sealed.
type envelope struct {
	Item  wallet.Item `json:"item"`
	Index []byte      `json:"index,omitempty"` // key in the hashes bucket
}

// DataKeyAccount is the keyring account holding a wallet's data key.
func DataKeyAccount(walletID string) string { return "wallet-" + walletID + "/data-key" }

// Open opens (creating if needed) the wallet in dir. A new wallet gets a
// random id and data key; the key goes to secrets before any file is written.
// An empty wallet file is an *EmptyFileError: it is never taken for a new
// wallet.
func Open(dir string, secrets wallet.SecretStore) (*DB, error) {
	path := filepath.Join(dir, FileName)
	fi, statErr := os.Stat(path)
	if statErr == nil && fi.Mode().IsRegular() && fi.Size() == 0 {
		// bbolt would make a new database of it, and the wallet it held
		// would be gone for good: say so, and touch nothing.
		return nil, &EmptyFileError{Path: path}
	}
	var newID string
	var newKey []byte
	if errors.Is(statErr, fs.ErrNotExist) {
		newID, newKey = randomHex(16), randomBytes(dataKeySize)
		if err := secrets.Set(DataKeyAccount(newID), newKey); err != nil {
			return nil, err
		}
		if err := os.MkdirAll(dir, 0o700); err != nil {
			_ = secrets.Delete(DataKeyAccount(newID))
			return nil, fmt.Errorf("cannot create the wallet folder: %w", err)
		}
	}
	bdb, err := bolt.Open(path, 0o600, &bolt.Options{Timeout: LockTimeout})
	if err != nil {
		if newID != "" {
			_ = secrets.Delete(DataKeyAccount(newID))
		}
		if errors.Is(err, bolt.ErrTimeout) {
			return nil, wallet.ErrWalletInUse
		}
		return nil, fmt.Errorf("cannot open the wallet file %s: %w", path, err)
	}
	d := &DB{db: bdb}
	if err := d.init(secrets, newID, newKey); err != nil {
		bdb.Close()
		return nil, err
	}
	return d, nil
}

func (d *DB) init(secrets wallet.SecretStore, newID string, newKey []byte) error {
	var id string
	buckets := 0
	_ = d.db.View(func(tx *bolt.Tx) error {
		if m := tx.Bucket(bucketMeta); m != nil {
			id = string(m.Get(keyWalletID))
		}
		return tx.ForEach(func([]byte, *bolt.Bucket) error { buckets++; return nil })
	})
	if id == "" && buckets > 0 {
		// Some other bbolt file, or a wallet that lost its id: adopting it
		// would write into someone else's data or orphan sealed items.
		return fmt.Errorf("%s is not a Learner Wallet file (or it is damaged); nothing was changed", d.db.Path())
	}
	switch {
	case id == "" && newID == "":
		// A file without a wallet in it (say, left by an interrupted first run).
		newID, newKey = randomHex(16), randomBytes(dataKeySize)
		if err := secrets.Set(DataKeyAccount(newID), newKey); err != nil {
			return err
		}
		fallthrough
	case id == "":
		s, err := newSealer(newKey)
		if err != nil {
			return err
		}
		d.seal, d.walletID = s, newID
		return d.db.Update(func(tx *bolt.Tx) error {
			m, err := tx.CreateBucketIfNotExists(bucketMeta)
			if err != nil {
				return err
			}
			if err := m.Put(keyWalletID, []byte(newID)); err != nil {
				return err
			}
			if err := m.Put(keyCheck, s.seal("meta/key-check", []byte(keyCheckText))); err != nil {
				return err
			}
			return d.migrate(tx)
		})
	}
	if newID != "" && newID != id {
		_ = secrets.Delete(DataKeyAccount(newID)) // another process created it first
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
	_ = d.db.View(func(tx *bolt.Tx) error {
		check = append(check, tx.Bucket(bucketMeta).Get(keyCheck)...)
		return nil
	})
	if plain, err := s.open("meta/key-check", check); err != nil || string(plain) != keyCheckText {
		return &MissingKeyError{WalletID: id, Wrong: true}
	}
	return d.db.Update(d.migrate)
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
	return fmt.Sprintf("the key for wallet %s is not in your keyring, so its credentials cannot be decrypted; restore the keyring it was created with, or open another wallet with --wallet", e.WalletID)
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
func (d *DB) Path() string { return d.db.Path() }

// Close implements wallet.Store.
func (d *DB) Close() error { return d.db.Close() }

// Add implements wallet.Store.
func (d *DB) Add(r wallet.Record, children []wallet.Record) error {
	return d.db.Update(func(tx *bolt.Tx) error {
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
	})
}

func (d *DB) put(tx *bolt.Tx, r wallet.Record, index []byte) error {
	id := r.Item.ID
	if id == "" || tx.Bucket(bucketItems).Get([]byte(id)) != nil {
		return fmt.Errorf("item id %q is empty or taken", id)
	}
	r.Item.HasImage = len(r.Image) > 0
	env, err := json.Marshal(envelope{Item: r.Item, Index: index})
	if err != nil {
		return err
	}
	if err := tx.Bucket(bucketItems).Put([]byte(id), d.seal.seal("items/"+id, env)); err != nil {
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

func (d *DB) envelope(tx *bolt.Tx, id string) (envelope, error) {
	var env envelope
	v := tx.Bucket(bucketItems).Get([]byte(id))
	if v == nil {
		return env, wallet.ErrNotFound
	}
	plain, err := d.seal.open("items/"+id, v)
	if err != nil {
		return env, err
	}
	err = json.Unmarshal(plain, &env)
	return env, err
}

// List implements wallet.Store.
func (d *DB) List() ([]wallet.Item, error) {
	var items []wallet.Item
	err := d.db.View(func(tx *bolt.Tx) error {
		return tx.Bucket(bucketItems).ForEach(func(k, _ []byte) error {
			env, err := d.envelope(tx, string(k))
			if err != nil {
				return err
			}
			items = append(items, env.Item)
			return nil
		})
	})
	return items, err
}

// Item implements wallet.Store.
func (d *DB) Item(id string) (wallet.Item, error) {
	var it wallet.Item
	err := d.db.View(func(tx *bolt.Tx) error {
		env, err := d.envelope(tx, id)
		it = env.Item
		return err
	})
	return it, err
}

func (d *DB) blob(bucket []byte, id string) ([]byte, error) {
	var out []byte
	err := d.db.View(func(tx *bolt.Tx) error {
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

// SetReports implements wallet.Store.
func (d *DB) SetReports(reports map[string]verify.Report) error {
	return d.db.Update(func(tx *bolt.Tx) error {
		for id, rep := range reports {
			env, err := d.envelope(tx, id)
			if err != nil {
				return err
			}
			rep := rep
			env.Item.Report = &rep
			env.Item.Verification = rep.Verdict
			b, err := json.Marshal(env)
			if err != nil {
				return err
			}
			if err := tx.Bucket(bucketItems).Put([]byte(id), d.seal.seal("items/"+id, b)); err != nil {
				return err
			}
		}
		return nil
	})
}

// Setting implements wallet.Store.
func (d *DB) Setting(name string) ([]byte, error) {
	var out []byte
	err := d.db.View(func(tx *bolt.Tx) error {
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
	return d.db.Update(func(tx *bolt.Tx) error {
		return tx.Bucket(bucketSettings).Put(d.settingKey(name), d.seal.seal("settings/"+name, value))
	})
}

// UpdateSetting implements wallet.Store: one bbolt write transaction, which
// fn's error rolls back.
func (d *DB) UpdateSetting(name string, fn func(old []byte) ([]byte, error)) error {
	return d.db.Update(func(tx *bolt.Tx) error {
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
	return d.db.Update(func(tx *bolt.Tx) error {
		env, err := d.envelope(tx, id)
		if err != nil {
			return err
		}
		for _, c := range env.Item.Children {
			if err := d.remove(tx, c, nil); err != nil && !errors.Is(err, wallet.ErrNotFound) {
				return err
			}
		}
		return d.remove(tx, id, env.Index)
	})
}

func (d *DB) remove(tx *bolt.Tx, id string, index []byte) error {
	if index != nil {
		if err := tx.Bucket(bucketHashes).Delete(index); err != nil {
			return err
		}
	}
	for _, b := range [][]byte{bucketItems, bucketOriginals, bucketImages} {
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
