package store_test

import (
	"bytes"
	"encoding/binary"
	"errors"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/zalando/go-keyring"
	bolt "go.etcd.io/bbolt"

	"github.com/learnerwallet/learnerwallet/store"
	"github.com/learnerwallet/learnerwallet/store/storetest"
	"github.com/learnerwallet/learnerwallet/wallet"
	"github.com/learnerwallet/learnerwallet/wallet/check"
	"github.com/learnerwallet/learnerwallet/wallet/credential"
	"github.com/learnerwallet/learnerwallet/wallet/verify"
	"github.com/learnerwallet/learnerwallet/wallet/wallettest"
)

func TestOpenCreatesPrivateFiles(t *testing.T) {
	db, dir := storetest.Open(t, storetest.Secrets(t))
	if got, want := db.Path(), filepath.Join(dir, store.FileName); got != want {
		t.Errorf("Path = %s, want %s", got, want)
	}
	for path, want := range map[string]os.FileMode{dir: 0o700, db.Path(): 0o600} {
		fi, err := os.Stat(path)
		if err != nil {
			t.Fatal(err)
		}
		if got := fi.Mode().Perm(); got&^want != 0 {
			t.Errorf("%s has mode %v, want at most %v", path, got, want)
		}
	}
}

func TestWalletInUse(t *testing.T) {
	secrets := storetest.Secrets(t)
	db, dir := storetest.Open(t, secrets)
	start := time.Now()
	_, err := store.Open(dir, secrets)
	if !errors.Is(err, wallet.ErrWalletInUse) {
		t.Fatalf("second Open = %v, want ErrWalletInUse", err)
	}
	// "Within about a second": generous, so a loaded machine does not flake,
	// but it catches a hang.
	if d := time.Since(start); d > 10*time.Second {
		t.Errorf("the refused Open took %v", d)
	}
	if got, want := err.Error(), "this wallet is already open in another Learner Wallet window or lw command"; got != want {
		t.Errorf("error text = %q, want %q", got, want)
	}
	if wallet.Advice(err) == "" {
		t.Error("no advice for ErrWalletInUse")
	}
	// The first one is unharmed and, once closed, lets the next one in.
	if err := db.Add(record("r1", "Still here", true), nil); err != nil {
		t.Fatalf("first DB after the refused Open: %v", err)
	}
	db.Close()
	db2 := reopen(t, dir, secrets)
	if _, err := db2.Item("r1"); err != nil {
		t.Errorf("Item after reopening: %v", err)
	}
}

func TestKeyringUnavailableNewWallet(t *testing.T) {
	if storetest.RealKeyring() {
		t.Skip("needs go-keyring's mock to make the keyring fail")
	}
	keyring.MockInitWithError(errors.New("org.freedesktop.secrets was not provided by any .service files"))
	t.Cleanup(keyring.MockInit)
	root := t.TempDir()
	dir := filepath.Join(root, "sub", "wallet")
	db, err := store.Open(dir, store.Keyring{})
	if err == nil {
		db.Close()
		t.Fatal("Open succeeded without a keyring")
	}
	if !errors.Is(err, wallet.ErrKeyringUnavailable) {
		t.Errorf("Open = %v, want an error wrapping ErrKeyringUnavailable", err)
	}
	if !strings.Contains(err.Error(), "org.freedesktop.secrets") {
		t.Errorf("Open = %v, want the keyring's own reason in it", err)
	}
	if wallet.Advice(err) == "" {
		t.Error("no advice for ErrKeyringUnavailable")
	}
	entries, _ := os.ReadDir(root)
	if len(entries) != 0 {
		t.Errorf("Open without a keyring created %v in %s", entries[0].Name(), root)
	}

	// Nor in a folder that is already there.
	if db, err := store.Open(root, store.Keyring{}); !errors.Is(err, wallet.ErrKeyringUnavailable) {
		if err == nil {
			db.Close()
		}
		t.Errorf("Open in an existing folder = %v, want ErrKeyringUnavailable", err)
	}
	if entries, _ := os.ReadDir(root); len(entries) != 0 {
		t.Errorf("Open without a keyring created %v in %s", entries[0].Name(), root)
	}
}

