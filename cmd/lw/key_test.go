package main

import (
	"bytes"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/learnerwallet/learnerwallet/store"
	"github.com/learnerwallet/learnerwallet/store/storetest"
	"github.com/learnerwallet/learnerwallet/wallet"
	"github.com/learnerwallet/learnerwallet/wallet/did"
)

// recordingSecrets remembers the holder keys set through it.
type recordingSecrets struct {
	wallet.SecretStore
	seeds [][]byte
}

func (r *recordingSecrets) Set(account string, secret []byte) error {
	if strings.HasSuffix(account, "/holder-key") {
		r.seeds = append(r.seeds, bytes.Clone(secret))
	}
	return r.SecretStore.Set(account, secret)
}

// TestKeySeedOnlyInKeyring: the holder key's seed, in any usual encoding,
// is in no file of the wallet folder, only in the keyring.
func TestKeySeedOnlyInKeyring(t *testing.T) {
	rec := &recordingSecrets{SecretStore: storetest.Secrets(t)}
	old := secrets
	secrets = rec
	t.Cleanup(func() { secrets = old })
	home := filepath.Join(t.TempDir(), "home")
	dir := filepath.Join(home, "wallet")
	t.Setenv("LW_HOME", dir)
	lw := func(args ...string) string {
		t.Helper()
		var stdout, stderr bytes.Buffer
		if code := run(args, strings.NewReader(""), &stdout, &stderr); code != exitOK {
			t.Fatalf("lw %s: exit %d, %s", strings.Join(args, " "), code, stderr.String())
		}
		return stdout.String()
	}
	lw("import", filepath.Join("..", "..", "testdata", "examples", "ob3", "validator", "simple.json"))
	lw("key", "show")
	lw("key", "rotate")
	lw("key", "history")
	lw("identity", "add", "email", "nobody@example.org")
	if len(rec.seeds) != 2 {
		t.Fatalf("%d holder keys were stored, want 2", len(rec.seeds))
	}
	found, files, err := seedsIn(home, rec.seeds)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range found {
		t.Error(f)
	}
	if files == 0 || !fileExists(filepath.Join(dir, "wallet.db")) {
		t.Fatalf("no wallet.db among %d files", files)
	}
	// The control: a seed written out in base64 is found.
	leak := filepath.Join(dir, "leak.txt")
	if err := os.WriteFile(leak, []byte("x"+base64.StdEncoding.EncodeToString(rec.seeds[0])+"x"), 0o600); err != nil {
		t.Fatal(err)
	}
	if found, _, _ := seedsIn(home, rec.seeds); len(found) == 0 {
		t.Errorf("the control leak was not found: %v", found)
	}
}

// seedsIn says which files under root hold any of seeds, raw or encoded.
func seedsIn(root string, seeds [][]byte) (found []string, files int, err error) {
	err = filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		files++
		for i, seed := range seeds {
			for _, enc := range [][]byte{
				seed,
				[]byte(base64.StdEncoding.EncodeToString(seed)),
				[]byte(base64.RawStdEncoding.EncodeToString(seed)),
				[]byte(base64.RawURLEncoding.EncodeToString(seed)),
				[]byte(hex.EncodeToString(seed)),
				[]byte(did.EncodeBase58btc(seed)),
			} {
				if bytes.Contains(b, enc) {
					found = append(found, fmt.Sprintf("%s holds seed %d (%.8s…)", path, i, enc))
				}
			}
		}
		return nil
	})
	return found, files, err
}

func fileExists(p string) bool { _, err := os.Stat(p); return err == nil }

// TestKeyMissingFromKeyring: when the keyring lost the key, lw key says so
// and what to do, and makes no key; lw key rotate then makes one, keeping
// the lost DID among the learner's.
func TestKeyMissingFromKeyring(t *testing.T) {
	s := storetest.Secrets(t)
	old := secrets
	secrets = s
	t.Cleanup(func() { secrets = old })
	dir := filepath.Join(t.TempDir(), "wallet")
	lw := func(args ...string) (int, string, string) {
		var stdout, stderr bytes.Buffer
		code := run(append([]string{"--wallet", dir}, args...), strings.NewReader(""), &stdout, &stderr)
		return code, stdout.String(), stderr.String()
	}
	code, first, errs := lw("key", "show")
	if code != exitOK {
		t.Fatalf("key show: %d %s", code, errs)
	}
	first = strings.TrimSpace(first)
	db, err := store.Open(dir, s)
	if err != nil {
		t.Fatal(err)
	}
	id := db.WalletID()
	db.Close()
	if err := s.Delete(wallet.HolderKeyAccount(id)); err != nil {
		t.Fatal(err)
	}

	code, out, errs := lw("key", "show")
	if code != exitFailed || out != "" ||
		!strings.Contains(errs, "lw: your signing key ("+first+") is missing from the OS keyring") ||
		!strings.Contains(errs, "lw key rotate") {
		t.Errorf("key show without the key: exit %d, stdout %q, stderr %q", code, out, errs)
	}
	if _, err := s.Get(wallet.HolderKeyAccount(id)); err == nil {
		t.Error("key show made a new key")
	}
	code, second, errs := lw("key", "rotate")
	second = strings.TrimSpace(second)
	if code != exitOK || !strings.HasPrefix(second, "did:key:") || second == first || !strings.Contains(errs, "the lost key's DID stays known") {
		t.Errorf("key rotate: exit %d, %q, %q", code, second, errs)
	}
	if _, out, _ := lw("key", "history"); out != "current  "+second+"\nearlier  "+first+"\n" {
		t.Errorf("key history:\n%s", out)
	}
}
