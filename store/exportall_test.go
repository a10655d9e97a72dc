package store_test

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/learnerwallet/learnerwallet/store/storetest"
	"github.com/learnerwallet/learnerwallet/wallet"
)

// Leaving with everything, through the real store: the files ExportAll
// writes are the bytes the store kept, and they make the same wallet again.
func TestExportAllRoundTrip(t *testing.T) {
	secrets := storetest.Secrets(t)
	db, _ := storetest.Open(t, secrets)
	w := wallet.New(db)
	inputs := []string{
		filepath.Join("..", "testdata", "generated", "badge-teamwork-signed.json"),
		filepath.Join("..", "testdata", "generated", "badge-teamwork-signed.jwt"),
		filepath.Join(examples, "ob3", "validator", "simple-json.png"),
		filepath.Join(examples, "ob3", "validator", "simple-jwt.svg"),
		filepath.Join("..", "testdata", "generated", "clr-20-courses-signed.json"),
	}
	for _, r := range w.ImportPaths(inputs, wallet.ImportOptions{}) {
		if r.Status != wallet.Imported {
			t.Fatalf("import %s: %s %s", r.Path, r.Status, r.Error)
		}
	}
	dir := filepath.Join(t.TempDir(), "export")
	sum, err := w.ExportAll(dir, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(sum.Credentials) != len(inputs) {
		t.Fatalf("%d files written, want %d", len(sum.Credentials), len(inputs))
	}
	// Each input is exported byte for byte, under some name.
	written := map[string]bool{}
	for _, e := range sum.Credentials {
		b, err := os.ReadFile(filepath.Join(dir, e.File))
		if err != nil {
			t.Fatal(err)
		}
		written[string(b)] = true
	}
	for _, in := range inputs {
		b, err := os.ReadFile(in)
		if err != nil {
			t.Fatal(err)
		}
		if !written[string(b)] {
			t.Errorf("%s: no exported file holds its bytes", in)
		}
	}

	db2, _ := storetest.Open(t, secrets)
	w2 := wallet.New(db2)
	results := w2.ImportPaths([]string{dir}, wallet.ImportOptions{})
	if len(results) != len(inputs) {
		t.Fatalf("%d results importing the export, want %d: %+v", len(results), len(inputs), results)
	}
	for _, r := range results {
		if r.Status != wallet.Imported {
			t.Errorf("re-import %s: %s %s", r.Path, r.Status, r.Error)
			continue
		}
		it, err := w2.Item(r.ID)
		if err != nil {
			t.Fatal(err)
		}
		got, _ := w2.Original(r.ID)
		want, _ := os.ReadFile(r.Path)
		if !bytes.Equal(got, want) || it.Source != filepath.Base(r.Path) {
			t.Errorf("%s: stored %d bytes from %q, want the file's %d", r.Path, len(got), it.Source, len(want))
		}
	}
	all1, _ := w.Items()
	all2, _ := w2.Items()
	if len(all1) != len(all2) || len(all2) != len(inputs)+20 {
		t.Errorf("%d items after the round trip, %d before", len(all2), len(all1))
	}
}
