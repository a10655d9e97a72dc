package ui

import (
	"bytes"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"filippo.io/age"
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/learnerwallet/learnerwallet/wallet"
	"github.com/learnerwallet/learnerwallet/wallet/wallettest"
)

const testPassphrase = "orange kettle winter violin"

// backupUI is a window over a wallet with a keyring, whose file dialogs
// are replaced: a save writes into dir under the name offered, an open
// returns the next of opens.
type backupUI struct {
	*UI
	win     fyne.Window
	store   *wallettest.Store
	secrets *wallettest.Secrets
	dir     string
	now     time.Time // the wallet's clock
	saved   []string  // names offered to save under
	opens   []string
}

func newBackupUI(t *testing.T) *backupUI {
	t.Helper()
	a := test.NewTempApp(t)
	a.Settings().SetTheme(theme.LightTheme())
	win := test.NewTempWindow(t, nil)
	b := &backupUI{win: win, store: wallettest.NewStore(), secrets: wallettest.NewSecrets(), dir: t.TempDir(), now: fixedNow}
	w := wallet.New(b.store, wallet.WithSecrets(b.secrets, "ui-test"), wallet.WithClock(func() time.Time { return b.now }))
	b.UI = newUI(a, win, w, inline)
	win.Resize(fyne.NewSize(1100, 760))
	b.reload("")
	b.savePath = func(name string, chosen func(string)) {
		b.saved = append(b.saved, name)
		chosen(filepath.Join(b.dir, name))
	}
	b.openPath = func(_ []string, chosen func(string)) {
		if len(b.opens) == 0 {
			t.Fatal("a file was asked for, and the test has none to give")
		}
		p := b.opens[0]
		b.opens = b.opens[1:]
		chosen(p)
	}
	return b
}

// withCredentials imports three credentials, says "Not now" to the
// recovery kit offer, and makes the signing key.
func (b *backupUI) withCredentials(t *testing.T) {
	t.Helper()
	b.importPaths([]string{
		filepath.Join(generated, "clr-vcdm11-signed.json"),
		filepath.Join(generated, "badge-vcdm11-signed.json"),
		filepath.Join(generated, "badge-teamwork-signed.json"),
	})
	if len(b.topIDs) != 3 {
		t.Fatalf("imported %d credentials, want 3", len(b.topIDs))
	}
	// Answer the one-time recovery kit offer "Not now", as most will.
	if b.kitOffered {
		test.Tap(b.noticeLater)
	}
	if _, err := b.wallet.HolderKey(); err != nil {
		t.Fatal(err)
	}
}

// testBackup is a backup of a wallet with three credentials, a signing
// key and a recovery kit, with testPassphrase, made once: each passphrase
// costs seconds of scrypt under -race.
var testBackup struct {
	backup, kit []byte
}

