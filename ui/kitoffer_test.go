package ui

import (
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"
)

func kitOfferShown(u *UI) bool {
	return u.notice.Visible() && u.noticeText.Text == kitOfferText
}

// The first import into a wallet without a recovery kit offers one, once;
// "Not now" dismisses it and a later import does not offer it again.
func TestKitOfferedOnceAfterFirstImport(t *testing.T) {
	u, win := newTestUI(t)
	u.importPaths([]string{filepath.Join(examples, "ob3/validator/simple.json")})
	if !kitOfferShown(u) {
		t.Fatalf("no recovery kit offer after the first import; the window shows:\n%s", texts(win))
	}
	if len(win.Canvas().Overlays().List()) != 0 {
		t.Error("the offer opened a dialog")
	}
	mustContain(t, win, "Protect these credentials", "[Make a recovery kit…]", "[Not now]")
	if !u.wallet.KitOffered() {
		t.Error("the wallet does not remember the offer")
	}
	test.Tap(button(t, win, "Not now"))
	if u.notice.Visible() {
		t.Fatal("the offer stays after Not now")
	}
	u.importPaths([]string{filepath.Join(examples, "clr2/validator/complex.json")})
	if u.notice.Visible() {
		t.Fatalf("the offer came again after a second import: %q", u.noticeText.Text)
	}
}

// The offer's button opens the recovery kit dialog; making a kit ends the
// offer, wherever the kit was made from.
func TestKitOfferEndsWhenAKitIsMade(t *testing.T) {
	u, win := newTestUI(t)
	u.importPaths([]string{filepath.Join(examples, "ob3/validator/simple.json")})
	if !kitOfferShown(u) {
		t.Fatal("no recovery kit offer after the first import")
	}
	// Made from Settings while the offer shows.
	u.showRecoveryKit().make()
	if u.notice.Visible() {
		t.Fatal("the offer stays after a recovery kit was made")
	}
	if kits, _ := u.wallet.RecoveryKits(); len(kits) != 1 {
		t.Fatalf("%d recovery kits, want 1", len(kits))
	}
	_ = win
}

func TestKitOfferButtonOpensTheKitDialog(t *testing.T) {
	u, win := newTestUI(t)
	u.importPaths([]string{filepath.Join(examples, "ob3/validator/simple.json")})
	test.Tap(button(t, win, "Make a recovery kit…"))
	if u.notice.Visible() {
		t.Error("the offer stays once taken")
	}
	mustContain(t, win, "This wallet has no recovery kit yet.", "[Make a recovery kit]")
}

// A wallet that has a recovery kit is never offered one.
func TestNoKitOfferWithAKit(t *testing.T) {
	u, win := newTestUI(t)
	if _, _, err := u.wallet.NewRecoveryKit(); err != nil {
		t.Fatal(err)
	}
	u.importPaths([]string{filepath.Join(examples, "ob3/validator/simple.json")})
	if u.notice.Visible() || strings.Contains(texts(win), "Protect these credentials") {
		t.Fatalf("a wallet with a recovery kit is offered one: %q", u.noticeText.Text)
	}
	if u.wallet.KitOffered() {
		t.Error("an offer never shown is remembered as made")
	}
}

// An import with nothing new (all rejected) offers nothing.
func TestNoKitOfferWhenNothingImported(t *testing.T) {
	u, _ := newTestUI(t)
	u.importPaths([]string{filepath.Join(t.TempDir(), "missing.json")})
	if u.notice.Visible() {
		t.Fatalf("offer after an import that brought nothing: %q", u.noticeText.Text)
	}
}
