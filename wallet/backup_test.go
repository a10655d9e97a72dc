package wallet_test

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"filippo.io/age"

	"github.com/learnerwallet/learnerwallet/wallet"
	"github.com/learnerwallet/learnerwallet/wallet/credential"
	"github.com/learnerwallet/learnerwallet/wallet/wallettest"
)

// keyedWallet is a wallet with a keyring of its own, as on a computer.
func keyedWallet(t *testing.T, id string) (*wallet.Wallet, *wallettest.Store, *wallettest.Secrets) {
	t.Helper()
	s, secrets := wallettest.NewStore(), wallettest.NewSecrets()
	c := &clock{now: time.Date(2025, 5, 1, 9, 0, 0, 0, time.UTC)}
	w := wallet.New(s, wallet.WithClock(c.Now), wallet.WithSecrets(secrets, id))
	t.Cleanup(func() { w.Close() })
	return w, s, secrets
}

// filled is a wallet with a badge, a JWT, a record of 20 courses, an
// identity, a signing key rotated once, a share and a recovery kit.
func filled(t *testing.T) (w *wallet.Wallet, kit string) {
	t.Helper()
	w, _, _ = keyedWallet(t, "aaaa")
	for _, f := range []string{"badge-teamwork-signed.json", "badge-teamwork-signed.jwt", "clr-20-courses-signed.json"} {
		b, err := os.ReadFile(filepath.Join("..", "testdata", "generated", f))
		if err != nil {
			t.Fatal(err)
		}
		if r := w.ImportBytes(f, b); r.Status != wallet.Imported {
			t.Fatalf("%s: %v", f, r.Status)
		}
	}
	if err := w.AddIdentity("email", "ellis.monday@example.edu"); err != nil {
		t.Fatal(err)
	}
	if _, err := w.HolderKey(); err != nil {
		t.Fatal(err)
	}
	if _, err := w.RotateHolderKey(); err != nil {
		t.Fatal(err)
	}
	kit, _, err := w.NewRecoveryKit()
	if err != nil {
		t.Fatal(err)
	}
	// What the learner keeps: tags (one on nothing yet), a note, the archive.
	items, err := w.Items()
	if err != nil {
		t.Fatal(err)
	}
	if err := w.Tag("Job hunt", false, items[0].ID); err != nil {
		t.Fatal(err)
	}
	if _, err := w.CreateTag("Later"); err != nil {
		t.Fatal(err)
	}
	if err := w.SetNote(items[0].ID, "Mention in the cover letter"); err != nil {
		t.Fatal(err)
	}
	for _, it := range items {
		if it.Kind == credential.KindCLR {
			if err := w.SetArchived(true, it.ID); err != nil {
				t.Fatal(err)
			}
		}
	}
	return w, kit
}

