package ui

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/widget"

	"github.com/learnerwallet/learnerwallet/wallet/safetext"
	"github.com/learnerwallet/learnerwallet/wallet/verify"
)

// hostileBadge is an unsigned Open Badge whose texts hold escape sequences
// (one sets a terminal's title, one clears its screen), a right-to-left
// override, bidi isolates and zero-width characters.
const hostileBadge = `{
  "@context": ["https://www.w3.org/ns/credentials/v2", "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"],
  "id": "http://example.com/credentials/hostile",
  "type": ["VerifiableCredential", "OpenBadgeCredential"],
  "issuer": {"id": "https://example.com/issuers/evil", "type": ["Profile"], "name": "Evil\u001b[31mCorp\u2066"},
  "validFrom": "2014-06-01T00:00:00Z",
  "name": "Hostile\u200b badge",
  "credentialSubject": {
    "id": "did:example:ebfeb1f712ebc6f1c276e12ec21",
    "type": ["AchievementSubject"],
    "achievement": {
      "id": "https://example.com/achievements/hostile",
      "type": ["Achievement"],
      "criteria": {"narrative": "Be\u009b2J there\ufeff"},
      "description": "Line one\r\n\u001b[8m line two\u2067",
      "name": "Team\u001b]0;pwned\u0007\u001b[2Jwork \u202egpj.exe\u200b"
    }
  }
}`

// shownTexts returns every text the window draws or holds in a widget,
// dialogs included.
func shownTexts(win fyne.Window) []string {
	var out []string
	for _, o := range objects(win) {
		switch w := o.(type) {
		case *canvas.Text:
			out = append(out, w.Text)
		case *widget.Label:
			out = append(out, w.Text)
		case *widget.RichText:
			out = append(out, w.String())
		case *widget.Button:
			out = append(out, w.Text)
		case *widget.Entry:
			out = append(out, w.Text)
		case *widget.Check:
			out = append(out, w.Text)
		case *widget.Accordion:
			for _, it := range w.Items {
				out = append(out, it.Title)
			}
		}
	}
	return out
}

// assertSafeTexts fails t for any text shown that holds a control, bidi or
// invisible character, and checks that the hostile badge is shown at all.
func assertSafeTexts(t *testing.T, win fyne.Window, step string, wants ...string) {
	t.Helper()
	all := shownTexts(win)
	for _, s := range all {
		for _, r := range s {
			if r != '\n' && !safetext.IsSafe(r) {
				t.Errorf("%s: the window shows %U in %+q", step, r, s)
			}
		}
	}
	joined := strings.Join(all, "\n")
	for _, want := range wants {
		if !strings.Contains(joined, want) {
			t.Errorf("%s: the window lacks %q; it shows:\n%s", step, want, joined)
		}
	}
}

// TestHostileTextIsShownSafely imports the hostile badge, from a file whose
// name holds an override, with a broken file whose name holds an escape
// sequence, and checks what the library, the detail, the import report, the
// presenter and a presentation's report show.
func TestHostileTextIsShownSafely(t *testing.T) {
	u, win := newTestUI(t)
	dir := t.TempDir()
	good := filepath.Join(dir, "badge\u202egnp.json")
	bad := filepath.Join(dir, "broken\x1b[2J\u200b.json")
	for path, body := range map[string]string{good: hostileBadge, bad: `{"name": "\u001b]0;x\u0007"`} {
		if err := os.WriteFile(path, []byte(body), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	name := "Team\ufffd\ufffdwork gpj.exe"
	u.importPaths([]string{good, bad})
	if len(u.topIDs) != 1 {
		t.Fatalf("imported %d credentials, want 1", len(u.topIDs))
	}
	// The detail of the one imported, the library and the import's report.
	assertSafeTexts(t, win, "import", name, "Evil\ufffdCorp", "Line one\n\ufffd line two", "broken\ufffd.json", "badgegnp.json")

	p := u.present(u.topIDs[0])
	assertSafeTexts(t, win, "present", name+" — Evil\ufffdCorp")
	p.dlg.Hide()

	// A presentation someone gave the learner, with the badge in it.
	vp := `{"@context": ["https://www.w3.org/ns/credentials/v2"], "type": ["VerifiablePresentation"],
		"holder": "did:example:\u202eevil\u200b", "verifiableCredential": [` + hostileBadge + `]}`
	u.checkReceived([]byte(vp), "vp\x1b[2J.json", verify.PresentationOptions{})
	assertSafeTexts(t, win, "check a presentation", "did:example:evil", "vp\ufffd.json")

	u.showError("Could not do it", os.ErrNotExist)
	u.showError("Could not open", &os.PathError{Op: "open", Path: bad, Err: os.ErrPermission})
	assertSafeTexts(t, win, "errors", "broken\ufffd.json")
}
