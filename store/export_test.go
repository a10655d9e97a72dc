package store

import bolt "go.etcd.io/bbolt"

// Bolt exposes the underlying database to this package's tests.
func (d *DB) Bolt() *bolt.DB { return d.db }
