package ui

import (
	"fmt"

	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"github.com/learnerwallet/learnerwallet/wallet"
)

// samplesNotice is what the notice bar says while the samples are in.
const samplesNotice = "These are sample credentials to try the wallet with, not real ones."

// trySamples adds the shipped sample credentials, then shows them, with a
// notice that offers to remove them.
func (u *UI) trySamples() {
	if u.refuseWhileBusy() {
		return
	}
	u.setBusy(true, "Adding sample credentials…")
	var results []wallet.Result
	var err error
	u.run(func() { results, err = u.wallet.AddSamples() }, func() {
		u.setBusy(false, "")
		if err != nil {
			u.showError("Could not add the sample credentials", err)
			return
		}
		var added, already int
		firstID := ""
		for _, r := range results {
			switch r.Status {
			case wallet.Imported:
				added++
			case wallet.Duplicate:
				already++
			default:
				continue
			}
			if firstID == "" {
				firstID = r.ID
			}
		}
		status := "Added " + plural(added, "sample credential", "sample credentials")
		if already > 0 {
			status += fmt.Sprintf(" (%d already in the wallet)", already)
		}
		u.status.SetText(status)
		u.reload(firstID)
		u.showNotice(samplesNotice, widget.WarningImportance, "Remove samples", u.removeSamples)
	})
}

// removeSamples asks, then deletes every sample for good (not to the
// trash: they were never the learner's).
func (u *UI) removeSamples() {
	dialog.ShowConfirm("Remove the samples?", "Every sample credential is deleted for good.\nYour own credentials stay as they are.", func(ok bool) {
		if !ok {
			return
		}
		var n int
		var err error
		u.run(func() { n, err = u.wallet.RemoveSamples() }, func() {
			if err != nil {
				u.showError("Could not remove the samples", err)
				return
			}
			if u.noticeText.Text == samplesNotice {
				u.hideNotice()
			}
			u.status.SetText(fmt.Sprintf("Removed %s", plural(n, "sample credential", "sample credentials")))
			u.reload("")
		})
	}, u.win)
}
