package ui

import (
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

// trashItems moves items to the trash, then says so above the library
// with Undo: nothing is asked first, and nothing is lost for 30 days.
func (u *UI) trashItems(items []wallet.Item) {
	if len(items) == 0 {
		return
	}
	ids := make([]string, len(items))
	for i, it := range items {
		ids[i] = it.ID
	}
	var err error
	u.run(func() { err = u.wallet.Trash(ids...) }, func() {
		if err != nil {
			u.showError(lang.L("Could not move to the trash"), err)
			return
		}
		what := lang.N("{{.Count}} credentials", len(items), counted(len(items)))
		if len(items) == 1 {
			what = "“" + safetext.Clip(safetext.Line(items[0].Summary.Title()), 60) + "”"
		}
		u.reload("")
		u.showNotice(lang.L("Moved {{.What}} to the trash. It is deleted for good in {{.Days}} days.", map[string]any{"What": what, "Days": int(wallet.TrashKept.Hours() / 24)}),
			widget.MediumImportance, lang.L("Undo"), func() { u.untrash(ids, what) })
	})
}

// untrash takes items out of the trash again.
func (u *UI) untrash(ids []string, what string) {
	var err error
	u.run(func() { err = u.wallet.Untrash(ids...) }, func() {
		u.hideNotice()
		if err != nil {
			u.showError(lang.L("Could not take it out of the trash"), err)
			return
		}
		u.status.SetText(lang.L("Took {{.What}} out of the trash.", map[string]any{"What": what}))
		u.reload(ids[0])
	})
}

// showTrash lists what is in the trash, each with Restore, and offers to
// empty it.
func (u *UI) showTrash() {
	list := container.NewVBox()
	var d *dialog.CustomDialog
	var fill func()
	fill = func() {
		var items []wallet.Item
		var err error
		u.run(func() { items, err = u.wallet.Trashed() }, func() {
			list.Objects = nil
			switch {
			case err != nil:
				list.Add(widget.NewLabel(message(err)))
			case len(items) == 0:
				list.Add(widget.NewLabel(lang.L("The trash is empty.")))
			}
			for _, it := range items {
				it := it
				name := widget.NewLabelWithStyle(safetext.Line(it.Summary.Title()), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
				name.Truncation = fyne.TextTruncateEllipsis
				when := widget.NewLabel(lang.L("{{.Issuer}} · deleted for good on {{.Date}}", map[string]any{"Issuer": safetext.Line(it.Summary.Issuer()),
					"Date": longDate(it.Trashed.Add(wallet.TrashKept).Local())}))
				when.Truncation = fyne.TextTruncateEllipsis
				restore := newRingButton(lang.L("Restore"), theme.ContentUndoIcon(), func() {
					var err error
					u.run(func() { err = u.wallet.Untrash(it.ID) }, func() {
						if err != nil {
							u.showError(lang.L("Could not restore"), err)
							return
						}
						u.status.SetText(lang.L("Took “{{.Name}}” out of the trash.", map[string]any{"Name": safetext.Line(it.Summary.Title())}))
						u.reload(it.ID)
						fill()
					})
				})
				list.Add(container.NewBorder(nil, nil, nil, restore, container.NewVBox(name, when)))
			}
			list.Refresh()
		})
	}
	empty := newRingButton(lang.L("Empty the trash…"), theme.DeleteIcon(), func() {
		dialog.ShowConfirm(lang.L("Empty the trash"), lang.L("Delete everything in the trash for good? This cannot be undone."), func(ok bool) {
			if !ok {
				return
			}
			var n int
			var err error
			u.run(func() { n, err = u.wallet.EmptyTrash(0) }, func() {
				if err != nil {
					u.showError(lang.L("Could not empty the trash"), err)
					return
				}
				u.status.SetText(lang.N("Deleted {{.Count}} credentials for good.", n, counted(n)))
				fill()
			})
		}, u.win)
	})
	empty.Importance = widget.DangerImportance
	intro := widget.NewLabel(lang.L("Deleted credentials stay here for {{.Count}} days, then are deleted for good.", counted(int(wallet.TrashKept.Hours()/24))))
	scroll := container.NewVScroll(list)
	scroll.SetMinSize(fyne.NewSize(560, 300))
	d = newDialog(lang.L("Trash"), lang.L("Close"), container.NewBorder(intro, container.NewHBox(layout.NewSpacer(), empty), nil, nil, scroll), u.win)
	fill()
	u.showEscapable(d)
}
