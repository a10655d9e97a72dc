package store_test

import (
	"bytes"
	"crypto/sha256"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/learnerwallet/learnerwallet/store"
	"github.com/learnerwallet/learnerwallet/store/storetest"
	"github.com/learnerwallet/learnerwallet/wallet"
	"github.com/learnerwallet/learnerwallet/wallet/credential"
	"github.com/learnerwallet/learnerwallet/wallet/wallettest"
)

// examples is the folder of real credentials shared by the repository's tests.
var examples = filepath.Join("..", "testdata", "examples")

func example(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(examples, filepath.FromSlash(name)))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// record returns a hand-made record with recognisable bytes.
func record(id, name string, dedup bool) wallet.Record {
	orig := []byte(`{"name":"` + name + `","id":"` + id + `"}`)
	return wallet.Record{
		Item: wallet.Item{
			ID: id, Kind: credential.KindOB3, Format: credential.FormatJSON, Source: name + ".json",
			AddedAt: time.Date(2024, 5, 6, 7, 8, 9, 0, time.UTC),
			Summary: credential.Summary{Name: name, IssuerName: "Issuer of " + name},
		},
		Original: orig,
		Hash:     sha256.Sum256(orig),
		Dedup:    dedup,
	}
}

// clr returns a record holding two nested ones, with an image on the first.
func clr(id string) (wallet.Record, []wallet.Record) {
	parent := record(id, "Record "+id, true)
	parent.Item.Kind = credential.KindCLR
	parent.Image = []byte("\x89PNG parent picture")
	a, b := record(id+"-a", "Course A", false), record(id+"-b", "Course B", false)
	a.Image = []byte("<svg>child picture</svg>")
	for _, c := range []*wallet.Record{&a, &b} {
		c.Item.Parent = id
		parent.Item.Children = append(parent.Item.Children, c.Item.ID)
	}
	return parent, []wallet.Record{a, b}
}

func ids(t testing.TB, db *store.DB) []string {
	t.Helper()
	items, err := db.List()
	if err != nil {
		t.Fatalf("List: %v", err)
	}
	var out []string
	for _, it := range items {
		out = append(out, it.ID)
	}
	slices.Sort(out)
	return out
}

func TestRoundTrip(t *testing.T) {
	secrets := storetest.Secrets(t)
	db, dir := storetest.Open(t, secrets)
	parent, children := clr("p1")
	if err := db.Add(parent, children); err != nil {
		t.Fatalf("Add: %v", err)
	}
	single := record("s1", "Single", true)
	if err := db.Add(single, nil); err != nil {
		t.Fatalf("Add: %v", err)
	}
	if got, want := ids(t, db), []string{"p1", "p1-a", "p1-b", "s1"}; !slices.Equal(got, want) {
		t.Fatalf("List ids = %v, want %v", got, want)
	}
	for _, r := range append([]wallet.Record{parent, single}, children...) {
		it, err := db.Item(r.Item.ID)
		if err != nil {
			t.Fatalf("Item(%s): %v", r.Item.ID, err)
		}
		want := r.Item
		want.HasImage = len(r.Image) > 0
		if it.ID != want.ID || it.Kind != want.Kind || it.Parent != want.Parent || it.Summary.Name != want.Summary.Name ||
			it.Summary.IssuerName != want.Summary.IssuerName || !it.AddedAt.Equal(want.AddedAt) ||
			it.HasImage != want.HasImage || !slices.Equal(it.Children, want.Children) {
			t.Errorf("Item(%s) = %+v, want %+v", r.Item.ID, it, want)
		}
		orig, err := db.Original(r.Item.ID)
		if err != nil || !bytes.Equal(orig, r.Original) {
			t.Errorf("Original(%s) = %q, %v; want %q", r.Item.ID, orig, err, r.Original)
		}
		img, err := db.Image(r.Item.ID)
		if err != nil || !bytes.Equal(img, r.Image) || (img == nil) != (r.Image == nil) {
			t.Errorf("Image(%s) = %q, %v; want %q", r.Item.ID, img, err, r.Image)
		}
	}
	for _, f := range []func(string) ([]byte, error){db.Original, db.Image} {
		if _, err := f("nope"); !errors.Is(err, wallet.ErrNotFound) {
			t.Errorf("reading a missing id: %v, want ErrNotFound", err)
		}
	}
	if _, err := db.Item("nope"); !errors.Is(err, wallet.ErrNotFound) {
		t.Errorf("Item(missing): %v, want ErrNotFound", err)
	}

	// Everything survives closing and reopening.
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	db2 := reopen(t, dir, secrets)
	if got, want := ids(t, db2), []string{"p1", "p1-a", "p1-b", "s1"}; !slices.Equal(got, want) {
		t.Fatalf("after reopening, List ids = %v, want %v", got, want)
	}
	if orig, err := db2.Original("p1-b"); err != nil || !bytes.Equal(orig, children[1].Original) {
		t.Errorf("after reopening, Original = %q, %v", orig, err)
	}
}

