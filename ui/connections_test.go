package ui

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/learnerwallet/learnerwallet/wallet"
	"github.com/learnerwallet/learnerwallet/wallet/fetch"
	"github.com/learnerwallet/learnerwallet/wallet/obapi/obapitest"
	"github.com/learnerwallet/learnerwallet/wallet/verify"
	"github.com/learnerwallet/learnerwallet/wallet/wallettest"
)

// connectionsUI is the window over a wallet whose network reaches a
// loopback OB/CLR API provider that issues to the learner's DID.
func connectionsUI(t *testing.T) (*UI, fyne.Window, *obapitest.Provider) {
	t.Helper()
	template, err := os.ReadFile(filepath.Join(generated, "badge-teamwork-signed.json"))
	if err != nil {
		t.Fatal(err)
	}
	p := obapitest.Start(t, template)
	w := wallet.New(wallettest.NewStore(), wallet.WithSecrets(wallettest.NewSecrets(), "ui-connections"),
		wallet.WithClock(func() time.Time { return fixedNow }),
		wallet.WithNetwork(func(wallet.NetChoice) *fetch.Client { return fetch.NewClient(p.Options()) }))
	key, err := w.HolderKey()
	if err != nil {
		t.Fatal(err)
	}
	p.Set(func(p *obapitest.Provider) { p.Holder = key.DID() })
	u, win := newWalletUI(t, w)
	u.openPage = p.Browser
	return u, win, p
}

// TestConnectSyncDisconnect: Connect to a provider… signs in (the page
// followed as a browser would) and syncs at once: every credential of
// every page, stored and Valid. The connection is listed with its last
// sync; Sync now finds nothing new; Disconnect revokes the access and
// the credentials stay.
func TestConnectSyncDisconnect(t *testing.T) {
	u, win, p := connectionsUI(t)
	u.showConnections()
	if got := texts(win); !strings.Contains(got, "No connections yet.") {
		t.Errorf("a new wallet's connections:\n%s", got)
	}
	test.Type(lineEntryWith(t, win, "https://"), p.Base)
	button(t, win, "Connect").Tapped(nil)
	n := len(u.topIDs)
	if n < 6 || !strings.Contains(u.status.Text, "imported") {
		t.Fatalf("after connecting: %d credentials, status %q\n%s", n, u.status.Text, texts(win))
	}
	for _, id := range u.topIDs {
		if it := u.item(id); it.Verification != verify.Valid {
			t.Errorf("%s: %s", it.Summary.Name, it.Verification)
		}
	}
	u.showConnections()
	got := texts(win)
	if !strings.Contains(got, "Last synced") || !strings.Contains(got, "[Sync now]") {
		t.Fatalf("the connection is not listed:\n%s", got)
	}
	button(t, win, "Sync now").Tapped(nil)
	if len(u.topIDs) != n {
		t.Errorf("a second sync: %d credentials, was %d", len(u.topIDs), n)
	}
	u.showConnections()
	button(t, win, "Disconnect…").Tapped(nil)
	button(t, win, "Disconnect").Tapped(nil)
	if !strings.Contains(u.status.Text, "revoked") || len(p.Revoked()) == 0 {
		t.Errorf("disconnecting: status %q, revoked %v", u.status.Text, p.Revoked())
	}
	if conns, _ := u.wallet.Connections(); len(conns) != 0 || len(u.topIDs) != n {
		t.Errorf("after disconnecting: %d connections, %d credentials", len(conns), len(u.topIDs))
	}
}

// TestConnectRefusedInWords: a provider that refuses a desktop wallet's
// registration is explained, and so is an address with no API.
func TestConnectRefusedInWords(t *testing.T) {
	u, win, p := connectionsUI(t)
	p.Set(func(p *obapitest.Provider) { p.WebOnly = true })
	u.connect(p.Base)
	if got := texts(win); !strings.Contains(got, "does not let a desktop wallet connect") {
		t.Errorf("a registration refused:\n%s", got)
	}
	button(t, win, "OK").Tapped(nil)
	u.connect(p.Base + "/nothing-here")
	if got := texts(win); !strings.Contains(got, "Could not connect") {
		t.Errorf("no API there:\n%s", got)
	}
}
