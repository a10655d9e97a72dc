package ui

import (
	"os"
	"path/filepath"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"

	"github.com/learnerwallet/learnerwallet/wallet"
	"github.com/learnerwallet/learnerwallet/wallet/safetext"
)

// takeKeysLabel is the tick that takes another wallet's keys.
const takeKeysLabel = "Also take my keys"

const takeKeysMeaning = "Its signing keys become yours too, beside your own: credentials issued to their DIDs count as yours, " +
	"and your presentations can prove you hold them. They are kept in this computer's keyring, never in a file. " +
	"Tick this only for your own wallet's export: anyone with the file holds the same keys, so delete it once imported."

// exportsAmong reads the files among paths (not the folders) that are
// another wallet's export and hold keys this wallet could take.
func exportsAmong(paths []string) []*wallet.WalletExport {
	var found []*wallet.WalletExport
	for _, p := range paths {
		// An export is JSON text: pictures and JWTs are not read twice.
		switch strings.ToLower(filepath.Ext(p)) {
		case ".png", ".svg", ".svgz", ".jwt", ".jws":
			continue
		}
		if fi, err := os.Stat(p); err != nil || !fi.Mode().IsRegular() {
			continue
		}
		if e, err := wallet.ReadWalletExport(p); err == nil && takeable(e) > 0 {
			found = append(found, e)
		}
	}
	return found
}

func takeable(e *wallet.WalletExport) int {
	n := 0
	for _, k := range e.Keys {
		if k.Takeable() {
			n++
		}
	}
	return n
}

// askTakeKeys asks whether to take the keys of the exports found, then
// calls next with the sources whose keys to take. With none found it calls
// next at once; Cancel imports nothing.
func (u *UI) askTakeKeys(found []*wallet.WalletExport, next func(take map[string]bool)) {
	if len(found) == 0 {
		next(nil)
		return
	}
	lines := container.NewVBox()
	for _, e := range found {
		lines.Add(exportLine(e))
	}
	tick := widget.NewCheck(lang.L(takeKeysLabel), nil)
	meaning := widget.NewLabel(lang.L(takeKeysMeaning))
	meaning.Wrapping = fyne.TextWrapWord
	keys := &dialogKeys{}
	step := container.NewStack()
	d := dialog.NewCustomWithoutButtons(lang.L("Import from another wallet"), step, u.win)
	importBtn := newRingButton(lang.L("Import"), nil, func() {
		d.Hide()
		take := map[string]bool{}
		for _, e := range found {
			take[e.Source] = tick.Checked
		}
		next(take)
	})
	importBtn.Importance = widget.HighImportance
	keys.cancel, keys.confirm = d.Hide, importBtn.OnTapped
	showStep(step, container.NewVBox(lines, tick, meaning), newRingButton(lang.L("Cancel"), nil, d.Hide), importBtn)
	u.handleKeys(d, keys)
	d.Resize(fyne.NewSize(620, 320))
	d.Show()
}

// exportLine says what one export holds and whose keys are in it.
func exportLine(e *wallet.WalletExport) fyne.CanvasObject {
	what := lang.L("A Universal Wallet export")
	if e.Format == wallet.LCWBackup {
		what = lang.L("A Learner Credential Wallet export")
	}
	name := widget.NewLabelWithStyle(safetext.Line(filepath.Base(sourceName(e.Source))), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	name.Truncation = fyne.TextTruncateEllipsis
	holds := widget.NewLabel(lang.L("{{.What}}: {{.Credentials}}, and {{.Keys}} of yours:", map[string]any{"What": what,
		"Credentials": lang.N("{{.Count}} credentials", len(e.Credentials), counted(len(e.Credentials))), "Keys": lang.N("{{.Count}} signing keys", takeable(e), counted(takeable(e)))}))
	holds.Wrapping = fyne.TextWrapWord
	box := container.NewVBox(name, holds)
	for _, k := range e.Keys {
		if k.Takeable() {
			d := widget.NewLabelWithStyle(safetext.Line(k.DID), fyne.TextAlignLeading, fyne.TextStyle{Monospace: true})
			d.Truncation = fyne.TextTruncateEllipsis
			box.Add(d)
		}
	}
	return box
}
