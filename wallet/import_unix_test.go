//go:build unix

package wallet_test

import (
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/learnerwallet/learnerwallet/wallet"
	"github.com/learnerwallet/learnerwallet/wallet/credential"
)

func TestImportNamedPipeDoesNotBlock(t *testing.T) {
	w, _ := newWallet(t)
	fifo := filepath.Join(t.TempDir(), "pipe.json")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Skipf("no named pipes here: %v", err)
	}
	r := w.ImportFile(fifo)
	if r.Status != wallet.Rejected || !strings.Contains(r.Error, "not a regular file") {
		t.Errorf("import of a named pipe = %s %q", r.Status, r.Error)
	}
}

func TestImportFolderLinks(t *testing.T) {
	w, _ := newWallet(t)
	dir := t.TempDir()
	put(t, dir, map[string]string{"real/simple.json": "ob3/validator/simple.json"})
	if err := os.Symlink(filepath.Join(dir, "real"), filepath.Join(dir, "link-to-folder")); err != nil {
		t.Fatal(err)
	}
	if err := os.Mkdir(filepath.Join(dir, "empty"), 0o700); err != nil {
		t.Fatal(err)
	}
	// A loop: a link inside the folder pointing back at it.
	if err := os.Symlink(filepath.Join(dir, "real"), filepath.Join(dir, "real", "loop")); err != nil {
		t.Fatal(err)
	}
	got := w.ImportPaths([]string{filepath.Join(dir, "link-to-folder"), filepath.Join(dir, "empty")}, wallet.ImportOptions{})
	checkResults(t, dir, got, []want{
		{path: "link-to-folder/loop", status: wallet.Rejected, err: "link to a folder"},
		{path: "link-to-folder/simple.json", status: wallet.Imported, kind: credential.KindOB3},
		{path: "empty", status: wallet.Rejected, err: "holds no files"},
	})
}
