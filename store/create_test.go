package store_test

import (
	"errors"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/learnerwallet/learnerwallet/store"
	"github.com/learnerwallet/learnerwallet/store/storetest"
	"github.com/learnerwallet/learnerwallet/wallet"
	"github.com/learnerwallet/learnerwallet/wallet/wallettest"
)

// TestInterruptedCreationLeavesNoOrphanKey: wallet creation that stops at
// any step leaves at most one keyring entry, named by the file, and the
// next Open finishes the same wallet, with one key, which opens it.
func TestInterruptedCreationLeavesNoOrphanKey(t *testing.T) {
	for _, step := range []string{"create: id written", "create: key stored"} {
		t.Run(step, func(t *testing.T) {
			secrets := wallettest.NewSecrets()
			dir := filepath.Join(t.TempDir(), "wallet")
			store.CrashAt(t, step)
			crashed := func() (c any) {
				defer func() { c = recover() }()
				store.Open(dir, secrets)
				return nil
			}()
			if _, ok := crashed.(store.Crash); !ok {
				t.Fatalf("Open did not reach the crash point: %v", crashed)
			}
			path := filepath.Join(dir, store.FileName)
			storetest.Check(t, path)
			if n := len(secrets.Accounts()); n > 1 {
				t.Fatalf("the interrupted creation left %d keyring entries", n)
			}

			db := reopen(t, dir, secrets)
			id := db.WalletID()
			if got, want := secrets.Accounts(), []string{store.DataKeyAccount(id)}; !slices.Equal(got, want) {
				t.Errorf("keyring holds %v, want %v", got, want)
			}
			if err := db.Add(record("r1", "After the crash", true), nil); err != nil {
				t.Fatal(err)
			}
			db.Close()
			db = reopen(t, dir, secrets)
			if db.WalletID() != id {
				t.Errorf("the wallet id changed from %s to %s", id, db.WalletID())
			}
			if _, err := db.Item("r1"); err != nil {
				t.Error(err)
			}
			if got := secrets.Accounts(); len(got) != 1 {
				t.Errorf("keyring holds %v", got)
			}
			db.Close()
			storetest.Check(t, path)
		})
	}
}

// TestFailedCreationLeavesNothing: when the keyring refuses the new key,
// the folder and the keyring are as they were.
func TestFailedCreationLeavesNothing(t *testing.T) {
	secrets := wallettest.NewSecrets()
	secrets.SetUnavailable(true)
	root := t.TempDir()
	_, err := store.Open(filepath.Join(root, "a", "b"), secrets)
	if !errors.Is(err, wallet.ErrKeyringUnavailable) {
		t.Fatalf("Open = %v, want ErrKeyringUnavailable", err)
	}
	if entries, _ := os.ReadDir(root); len(entries) != 0 {
		t.Errorf("the failed creation left %s", entries[0].Name())
	}
	secrets.SetUnavailable(false)
	if a := secrets.Accounts(); len(a) != 0 {
		t.Errorf("the failed creation left keyring entries %v", a)
	}
}

// TestCreationMakesOneKey: opening a wallet again adds no keyring entry.
func TestCreationMakesOneKey(t *testing.T) {
	secrets := wallettest.NewSecrets()
	dir := filepath.Join(t.TempDir(), "wallet")
	db := reopen(t, dir, secrets)
	id := db.WalletID()
	db.Close()
	db = reopen(t, dir, secrets)
	if db.WalletID() != id {
		t.Errorf("second Open made wallet %s, want %s", db.WalletID(), id)
	}
	if got := secrets.Accounts(); !slices.Equal(got, []string{store.DataKeyAccount(id)}) {
		t.Errorf("keyring holds %v", got)
	}
}
