package ui

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"

	"github.com/learnerwallet/learnerwallet/wallet"
)

// withFolder makes the folder dialog return dir.
func (b *backupUI) withFolder(dir string) {
	b.folderPath = func(chosen func(string)) { chosen(dir) }
}

func TestScheduleWithoutAKitOffersOne(t *testing.T) {
	u := newBackupUI(t)
	u.showSettingsAt(tabBackups)
	test.Tap(checkBox(t, u.win, autoBackupLabel))
	if checkBox(t, u.win, autoBackupLabel).Checked {
		t.Fatal("scheduled backups were turned on without a recovery kit")
	}
	mustContain(t, u.win, "Make a recovery kit first.")
	test.Tap(button(t, u.win, "Make a recovery kit…"))
	mustContain(t, u.win, "This wallet has no recovery kit yet.")
	if _, on, _ := u.wallet.Schedule(); on {
		t.Fatal("a schedule was stored")
	}
}

func TestScheduleSavedAndRunAtStart(t *testing.T) {
	u := newBackupUI(t)
	u.withCredentials(t)
	if _, _, err := u.wallet.NewRecoveryKit(); err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(t.TempDir(), "backups")
	u.withFolder(dir)
	u.showSettingsAt(tabBackups)
	mustContain(t, u.win, "Last backup: never")
	test.Tap(checkBox(t, u.win, autoBackupLabel))
	test.Tap(button(t, u.win, "Choose folder…"))
	test.Tap(button(t, u.win, "Save schedule"))
	s, on, err := u.wallet.Schedule()
	if err != nil || !on || s.Folder != dir || s.EveryDays != wallet.DefaultBackupEveryDays || s.Keep != wallet.DefaultBackupKeep {
		t.Fatalf("schedule = %+v, %v, %v", s, on, err)
	}
	// Saving ran the first backup; start it again as a new window would.
	if err := u.wallet.MarkBackedUp(fixedNow.AddDate(0, -1, 0)); err != nil {
		t.Fatal(err)
	}
	for _, f := range mustReadDir(t, dir) {
		os.Remove(filepath.Join(dir, f))
	}
	u.lastBackup.SetText("Last backup: never")
	u.runScheduledBackup()
	files := mustReadDir(t, dir)
	if len(files) != 1 || !strings.HasSuffix(files[0], backupExt) {
		t.Fatalf("the backup folder holds %v, want one backup", files)
	}
	if got := u.lastBackup.Text; got == "Last backup: never" {
		t.Errorf("the last backup still says %q", got)
	}
}

func mustReadDir(t *testing.T, dir string) []string {
	t.Helper()
	es, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range es {
		names = append(names, e.Name())
	}
	return names
}

func TestBackupReminderDismissed(t *testing.T) {
	u := newBackupUI(t)
	u.remindToBackUp()
	if u.notice.Visible() {
		t.Fatal("an empty wallet is reminded to back up")
	}
	u.withCredentials(t)
	u.hideNotice() // the recovery kit offer
	u.remindToBackUp()
	if u.notice.Visible() {
		t.Fatal("reminded to back up credentials just imported")
	}
	u.now = u.now.Add(31 * 24 * time.Hour)
	u.remindToBackUp()
	if !u.notice.Visible() {
		t.Fatal("no reminder for a wallet never backed up")
	}
	mustContain(t, u.win, "Your credentials are not backed up yet")
	button(t, u.win, "Back up…")
	test.Tap(u.noticeClose)
	if u.notice.Visible() {
		t.Fatal("the reminder stays after being dismissed")
	}
}

func TestExportAllIntoAnEmptyFolder(t *testing.T) {
	u := newBackupUI(t)
	u.withCredentials(t)
	dir := t.TempDir()
	u.withFolder(dir)
	u.showSettingsAt(tabBackups)
	test.Tap(button(t, u.win, "Export all…"))
	mustContain(t, u.win, "Wrote 3 credentials to "+dir+" (index.json lists them).")
	if files := mustReadDir(t, dir); len(files) < 4 {
		t.Fatalf("the folder holds %v, want three credentials and the index", files)
	}
	// Again, into the same folder, now full.
	u.showSettingsAt(tabBackups)
	test.Tap(button(t, u.win, "Export all…"))
	mustContain(t, u.win, "That folder is not empty")
}

func TestScheduledBackupFailureIsANotice(t *testing.T) {
	u := newBackupUI(t)
	u.withCredentials(t)
	if _, _, err := u.wallet.NewRecoveryKit(); err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(t.TempDir(), "not-a-folder")
	if err := os.WriteFile(file, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	if err := u.wallet.SetSchedule(wallet.BackupSchedule{Folder: file}); err != nil {
		t.Fatal(err)
	}
	u.runScheduledBackup()
	if !u.notice.Visible() || !strings.Contains(u.noticeText.Text, "The scheduled backup failed") {
		t.Fatalf("no notice of the failure: %q", u.noticeText.Text)
	}
	if n := len(u.win.Canvas().Overlays().List()); n != 0 {
		t.Errorf("the failure opened %d dialogs, want none", n)
	}
}
