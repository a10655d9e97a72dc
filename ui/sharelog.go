package ui

import (
	"fmt"
	"slices"
	"strings"

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

// showShareLog lists every presentation the learner made, newest first:
// when, what, for whom and how it was shared. Each entry can be deleted.
// The log is kept in the wallet, encrypted, and never leaves it.
func (u *UI) showShareLog() {
	list := container.NewVBox()
	clear := newRingButton(lang.L("Delete all…"), theme.DeleteIcon(), nil)
	clear.Importance = widget.DangerImportance
	var refresh func()
	refresh = func() {
		var log []wallet.Share
		var err error
		u.run(func() { log, err = u.wallet.Shares() }, func() {
			list.Objects = nil
			if err != nil {
				list.Add(widget.NewLabel(message(err)))
			}
			if len(log) == 0 && err == nil {
				none := widget.NewLabel(lang.L("No presentations made yet. Each one you make is listed here."))
				none.Importance = widget.LowImportance
				list.Add(none)
				clear.Disable()
			} else {
				clear.Enable()
			}
			for _, s := range slices.Backward(log) {
				list.Add(u.shareEntry(s, refresh))
				list.Add(widget.NewSeparator())
			}
			list.Refresh()
		})
	}
	clear.OnTapped = func() {
		dialog.ShowConfirm(lang.L("Delete the sharing log"), lang.L("Forget every presentation made so far?\n"+
			"The presentations already shared are not affected."), func(ok bool) {
			if !ok {
				return
			}
			var err error
			u.run(func() { err = u.wallet.ClearShares() }, func() {
				if err != nil {
					u.showError(lang.L("Could not delete"), err)
				}
				refresh()
			})
		}, u.win)
	}
	refresh()
	intro := widget.NewLabel(lang.L("Every presentation you made: when, which credentials, for whom, and how you shared it.\n" +
		"This log is kept encrypted in your wallet and never leaves this computer."))
	body := container.NewBorder(intro, container.NewHBox(layout.NewSpacer(), clear), nil, nil, container.NewVScroll(list))
	d := newDialog(lang.L("Sharing log"), lang.L("Close"), body, u.win)
	d.Resize(fyne.NewSize(760, 560))
	u.showEscapable(d)
}

// shareEntry is one entry of the sharing log, with its delete button.
func (u *UI) shareEntry(s wallet.Share, refresh func()) fyne.CanvasObject {
	format := lang.L("Data Integrity")
	if s.Format == wallet.PresentJWT {
		format = "JWT"
	}
	head := fmt.Sprintf("%s — %s, %s", shortDateTime(s.At.Local()), format, lang.N("{{.Count}} credentials", len(s.Items), counted(len(s.Items))))
	if s.Domain != "" {
		head = lang.L("{{.Presentation}} for {{.Domain}}", map[string]any{"Presentation": head, "Domain": safetext.Line(s.Domain)})
	}
	lines := []string{lang.L("How: {{.How}}", map[string]any{"How": safetext.Line(s.How)}),
		lang.L("Valid until: {{.Time}}", map[string]any{"Time": shortDateTime(s.Expires.Local())})}
	for _, it := range s.Items {
		lines = append(lines, "• "+safetext.Line(it.Title+" — "+it.Issuer))
	}
	text := widget.NewLabel(strings.Join(lines, "\n"))
	text.Wrapping = fyne.TextWrapWord
	del := newRingButton("", theme.DeleteIcon(), func() {
		var err error
		u.run(func() { err = u.wallet.DeleteShare(s.ID) }, func() {
			if err != nil {
				u.showError(lang.L("Could not delete"), err)
			}
			refresh()
		})
	})
	return container.NewBorder(nil, nil, nil, container.NewVBox(del),
		container.NewVBox(widget.NewLabelWithStyle(head, fyne.TextAlignLeading, fyne.TextStyle{Bold: true}), text))
}
