package main

import (
	"bytes"
	"path/filepath"
	"strings"
	"testing"

	"github.com/learnerwallet/learnerwallet/store"
	"github.com/learnerwallet/learnerwallet/store/storetest"
)

// TestWalletSetOffline: when the window's Settings set the wallet to work
// offline, lw verify says so (on standard error) unless --offline asked
// for it anyway.
func TestWalletSetOffline(t *testing.T) {
	old := secrets
	secrets = storetest.Secrets(t)
	t.Cleanup(func() { secrets = old })
	dir := filepath.Join(t.TempDir(), "wallet")
	t.Setenv("LW_HOME", dir)
	lw := func(args ...string) string {
		t.Helper()
		var stdout, stderr bytes.Buffer
		run(args, strings.NewReader(""), &stdout, &stderr)
		return stderr.String()
	}
	lw("import", filepath.Join("..", "..", "testdata", "generated", "badge-teamwork-signed.json"))
	const note = "set to work offline"
	if got := lw("verify", "--all"); strings.Contains(got, note) {
		t.Fatalf("a wallet online: %q", got)
	}
	w, err := store.OpenWalletWith(dir, secrets, store.NetOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if err := w.SetOffline(true); err != nil {
		t.Fatal(err)
	}
	w.Close()
	if got := lw("verify", "--all"); !strings.Contains(got, note) {
		t.Errorf("verify --all of a wallet set offline says nothing: %q", got)
	}
	if got := lw("verify", "--all", "--offline"); strings.Contains(got, note) {
		t.Errorf("verify --all --offline: %q", got)
	}
}
