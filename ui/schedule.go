package ui

import (
	"errors"
	"path/filepath"
	"strconv"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/learnerwallet/learnerwallet/wallet"
	"github.com/learnerwallet/learnerwallet/wallet/safetext"
)

// scheduleEvery is how often the open window checks whether a scheduled
// backup is due.
const scheduleEvery = time.Hour

const autoBackupLabel = "Back up automatically"

// startBackups runs a scheduled backup if one is due and reminds the
// learner to back up if they have not in a while; then it checks again
// every hour while the window is open.
func (u *UI) startBackups() {
	u.runScheduledBackup()
	u.remindToBackUp()
	t := time.NewTicker(scheduleEvery)
	go func() {
		for range t.C {
			fyne.Do(u.runScheduledBackup)
		}
	}()
}

// runScheduledBackup writes a backup when the schedule says one is due,
// off the UI goroutine. A failure is told in the notice above the library,
// never in a dialog: nobody asked for it just now.
func (u *UI) runScheduledBackup() {
	if u.scheduledRunning {
		return
	}
	u.scheduledRunning = true
	var path string
	var err error
	u.run(func() { path, err = u.wallet.RunScheduledBackup() }, func() {
		u.scheduledRunning = false
		if err != nil {
			u.showNotice(lang.L("The scheduled backup failed: {{.Error}}", map[string]any{"Error": message(err)}), widget.DangerImportance, lang.L("Settings…"), func() { u.showSettingsAt(tabBackups) })
			return
		}
		if path != "" {
			u.status.SetText(lang.L("Backed up to {{.Path}}.", map[string]any{"Path": safetext.Line(path)}))
			u.hideNotice()
		}
		u.updateLastBackup()
	})
}

// remindToBackUp shows a gentle notice when nothing was backed up for a
// month, or never while the wallet has held credentials that long.
func (u *UI) remindToBackUp() {
	var need bool
	var last time.Time
	var err error
	u.run(func() {
		if need, err = u.wallet.NeedsBackupReminder(); err == nil && need {
			last, err = u.wallet.LastBackup()
		}
	}, func() {
		if err != nil || !need {
			return
		}
		text := lang.L("You have not backed up in 30 days.")
		if last.IsZero() {
			text = lang.L("Your credentials are not backed up yet: a lost or broken computer would lose them.")
		}
		u.showNotice(text, widget.WarningImportance, lang.L("Back up…"), func() { u.showBackup() })
	})
}

// updateLastBackup reads when the wallet was last backed up and says so.
func (u *UI) updateLastBackup() {
	var last time.Time
	var err error
	u.run(func() { last, err = u.wallet.LastBackup() }, func() {
		if err != nil {
			u.lastBackup.SetText(lang.L("Last backup: unknown ({{.Error}})", map[string]any{"Error": message(err)}))
			return
		}
		u.lastBackup.SetText(lang.L("Last backup: {{.When}}", map[string]any{"When": ago(last, time.Now())}))
	})
}

// ago says how long before now t was, in days.
func ago(t, now time.Time) string {
	if t.IsZero() {
		return lang.L("never")
	}
	switch days := int(now.Sub(t).Hours() / 24); {
	case days <= 0:
		return lang.L("today")
	case days == 1:
		return lang.L("yesterday")
	default:
		return lang.L("{{.Count}} days ago", counted(days))
	}
}

// newNotice builds the notice shown above the library: one line, an
// action and a way to dismiss it. It starts hidden.
func (u *UI) newNotice() *fyne.Container {
	u.noticeText = widget.NewLabel("")
	u.noticeText.Wrapping = fyne.TextWrapWord
	u.noticeAction = newRingButton("", nil, nil)
	u.noticeClose = newRingButton("", theme.CancelIcon(), u.hideNotice)
	u.noticeClose.Importance = widget.LowImportance
	u.noticeLater = newRingButton(lang.L("Not now"), nil, u.hideNotice)
	u.noticeLater.Hide()
	u.notice = container.NewPadded(container.NewBorder(nil, nil, nil, container.NewHBox(u.noticeAction, u.noticeLater, u.noticeClose), u.noticeText))
	u.notice.Hide()
	return u.notice
}

