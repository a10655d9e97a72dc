package ui

import (
	"bytes"
	"context"
	"io"
	"net"
	"net/http"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/learnerwallet/learnerwallet/wallet"
	"github.com/learnerwallet/learnerwallet/wallet/credential"
	"github.com/learnerwallet/learnerwallet/wallet/lanshare"
	"github.com/learnerwallet/learnerwallet/wallet/verify"
	"github.com/learnerwallet/learnerwallet/wallet/wallettest"
)

// presentClock is a day on which the examples' credentials are all valid.
var presentClock = time.Date(2026, 5, 1, 12, 0, 0, 0, time.UTC)

// newPresentUI is newTestUI with a keyring for the holder key, and a
// runner whose posts from other goroutines wait in posted until the test
// runs them on its own goroutine.
func newPresentUI(t *testing.T) (*UI, fyne.Window, chan func()) {
	t.Helper()
	a := test.NewTempApp(t)
	a.Settings().SetTheme(theme.LightTheme())
	win := test.NewTempWindow(t, nil)
	w := wallet.New(wallettest.NewStore(), wallet.WithSecrets(wallettest.NewSecrets(), "ui-test"),
		wallet.WithClock(func() time.Time { return presentClock }))
	posted := make(chan func(), 1024)
	r := runner{run: inline.run, post: func(f func()) { posted <- f }}
	u := newUI(a, win, w, r)
	win.Resize(fyne.NewSize(1100, 760))
	u.reload("")
	// Valid credentials of a did:key university, issued to the learner's
	// e-mail address: presenting them asks for the learner's consent.
	u.importPaths([]string{
		filepath.Join(generated, "clr-vcdm11-signed.json"),
		filepath.Join(generated, "badge-vcdm11-signed.json"),
		filepath.Join(generated, "badge-teamwork-signed.json"),
	})
	for len(posted) > 0 { // the import's progress
		(<-posted)()
	}
	return u, win, posted
}

// waitPosted runs the next function posted to the UI goroutine.
func waitPosted(t *testing.T, posted chan func()) {
	t.Helper()
	select {
	case f := <-posted:
		f()
	case <-time.After(10 * time.Second):
		t.Fatal("nothing was posted to the UI goroutine")
	}
}

func mustContain(t *testing.T, win fyne.Window, wants ...string) {
	t.Helper()
	got := texts(win)
	for _, want := range wants {
		if !strings.Contains(got, want) {
			t.Errorf("the window lacks %q; it shows:\n%s", want, got)
		}
	}
}

// consent ticks, in the review step, the box that presents credentials not
// bound to the learner.
func consent(t *testing.T, win fyne.Window) {
	t.Helper()
	c := checkBox(t, win, "Present them anyway")
	test.Tap(c)
}

// twoCoursesAndABadge chooses, in the open presenter, two courses from the
// record and the badge, by tapping their rows.
func twoCoursesAndABadge(t *testing.T, u *UI, p *presenter) (courses []wallet.Item, badge wallet.Item) {
	t.Helper()
	for _, it := range u.items {
		switch {
		case it.Parent != "" && presentBlocker(it) == "" && len(courses) < 2:
			courses = append(courses, it)
		case it.Kind == credential.KindOB3 && it.Parent == "" && it.Summary.DataModel == "VCDM 1.1":
			badge = it
		}
	}
	if len(courses) < 2 || badge.ID == "" {
		t.Fatalf("the examples lack two signed courses and a badge: %d, %q", len(courses), badge.ID)
	}
	p.tree.OpenBranch(courses[0].Parent)
	for _, it := range []wallet.Item{courses[0], courses[1], badge} {
		p.tree.Select(it.ID) // a tap on the row toggles it
	}
	return courses, badge
}

