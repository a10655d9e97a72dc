package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/learnerwallet/learnerwallet/wallet/safetext"
)

// privateNetworkLabel names the one setting that widens where verification
// may fetch from.
const privateNetworkLabel = "Reach this computer and the local network"

// showSettings opens the settings, one tab a subject: the network
// verification may reach, the learner's keys and identities, backups,
// samples, and appearance and language.
func (u *UI) showSettings() { u.showSettingsAt(0) }

// The settings' tabs, in order.
const (
	tabNetwork = iota
	tabYou
	tabBackups
	tabAppearance
)

// showSettingsAt opens the settings at one tab.
func (u *UI) showSettingsAt(tab int) {
	var d *dialog.CustomDialog
	then := func(f func()) func() { return func() { d.Hide(); f() } }
	tabs := container.NewAppTabs(
		container.NewTabItem(lang.L("Network"), container.NewVScroll(u.networkSettings())),
		container.NewTabItem(lang.L("You"), container.NewVScroll(u.youSettings(then))),
		container.NewTabItem(lang.L("Backups"), container.NewVScroll(u.backupSettings(then))),
		container.NewTabItem(lang.L("Appearance"), container.NewVScroll(u.appearanceSettings(then))),
	)
	tabs.SelectIndex(tab)
	d = newDialog(lang.L("Settings"), lang.L("Close"), tabs, u.win)
	d.Resize(fyne.NewSize(760, 580))
	u.showEscapable(d)
}

// netCheck is a check box for one of the wallet's network settings; a
// failure to keep the change puts it back.
func (u *UI) netCheck(label string, get func() bool, set func(bool) error) *widget.Check {
	c := widget.NewCheck(label, nil)
	c.SetChecked(get())
	reverting := false
	c.OnChanged = func(on bool) {
		if reverting {
			return
		}
		var err error
		u.run(func() { err = set(on) }, func() {
			if err != nil {
				u.showError(lang.L("Could not change the setting"), err)
				reverting = true
				c.SetChecked(get())
				reverting = false
			}
		})
	}
	return c
}

func wrapped(text string) *widget.Label {
	l := widget.NewLabel(text)
	l.Wrapping = fyne.TextWrapWord
	return l
}

