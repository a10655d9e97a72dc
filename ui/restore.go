package ui

import (
	"bufio"
	"bytes"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"

	"filippo.io/age"
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

// maxKitFile bounds what is read of a file said to be a recovery kit.
const maxKitFile = 64 << 10

// restoreDialog opens a backup with its passphrase or a recovery kit, says
// what it holds, and restores it once the learner agrees. Nothing is
// written before then.
type restoreDialog struct {
	u       *UI
	d       *dialog.CustomDialog
	step    *fyne.Container
	keys    *dialogKeys
	path    string
	header  wallet.BackupHeader
	pass    *keyEntry
	open    *ringButton
	kit     *ringButton
	problem *widget.Label // why the backup did not open, or that it is opening
	opened  *wallet.OpenedBackup
	bar     *widget.ProgressBar
}

// showRestore asks for a backup file, then restores it.
func (u *UI) showRestore() {
	if u.refuseWhileBusy() {
		return
	}
	u.openPath([]string{backupExt}, func(path string) { u.restoreFrom(path) })
}

// restoreFrom reads what the backup at path says about itself, then asks
// for what opens it.
func (u *UI) restoreFrom(path string) *restoreDialog {
	r := &restoreDialog{u: u, path: path, step: container.NewStack(), keys: &dialogKeys{}}
	var err error
	u.run(func() { r.header, err = readBackupHeader(path) }, func() {
		if err != nil {
			u.cannotRestore(err)
			return
		}
		r.d = dialog.NewCustomWithoutButtons(lang.L("Restore from a backup"), r.step, u.win)
		r.keys.cancel = r.d.Hide
		u.handleKeys(r.d, r.keys)
		r.askSecret()
		r.d.Resize(fyne.NewSize(640, 360))
		r.d.Show()
		if r.pass != nil {
			u.soon(func() { u.win.Canvas().Focus(r.pass) })
		}
	})
	return r
}

func readBackupHeader(path string) (wallet.BackupHeader, error) {
	f, err := os.Open(path)
	if err != nil {
		return wallet.BackupHeader{}, err
	}
	defer f.Close()
	return wallet.ReadBackupHeader(bufio.NewReader(f))
}

// askSecret asks for the passphrase, or a recovery kit.
func (r *restoreDialog) askSecret() {
	about := widget.NewLabel(safetext.Line(filepath.Base(r.path)) + ": " + madeText(r.header) + ".")
	about.Wrapping = fyne.TextWrapWord
	r.problem = widget.NewLabel("")
	r.problem.Wrapping = fyne.TextWrapWord
	r.kit = newRingButton(lang.L("Use a recovery kit…"), theme.FileIcon(), r.chooseKit)
	cancel := newRingButton(lang.L("Cancel"), nil, r.d.Hide)
	body := container.NewVBox(about)
	buttons := container.NewHBox(r.kit, layout.NewSpacer(), cancel)
	if r.header.HasPassphrase {
		ask := widget.NewLabel(lang.L("Type the backup's passphrase. If you have forgotten it, open your recovery kit instead."))
		ask.Wrapping = fyne.TextWrapWord
		r.pass = newKeyEntry(true, r.keys)
		r.open = newRingButton(lang.L("Open"), theme.ConfirmIcon(), r.openWithPassphrase)
		r.open.Importance = widget.HighImportance
		r.open.Disable()
		r.pass.OnChanged = func(p string) {
			if p == "" {
				r.open.Disable()
			} else {
				r.open.Enable()
			}
		}
		r.pass.OnSubmitted = func(string) {
			if !r.open.Disabled() {
				r.openWithPassphrase()
			}
		}
		body.Add(ask)
		body.Add(widget.NewForm(widget.NewFormItem(lang.L("Passphrase"), r.pass)))
		buttons.Add(r.open)
	} else {
		ask := widget.NewLabel(lang.L("This backup was made without a passphrase: open it with your recovery kit."))
		ask.Wrapping = fyne.TextWrapWord
		body.Add(ask)
		r.kit.Importance = widget.HighImportance
		r.keys.confirm = r.chooseKit
	}
	body.Add(r.problem)
	r.step.Objects = []fyne.CanvasObject{container.NewBorder(nil, buttons, nil, nil, body)}
	r.step.Refresh()
}

// madeText says when and by what a backup was made.
func madeText(h wallet.BackupHeader) string {
	t := h.Created.Local()
	data := map[string]any{"Date": longDate(t), "Time": t.Format("15:04"), "App": safetext.Line(h.MadeBy)}
	switch {
	case !h.Created.IsZero() && h.MadeBy != "":
		return lang.L("a backup made on {{.Date}} at {{.Time}} by {{.App}}", data)
	case !h.Created.IsZero():
		return lang.L("a backup made on {{.Date}} at {{.Time}}", data)
	case h.MadeBy != "":
		return lang.L("a backup made by {{.App}}", data)
	}
	return lang.L("a backup")
}

func (r *restoreDialog) openWithPassphrase() {
	p := r.pass.Text
	r.opening(func() (*wallet.OpenedBackup, error) {
		return openBackupFile(r.path, wallet.RestoreOptions{Passphrase: p})
	},
		lang.L("That passphrase does not open this backup. Check it and try again (capital letters count), or use your recovery kit."))
}

func (r *restoreDialog) chooseKit() {
	r.u.openPath(nil, func(kitPath string) {
		r.opening(func() (*wallet.OpenedBackup, error) {
			ids, err := readKit(kitPath)
			if err != nil {
				return nil, err
			}
			return openBackupFile(r.path, wallet.RestoreOptions{Identities: ids})
		}, lang.L("That recovery kit does not open this backup. A kit opens the backups made after it, from the same wallet; "+
			"try another kit, or the passphrase."))
	})
}

// errNotAKit means a file chosen as a recovery kit holds no age identity.
var errNotAKit = errors.New("not a recovery kit")

func readKit(path string) ([]age.Identity, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	b, err := io.ReadAll(io.LimitReader(f, maxKitFile))
	if err != nil {
		return nil, err
	}
	ids, err := age.ParseIdentities(bytes.NewReader(b))
	clear(b)
	if err != nil {
		return nil, errNotAKit
	}
	return ids, nil
}

func openBackupFile(path string, o wallet.RestoreOptions) (*wallet.OpenedBackup, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return wallet.OpenBackup(f, o)
}

// opening opens the backup off the UI goroutine; a wrong secret is said in
// the dialog, with wrong, so the learner can try again.
func (r *restoreDialog) opening(open func() (*wallet.OpenedBackup, error), wrong string) {
	u := r.u
	r.setButtons(false)
	r.problem.Importance = widget.MediumImportance
	r.problem.SetText(lang.L("Opening the backup… A passphrase takes a few seconds to check."))
	var b *wallet.OpenedBackup
	var err error
	u.run(func() { b, err = open() }, func() {
		r.setButtons(true)
		switch {
		case err == nil:
			r.opened = b
			r.confirm()
		case errors.Is(err, wallet.ErrWrongSecret):
			r.problem.Importance = widget.DangerImportance
			r.problem.SetText(wrong)
			if r.pass != nil {
				u.win.Canvas().Focus(r.pass)
			}
		case errors.Is(err, errNotAKit):
			r.problem.Importance = widget.DangerImportance
			r.problem.SetText(lang.L("That file is not a recovery kit: it has no line starting AGE-SECRET-KEY-1."))
		default:
			r.d.Hide()
			u.cannotRestore(err)
		}
	})
}

func (r *restoreDialog) setButtons(on bool) {
	for _, b := range []*ringButton{r.open, r.kit} {
		switch {
		case b == nil:
		case on && (b != r.open || r.pass.Text != ""):
			b.Enable()
		default:
			b.Disable()
		}
	}
}

// cannotRestore says why a backup did not open: nothing was changed.
func (u *UI) cannotRestore(err error) {
	var be *wallet.BackupError
	if errors.As(err, &be) {
		u.showText(lang.L("This backup cannot be restored"), lang.L("{{.Problem}}\n\nNothing in your wallet was changed.", map[string]any{"Problem": plainProblem(be)}))
		return
	}
	u.showError(lang.L("Could not open the backup"), reword(err, lang.L("{{.Error}}\n\nNothing in your wallet was changed", map[string]any{"Error": err.Error()})))
}

// plainProblem is a BackupError's problem as a sentence.
func plainProblem(e *wallet.BackupError) string {
	p := safetext.Line(e.Problem)
	if p == "" {
		return lang.L("The file is damaged.")
	}
	return strings.ToUpper(p[:1]) + p[1:] + "."
}

// showText shows words in a dialog with an OK button.
func (u *UI) showText(title, text string) *dialog.CustomDialog {
	l := widget.NewLabel(text)
	l.Wrapping = fyne.TextWrapWord
	s := container.NewVScroll(l)
	s.SetMinSize(fyne.NewSize(460, 120))
	d := newDialog(title, lang.L("OK"), s, u.win)
	u.showEscapable(d)
	return d
}

// confirm says what the backup holds, and restores it once the learner
// agrees.
func (r *restoreDialog) confirm() {
	holds := widget.NewLabel(lang.L("This backup holds {{.Credentials}}. It is {{.Made}}.", map[string]any{
		"Credentials": lang.N("{{.Count}} credentials", r.opened.Items(), counted(r.opened.Items())), "Made": madeText(r.opened.Header)}))
	holds.Wrapping = fyne.TextWrapWord
	what := widget.NewLabel(lang.L("Restoring adds the credentials this wallet does not have yet, adds the backup's identities, " +
		"sharing log and recovery kits to this wallet's, and puts its signing keys in this computer's keyring. " +
		"Nothing in this wallet is deleted or replaced."))
	what.Wrapping = fyne.TextWrapWord
	restore := newRingButton(lang.L("Restore"), theme.UploadIcon(), r.restore)
	restore.Importance = widget.HighImportance
	cancel := newRingButton(lang.L("Cancel"), nil, r.d.Hide)
	r.keys.confirm = r.restore
	showStep(r.step, container.NewVBox(holds, what), cancel, restore)
}

// restore brings the opened backup into the wallet, with progress.
func (r *restoreDialog) restore() {
	u := r.u
	if u.refuseWhileBusy() {
		return
	}
	r.keys.cancel, r.keys.confirm = nil, nil // it runs to the end
	r.bar = widget.NewProgressBar()
	r.step.Objects = []fyne.CanvasObject{container.NewVBox(widget.NewLabel(lang.L("Restoring…")), r.bar)}
	r.step.Refresh()
	u.setBusy(true, lang.L("Restoring from a backup…"))
	progress := func(done, total int) {
		u.async.post(func() {
			v := float64(done) / float64(max(total, 1))
			r.bar.SetValue(v)
			u.progress.SetValue(v)
		})
	}
	b := r.opened
	r.opened = nil
	var sum wallet.RestoreSummary
	var err error
	u.run(func() { sum, err = u.wallet.RestoreBackup(b, progress) }, func() {
		u.setBusy(false, "")
		u.reload("")
		if err != nil {
			r.d.Hide()
			u.status.SetText(lang.L("The restore did not finish."))
			u.showError(lang.L("The restore did not finish"), reword(err, lang.L("{{.Error}}\n\nWhat was restored before this stays in the wallet; restoring again adds the rest",
				map[string]any{"Error": err.Error()})))
			return
		}
		r.done(sum)
	})
}

func (r *restoreDialog) done(sum wallet.RestoreSummary) {
	text := restoreSummary(sum)
	r.u.status.SetText(text)
	said := widget.NewLabel(text)
	said.Wrapping = fyne.TextWrapWord
	said.Importance = widget.SuccessImportance
	closeBtn := newRingButton(lang.L("Close"), nil, r.d.Hide)
	closeBtn.Importance = widget.HighImportance
	r.keys.cancel, r.keys.confirm = r.d.Hide, r.d.Hide
	showStep(r.step, said, closeBtn)
}

// restoreSummary says, in one sentence, what a restore did.
func restoreSummary(sum wallet.RestoreSummary) string {
	parts := []string{lang.N("Restored {{.Count}} credentials", sum.Added, counted(sum.Added))}
	if sum.Duplicates > 0 {
		parts = append(parts, lang.N("{{.Count}} were already here", sum.Duplicates, counted(sum.Duplicates)))
	}
	if sum.Keys > 0 {
		parts = append(parts, lang.N("your {{.Count}} signing keys are in this computer's keyring", sum.Keys, counted(sum.Keys)))
	}
	return strings.Join(parts, "; ") + "."
}
