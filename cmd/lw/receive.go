package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"runtime"
	"strings"

	"golang.org/x/term"

	"github.com/learnerwallet/learnerwallet/store"
	"github.com/learnerwallet/learnerwallet/wallet"
	"github.com/learnerwallet/learnerwallet/wallet/oid4vci"
	"github.com/learnerwallet/learnerwallet/wallet/qr"
	"github.com/learnerwallet/learnerwallet/wallet/safetext"
	"github.com/learnerwallet/learnerwallet/wallet/verify"
)

// receiveClient is the network client receive uses: the wallet's one
// client under this run's network choice; tests reach a loopback issuer.
var receiveClient = func(net store.NetOptions) oid4vci.Network { return store.Client(net) }

// openBrowser opens a web page in the system's browser; tests replace it.
var openBrowser = func(page string) error {
	var cmd *exec.Cmd
	switch runtime.GOOS {
	case "windows":
		cmd = exec.Command("rundll32", "url.dll,FileProtocolHandler", page)
	case "darwin":
		cmd = exec.Command("open", page)
	default:
		cmd = exec.Command("xdg-open", page)
	}
	return cmd.Start()
}

// receiveCmd is lw receive [--pin CODE] [--yes] OFFER: an OpenID4VCI
// credential offer (a link, or a picture of its QR code), received with the
// pre-authorized code flow, each credential issued to the learner's key and
// imported as any other. Exit 0 only once every credential is stored.
func (c *cli) receiveCmd(args []string) int {
	fs := c.flags("receive")
	pin := fs.String("pin", "", "")
	yes := fs.Bool("yes", false, "")
	rest, err := parse(fs, args)
	if err != nil {
		return c.parseError(err)
	}
	if len(rest) != 1 {
		return c.usageError("receive needs exactly one OFFER: an openid-credential-offer:// link, or a picture of its QR code")
	}
	link, err := offerText(rest[0])
	if err != nil {
		return c.fail(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), wallet.ReceiveTimeout)
	defer cancel()
	client := receiveClient(c.net(false))
	p, err := oid4vci.Propose(ctx, client, link)
	var oe *oid4vci.Error
	if errors.As(err, &oe) && oe.Code == oid4vci.NotAnOffer && strings.HasPrefix(link, "https://") {
		return c.download(ctx, client, link)
	}
	if err != nil {
		return c.fail(c.offerProblem(err))
	}
	printf(c.stdout, "%s (%s) offers:\n", safetext.Line(p.IssuerName("en")), safetext.Line(p.Offer.CredentialIssuer))
	for i, name := range p.Names("en") {
		printf(c.stdout, "  %s (%s)\n", safetext.Line(name), safetext.Line(p.Configs[i].Format))
	}
	interactive := c.stdinTerminal() && !*yes
	if interactive && !c.confirm("Accept and store them in your wallet? [y/N] ") {
		printf(c.stdout, "Nothing received.\n")
		return exitOK
	}
	code := *pin
	if tx := p.TxCode(); tx != nil && code == "" {
		if !interactive {
			return c.fail(errors.New("the issuer sent you a code for this offer (by e-mail or text message): give it with lw receive --pin CODE"))
		}
		prompt := "The code the issuer sent you"
		if d := safetext.Line(tx.Description); d != "" {
			prompt = d
		}
		code = c.ask(prompt + ": ")
	}
	w, err := c.open()
	if err != nil {
		return c.fail(err)
	}
	defer w.Close()
	if p.SignIn() {
		// Signing in at the issuer, in the browser, takes longer.
		cancel()
		ctx, cancel = context.WithTimeout(context.Background(), wallet.SignInTimeout)
		defer cancel()
	}
	results, err := w.Receive(ctx, client, p, code, func(page string) error {
		printf(c.stderr, "Sign in at the issuer in your browser. If it does not open, open this address:\n%s\n", safetext.Line(page))
		if err := openBrowser(page); err != nil {
			printf(c.stderr, "lw: could not open a browser (%s); open the address above\n", safetext.Line(err.Error()))
		}
		return nil
	})
	if err != nil {
		return c.fail(c.offerProblem(err))
	}
	status := exitOK
	for _, r := range results {
		if !c.printReceived(r) {
			status = exitFailed
		}
	}
	return status
}

// download is lw receive of an https address that is not an offer: a
// credential file, fetched and imported.
func (c *cli) download(ctx context.Context, client oid4vci.Network, link string) int {
	w, err := c.open()
	if err != nil {
		return c.fail(err)
	}
	defer w.Close()
	r, err := w.Download(ctx, client, link)
	if err != nil {
		return c.fail(fmt.Errorf("could not download %s: %w", safetext.Line(link), err))
	}
	if !c.printReceived(r) {
		return exitFailed
	}
	return exitOK
}

