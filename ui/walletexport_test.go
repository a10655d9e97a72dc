package ui

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/learnerwallet/learnerwallet/wallet"
	"github.com/learnerwallet/learnerwallet/wallet/wallettest"
)

// lcwBackup is a Learner Credential Wallet export holding a TEST-ONLY key
// (testdata/imports/README.md).
const (
	lcwBackup = "../testdata/imports/lcw-wallet-backup.json"
	lcwDID    = "did:key:z6MkuX4J7Yd2otWjLrZGNUCPpAgcMFE9CnJ15qequgXSTmVA"
)

func newKeyringUI(t *testing.T) (*UI, fyne.Window, *wallettest.Secrets) {
	t.Helper()
	secrets := wallettest.NewSecrets()
	u, win := newWalletUI(t, wallet.New(wallettest.NewStore(), wallet.WithSecrets(secrets, "ui-test"), wallet.WithClock(func() time.Time { return fixedNow })))
	return u, win, secrets
}

func holdsDID(t *testing.T, u *UI, d string) bool {
	t.Helper()
	dids, err := u.wallet.HolderDIDs()
	if err != nil {
		t.Fatal(err)
	}
	return slices.Contains(dids, d)
}

// Another wallet's export chosen to import says what it holds, and takes
// its keys only when the learner ticks "Also take my keys".
func TestWalletExportAsksBeforeTakingKeys(t *testing.T) {
	for _, tick := range []bool{false, true} {
		u, win, _ := newKeyringUI(t)
		u.importPaths([]string{lcwBackup})
		mustContain(t, win, "lcw-wallet-backup.json", "A Learner Credential Wallet export: 2 credentials, and 1 signing key of yours:",
			lcwDID, "Its signing keys become yours too", "[Cancel]", "[Import]")
		if len(u.topIDs) != 0 {
			t.Fatal("imported before the learner chose")
		}
		if tick {
			test.Tap(checkBox(t, win, takeKeysLabel))
		}
		test.Tap(button(t, win, "Import"))
		if len(u.topIDs) != 2 {
			t.Fatalf("tick=%v: %d credentials imported, want 2; the window shows:\n%s", tick, len(u.topIDs), texts(win))
		}
		if holdsDID(t, u, lcwDID) != tick {
			t.Errorf("tick=%v: the export's DID is the learner's: %v", tick, !tick)
		}
	}
}

// Cancel imports nothing; Escape is Cancel.
func TestWalletExportCancel(t *testing.T) {
	u, win, secrets := newKeyringUI(t)
	u.importPaths([]string{lcwBackup})
	test.Tap(button(t, win, "Cancel"))
	u.importPaths([]string{lcwBackup})
	win.Canvas().(test.WindowlessCanvas).OnTypedKey()(&fyne.KeyEvent{Name: fyne.KeyEscape})
	if len(u.topIDs) != 0 || len(secrets.Accounts()) != 0 || len(win.Canvas().Overlays().List()) != 0 {
		t.Fatalf("cancelled, yet %d credentials, %d keyring entries, %d dialogs", len(u.topIDs), len(secrets.Accounts()), len(win.Canvas().Overlays().List()))
	}
}

// An export inside a chosen folder is imported without asking, its keys
// left; the summary says how to take them.
func TestWalletExportInFolderLeavesKeys(t *testing.T) {
	u, win, _ := newKeyringUI(t)
	dir := t.TempDir()
	b, err := os.ReadFile(lcwBackup)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "Wallet Backup.json"), b, 0o600); err != nil {
		t.Fatal(err)
	}
	u.importPaths([]string{dir})
	if len(u.topIDs) != 2 || holdsDID(t, u, lcwDID) {
		t.Fatalf("%d credentials; DID taken %v", len(u.topIDs), holdsDID(t, u, lcwDID))
	}
	mustContain(t, win, "Wallet Backup.json", "its credentials were imported, not its keys")
}

// A pasted export is asked about too.
func TestWalletExportPasted(t *testing.T) {
	u, win, _ := newKeyringUI(t)
	b, err := os.ReadFile(lcwBackup)
	if err != nil {
		t.Fatal(err)
	}
	u.app.Clipboard().SetContent(string(b))
	u.pasteImport()
	test.Tap(checkBox(t, win, takeKeysLabel))
	test.Tap(button(t, win, "Import"))
	if len(u.topIDs) != 2 || !holdsDID(t, u, lcwDID) {
		t.Fatalf("%d credentials; DID taken %v", len(u.topIDs), holdsDID(t, u, lcwDID))
	}
	if strings.Contains(texts(win), "not its keys") {
		t.Error("the summary says keys were left")
	}
}
