package ui

import (
	"context"
	"fmt"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/learnerwallet/learnerwallet/wallet"
	"github.com/learnerwallet/learnerwallet/wallet/check"
	"github.com/learnerwallet/learnerwallet/wallet/safetext"
	"github.com/learnerwallet/learnerwallet/wallet/verify"
)

// verifyTimeout bounds one verification, network included.
const verifyTimeout = 60 * time.Second

// verification is the detail view's panel: the verdict, each check in
// plain words, Verify again and Copy diagnostic report.
type verification struct {
	u       *UI
	root    *fyne.Container
	mark    *widget.Icon
	short   *widget.Label // the verdict in a few words
	toggle  *ringButton
	more    *fyne.Container // the headline, every check, and the buttons
	verdict *widget.Label
	checks  *fyne.Container
	again   *ringButton
	copyBtn *ringButton
	item    *wallet.Item
}

func newVerification(u *UI) *verification {
	v := &verification{u: u}
	v.mark = widget.NewIcon(theme.QuestionIcon())
	v.short = widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	v.toggle = newRingButton(lang.L("Show the checks"), theme.MenuExpandIcon(), v.flip)
	v.toggle.Importance = widget.LowImportance
	v.verdict = widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	v.verdict.Wrapping = fyne.TextWrapWord
	v.checks = container.NewVBox()
	v.again = newRingButton(lang.L("Verify again"), theme.ViewRefreshIcon(), v.verifyAgain)
	v.copyBtn = newRingButton(lang.L("Copy diagnostic report"), theme.ContentCopyIcon(), v.copyReport)
	v.more = container.NewVBox(v.verdict, v.checks, container.NewHBox(v.again, v.copyBtn))
	v.more.Hide()
	v.root = container.NewVBox(container.NewHBox(v.mark, v.short, v.toggle), v.more)
	return v
}

// flip shows or hides the full report.
func (v *verification) flip() {
	if v.more.Visible() {
		v.more.Hide()
		v.toggle.SetText(lang.L("Show the checks"))
		v.toggle.SetIcon(theme.MenuExpandIcon())
	} else {
		v.more.Show()
		v.toggle.SetText(lang.L("Hide the checks"))
		v.toggle.SetIcon(theme.MenuDropUpIcon())
	}
}

// show displays the report of it (or says it has none yet). A new item
// starts with its checks folded.
func (v *verification) show(it *wallet.Item) {
	if v.item == nil || it == nil || v.item.ID != it.ID {
		v.more.Hide()
		v.toggle.SetText(lang.L("Show the checks"))
		v.toggle.SetIcon(theme.MenuExpandIcon())
	}
	v.mark.SetResource(stateIcon(it.Verification))
	v.short.SetText(verificationText(it.Verification))
	v.short.Importance = verdictImportance(it.Verification)
	v.short.Refresh()
	v.item = it
	v.copyBtn.SetText(lang.L("Copy diagnostic report"))
	v.checks.Objects = nil
	if it.Report == nil && it.Verification != "" {
		// The library holds brief items: the report is read when shown.
		v.loadReport(it.ID)
		v.verdict.SetText("")
		v.copyBtn.Disable()
		v.checks.Refresh()
		return
	}
	if it.Report == nil {
		v.verdict.SetText(lang.L("Not yet verified."))
		v.copyBtn.Disable()
		v.checks.Refresh()
		return
	}
	v.copyBtn.Enable()
	r := it.Report
	v.verdict.SetText(reportWords().Headline(*r))
	v.verdict.Importance = verdictImportance(r.Verdict)
	v.verdict.Refresh()
	v.checks.Objects = checkRows(r.Checks)
	if note := reportWords().NetworkNote(*r); note != "" {
		v.checks.Add(widget.NewLabel(note))
	}
	v.checks.Add(widget.NewLabelWithStyle(lang.L("Checked {{.Time}}", map[string]any{"Time": longDateTime(r.CheckedAt.Local())}),
		fyne.TextAlignLeading, fyne.TextStyle{Italic: true}))
	v.checks.Refresh()
}

