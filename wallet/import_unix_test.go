//go:build unix

package wallet_test

import (
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/learnerwallet/learnerwallet/wallet"
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
