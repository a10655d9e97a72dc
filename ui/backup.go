package ui

import (
	"bufio"
	"errors"
	"io"
	"os"
	"path/filepath"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/learnerwallet/learnerwallet/wallet"
	"github.com/learnerwallet/learnerwallet/wallet/safetext"
)

// backupExt is how a backup's file name ends.
const backupExt = ".lwbackup"

// backupMadeBy is what a backup made in the window says made it.
const backupMadeBy = "Learner Wallet (desktop app)"

// backupName is the name a backup made at t is offered under.
func backupName(t time.Time) string { return "learner-wallet-" + t.Format("2006-01-02") + backupExt }

// backupDialog asks for a passphrase, twice, then writes the backup where
// the learner chooses, with progress, then says what it holds.
type backupDialog struct {
	u     *UI
	d     *dialog.CustomDialog
	step  *fyne.Container
	keys  *dialogKeys
	pass  *keyEntry
	again *keyEntry
	judge *widget.Label // how strong the passphrase is
	match *widget.Label // whether the two agree
	save  *ringButton
	bar   *widget.ProgressBar
}

// showBackup opens the backup dialog.
func (u *UI) showBackup() *backupDialog {
	if u.refuseWhileBusy() {
		return nil
	}
	b := &backupDialog{u: u, step: container.NewStack(), keys: &dialogKeys{}}
	b.d = dialog.NewCustomWithoutButtons(lang.L("Back up your wallet"), b.step, u.win)
	b.keys.cancel = b.d.Hide
	u.handleKeys(b.d, b.keys)
	b.askPassphrase()
	b.d.Resize(fyne.NewSize(640, 420))
	b.d.Show()
	u.soon(func() { u.win.Canvas().Focus(b.pass) })
	return b
}

func (b *backupDialog) askPassphrase() {
	intro := widget.NewLabel(lang.L("A backup holds every credential, your identities, the sharing log and your signing key, " +
		"encrypted with a passphrase you choose. Keep it away from this computer, on a USB drive or in a cloud folder, " +
		"so that losing the computer does not lose your credentials."))
	intro.Wrapping = fyne.TextWrapWord
	b.pass = newKeyEntry(true, b.keys)
	b.again = newKeyEntry(true, b.keys)
	b.judge = widget.NewLabel("")
	b.judge.Wrapping = fyne.TextWrapWord
	b.match = widget.NewLabel("")
	b.save = newRingButton(lang.L("Save backup…"), theme.DocumentSaveIcon(), b.choosePath)
	b.save.Importance = widget.HighImportance
	cancel := newRingButton(lang.L("Cancel"), nil, b.d.Hide)
	b.pass.OnChanged = func(string) { b.check() }
	b.again.OnChanged = func(string) { b.check() }
	b.pass.OnSubmitted = func(string) { b.u.win.Canvas().Focus(b.again) }
	b.again.OnSubmitted = func(string) {
		if !b.save.Disabled() {
			b.choosePath()
		}
	}
	form := widget.NewForm(widget.NewFormItem(lang.L("Passphrase"), b.pass), widget.NewFormItem(lang.L("Again"), b.again))
	showStep(b.step, container.NewVBox(intro, form, b.judge, b.match), cancel, b.save)
	b.check()
}

// check says how strong the passphrase is and whether the two agree, and
// allows saving only when it is long enough and they do.
func (b *backupDialog) check() {
	p := b.pass.Text
	s, advice := judgePassphrase(p)
	if p == "" {
		s, advice = weak, lang.L("Choose a passphrase of at least 12 characters. Four or five unrelated words are easy to remember and hard to guess.")
		b.judge.Importance = widget.MediumImportance
	} else {
		b.judge.Importance = s.importance()
	}
	b.judge.SetText(advice)
	switch {
	case b.again.Text == "":
		b.match.SetText("")
	case b.again.Text != p:
		b.match.Importance = widget.DangerImportance
		b.match.SetText(lang.L("The two passphrases differ."))
	default:
		b.match.Importance = widget.SuccessImportance
		b.match.SetText(lang.L("The two passphrases match."))
	}
	if s != tooShort && p != "" && b.again.Text == p {
		b.save.Enable()
	} else {
		b.save.Disable()
	}
}

func (b *backupDialog) choosePath() {
	b.u.savePath(backupName(time.Now()), b.write)
}