func TestPresentTwoCoursesAndABadge(t *testing.T) {
	u, win, _ := newPresentUI(t)
	p := u.present()
	mustContain(t, win, "Nothing chosen yet.")
	if !p.review.Disabled() {
		t.Error("Review is enabled with nothing chosen")
	}
	courses, badge := twoCoursesAndABadge(t, u, p)
	mustContain(t, win, "3 credentials chosen. 2 from inside a record.")
	if p.curated.Disabled() {
		t.Error("the curated-record option is disabled with courses chosen")
	}
	p.domain.SetText("careers.example.com")
	p.challenge.SetText("c-1234")

	test.Tap(button(t, win, "Review…"))
	mustContain(t, win, "What the recipient will see", "The recipient (careers.example.com) will see everything below",
		courses[0].Summary.Title(), courses[1].Summary.Title(), badge.Summary.Title(),
		"were issued to an e-mail address or a name, not to your key")
	if !button(t, win, "Sign").Disabled() {
		t.Error("Sign is enabled before the learner consents to present unbound credentials")
	}
	consent(t, win)
	test.Tap(button(t, win, "Sign"))
	if p.pres == nil {
		t.Fatalf("nothing signed; the window shows:\n%s", texts(win))
	}
	mustContain(t, win, "Signed, and checked by this wallet's verifier.", "careers.example.com", "c-1234")
	if len(p.pres.Items) != 3 || p.pres.Format != wallet.PresentLDP {
		t.Errorf("presented %d items as %s", len(p.pres.Items), p.pres.Format)
	}

	rep := u.wallet.CheckPresentation(context.Background(), p.pres.Bytes,
		verify.PresentationOptions{Challenge: "c-1234", Domain: "careers.example.com"})
	if !rep.Valid() || len(rep.Credentials) != 3 {
		t.Errorf("the presentation does not check: %s (%d credentials)", rep.Verdict, len(rep.Credentials))
	}

	test.Tap(button(t, win, "Copy"))
	test.Tap(button(t, win, "Copied"))
	if got := u.app.Clipboard().Content(); got != string(p.pres.Bytes) {
		t.Error("Copy did not put the presentation on the clipboard")
	}
	log, err := u.wallet.Shares()
	if err != nil || len(log) != 1 || log[0].How != "copied to the clipboard" || len(log[0].Items) != 3 || log[0].Domain != "careers.example.com" {
		t.Errorf("sharing log = %+v, %v", log, err)
	}
}

func TestPresentJWTBack(t *testing.T) {
	u, win, _ := newPresentUI(t)
	var badge wallet.Item
	for _, it := range u.items {
		if it.Kind == credential.KindOB3 && it.Parent == "" {
			badge = it
		}
	}
	p := u.present(badge.ID) // as from the detail view's Present…
	mustContain(t, win, "1 credential chosen.")
	if !p.curated.Disabled() {
		t.Error("the curated-record option is enabled with no course chosen")
	}
	p.format.SetSelected(formatJWT)
	test.Tap(button(t, win, "Review…"))
	test.Tap(button(t, win, "Back"))
	if p.format.Selected != formatJWT || len(p.chosenIDs()) != 1 {
		t.Error("Back lost what was chosen")
	}
	test.Tap(button(t, win, "Review…"))
	consent(t, win)
	test.Tap(button(t, win, "Sign"))
	if p.pres == nil || p.pres.Format != wallet.PresentJWT || p.pres.FileExt != ".jwt" {
		t.Fatalf("not a VP-JWT: %+v", p.pres)
	}
	if got := presentationName(p.pres, presentClock); got != "presentation-2026-05-01.jwt" {
		t.Errorf("file name = %q", got)
	}

	// It fits in one QR code: showing it logs it.
	test.Tap(button(t, win, "Show QR code"))
	mustContain(t, win, "Let the recipient scan this", "[Save PNG…]")
	if log, _ := u.wallet.Shares(); len(log) != 1 || log[0].How != "shown as a QR code" {
		t.Errorf("sharing log = %+v", log)
	}
}

func TestPresentWholeRecordSupersedesCourses(t *testing.T) {
	u, win, _ := newPresentUI(t)
	p := u.present()
	courses, _ := twoCoursesAndABadge(t, u, p)
	p.tree.Select(courses[0].Parent)
	ids := p.chosenIDs()
	if len(ids) != 2 || !slices.Contains(ids, courses[0].Parent) {
		t.Errorf("with the whole record chosen, chosen = %v", ids)
	}
	if p.summary.Text != "2 credentials chosen." {
		t.Errorf("summary = %q", p.summary.Text)
	}
	mustContain(t, win, "in the whole record")
}

