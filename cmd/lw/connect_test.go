package main

import (
	"bytes"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/learnerwallet/learnerwallet/store"
	"github.com/learnerwallet/learnerwallet/store/storetest"
	"github.com/learnerwallet/learnerwallet/wallet"
	"github.com/learnerwallet/learnerwallet/wallet/fetch"
	"github.com/learnerwallet/learnerwallet/wallet/obapi/obapitest"
)

// TestConnect: lw connect signs in at a loopback Open Badges / CLR API
// provider (in the "browser"), lw sync stores every credential it holds
// for the learner, Valid, and a second sync nothing new; lw connections
// lists it; a refused refresh token says to sign in again; an http
// address is refused; lw disconnect revokes the wallet's access. The
// secrets never reach the wallet's files.
func TestConnect(t *testing.T) {
	old, oldNet, oldBrowser := secrets, connectNetwork, openBrowser
	secrets = storetest.Secrets(t)
	t.Cleanup(func() { secrets, connectNetwork, openBrowser = old, oldNet, oldBrowser })
	home := filepath.Join(t.TempDir(), "wallet")
	t.Setenv("LW_HOME", home)

	template, err := os.ReadFile(filepath.Join("..", "..", "testdata", "generated", "badge-teamwork-signed.json"))
	if err != nil {
		t.Fatal(err)
	}
	p := obapitest.Start(t, template)
	connectNetwork = func(wallet.NetChoice) *fetch.Client { return fetch.NewClient(p.Options()) }
	openBrowser = p.Browser
	lw := func(args ...string) (int, string, string) {
		var stdout, stderr bytes.Buffer
		code := run(args, strings.NewReader(""), &stdout, &stderr)
		return code, stdout.String(), stderr.String()
	}

	if code, out, _ := lw("connect", "-h"); code != exitOK || !strings.Contains(out, "lw sync [NAME]") {
		t.Errorf("connect -h: exit %d\n%s", code, out)
	}
	if code, _, errs := lw("connect", "http://"+strings.TrimPrefix(p.Base, "https://")); code != exitFailed || !strings.Contains(errs, "must be https") {
		t.Errorf("an http address: exit %d\n%s", code, errs)
	}
	p.Set(func(p *obapitest.Provider) { p.WebOnly = true })
	if code, _, errs := lw("connect", p.Base); code != exitFailed || !strings.Contains(errs, "would not register Learner Wallet (invalid_redirect_uri") || !strings.Contains(errs, "lw import") {
		t.Errorf("a registration refused: exit %d\n%s", code, errs)
	}
	p.Set(func(p *obapitest.Provider) { p.WebOnly = false })
	code, out, errs := lw("connect", p.Base)
	if code != exitOK || !strings.Contains(out, "its privacy policy: "+p.Base+"/privacy") || !strings.Contains(out, "connected loopback-college: Loopback College (Open Badges 3.0, CLR 2.0)") || !strings.Contains(errs, "Sign in at the provider") {
		t.Fatalf("connect: exit %d\n%s%s", code, out, errs)
	}
	w, err := store.OpenWalletWith(home, secrets, store.NetOptions{})
	if err != nil {
		t.Fatal(err)
	}
	key, err := w.HolderKey()
	w.Close()
	if err != nil {
		t.Fatal(err)
	}
	p.Set(func(p *obapitest.Provider) { p.Holder = key.DID() })

	code, out, errs = lw("sync")
	if code != exitOK || strings.Count(out, "stored ") != 6 || strings.Count(out, "  valid  ") != 6 || !strings.Contains(out, "loopback-college: 6 new, 0 already in the wallet, of 6 from Loopback College") {
		t.Errorf("sync: exit %d\n%s%s", code, out, errs)
	}
	code, out, errs = lw("sync", "loopback-college")
	if code != exitOK || !strings.Contains(out, "0 new, 6 already in the wallet") {
		t.Errorf("second sync: exit %d\n%s%s", code, out, errs)
	}
	if code, out, _ := lw("connections"); code != exitOK || !strings.Contains(out, "loopback-college  Loopback College  "+p.Base) || !strings.Contains(out, "0 new of 6") {
		t.Errorf("connections: exit %d\n%s", code, out)
	}

	p.Set(func(p *obapitest.Provider) { p.RetryAfter = "later" })
	if code, _, errs := lw("sync"); code != exitFailed || !strings.Contains(errs, "lw: loopback-college: the provider said: failure — slow down") {
		t.Errorf("an Imsx_StatusInfo: exit %d\n%s", code, errs)
	}
	p.Set(func(p *obapitest.Provider) { p.RetryAfter = "3600" })
	if code, _, errs := lw("sync"); code != exitFailed || !strings.Contains(errs, "the provider is busy: try again after ") {
		t.Errorf("a long Retry-After: exit %d\n%s", code, errs)
	}

	// Nothing secret in the wallet's files.
	secret := []string{p.Secret("client-1")}
	secret = append(secret, p.RefreshTokens()...)
	filepath.WalkDir(home, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, _ := os.ReadFile(path)
		for _, s := range secret {
			if bytes.Contains(b, []byte(s)) {
				t.Errorf("%s holds a secret", path)
			}
		}
		return nil
	})

	p.RevokeAll()
	want := "the provider refused: invalid_grant — sign in again with lw connect " + p.Base
	if code, _, errs := lw("sync", "loopback-college"); code != exitFailed || !strings.Contains(errs, want) {
		t.Errorf("a revoked refresh token: exit %d\n%s", code, errs)
	}
	if code, _, errs := lw("sync", "nowhere"); code != exitFailed || !strings.Contains(errs, `no connection named "nowhere"`) {
		t.Errorf("no such connection: exit %d\n%s", code, errs)
	}
	if code, out, errs := lw("connect", p.Base); code != exitOK || p.Registrations() != 1 {
		t.Errorf("signing in again: exit %d, %d registrations\n%s%s", code, p.Registrations(), out, errs)
	}
	if code, out, errs := lw("disconnect", "loopback-college"); code != exitOK || !strings.Contains(out, "Loopback College revoked the wallet's access") {
		t.Errorf("disconnect: exit %d\n%s%s", code, out, errs)
	}
	if code, out, _ := lw("connections"); code != exitOK || !strings.Contains(out, "No connections") {
		t.Errorf("connections after disconnecting: exit %d\n%s", code, out)
	}
}
