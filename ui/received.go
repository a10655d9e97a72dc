package ui

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/url"
	"path/filepath"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/learnerwallet/learnerwallet/wallet"
	"github.com/learnerwallet/learnerwallet/wallet/check"
	"github.com/learnerwallet/learnerwallet/wallet/credential"
	"github.com/learnerwallet/learnerwallet/wallet/safetext"
	"github.com/learnerwallet/learnerwallet/wallet/verify"
)

// openPresentation asks for a presentation someone gave the learner (a
// file, a picture of its QR code, the code's text or a share link) and
// checks it as an employer would.
func (u *UI) openPresentation() {
	input := newTextBox()
	input.SetPlaceHolder(lang.L("Paste a presentation, the text of its QR code, or its share link (http://…)"))
	input.Wrapping = fyne.TextWrapBreak
	input.SetMinRowsVisible(5)
	challenge := newLineEntry()
	challenge.SetPlaceHolder(lang.L("the code you gave the presenter, if any"))
	domain := newLineEntry()
	domain.SetPlaceHolder(lang.L("who it must be for, e.g. careers.example.com (optional)"))
	expect := newLineEntry()
	expect.SetPlaceHolder(lang.L("the e-mail address or name of whom you expect (optional)"))
	var d *dialog.CustomDialog
	opts := func() verify.PresentationOptions {
		return verify.PresentationOptions{Challenge: strings.TrimSpace(challenge.Text), Domain: strings.TrimSpace(domain.Text),
			ExpectIdentity: strings.TrimSpace(expect.Text)}
	}
	check := newRingButton(lang.L("Check"), theme.ConfirmIcon(), func() {
		if strings.TrimSpace(input.Text) == "" {
			u.showError(lang.L("Nothing to check"), errors.New(lang.L("paste a presentation first, or open a file")))
			return
		}
		d.Hide()
		if path := strings.TrimSpace(input.Text); isPicturePath(path) {
			// A file's path, typed or pasted: the file is what is checked.
			var (
				b    []byte
				rerr error
			)
			u.run(func() { b, rerr = wallet.ReadInput(path) }, func() {
				if rerr != nil {
					u.showError(lang.L("Could not open"), rerr)
					return
				}
				u.checkReceived(b, filepath.Base(path), opts())
			})
			return
		}
		u.checkReceived([]byte(input.Text), lang.L("pasted text"), opts())
	})
	check.Importance = widget.HighImportance
	open := newRingButton(lang.L("Open file…"), theme.FolderOpenIcon(), func() {
		fd := dialog.NewFileOpen(func(r fyne.URIReadCloser, err error) {
			if err != nil {
				u.showError(lang.L("Could not open"), err)
				return
			}
			if r == nil {
				return
			}
			var b []byte
			var rerr error
			name := r.URI().Name()
			u.run(func() {
				defer r.Close()
				b, rerr = io.ReadAll(io.LimitReader(r, credential.MaxInputSize+1))
				if rerr == nil && len(b) > credential.MaxInputSize {
					rerr = errors.New(lang.L("{{.Name}} is larger than {{.Size}} MB, which no presentation is",
						map[string]any{"Name": name, "Size": credential.MaxInputSize >> 20}))
				}
			}, func() {
				if rerr != nil {
					u.showError(lang.L("Could not open"), rerr)
					return
				}
				d.Hide()
				u.checkReceived(b, name, opts())
			})
		}, u.win)
		fd.SetFilter(storage.NewExtensionFileFilter([]string{".json", ".jsonld", ".jwt", ".txt", ".png", ".jpg", ".jpeg", ".gif"}))
		fd.Resize(fileDialogSize)
		fd.Show()
	})
	intro := widget.NewLabel(lang.L("Check a presentation someone gave you: its holder's signature, that it was meant for you, " +
		"and every credential in it. A QR code's picture opens as a file."))
	intro.Wrapping = fyne.TextWrapWord
	form := widget.NewForm(widget.NewFormItem(lang.L("Challenge"), challenge), widget.NewFormItem(lang.L("For"), domain),
		widget.NewFormItem(lang.L("Issued to"), expect))
	cancel := newRingButton(lang.L("Cancel"), nil, func() { d.Hide() })
	body := container.NewBorder(intro, container.NewVBox(form, container.NewHBox(open, layout.NewSpacer(), cancel, check)), nil, nil, input)
	d = dialog.NewCustomWithoutButtons(lang.L("Check a presentation"), body, u.win)
	d.Resize(fyne.NewSize(720, 460))
	u.showEscapable(d)
	u.soon(func() { u.win.Canvas().Focus(input) })
}

