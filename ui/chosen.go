package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/learnerwallet/learnerwallet/wallet"
	"github.com/learnerwallet/learnerwallet/wallet/safetext"
)

// showChosen shows, in place of one credential, the several chosen with
// Ctrl or Shift and what can be done with them all.
func (d *detail) showChosen(items []wallet.Item) {
	u := d.u
	d.item = nil
	ids := make([]string, len(items))
	for i, it := range items {
		ids[i] = it.ID
	}
	what := lang.N("{{.Count}} credentials", len(items), counted(len(items)))
	title := widget.NewLabelWithStyle(lang.X("{{.What}} chosen", "{{.What}} chosen", map[string]any{"What": what}),
		fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	names := container.NewVBox()
	for i, it := range items {
		if i == 12 {
			names.Add(widget.NewLabel("…"))
			break
		}
		l := widget.NewLabel(safetext.Line(it.Summary.Title() + " — " + it.Summary.Issuer()))
		l.Truncation = fyne.TextTruncateEllipsis
		names.Add(l)
	}
	tag := newRingButton(lang.L("Tag…"), theme.ContentAddIcon(), func() { u.askTag(ids, what) })
	archive := newRingButton(lang.L("Archive"), theme.FolderIcon(), func() {
		u.bulkDo(func(w *wallet.Wallet) error { return w.SetArchived(true, ids...) }, lang.L("Archived."))
	})
	present := newRingButton(lang.L("Present…"), theme.MailSendIcon(), func() { u.present(ids...) })
	trash := newRingButton(lang.L("Move to the trash"), theme.DeleteIcon(), func() { u.trashItems(items) })
	trash.Importance = widget.DangerImportance
	hint := widget.NewLabel(lang.L("Ctrl+click adds or takes away one; Shift+click takes a range; a click alone goes back to one."))
	hint.Wrapping = fyne.TextWrapWord
	d.root.Objects = []fyne.CanvasObject{container.NewPadded(container.NewBorder(
		container.NewVBox(title, container.NewHBox(tag, archive, present, trash)), hint, nil, nil, container.NewVScroll(names)))}
	d.root.Refresh()
}
