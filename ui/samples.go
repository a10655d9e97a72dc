package ui

import (
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
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
	u.setBusy(true, lang.L("Adding sample credentials…"))
	var results []wallet.Result
	var err error
	u.run(func() { results, err = u.wallet.AddSamples() }, func() {
		u.setBusy(false, "")
		if err != nil {
			u.showError(lang.L("Could not add the sample credentials"), err)
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
		status := lang.N("Added {{.Count}} sample credentials", added, counted(added))
		if already > 0 {
			status += lang.N(" ({{.Count}} already in the wallet)", already, counted(already))
		}
		u.status.SetText(status)
		u.reload(firstID)
		u.showNotice(lang.L(samplesNotice), widget.WarningImportance, lang.L("Remove samples"), u.removeSamples)
	})
}

// removeSamples asks, then deletes every sample for good (not to the
// trash: they were never the learner's).
func (u *UI) removeSamples() {
	dialog.ShowConfirm(lang.L("Remove the samples?"), lang.L("Every sample credential is deleted for good.\nYour own credentials stay as they are."), func(ok bool) {
		if !ok {
			return
		}
		var n int
		var err error
		u.run(func() { n, err = u.wallet.RemoveSamples() }, func() {
			if err != nil {
				u.showError(lang.L("Could not remove the samples"), err)
				return
			}
			if u.noticeText.Text == lang.L(samplesNotice) {
				u.hideNotice()
			}
			u.status.SetText(lang.N("Removed {{.Count}} sample credentials", n, counted(n)))
			u.reload("")
		})
	}, u.win)
}