func TestDeleteRemovesChildrenAndIndex(t *testing.T) {
	db, _ := storetest.Open(t, storetest.Secrets(t))
	parent, children := clr("p1")
	if err := db.Add(parent, children); err != nil {
		t.Fatal(err)
	}
	if err := db.Add(record("s1", "Single", true), nil); err != nil {
		t.Fatal(err)
	}
	if err := db.Delete("p1"); err != nil {
		t.Fatalf("Delete: %v", err)
	}
	if got, want := ids(t, db), []string{"s1"}; !slices.Equal(got, want) {
		t.Fatalf("after Delete, List ids = %v, want %v", got, want)
	}
	for _, id := range []string{"p1", "p1-a", "p1-b"} {
		if _, err := db.Item(id); !errors.Is(err, wallet.ErrNotFound) {
			t.Errorf("Item(%s) after Delete: %v, want ErrNotFound", id, err)
		}
		if _, err := db.Original(id); !errors.Is(err, wallet.ErrNotFound) {
			t.Errorf("Original(%s) after Delete: %v, want ErrNotFound", id, err)
		}
	}
	// Nothing of the deleted record is left in any bucket.
	err := db.Bolt().View(func(tx *bolt.Tx) error {
		for _, b := range []string{"items", "originals", "images"} {
			for _, id := range []string{"p1", "p1-a", "p1-b"} {
				if tx.Bucket([]byte(b)).Get([]byte(id)) != nil {
					t.Errorf("%s/%s is still stored", b, id)
				}
			}
		}
		if n := tx.Bucket([]byte("hashes")).Stats().KeyN; n != 1 {
			t.Errorf("hashes bucket holds %d keys, want 1 (for s1)", n)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if err := db.Delete("p1"); !errors.Is(err, wallet.ErrNotFound) {
		t.Errorf("deleting twice: %v, want ErrNotFound", err)
	}
	// The same credential can come back: its hash was forgotten.
	parent.Item.ID = "p2"
	if err := db.Add(parent, nil); err != nil {
		t.Fatalf("re-adding a deleted credential: %v", err)
	}
}

func TestDedup(t *testing.T) {
	db, _ := storetest.Open(t, storetest.Secrets(t))
	parent, children := clr("p1")
	if err := db.Add(parent, children); err != nil {
		t.Fatal(err)
	}
	before := ids(t, db)

	again, againChildren := clr("p2")
	again.Hash = parent.Hash
	err := db.Add(again, againChildren)
	var dup *wallet.DuplicateError
	if !errors.As(err, &dup) || dup.ID != "p1" {
		t.Fatalf("second Add = %v, want *DuplicateError{ID: p1}", err)
	}
	if got := ids(t, db); !slices.Equal(got, before) {
		t.Errorf("a refused duplicate wrote something: ids %v, want %v", got, before)
	}

	// Nested items take no part in dedup, and records without Dedup neither.
	c := record("c2", "Course A", false)
	c.Hash = children[0].Hash
	if err := db.Add(c, nil); err != nil {
		t.Errorf("Add of a record without Dedup sharing a child's hash: %v", err)
	}
	// An id that is taken makes the whole Add fail, writing nothing.
	before = ids(t, db)
	clash := record("x1", "Clash", true)
	if err := db.Add(clash, []wallet.Record{record("p1-a", "Clash child", false)}); err == nil {
		t.Error("Add with a taken child id succeeded")
	}
	if got := ids(t, db); !slices.Equal(got, before) {
		t.Errorf("a failed Add wrote something: ids %v, want %v", got, before)
	}
	if err := db.Add(clash, nil); err != nil {
		t.Errorf("Add after a failed Add of the same hash: %v (the failed one left its index entry)", err)
	}
}

func TestBakedPNGIsKeptByteForByte(t *testing.T) {
	db, _ := storetest.Open(t, storetest.Secrets(t))
	w := wallet.New(db)
	for _, name := range []string{"ob3/validator/simple-json.png", "ob3/validator/simple.jwt", "ob3/validator/simple.json"} {
		r := w.ImportFile(filepath.Join(examples, filepath.FromSlash(name)))
		if r.Status != wallet.Imported {
			t.Fatalf("import %s: %s %s", name, r.Status, r.Error)
		}
		want := example(t, name)
		got, err := db.Original(r.ID)
		if err != nil || !bytes.Equal(got, want) {
			t.Errorf("%s: Original differs from the file (%d bytes, %v; want %d bytes)", name, len(got), err, len(want))
		}
		img, err := db.Image(r.ID)
		if err != nil {
			t.Errorf("%s: Image: %v", name, err)
		}
		if name == "ob3/validator/simple-json.png" && !bytes.Equal(img, want) {
			t.Errorf("%s: Image is not the badge picture", name)
		}
	}
}

func TestTamperedValuesDoNotOpen(t *testing.T) {
	db, _ := storetest.Open(t, storetest.Secrets(t))
	a, b := record("aaaa", "Alpha", true), record("bbbb", "Beta", true)
	a.Image, b.Image = []byte("alpha picture"), []byte("beta picture")
	for _, r := range []wallet.Record{a, b} {
		if err := db.Add(r, nil); err != nil {
			t.Fatal(err)
		}
	}
	err := db.Bolt().Update(func(tx *bolt.Tx) error {
		for _, name := range []string{"items", "originals", "images"} {
			bk := tx.Bucket([]byte(name))
			va := bytes.Clone(bk.Get([]byte("aaaa")))
			vb := bytes.Clone(bk.Get([]byte("bbbb")))
			if err := bk.Put([]byte("aaaa"), vb); err != nil {
				return err
			}
			if err := bk.Put([]byte("bbbb"), va); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, id := range []string{"aaaa", "bbbb"} {
		if it, err := db.Item(id); err == nil {
			t.Errorf("Item(%s) after swapping sealed values = %q, want an error", id, it.Summary.Name)
		}
		if orig, err := db.Original(id); err == nil {
			t.Errorf("Original(%s) after swapping sealed values = %q, want an error", id, orig)
		}
		if img, err := db.Image(id); err == nil {
			t.Errorf("Image(%s) after swapping sealed values = %q, want an error", id, img)
		}
	}
	if items, err := db.List(); err == nil {
		t.Errorf("List after swapping sealed values = %d items, want an error", len(items))
	}

	// A value moved between buckets under the same id does not open either.
	err = db.Bolt().Update(func(tx *bolt.Tx) error {
		return tx.Bucket([]byte("images")).Put([]byte("aaaa"), tx.Bucket([]byte("originals")).Get([]byte("aaaa")))
	})
	if err != nil {
		t.Fatal(err)
	}
	if img, err := db.Image("aaaa"); err == nil {
		t.Errorf("Image after copying the original's ciphertext = %q, want an error", img)
	}
}

func TestTwoWallets(t *testing.T) {
	secrets := storetest.Secrets(t)
	db1, dir1 := storetest.Open(t, secrets)
	db2, dir2 := storetest.Open(t, secrets)
	if db1.WalletID() == db2.WalletID() || store.DataKeyAccount(db1.WalletID()) == store.DataKeyAccount(db2.WalletID()) {
		t.Fatalf("two wallets share the id %s", db1.WalletID())
	}
	if len(db1.WalletID()) != 32 {
		t.Errorf("WalletID %q is not 16 random bytes in hex", db1.WalletID())
	}
	k1, err1 := secrets.Get(store.DataKeyAccount(db1.WalletID()))
	k2, err2 := secrets.Get(store.DataKeyAccount(db2.WalletID()))
	if err1 != nil || err2 != nil || len(k1) != 32 || bytes.Equal(k1, k2) {
		t.Fatalf("data keys: %x (%v), %x (%v); want two different 32-byte keys", k1, err1, k2, err2)
	}
	if err := db1.Add(record("one", "One", true), nil); err != nil {
		t.Fatal(err)
	}
	// The same credential goes into the other wallet: dedup is per wallet.
	if err := db2.Add(record("one", "One", true), nil); err != nil {
		t.Fatal(err)
	}
	if err := db2.Add(record("two", "Two", true), nil); err != nil {
		t.Fatal(err)
	}
	if err := db1.Delete("one"); err != nil {
		t.Fatal(err)
	}
	if got := ids(t, db1); len(got) != 0 {
		t.Errorf("wallet 1 holds %v, want nothing", got)
	}
	if got, want := ids(t, db2), []string{"one", "two"}; !slices.Equal(got, want) {
		t.Errorf("wallet 2 holds %v, want %v", got, want)
	}
	id1, id2 := db1.WalletID(), db2.WalletID()
	db1.Close()
	db2.Close()

	// Each reopens with its own key; removing one key leaves the other wallet alone.
	if err := secrets.Delete(store.DataKeyAccount(id1)); err != nil {
		t.Fatal(err)
	}
	var missing *store.MissingKeyError
	if _, err := store.Open(dir1, secrets); !errors.As(err, &missing) || missing.WalletID != id1 {
		t.Errorf("reopening wallet 1 without its key: %v", err)
	}
	db2 = reopen(t, dir2, secrets)
	if db2.WalletID() != id2 {
		t.Errorf("wallet 2 reopened with id %s, want %s", db2.WalletID(), id2)
	}
	if got, want := ids(t, db2), []string{"one", "two"}; !slices.Equal(got, want) {
		t.Errorf("wallet 2 holds %v, want %v", got, want)
	}
}

// reopen opens an existing wallet and closes it when the test ends.
func reopen(t testing.TB, dir string, secrets wallet.SecretStore) *store.DB {
	t.Helper()
	db, err := store.Open(dir, secrets)
	if err != nil {
		t.Fatalf("reopen %s: %v", dir, err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

func TestStoreSuite(t *testing.T) {
	wallettest.StoreSuite(t, func(t *testing.T) wallet.Store {
		db, _ := storetest.Open(t, storetest.Secrets(t))
		return db
	})
}