func TestLocalShareServesOnceAndLogs(t *testing.T) {
	interfaces = func() ([]lanshare.Interface, error) {
		return []lanshare.Interface{{Name: "lo", IP: net.IPv4(127, 0, 0, 1)}}, nil
	}
	t.Cleanup(func() { interfaces = lanshare.Interfaces })
	u, win, posted := newPresentUI(t)
	p := u.present()
	twoCoursesAndABadge(t, u, p)
	test.Tap(button(t, win, "Review…"))
	consent(t, win)
	test.Tap(button(t, win, "Sign"))
	test.Tap(button(t, win, "Share on local network…"))
	mustContain(t, win, "It works once", "lo (127.0.0.1)")
	test.Tap(button(t, win, "Start sharing"))

	var link string
	for _, o := range objects(win) {
		if l, ok := o.(*widget.Label); ok && strings.HasPrefix(l.Text, "http://127.0.0.1:") {
			link = l.Text
		}
	}
	if link == "" {
		t.Fatalf("no link shown:\n%s", texts(win))
	}
	mustContain(t, win, "Waiting for the recipient")
	resp, err := http.Get(link)
	if err != nil {
		t.Fatal(err)
	}
	got, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if !bytes.Equal(got, p.pres.Bytes) {
		t.Fatal("the link did not deliver the presentation")
	}
	waitPosted(t, posted)
	mustContain(t, win, "Fetched by 127.0.0.1 at", "No one else can fetch it now.")
	log, err := u.wallet.Shares()
	if err != nil || len(log) != 1 || !strings.HasPrefix(log[0].How, "fetched over the local network (lo (127.0.0.1)) by 127.0.0.1") {
		t.Errorf("sharing log = %+v, %v", log, err)
	}
	// The same device may ask again for a moment (browsers that fetch
	// twice); closing the dialog ends that too.
	if resp, err := http.Get(link); err != nil || resp.StatusCode != http.StatusOK {
		t.Errorf("the device that fetched it cannot fetch it again: %v", err)
	} else {
		resp.Body.Close()
	}
	test.Tap(topButton(t, win, "Close")) // the share dialog's
	if _, err := http.Get(link); err == nil {
		t.Error("the link still answers after the share dialog closed")
	}

	// The recipient's side: the link, as scanned, opens in the wallet; it is used up.
	allowPrivateNetwork(t, u, win)
	u.checkReceived([]byte(link), "pasted text", verify.PresentationOptions{})
	mustContain(t, win, "Fetch the presentation?", "127.0.0.1:")
	test.Tap(button(t, win, "Fetch"))
	mustContain(t, win, "Could not fetch the presentation", "This share link has been used already")
}

func TestCheckReceivedPresentation(t *testing.T) {
	u, win, _ := newPresentUI(t)
	p := u.present()
	twoCoursesAndABadge(t, u, p)
	p.challenge.SetText("c-1")
	test.Tap(button(t, win, "Review…"))
	consent(t, win)
	test.Tap(button(t, win, "Sign"))
	test.Tap(button(t, win, "Close"))

	u.checkReceived(p.pres.Bytes, "vp.json", verify.PresentationOptions{Challenge: "c-1"})
	mustContain(t, win, "Presented by", p.pres.HolderDID, "Credentials in it (3)", "vp.json", "[Save presentation…]")

	// Shared once on the network, fetched once the learner agrees.
	s, err := lanshare.Start(p.pres.Bytes, lanshare.Options{IP: net.IPv4(127, 0, 0, 1)})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Stop()
	// A link to this computer is refused before anything is sent, until
	// the learner allows the private network in Settings.
	u.checkReceived([]byte(s.URL()+"\n"), "pasted text", verify.PresentationOptions{Challenge: "c-1"})
	test.Tap(button(t, win, "Fetch"))
	mustContain(t, win, "Could not fetch the presentation", "points at this computer", "in Settings")
	allowPrivateNetwork(t, u, win)
	u.checkReceived([]byte(s.URL()+"\n"), "pasted text", verify.PresentationOptions{Challenge: "c-1"})
	test.Tap(button(t, win, "Fetch"))
	mustContain(t, win, "a one-time link ("+s.URL()+")", "Credentials in it (3)")

	// The wrong challenge is a failure, said plainly.
	u.checkReceived(p.pres.Bytes, "vp.json", verify.PresentationOptions{Challenge: "other"})
	mustContain(t, win, "Challenge")
	u.checkReceived([]byte("LW1:!!"), "pasted text", verify.PresentationOptions{})
	mustContain(t, win, "Could not read the presentation", "Not a Learner Wallet QR code")
}

