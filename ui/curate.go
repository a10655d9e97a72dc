package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/learnerwallet/learnerwallet/wallet"
	"github.com/learnerwallet/learnerwallet/wallet/safetext"
)

// yours is the part of the detail view that is the learner's own: tags, a
// private note, pin and archive. None of it is ever presented.
type yours struct {
	u        *UI
	id       string
	root     *fyne.Container
	tags     *fyne.Container
	addTag   *widget.SelectEntry
	note     *textBox
	saveNote *ringButton
	pin      *ringButton
	archive  *ringButton
	saved    string // the note as stored
}

func newYours(u *UI) *yours {
	y := &yours{u: u}
	y.tags = container.NewHBox()
	y.addTag = widget.NewSelectEntry(nil)
	y.addTag.SetPlaceHolder(lang.L("Add a tag…"))
	y.addTag.OnSubmitted = y.tag
	y.addTag.OnChanged = func(s string) {
		// Picking from the list adds at once; typing waits for Enter.
		for _, o := range y.u.filter.tag.Options[1:] {
			if s == o {
				y.tag(s)
				return
			}
		}
	}
	y.note = newTextBox()
	y.note.SetPlaceHolder(lang.L("A private note (only in this wallet and its backups; never presented)"))
	y.note.Wrapping = fyne.TextWrapWord
	y.note.SetMinRowsVisible(2)
	y.note.OnChanged = func(s string) {
		if s == y.saved {
			y.saveNote.Disable()
		} else {
			y.saveNote.Enable()
		}
	}
	y.saveNote = newRingButton(lang.L("Save note"), theme.DocumentSaveIcon(), y.keepNote)
	y.saveNote.Disable()
	y.pin = newRingButton(lang.L("Pin"), theme.UploadIcon(), nil)
	y.archive = newRingButton(lang.L("Archive"), theme.FolderIcon(), nil)
	label := widget.NewLabelWithStyle(lang.L("Yours"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	y.root = container.NewVBox(
		container.NewHBox(label, layout.NewSpacer(), y.pin, y.archive),
		container.NewBorder(nil, nil, nil, container.NewGridWrap(fyne.NewSize(180, y.addTag.MinSize().Height), y.addTag), container.NewHScroll(y.tags)),
		container.NewBorder(nil, nil, nil, y.saveNote, y.note),
	)
	return y
}

// show fills the part in for it; a course inside a record has none (what
// the learner keeps goes on the record).
func (y *yours) show(it wallet.Item) {
	if it.Parent != "" {
		y.root.Hide()
		return
	}
	y.root.Show()
	y.id = it.ID
	y.tags.Objects = nil
	for _, t := range it.Tags {
		t := t
		b := newRingButton(safetext.Clip(safetext.Line(t), 30), theme.CancelIcon(), func() { y.untag(t) })
		b.Importance = widget.LowImportance
		y.tags.Add(b)
	}
	if len(it.Tags) == 0 {
		none := widget.NewLabel(lang.L("No tags"))
		none.Importance = widget.LowImportance
		y.tags.Add(none)
	}
	y.tags.Refresh()
	y.addTag.SetOptions(y.u.filter.tag.Options[1:])
	y.saved = it.Note
	y.note.SetText(it.Note)
	y.saveNote.Disable()
	if it.Pinned {
		y.pin.SetText(lang.L("Unpin"))
		y.pin.OnTapped = func() { y.set(func(w *wallet.Wallet) error { return w.SetPinned(false, y.id) }, lang.L("Unpinned.")) }
	} else {
		y.pin.SetText(lang.L("Pin"))
		y.pin.OnTapped = func() {
			y.set(func(w *wallet.Wallet) error { return w.SetPinned(true, y.id) }, lang.L("Pinned to the top."))
		}
	}
	if it.Archived {
		y.archive.SetText(lang.L("Take out of the archive"))
		y.archive.OnTapped = func() {
			y.set(func(w *wallet.Wallet) error { return w.SetArchived(false, y.id) }, lang.L("Taken out of the archive."))
		}
	} else {
		y.archive.SetText(lang.L("Archive"))
		y.archive.OnTapped = func() {
			y.set(func(w *wallet.Wallet) error { return w.SetArchived(true, y.id) }, lang.L("Archived: the Archived filter shows it."))
		}
	}
}

func (y *yours) tag(name string) {
	if name == "" {
		return
	}
	y.set(func(w *wallet.Wallet) error { return w.Tag(name, false, y.id) }, "")
	y.addTag.SetText("")
}

func (y *yours) untag(name string) {
	y.set(func(w *wallet.Wallet) error { return w.Tag(name, true, y.id) }, "")
}

func (y *yours) keepNote() {
	y.set(func(w *wallet.Wallet) error { return w.SetNote(y.id, y.note.Text) }, lang.L("Note saved."))
}

// set changes the item off the UI goroutine, then shows it again.
func (y *yours) set(change func(*wallet.Wallet) error, said string) {
	id := y.id
	var err error
	y.u.run(func() { err = change(y.u.wallet) }, func() {
		if err != nil {
			y.u.showError(lang.L("Could not keep that"), err)
			return
		}
		if said != "" {
			y.u.status.SetText(said)
		}
		y.u.reload(id)
	})
}