func mustRead(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "testdata", "generated", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func backup(t *testing.T, w *wallet.Wallet, o wallet.BackupOptions) []byte {
	t.Helper()
	var buf bytes.Buffer
	if _, err := w.Backup(&buf, o); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// sameContents checks that b holds what a holds: every item with its
// original bytes, the identities and the DIDs.
func sameContents(t *testing.T, a, b *wallet.Wallet) {
	t.Helper()
	ai, err := a.Items()
	if err != nil {
		t.Fatal(err)
	}
	bi, err := b.Items()
	if err != nil {
		t.Fatal(err)
	}
	if len(ai) != len(bi) || len(ai) != 3+20 {
		t.Fatalf("%d items restored, want %d", len(bi), len(ai))
	}
	for _, it := range ai {
		want, _ := a.Original(it.ID)
		got, err := b.Original(it.ID)
		if err != nil || !bytes.Equal(got, want) {
			t.Errorf("%s: original not restored byte for byte (%v)", it.ID, err)
		}
		bit, _ := b.Item(it.ID)
		if !slices.Equal(bit.Tags, it.Tags) || bit.Note != it.Note || bit.Archived != it.Archived {
			t.Errorf("%s: kept %v %q %v, want %v %q %v", it.ID, bit.Tags, bit.Note, bit.Archived, it.Tags, it.Note, it.Archived)
		}
	}
	at, _ := a.Tags()
	bt, err := b.Tags()
	if err != nil || !slices.Equal(at, bt) || len(at) != 2 {
		t.Errorf("tags %v, want %v (%v)", bt, at, err)
	}
	ad, _ := a.HolderDIDs()
	bd, err := b.HolderDIDs()
	if err != nil || len(bd) != 2 || bd[0] != ad[0] || bd[1] != ad[1] {
		t.Errorf("DIDs %v, want %v (%v)", bd, ad, err)
	}
	ak, _ := a.HolderKey()
	bk, err := b.HolderKey()
	if err != nil || bk.DID() != ak.DID() {
		t.Errorf("the restored wallet signs as %v, want %s (%v)", bk, ak.DID(), err)
	}
	aid, _ := a.Identities()
	bid, _ := b.Identities()
	if len(aid.Emails) != 1 || len(bid.Emails) != 1 || aid.Emails[0] != bid.Emails[0] {
		t.Errorf("identities %+v, want %+v", bid, aid)
	}
}

func TestBackupRestoresWithPassphraseOrKitAlone(t *testing.T) {
	a, kit := filled(t)
	file := backup(t, a, wallet.BackupOptions{Passphrase: "correct horse battery staple", MadeBy: "test"})

	b, _, _ := keyedWallet(t, "bbbb")
	sum, err := b.Restore(bytes.NewReader(file), wallet.RestoreOptions{Passphrase: "correct horse battery staple"})
	if err != nil {
		t.Fatal(err)
	}
	if sum.Added != 3 || sum.Duplicates != 0 || sum.Keys != 2 {
		t.Errorf("summary %+v", sum)
	}
	sameContents(t, a, b)

	c, _, _ := keyedWallet(t, "cccc")
	id, err := age.ParseX25519Identity(kit)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.Restore(bytes.NewReader(file), wallet.RestoreOptions{Identities: []age.Identity{id}}); err != nil {
		t.Fatal(err)
	}
	sameContents(t, a, c)

	// Into a wallet with credentials, a key and identities of its own:
	// merged, and the backup's DIDs known as earlier ones.
	d, _ := filled(t)
	d2, _, _ := keyedWallet(t, "ffff")
	if r := d2.ImportBytes("badge.json", mustRead(t, "badge-vcdm11-signed.json")); r.Status != wallet.Imported {
		t.Fatal(r.Status)
	}
	if err := d2.AddIdentity("name", "Ellis Monday"); err != nil {
		t.Fatal(err)
	}
	own, err := d2.HolderKey()
	if err != nil {
		t.Fatal(err)
	}
	sum, err = d2.Restore(bytes.NewReader(backup(t, d, wallet.BackupOptions{Passphrase: "p4ssphrase-long-enough"})), wallet.RestoreOptions{Passphrase: "p4ssphrase-long-enough"})
	if err != nil || sum.Added != 3 {
		t.Fatalf("merge: %+v, %v", sum, err)
	}
	dids, _ := d2.HolderDIDs()
	theirs, _ := d.HolderDIDs()
	if len(dids) != 3 || dids[0] != own.DID() {
		t.Errorf("after merging, DIDs %v: want this wallet's %s first, then %v", dids, own.DID(), theirs)
	}
	ids, _ := d2.Identities()
	if len(ids.Emails) != 1 || len(ids.Names) != 1 {
		t.Errorf("identities not merged: %+v", ids)
	}

	// Into the wallet it came from: nothing new.
	sum, err = a.Restore(bytes.NewReader(file), wallet.RestoreOptions{Passphrase: "correct horse battery staple"})
	if err != nil || sum.Added != 0 || sum.Duplicates != 3 {
		t.Errorf("restore into itself: %+v, %v", sum, err)
	}
}

func TestBadBackupsLeaveTheWalletUntouched(t *testing.T) {
	a, _ := filled(t)
	file := backup(t, a, wallet.BackupOptions{Passphrase: "correct horse battery staple"})
	other, _ := age.GenerateX25519Identity()
	flipped := bytes.Clone(file)
	flipped[len(flipped)-200] ^= 1
	for name, c := range map[string]struct {
		file []byte
		opts wallet.RestoreOptions
		want any
	}{
		"wrong passphrase":   {file, wallet.RestoreOptions{Passphrase: "incorrect horse"}, wallet.ErrWrongSecret},
		"someone else's kit": {file, wallet.RestoreOptions{Identities: []age.Identity{other}}, wallet.ErrWrongSecret},
		"cut short":          {file[:len(file)-100], wallet.RestoreOptions{Passphrase: "correct horse battery staple"}, new(*wallet.BackupError)},
		"a byte changed":     {flipped, wallet.RestoreOptions{Passphrase: "correct horse battery staple"}, new(*wallet.BackupError)},
		"not a backup":       {[]byte(`{"@context": []}`), wallet.RestoreOptions{Passphrase: "x"}, new(*wallet.BackupError)},
		"no secret given":    {file, wallet.RestoreOptions{}, new(*wallet.BackupError)},
	} {
		w, s, secrets := keyedWallet(t, "dddd")
		_, err := w.Restore(bytes.NewReader(c.file), c.opts)
		switch want := c.want.(type) {
		case error:
			if !errors.Is(err, want) {
				t.Errorf("%s: got %v, want %v", name, err, want)
			}
		default:
			if !errors.As(err, want) {
				t.Errorf("%s: got %v, want a %T", name, err, want)
			}
		}
		if items, _ := s.List(); len(items) != 0 {
			t.Errorf("%s: %d items written", name, len(items))
		}
		if acc := secrets.Accounts(); len(acc) != 0 {
			t.Errorf("%s: keyring entries written: %v", name, acc)
		}
	}
}

func TestBackupNeedsARecipient(t *testing.T) {
	w, _, _ := keyedWallet(t, "eeee")
	if _, err := w.Backup(&bytes.Buffer{}, wallet.BackupOptions{}); !errors.Is(err, wallet.ErrNoRecipient) {
		t.Errorf("got %v", err)
	}
}