// printReceived says what became of a credential received; false when it
// was not stored.
func (c *cli) printReceived(r wallet.Result) bool {
	switch r.Status {
	case wallet.Imported:
		printf(c.stdout, "stored %s  %s  %s\n", r.ID, verdictText(r.Verification, ""), safetext.Line(r.Name))
		if r.Verification == verify.NotValid {
			// Stored, to show whoever issued it; but not what was asked for.
			printf(c.stderr, "lw: %s is not valid (lw show %s says why)\n", safetext.Line(r.Name), r.ID)
			return false
		}
	case wallet.Duplicate:
		printf(c.stdout, "already in the wallet: %s (%s)\n", safetext.Line(r.Name), r.ID)
	default:
		printf(c.stderr, "lw: what was received is not a credential the wallet can store: %s\n", safetext.Line(r.Error))
		return false
	}
	return true
}

// offerText is the offer an argument holds: the link itself, or the text
// of the QR code in a picture file.
func offerText(arg string) (string, error) {
	return linkText(arg, "a credential offer link (openid-credential-offer://…)")
}

// linkText is the link an argument holds: the link itself, or the text of
// the QR code in a picture file; what names the link expected.
func linkText(arg, what string) (string, error) {
	if strings.Contains(arg, "://") {
		return arg, nil
	}
	if _, err := os.Stat(arg); errors.Is(err, fs.ErrNotExist) {
		return "", fmt.Errorf("%q is neither %s nor a picture of its QR code", arg, what)
	}
	b, err := readLimited(arg)
	if err != nil {
		return "", err
	}
	text, err := qr.Scan(b)
	if err != nil {
		return "", fmt.Errorf("%s: %w", arg, err)
	}
	return text, nil
}

// offerProblem says in words what is wrong with an offer or its issuer.
func (c *cli) offerProblem(err error) error {
	var e *oid4vci.Error
	if !errors.As(err, &e) {
		return err
	}
	var s string
	switch e.Code {
	case oid4vci.NotAnOffer:
		s = "this is not a credential offer (an openid-credential-offer:// link)"
	case oid4vci.Malformed:
		s = "the offer or the issuer's description is malformed: " + safetext.Line(e.Detail)
	case oid4vci.TooLarge:
		s = "the offer is far larger than any real one"
	case oid4vci.NotHTTPS:
		s = "the offer names an address that is not https (" + safetext.Line(e.Detail) + "): nothing was fetched from it"
	case oid4vci.Unreachable:
		s = "could not reach " + safetext.Line(e.Detail)
		if !c.allowPrivate {
			s += " (for an issuer on this computer or network, use lw --allow-private-network)"
		}
		if e.Err != nil {
			s += ": " + safetext.Line(e.Err.Error())
		}
	case oid4vci.WrongIssuer:
		s = "the issuer's description names another issuer (" + safetext.Line(e.Detail) + "): refused"
	case oid4vci.UnknownOffered:
		s = "the offer names a credential its issuer does not describe: " + safetext.Line(e.Detail)
	case oid4vci.Refused:
		s = "the issuer refused"
		if e.OAuth != nil {
			s += ": " + safetext.Line(e.OAuth.Code)
			if d := safetext.Line(e.OAuth.Description); d != "" {
				s += " — " + d
			}
			if e.OAuth.Code == "invalid_grant" {
				s += " (check the code; the offer may also have expired: ask the issuer for a new one)"
			}
		}
	case oid4vci.NotBound:
		s = "the issuer sent a credential that is not issued to your key (" + safetext.Line(e.Detail) + "): nothing was stored"
	case oid4vci.Unsupported:
		s = "the issuer asks for something lw receive does not do yet: " + safetext.Line(e.Detail)
	case oid4vci.Gone:
		s = "the offer is no longer there: it may have expired, or been used; ask the issuer for a new one"
	case oid4vci.SignInTimeout:
		s = "no answer came from the issuer's sign-in page in time: run lw receive again when you are ready to sign in"
	case oid4vci.WrongFormat:
		s = "the issuer sent a credential in another format than it offered (" + safetext.Line(e.Detail) + "): nothing was stored"
	default:
		return err
	}
	return errors.New(s)
}

// confirm asks a yes-or-no question on the terminal; no by default.
func (c *cli) confirm(prompt string) bool {
	a := strings.ToLower(strings.TrimSpace(c.ask(prompt)))
	return a == "y" || a == "yes"
}

// ask reads one line from the terminal.
func (c *cli) ask(prompt string) string {
	printf(c.stderr, "%s", prompt)
	if c.lines == nil {
		c.lines = bufio.NewReader(c.stdin) // one for every question: it may read ahead
	}
	line, _ := c.lines.ReadString('\n')
	return strings.TrimSpace(line)
}

// stdinTerminal reports whether lw can ask on a terminal.
func (c *cli) stdinTerminal() bool {
	in, ok := c.stdin.(*os.File)
	return ok && term.IsTerminal(int(in.Fd()))
}
