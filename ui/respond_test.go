package ui

import (
	"crypto/ed25519"
	"crypto/rand"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/learnerwallet/learnerwallet/wallet"
	"github.com/learnerwallet/learnerwallet/wallet/fetch"
	"github.com/learnerwallet/learnerwallet/wallet/oid4vci/oid4vcitest"
	"github.com/learnerwallet/learnerwallet/wallet/oid4vp/oid4vptest"
	"github.com/learnerwallet/learnerwallet/wallet/qr"
	"github.com/learnerwallet/learnerwallet/wallet/wallettest"
)

const obTypeIRI = "https://purl.imsglobal.org/spec/vc/ob/vocab.html#OpenBadgeCredential"

// dcqlBadgeAndCourses asks for the teamwork badge and one or more courses.
const dcqlBadgeAndCourses = `{"credentials":[
 {"id":"badge","format":"ldp_vc","meta":{"type_values":[["` + obTypeIRI + `"]]},
  "claims":[{"path":["credentialSubject","achievement","name"],"values":["Teamwork"]}]},
 {"id":"courses","format":"ldp_vc","multiple":true,"meta":{"type_values":[["` + obTypeIRI + `"]]},
  "claims":[{"path":["credentialSubject","achievement","achievementType"],"values":["Course"]}]}]}`

// respondUI is the window over a wallet holding, issued to the learner's
// DID, the teamwork badge and a record of three courses; its network
// reaches a loopback OpenID4VP verifier.
func respondUI(t *testing.T) (*UI, fyne.Window, *oid4vptest.Verifier) {
	t.Helper()
	v := oid4vptest.Start(t)
	// The wallet's own clock: the verifier checks presentations by its.
	w := wallet.New(wallettest.NewStore(), wallet.WithSecrets(wallettest.NewSecrets(), "ui-respond"),
		wallet.WithNetwork(func(wallet.NetChoice) *fetch.Client { return fetch.NewClient(v.Options()) }))
	key, err := w.HolderKey()
	if err != nil {
		t.Fatal(err)
	}
	read := func(name string) []byte {
		b, err := os.ReadFile(filepath.Join(generated, name))
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	badge := oid4vcitest.IssuedTo(t, read("badge-teamwork-signed.json"))(key.DID(), oid4vcitest.LDPConfig)
	for _, b := range [][]byte{badge, oid4vptest.IssueCLR(t, read("clr-20-courses-signed.json"), key.DID(), 3)} {
		if r := w.ImportBytes("test", b); !r.Verification.OK() {
			t.Fatalf("%+v", r)
		}
	}
	u, win := newWalletUI(t, w)
	return u, win, v
}

// tickBox ticks the visible check box whose label starts with text.
func tickBox(t *testing.T, win fyne.Window, text string) {
	t.Helper()
	for _, o := range objects(win) {
		if c, ok := o.(*widget.Check); ok && strings.HasPrefix(c.Text, text) && c.Visible() {
			c.SetChecked(true)
			return
		}
	}
	t.Fatalf("no check box %q in:\n%s", text, texts(win))
}

// TestRespondToAVerifier: Respond to a request… takes a verifier's link;
// the window says who asks, for what, and which credentials answer, with
// what each discloses; the badge and two courses out of the record go,
// holder-bound, and the verifier (which verifies them) accepts.
func TestRespondToAVerifier(t *testing.T) {
	u, win, v := respondUI(t)
	u.showRespond()
	test.Type(lineEntryWith(t, win, "openid4vp://"), v.Request(t, oid4vptest.Spec{Client: oid4vptest.DID, ByReference: true, DCQL: dcqlBadgeAndCourses}))
	button(t, win, "Continue").Tapped(nil)
	got := texts(win)
	for _, want := range []string{"asks for credentials", "Its request is signed by did:key:", "It asks for “badge”:", "It asks for “courses”, one or more:", "[Send]"} {
		if !strings.Contains(got, want) {
			t.Errorf("the request lacks %q:\n%s", want, got)
		}
	}
	tickBox(t, win, "Teamwork")
	tickBox(t, win, "Academic Writing")
	tickBox(t, win, "College Algebra")
	button(t, win, "Send").Tapped(nil)
	last := v.Last()
	if !last.Accepted || last.Credentials["badge"] != 1 || last.Credentials["courses"] != 2 {
		t.Fatalf("the verifier got %+v\n%s", last, texts(win))
	}
	if got := texts(win); !strings.Contains(got, "accepted what you sent") || !strings.Contains(u.status.Text, "accepted") {
		t.Errorf("after sending:\n%s", got)
	}
	shares, err := u.wallet.Shares()
	if err != nil || len(shares) != 3 || !strings.HasPrefix(shares[0].How, "sent to ") {
		t.Errorf("the sharing log: %+v, %v", shares, err)
	}
}

// TestRespondRefusals: a request asking for what no credential gives
// shows what matched and sends nothing; a forged request is refused in
// words before anything is shown.
func TestRespondRefusals(t *testing.T) {
	u, win, v := respondUI(t)
	const dcqlDegree = `{"credentials":[{"id":"degree","format":"ldp_vc","meta":{"type_values":[["https://example.com/Degree"]]}}]}`
	u.respondLink(v.Request(t, oid4vptest.Spec{Client: oid4vptest.DID, DCQL: dcqlDegree}))
	if got := texts(win); !strings.Contains(got, "None of your credentials answers it.") || !strings.Contains(got, "nothing can be sent") || strings.Contains(got, "[Send]") {
		t.Errorf("a request no credential answers:\n%s", got)
	}
	button(t, win, "Cancel").Tapped(nil)
	forger := oid4vptest.Spec{Client: oid4vptest.DID, ByReference: true, DCQL: dcqlBadgeAndCourses}
	_, forger.SignWith, _ = ed25519.GenerateKey(rand.Reader)
	u.respondLink(v.Request(t, forger))
	if got := texts(win); !strings.Contains(got, "Nothing was sent") && !strings.Contains(got, "may be forged") {
		t.Errorf("a forged request:\n%s", got)
	}
	if v.Count() != 0 {
		t.Errorf("%d responses reached the verifier", v.Count())
	}
}

// TestRespondToAQRPicture: the path of a picture of the request's QR code,
// typed or pasted where the link goes, opens the same request.
func TestRespondToAQRPicture(t *testing.T) {
	u, win, v := respondUI(t)
	png, err := qr.TextPNG(v.Request(t, oid4vptest.Spec{Client: oid4vptest.DID, ByReference: true, DCQL: dcqlBadgeAndCourses}), 512)
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "request.png")
	if err := os.WriteFile(path, png, 0o600); err != nil {
		t.Fatal(err)
	}
	u.showRespond()
	test.Type(lineEntryWith(t, win, "openid4vp://"), path)
	button(t, win, "Continue").Tapped(nil)
	if got := texts(win); !strings.Contains(got, "asks for credentials") {
		t.Errorf("a typed picture path:\n%s", got)
	}
}
