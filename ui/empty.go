package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// emptyState is what a new learner sees: what this is, and how to start.
func (u *UI) emptyState() fyne.CanvasObject {
	icon := canvas.NewImageFromResource(AppIcon)
	icon.FillMode = canvas.ImageFillContain
	icon.SetMinSize(fyne.NewSquareSize(96))

	title := widget.NewRichText(&widget.TextSegment{Text: lang.L("Your learner wallet is empty"), Style: widget.RichTextStyleHeading})
	title.Segments[0].(*widget.TextSegment).Style.Alignment = fyne.TextAlignCenter
	body := widget.NewLabel(lang.L("Keep the badges and learner records you earn here, encrypted on this computer.\n" +
		"Import Open Badges (2.0 and 3.0) and Comprehensive Learner Records as JSON or JWT files,\n" +
		"or badge images (PNG, SVG) with the credential baked in."))
	body.Alignment = fyne.TextAlignCenter
	hint := widget.NewLabel(lang.L("Files or whole folders. You can also drop them onto this window, or paste a credential with Ctrl+V."))
	hint.Alignment = fyne.TextAlignCenter
	hint.Importance = widget.LowImportance

	importBtn := newRingButton(lang.L("Import…"), theme.ContentAddIcon(), u.pickFiles)
	importBtn.Importance = widget.HighImportance
	u.actions = append(u.actions, importBtn)
	samplesBtn := newRingButton(lang.L("Try sample credentials"), theme.MediaPlayIcon(), u.trySamples)
	u.actions = append(u.actions, samplesBtn)
	samplesHint := widget.NewLabel(lang.L("Not yet earned any? Try the app with sample badges and a transcript,\nmade up and marked as samples; remove them in one click."))
	samplesHint.Alignment = fyne.TextAlignCenter
	samplesHint.Importance = widget.LowImportance
	checkBtn := newRingButton(lang.L("Check a presentation someone gave you…"), theme.VisibilityIcon(), u.openPresentation)
	checkBtn.Importance = widget.LowImportance
	idBtn := newRingButton(lang.L("Your identities…"), theme.AccountIcon(), u.showIdentities)
	idBtn.Importance = widget.LowImportance
	settingsBtn := newRingButton(lang.L("Settings…"), theme.SettingsIcon(), u.showSettings)
	settingsBtn.Importance = widget.LowImportance
	restoreBtn := newRingButton(lang.L("Restore from a backup…"), theme.UploadIcon(), u.showRestore)
	restoreBtn.Importance = widget.LowImportance
	receiveBtn := newRingButton(lang.L("Receive from an issuer…"), theme.DownloadIcon(), u.showReceive)
	receiveBtn.Importance = widget.LowImportance
	u.actions = append(u.actions, receiveBtn)

	return container.NewCenter(container.NewVBox(
		container.NewCenter(icon), title, body,
		container.NewCenter(container.NewHBox(importBtn, receiveBtn)), hint,
		container.NewCenter(samplesBtn), samplesHint,
		container.NewCenter(container.NewHBox(checkBtn, restoreBtn)),
		container.NewCenter(container.NewHBox(idBtn, settingsBtn)),
	))
}
