package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/learnerwallet/learnerwallet/store"
	"github.com/learnerwallet/learnerwallet/store/storetest"
	"github.com/learnerwallet/learnerwallet/wallet/fetch"
	"github.com/learnerwallet/learnerwallet/wallet/oid4vci"
	"github.com/learnerwallet/learnerwallet/wallet/oid4vci/oid4vcitest"
)

// TestReceive: lw receive takes an offer from a loopback OpenID4VCI issuer
// (pre-authorized code, transaction code), and the badge it issues to the
// learner's DID is stored and Valid; a wrong code is refused in words and
// stores nothing; without a terminal and without --pin it says what to do.
func TestReceive(t *testing.T) {
	old, oldClient, oldBrowser := secrets, receiveClient, openBrowser
	secrets = storetest.Secrets(t)
	t.Cleanup(func() { secrets, receiveClient, openBrowser = old, oldClient, oldBrowser })
	t.Setenv("LW_HOME", filepath.Join(t.TempDir(), "wallet"))

	template, err := os.ReadFile(filepath.Join("..", "..", "testdata", "generated", "badge-teamwork-signed.json"))
	if err != nil {
		t.Fatal(err)
	}
	is := oid4vcitest.Start(t, oid4vcitest.IssuedTo(t, template))
	is.File = template
	receiveClient = func(store.NetOptions) oid4vci.Network { return fetch.NewClient(is.Options()) }
	lw := func(args ...string) (int, string, string) {
		var stdout, stderr bytes.Buffer
		code := run(args, strings.NewReader(""), &stdout, &stderr)
		return code, stdout.String(), stderr.String()
	}
	if code, _, errs := lw("receive", is.Offer()); code == exitOK || !strings.Contains(errs, "--pin") {
		t.Errorf("no code, no terminal: exit %d, %s", code, errs)
	}
	if code, _, errs := lw("receive", "--pin", "000000", is.Offer()); code == exitOK || !strings.Contains(errs, "wrong transaction code") {
		t.Errorf("a wrong code: exit %d, %s", code, errs)
	}
	code, out, errs := lw("receive", "--pin", oid4vcitest.TxCode, is.Offer())
	if code != exitOK || !strings.Contains(out, "Loopback University") || !strings.Contains(out, "stored ") {
		t.Fatalf("exit %d\n%s%s", code, out, errs)
	}
	if !strings.Contains(out, "  valid  ") { // Valid: the issuer's key, the learner's DID
		t.Errorf("the received badge is not valid:\n%s", out)
	}
	_, list, _ := lw("list", "--json")
	if n := strings.Count(list, `"id"`); n < 1 {
		t.Errorf("nothing listed: %s", list)
	}
	if _, out, _ := lw("show", "--json", strings.Fields(out[strings.Index(out, "stored ")+7:])[0]); !strings.Contains(out, is.Holders[0]) {
		t.Errorf("the stored badge is not the one issued to %s:\n%.600s", is.Holders[0], out)
	}
	// An offer without a code: the issuer's sign-in page opens (here, as a
	// browser would follow it) and the badge comes back the same way.
	var opened string
	openBrowser = func(page string) error { opened = page; return is.Browser(page) }
	code, out, errs = lw("receive", is.AuthorizationOffer())
	if code != exitOK || !strings.Contains(out, "stored ") && !strings.Contains(out, "already in the wallet") || !strings.Contains(errs, opened) || opened == "" {
		t.Errorf("the authorization code flow: exit %d\n%s%s", code, out, errs)
	}
	// The same badge as a jwt_vc_json credential (a VCDM 1.1 credential in
	// a JWT's vc claim): stored, and Valid.
	code, out, errs = lw("receive", "--pin", oid4vcitest.TxCode, is.OfferOf(oid4vcitest.JWTConfig))
	if code != exitOK || !strings.Contains(out, "(jwt_vc_json)") || !strings.Contains(out, "  valid  ") {
		t.Errorf("jwt_vc_json: exit %d\n%s%s", code, out, errs)
	}
	// An https address of a credential file is downloaded and imported.
	code, out, errs = lw("receive", is.Issuer+"/files/badge.json")
	if code != exitOK || !strings.Contains(out, "stored ") {
		t.Errorf("a credential file's address: exit %d\n%s%s", code, out, errs)
	}
	// An expired offer: by reference it is gone, by value its code is
	// refused; both say to ask for a new one, and store nothing.
	_, before, _ := lw("list", "--json")
	is.Expire()
	for _, offer := range []string{is.OfferByReference(), is.Offer()} {
		if code, _, errs := lw("receive", "--pin", oid4vcitest.TxCode, offer); code == exitOK || !strings.Contains(errs, "ask the issuer for a new one") {
			t.Errorf("an expired offer: exit %d, %s", code, errs)
		}
	}
	if _, after, _ := lw("list", "--json"); after != before {
		t.Errorf("an expired offer changed the wallet")
	}
}