func TestShareLogListsAndDeletes(t *testing.T) {
	u, win, _ := newPresentUI(t)
	u.showShareLog()
	mustContain(t, win, "No presentations made yet.")
	p := u.present()
	twoCoursesAndABadge(t, u, p)
	p.domain.SetText("careers.example.com")
	test.Tap(button(t, win, "Review…"))
	consent(t, win)
	test.Tap(button(t, win, "Sign"))
	test.Tap(button(t, win, "Copy"))
	u.showShareLog()
	mustContain(t, win, "Data Integrity, 3 credentials for careers.example.com", "How: copied to the clipboard")
	var del *widget.Button
	for _, o := range objects(win) {
		if b, ok := asButton(o); ok && b.Text == "" && b.Icon == theme.DeleteIcon() && b.Visible() {
			del = b
		}
	}
	if del == nil {
		t.Fatal("no delete button in the sharing log")
	}
	test.Tap(del)
	if log, _ := u.wallet.Shares(); len(log) != 0 {
		t.Errorf("after delete the log has %d entries", len(log))
	}
}

func TestPresentSaysWhenVersionsMix(t *testing.T) {
	u, win, _ := newPresentUI(t)
	p := u.present()
	courses, _ := twoCoursesAndABadge(t, u, p)
	for _, it := range u.items {
		if it.Parent == "" && it.Summary.DataModel == "VCDM 2.0" {
			p.tree.Select(it.ID)
		}
	}
	mustContain(t, win, "two versions of the data model")
	if !p.review.Disabled() {
		t.Error("Review is enabled for credentials that cannot go together")
	}
	p.toggle(courses[0].ID, false)
	p.toggle(courses[1].ID, false)
	for _, it := range u.items {
		if it.Parent == "" && it.Summary.DataModel == "VCDM 1.1" && it.Kind == credential.KindOB3 {
			p.toggle(it.ID, false)
		}
	}
	if p.review.Disabled() {
		t.Errorf("Review is disabled for VCDM 2.0 credentials only: %s", p.summary.Text)
	}
}

func TestExportBakedImage(t *testing.T) {
	u, win := newTestUI(t)
	u.importPaths([]string{filepath.Join(examples, "ob3/validator/simple-json.png")})
	if u.detail.item == nil || !u.detail.item.HasImage {
		t.Fatal("the baked badge was not imported with its image")
	}
	test.Tap(button(t, win, "Export as badge image…"))
	// The save dialog is up, with the name made from the title.
	mustContain(t, win, "[Save]")
}