func heading(text string) *widget.Label {
	return widget.NewLabelWithStyle(text, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
}

// networkSettings: whether verification may reach this computer and the
// local network (off by default; https still required; reports say so),
// and whether it reaches the network at all.
func (u *UI) networkSettings() fyne.CanvasObject {
	private := u.netCheck(lang.L(privateNetworkLabel), u.wallet.AllowPrivateNetwork, u.wallet.SetAllowPrivateNetwork)
	explain := wrapped(lang.L("Off, verification fetches only from the internet, so a credential or a QR code cannot make the wallet " +
		"reach into your computer or your network. Turn it on only to check credentials from an issuer on " +
		"your own machine or campus network; reports made with it on say so. Addresses still need https, " +
		"and share links from this computer can then be fetched here too."))
	offline := u.netCheck(lang.L("Work offline"), u.wallet.Offline, u.wallet.SetOffline)
	offlineWhy := wrapped(lang.L("On, verification never reaches the network: it uses the issuers' documents, keys and revocation lists " +
		"the wallet fetched before, and says what it could not check. Nobody learns when or what you verify."))
	return container.NewVBox(private, explain, widget.NewSeparator(), offline, offlineWhy)
}

// youSettings: the learner's DIDs (to copy), replacing the signing key,
// their identities, and where the wallet lives.
func (u *UI) youSettings(then func(func()) func()) fyne.CanvasObject {
	box := container.NewVBox(heading(lang.L("Your DIDs")),
		wrapped(lang.L("Your signing key stays in this computer's keyring; presentations you sign name its DID. Earlier DIDs stay yours.")))
	list := container.NewVBox()
	box.Add(list)
	fill := func() {
		var dids []string
		var current string
		var err error
		u.run(func() {
			if dids, err = u.wallet.HolderDIDs(); err == nil {
				current, err = u.wallet.CurrentHolderDID()
			}
		}, func() {
			list.Objects = nil
			if err != nil {
				list.Add(wrapped(message(err)))
			}
			if len(dids) == 0 && err == nil {
				list.Add(wrapped(lang.L("No key yet: one is made the first time you present.")))
			}
			for _, d := range dids {
				d := d
				name := widget.NewLabelWithStyle(safetext.Line(d), fyne.TextAlignLeading, fyne.TextStyle{Monospace: true})
				name.Truncation = fyne.TextTruncateEllipsis
				name.Selectable = true
				which := lang.L("earlier")
				if d == current {
					which = lang.L("current")
				}
				cp := newRingButton(lang.L("Copy"), theme.ContentCopyIcon(), func() {
					u.app.Clipboard().SetContent(d)
					u.status.SetText(lang.L("Copied your DID."))
				})
				list.Add(container.NewBorder(nil, nil, widget.NewLabel(which), cp, name))
			}
			list.Refresh()
		})
	}
	fill()
	rotate := newRingButton(lang.L("Replace my signing key…"), theme.ViewRefreshIcon(), func() {
		dialog.ShowConfirm(lang.L("Replace your signing key"),
			lang.L("A new key signs your presentations from now on, with a new DID. The old key stays in the keyring only to prove that credentials issued to its DID are yours. Replace it?"),
			func(ok bool) {
				if !ok {
					return
				}
				var err error
				u.run(func() { _, err = u.wallet.RotateHolderKey() }, func() {
					if err != nil {
						u.showError(lang.L("Could not replace the key"), err)
						return
					}
					u.status.SetText(lang.L("Your signing key was replaced."))
					fill()
				})
			}, u.win)
	})
	ids := newRingButton(lang.L("Your identities…"), theme.AccountIcon(), then(u.showIdentities))
	box.Add(container.NewHBox(rotate, ids))
	box.Add(widget.NewSeparator())
	box.Add(heading(lang.L("Where the wallet is")))
	where := widget.NewLabelWithStyle(safetext.Line(u.wallet.Location()), fyne.TextAlignLeading, fyne.TextStyle{Monospace: true})
	where.Selectable = true
	where.Wrapping = fyne.TextWrapBreak
	box.Add(where)
	box.Add(wrapped(lang.L("Encrypted; its key is in this computer's keyring. Back up to move it to another computer.")))
	return box
}

// backupSettings: back up, restore, the recovery kit, exporting, the
// schedule, the trash.
func (u *UI) backupSettings(then func(func()) func()) fyne.CanvasObject {
	backups := wrapped(lang.L("Back up everything in the wallet to a file encrypted with a passphrase, restore a backup, " +
		"or make a recovery kit: a second key that opens your backups if you forget the passphrase."))
	backupBtn := newRingButton(lang.L("Back up…"), theme.DocumentSaveIcon(), then(func() { u.showBackup() }))
	restoreBtn := newRingButton(lang.L("Restore…"), theme.UploadIcon(), then(u.showRestore))
	kitBtn := newRingButton(lang.L("Recovery kit…"), theme.AccountIcon(), then(func() { u.showRecoveryKit() }))
	exportBtn := newRingButton(lang.L("Export all…"), theme.FolderNewIcon(), then(u.exportAll))
	trashBtn := newRingButton(lang.L("Trash…"), theme.DeleteIcon(), then(u.showTrash))
	_, schedule := u.newScheduleForm(then)
	u.updateLastBackup()
	return container.NewVBox(backups,
		container.NewHBox(backupBtn, restoreBtn, kitBtn, exportBtn, trashBtn),
		heading(lang.L("Scheduled backups")), schedule)
}

// appearanceSettings: light or dark, the language, and the samples.
func (u *UI) appearanceSettings(then func(func()) func()) fyne.CanvasObject {
	samplesBtn := newRingButton(lang.L("Try sample credentials"), theme.MediaPlayIcon(), then(u.trySamples))
	removeSamplesBtn := newRingButton(lang.L("Remove samples…"), theme.DeleteIcon(), then(u.removeSamples))
	return container.NewVBox(
		heading(lang.L("Appearance")), u.newAppearanceChoice(),
		heading(lang.L("Language")), u.newLanguageChoice(),
		widget.NewSeparator(),
		heading(lang.L("Sample credentials")),
		wrapped(lang.L("Made-up badges and a transcript, marked as samples, to try the wallet with; removing them deletes them for good.")),
		container.NewHBox(samplesBtn, removeSamplesBtn))
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
