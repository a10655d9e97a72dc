package wallet

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"
)

const (
	// settingBackupSchedule is the learner's choice of scheduled backups,
	// as JSON (BackupSchedule).
	settingBackupSchedule = "backup-schedule"
	// settingLastBackup is when the last backup was written, as JSON.
	settingLastBackup = "last-backup"
)

// BackupSchedule is where and how often the window backs the wallet up by
// itself. Scheduled backups are encrypted to the recovery kits (and
// nothing else): no passphrase is kept to encrypt them with.
type BackupSchedule struct {
	Folder    string `json:"folder"`    // e.g. a synced folder
	EveryDays int    `json:"everyDays"` // 7 by default
	Keep      int    `json:"keep"`      // how many scheduled backups to keep there
}

// Defaults for a schedule, and when to remind a learner with no backup.
const (
	DefaultBackupEveryDays = 7
	DefaultBackupKeep      = 5
	BackupReminderAfter    = 30 * 24 * time.Hour
)

// scheduledName names scheduled backups; only files named so are pruned.
const scheduledPrefix, scheduledSuffix = "learner-wallet-scheduled-", ".lwbackup"

// Schedule returns the backup schedule, and false when there is none.
func (w *Wallet) Schedule() (BackupSchedule, bool, error) {
	var s BackupSchedule
	b, err := w.store.Setting(settingBackupSchedule)
	if err != nil || b == nil {
		return s, false, err
	}
	if err := json.Unmarshal(b, &s); err != nil {
		return s, false, fmt.Errorf("the backup schedule is damaged: %w", err)
	}
	return s, s.Folder != "", nil
}

// SetSchedule sets the backup schedule; an empty Folder turns it off.
// Scheduled backups need a recovery kit to be encrypted to.
func (w *Wallet) SetSchedule(s BackupSchedule) error {
	if s.Folder != "" {
		kits, err := w.RecoveryKits()
		if err != nil {
			return err
		}
		if len(kits) == 0 {
			return fmt.Errorf("scheduled backups are encrypted to your recovery kit: make one first: %w", ErrNoRecipient)
		}
		if !filepath.IsAbs(s.Folder) {
			return fmt.Errorf("the backup folder %q is not a full path", s.Folder)
		}
		if s.EveryDays <= 0 {
			s.EveryDays = DefaultBackupEveryDays
		}
		if s.Keep <= 0 {
			s.Keep = DefaultBackupKeep
		}
	}
	b, err := json.Marshal(s)
	if err != nil {
		return err
	}
	return w.store.SetSetting(settingBackupSchedule, b)
}

// LastBackup is when a backup was last written (by hand or on schedule),
// zero when never.
func (w *Wallet) LastBackup() (time.Time, error) {
	var t time.Time
	b, err := w.store.Setting(settingLastBackup)
	if err != nil || b == nil {
		return t, err
	}
	err = json.Unmarshal(b, &t)
	return t, err
}

// MarkBackedUp records that a backup was written at t.
func (w *Wallet) MarkBackedUp(t time.Time) error {
	b, err := json.Marshal(t.UTC())
	if err != nil {
		return err
	}
	return w.store.SetSetting(settingLastBackup, b)
}

// NeedsBackupReminder reports whether the learner should be reminded to
// back up: the last backup is older than BackupReminderAfter or, never
// backed up, the wallet has held credentials that long.
func (w *Wallet) NeedsBackupReminder() (bool, error) {
	items, err := w.store.List()
	if err != nil || len(items) == 0 {
		return false, err
	}
	last, err := w.LastBackup()
	if err != nil {
		return false, err
	}
	if last.IsZero() {
		for _, it := range items {
			if last.IsZero() || it.AddedAt.Before(last) {
				last = it.AddedAt
			}
		}
	}
	return w.now().Sub(last) > BackupReminderAfter, nil
}

// RunScheduledBackup writes a backup into the schedule's folder when one
// is due, and removes the oldest scheduled backups past Keep. It returns
// the file written, "" when none was due.
func (w *Wallet) RunScheduledBackup() (string, error) {
	s, on, err := w.Schedule()
	if err != nil || !on {
		return "", err
	}
	last, err := w.LastBackup()
	if err != nil {
		return "", err
	}
	now := w.now()
	if !last.IsZero() && now.Sub(last) < time.Duration(s.EveryDays)*24*time.Hour {
		return "", nil
	}
	if err := os.MkdirAll(s.Folder, 0o700); err != nil {
		return "", fmt.Errorf("cannot reach the backup folder: %w", err)
	}
	name := filepath.Join(s.Folder, scheduledPrefix+now.UTC().Format("2006-01-02-150405")+scheduledSuffix)
	tmp, err := os.CreateTemp(s.Folder, ".learner-wallet-backup-*")
	if err != nil {
		return "", fmt.Errorf("cannot write in the backup folder: %w", err)
	}
	defer os.Remove(tmp.Name()) // a no-op once renamed
	_, err = w.Backup(tmp, BackupOptions{MadeBy: "Learner Wallet (scheduled)"})
	if err == nil {
		err = tmp.Sync()
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp.Name(), name)
	}
	if err != nil {
		return "", fmt.Errorf("the scheduled backup failed: %w", err)
	}
	if err := w.MarkBackedUp(now); err != nil {
		return name, err
	}
	return name, pruneScheduled(s.Folder, s.Keep)
}

// pruneScheduled removes the oldest scheduled backups in dir beyond keep.
// Only files named as scheduled backups are ever removed.
func pruneScheduled(dir string, keep int) error {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return err
	}
	var names []string
	for _, e := range entries {
		n := e.Name()
		if e.Type().IsRegular() && strings.HasPrefix(n, scheduledPrefix) && strings.HasSuffix(n, scheduledSuffix) {
			names = append(names, n)
		}
	}
	sort.Strings(names) // the names carry the time, so oldest first
	var errs []error
	for len(names) > keep {
		if err := os.Remove(filepath.Join(dir, names[0])); err != nil {
			errs = append(errs, err)
		}
		names = names[1:]
	}
	return errors.Join(errs...)
}
