package ui

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/learnerwallet/learnerwallet/wallet"
	"github.com/learnerwallet/learnerwallet/wallet/fetch"
	"github.com/learnerwallet/learnerwallet/wallet/oid4vci"
	"github.com/learnerwallet/learnerwallet/wallet/oid4vci/oid4vcitest"
	"github.com/learnerwallet/learnerwallet/wallet/qr"
	"github.com/learnerwallet/learnerwallet/wallet/verify"
	"github.com/learnerwallet/learnerwallet/wallet/wallettest"
)

// receiveUI is the window over a wallet whose network reaches a loopback
// OpenID4VCI issuer, which issues the teamwork badge to the learner's DID.
func receiveUI(t *testing.T) (*UI, fyne.Window, *oid4vcitest.Issuer) {
	t.Helper()
	template, err := os.ReadFile(filepath.Join(generated, "badge-teamwork-signed.json"))
	if err != nil {
		t.Fatal(err)
	}
	is := oid4vcitest.Start(t, oid4vcitest.IssuedTo(t, template))
	w := wallet.New(wallettest.NewStore(), wallet.WithSecrets(wallettest.NewSecrets(), "ui-receive"),
		wallet.WithClock(func() time.Time { return fixedNow }),
		wallet.WithNetwork(func(wallet.NetChoice) *fetch.Client { return fetch.NewClient(is.Options()) }))
	u, win := newWalletUI(t, w)
	return u, win, is
}

// lineEntryWith is the visible one-line entry whose placeholder starts so.
func lineEntryWith(t *testing.T, win fyne.Window, placeholder string) *lineEntry {
	t.Helper()
	for _, o := range objects(win) {
		if e, ok := o.(*lineEntry); ok && strings.HasPrefix(e.PlaceHolder, placeholder) && e.Visible() {
			return e
		}
	}
	t.Fatalf("no entry %q in:\n%s", placeholder, texts(win))
	return nil
}

// TestReceiveFromAnIssuer: Receive… takes an offer's link; the window
// shows who offers what and asks for the code the issuer sent; a wrong
// code is the issuer's refusal in words, with nothing stored; the right
// one stores the badge, issued to the learner's DID and Valid.
func TestReceiveFromAnIssuer(t *testing.T) {
	u, win, is := receiveUI(t)
	button(t, win, "Receive from an issuer…").Tapped(nil)
	test.Type(lineEntryWith(t, win, "openid-credential-offer://"), is.Offer())
	button(t, win, "Continue").Tapped(nil)
	got := texts(win)
	for _, want := range []string{"Accept these credentials?", "Loopback University", "offers you 1 credential:", "• Teamwork badge", "[Accept]", "[Decline]"} {
		if !strings.Contains(got, want) {
			t.Errorf("the offer lacks %q:\n%s", want, got)
		}
	}

	test.Type(lineEntryWith(t, win, "The code the issuer sent you"), "000000")
	button(t, win, "Accept").Tapped(nil)
	if got := texts(win); !strings.Contains(got, "Nothing was received") || !strings.Contains(got, "wrong transaction code") || !strings.Contains(got, "Check the code") {
		t.Errorf("a wrong code:\n%s", got)
	}
	if len(u.topIDs) != 0 {
		t.Fatalf("a wrong code stored %d credentials", len(u.topIDs))
	}
	// Try again shows the offer anew, to type the right code.
	button(t, win, "Try again").Tapped(nil)
	test.Type(lineEntryWith(t, win, "The code the issuer sent you"), oid4vcitest.TxCode)
	button(t, win, "Accept").Tapped(nil)
	if len(u.topIDs) != 1 || u.status.Text != "1 imported" {
		t.Fatalf("after accepting: %d credentials, status %q\n%s", len(u.topIDs), u.status.Text, texts(win))
	}
	it := u.item(u.topIDs[0])
	if it.Verification != verify.Valid || it.Summary.RecipientID != is.Holders[len(is.Holders)-1] {
		t.Errorf("received: %s, issued to %s", it.Verification, it.Summary.RecipientID)
	}
	key, _ := u.wallet.HolderKey()
	if it.Summary.RecipientID != key.DID() {
		t.Errorf("issued to %s, not the learner's %s", it.Summary.RecipientID, key.DID())
	}
}

