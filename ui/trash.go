package ui

import (
	"fmt"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
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
			u.showError("Could not move to the trash", err)
			return
		}
		what := fmt.Sprintf("%d credentials", len(items))
		if len(items) == 1 {
			what = "“" + safetext.Clip(safetext.Line(items[0].Summary.Title()), 60) + "”"
		}
		u.reload("")
		u.showNotice(fmt.Sprintf("Moved %s to the trash. It is deleted for good in %d days.", what, int(wallet.TrashKept.Hours()/24)),
			widget.MediumImportance, "Undo", func() { u.untrash(ids, what) })
	})
}

// untrash takes items out of the trash again.
func (u *UI) untrash(ids []string, what string) {
	var err error
	u.run(func() { err = u.wallet.Untrash(ids...) }, func() {
		u.hideNotice()
		if err != nil {
			u.showError("Could not take it out of the trash", err)
			return
		}
		u.status.SetText("Took " + what + " out of the trash.")
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
				list.Add(widget.NewLabel("The trash is empty."))
			}
			for _, it := range items {
				it := it
				name := widget.NewLabelWithStyle(safetext.Line(it.Summary.Title()), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
				name.Truncation = fyne.TextTruncateEllipsis
				when := widget.NewLabel(fmt.Sprintf("%s · deleted for good on %s", safetext.Line(it.Summary.Issuer()),
					it.Trashed.Add(wallet.TrashKept).Local().Format("2 January 2006")))
				when.Truncation = fyne.TextTruncateEllipsis
				restore := widget.NewButtonWithIcon("Restore", theme.ContentUndoIcon(), func() {
					var err error
					u.run(func() { err = u.wallet.Untrash(it.ID) }, func() {
						if err != nil {
							u.showError("Could not restore", err)
							return
						}
						u.status.SetText("Took “" + safetext.Line(it.Summary.Title()) + "” out of the trash.")
						u.reload(it.ID)
						fill()
					})
				})
				list.Add(container.NewBorder(nil, nil, nil, restore, container.NewVBox(name, when)))
			}
			list.Refresh()
		})
	}
	empty := widget.NewButtonWithIcon("Empty the trash…", theme.DeleteIcon(), func() {
		dialog.ShowConfirm("Empty the trash", "Delete everything in the trash for good? This cannot be undone.", func(ok bool) {
			if !ok {
				return
			}
			var n int
			var err error
			u.run(func() { n, err = u.wallet.EmptyTrash(0) }, func() {
				if err != nil {
					u.showError("Could not empty the trash", err)
					return
				}
				u.status.SetText(fmt.Sprintf("Deleted %s for good.", plural(n, "credential", "credentials")))
				fill()
			})
		}, u.win)
	})
	empty.Importance = widget.DangerImportance
	intro := widget.NewLabel(fmt.Sprintf("Deleted credentials stay here for %d days, then are deleted for good.", int(wallet.TrashKept.Hours()/24)))
	scroll := container.NewVScroll(list)
	scroll.SetMinSize(fyne.NewSize(560, 300))
	d = dialog.NewCustom("Trash", "Close", container.NewBorder(intro, container.NewHBox(layout.NewSpacer(), empty), nil, nil, scroll), u.win)
	fill()
	d.Show()
}
