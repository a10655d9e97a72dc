package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
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
	private := widget.NewCheck(lang.L(privateNetworkLabel), nil)
	private.SetChecked(u.wallet.AllowPrivateNetwork())
	reverting := false
	private.OnChanged = func(on bool) {
		if reverting {
			return
		}
		var err error
		u.run(func() { err = u.wallet.SetAllowPrivateNetwork(on) }, func() {
			if err != nil {
				u.showError(lang.L("Could not change the setting"), err)
				reverting = true
				private.SetChecked(u.wallet.AllowPrivateNetwork())
				reverting = false
			}
		})
	}
	explain := widget.NewLabel(lang.L("Off, verification fetches only from the internet, so a credential or a QR code cannot make the wallet\n" +
		"reach into your computer or your network. Turn it on only to check credentials from an issuer on\n" +
		"your own machine or campus network; reports made with it on say so. Addresses still need https,\n" +
		"and share links from this computer can then be fetched here too."))
	var d *dialog.CustomDialog
	then := func(f func()) func() { return func() { d.Hide(); f() } }
	backups := widget.NewLabel(lang.L("Back up everything in the wallet to a file encrypted with a passphrase, restore a backup,\n" +
		"or make a recovery kit: a second key that opens your backups if you forget the passphrase."))
	backupBtn := widget.NewButtonWithIcon(lang.L("Back up…"), theme.DocumentSaveIcon(), then(func() { u.showBackup() }))
	restoreBtn := widget.NewButtonWithIcon(lang.L("Restore…"), theme.UploadIcon(), then(u.showRestore))
	kitBtn := widget.NewButtonWithIcon(lang.L("Recovery kit…"), theme.AccountIcon(), then(func() { u.showRecoveryKit() }))
	exportBtn := widget.NewButtonWithIcon(lang.L("Export all…"), theme.FolderNewIcon(), then(u.exportAll))
	trashBtn := widget.NewButtonWithIcon(lang.L("Trash…"), theme.DeleteIcon(), then(u.showTrash))
	samplesBtn := widget.NewButtonWithIcon(lang.L("Try sample credentials"), theme.MediaPlayIcon(), then(u.trySamples))
	removeSamplesBtn := widget.NewButtonWithIcon(lang.L("Remove samples…"), theme.DeleteIcon(), then(u.removeSamples))
	language := u.newLanguageChoice()
	_, schedule := u.newScheduleForm(then)
	u.updateLastBackup()
	body := container.NewVBox(private, explain, widget.NewSeparator(),
		widget.NewLabelWithStyle(lang.L("Backups"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true}), backups,
		container.NewHBox(backupBtn, restoreBtn, kitBtn, exportBtn, trashBtn),
		widget.NewLabelWithStyle(lang.L("Scheduled backups"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true}), schedule,
		widget.NewLabelWithStyle(lang.L("Sample credentials"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true}),
		widget.NewLabel(lang.L("Made-up badges and a transcript, marked as samples, to try the wallet with; removing them deletes them for good.")),
		container.NewHBox(samplesBtn, removeSamplesBtn),
		widget.NewLabelWithStyle(lang.L("Language"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true}), language)
	d = dialog.NewCustom(lang.L("Settings"), lang.L("Close"), body, u.win)
	d.Resize(fyne.NewSize(720, 600))
	d.Show()
}

// newLanguageChoice is the Settings choice of the app's language: the
// system's, English or Spanish. Fyne's texts are loaded once, at start, so
// a change takes effect on the next start, as it says.
func (u *UI) newLanguageChoice() fyne.CanvasObject {
	p := u.app.Preferences()
	codes := []string{languageSystem, languageEnglish, languageSpanish}
	// English and Español are named in their own language, always.
	names := []string{lang.L("System"), "English", "Español"}
	choice := widget.NewSelect(names, nil)
	for i, c := range codes {
		if c == p.String(prefLanguage) {
			choice.SetSelectedIndex(i)
		}
	}
	choice.OnChanged = func(string) {
		if i := choice.SelectedIndex(); i >= 0 {
			p.SetString(prefLanguage, codes[i])
		}
	}
	note := widget.NewLabel(lang.L("A new language takes effect the next time you start Learner Wallet."))
	note.Importance = widget.LowImportance
	return container.NewHBox(choice, note)
}