// write makes the backup at path, off the UI goroutine.
func (b *backupDialog) write(path string) {
	u := b.u
	if u.refuseWhileBusy() {
		return
	}
	o := wallet.BackupOptions{Passphrase: b.pass.Text, MadeBy: backupMadeBy}
	b.pass.SetText("")
	b.again.SetText("")
	b.bar = widget.NewProgressBar()
	b.keys.cancel = nil // it runs to the end
	b.step.Objects = []fyne.CanvasObject{container.NewVBox(widget.NewLabel(lang.L("Backing up to {{.Name}}…", map[string]any{"Name": safetext.Line(filepath.Base(path))})), b.bar)}
	b.step.Refresh()
	u.setBusy(true, lang.L("Backing up…"))
	o.Progress = func(done, total int) {
		u.async.post(func() {
			v := float64(done) / float64(max(total, 1))
			b.bar.SetValue(v)
			u.progress.SetValue(v)
		})
	}
	var sum wallet.BackupSummary
	var err, markErr error // markErr: the backup was made, but not remembered
	u.run(func() {
		err = writeFileSafely(path, func(w io.Writer) error {
			var berr error
			sum, berr = u.wallet.Backup(w, o)
			return berr
		})
		if err == nil {
			markErr = u.wallet.MarkBackedUp(time.Now())
		}
	}, func() {
		u.setBusy(false, "")
		if err != nil {
			b.d.Hide()
			u.status.SetText(lang.L("The backup was not made."))
			u.showError(lang.L("The backup was not made"), err)
			return
		}
		b.done(sum, path)
		u.hideNotice()
		u.updateLastBackup()
		if markErr != nil {
			u.status.SetText(lang.L("The backup was made, but the wallet could not note when: {{.Error}}", map[string]any{"Error": message(markErr)}))
		}
	})
}

// done says what the backup holds and where it is, and offers a recovery
// kit when the wallet has none.
func (b *backupDialog) done(sum wallet.BackupSummary, path string) {
	text := backupSummary(sum, path)
	b.u.status.SetText(text)
	said := widget.NewLabel(text)
	said.Wrapping = fyne.TextWrapWord
	said.Importance = widget.SuccessImportance
	away := widget.NewLabel(lang.L("Copy it somewhere other than this computer. Restore it with Restore… in Settings, " +
		"or on a new computer from the empty wallet."))
	away.Wrapping = fyne.TextWrapWord
	closeBtn := newRingButton(lang.L("Close"), nil, b.d.Hide)
	closeBtn.Importance = widget.HighImportance
	buttons := container.NewHBox(layout.NewSpacer(), closeBtn)
	body := container.NewVBox(said, away)
	if sum.Kits == 0 {
		noKit := widget.NewLabel(lang.L("You have no recovery kit: if you forget the passphrase, nobody can open this backup. " +
			"A recovery kit is a second key to your backups, kept on paper or on a drive in a drawer."))
		noKit.Wrapping = fyne.TextWrapWord
		noKit.Importance = widget.WarningImportance
		body.Add(noKit)
		kit := newRingButton(lang.L("Make a recovery kit…"), theme.AccountIcon(), func() {
			b.d.Hide()
			b.u.showRecoveryKit()
		})
		buttons = container.NewHBox(kit, layout.NewSpacer(), closeBtn)
	}
	b.keys.cancel, b.keys.confirm = b.d.Hide, b.d.Hide
	b.step.Objects = []fyne.CanvasObject{container.NewBorder(nil, buttons, nil, nil, body)}
	b.step.Refresh()
}

// backupSummary says, in one sentence, what a backup holds, where it is and
// what opens it.
func backupSummary(sum wallet.BackupSummary, path string) string {
	var keys string
	switch sum.Keys {
	case 0:
	case 1:
		keys = lang.L(" and your signing key")
	default:
		keys = lang.L(" and your {{.Count}} signing keys", counted(sum.Keys))
	}
	to := lang.L("your passphrase")
	if sum.Kits > 0 {
		to += lang.L(" and ") + lang.N("{{.Count}} recovery kits", sum.Kits, counted(sum.Kits))
	}
	return lang.L("Backed up {{.Credentials}}{{.Keys}} to {{.Path}}, encrypted to {{.To}}.", map[string]any{
		"Credentials": lang.N("{{.Count}} credentials", sum.Items, counted(sum.Items)), "Keys": keys, "Path": safetext.Line(path), "To": to})
}

// writeFileSafely writes a file only the learner can read (0600) through
// write: to a new file beside path, renamed over it once complete, so a
// failure leaves any earlier file as it was.
func writeFileSafely(path string, write func(io.Writer) error) (err error) {
	f, err := os.CreateTemp(filepath.Dir(path), ".learner-wallet-*.tmp")
	if err != nil {
		return reword(err, lang.L("cannot write to {{.Folder}}: {{.Error}}", map[string]any{"Folder": filepath.Dir(path), "Error": err.Error()}))
	}
	defer func() {
		if err != nil {
			f.Close()
			os.Remove(f.Name())
			// The save dialog makes an empty file; an empty file holds
			// nothing to keep.
			if fi, serr := os.Stat(path); serr == nil && fi.Mode().IsRegular() && fi.Size() == 0 {
				os.Remove(path)
			}
		}
	}()
	bw := bufio.NewWriter(f)
	if err = write(bw); err != nil {
		return err
	}
	if err = bw.Flush(); err != nil {
		return err
	}
	if err = f.Chmod(0o600); err != nil && !errors.Is(err, errors.ErrUnsupported) {
		return err
	}
	if err = f.Sync(); err != nil {
		return err
	}
	if err = f.Close(); err != nil {
		return err
	}
	return os.Rename(f.Name(), path)
}