// verdictImportance colours a verdict: green valid, amber valid with notes
// or not checked, red for the rest. "Issuer not confirmed" is red: it is
// not valid, whatever its signature says.
func verdictImportance(v verify.Verdict) widget.Importance {
	switch v {
	case verify.Valid:
		return widget.SuccessImportance
	case verify.ValidWithNotes, verify.CouldNotCheck:
		return widget.WarningImportance
	case "":
		return widget.MediumImportance
	}
	return widget.DangerImportance
}

// checkIcon is the mark for a check's outcome; the same marks label rows.
func checkIcon(s check.Status) fyne.Resource {
	switch s {
	case check.Pass:
		return theme.NewSuccessThemedResource(theme.ConfirmIcon())
	case check.Fail:
		return theme.NewErrorThemedResource(theme.CancelIcon())
	case check.Warn:
		return theme.NewWarningThemedResource(theme.WarningIcon())
	}
	return theme.QuestionIcon()
}

// stateIcon marks a library row with the credential's verdict; each of the
// five looks different.
func stateIcon(v verify.Verdict) fyne.Resource {
	switch v {
	case verify.Valid:
		return checkIcon(check.Pass)
	case verify.ValidWithNotes:
		return theme.NewSuccessThemedResource(theme.InfoIcon())
	case verify.IssuerNotConfirmed:
		return theme.NewErrorThemedResource(theme.QuestionIcon())
	case verify.CouldNotCheck:
		return checkIcon(check.Warn)
	case "":
		return theme.QuestionIcon()
	}
	return checkIcon(check.Fail)
}

func (v *verification) verifyAgain() {
	if v.item == nil {
		return
	}
	id := v.item.ID
	v.again.Disable()
	v.u.status.SetText(lang.L("Verifying…"))
	var err error
	v.u.run(func() {
		ctx, cancel := context.WithTimeout(context.Background(), verifyTimeout)
		defer cancel()
		_, err = v.u.wallet.Verify(ctx, id)
	}, func() {
		v.again.Enable()
		if err != nil {
			v.u.showError(lang.L("Could not verify"), err)
			return
		}
		v.u.status.SetText(lang.L("Verified again"))
		v.u.reload(id)
	})
}

func (v *verification) copyReport() {
	if v.item == nil || v.item.Report == nil {
		return
	}
	v.u.app.Clipboard().SetContent(diagnostic(*v.item))
	v.copyBtn.SetText(lang.L("Copied"))
}

// diagnostic is the report as text, for pasting into a message to a
// helpdesk or an issuer.
func diagnostic(it wallet.Item) string {
	var b strings.Builder
	fmt.Fprintf(&b, "Learner Wallet verification report\n%s — %s\n", safetext.Line(it.Summary.Title()), safetext.Line(it.Summary.Issuer()))
	if it.Summary.CredentialID != "" {
		fmt.Fprintf(&b, "credential id: %s\n", safetext.Line(it.Summary.CredentialID))
	}
	writeReport(&b, *it.Report, "")
	return b.String()
}

// writeReport writes a report in words, with its codes for whoever helps.
func writeReport(b *strings.Builder, r verify.Report, indent string) {
	fmt.Fprintf(b, "%sverdict: %s (%s)\n%schecked: %s\n", indent, verify.Headline(r), r.Verdict, indent, r.CheckedAt.UTC().Format(time.RFC3339))
	for _, c := range r.Checks {
		fmt.Fprintf(b, "%s- [%s] %s: %s (%s)\n", indent, c.Status, verify.Label(c.ID), verify.Describe(c), c.Reason)
		if c.Detail != "" {
			fmt.Fprintf(b, "%s    %s\n", indent, safetext.Line(c.Detail))
		}
	}
	for i, ch := range r.Children {
		fmt.Fprintf(b, "%snested credential %d: %s\n", indent, i+1, safetext.Line(ch.Name))
		writeReport(b, ch, indent+"  ")
	}
}

// loadReport reads the report of the item shown, off the UI goroutine, and
// shows it if that item is still the one shown.
func (v *verification) loadReport(id string) {
	var full wallet.Item
	var err error
	v.u.run(func() { full, err = v.u.wallet.Item(id) }, func() {
		if err != nil || full.Report == nil || v.item == nil || v.item.ID != id {
			return
		}
		it := *v.item
		it.Report = full.Report
		v.show(&it)
	})
}