// showNotice shows text above the library, with a button doing action.
func (u *UI) showNotice(text string, imp widget.Importance, actionText string, action func()) {
	u.noticeText.Importance = imp
	u.noticeText.SetText(text)
	u.noticeAction.SetText(actionText)
	u.noticeAction.OnTapped = func() { u.hideNotice(); action() }
	u.noticeLater.Hide()
	u.kitOffered = false
	u.notice.Show()
}

// hideNotice hides the notice and forgets what it said.
func (u *UI) hideNotice() {
	u.kitOffered = false
	u.notice.Hide()
	u.noticeText.SetText("")
	u.noticeAction.SetText("")
	u.noticeAction.OnTapped = nil
}

// scheduleForm is the Settings part where the learner turns scheduled
// backups on or off.
type scheduleForm struct {
	u      *UI
	on     *widget.Check
	folder string
	where  *widget.Label
	every  *lineEntry
	keep   *lineEntry
	said   *widget.Label
	kitBtn *ringButton
	save   *ringButton
	hasKit bool
}

// newScheduleForm builds the form; then closes Settings before a dialog
// of its own opens.
func (u *UI) newScheduleForm(then func(func()) func()) (*scheduleForm, fyne.CanvasObject) {
	f := &scheduleForm{u: u, where: widget.NewLabel(lang.L("No folder chosen")), said: widget.NewLabel("")}
	f.where.Truncation = fyne.TextTruncateEllipsis
	f.said.Wrapping = fyne.TextWrapWord
	f.every = newLineEntry()
	f.every.SetText(strconv.Itoa(wallet.DefaultBackupEveryDays))
	f.keep = newLineEntry()
	f.keep.SetText(strconv.Itoa(wallet.DefaultBackupKeep))
	f.on = widget.NewCheck(lang.L(autoBackupLabel), f.toggled)
	choose := newRingButton(lang.L("Choose folder…"), theme.FolderOpenIcon(), func() {
		u.folderPath(func(dir string) {
			f.folder = dir
			f.where.SetText(safetext.Line(dir))
		})
	})
	f.save = newRingButton(lang.L("Save schedule"), nil, f.store)
	f.kitBtn = newRingButton(lang.L("Make a recovery kit…"), theme.AccountIcon(), then(func() { u.showRecoveryKit() }))
	f.kitBtn.Hide()
	var s wallet.BackupSchedule
	var on bool
	var err error
	var kits []string
	u.run(func() {
		s, on, err = u.wallet.Schedule()
		if err == nil {
			kits, err = u.wallet.RecoveryKits()
		}
	}, func() {
		if err != nil {
			f.said.SetText(message(err))
			return
		}
		f.hasKit = len(kits) > 0
		if on {
			f.folder = s.Folder
			f.where.SetText(safetext.Line(s.Folder))
			f.every.SetText(strconv.Itoa(s.EveryDays))
			f.keep.SetText(strconv.Itoa(s.Keep))
			f.on.SetChecked(true)
		}
	})
	row := container.NewHBox(widget.NewLabel(lang.L("every")), sized(f.every), widget.NewLabel(lang.L("days, keep the last")), sized(f.keep),
		layout.NewSpacer(), f.save)
	return f, container.NewVBox(u.lastBackup, f.on, container.NewBorder(nil, nil, nil, choose, f.where), row,
		container.NewBorder(nil, nil, nil, f.kitBtn, f.said))
}

// sized gives a number entry room for three digits.
func sized(e *lineEntry) fyne.CanvasObject {
	return container.NewGridWrap(fyne.NewSize(64, e.MinSize().Height), e)
}

// toggled refuses to turn the schedule on without a recovery kit, which
// scheduled backups are encrypted to, and offers to make one instead.
func (f *scheduleForm) toggled(on bool) {
	if on && !f.hasKit {
		f.on.SetChecked(false)
		f.needKit()
		return
	}
	f.kitBtn.Hide()
	f.said.SetText("")
}

func (f *scheduleForm) needKit() {
	f.said.Importance = widget.WarningImportance
	f.said.SetText(lang.L("Scheduled backups are encrypted to your recovery kit, since no passphrase is kept to encrypt them with. " +
		"Make a recovery kit first."))
	f.kitBtn.Show()
}

