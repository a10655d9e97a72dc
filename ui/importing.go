package ui

import (
	"path/filepath"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"

	"github.com/learnerwallet/learnerwallet/wallet"
	"github.com/learnerwallet/learnerwallet/wallet/safetext"
)

const prefLastFolder = "import.lastFolder"

// pastedText is where the wallet says a pasted credential came from.
const pastedText = "pasted text"

// sourceName is where a credential came from, as the learner reads it.
func sourceName(source string) string {
	if source == pastedText {
		return lang.L(pastedText)
	}
	return source
}

// pickFiles opens the multi-select import dialog.
func (u *UI) pickFiles() {
	start := u.app.Preferences().String(prefLastFolder)
	newPicker(u, start, func(paths []string) {
		if len(paths) > 0 {
			u.app.Preferences().SetString(prefLastFolder, filepath.Dir(paths[0]))
		}
		u.importPaths(paths)
	}).show()
}

// pasteImport imports a credential, or another wallet's export, from the
// clipboard.
func (u *UI) pasteImport() {
	if u.refuseWhileBusy() {
		return
	}
	text := []byte(strings.TrimSpace(u.app.Clipboard().Content()))
	if len(text) == 0 {
		u.status.SetText(lang.L("The clipboard is empty: copy a credential (JSON or JWT) first."))
		return
	}
	if isReceivable(string(text)) {
		u.receiveLink(string(text)) // an issuer's offer: who offers what is shown first
		return
	}
	if isRequest(string(text)) {
		u.respondLink(string(text)) // a verifier's request: who asks what is shown first
		return
	}
	var found []*wallet.WalletExport
	if e, err := wallet.ParseWalletExport(text); err == nil && takeable(e) > 0 {
		e.Source = pastedText
		found = append(found, e)
	}
	u.askTakeKeys(found, func(take map[string]bool) {
		if u.refuseWhileBusy() {
			return
		}
		u.setBusy(true, lang.L("Importing from the clipboard…"))
		var results []wallet.Result
		keys := exportKeys{take: take}
		u.run(func() { results = u.wallet.ImportText(pastedText, text, keys.decide) }, func() {
			u.setBusy(false, "")
			u.importDone(results, keys.left)
		})
	})
}

// importPaths imports files and folders off the UI goroutine, with
// progress. Another wallet's export chosen as a file is first shown, with
// the choice of taking its keys.
func (u *UI) importPaths(paths []string) {
	if len(paths) == 0 || u.refuseWhileBusy() {
		return
	}
	u.setBusy(true, lang.L("Reading…"))
	var found []*wallet.WalletExport
	u.run(func() { found = exportsAmong(paths) }, func() {
		u.setBusy(false, "")
		u.askTakeKeys(found, func(take map[string]bool) { u.importChosen(paths, take) })
	})
}

func (u *UI) importChosen(paths []string, take map[string]bool) {
	if u.refuseWhileBusy() {
		return
	}
	u.setBusy(true, lang.L("Importing…"))
	u.stop = make(chan struct{})
	u.stopBtn.Enable()
	u.stopBtn.Show()
	stop := u.stop
	var results []wallet.Result
	keys := exportKeys{take: take}
	// The library fills in as credentials come in, every few seconds.
	lastShown := time.Now()
	progress := wallet.ProgressFunc(func(done, total int, r wallet.Result) {
		u.async.post(func() {
			u.progress.SetValue(float64(done) / float64(max(total, 1)))
			u.status.SetText(lang.L("Importing {{.Done}} of {{.Total}}: {{.Name}}", map[string]any{"Done": done, "Total": total, "Name": safetext.Line(filepath.Base(r.Path))}))
			if time.Since(lastShown) > liveEvery && done < total {
				lastShown = time.Now()
				u.reload("")
			}
		})
	})
	u.run(func() {
		results = u.wallet.ImportPaths(paths, wallet.ImportOptions{Progress: progress, TakeKeys: keys.decide, Stop: stop})
	}, func() {
		stopped := isClosed(stop)
		u.setBusy(false, "")
		u.importDone(results, keys.left)
		if stopped {
			u.status.SetText(lang.L("Import cancelled: {{.Said}}; the rest was not imported.", map[string]any{"Said": u.status.Text}))
		}
	})
}

// liveEvery is how often the library shows what a long import has added.
const liveEvery = 3 * time.Second

// stopImport ends the running import before its next file.
func (u *UI) stopImport() {
	if u.stop != nil && !isClosed(u.stop) {
		close(u.stop)
		u.stopBtn.Disable()
		u.status.SetText(lang.L("Stopping the import…"))
	}
}