// checkReceived unwraps what was received, checks the presentation and
// shows the report. A share link is fetched only once the learner agrees:
// it came from someone else, and it works once.
func (u *UI) checkReceived(data []byte, name string, opts verify.PresentationOptions) {
	var (
		r   wallet.Received
		err error
	)
	u.run(func() { r, err = wallet.Unwrap(data) }, func() {
		if err != nil {
			u.showError(lang.L("Could not read the presentation"), err)
			return
		}
		if r.Link == "" {
			if r.Via == "file" {
				r.Via = name
			}
			u.checkPresentationBytes(r.Presentation, r.Via, opts)
			return
		}
		host := r.Link
		if parsed, perr := url.Parse(r.Link); perr == nil {
			host = parsed.Host
		}
		confirm := dialog.NewConfirm(lang.L("Fetch the presentation?"), lang.L("This is a one-time share link: the presentation is at {{.Host}}, "+
			"on your local network.\nFetch it now? The link works once, so save the presentation once it is checked.", map[string]any{"Host": safetext.Line(host)}),
			func(ok bool) {
				if ok {
					u.fetchAndCheck(r.Link, opts)
				}
			}, u.win)
		confirm.SetConfirmText(lang.L("Fetch"))
		confirm.SetDismissText(lang.L("Cancel"))
		confirm.Show()
	})
}

func (u *UI) fetchAndCheck(link string, opts verify.PresentationOptions) {
	var (
		b   []byte
		err error
	)
	u.status.SetText(lang.L("Fetching the presentation…"))
	u.run(func() {
		ctx, cancel := context.WithTimeout(context.Background(), wallet.FetchTimeout)
		defer cancel()
		b, err = wallet.FetchShared(ctx, link, u.wallet.AllowPrivateNetwork())
	}, func() {
		u.status.SetText("")
		if errors.Is(err, wallet.ErrShareOnThisComputer) {
			u.showError(lang.L("Could not fetch the presentation"), reword(err, lang.L("{{.Error}}. If it was shared from this computer, turn on “{{.Setting}}” in Settings and try again",
				map[string]any{"Error": err.Error(), "Setting": lang.L(privateNetworkLabel)})))
			return
		}
		if err != nil {
			u.showError(lang.L("Could not fetch the presentation"), err)
			return
		}
		u.checkPresentationBytes(b, lang.L("a one-time link ({{.Link}})", map[string]any{"Link": link}), opts)
	})
}

func (u *UI) checkPresentationBytes(b []byte, via string, opts verify.PresentationOptions) {
	var rep verify.PresentationReport
	u.status.SetText(lang.L("Checking the presentation…"))
	u.run(func() {
		ctx, cancel := context.WithTimeout(context.Background(), verifyTimeout)
		defer cancel()
		rep = u.wallet.CheckPresentation(ctx, b, opts)
	}, func() {
		u.status.SetText("")
		u.showPresentationReport(rep, via, b)
	})
}

