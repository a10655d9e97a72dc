package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// privateNetworkLabel names the one setting that widens where verification
// may fetch from.
const privateNetworkLabel = "Reach this computer and the local network"

// showSettings opens the wallet's settings. There is one: whether
// verification may fetch issuers' documents, key sets and status lists
// from this computer and the local network (a campus server, an issuer
// being tested) as well as from the internet. It is off by default, https
// is still required, and every report made with it on says so.
func (u *UI) showSettings() {
	private := widget.NewCheck(privateNetworkLabel, nil)
	private.SetChecked(u.wallet.AllowPrivateNetwork())
	reverting := false
	private.OnChanged = func(on bool) {
		if reverting {
			return
		}
		var err error
		u.run(func() { err = u.wallet.SetAllowPrivateNetwork(on) }, func() {
			if err != nil {
				u.showError("Could not change the setting", err)
				reverting = true
				private.SetChecked(u.wallet.AllowPrivateNetwork())
				reverting = false
			}
		})
	}
	explain := widget.NewLabel("Off, verification fetches only from the internet, so a credential or a QR code cannot make the wallet\n" +
		"reach into your computer or your network. Turn it on only to check credentials from an issuer on\n" +
		"your own machine or campus network; reports made with it on say so. Addresses still need https,\n" +
		"and share links from this computer can then be fetched here too.")
	var d *dialog.CustomDialog
	then := func(f func()) func() { return func() { d.Hide(); f() } }
	backups := widget.NewLabel("Back up everything in the wallet to a file encrypted with a passphrase, restore a backup,\n" +
		"or make a recovery kit: a second key that opens your backups if you forget the passphrase.")
	backupBtn := widget.NewButtonWithIcon("Back up…", theme.DocumentSaveIcon(), then(func() { u.showBackup() }))
	restoreBtn := widget.NewButtonWithIcon("Restore…", theme.UploadIcon(), then(u.showRestore))
	kitBtn := widget.NewButtonWithIcon("Recovery kit…", theme.AccountIcon(), then(func() { u.showRecoveryKit() }))
	exportBtn := widget.NewButtonWithIcon("Export all…", theme.FolderNewIcon(), then(u.exportAll))
	trashBtn := widget.NewButtonWithIcon("Trash…", theme.DeleteIcon(), then(u.showTrash))
	samplesBtn := widget.NewButtonWithIcon("Try sample credentials", theme.MediaPlayIcon(), then(u.trySamples))
	removeSamplesBtn := widget.NewButtonWithIcon("Remove samples…", theme.DeleteIcon(), then(u.removeSamples))
	_, schedule := u.newScheduleForm(then)
	u.updateLastBackup()
	body := container.NewVBox(private, explain, widget.NewSeparator(),
		widget.NewLabelWithStyle("Backups", fyne.TextAlignLeading, fyne.TextStyle{Bold: true}), backups,
		container.NewHBox(backupBtn, restoreBtn, kitBtn, exportBtn, trashBtn),
		widget.NewLabelWithStyle("Scheduled backups", fyne.TextAlignLeading, fyne.TextStyle{Bold: true}), schedule,
		widget.NewLabelWithStyle("Sample credentials", fyne.TextAlignLeading, fyne.TextStyle{Bold: true}),
		widget.NewLabel("Made-up badges and a transcript, marked as samples, to try the wallet with; removing them deletes them for good."),
		container.NewHBox(samplesBtn, removeSamplesBtn))
	d = dialog.NewCustom("Settings", "Close", body, u.win)
	d.Resize(fyne.NewSize(720, 600))
	d.Show()
}