func isClosed(c chan struct{}) bool {
	select {
	case <-c:
		return true
	default:
		return false
	}
}

// exportKeys takes the keys of the exports the learner chose to, and
// notes those met inside a folder, which were not asked about.
type exportKeys struct {
	take map[string]bool
	left []string // exports whose takeable keys were left
}

func (k *exportKeys) decide(e *wallet.WalletExport) bool {
	take, asked := k.take[e.Source]
	if !asked && takeable(e) > 0 {
		k.left = append(k.left, e.Source)
	}
	return take
}

// refuseWhileBusy says so, and reports true, when an import, a backup or a
// restore is running: they run one at a time, whichever way they were
// started.
func (u *UI) refuseWhileBusy() bool {
	if u.busy {
		u.status.SetText(lang.L("Please wait: the wallet is still busy importing, backing up, restoring, receiving or sending."))
	}
	return u.busy
}

// maxReportLines bounds the lines of an import report; the rest are counted.
const maxReportLines = 100

// importDone reports an import: a line in the status bar when all went in,
// a dialog listing what did not otherwise.
//
// keysLeft are the exports of another wallet, met inside folders, whose
// keys were not taken.
func (u *UI) importDone(results []wallet.Result, keysLeft []string) {
	var imported, dups, rejected int
	firstID := ""
	for _, r := range results {
		switch r.Status {
		case wallet.Imported:
			imported++
			if firstID == "" {
				firstID = r.ID
			}
		case wallet.Duplicate:
			dups++
			if firstID == "" {
				firstID = r.ID
			}
		default:
			rejected++
		}
	}
	summary := importSummary(imported, dups, rejected)
	u.status.SetText(summary)
	u.reload(firstID)
	if imported > 0 {
		u.offerKit()
	}
	if dups+rejected+len(keysLeft) == 0 {
		return
	}
	// What needs attention first; duplicates are one line.
	lines := container.NewVBox()
	for _, p := range keysLeft {
		lines.Add(resultLine(p, lang.L("another wallet's export: its credentials were imported, not its keys. To take its keys too, import this file on its own."), widget.MediumImportance))
	}
	shown := 0
	for _, r := range results {
		if r.Status != wallet.Rejected {
			continue
		}
		if shown++; shown > maxReportLines {
			lines.Add(widget.NewLabel(lang.L("… and {{.Count}} more. The lw command lists every one: lw import PATH…", counted(rejected-maxReportLines))))
			break
		}
		lines.Add(resultLine(r.Path, r.Error, widget.DangerImportance))
	}
	if dups > 0 {
		dup := widget.NewLabel(lang.N("{{.Count}} credentials were already in the wallet: nothing of them changed.", dups, counted(dups)))
		dup.Wrapping = fyne.TextWrapWord
		lines.Add(dup)
	}
	scroll := container.NewVScroll(lines)
	scroll.SetMinSize(fyne.NewSize(560, min(float32(80+60*(min(rejected, maxReportLines)+len(keysLeft)+1)), 380)))
	d := newDialog(summary, lang.L("OK"), container.NewBorder(widget.NewLabel(lang.L("Nothing already in the wallet was changed.")), nil, nil, nil, scroll), u.win)
	u.showEscapable(d)
}

func importSummary(imported, dups, rejected int) string {
	parts := []string{lang.L("{{.Count}} imported", counted(imported))}
	if dups > 0 {
		parts = append(parts, lang.N("{{.Count}} already in the wallet", dups, counted(dups)))
	}
	if rejected > 0 {
		parts = append(parts, lang.L("{{.Count}} not imported", counted(rejected)))
	}
	return strings.Join(parts, ", ")
}

// resultLine is one input of an import: its file name and what became of
// it, both of which may quote what the file holds.
func resultLine(path, text string, imp widget.Importance) fyne.CanvasObject {
	name := widget.NewLabelWithStyle(safetext.Line(filepath.Base(path)), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	name.Truncation = fyne.TextTruncateEllipsis
	why := widget.NewLabel(safetext.Line(text))
	why.Wrapping = fyne.TextWrapWord
	why.Importance = imp
	return container.NewVBox(name, why)
}

// showError tells the learner what went wrong and what to do.
func (u *UI) showError(title string, err error) {
	u.showEscapable(newDialog(title, lang.L("OK"), func() fyne.CanvasObject {
		l := widget.NewLabel(message(err))
		l.Wrapping = fyne.TextWrapWord
		s := container.NewVScroll(l)
		s.SetMinSize(fyne.NewSize(460, 120))
		return s
	}(), u.win))
}
