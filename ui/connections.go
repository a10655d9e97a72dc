package ui

import (
	"context"
	"errors"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/learnerwallet/learnerwallet/wallet"
	"github.com/learnerwallet/learnerwallet/wallet/obapi"
	"github.com/learnerwallet/learnerwallet/wallet/safetext"
)

// syncTimeout bounds a sync: every page of every API of a provider.
const syncTimeout = 5 * time.Minute

// showConnections lists the providers the wallet is connected to (the
// 1EdTech Open Badges and CLR APIs), each with its last sync, to sync
// again or disconnect; and connects to a new one.
func (u *UI) showConnections() {
	if u.refuseWhileBusy() {
		return
	}
	conns, err := u.wallet.Connections()
	if err != nil {
		u.showError(lang.L("Could not read your connections"), err)
		return
	}
	var d *dialog.CustomDialog
	intro := widget.NewLabel(lang.L("Collect your badges and records from a school's or employer's platform that offers the " +
		"Open Badges or CLR API. You sign in there once; the wallet keeps its access in your system's keyring, to sync again later."))
	intro.Wrapping = fyne.TextWrapWord
	rows := container.NewVBox()
	if len(conns) == 0 {
		none := widget.NewLabel(lang.L("No connections yet."))
		none.Importance = widget.LowImportance
		rows.Add(none)
	}
	for _, c := range conns {
		c := c
		name := widget.NewLabelWithStyle(safetext.Clip(safetext.Line(orNone(c.Provider, c.Name)), 120), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
		name.Truncation = fyne.TextTruncateEllipsis
		host := widget.NewLabel(safetext.Line(c.Name + " · " + hostOfURL(c.BaseURL)))
		host.Importance = widget.LowImportance
		host.Truncation = fyne.TextTruncateEllipsis
		last := widget.NewLabel(lastSyncText(c))
		syncBtn := newRingButton(lang.L("Sync now"), theme.ViewRefreshIcon(), func() { d.Hide(); u.syncConnection(c.Name) })
		disconnect := newRingButton(lang.L("Disconnect…"), theme.DeleteIcon(), func() { d.Hide(); u.disconnect(c) })
		rows.Add(container.NewBorder(nil, nil, nil, container.NewCenter(container.NewHBox(syncBtn, disconnect)), container.NewVBox(name, host, last)))
		rows.Add(widget.NewSeparator())
	}
	address := newLineEntry()
	address.SetPlaceHolder("https://badges.example.edu")
	connect := func() {
		a := strings.TrimSpace(address.Text)
		if a == "" {
			u.win.Canvas().Focus(address)
			return
		}
		d.Hide()
		u.connect(a)
	}
	address.OnSubmitted = func(string) { connect() }
	connectBtn := newRingButton(lang.L("Connect"), theme.LoginIcon(), connect)
	connectBtn.Importance = widget.HighImportance
	closeBtn := newRingButton(lang.L("Close"), nil, func() { d.Hide() })
	scroll := container.NewVScroll(rows)
	// A row is three lines; the scroll shows three rows at most.
	line := widget.NewLabel("").MinSize().Height
	scroll.SetMinSize(fyne.NewSize(600, float32(max(1, min(len(conns), 3)))*(3*line+theme.Padding()*2)))
	newOne := widget.NewLabelWithStyle(lang.L("Connect to a provider"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	body := container.NewVBox(intro, scroll, widget.NewSeparator(), newOne,
		container.NewBorder(nil, nil, nil, connectBtn, address), container.NewHBox(layout.NewSpacer(), closeBtn))
	d = dialog.NewCustomWithoutButtons(lang.L("Connections"), body, u.win)
	u.showEscapable(d)
	if len(conns) == 0 {
		u.soon(func() { u.win.Canvas().Focus(address) })
	}
}

// lastSyncText says when a connection last synced and what it brought.
func lastSyncText(c wallet.Connection) string {
	if c.LastSync.IsZero() {
		return lang.L("Not synced yet")
	}
	return lang.L("Last synced {{.When}}: {{.New}} new of {{.Seen}}",
		map[string]any{"When": longDateTime(c.LastSync.Local()), "New": c.LastNew, "Seen": c.LastSeen})
}

// connect connects the wallet to a provider — the learner signs in there,
// in the browser — then syncs from it at once.
func (u *UI) connect(address string) {
	if u.refuseWhileBusy() {
		return
	}
	// One Cancel for signing in and the sync after it, each with its own
	// time.
	base, cancel := context.WithCancel(context.Background())
	ctx, signedIn := context.WithTimeout(base, wallet.SignInTimeout)
	host := safetext.Line(hostOfURL(address))
	stop := u.startCancellable(lang.L("Connecting to {{.Provider}}…", map[string]any{"Provider": host}), cancel)
	var signIn *dialog.CustomDialog
	open := func(page string) error {
		u.async.post(func() { signIn = u.showSignIn(host, page, stop) })
		_ = u.openPage(page) // else the learner opens the address shown
		return nil
	}
	var (
		c   wallet.Connection
		res wallet.SyncResult
		err error
	)
	u.run(func() {
		if c, err = u.wallet.Connect(ctx, address, open); err != nil {
			return
		}
		sctx, scancel := context.WithTimeout(base, syncTimeout)
		defer scancel()
		res, err = u.wallet.Sync(sctx, c.Name)
	}, func() {
		signedIn()
		stopped := u.endCancellable(stop, cancel)
		if signIn != nil {
			signIn.Hide()
		}
		switch {
		case err != nil && stopped && len(res.Results) > 0:
			u.importDone(res.Results, nil) // those stored before Cancel stay
		case err != nil && stopped:
			u.status.SetText(lang.L("Stopped."))
		case err != nil && c.Name == "":
			u.showError(lang.L("Could not connect"), providerError(err, u.wallet.AllowPrivateNetwork()))
		case err != nil:
			u.showError(lang.L("Connected to {{.Provider}}, but could not sync", map[string]any{"Provider": safetext.Line(orNone(c.Provider, c.Name))}), providerError(err, u.wallet.AllowPrivateNetwork()))
		default:
			u.importDone(res.Results, nil)
			u.status.SetText(lang.L("Connected to {{.Provider}}: {{.Summary}}", map[string]any{"Provider": safetext.Line(orNone(c.Provider, c.Name)), "Summary": u.status.Text}))
		}
	})
}

// syncConnection fetches what is new from a provider.
func (u *UI) syncConnection(name string) {
	if u.refuseWhileBusy() {
		return
	}
	ctx, cancel := context.WithTimeout(context.Background(), syncTimeout)
	stop := u.startCancellable(lang.L("Syncing from {{.Provider}}…", map[string]any{"Provider": safetext.Line(name)}), cancel)
	var (
		res wallet.SyncResult
		err error
	)
	u.run(func() { res, err = u.wallet.Sync(ctx, name) }, func() {
		stopped := u.endCancellable(stop, cancel)
		switch {
		case err != nil && stopped && len(res.Results) > 0:
			u.importDone(res.Results, nil) // those stored before Cancel stay
		case err != nil && stopped:
			u.status.SetText(lang.L("Stopped."))
		case err != nil:
			u.showError(lang.L("Could not sync from {{.Provider}}", map[string]any{"Provider": safetext.Line(name)}), providerError(err, u.wallet.AllowPrivateNetwork()))
		default:
			u.importDone(res.Results, nil)
		}
	})
}

// disconnect asks, then ends a connection, asking the provider to revoke
// the wallet's access where it can.
func (u *UI) disconnect(c wallet.Connection) {
	who := safetext.Line(orNone(c.Provider, c.Name))
	confirm := dialog.NewConfirm(lang.L("Disconnect from {{.Provider}}?", map[string]any{"Provider": who}),
		lang.L("The wallet asks {{.Provider}} to revoke its access, and forgets it. The credentials already synced stay in your wallet.", map[string]any{"Provider": who}),
		func(ok bool) {
			if !ok {
				return
			}
			var (
				d   wallet.Disconnected
				err error
			)
			u.status.SetText(lang.L("Disconnecting from {{.Provider}}…", map[string]any{"Provider": who}))
			u.run(func() {
				ctx, cancel := context.WithTimeout(context.Background(), wallet.ReceiveTimeout)
				defer cancel()
				d, err = u.wallet.Disconnect(ctx, c.Name)
			}, func() {
				switch {
				case err != nil:
					u.status.SetText("")
					u.showError(lang.L("Could not disconnect"), providerError(err, u.wallet.AllowPrivateNetwork()))
				case d.Revoked:
					u.status.SetText(lang.L("Disconnected from {{.Provider}}, which revoked the wallet's access.", map[string]any{"Provider": who}))
				case d.NotRevoked != nil:
					u.status.SetText("")
					u.showError(lang.L("Disconnected from {{.Provider}}", map[string]any{"Provider": who}), errors.New(
						lang.L("The wallet forgot its access, but {{.Provider}} did not revoke it ({{.Why}}). To end it there too, remove Learner Wallet from the apps allowed in your account at {{.Provider}}.",
							map[string]any{"Provider": who, "Why": message(providerError(d.NotRevoked, u.wallet.AllowPrivateNetwork()))})))
				default:
					u.status.SetText(lang.L("Disconnected from {{.Provider}}. It offers no way to revoke the wallet's access: remove Learner Wallet from your account there to end it.", map[string]any{"Provider": who}))
				}
			})
		}, u.win)
	confirm.SetConfirmText(lang.L("Disconnect"))
	confirm.SetDismissText(lang.L("Cancel"))
	confirm.Show()
}

// startCancellable makes the window busy with text, the status bar's
// Cancel calling cancel; it returns the channel Cancel closes.
func (u *UI) startCancellable(text string, cancel context.CancelFunc) chan struct{} {
	u.setBusy(true, text)
	u.progBox.Hide() // how long the other side takes is not known
	u.stop = make(chan struct{})
	stop := u.stop
	u.stopBtn.Enable()
	u.stopBtn.Show()
	go func() {
		<-stop
		cancel()
	}()
	return stop
}

// endCancellable ends what startCancellable began, reporting whether the
// learner cancelled it.
func (u *UI) endCancellable(stop chan struct{}, cancel context.CancelFunc) bool {
	stopped := isClosed(stop)
	if !stopped {
		close(stop)
	}
	cancel()
	u.setBusy(false, "")
	return stopped
}

// providerError says in words what went wrong with a provider.
//
// privateOn says the learner already lets the wallet reach their own
// computer and network, so the advice to do so is left out.
func providerError(err error, privateOn bool) error {
	var ce *wallet.ConnectionError
	if errors.As(err, &ce) {
		switch ce.Code {
		case wallet.NoSuchConnection:
			return reword(err, lang.L("There is no connection named {{.Name}}.", map[string]any{"Name": safetext.Line(ce.Name)}))
		case wallet.SignedOut:
			return reword(err, lang.L("The wallet's access to {{.Name}} is no longer in your system's keyring: connect again to sign in.", map[string]any{"Name": safetext.Line(ce.Name)}))
		}
	}
	var e *obapi.Error
	if !errors.As(err, &e) {
		return err
	}
	detail := map[string]any{"Detail": safetext.Line(e.Detail)}
	var s string
	switch e.Code {
	case obapi.NotHTTPS:
		s = lang.L("The address is not secure (https): {{.Detail}}. Nothing was fetched from it.", detail)
	case obapi.NotProvider:
		s = lang.L("No Open Badges or CLR API was found at {{.Detail}}. Check the address the platform gives for connecting a wallet.", detail)
	case obapi.Malformed:
		s = lang.L("The provider answered something that breaks the standard ({{.Detail}}).", detail)
	case obapi.TooLarge:
		s = lang.L("The provider sent far more than any real answer; it was not read.")
	case obapi.Unreachable:
		s = lang.L("Could not reach the provider ({{.Detail}}). Check your connection and try again.", detail)
		if !privateOn {
			s += " " + lang.L("For a provider on this computer or your local network, turn on “{{.Setting}}” in Settings.", map[string]any{"Setting": lang.L(privateNetworkLabel)})
		}
	case obapi.NotRegistered:
		s = lang.L("The provider does not let a desktop wallet connect (it refused to register it). Download your credentials from the platform as files, and import them.")
		if e.OAuth != nil && e.OAuth.Description != "" {
			s += " " + lang.L("It said: “{{.Words}}”.", map[string]any{"Words": safetext.Line(e.OAuth.Description)})
		}
	case obapi.Refused:
		s = lang.L("The provider refused.")
		if e.OAuth != nil {
			s = lang.L("The provider refused: {{.Code}}.", map[string]any{"Code": safetext.Line(e.OAuth.Code)})
			if e.OAuth.Description != "" {
				s = lang.L("The provider refused: {{.Code}} — “{{.Words}}”.", map[string]any{"Code": safetext.Line(e.OAuth.Code), "Words": safetext.Line(e.OAuth.Description)})
			}
			switch e.OAuth.Code {
			case "invalid_grant", "invalid_client", "invalid_token":
				s += " " + lang.L("Sign in again: connect to it again.")
			}
		}
	case obapi.Failed:
		s = lang.L("The provider refused the request.")
		if e.Status != nil && e.Status.Description != "" {
			s = lang.L("The provider refused the request: “{{.Words}}”.", map[string]any{"Words": safetext.Line(e.Status.Description)})
		}
	case obapi.Busy:
		s = lang.L("The provider is busy. Try again after {{.When}}.", map[string]any{"When": longDateTime(e.RetryAt.Local())})
	case obapi.OtherOrigin:
		s = lang.L("The provider sent the wallet to another site for the rest ({{.Detail}}), so the sync stopped there.", detail)
	case obapi.TooMany:
		s = lang.L("The provider holds more credentials than the wallet takes in one sync, so nothing was stored. Download them from the platform as files, and import them.")
	case obapi.NotGranted:
		s = lang.L("You did not let the wallet read your credentials there (no read access was granted). Connect again, and allow it when the platform asks.")
	case obapi.NoRefresh:
		s = lang.L("The provider gives the wallet no lasting access, so it could not sync later. Import the credentials as files instead.")
	case obapi.SignIn:
		s = lang.L("No answer came from the sign-in page in time. Connect again when you are ready to sign in.")
	default:
		return err
	}
	return reword(err, s)
}

// hostOfURL is an address's host, else the address.
func hostOfURL(s string) string {
	if i := strings.Index(s, "://"); i >= 0 {
		s = s[i+3:]
	}
	if i := strings.IndexAny(s, "/?#"); i >= 0 {
		s = s[:i]
	}
	return s
}