// chooseSavePath asks, with Fyne's save dialog, where to write a file
// named name by default; chosen gets the path. Tests replace it through
// UI.savePath.
func (u *UI) chooseSavePath(name string, chosen func(path string)) {
	save := dialog.NewFileSave(func(w fyne.URIWriteCloser, err error) {
		if err != nil {
			u.showError(lang.L("Could not save"), err)
			return
		}
		if w == nil {
			return // cancelled
		}
		// The dialog opened the file; writeFileSafely replaces it.
		uri := w.URI()
		var cerr error
		u.run(func() { cerr = w.Close() }, func() {
			switch {
			case cerr != nil:
				u.showError(lang.L("Could not save"), cerr)
			case uri.Scheme() != "file":
				u.showError(lang.L("Could not save"), errors.New(lang.L("{{.Path}} is not a file on this computer", map[string]any{"Path": safetext.Line(uri.String())})))
			default:
				chosen(uri.Path())
			}
		})
	}, u.win)
	save.SetFileName(name)
	save.Resize(fileDialogSize)
	u.soon(save.Show) // it takes the keyboard: see soon
}

// chooseOpenPath asks, with Fyne's open dialog, for a file ending in one
// of exts (any file when none); chosen gets the path. Tests replace it
// through UI.openPath.
func (u *UI) chooseOpenPath(exts []string, chosen func(path string)) {
	open := dialog.NewFileOpen(func(r fyne.URIReadCloser, err error) {
		if err != nil {
			u.showError(lang.L("Could not open"), err)
			return
		}
		if r == nil {
			return
		}
		uri := r.URI()
		u.run(func() { _ = r.Close() }, func() {
			if uri.Scheme() != "file" {
				u.showError(lang.L("Could not open"), errors.New(lang.L("{{.Path}} is not a file on this computer", map[string]any{"Path": safetext.Line(uri.String())})))
				return
			}
			chosen(uri.Path())
		})
	}, u.win)
	if len(exts) > 0 {
		open.SetFilter(storage.NewExtensionFileFilter(exts))
	}
	open.Resize(fileDialogSize)
	open.Show()
}

// keyEntry is an entry on which Escape cancels its dialog: Fyne's entries
// keep every key they are given.
type keyEntry struct {
	widget.Entry
	keys *dialogKeys
}

func newKeyEntry(password bool, keys *dialogKeys) *keyEntry {
	e := &keyEntry{keys: keys}
	e.Password = password
	e.Wrapping = fyne.TextWrap(fyne.TextTruncateClip)
	e.ExtendBaseWidget(e)
	return e
}

// TypedKey cancels the dialog on Escape, and types otherwise.
func (e *keyEntry) TypedKey(k *fyne.KeyEvent) {
	if k.Name == fyne.KeyEscape && e.keys != nil {
		e.keys.escape()
		return
	}
	e.Entry.TypedKey(k)
}

// dialogKeys are what Escape and Enter do in a dialog of several steps;
// each step sets them (nil: nothing).
type dialogKeys struct{ cancel, confirm func() }

func (k *dialogKeys) escape() {
	if k.cancel != nil {
		k.cancel()
	}
}

// handleKeys makes Escape and Enter do what keys say while d is shown and
// no entry has the keyboard (the window's buttons and text boxes pass
// Escape on to it). It replaces d's OnClosed by closed, when given, then
// the window's own keys again.
func (u *UI) handleKeys(d dialog.Dialog, keys *dialogKeys, closed ...func()) {
	c := u.win.Canvas()
	prev := c.OnTypedKey()
	c.SetOnTypedKey(func(k *fyne.KeyEvent) {
		switch {
		case k.Name == fyne.KeyEscape:
			keys.escape()
		case (k.Name == fyne.KeyReturn || k.Name == fyne.KeyEnter) && keys.confirm != nil:
			keys.confirm()
		case prev != nil:
			prev(k)
		}
	})
	d.SetOnClosed(func() {
		for _, f := range closed {
			f()
		}
		c.SetOnTypedKey(prev)
	})
}

// showEscapable shows d, which Escape closes (the topmost dialog only);
// closed, when given, runs when it closes.
func (u *UI) showEscapable(d dialog.Dialog, closed ...func()) {
	u.handleKeys(d, &dialogKeys{cancel: d.Hide}, closed...)
	d.Show()
}

// showStep puts a step of a dialog in step: its body, and its buttons
// along the bottom right, the one that goes on last.
func showStep(step *fyne.Container, body fyne.CanvasObject, buttons ...fyne.CanvasObject) {
	row := container.NewHBox(append([]fyne.CanvasObject{layout.NewSpacer()}, buttons...)...)
	step.Objects = []fyne.CanvasObject{container.NewBorder(nil, row, nil, nil, body)}
	step.Refresh()
}