func TestKeyringUnavailableExistingWallet(t *testing.T) {
	if storetest.RealKeyring() {
		t.Skip("needs go-keyring's mock to make the keyring fail")
	}
	db, dir := storetest.Open(t, storetest.Secrets(t))
	if err := db.Add(record("r1", "Kept", true), nil); err != nil {
		t.Fatal(err)
	}
	path := db.Path()
	db.Close()
	before := readFile(t, path)

	keyring.MockInitWithError(errors.New("the keyring is locked"))
	t.Cleanup(keyring.MockInit)
	db2, err := store.Open(dir, store.Keyring{})
	if err == nil {
		db2.Close()
		t.Fatal("Open succeeded without a keyring")
	}
	if !errors.Is(err, wallet.ErrKeyringUnavailable) {
		t.Errorf("Open = %v, want an error wrapping ErrKeyringUnavailable", err)
	}
	var missing *store.MissingKeyError
	if errors.As(err, &missing) {
		t.Errorf("Open = %v: an unreachable keyring is not a missing key", err)
	}
	if !bytes.Equal(readFile(t, path), before) {
		t.Error("the wallet file changed")
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 1 {
		t.Errorf("the wallet folder holds %d entries, want just %s", len(entries), store.FileName)
	}
}

func TestMissingKey(t *testing.T) {
	secrets := storetest.Secrets(t)
	db, dir := storetest.Open(t, secrets)
	if err := db.Add(record("r1", "Locked away", true), nil); err != nil {
		t.Fatal(err)
	}
	id, path := db.WalletID(), db.Path()
	account := store.DataKeyAccount(id)
	db.Close()
	before := readFile(t, path)

	if err := secrets.Delete(account); err != nil {
		t.Fatal(err)
	}
	if _, err := secrets.Get(account); !errors.Is(err, wallet.ErrSecretNotFound) {
		t.Fatalf("Get after Delete = %v, want ErrSecretNotFound", err)
	}
	_, err := store.Open(dir, secrets)
	var missing *store.MissingKeyError
	if !errors.As(err, &missing) || missing.WalletID != id || missing.Wrong {
		t.Fatalf("Open without the key = %#v, want *MissingKeyError{WalletID: %s}", err, id)
	}
	if !strings.Contains(err.Error(), id) {
		t.Errorf("error %q does not name the wallet", err)
	}

	other := bytes.Repeat([]byte{7}, 32)
	if err := secrets.Set(account, other); err != nil {
		t.Fatal(err)
	}
	_, err = store.Open(dir, secrets)
	if !errors.As(err, &missing) || missing.WalletID != id || !missing.Wrong {
		t.Fatalf("Open with another key = %#v, want *MissingKeyError{WalletID: %s, Wrong: true}", err, id)
	}

	if err := secrets.Set(account, []byte("short")); err != nil {
		t.Fatal(err)
	}
	if db, err := store.Open(dir, secrets); err == nil {
		db.Close()
		t.Fatal("Open with a 5-byte key succeeded")
	}
	if !bytes.Equal(readFile(t, path), before) {
		t.Error("failed Opens changed the wallet file")
	}
}

func TestMigrateFromSchemaZero(t *testing.T) {
	secrets := storetest.Secrets(t)
	db, dir := storetest.Open(t, secrets)
	id, path := db.WalletID(), db.Path()
	db.Close()
	if got := schema(t, path); got != store.SchemaVersion() {
		t.Fatalf("a new wallet has schema %d, want %d", got, store.SchemaVersion())
	}

	// Roll the file back to before the first migration.
	edit(t, path, func(tx *bolt.Tx) error {
		for _, b := range []string{"items", "originals", "images", "hashes"} {
			if err := tx.DeleteBucket([]byte(b)); err != nil {
				return err
			}
		}
		return tx.Bucket([]byte("meta")).Put([]byte("schema"), []byte{0, 0, 0, 0})
	})

	db = reopen(t, dir, secrets)
	if db.WalletID() != id {
		t.Errorf("migrated wallet has id %s, want %s", db.WalletID(), id)
	}
	if err := db.Add(record("r1", "After migration", true), nil); err != nil {
		t.Fatalf("Add after migration: %v", err)
	}
	db.Close()
	if got := schema(t, path); got != store.SchemaVersion() {
		t.Errorf("after migration the schema is %d, want %d", got, store.SchemaVersion())
	}
	edit(t, path, func(tx *bolt.Tx) error {
		for _, b := range []string{"meta", "items", "originals", "images", "hashes"} {
			if tx.Bucket([]byte(b)) == nil {
				t.Errorf("bucket %s missing after migration", b)
			}
		}
		return nil
	})
}

func TestSchemaFromTheFuture(t *testing.T) {
	secrets := storetest.Secrets(t)
	db, dir := storetest.Open(t, secrets)
	if err := db.Add(record("r1", "Future", true), nil); err != nil {
		t.Fatal(err)
	}
	path := db.Path()
	db.Close()
	edit(t, path, func(tx *bolt.Tx) error {
		return tx.Bucket([]byte("meta")).Put([]byte("schema"), binary.BigEndian.AppendUint32(nil, uint32(store.SchemaVersion()+1)))
	})
	before := readFile(t, path)

	db, err := store.Open(dir, secrets)
	if err == nil {
		db.Close()
		t.Fatal("Open of a wallet from a newer version succeeded")
	}
	if !strings.Contains(err.Error(), "newer Learner Wallet") {
		t.Errorf("Open = %v, want it to mention a newer Learner Wallet", err)
	}
	if !bytes.Equal(readFile(t, path), before) {
		t.Error("the refused Open changed the wallet file")
	}
}

func TestInterruptedFirstRun(t *testing.T) {
	// A wallet file without a wallet in it (the first run stopped after
	// bbolt created the file) becomes a wallet on the next Open.
	secrets := storetest.Secrets(t)
	dir := filepath.Join(t.TempDir(), "wallet")
	if err := os.MkdirAll(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, store.FileName)
	edit(t, path, func(*bolt.Tx) error { return nil })
	t.Cleanup(func() { storetest.Check(t, path) })

	db := reopen(t, dir, secrets)
	if db.WalletID() == "" {
		t.Fatal("no wallet id")
	}
	if err := db.Add(record("r1", "First", true), nil); err != nil {
		t.Fatal(err)
	}
	id := db.WalletID()
	db.Close()
	db = reopen(t, dir, secrets)
	if db.WalletID() != id {
		t.Errorf("reopened with id %s, want %s", db.WalletID(), id)
	}
	if _, err := db.Item("r1"); err != nil {
		t.Error(err)
	}
}

func readFile(t testing.TB, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// edit changes a closed wallet file with raw bbolt.
func edit(t testing.TB, path string, f func(*bolt.Tx) error) {
	t.Helper()
	db, err := bolt.Open(path, 0o600, &bolt.Options{Timeout: store.LockTimeout})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if err := db.Update(f); err != nil {
		t.Fatal(err)
	}
}

func schema(t testing.TB, path string) int {
	t.Helper()
	var v int
	edit(t, path, func(tx *bolt.Tx) error {
		b := tx.Bucket([]byte("meta")).Get([]byte("schema"))
		if len(b) != 4 {
			t.Fatalf("meta/schema = %x", b)
		}
		v = int(binary.BigEndian.Uint32(b))
		return nil
	})
	return v
}

// TestWalletInUseByAnotherProcess holds the wallet file open in a child
// process (this test binary, re-run as a helper) and opens it here.
func TestWalletInUseByAnotherProcess(t *testing.T) {
	if path := os.Getenv("LW_HOLD_WALLET"); path != "" {
		db, err := bolt.Open(path, 0o600, nil)
		if err != nil {
			os.Exit(3)
		}
		os.Stdout.WriteString("holding\n")
		buf := make([]byte, 1)
		os.Stdin.Read(buf) // until the parent closes our stdin
		db.Close()
		os.Exit(0)
	}
	secrets := storetest.Secrets(t)
	db, dir := storetest.Open(t, secrets)
	db.Close()
	cmd := exec.Command(os.Args[0], "-test.run=^TestWalletInUseByAnotherProcess$")
	cmd.Env = append(os.Environ(), "LW_HOLD_WALLET="+filepath.Join(dir, store.FileName))
	stdin, err := cmd.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() { stdin.Close(); cmd.Wait() }()
	line := make([]byte, len("holding\n"))
	if _, err := io.ReadFull(out, line); err != nil || string(line) != "holding\n" {
		t.Fatalf("helper process did not take the wallet: %q %v", line, err)
	}
	start := time.Now()
	_, err = store.Open(dir, secrets)
	if !errors.Is(err, wallet.ErrWalletInUse) {
		t.Fatalf("Open while another process holds the wallet = %v, want ErrWalletInUse", err)
	}
	if d := time.Since(start); d > 10*time.Second {
		t.Errorf("the refused Open took %v", d)
	}
	stdin.Close()
	cmd.Wait()
	db2, err := store.Open(dir, secrets)
	if err != nil {
		t.Fatalf("Open after the other process let go: %v", err)
	}
	db2.Close()
}

func TestForeignBoltFileIsNotAdopted(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, store.FileName)
	other, err := bolt.Open(path, 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := other.Update(func(tx *bolt.Tx) error {
		b, err := tx.CreateBucket([]byte("someone-elses"))
		if err != nil {
			return err
		}
		return b.Put([]byte("k"), []byte("precious"))
	}); err != nil {
		t.Fatal(err)
	}
	other.Close()
	before, _ := os.ReadFile(path)
	_, err = store.Open(dir, storetest.Secrets(t))
	if err == nil || !strings.Contains(err.Error(), "not a Learner Wallet file") {
		t.Fatalf("Open of a foreign bbolt file = %v", err)
	}
	if after, _ := os.ReadFile(path); !bytes.Equal(before, after) {
		t.Error("the foreign file was changed")
	}
}

// TestEmptyWalletFile: a wallet file of 0 bytes (a crash, a failed copy) is
// an error that says what to do; it is not made into a new wallet, and
// nothing is written, in the folder or the keyring.
func TestEmptyWalletFile(t *testing.T) {
	secrets := wallettest.NewSecrets()
	dir := t.TempDir()
	path := filepath.Join(dir, store.FileName)
	if err := os.WriteFile(path, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	for _, open := range []func() error{
		func() error { _, err := store.Open(dir, secrets); return err },
		func() error {
			_, err := store.OpenWalletWith(dir, secrets, store.NetOptions{Offline: true})
			return err
		},
	} {
		err := open()
		var empty *store.EmptyFileError
		if !errors.As(err, &empty) || empty.Path != path {
			t.Fatalf("Open of an empty wallet file = %v, want an *EmptyFileError", err)
		}
		for _, want := range []string{path, "is empty (0 bytes)", "restore it from a backup", "move it away to start a new wallet"} {
			if !strings.Contains(err.Error(), want) {
				t.Errorf("the error %q does not say %q", err, want)
			}
		}
	}
	if fi, err := os.Stat(path); err != nil || fi.Size() != 0 {
		t.Errorf("the empty file was changed: %v, %v", fi.Size(), err)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 1 {
		t.Errorf("the folder holds %d entries, want only the empty file", len(entries))
	}
	if a := secrets.Accounts(); len(a) != 0 {
		t.Errorf("keyring entries were created: %v", a)
	}
}

// TestMigrateOldReports: reports written in English by schema 3 builds are
// dropped on opening (the item is then "not yet verified"), and nothing else
// of the item changes.
func TestMigrateOldReports(t *testing.T) {
	secrets := storetest.Secrets(t)
	db, dir := storetest.Open(t, secrets)
	if err := db.Add(record("r1", "Old report", true), nil); err != nil {
		t.Fatal(err)
	}
	old := `{"item":{"id":"r1","kind":"ob3","format":"json","source":"Old report.json","addedAt":"2024-05-06T07:08:09Z",` +
		`"verification":"valid, with notes","report":{"valid":true,"verdict":"Valid, with notes on issuer key.",` +
		`"checkedAt":"2026-11-27T12:00:00Z","checks":[{"name":"Signature","status":"pass","message":"The issuer's signature is genuine.","detail":""}],"children":null},` +
		`"summary":{"name":"Old report","issuerName":"Issuer of Old report"}}}`
	if err := db.SealItem("r1", []byte(old)); err != nil {
		t.Fatal(err)
	}
	path := db.Path()
	db.Close()
	edit(t, path, func(tx *bolt.Tx) error {
		return tx.Bucket([]byte("meta")).Put([]byte("schema"), binary.BigEndian.AppendUint32(nil, 3))
	})

	db = reopen(t, dir, secrets)
	it, err := db.Item("r1")
	if err != nil {
		t.Fatal(err)
	}
	if it.Report != nil || it.Verification != "" || it.Summary.Name != "Old report" || it.Source != "Old report.json" {
		t.Errorf("after migration: %+v", it)
	}
	db.Close()
	if got := schema(t, path); got != store.SchemaVersion() {
		t.Errorf("schema %d, want %d", got, store.SchemaVersion())
	}
}

// TestMigrateEnvelopesToCBOR: envelopes written in JSON by schema 5 builds
// read back the same after the file is upgraded to CBOR envelopes, every
// field of the item kept (time zones, the trash, the learner's tags and
// note, a record's children, the verdict's cause).
func TestMigrateEnvelopesToCBOR(t *testing.T) {
	secrets := storetest.Secrets(t)
	db, dir := storetest.Open(t, secrets)
	parent, children := clr("c1")
	p := &parent.Item
	p.Tags, p.Note, p.Pinned, p.Archived = []string{"work", "ünïcode"}, "mine\nsecond line", true, true
	p.Trashed = time.Date(2026, 11, 30, 10, 0, 0, 5, time.FixedZone("CET", 3600))
	p.HasImage = true
	p.Summary.Issued = time.Date(2025, 6, 1, 0, 0, 0, 0, time.FixedZone("", -5*3600))
	p.Summary.Results = []string{"Final grade: A"}
	p.Summary.Associations = []credential.Association{{Type: "isParentOf", Source: "a", Target: "b"}}
	p.Summary.Evidence = []credential.Evidence{{Name: "Essay", URL: "https://example.edu/e"}}
	p.Verification = verify.NotValid
	p.Report = &verify.Report{Verdict: verify.NotValid, Checks: []check.Check{{ID: check.Revocation, Status: check.Fail, Reason: verify.RevocationRevoked}}}
	if err := db.Add(parent, children); err != nil {
		t.Fatal(err)
	}
	before, err := db.ListWithReports()
	if err != nil {
		t.Fatal(err)
	}
	for _, it := range before {
		if err := db.RewriteItemAsJSON(it.ID); err != nil {
			t.Fatal(err)
		}
	}
	path := db.Path()
	db.Close()
	edit(t, path, func(tx *bolt.Tx) error {
		return tx.Bucket([]byte("meta")).Put([]byte("schema"), binary.BigEndian.AppendUint32(nil, 5))
	})

	db = reopen(t, dir, secrets)
	after, err := db.ListWithReports()
	if err != nil {
		t.Fatal(err)
	}
	if len(after) != 3 {
		t.Fatalf("%d items after migration, want 3", len(after))
	}
	for i := range after {
		a, b := after[i], before[i]
		if !a.Trashed.Equal(b.Trashed) || !a.Summary.Issued.Equal(b.Summary.Issued) || !a.AddedAt.Equal(b.AddedAt) {
			t.Errorf("%s: times changed: %v %v %v, want %v %v %v", a.ID, a.Trashed, a.Summary.Issued, a.AddedAt, b.Trashed, b.Summary.Issued, b.AddedAt)
		}
		a.Trashed, b.Trashed, a.Summary.Issued, b.Summary.Issued, a.AddedAt, b.AddedAt = time.Time{}, time.Time{}, time.Time{}, time.Time{}, time.Time{}, time.Time{}
		if !reflect.DeepEqual(a, b) {
			t.Errorf("after migration:\n%+v\nwant\n%+v", a, b)
		}
	}
	if it := after[0]; it.ID == "c1" && (it.VerificationCause != verify.RevocationRevoked || len(it.Children) != 2) {
		t.Errorf("the record lost its cause or children: %+v", it)
	}
	db.Close()
	if got := schema(t, path); got != store.SchemaVersion() {
		t.Errorf("schema %d, want %d", got, store.SchemaVersion())
	}
	storetest.Check(t, path)
}
