package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"strings"
	"time"

	"github.com/learnerwallet/learnerwallet/store"
	"github.com/learnerwallet/learnerwallet/wallet"
	"github.com/learnerwallet/learnerwallet/wallet/fetch"
	"github.com/learnerwallet/learnerwallet/wallet/obapi"
	"github.com/learnerwallet/learnerwallet/wallet/safetext"
)

const connectUsage = `Usage: lw connect URL
       lw sync [NAME]
       lw connections [--json]
       lw disconnect NAME

  connect URL      connect the wallet to a provider of the Open Badges API 3.0
                   or the CLR API 2.0 (URL: its https base address, or an
                   API's); registers Learner Wallet there and opens its
                   sign-in page in your browser; the access it grants is kept
                   in the OS keyring, never in a file; connecting again signs
                   in again
  sync [NAME]      bring every credential the provider holds for you (from
                   every connection without NAME): each is verified and
                   stored, those already in the wallet are left as they are
                   (exit 1 when one is refused or the provider cannot be read)
  connections      the connections: NAME, provider, APIs, last sync
  disconnect NAME  end a connection: the provider is asked to revoke the
                   wallet's access, which leaves the keyring; the credentials
                   synced stay
`

// connectNetwork, when set, is the network client of connections; tests
// reach a loopback provider.
var connectNetwork func(wallet.NetChoice) *fetch.Client

// syncTimeout bounds a sync of one connection (each import has its own).
const syncTimeout = 5 * time.Minute

// connectFlags parses a connection command's flags; -h prints its help.
func (c *cli) connectFlags(name string, args []string, extra func(*flag.FlagSet)) ([]string, int) {
	fs := c.flags(name)
	if extra != nil {
		extra(fs)
	}
	rest, err := parse(fs, args)
	if errors.Is(err, flag.ErrHelp) {
		fmt.Fprint(c.stdout, connectUsage)
		return nil, exitOK
	}
	if err != nil {
		printf(c.stderr, "lw: %s\n\n", err)
		fmt.Fprint(c.stderr, connectUsage)
		return nil, exitUsage
	}
	return rest, -1
}

// openConnections opens the wallet with connections' network client;
// existing: never make a wallet where none is.
func (c *cli) openConnections(existing bool) (*wallet.Wallet, error) {
	dir, err := store.Dir(c.walletFlag)
	if err != nil {
		return nil, err
	}
	if existing && !store.Exists(dir) {
		return nil, &noWalletError{dir: dir}
	}
	var opts []wallet.Option
	if connectNetwork != nil {
		opts = append(opts, wallet.WithNetwork(connectNetwork))
	}
	return store.OpenWalletWith(dir, secrets, c.net(false), opts...)
}

// connectCmd is lw connect URL.
func (c *cli) connectCmd(args []string) int {
	rest, code := c.connectFlags("connect", args, nil)
	if code >= 0 {
		return code
	}
	if len(rest) != 1 {
		printf(c.stderr, "lw: connect needs exactly one URL: the provider's https address\n\n")
		fmt.Fprint(c.stderr, connectUsage)
		return exitUsage
	}
	w, err := c.openConnections(false)
	if err != nil {
		return c.fail(err)
	}
	defer w.Close()
	ctx, cancel := context.WithTimeout(context.Background(), wallet.SignInTimeout)
	defer cancel()
	conn, err := w.Connect(ctx, rest[0], func(page string) error {
		printf(c.stderr, "Sign in at the provider in your browser. If it does not open, open this address:\n%s\n", safetext.Line(page))
		if err := openBrowser(page); err != nil {
			printf(c.stderr, "lw: could not open a browser (%s); open the address above\n", safetext.Line(err.Error()))
		}
		return nil
	})
	if err != nil {
		return c.fail(c.connectionProblem(err, rest[0], ""))
	}
	printf(c.stdout, "connected %s: %s (%s)\n", safetext.Line(conn.Name), safetext.Line(conn.Provider), apiNames(conn.APIs))
	if conn.PrivacyPolicy != "" {
		printf(c.stdout, "its privacy policy: %s\n", safetext.Line(conn.PrivacyPolicy))
	}
	printf(c.stdout, "lw sync %s brings your credentials from it\n", safetext.Line(conn.Name))
	return exitOK
}