// makeBackup writes testBackup, and its recovery kit, to files.
func makeBackup(t *testing.T) (backup, kitFile string) {
	t.Helper()
	if testBackup.backup == nil {
		src := newBackupUI(t)
		src.withCredentials(t)
		secret, recipient, err := src.wallet.NewRecoveryKit()
		if err != nil {
			t.Fatal(err)
		}
		var kit, buf bytes.Buffer
		if err := kitText(&kit, secret, recipient); err != nil {
			t.Fatal(err)
		}
		if _, err := src.wallet.Backup(&buf, wallet.BackupOptions{Passphrase: testPassphrase, MadeBy: "lw (Learner Wallet)"}); err != nil {
			t.Fatal(err)
		}
		testBackup.backup, testBackup.kit = buf.Bytes(), kit.Bytes()
	}
	dir := t.TempDir()
	backup, kitFile = filepath.Join(dir, "learner-wallet-2026-11-27.lwbackup"), filepath.Join(dir, kitFileName)
	if err := os.WriteFile(backup, testBackup.backup, 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(kitFile, testBackup.kit, 0o600); err != nil {
		t.Fatal(err)
	}
	return backup, kitFile
}

func TestBackupWithPassphrase(t *testing.T) {
	u := newBackupUI(t)
	u.withCredentials(t)
	b := u.showBackup()
	if !b.save.Disabled() {
		t.Fatal("Save is enabled before a passphrase is typed")
	}
	for _, c := range []struct{ pass, again, says string }{
		{"short", "short", "Too short"},
		{"mylittlepony", "mylittlepony", "Weak"},
		{testPassphrase, "orange kettle winter violon", "The two passphrases differ."},
		{testPassphrase, "", "Strong"},
	} {
		b.pass.SetText("")
		b.again.SetText("")
		test.Type(b.pass, c.pass)
		test.Type(b.again, c.again)
		mustContain(t, u.win, c.says)
		enabled := c.pass == c.again && len(c.pass) >= minPassphrase
		if b.save.Disabled() == enabled {
			t.Errorf("%q, %q: Save enabled = %v, want %v", c.pass, c.again, !b.save.Disabled(), enabled)
		}
	}
	test.Type(b.again, testPassphrase)
	mustContain(t, u.win, "The two passphrases match.")
	if b.save.Disabled() {
		t.Fatal("Save stays disabled with a strong passphrase typed twice")
	}
	b.again.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn}) // Enter saves

	if len(u.saved) != 1 || !regexp.MustCompile(`^learner-wallet-\d{4}-\d\d-\d\d\.lwbackup$`).MatchString(u.saved[0]) {
		t.Fatalf("offered to save as %q", u.saved)
	}
	path := filepath.Join(u.dir, u.saved[0])
	mustContain(t, u.win, "Backed up 3 credentials and your signing key to "+path+", encrypted to your passphrase.",
		"You have no recovery kit", "[Make a recovery kit…]")
	if u.busy || !strings.HasPrefix(u.status.Text, "Backed up 3 credentials") {
		t.Errorf("busy = %v, status = %q", u.busy, u.status.Text)
	}
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if fi.Mode().Perm() != 0o600 {
		t.Errorf("the backup's mode is %v, want 0600", fi.Mode().Perm())
	}
	if entries, _ := os.ReadDir(u.dir); len(entries) != 1 {
		t.Errorf("the folder holds %d files, want only the backup", len(entries))
	}
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	opened, err := wallet.OpenBackup(f, wallet.RestoreOptions{Passphrase: testPassphrase})
	if err != nil {
		t.Fatal(err)
	}
	if opened.Items() != 3 || opened.Header.MadeBy != backupMadeBy {
		t.Errorf("the backup holds %d credentials, made by %q", opened.Items(), opened.Header.MadeBy)
	}
}

func TestBackupSummaryWithAKit(t *testing.T) {
	u := newBackupUI(t)
	u.withCredentials(t)
	if _, _, err := u.wallet.NewRecoveryKit(); err != nil {
		t.Fatal(err)
	}
	b := u.showBackup()
	test.Type(b.pass, testPassphrase)
	test.Type(b.again, testPassphrase)
	test.Tap(b.save)
	mustContain(t, u.win, "encrypted to your passphrase and 1 recovery kit.")
	if strings.Contains(texts(u.win), "Make a recovery kit") {
		t.Error("a recovery kit is offered to a wallet that has one")
	}
	u.win.Canvas().OnTypedKey()(&fyne.KeyEvent{Name: fyne.KeyEscape})
	if u.win.Canvas().Overlays().Top() != nil {
		t.Error("Escape does not close the summary")
	}
}

func TestPassphraseStrength(t *testing.T) {
	for _, c := range []struct {
		pass string
		want strength
	}{
		{"", tooShort},
		{"elevenchars", tooShort},
		{"password password password", weak},
		{"aaaaaaaaaaaaaaaa", weak},
		{"abcdefghijklmnop", weak},
		{"mylittlepony", weak},
		{"the cat sat on a mat", weak},
		{"Mylittlepony1", fair},
		{"kettle winter violin", fair},
		{testPassphrase, strong},
		{"correct-horse-battery-staple", strong},
		{"q8#Vr2!mZp9&Lw4x", strong},
	} {
		if got, _ := judgePassphrase(c.pass); got != c.want {
			t.Errorf("%q is judged %d (%.0f bits), want %d", c.pass, got, passphraseBits(c.pass), c.want)
		}
	}
}

