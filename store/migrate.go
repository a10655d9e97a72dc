package store

import (
	"encoding/binary"
	"encoding/json"
	"fmt"

	bolt "go.etcd.io/bbolt"

	"github.com/learnerwallet/learnerwallet/wallet/verify"
)

// migrations bring a wallet file from schema version i to i+1. Append only:
// a released migration never changes. They run with the wallet's data key
// (d) at hand, for those that rewrite sealed values.
var migrations = []func(d *DB, tx *bolt.Tx) error{
	// 0 → 1: the first layout.
	func(_ *DB, tx *bolt.Tx) error {
		for _, b := range [][]byte{bucketItems, bucketOriginals, bucketImages, bucketHashes} {
			if _, err := tx.CreateBucketIfNotExists(b); err != nil {
				return err
			}
		}
		return nil
	},
	// 1 → 2: documents fetched during verification, for offline checks.
	func(_ *DB, tx *bolt.Tx) error {
		_, err := tx.CreateBucketIfNotExists(bucketFetched)
		return err
	},
	// 2 → 3: the learner's settings, such as their identities.
	func(_ *DB, tx *bolt.Tx) error {
		_, err := tx.CreateBucketIfNotExists(bucketSettings)
		return err
	},
	// 3 → 4: reports are stored as codes (verify.Report), no longer as
	// English sentences. An old report cannot be read as codes, and was
	// made under weaker rules (a key in an issuer's URL counted as the
	// issuer's): it is dropped, and the item is "not yet verified" until
	// it is verified again (the window does so on opening; lw verify --all).
	(*DB).dropOldReports,
	// 4 → 5: each item's report is sealed on its own, in the reports
	// bucket, and its envelope keeps the verdict's cause: listing a wallet
	// then decrypts and decodes only the brief items.
	(*DB).moveReports,
	// 5 → 6: envelopes are CBOR, no longer JSON: listing 10,000 items
	// decodes five times faster.
	(*DB).envelopesToCBOR,
}

// moveReports takes each item's report out of its envelope, into the
// reports bucket, byte for byte, and records the verdict's cause.
func (d *DB) moveReports(tx *bolt.Tx) error {
	reports, err := tx.CreateBucketIfNotExists(bucketReports)
	if err != nil {
		return err
	}
	moved := map[string][]byte{}
	err = d.rewriteItems(tx, func(id string, env, item map[string]json.RawMessage) (bool, error) {
		raw, ok := item["report"]
		if !ok || string(raw) == "null" {
			return false, nil
		}
		var rep verify.Report
		if err := json.Unmarshal(raw, &rep); err != nil {
			return false, err
		}
		delete(item, "report")
		if c, ok := rep.Cause(); ok && c.Reason != "" {
			env["cause"], _ = json.Marshal(c.Reason)
		}
		moved[id] = d.seal.seal("reports/"+id, raw)
		return true, nil
	})
	if err != nil {
		return err
	}
	for id, sealed := range moved {
		if err := reports.Put([]byte(id), sealed); err != nil {
			return err
		}
	}
	return nil
}

// dropOldReports removes every item's report and verification state.
func (d *DB) dropOldReports(tx *bolt.Tx) error {
	return d.rewriteItems(tx, func(_ string, _, item map[string]json.RawMessage) (bool, error) {
		delete(item, "report")
		delete(item, "verification")
		return true, nil
	})
}

// rewriteItems opens each item's sealed envelope, lets change edit the
// envelope and its item as JSON objects, and seals again those it says it
// changed, once the bucket has been read through.
func (d *DB) rewriteItems(tx *bolt.Tx, change func(id string, env, item map[string]json.RawMessage) (bool, error)) error {
	return d.resealItems(tx, func(id string, plain []byte) ([]byte, error) {
		var env map[string]json.RawMessage
		if err := json.Unmarshal(plain, &env); err != nil {
			return nil, err
		}
		var item map[string]json.RawMessage
		if err := json.Unmarshal(env["item"], &item); err != nil {
			return nil, err
		}
		changed, err := change(id, env, item)
		if err != nil || !changed {
			return nil, err
		}
		if env["item"], err = json.Marshal(item); err != nil {
			return nil, err
		}
		return json.Marshal(env)
	})
}

// resealItems opens each item's sealed envelope and gives it to change,
// which returns the envelope to seal in its place (nil: unchanged); the
// new ones are written once the bucket has been read through.
func (d *DB) resealItems(tx *bolt.Tx, change func(id string, plain []byte) ([]byte, error)) error {
	items := tx.Bucket(bucketItems)
	type kv struct{ k, v []byte }
	var updates []kv
	err := items.ForEach(func(k, v []byte) error {
		id := string(k)
		plain, err := d.seal.open("items/"+id, v)
		if err != nil {
			return err
		}
		b, err := change(id, plain)
		if err != nil || b == nil {
			return err
		}
		updates = append(updates, kv{[]byte(id), d.seal.seal("items/"+id, b)})
		return nil
	})
	if err != nil {
		return err
	}
	for _, u := range updates {
		if err := items.Put(u.k, u.v); err != nil {
			return err
		}
	}
	return nil
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
func (d *DB) migrate(tx *bolt.Tx) error {
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
		if err := migrations[v](d, tx); err != nil {
			return fmt.Errorf("upgrading the wallet file to schema %d: %w", v+1, err)
		}
	}
	var buf [4]byte
	binary.BigEndian.PutUint32(buf[:], uint32(v))
	return m.Put(keySchema, buf[:])
}