// syncCmd is lw sync [NAME].
func (c *cli) syncCmd(args []string) int {
	rest, code := c.connectFlags("sync", args, nil)
	if code >= 0 {
		return code
	}
	if len(rest) > 1 {
		printf(c.stderr, "lw: sync takes one NAME at most (see lw connections)\n\n")
		fmt.Fprint(c.stderr, connectUsage)
		return exitUsage
	}
	w, err := c.openConnections(true)
	if err != nil {
		return c.fail(err)
	}
	defer w.Close()
	conns, err := w.Connections()
	if err != nil {
		return c.fail(err)
	}
	var names []string
	for _, conn := range conns {
		if len(rest) == 0 || strings.EqualFold(conn.Name, rest[0]) {
			names = append(names, conn.Name)
		}
	}
	switch {
	case len(rest) == 1 && len(names) == 0:
		return c.fail(c.connectionProblem(&wallet.ConnectionError{Code: wallet.NoSuchConnection, Name: rest[0]}, "", rest[0]))
	case len(names) == 0:
		printf(c.stdout, "No connections yet: lw connect URL connects the wallet to a provider of Open Badges or CLR\n")
		return exitOK
	}
	exit := exitOK
	for _, name := range names {
		if !c.syncOne(w, conns, name) {
			exit = exitFailed
		}
	}
	return exit
}

// syncOne syncs one connection and says what came; false when something
// failed.
func (c *cli) syncOne(w *wallet.Wallet, conns []wallet.Connection, name string) bool {
	base := ""
	for _, conn := range conns {
		if conn.Name == name {
			base = conn.BaseURL
		}
	}
	ctx, cancel := context.WithTimeout(context.Background(), syncTimeout)
	defer cancel()
	res, err := w.Sync(ctx, name)
	if err != nil {
		c.fail(fmt.Errorf("%s: %w", safetext.Line(name), c.connectionProblem(err, base, name)))
		return false
	}
	ok, old := true, 0
	for _, r := range res.Results {
		switch r.Status {
		case wallet.Imported:
			printf(c.stdout, "stored %s  %s  %s\n", r.ID, verdictText(r.Verification, ""), safetext.Line(r.Name))
		case wallet.Duplicate:
			old++
		default:
			printf(c.stderr, "lw: %s sent something that is not a credential the wallet can store: %s\n", safetext.Line(name), safetext.Line(r.Error))
			ok = false
		}
	}
	printf(c.stdout, "%s: %d new, %d already in the wallet, of %d from %s\n", safetext.Line(name), res.Connection.LastNew, old, res.Connection.LastSeen, safetext.Line(res.Connection.Provider))
	return ok
}

// connectionsCmd is lw connections [--json].
func (c *cli) connectionsCmd(args []string) int {
	var asJSON bool
	rest, code := c.connectFlags("connections", args, func(fs *flag.FlagSet) { fs.BoolVar(&asJSON, "json", false, "") })
	if code >= 0 {
		return code
	}
	if len(rest) > 0 {
		printf(c.stderr, "lw: connections takes no arguments\n\n")
		fmt.Fprint(c.stderr, connectUsage)
		return exitUsage
	}
	var conns []wallet.Connection
	w, err := c.openConnections(true)
	var none *noWalletError
	switch {
	case errors.As(err, &none):
	case err != nil:
		return c.fail(err)
	default:
		defer w.Close()
		if conns, err = w.Connections(); err != nil {
			return c.fail(err)
		}
	}
	if asJSON {
		if conns == nil {
			conns = []wallet.Connection{}
		}
		if err := printJSON(c.stdout, conns); err != nil {
			return c.fail(err)
		}
		return exitOK
	}
	if len(conns) == 0 {
		printf(c.stdout, "No connections yet: lw connect URL connects the wallet to a provider of Open Badges or CLR\n")
		return exitOK
	}
	for _, conn := range conns {
		last := "never synced"
		if !conn.LastSync.IsZero() {
			last = fmt.Sprintf("synced %s: %d new of %d", conn.LastSync.Local().Format("2006-01-02 15:04"), conn.LastNew, conn.LastSeen)
		}
		printf(c.stdout, "%s  %s  %s  %s  %s\n", safetext.Line(conn.Name), safetext.Line(conn.Provider), safetext.Line(conn.BaseURL), apiNames(conn.APIs), last)
	}
	return exitOK
}

// disconnectCmd is lw disconnect NAME.
func (c *cli) disconnectCmd(args []string) int {
	rest, code := c.connectFlags("disconnect", args, nil)
	if code >= 0 {
		return code
	}
	if len(rest) != 1 {
		printf(c.stderr, "lw: disconnect needs exactly one NAME (see lw connections)\n\n")
		fmt.Fprint(c.stderr, connectUsage)
		return exitUsage
	}
	w, err := c.openConnections(true)
	if err != nil {
		return c.fail(err)
	}
	defer w.Close()
	ctx, cancel := context.WithTimeout(context.Background(), wallet.ReceiveTimeout)
	defer cancel()
	d, err := w.Disconnect(ctx, rest[0])
	if err != nil {
		return c.fail(c.connectionProblem(err, d.Connection.BaseURL, rest[0]))
	}
	name, provider := safetext.Line(d.Connection.Name), safetext.Line(d.Connection.Provider)
	switch {
	case d.Revoked:
		printf(c.stdout, "disconnected %s: %s revoked the wallet's access\n", name, provider)
	case d.NotRevoked == nil:
		printf(c.stdout, "disconnected %s: %s names no way to revoke the wallet's access; withdraw it on its site\n", name, provider)
	default:
		printf(c.stdout, "disconnected %s, but %s did not revoke the wallet's access (%s); withdraw it on its site\n",
			name, provider, c.connectionProblem(d.NotRevoked, d.Connection.BaseURL, name))
	}
	printf(c.stdout, "the credentials synced from it stay in the wallet\n")
	return exitOK
}

