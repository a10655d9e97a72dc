package store

import (
	"encoding/binary"
	"fmt"

	bolt "go.etcd.io/bbolt"
)

// migrations bring a wallet file from schema version i to i+1. Append only:
// a released migration never changes.
var migrations = []func(tx *bolt.Tx) error{
	// 0 → 1: the first layout.
	func(tx *bolt.Tx) error {
		for _, b := range [][]byte{bucketItems, bucketOriginals, bucketImages, bucketHashes} {
			if _, err := tx.CreateBucketIfNotExists(b); err != nil {
				return err
			}
		}
		return nil
	},
	// 1 → 2: documents fetched during verification, for offline checks.
	func(tx *bolt.Tx) error {
		_, err := tx.CreateBucketIfNotExists(bucketFetched)
		return err
	},
	// 2 → 3: the learner's settings, such as their identities.
	func(tx *bolt.Tx) error {
		_, err := tx.CreateBucketIfNotExists(bucketSettings)
		return err
	},
}

// SchemaVersion is the layout this build writes.
func SchemaVersion() int { return len(migrations) }

func schemaOf(tx *bolt.Tx) int {
	m := tx.Bucket(bucketMeta)
	if m == nil {
		return 0
	}
	v := m.Get(keySchema)
	if len(v) != 4 {
		return 0
	}
	return int(binary.BigEndian.Uint32(v))
}

// migrate runs, in one transaction, every migration the file has not had.
func migrate(tx *bolt.Tx) error {
	v := schemaOf(tx)
	if v > len(migrations) {
		return fmt.Errorf("this wallet was written by a newer Learner Wallet (schema %d, this build knows %d); update Learner Wallet to open it", v, len(migrations))
	}
	if v == len(migrations) {
		return nil
	}
	m, err := tx.CreateBucketIfNotExists(bucketMeta)
	if err != nil {
		return err
	}
	for ; v < len(migrations); v++ {
		if err := migrations[v](tx); err != nil {
			return fmt.Errorf("upgrading the wallet file to schema %d: %w", v+1, err)
		}
	}
	var buf [4]byte
	binary.BigEndian.PutUint32(buf[:], uint32(v))
	return m.Put(keySchema, buf[:])
}