// TestPresentTwoOfTwentyCourses is the learner's errand in the window: two
// courses out of a signed 20-course record and a badge, checked as the
// employer would.
func TestPresentTwoOfTwentyCourses(t *testing.T) {
	u, win, _ := newPresentUI(t)
	u.importPaths([]string{"../testdata/generated/clr-20-courses-signed.json"})
	var record, badge wallet.Item
	for _, it := range u.items {
		switch {
		case len(it.Children) == 20:
			record = it
		case it.Kind == credential.KindOB3 && it.Parent == "" && it.Summary.DataModel == "VCDM 2.0" && it.Format == credential.FormatJSON:
			badge = it
		}
	}
	if record.ID == "" || badge.ID == "" {
		t.Fatal("the 20-course record or the VCDM 2.0 badge was not imported")
	}
	p := u.present()
	p.tree.OpenBranch(record.ID)
	for _, id := range []string{record.Children[4], record.Children[17], badge.ID} {
		p.tree.Select(id)
	}
	p.domain.SetText("careers.example.com")
	p.challenge.SetText("job-4711")
	test.Tap(button(t, win, "Review…"))
	consent(t, win)
	test.Tap(button(t, win, "Sign"))
	if p.pres == nil {
		t.Fatalf("nothing signed:\n%s", texts(win))
	}
	u.checkReceived(p.pres.Bytes, "for-employer.json", verify.PresentationOptions{Challenge: "job-4711", Domain: "careers.example.com"})
	mustContain(t, win, "3 credentials, all valid. Notes on holder binding.", "Credentials in it (3)", "is not bound to the presenter",
		u.item(record.Children[4]).Summary.Title(), u.item(record.Children[17]).Summary.Title())
}

func TestPresentWithTheKeyringLocked(t *testing.T) {
	a := test.NewTempApp(t)
	a.Settings().SetTheme(theme.LightTheme())
	win := test.NewTempWindow(t, nil)
	secrets := wallettest.NewSecrets()
	w := wallet.New(wallettest.NewStore(), wallet.WithSecrets(secrets, "ui-test"),
		wallet.WithClock(func() time.Time { return presentClock }))
	u := newUI(a, win, w, inline)
	win.Resize(fyne.NewSize(1100, 760))
	u.importPaths([]string{filepath.Join(generated, "badge-teamwork-signed.json")})
	secrets.SetUnavailable(true)
	p := u.present(u.topIDs[0])
	test.Tap(button(t, win, "Review…"))
	mustContain(t, win, "Could not prepare the presentation", "Cannot read your signing key", "Unlock your keyring")
	if p.pres != nil {
		t.Error("signed without a key")
	}
}

// topButton is the button with that text in the topmost dialog.
func topButton(t *testing.T, win fyne.Window, text string) *widget.Button {
	t.Helper()
	var found *widget.Button
	for _, o := range objects(win) {
		if b, ok := asButton(o); ok && b.Text == text && b.Visible() {
			found = b
		}
	}
	if found == nil {
		t.Fatalf("no button %q in:\n%s", text, texts(win))
	}
	return found
}

// allowPrivateNetwork turns on the Settings switch that lets the wallet
// reach this computer and the local network, as a learner would.
func allowPrivateNetwork(t *testing.T, u *UI, win fyne.Window) {
	t.Helper()
	u.showSettings()
	var check *widget.Check
	for _, o := range objects(win) {
		if c, ok := o.(*widget.Check); ok && c.Text == privateNetworkLabel {
			check = c
		}
	}
	if check == nil || check.Checked {
		t.Fatalf("no switch for the private network, or it is on by default:\n%s", texts(win))
	}
	test.Tap(check)
	if !u.wallet.AllowPrivateNetwork() {
		t.Fatal("the switch did not change the setting")
	}
	test.Tap(topButton(t, win, "Close"))
}

// Present… finds with the library's search, shows each verdict, and
// Escape closes it.
func TestPresentSearchAndEscape(t *testing.T) {
	u, win, _ := newPresentUI(t)
	p := u.present()
	p.find("no such words anywhere")
	if got := p.childIDs(""); len(got) != 0 {
		t.Fatalf("search found %v", got)
	}
	p.find("teamwork")
	for _, id := range p.childIDs("") {
		if !strings.Contains(strings.ToLower(u.item(id).Summary.Title()), "teamwork") {
			t.Errorf("search found %q", u.item(id).Summary.Title())
		}
	}
	p.find("")
	if len(p.childIDs("")) != len(u.topIDs) {
		t.Fatal("clearing the search does not show all")
	}
	win.Canvas().OnTypedKey()(&fyne.KeyEvent{Name: fyne.KeyEscape})
	if len(win.Canvas().Overlays().List()) != 0 {
		t.Error("Escape did not close Present…")
	}
}
