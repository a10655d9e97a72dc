package ui

import (
	"context"
	"os"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"

	"github.com/learnerwallet/learnerwallet/wallet"
	"github.com/learnerwallet/learnerwallet/wallet/check"
	"github.com/learnerwallet/learnerwallet/wallet/safetext"
	"github.com/learnerwallet/learnerwallet/wallet/verify"
	"github.com/learnerwallet/learnerwallet/wallet/verify/attacktest"
	"github.com/learnerwallet/learnerwallet/wallet/wallettest"
)

// TestAttacks runs the attack table (testdata/attacks/ATTACKS.tsv) in the
// window, as a learner or an employer would meet each attack: a credential
// imported and opened shows its verdict and the reason; a presentation
// checked shows its own; Present will not sign what it must not; share
// links off the local network are not fetched; and no text in the window
// carries a control character, escape sequence or bidi override. The
// wallet's verifier is held to the row's network, names resolving where
// the row says.
func TestAttacks(t *testing.T) {
	dir, rows := attacktest.Rows(t)
	for _, row := range rows {
		t.Run(row.Name(), func(t *testing.T) {
			data, err := os.ReadFile(row.Path(dir))
			if err != nil {
				t.Fatal(err)
			}
			u, win := attackUI(t, row)
			switch row.As {
			case attacktest.AsCredential:
				u.importPaths([]string{row.Path(dir)})
				if len(u.topIDs) == 0 {
					// Refused at the door (duplicate keys): said so, naming the
					// reason's words.
					if row.Verdict != string(verify.NotValid) || row.Reason != string(verify.FormatDuplicateKey) {
						t.Fatalf("%s: not imported:\n%s", row, texts(win))
					}
					mustContain(t, win, "twice")
					break
				}
				id := u.topIDs[0]
				u.selectItem(id)
				it, err := u.wallet.Item(id) // the library holds brief items
				if err != nil {
					t.Fatal(err)
				}
				if string(it.Verification) != row.Verdict || it.Report == nil {
					t.Errorf("%s: verdict %s, want %s", row, it.Verification, row.Verdict)
					break
				}
				if err := row.CheckReport(*it.Report); err != nil {
					t.Errorf("%s: %v", row, err)
				}
				mustContain(t, win, it.Verification.String())
				if c, ok := withReason(*it.Report, row.Reason); ok {
					mustContain(t, win, verify.Describe(c))
				}
			case attacktest.AsPresentation:
				u.checkReceived(data, row.File, row.PresentationOptions())
				pr := u.wallet.CheckPresentation(context.Background(), data, row.PresentationOptions())
				if err := row.CheckPresentation(pr); err != nil {
					t.Errorf("%s: %v", row, err)
				}
				mustContain(t, win, "Checked a presentation: "+verify.Verdict(row.Verdict).String())
				for _, r := range append([]verify.Report{pr.Report}, pr.Credentials...) {
					if c, ok := withReason(r, row.Reason); ok {
						mustContain(t, win, verify.Describe(c))
					}
				}
			case attacktest.AsPresent:
				u.importPaths([]string{row.Path(dir)})
				if len(u.topIDs) != 1 {
					t.Fatalf("not imported:\n%s", texts(win))
				}
				id := u.topIDs[0]
				p := u.present(id)
				if !p.chosen[id] {
					// Not valid: not even offered.
					if row.Reason != attacktest.RefusalNotPresentable {
						t.Fatalf("%s: not offered:\n%s", row, texts(win))
					}
					mustContain(t, win, "it cannot be presented")
					if !p.review.Disabled() {
						t.Error("Review is enabled with nothing chosen")
					}
					break
				}
				test.Tap(button(t, win, "Review…"))
				sign := topButton(t, win, "Sign")
				if !sign.Disabled() {
					t.Errorf("%s: Sign is enabled:\n%s", row, texts(win))
				}
				switch row.Reason {
				case attacktest.RefusalOtherDID:
					mustContain(t, win, "Not presentable", "which is not one of your DIDs")
				case attacktest.RefusalUnbound:
					mustContain(t, win, "issued to an e-mail address or a name, not to your key")
					checkBox(t, win, "Present them anyway") // the learner may confirm
				default:
					t.Errorf("%s: offered, and reviewed:\n%s", row, texts(win))
				}
			case attacktest.AsShareLink:
				u.checkReceived(data, row.File, verify.PresentationOptions{})
				mustContain(t, win, "Could not read the presentation")
			case attacktest.AsShareServer:
				allowPrivateNetwork(t, u, win)
				u.checkReceived([]byte(attacktest.ServeRaw(t, data)), "pasted text", verify.PresentationOptions{})
				test.Tap(button(t, win, "Fetch"))
				mustContain(t, win, "Could not fetch the presentation", "HTTP status 418")
			}
			for _, s := range shownTexts(win) {
				if safetext.Text(s) != s {
					t.Errorf("%s: the window shows unsafe text %q", row, s)
				}
			}
		})
	}
}

// attackUI is a window on a new wallet whose verifier is held to row's
// network.
func attackUI(t *testing.T, row attacktest.Row) (*UI, fyne.Window) {
	t.Helper()
	a := test.NewTempApp(t)
	a.Settings().SetTheme(theme.LightTheme())
	win := test.NewTempWindow(t, nil)
	w := wallet.New(wallettest.NewStore(), wallet.WithSecrets(wallettest.NewSecrets(), "ui-attacks"),
		wallet.WithVerifier(&verify.Verifier{Fetcher: row.Fetcher()}), wallet.WithClock(func() time.Time { return presentClock }))
	u := newUI(a, win, w, inline)
	win.Resize(fyne.NewSize(1100, 760))
	u.reload("")
	return u, win
}

// withReason finds the check with a reason in a report or its children.
func withReason(r verify.Report, reason string) (check.Check, bool) {
	for _, c := range r.Checks {
		if string(c.Reason) == reason {
			return c, true
		}
	}
	for _, ch := range r.Children {
		if c, ok := withReason(ch, reason); ok {
			return c, true
		}
	}
	return check.Check{}, false
}
