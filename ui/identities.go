package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/learnerwallet/learnerwallet/wallet/safetext"
	"github.com/learnerwallet/learnerwallet/wallet/verify"
)

// identityKinds are the kinds of identity a learner can enter, as the
// wallet names them; identityKindLabels names them as shown.
var identityKinds = []string{"email", "name", "did"}

func identityKindLabels() []string {
	return []string{lang.L("E-mail address"), lang.L("Name"), lang.L("DID")}
}

// showIdentities opens the dialog where the learner says which e-mail
// addresses, names and DIDs are theirs, so verification can tell whether a
// credential was issued to them (also when the issuer hashed the address).
func (u *UI) showIdentities() {
	list := container.NewVBox()
	var refresh func()
	kind := widget.NewSelect(identityKindLabels(), nil)
	kind.SetSelectedIndex(0)
	value := newLineEntry()
	value.SetPlaceHolder(lang.L("you@example.org"))
	add := newRingButton(lang.L("Add"), theme.ContentAddIcon(), nil)
	add.OnTapped = func() {
		k, v := identityKinds[max(0, kind.SelectedIndex())], value.Text
		var err error
		u.run(func() { err = u.wallet.AddIdentity(k, v) }, func() {
			if err != nil {
				u.showError(lang.L("Could not add"), err)
				return
			}
			value.SetText("")
			refresh()
			u.recheckAll()
		})
	}
	value.OnSubmitted = func(string) { add.OnTapped() }
	refresh = func() {
		var ids verify.Identities
		var err error
		u.run(func() { ids, err = u.wallet.Identities() }, func() {
			list.Objects = nil
			if err != nil {
				list.Add(widget.NewLabel(message(err)))
			}
			row := func(label, v string) {
				remove := newRingButton("", theme.DeleteIcon(), func() {
					var rerr error
					u.run(func() { _, rerr = u.wallet.RemoveIdentity(v) }, func() {
						if rerr != nil {
							u.showError(lang.L("Could not remove"), rerr)
						} else {
							u.recheckAll()
						}
						refresh()
					})
				})
				list.Add(container.NewBorder(nil, nil, widget.NewLabelWithStyle(label, fyne.TextAlignLeading, fyne.TextStyle{Bold: true}), remove, widget.NewLabel(safetext.Line(v))))
			}
			for _, e := range ids.Emails {
				row(lang.L("E-mail"), e)
			}
			for _, n := range ids.Names {
				row(lang.L("Name"), n)
			}
			for _, d := range ids.DIDs {
				row(lang.L("DID"), d)
			}
			if len(list.Objects) == 0 {
				list.Add(widget.NewLabel(lang.L("None yet.")))
			}
			list.Refresh()
		})
	}
	refresh()
	intro := widget.NewLabel(lang.L("Which e-mail addresses, names and DIDs are yours? Verification then checks that a credential was\nissued to you. They stay in this wallet, encrypted. Verify a credential again to check it against them."))
	form := container.NewBorder(nil, nil, kind, add, value)
	body := container.NewBorder(container.NewVBox(intro, form, widget.NewSeparator()), nil, nil, nil, container.NewVScroll(list))
	d := newDialog(lang.L("Your identities"), lang.L("Close"), body, u.win)
	d.Resize(fyne.NewSize(680, 420))
	u.showEscapable(d)
}

// recheckAll checks again, in the background, whom every credential was
// issued to, once the learner's identities changed: whether each is theirs
// is known at once, without Verify again on each (and without the
// network: only the identities changed).
func (u *UI) recheckAll() {
	ids := append([]string(nil), u.topIDs...)
	if len(ids) == 0 || u.rechecking {
		return
	}
	u.rechecking = true
	u.status.SetText(lang.X("Checking {{.Count}} credentials against your identities…", "Checking {{.Count}} credentials against your identities…", map[string]any{"Count": len(ids)}))
	var err error
	u.run(func() { err = u.wallet.RecheckRecipients(ids) }, func() {
		u.rechecking = false
		if err != nil {
			u.showError(lang.L("Could not verify"), err)
			return
		}
		u.status.SetText(lang.L("Checked every credential against your identities."))
		u.reload(u.selected)
	})
}