// apiNames are the APIs' names in words.
func apiNames(apis []string) string {
	var out []string
	for _, a := range apis {
		switch a {
		case obapi.OB:
			out = append(out, "Open Badges 3.0")
		case obapi.CLR:
			out = append(out, "CLR 2.0")
		}
	}
	return strings.Join(out, ", ")
}

// connectionProblem says in words what is wrong with a provider or a
// connection; url is where to connect again, name the connection's.
func (c *cli) connectionProblem(err error, url, name string) error {
	again := "lw connect " + safetext.Line(url)
	var ce *wallet.ConnectionError
	if errors.As(err, &ce) {
		switch ce.Code {
		case wallet.NoSuchConnection:
			return fmt.Errorf("there is no connection named %q (see lw connections)", safetext.Line(ce.Name))
		case wallet.SignedOut:
			return errors.New("the wallet's access to this provider is not in the keyring: sign in again with " + again)
		}
		return err
	}
	var e *obapi.Error
	if !errors.As(err, &e) {
		return err
	}
	var s string
	switch e.Code {
	case obapi.NotHTTPS:
		s = "a provider's address must be https (" + safetext.Line(e.Detail) + "): nothing was fetched from it"
	case obapi.NotProvider:
		s = "there is no Open Badges 3.0 or CLR 2.0 API at " + safetext.Line(e.Detail) + " (give the provider's base address, before /ims/)"
	case obapi.Malformed:
		s = "the provider's answer breaks the specification: " + safetext.Line(e.Detail)
	case obapi.TooLarge:
		s = "the provider sent far more than any real answer (" + safetext.Line(e.Detail) + ")"
	case obapi.Unreachable:
		s = "could not read " + safetext.Line(e.Detail)
		if !c.allowPrivate {
			s += " (for a provider on this computer or network, use lw --allow-private-network)"
		}
		if e.Err != nil {
			s += ": " + safetext.Line(e.Err.Error())
		}
	case obapi.Refused:
		s = "the provider refused"
		if e.OAuth != nil {
			s += ": " + safetext.Line(e.OAuth.Code)
			if e.OAuth.Code == "invalid_grant" || e.OAuth.Code == "invalid_client" || e.OAuth.Code == "invalid_token" {
				s += " — sign in again with " + again
			} else if d := safetext.Line(e.OAuth.Description); d != "" {
				s += " — " + d
			}
		}
	case obapi.NotRegistered:
		s = "the provider would not register Learner Wallet"
		if e.OAuth != nil {
			s += " (" + safetext.Line(e.OAuth.Code)
			if d := safetext.Line(e.OAuth.Description); d != "" {
				s += " — " + d
			}
			s += ")"
		}
		s += ": it may take only web apps; export your credentials there as files and lw import them"
	case obapi.Failed:
		s = "the provider said: " + safetext.Line(e.Status.CodeMajor)
		if d := safetext.Line(e.Status.Description); d != "" {
			s += " — " + d
		}
		if len(e.Status.CodeMinor) > 0 {
			s += " (" + safetext.Line(strings.Join(e.Status.CodeMinor, ", ")) + ")"
		}
	case obapi.Busy:
		s = "the provider is busy: try again after " + e.RetryAt.Local().Format("2006-01-02 15:04:05") + " with lw sync " + safetext.Line(name)
	case obapi.OtherOrigin:
		s = "the provider sent the wallet to another site (" + safetext.Line(e.Detail) + "): refused"
	case obapi.TooMany:
		s = "the provider holds more than one sync takes (" + safetext.Line(e.Detail) + ")"
	case obapi.NotGranted:
		s = "the provider did not let the wallet read your credentials (it granted " + safetext.Line(e.Detail) + ")"
	case obapi.NoRefresh:
		s = "the provider gave no refresh token, without which the wallet cannot sync later: it does not offer offline access"
	case obapi.SignIn:
		s = "no answer from the sign-in page in time: try again with " + again
	default:
		return err
	}
	return errors.New(s)
}