// TestReceiveSignIn: an offer without a code opens the issuer's sign-in
// page (here followed as a browser would) and the badge comes back; Paste
// takes an offer's link to the same place.
func TestReceiveSignIn(t *testing.T) {
	u, win, is := receiveUI(t)
	var opened string
	u.openPage = func(page string) error { opened = page; return is.Browser(page) }
	u.app.Clipboard().SetContent(is.AuthorizationOffer())
	u.pasteImport()
	if got := texts(win); !strings.Contains(got, "You will sign in at the issuer") {
		t.Fatalf("the offer:\n%s", got)
	}
	button(t, win, "Accept").Tapped(nil)
	if opened == "" || len(u.topIDs) != 1 {
		t.Fatalf("opened %q, %d stored\n%s", opened, len(u.topIDs), texts(win))
	}
}

// TestReceiveRefusals: an expired offer, a link that is no offer, and an
// offer of a format the wallet cannot keep are each explained, and store
// nothing.
func TestReceiveRefusals(t *testing.T) {
	u, win, is := receiveUI(t)
	for _, tc := range []struct{ link, want string }{
		{"openid-credential-offer://?nothing=here", "This is not a credential offer"},
		{is.OfferOf(oid4vcitest.SDJWTConfig), "does not do yet"},
		{"openid-credential-offer://?credential_offer_uri=http%3A%2F%2Fexample.com%2Fo", "not secure (https)"},
	} {
		u.receiveLink(tc.link)
		if got := texts(win); !strings.Contains(got, tc.want) {
			t.Errorf("%s: %s", tc.link, got)
		}
		button(t, win, "OK").Tapped(nil)
	}
	is.Expire()
	u.receiveLink(is.OfferByReference())
	if got := texts(win); !strings.Contains(got, "may have expired") {
		t.Errorf("an expired offer:\n%s", got)
	}
	if len(u.topIDs) != 0 {
		t.Errorf("%d stored", len(u.topIDs))
	}
}

// TestReceiveOfferRenders: the offer as the learner sees it, two
// credentials and a code to type.
func TestReceiveOfferRenders(t *testing.T) {
	u, win := newTestUI(t)
	o, err := oid4vci.ParseOffer([]byte(`{"credential_issuer":"https://university.example/edu","credential_configuration_ids":["badge","record"],` +
		`"grants":{"urn:ietf:params:oauth:grant-type:pre-authorized_code":{"pre-authorized_code":"x","tx_code":{"length":6,"description":"The code we e-mailed you"}}}}`))
	if err != nil {
		t.Fatal(err)
	}
	var m oid4vci.IssuerMetadata
	if err := json.Unmarshal([]byte(`{"credential_issuer":"https://university.example/edu","credential_endpoint":"https://university.example/edu/credential",`+
		`"display":[{"name":"Example University","locale":"en"}],"credential_configurations_supported":{`+
		`"badge":{"format":"ldp_vc","credential_metadata":{"display":[{"name":"Teamwork badge"}]}},`+
		`"record":{"format":"jwt_vc_json","credential_metadata":{"display":[{"name":"Transcript, Fall 2026"}]}}}}`), &m); err != nil {
		t.Fatal(err)
	}
	configs, err := m.Offered(o)
	if err != nil {
		t.Fatal(err)
	}
	u.showProposal(&oid4vci.Proposal{Offer: o, Metadata: &m, Configs: configs}, nil)
	test.AssertRendersToMarkup(t, "receive-offer.xml", win.Canvas())
}

// TestReceiveFromQRPicture: a picture of an offer's QR code, opened from
// Receive…, gets the same offer.
func TestReceiveFromQRPicture(t *testing.T) {
	u, win, is := receiveUI(t)
	png, err := qr.TextPNG(is.OfferByReference(), 512)
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "offer.png")
	if err := os.WriteFile(path, png, 0o600); err != nil {
		t.Fatal(err)
	}
	u.openPath = func(_ []string, chosen func(string)) { chosen(path) }
	u.showReceive()
	button(t, win, "Open a picture of the QR code…").Tapped(nil)
	test.Type(lineEntryWith(t, win, "The code the issuer sent you"), oid4vcitest.TxCode)
	button(t, win, "Accept").Tapped(nil)
	if len(u.topIDs) != 1 {
		t.Fatalf("%d stored\n%s", len(u.topIDs), texts(win))
	}
}
