package wallet_test

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/learnerwallet/learnerwallet/wallet"
	"github.com/learnerwallet/learnerwallet/wallet/fetch"
	"github.com/learnerwallet/learnerwallet/wallet/obapi"
	"github.com/learnerwallet/learnerwallet/wallet/obapi/obapitest"
	"github.com/learnerwallet/learnerwallet/wallet/verify"
	"github.com/learnerwallet/learnerwallet/wallet/wallettest"
)

// connectedWallet is a wallet with a holder key, reaching a loopback
// provider that issues to it.
func connectedWallet(t *testing.T) (*wallet.Wallet, *wallettest.Store, *wallettest.Secrets, *obapitest.Provider) {
	t.Helper()
	template, err := os.ReadFile(filepath.Join("..", "testdata", "generated", "badge-teamwork-signed.json"))
	if err != nil {
		t.Fatal(err)
	}
	p := obapitest.Start(t, template)
	clr, err := os.ReadFile(filepath.Join("..", "testdata", "generated", "clr-20-courses-signed.json"))
	if err != nil {
		t.Fatal(err)
	}
	p.Set(func(p *obapitest.Provider) { p.CLRTemplate = clr })
	s, secrets := wallettest.NewStore(), wallettest.NewSecrets()
	w := wallet.New(s, wallet.WithSecrets(secrets, "w1"), wallet.WithNetwork(func(wallet.NetChoice) *fetch.Client { return fetch.NewClient(p.Options()) }))
	t.Cleanup(func() { w.Close() })
	key, err := w.HolderKey()
	if err != nil {
		t.Fatal(err)
	}
	p.Set(func(p *obapitest.Provider) { p.Holder = key.DID() })
	return w, s, secrets, p
}

func ctx(t *testing.T) context.Context {
	c, cancel := context.WithTimeout(context.Background(), time.Minute)
	t.Cleanup(cancel)
	return c
}

func obCode(err error) obapi.Code {
	var e *obapi.Error
	if errors.As(err, &e) {
		return e.Code
	}
	return ""
}

// TestConnectAndSync: connecting registers the wallet and signs in once;
// a sync pulls every credential from both APIs (three pages of OB, JSON
// and VC-JWT) and each verifies Valid; a second finds nothing new; an
// expired access token is renewed once; the secrets are in the keyring
// and never in the wallet's settings; disconnecting revokes and forgets.
func TestConnectAndSync(t *testing.T) {
	w, s, secrets, p := connectedWallet(t)
	c, err := w.Connect(ctx(t), p.Base+"/ims/ob/v3p0", p.Browser)
	if err != nil {
		t.Fatal(err)
	}
	if c.Name != "loopback-college" || c.Provider != "Loopback College" || strings.Join(c.APIs, ",") != "ob,clr" || c.BaseURL != p.Base {
		t.Errorf("connection %+v", c)
	}
	res, err := w.Sync(ctx(t), "Loopback-College")
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Results) != 6 || res.Connection.LastNew != 6 || res.Connection.LastSeen != 6 || res.Connection.LastSync.IsZero() {
		t.Errorf("%d results, connection %+v", len(res.Results), res.Connection)
	}
	jwt, records := 0, 0
	for _, r := range res.Results {
		if r.Kind == "clr" && r.Nested == 20 {
			records++
		}
		if r.Status != wallet.Imported || r.Verification != verify.Valid {
			t.Errorf("%s: %s %s %s", r.Name, r.Status, r.Verification, r.Error)
		}
		if it, err := w.Item(r.ID); err == nil && it.Format == "jwt" {
			jwt++
		}
		if !strings.HasPrefix(r.Path, "synced from example.com:") {
			t.Errorf("source %q", r.Path)
		}
	}
	if jwt != 2 || records != 1 {
		t.Errorf("%d VC-JWT credentials stored, want 2; %d records with 20 courses, want 1", jwt, records)
	}
	p.Set(func(p *obapitest.Provider) { p.Expire = true })
	res, err = w.Sync(ctx(t), c.Name)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range res.Results {
		if r.Status != wallet.Duplicate {
			t.Errorf("second sync: %s %s", r.Name, r.Status)
		}
	}
	if res.Connection.LastNew != 0 || res.Connection.LastSeen != 6 {
		t.Errorf("second sync: %+v", res.Connection)
	}

	// The secrets: in the keyring, never in the wallet's settings.
	setting, _ := s.Setting("connections")
	var kept []string
	for _, a := range secrets.Accounts() {
		if strings.Contains(a, "/connection/") {
			b, _ := secrets.Get(a)
			kept = append(kept, a)
			if bytes.Contains(setting, b) {
				t.Errorf("%s is in the wallet's settings", a)
			}
		}
	}
	if len(kept) != 2 {
		t.Errorf("keyring accounts %v", kept)
	}

	// Connecting again signs in again, with the same registration; the
	// access it replaces is revoked.
	valid := p.ValidRefreshTokens()
	if _, err := w.Connect(ctx(t), p.Base, p.Browser); err != nil || p.Registrations() != 1 || p.ValidRefreshTokens() != valid || len(p.Revoked()) != 1 {
		t.Errorf("connecting again: %v, %d registrations, %d valid refresh tokens (want %d), revoked %v", err, p.Registrations(), p.ValidRefreshTokens(), valid, p.Revoked())
	}
	if cs, _ := w.Connections(); len(cs) != 1 {
		t.Errorf("connections %+v", cs)
	}

	d, err := w.Disconnect(ctx(t), c.Name)
	if err != nil || !d.Revoked || len(p.Revoked()) != 2 || p.ValidRefreshTokens() != 0 {
		t.Errorf("disconnect: %+v, %v; revoked %v", d, err, p.Revoked())
	}
	for _, a := range secrets.Accounts() {
		if strings.Contains(a, "/connection/") {
			t.Errorf("%s left in the keyring", a)
		}
	}
	if cs, _ := w.Connections(); len(cs) != 0 {
		t.Errorf("connections after disconnecting: %+v", cs)
	}
	if _, err := w.Sync(ctx(t), c.Name); !isConnErr(err, wallet.NoSuchConnection) {
		t.Errorf("sync after disconnecting: %v", err)
	}
}

