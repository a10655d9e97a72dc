package wallet_test

import (
	"errors"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/learnerwallet/learnerwallet/wallet"
	"github.com/learnerwallet/learnerwallet/wallet/wallettest"
)

func TestScheduledBackups(t *testing.T) {
	now := time.Date(2026, 1, 1, 9, 0, 0, 0, time.UTC)
	w := wallet.New(wallettest.NewStore(), wallet.WithClock(func() time.Time { return now }), wallet.WithSecrets(wallettest.NewSecrets(), "sched"))
	t.Cleanup(func() { w.Close() })
	if r := w.ImportBytes("badge.json", mustRead(t, "badge-teamwork-signed.json")); r.Status != wallet.Imported {
		t.Fatal(r.Status)
	}
	if remind, err := w.NeedsBackupReminder(); err != nil || remind {
		t.Errorf("a wallet never backed up, its credentials new: reminder %v, %v", remind, err)
	}
	now = now.Add(31 * 24 * time.Hour)
	if remind, err := w.NeedsBackupReminder(); err != nil || !remind {
		t.Errorf("a wallet never backed up, its credentials a month old: reminder %v, %v", remind, err)
	}
	dir := filepath.Join(t.TempDir(), "synced")
	if err := w.SetSchedule(wallet.BackupSchedule{Folder: dir}); !errors.Is(err, wallet.ErrNoRecipient) {
		t.Fatalf("a schedule without a recovery kit: %v", err)
	}
	if _, _, err := w.NewRecoveryKit(); err != nil {
		t.Fatal(err)
	}
	if err := w.SetSchedule(wallet.BackupSchedule{Folder: dir, Keep: 2}); err != nil {
		t.Fatal(err)
	}
	if s, on, _ := w.Schedule(); !on || s.EveryDays != wallet.DefaultBackupEveryDays || s.Keep != 2 {
		t.Errorf("schedule %+v, %v", s, on)
	}
	// A stranger's file in the folder is never touched.
	stranger := filepath.Join(dir, "notes.txt")
	os.MkdirAll(dir, 0o700)
	os.WriteFile(stranger, []byte("mine"), 0o600)

	var written []string
	for day := 0; day < 30; day++ {
		name, err := w.RunScheduledBackup()
		if err != nil {
			t.Fatal(err)
		}
		if name != "" {
			written = append(written, name)
		}
		now = now.Add(24 * time.Hour)
	}
	if len(written) != 5 { // days 0, 7, 14, 21, 28
		t.Errorf("%d backups in 30 days, want 5: %v", len(written), written)
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 3 {
		t.Errorf("the folder holds %d files, want the last 2 backups and the stranger's file", len(entries))
	}
	if _, err := os.Stat(stranger); err != nil {
		t.Errorf("a file that is not a scheduled backup was removed: %v", err)
	}
	last := written[len(written)-1]
	if _, err := os.Stat(last); err != nil {
		t.Fatal(err)
	}
	f, _ := os.Open(last)
	defer f.Close()
	if b, err := wallet.OpenBackup(f, wallet.RestoreOptions{Passphrase: "x"}); err == nil || b != nil {
		t.Error("a scheduled backup opened with a passphrase: it is for the recovery kit only")
	}
	if remind, _ := w.NeedsBackupReminder(); remind {
		t.Error("reminded two days after a backup")
	}
	now = now.Add(40 * 24 * time.Hour)
	if err := w.SetSchedule(wallet.BackupSchedule{}); err != nil {
		t.Fatal(err)
	}
	if remind, _ := w.NeedsBackupReminder(); !remind {
		t.Error("no reminder 40 days after the last backup")
	}
}