// showPresentationReport shows who presented what, and whether it all holds.
func (u *UI) showPresentationReport(rep verify.PresentationReport, via string, data []byte) {
	verdict := widget.NewLabelWithStyle(reportWords().PresentationHeadline(rep), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	verdict.Wrapping = fyne.TextWrapWord
	verdict.Importance = verdictImportance(rep.Verdict)
	expires := lang.L("never")
	if !rep.Expires.IsZero() {
		expires = longDateTime(rep.Expires.Local())
	}
	facts := widget.NewForm(
		widget.NewFormItem(lang.L("Presented by"), selectable(orNone(rep.Holder, lang.L("(not said)")))),
		widget.NewFormItem(lang.L("For"), widget.NewLabel(safetext.Line(orNone(rep.Domain, lang.L("anyone (no recipient named)"))))),
		widget.NewFormItem(lang.L("Challenge"), selectable(orNone(rep.Challenge, lang.L("(none)")))),
		widget.NewFormItem(lang.L("Expires"), widget.NewLabel(expires)),
		widget.NewFormItem(lang.L("Received as"), widget.NewLabel(safetext.Line(via))),
	)
	checks := container.NewVBox(checkRows(rep.Checks)...)
	acc := widget.NewAccordion()
	for i, c := range rep.Credentials {
		name := c.Name
		if name == "" {
			name = lang.L("Credential {{.Count}}", counted(i+1))
		}
		acc.Append(widget.NewAccordionItem(stateMark(c.Verdict)+" "+safetext.Line(name)+" — "+verdictLabel(c.Verdict), reportBox(c)))
	}
	if len(rep.Credentials) == 1 {
		acc.Open(0)
	}
	copyBtn := newRingButton(lang.L("Copy report"), theme.ContentCopyIcon(), nil)
	copyBtn.OnTapped = func() {
		var b strings.Builder
		fmt.Fprintf(&b, "Learner Wallet presentation report\nholder: %s\ndomain: %s\nchallenge: %s\nreceived as: %s\n",
			safetext.Line(rep.Holder), safetext.Line(rep.Domain), safetext.Line(rep.Challenge), safetext.Line(via))
		writeReport(&b, rep.Report, "")
		for i, c := range rep.Credentials {
			fmt.Fprintf(&b, "credential %d: %s\n", i+1, safetext.Line(c.Name))
			writeReport(&b, c, "  ")
		}
		u.app.Clipboard().SetContent(b.String())
		copyBtn.SetText(lang.L("Copied"))
	}
	name := "received-presentation.json"
	if !bytes.HasPrefix(bytes.TrimSpace(data), []byte("{")) {
		name = "received-presentation.jwt"
	}
	saveBtn := newRingButton(lang.L("Save presentation…"), theme.DocumentSaveIcon(), func() { u.saveBytes(name, data, lang.L("the presentation")) })
	title := widget.NewLabelWithStyle(lang.L("Credentials in it ({{.Count}})", counted(len(rep.Credentials))), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	body := container.NewVScroll(container.NewVBox(verdict, facts, widget.NewSeparator(), checks, widget.NewSeparator(), title, acc))
	d := newDialog(lang.L("Presentation"), lang.L("Close"), container.NewBorder(nil, container.NewHBox(copyBtn, saveBtn), nil, nil, body), u.win)
	d.Resize(fyne.NewSize(860, 640))
	u.showEscapable(d)
	u.status.SetText(lang.L("Checked a presentation: {{.Verdict}}", map[string]any{"Verdict": verdictLabel(rep.Verdict)}))
}

// reportBox shows a credential's checks and, for a record, those of every
// credential inside it.
func reportBox(r verify.Report) fyne.CanvasObject {
	head := widget.NewLabel(reportWords().Headline(r))
	head.Wrapping = fyne.TextWrapWord
	head.Importance = verdictImportance(r.Verdict)
	box := container.NewVBox(append([]fyne.CanvasObject{head}, checkRows(r.Checks)...)...)
	for i, ch := range r.Children {
		name := ch.Name
		if name == "" {
			name = lang.L("nested credential {{.Count}}", counted(i+1))
		}
		box.Add(widget.NewLabelWithStyle(lang.L("{{.Mark}} Inside: {{.Name}} — {{.Verdict}}",
			map[string]any{"Mark": stateMark(ch.Verdict), "Name": safetext.Line(name), "Verdict": verdictLabel(ch.Verdict)}), fyne.TextAlignLeading, fyne.TextStyle{Bold: true}))
		box.Add(container.NewPadded(reportBox(ch)))
	}
	box.Add(widget.NewLabelWithStyle(lang.L("Checked {{.Time}}", map[string]any{"Time": longDateTime(r.CheckedAt.Local())}), fyne.TextAlignLeading, fyne.TextStyle{Italic: true}))
	return box
}

// checkRows shows each check: its mark, its name and what it found.
func checkRows(checks []check.Check) []fyne.CanvasObject {
	rows := make([]fyne.CanvasObject, 0, len(checks))
	words := reportWords()
	for _, c := range checks {
		icon := widget.NewIcon(checkIcon(c.Status))
		name := widget.NewLabelWithStyle(words.Label(c.ID), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
		msg := widget.NewLabel(words.Describe(c))
		msg.Wrapping = fyne.TextWrapWord
		rows = append(rows, container.NewBorder(nil, nil, container.NewHBox(icon, name), nil, msg))
	}
	return rows
}

// stateMark is a one-character mark for a verdict, for titles that take
// text only.
func stateMark(v verify.Verdict) string {
	switch v {
	case verify.Valid, verify.ValidWithNotes:
		return "✓"
	case verify.IssuerNotConfirmed:
		return "?"
	case verify.CouldNotCheck:
		return "!"
	case "":
		return "…"
	}
	return "✗"
}
