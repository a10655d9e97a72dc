package store_test

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"sync"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/learnerwallet/learnerwallet/store"
	"github.com/learnerwallet/learnerwallet/store/storetest"
	"github.com/learnerwallet/learnerwallet/wallet"
	"github.com/learnerwallet/learnerwallet/wallet/wallettest"
)

// fill adds n records with 6 KiB originals (bbolt overflow pages, as real
// credentials with pictures take) and returns them by id.
func fill(t testing.TB, db *store.DB, n int) map[string]wallet.Record {
	t.Helper()
	recs := map[string]wallet.Record{}
	for i := range n {
		r := record(fmt.Sprintf("r%03d", i), fmt.Sprintf("Credential %d", i), true)
		r.Original = append(r.Original, bytes.Repeat([]byte(fmt.Sprintf("padding %03d ", i)), 512)...)
		r.Image = bytes.Repeat([]byte{byte(i)}, 512)
		if err := db.Add(r, nil); err != nil {
			t.Fatal(err)
		}
		recs[r.Item.ID] = r
	}
	return recs
}

// sealed copies out the stored (sealed) bytes of ids, from every bucket.
func sealed(t testing.TB, db *store.DB, ids []string) [][]byte {
	t.Helper()
	var out [][]byte
	err := db.Bolt().View(func(tx *bolt.Tx) error {
		for _, b := range []string{"items", "originals", "images"} {
			for _, id := range ids {
				if v := tx.Bucket([]byte(b)).Get([]byte(id)); v != nil {
					out = append(out, bytes.Clone(v))
				}
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func lingering(file []byte, blobs [][]byte) int {
	n := 0
	for _, b := range blobs {
		if bytes.Contains(file, b) {
			n++
		}
	}
	return n
}

// checkKept reads back every record in keep and finds it unchanged.
func checkKept(t testing.TB, db *store.DB, keep map[string]wallet.Record) {
	t.Helper()
	if got, want := ids(t, db), slices.Sorted(mapsKeys(keep)); !slices.Equal(got, want) {
		t.Fatalf("ids after compaction = %v, want %v", got, want)
	}
	for id, r := range keep {
		it, err := db.Item(id)
		if err != nil || it.Summary.Name != r.Item.Summary.Name || !it.AddedAt.Equal(r.Item.AddedAt) {
			t.Errorf("Item(%s) = %+v, %v", id, it, err)
		}
		if b, err := db.Original(id); err != nil || !bytes.Equal(b, r.Original) {
			t.Errorf("Original(%s) changed: %v", id, err)
		}
		if b, err := db.Image(id); err != nil || !bytes.Equal(b, r.Image) {
			t.Errorf("Image(%s) changed: %v", id, err)
		}
	}
}

func mapsKeys(m map[string]wallet.Record) func(func(string) bool) {
	return func(yield func(string) bool) {
		for k := range m {
			if !yield(k) {
				return
			}
		}
	}
}

func checkOpen(t testing.TB, db *store.DB) {
	t.Helper()
	err := db.Bolt().View(func(tx *bolt.Tx) error {
		for err := range tx.Check() {
			t.Errorf("bbolt check: %v", err)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// deleteMost deletes all but every tenth record and returns the kept ones
// and the sealed bytes of the deleted ones.
func deleteMost(t testing.TB, db *store.DB, recs map[string]wallet.Record) (map[string]wallet.Record, [][]byte) {
	t.Helper()
	keep := map[string]wallet.Record{}
	var gone []string
	for id, r := range recs {
		if id[len(id)-1] == '0' {
			keep[id] = r
		} else {
			gone = append(gone, id)
		}
	}
	blobs := sealed(t, db, gone)
	for _, id := range gone {
		if err := db.Delete(id); err != nil {
			t.Fatal(err)
		}
	}
	return keep, blobs
}

func TestCompactRemovesDeletedItems(t *testing.T) {
	db, _ := storetest.Open(t, storetest.Secrets(t))
	keep, blobs := deleteMost(t, db, fill(t, db, 80))
	before := readFile(t, db.Path())
	// Without compaction, deleted ciphertext is still in the file: the
	// reason for this feature, and what makes the test below mean something.
	if lingering(before, blobs) == 0 {
		t.Fatal("no deleted sealed value is left in the file before compaction")
	}

	b, a, err := db.Compact()
	if err != nil {
		t.Fatal(err)
	}
	after := readFile(t, db.Path())
	if b != int64(len(before)) || a != int64(len(after)) || a >= b {
		t.Errorf("Compact = %d → %d; the file went from %d to %d bytes", b, a, len(before), len(after))
	}
	if n := lingering(after, blobs); n != 0 {
		t.Errorf("%d of %d deleted sealed values are still in the compacted file", n, len(blobs))
	}
	checkOpen(t, db)
	checkKept(t, db, keep)
	if fi, err := os.Stat(db.Path()); err != nil || fi.Mode().Perm() != 0o600 {
		t.Errorf("the compacted file has mode %v (%v), want 0600", fi.Mode(), err)
	}
	if _, err := os.Stat(db.Path() + store.CompactSuffix); !os.IsNotExist(err) {
		t.Errorf("the temporary file is still there: %v", err)
	}

	// The reopened file takes writes.
	if err := db.Add(record("new", "After compaction", true), nil); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Item("new"); err != nil {
		t.Error(err)
	}
}

func TestCloseCompactsAfterDelete(t *testing.T) {
	secrets := storetest.Secrets(t)
	db, dir := storetest.Open(t, secrets)
	keep, blobs := deleteMost(t, db, fill(t, db, 30))
	path := db.Path()
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	if n := lingering(readFile(t, path), blobs); n != 0 {
		t.Errorf("%d deleted sealed values are in the file after Close", n)
	}
	storetest.Check(t, path)
	checkKept(t, reopen(t, dir, secrets), keep)
}

func TestCloseLeavesTheFileWithoutDelete(t *testing.T) {
	secrets := storetest.Secrets(t)
	db, dir := storetest.Open(t, secrets)
	fill(t, db, 10)
	db.Close()
	db = reopen(t, dir, secrets)
	if _, err := db.Item("r001"); err != nil {
		t.Fatal(err)
	}
	fi, err := os.Stat(db.Path())
	if err != nil {
		t.Fatal(err)
	}
	db.Close()
	fi2, err := os.Stat(db.Path())
	if err != nil {
		t.Fatal(err)
	}
	if !os.SameFile(fi, fi2) {
		t.Error("Close rewrote a wallet with nothing deleted and little free space")
	}
}

// TestCompactCrashBeforeRename: a crash after the copy is written leaves
// the original file, whole; the next Open removes the copy.
func TestCompactCrashBeforeRename(t *testing.T) {
	secrets := storetest.Secrets(t)
	db, dir := storetest.Open(t, secrets)
	recs := fill(t, db, 20)
	if err := db.Delete("r001"); err != nil {
		t.Fatal(err)
	}
	delete(recs, "r001")
	path := db.Path()
	before := readFile(t, path)

	store.CrashAt(t, "compact: copy written")
	crashed := func() (c any) {
		defer func() { c = recover() }()
		db.Compact()
		return nil
	}()
	if _, ok := crashed.(store.Crash); !ok {
		t.Fatalf("Compact did not reach the crash point: %v", crashed)
	}
	if !bytes.Equal(readFile(t, path), before) {
		t.Error("the wallet file changed before the rename")
	}
	if _, err := os.Stat(path + store.CompactSuffix); err != nil {
		t.Fatalf("the crash left no copy behind (%v): the test does not test", err)
	}
	storetest.Check(t, path)

	db2 := reopen(t, dir, secrets)
	if _, err := os.Stat(path + store.CompactSuffix); !os.IsNotExist(err) {
		t.Errorf("Open left the crashed compaction's copy: %v", err)
	}
	checkKept(t, db2, recs)
}

func TestOpenRemovesLeftoverCopy(t *testing.T) {
	secrets := storetest.Secrets(t)
	db, dir := storetest.Open(t, secrets)
	db.Close()
	leftover := filepath.Join(dir, store.FileName+store.CompactSuffix)
	if err := os.WriteFile(leftover, []byte("half a database"), 0o600); err != nil {
		t.Fatal(err)
	}
	reopen(t, dir, secrets)
	if _, err := os.Stat(leftover); !os.IsNotExist(err) {
		t.Errorf("Open left %s: %v", leftover, err)
	}
}

// TestCompactWhileInUse: calls from other goroutines wait for a
// compaction and then see the new file (run with -race).
func TestCompactWhileInUse(t *testing.T) {
	db, _ := storetest.Open(t, storetest.Secrets(t))
	recs := fill(t, db, 20)
	var wg sync.WaitGroup
	for g := range 4 {
		wg.Go(func() {
			for i := range 20 {
				if g == 0 {
					if err := db.SetSetting("s", []byte{byte(i)}); err != nil {
						t.Error(err)
					}
					continue
				}
				if items, err := db.List(); err != nil || len(items) != len(recs) {
					t.Errorf("List during compaction: %d items, %v", len(items), err)
				}
			}
		})
	}
	for range 3 {
		if _, _, err := db.Compact(); err != nil {
			t.Error(err)
		}
	}
	wg.Wait()
	if v, err := db.Setting("s"); err != nil || !bytes.Equal(v, []byte{19}) {
		t.Errorf("setting after compactions = %v, %v", v, err)
	}
	checkKept(t, db, recs)
}

func TestCompactAfterClose(t *testing.T) {
	db, _ := storetest.Open(t, wallettest.NewSecrets())
	db.Close()
	if _, _, err := db.Compact(); err == nil {
		t.Error("Compact of a closed wallet succeeded")
	}
}

// TestOpenWaitingDuringCompaction: an Open that waits for the lock while
// Close compacts ends up with the new file, not the unlinked old one (where
// its writes would be lost).
func TestOpenWaitingDuringCompaction(t *testing.T) {
	secrets := storetest.Secrets(t)
	db, dir := storetest.Open(t, secrets)
	fill(t, db, 20)
	if err := db.Delete("r001"); err != nil {
		t.Fatal(err)
	}
	opened := make(chan *store.DB)
	go func() {
		db2, err := store.Open(dir, secrets)
		if err != nil {
			t.Error(err)
		}
		opened <- db2
	}()
	time.Sleep(300 * time.Millisecond) // let it wait for the lock
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	db2 := <-opened
	if db2 == nil {
		return
	}
	if err := db2.Add(record("late", "Written after the compaction", true), nil); err != nil {
		t.Fatal(err)
	}
	db2.Close()
	if _, err := reopen(t, dir, secrets).Item("late"); err != nil {
		t.Errorf("the write of the Open that waited is lost: %v", err)
	}
}

// TestCompactCrashAfterRename: a crash right after the rename leaves the
// compacted wallet, which opens with everything kept.
func TestCompactCrashAfterRename(t *testing.T) {
	secrets := storetest.Secrets(t)
	db, dir := storetest.Open(t, secrets)
	keep, blobs := deleteMost(t, db, fill(t, db, 20))
	store.CrashAt(t, "compact: replaced")
	crashed := func() (c any) {
		defer func() { c = recover() }()
		db.Compact()
		return nil
	}()
	if _, ok := crashed.(store.Crash); !ok {
		t.Fatalf("Compact did not reach the crash point: %v", crashed)
	}
	path := filepath.Join(dir, store.FileName)
	storetest.Check(t, path)
	if n := lingering(readFile(t, path), blobs); n != 0 {
		t.Errorf("%d deleted sealed values are in the file", n)
	}
	checkKept(t, reopen(t, dir, secrets), keep)
}