func isConnErr(err error, code wallet.ConnectionCode) bool {
	var e *wallet.ConnectionError
	return errors.As(err, &e) && e.Code == code
}

// TestSyncRefused: a refresh token the provider no longer takes is
// invalid_grant; a next page on another origin is refused; a long
// Retry-After says when, a short one is waited.
func TestSyncRefused(t *testing.T) {
	w, _, _, p := connectedWallet(t)
	c, err := w.Connect(ctx(t), p.Base+"/ims/clr/v2p0/discovery", p.Browser)
	if err != nil {
		t.Fatal(err)
	}
	p.Set(func(p *obapitest.Provider) { p.RetryAfter = "0" })
	if _, err := w.Sync(ctx(t), c.Name); err != nil {
		t.Errorf("a Retry-After of 0: %v", err)
	}
	p.Set(func(p *obapitest.Provider) { p.RetryAfter = "3600" })
	var e *obapi.Error
	if _, err := w.Sync(ctx(t), c.Name); !errors.As(err, &e) || e.Code != obapi.Busy || time.Until(e.RetryAt) < 50*time.Minute {
		t.Errorf("a Retry-After of an hour: %v", err)
	}
	p.Set(func(p *obapitest.Provider) { p.NextTo = "https://elsewhere.example:443" })
	if _, err := w.Sync(ctx(t), c.Name); obCode(err) != obapi.OtherOrigin {
		t.Errorf("a next page elsewhere: %v", err)
	}
	p.RevokeAll()
	if _, err := w.Sync(ctx(t), c.Name); !errors.As(err, &e) || e.Code != obapi.Refused || e.OAuth == nil || e.OAuth.Code != "invalid_grant" {
		t.Errorf("a revoked refresh token: %v", err)
	}
}

// TestConnectRefused: what is not https, or not a provider, is refused
// before anything is registered.
func TestConnectRefused(t *testing.T) {
	w, _, secrets, p := connectedWallet(t)
	for _, u := range []string{"http://" + strings.TrimPrefix(p.Base, "https://"), "ftp://example.com", "https://user:pw@example.com/"} {
		if _, err := w.Connect(ctx(t), u, p.Browser); obCode(err) != obapi.NotHTTPS {
			t.Errorf("%s: %v", u, err)
		}
	}
	if _, err := w.Connect(ctx(t), p.Base+"/nothing/here", p.Browser); obCode(err) != obapi.NotProvider {
		t.Errorf("no provider: %v", err)
	}
	p.Set(func(p *obapitest.Provider) { p.WebOnly = true })
	if _, err := w.Connect(ctx(t), p.Base, p.Browser); obCode(err) != obapi.NotRegistered {
		t.Errorf("a registration refused: %v", err)
	}
	if p.Registrations() != 0 || len(secrets.Accounts()) != 1 {
		t.Errorf("%d registrations, accounts %v", p.Registrations(), secrets.Accounts())
	}
	// Registered, but the learner never signs in: no secret stays behind.
	p.Set(func(p *obapitest.Provider) { p.WebOnly = false })
	gaveUp, cancel := context.WithCancel(context.Background())
	defer cancel()
	if _, err := w.Connect(gaveUp, p.Base, func(string) error { cancel(); return nil }); obCode(err) != obapi.SignIn {
		t.Errorf("no sign-in: %v", err)
	}
	if p.Registrations() != 1 || len(secrets.Accounts()) != 1 {
		t.Errorf("%d registrations, accounts %v", p.Registrations(), secrets.Accounts())
	}
}

// TestReconnectGivenUp: signing in again and giving up leaves the
// connection as it was: it still syncs with the client and refresh token
// it had.
func TestReconnectGivenUp(t *testing.T) {
	w, _, _, p := connectedWallet(t)
	c, err := w.Connect(ctx(t), p.Base, p.Browser)
	if err != nil {
		t.Fatal(err)
	}
	gaveUp, cancel := context.WithCancel(context.Background())
	defer cancel()
	if _, err := w.Connect(gaveUp, p.Base, func(string) error { cancel(); return nil }); obCode(err) != obapi.SignIn {
		t.Errorf("no sign-in: %v", err)
	}
	if _, err := w.Sync(ctx(t), c.Name); err != nil {
		t.Errorf("a sync after a sign-in given up: %v", err)
	}
	if p.Registrations() != 1 {
		t.Errorf("%d registrations, want 1", p.Registrations())
	}
}
