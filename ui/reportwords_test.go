package ui

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"

	"github.com/learnerwallet/learnerwallet/wallet/check"
	"github.com/learnerwallet/learnerwallet/wallet/verify"
)

// labelTexts is the text of every label in o.
func labelTexts(o fyne.CanvasObject) string {
	var b strings.Builder
	var walk func(fyne.CanvasObject)
	walk = func(o fyne.CanvasObject) {
		switch w := o.(type) {
		case *widget.Label:
			b.WriteString(w.Text + "\n")
		case *fyne.Container:
			for _, c := range w.Objects {
				walk(c)
			}
		}
	}
	walk(o)
	return b.String()
}

// TestReportFollowsTheApp checks that a verification report is said in the
// app's language.
func TestReportFollowsTheApp(t *testing.T) {
	r := verify.Report{Verdict: verify.Valid, Checks: []check.Check{
		{ID: check.Signature, Status: check.Pass, Reason: verify.SignatureValid, Args: check.Args{Suite: "eddsa-rdfc-2022"}},
	}}
	if got := labelTexts(reportBox(r)); !strings.Contains(got, "Valid: genuine, unchanged") || !strings.Contains(got, "Signature") {
		t.Errorf("the English report shows:\n%s", got)
	}
	inSpanish(t)
	got := labelTexts(reportBox(r))
	for _, want := range []string{"Válida: auténtica, sin cambios, vigente y no revocada.", "Firma",
		"La firma del emisor (eddsa-rdfc-2022) es auténtica"} {
		if !strings.Contains(got, want) {
			t.Errorf("the Spanish report lacks %q; it shows:\n%s", want, got)
		}
	}
}
