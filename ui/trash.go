package ui

import (
	"fmt"

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