// store saves the schedule, or turns it off.
func (f *scheduleForm) store() {
	u := f.u
	s := wallet.BackupSchedule{}
	if f.on.Checked {
		every, err1 := strconv.Atoi(f.every.Text)
		keep, err2 := strconv.Atoi(f.keep.Text)
		if err1 != nil || err2 != nil || every < 1 || keep < 1 {
			f.said.Importance = widget.DangerImportance
			f.said.SetText(lang.L("The number of days and of backups to keep must be whole numbers, 1 or more."))
			return
		}
		if f.folder == "" {
			f.said.Importance = widget.DangerImportance
			f.said.SetText(lang.L("Choose the folder to back up into."))
			return
		}
		s = wallet.BackupSchedule{Folder: f.folder, EveryDays: every, Keep: keep}
	}
	var err error
	u.run(func() { err = u.wallet.SetSchedule(s) }, func() {
		switch {
		case errors.Is(err, wallet.ErrNoRecipient):
			f.on.SetChecked(false)
			f.hasKit = false
			f.needKit()
		case err != nil:
			f.said.Importance = widget.DangerImportance
			f.said.SetText(message(err))
		case s.Folder == "":
			f.said.Importance = widget.MediumImportance
			f.said.SetText(lang.L("Scheduled backups are off."))
		default:
			f.said.Importance = widget.SuccessImportance
			f.said.SetText(lang.L("The wallet will back up into {{.Folder}} every {{.Days}}, keeping the last {{.Keep}}.", map[string]any{
				"Folder": safetext.Line(filepath.Base(s.Folder)), "Days": lang.N("{{.Count}} days", s.EveryDays, counted(s.EveryDays)), "Keep": s.Keep}))
			u.runScheduledBackup()
		}
	})
}

// exportAll writes every credential, as its original file, into a folder
// the learner chooses.
func (u *UI) exportAll() {
	u.folderPath(func(dir string) {
		if u.refuseWhileBusy() {
			return
		}
		u.setBusy(true, lang.L("Exporting…"))
		progress := func(done, total int) {
			u.async.post(func() { u.progress.SetValue(float64(done) / float64(max(total, 1))) })
		}
		var sum wallet.ExportSummary
		var err error
		u.run(func() { sum, err = u.wallet.ExportAll(dir, progress) }, func() {
			u.setBusy(false, "")
			var full *wallet.DirNotEmptyError
			switch {
			case errors.As(err, &full):
				u.status.SetText(lang.L("Nothing was exported."))
				u.showError(lang.L("That folder is not empty"), errors.New(lang.L("{{.Folder}} already holds files. Export into a new folder or an empty one; nothing was written", map[string]any{"Folder": safetext.Line(full.Dir)})))
			case err != nil:
				u.status.SetText(lang.L("Nothing was exported."))
				u.showError(lang.L("Could not export"), err)
			default:
				text := lang.L("Wrote {{.Credentials}} to {{.Dir}} ({{.Index}} lists them).", map[string]any{
					"Credentials": lang.N("{{.Count}} credentials", len(sum.Credentials), counted(len(sum.Credentials))),
					"Dir":         safetext.Line(sum.Dir), "Index": wallet.ExportIndexJSON})
				u.status.SetText(text)
				dialog.ShowInformation(lang.L("Exported"), text, u.win)
			}
		})
	})
}

// chooseFolderPath asks, with Fyne's folder dialog, for a folder; chosen
// gets its path. Tests replace it through UI.folderPath.
func (u *UI) chooseFolderPath(chosen func(path string)) {
	d := dialog.NewFolderOpen(func(dir fyne.ListableURI, err error) {
		switch {
		case err != nil:
			u.showError(lang.L("Could not open the folder"), err)
		case dir == nil:
		case dir.Scheme() != "file":
			u.showError(lang.L("Could not open the folder"), errors.New(lang.L("{{.Path}} is not a folder on this computer", map[string]any{"Path": safetext.Line(dir.String())})))
		default:
			chosen(dir.Path())
		}
	}, u.win)
	d.Resize(fileDialogSize)
	d.Show()
}
