// Package store holds the adapters behind wallet's interfaces: an encrypted
// bbolt database for credentials and the OS keyring for secrets. It never
// imports the user interface.
package store