func TestRestoreIntoAFreshWallet(t *testing.T) {
	backup, kit := makeBackup(t)
	u := newBackupUI(t)
	u.opens = []string{backup}
	test.Tap(button(t, u.win, "Restore from a backup…")) // the empty wallet offers it
	mustContain(t, u.win, "learner-wallet-2026-11-27.lwbackup: a backup made on", "by lw (Learner Wallet).")
	open := topButton(t, u.win, "Open")
	if !open.Disabled() {
		t.Error("Open is enabled before a passphrase is typed")
	}
	test.Type(passEntry(t, u.win), testPassphrase)
	passEntry(t, u.win).TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn}) // Enter opens
	mustContain(t, u.win, "This backup holds 3 credentials. It is a backup made on", "Nothing in this wallet is deleted or replaced.")
	if u.store.Len() != 0 {
		t.Fatal("the wallet changed before the learner agreed")
	}
	test.Tap(topButton(t, u.win, "Restore"))
	mustContain(t, u.win, "Restored 3 credentials; your signing key is in this computer's keyring.")
	if len(u.topIDs) != 3 || u.body.Objects[0] != u.split {
		t.Errorf("the library shows %d credentials after the restore", len(u.topIDs))
	}
	if len(u.secrets.Accounts()) != 1 {
		t.Errorf("the keyring holds %v", u.secrets.Accounts())
	}
	test.Tap(topButton(t, u.win, "Close"))

	// Again, with the kit: nothing new.
	r := u.restoreFrom(backup)
	u.opens = []string{kit}
	test.Tap(r.kit)
	u.win.Canvas().OnTypedKey()(&fyne.KeyEvent{Name: fyne.KeyReturn}) // Enter restores
	mustContain(t, u.win, "Restored 0 credentials; 3 were already here.")
}

func passEntry(t *testing.T, win fyne.Window) *keyEntry {
	t.Helper()
	for _, o := range objects(win) {
		if e, ok := o.(*keyEntry); ok && e.Visible() {
			return e
		}
	}
	t.Fatalf("no passphrase entry in:\n%s", texts(win))
	return nil
}

func TestRestoreWrongPassphraseChangesNothing(t *testing.T) {
	backup, _ := makeBackup(t)
	u := newBackupUI(t)
	r := u.restoreFrom(backup)
	test.Type(r.pass, "orange kettle winter violon")
	test.Tap(r.open)
	mustContain(t, u.win, "That passphrase does not open this backup. Check it and try again")
	if u.store.Len() != 0 || len(u.secrets.Accounts()) != 0 {
		t.Fatalf("a wrong passphrase changed the wallet: %d items, keys %v", u.store.Len(), u.secrets.Accounts())
	}
	if kits, _ := u.wallet.RecoveryKits(); len(kits) != 0 {
		t.Fatal("a wrong passphrase changed the settings")
	}
	if r.open.Disabled() {
		t.Fatal("Open is disabled after a wrong passphrase: the learner cannot try again")
	}
	r.pass.SetText("")
	test.Type(r.pass, testPassphrase)
	test.Tap(r.open)
	mustContain(t, u.win, "This backup holds 3 credentials.")
}

