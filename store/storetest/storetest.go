// Package storetest gives tests a wallet store backed by a real bbolt file,
// checked for consistency when the test ends, and a secret store: the real
// OS keyring when LW_TEST_KEYRING=real (as `make test` sets it), otherwise
// go-keyring's in-process mock.
package storetest

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"testing"

	"github.com/zalando/go-keyring"
	bolt "go.etcd.io/bbolt"

	"github.com/learnerwallet/learnerwallet/store"
	"github.com/learnerwallet/learnerwallet/wallet"
)

// RealKeyring reports whether tests must use the real Secret Service.
func RealKeyring() bool { return os.Getenv("LW_TEST_KEYRING") == "real" }

// Secrets returns the secret store tests should use. With the real keyring,
// every entry a test creates is removed when it ends.
func Secrets(t testing.TB) wallet.SecretStore {
	t.Helper()
	if !RealKeyring() {
		keyring.MockInit()
		return store.Keyring{}
	}
	return &cleaning{t: t}
}

// cleaning forwards to the OS keyring and deletes what it set at cleanup.
type cleaning struct {
	t   testing.TB
	set []string
}

func (c *cleaning) Get(a string) ([]byte, error) { return store.Keyring{}.Get(a) }
func (c *cleaning) Delete(a string) error        { return store.Keyring{}.Delete(a) }
func (c *cleaning) Set(a string, s []byte) error {
	if err := (store.Keyring{}).Set(a, s); err != nil {
		return err
	}
	if len(c.set) == 0 {
		c.t.Cleanup(func() {
			for _, a := range c.set {
				_ = store.Keyring{}.Delete(a)
			}
		})
	}
	c.set = append(c.set, a)
	return nil
}

// Open opens a new wallet in a temporary directory. When the test ends the
// wallet is closed (if the test has not) and its file checked with tx.Check.
func Open(t testing.TB, secrets wallet.SecretStore) (*store.DB, string) {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "wallet")
	db, err := store.Open(dir, secrets)
	if err != nil {
		t.Fatalf("open wallet: %v", err)
	}
	t.Cleanup(func() {
		_ = db.Close()
		Check(t, filepath.Join(dir, store.FileName))
	})
	return db, dir
}

// Check verifies the consistency of a closed bbolt file.
func Check(t testing.TB, path string) {
	t.Helper()
	for _, err := range CheckFile(path) {
		t.Errorf("bbolt check of %s: %v", path, err)
	}
}

// CheckFile runs tx.Check over a closed bbolt file and returns what it
// found wrong; opening it is an error too.
func CheckFile(path string) []error {
	db, err := bolt.Open(path, 0o600, &bolt.Options{ReadOnly: true, Timeout: store.LockTimeout})
	if err != nil {
		return []error{fmt.Errorf("reopen for checking: %w", err)}
	}
	defer db.Close()
	var errs []error
	err = db.View(func(tx *bolt.Tx) error {
		for err := range tx.Check() {
			errs = append(errs, err)
		}
		return nil
	})
	if err != nil {
		errs = append(errs, err)
	}
	return errs
}

// WriteCredentials writes n copies of the signed OB 3.0 badge of
// testdata/generated to a new folder, each with its own id (so none is a
// duplicate, and each one's proof fails: verifying it costs what verifying
// a genuine one does), for benchmarks of large wallets.
func WriteCredentials(b testing.TB, n int) string {
	b.Helper()
	_, here, _, _ := runtime.Caller(0)
	data, err := os.ReadFile(filepath.Join(filepath.Dir(here), "..", "..", "testdata", "generated", "badge-teamwork-signed.json"))
	if err != nil {
		b.Fatal(err)
	}
	const id = "urn:uuid:5b1c2a4e-20c0-4f6b-9c1e-0000000000b1"
	if !bytes.Contains(data, []byte(id)) {
		b.Fatalf("the badge's id is no longer %s", id)
	}
	dir := b.TempDir()
	for i := range n {
		doc := bytes.Replace(data, []byte(id), fmt.Appendf(nil, "urn:uuid:5b1c2a4e-20c0-4f6b-9c1e-%012d", i), 1)
		if err := os.WriteFile(filepath.Join(dir, fmt.Sprintf("%05d.json", i)), doc, 0o600); err != nil {
			b.Fatal(err)
		}
	}
	return dir
}
