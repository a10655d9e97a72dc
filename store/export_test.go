package store

import bolt "go.etcd.io/bbolt"

// Bolt exposes the underlying database to this package's tests.
func (d *DB) Bolt() *bolt.DB { return d.db }

// SealItem writes an item's envelope as given, sealed: for tests of
// migrations, which meet what older builds wrote.
func (d *DB) SealItem(id string, envelope []byte) error {
	return d.db.Update(func(tx *bolt.Tx) error {
		return tx.Bucket(bucketItems).Put([]byte(id), d.seal.seal("items/"+id, envelope))
	})
}
