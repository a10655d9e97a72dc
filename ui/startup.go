package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"
)

// ShowStartupError fills win with why the wallet could not be opened and
// what to do, instead of the library.
func ShowStartupError(win fyne.Window, err error) {
	icon := canvas.NewImageFromResource(AppIcon)
	icon.FillMode = canvas.ImageFillContain
	icon.SetMinSize(fyne.NewSquareSize(72))
	title := widget.NewLabelWithStyle(lang.L("Learner Wallet could not open your wallet"), fyne.TextAlignCenter, fyne.TextStyle{Bold: true})
	msg := widget.NewLabel(message(err))
	msg.Wrapping = fyne.TextWrapWord
	msg.Alignment = fyne.TextAlignCenter
	quit := newRingButton(lang.L("Quit"), nil, win.Close)
	box := container.NewVBox(container.NewCenter(icon), title, msg, container.NewCenter(quit))
	win.SetContent(container.NewPadded(container.NewCenter(container.NewGridWrap(fyne.NewSize(520, 320), box))))
}