func TestRestoreDamagedBackup(t *testing.T) {
	backup, kit := makeBackup(t)
	b, err := os.ReadFile(backup)
	if err != nil {
		t.Fatal(err)
	}
	b[len(b)-40] ^= 1 // in the payload: caught once it is all decrypted
	damaged := filepath.Join(t.TempDir(), "damaged.lwbackup")
	if err := os.WriteFile(damaged, b, 0o600); err != nil {
		t.Fatal(err)
	}
	u := newBackupUI(t)
	r := u.restoreFrom(damaged)
	u.opens = []string{kit} // no scrypt: quicker
	test.Tap(r.kit)
	mustContain(t, u.win, "This backup cannot be restored", "damaged", "Nothing in your wallet was changed.")
	if u.store.Len() != 0 {
		t.Fatal("a damaged backup changed the wallet")
	}

	// Not a backup at all: said before any passphrase is asked for.
	notBackup := filepath.Join(t.TempDir(), "notes.lwbackup")
	if err := os.WriteFile(notBackup, []byte("shopping list\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	u.restoreFrom(notBackup)
	mustContain(t, u.win, "This is not a Learner Wallet backup.")
}

func TestRestoreWithARecoveryKit(t *testing.T) {
	backup, kit := makeBackup(t)
	u := newBackupUI(t)
	r := u.restoreFrom(backup)

	notKit := filepath.Join(t.TempDir(), "notes.txt")
	if err := os.WriteFile(notKit, []byte("shopping list\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	other := filepath.Join(t.TempDir(), "other-kit.txt")
	id, _ := age.GenerateX25519Identity()
	if err := os.WriteFile(other, []byte(id.String()+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	u.opens = []string{notKit, other, kit}
	test.Tap(r.kit)
	mustContain(t, u.win, "That file is not a recovery kit")
	test.Tap(r.kit)
	mustContain(t, u.win, "That recovery kit does not open this backup.")
	test.Tap(r.kit)
	mustContain(t, u.win, "This backup holds 3 credentials.")
	test.Tap(topButton(t, u.win, "Restore"))
	mustContain(t, u.win, "Restored 3 credentials")
	if kits, _ := u.wallet.RecoveryKits(); len(kits) != 1 {
		t.Errorf("the restored wallet knows %d recovery kits, want the backup's one", len(kits))
	}
}

func TestRecoveryKitShownOnce(t *testing.T) {
	u := newBackupUI(t)
	k := u.showRecoveryKit()
	mustContain(t, u.win, "A recovery kit is a second key to your backups", "This wallet has no recovery kit yet.")
	test.Tap(topButton(t, u.win, "Make a recovery kit"))

	var codes []string
	for _, o := range objects(u.win) {
		if l, ok := o.(*widget.Label); ok && strings.Contains(l.Text, "AGE-SECRET-KEY-1") {
			codes = append(codes, l.Text)
			if !l.Selectable || !l.TextStyle.Monospace {
				t.Error("the code is not selectable and monospaced")
			}
		}
	}
	if len(codes) != 1 {
		t.Fatalf("the code is shown %d times", len(codes))
	}
	id, err := age.ParseX25519Identity(codes[0])
	if err != nil {
		t.Fatal(err)
	}
	kits, err := u.wallet.RecoveryKits()
	if err != nil || len(kits) != 1 || kits[0] != id.Recipient().String() {
		t.Fatalf("the wallet keeps %v, want only the public half %s", kits, id.Recipient())
	}
	mustContain(t, u.win, "shown only this once", "The wallet keeps only its public half", "every backup you make from now on is encrypted")

	// Close waits for the box; so does Escape.
	if !k.closeBtn.Disabled() {
		t.Fatal("Close is enabled before the kit is saved")
	}
	u.win.Canvas().OnTypedKey()(&fyne.KeyEvent{Name: fyne.KeyEscape})
	if !strings.Contains(texts(u.win), "AGE-SECRET-KEY-1") {
		t.Fatal("Escape closed the kit before it was saved")
	}

	test.Tap(topButton(t, u.win, "Save as a file…"))
	test.Tap(topButton(t, u.win, "Save a printable page…"))
	kitPath := filepath.Join(u.dir, kitFileName)
	fi, err := os.Stat(kitPath)
	if err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("the kit file: %v, %v", fi, err)
	}
	f, _ := os.Open(kitPath)
	ids, err := age.ParseIdentities(f)
	f.Close()
	if err != nil || len(ids) != 1 || ids[0].(*age.X25519Identity).String() != codes[0] {
		t.Fatalf("the kit file holds %v, %v", ids, err)
	}
	page, err := os.ReadFile(filepath.Join(u.dir, kitPageName))
	if err != nil || !bytes.Contains(page, []byte(codes[0])) || !bytes.Contains(page, []byte(`src="data:image/png;base64,iVBOR`)) {
		t.Fatalf("the printable page lacks the code or its QR code (%v):\n%s", err, page)
	}
	mustContain(t, u.win, "Saved a printable page of the recovery kit to")

	test.Tap(checkBox(t, u.win, savedKit))
	if k.closeBtn.Disabled() {
		t.Fatal("Close stays disabled once the box is ticked")
	}
	test.Tap(k.closeBtn)
	if strings.Contains(texts(u.win), "AGE-SECRET-KEY") {
		t.Error("the code is still shown after Close")
	}
	if k.secret != "" {
		t.Error("the dialog still holds the secret")
	}
	k = u.showRecoveryKit()
	mustContain(t, u.win, "Backups are already encrypted to 1 recovery kit")
	if strings.Contains(texts(u.win), "AGE-SECRET-KEY") {
		t.Error("the code is shown again")
	}
	k.d.Hide()
}

func TestBackupWhileBusyWaits(t *testing.T) {
	u := newBackupUI(t)
	u.setBusy(true, "Importing…")
	if u.showBackup() != nil {
		t.Error("a backup started while an import ran")
	}
	mustContain(t, u.win, "still busy")
}
