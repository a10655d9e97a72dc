package store

import (
	"encoding/json"
	"testing"

	bolt "go.etcd.io/bbolt"
)

// Bolt exposes the underlying database to this package's tests.
func (d *DB) Bolt() *bolt.DB { return d.db }

// SealItem writes an item's envelope as given, sealed: for tests of
// migrations, which meet what older builds wrote.
func (d *DB) SealItem(id string, envelope []byte) error {
	return d.db.Update(func(tx *bolt.Tx) error {
		return tx.Bucket(bucketItems).Put([]byte(id), d.seal.seal("items/"+id, envelope))
	})
}

// RewriteItemAsJSON writes an item's envelope as builds before schema 6
// did, in JSON: for tests of migrations, which meet what older builds wrote.
func (d *DB) RewriteItemAsJSON(id string) error {
	return d.db.Update(func(tx *bolt.Tx) error {
		env, err := d.envelope(tx, id)
		if err != nil {
			return err
		}
		b, err := json.Marshal(env)
		if err != nil {
			return err
		}
		return tx.Bucket(bucketItems).Put([]byte(id), d.seal.seal("items/"+id, b))
	})
}

// Crash is what a simulated crash panics with.
type Crash struct{ Step string }

// CrashAt makes the store stop at step as if the process died there: the
// bbolt file is closed without another write, and the call panics with a
// Crash, which the test recovers.
func CrashAt(t testing.TB, step string) {
	crashHook = func(s string, db *bolt.DB) {
		if s == step {
			crashHook = nil
			db.Close()
			panic(Crash{Step: s})
		}
	}
	t.Cleanup(func() { crashHook = nil })
}

// CompactSuffix names the file a compaction writes first.
const CompactSuffix = compactSuffix
