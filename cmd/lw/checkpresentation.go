package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/learnerwallet/learnerwallet/store"
	"github.com/learnerwallet/learnerwallet/wallet"
	"github.com/learnerwallet/learnerwallet/wallet/verify"
	"github.com/learnerwallet/learnerwallet/wallet/vpqr"
)

// checkPresentationCmd: lw check-presentation [--json] [--offline]
// [--challenge C] [--domain D] [-o SAVE] (FILE | LINK | VP1-…). Exit 0 when the presentation and every
// credential in it are valid, 1 when not, 2 when the file cannot be read.
// It needs no wallet.
func (c *cli) checkPresentationCmd(args []string) int {
	fs := c.flags("check-presentation")
	asJSON := fs.Bool("json", false, "")
	offline := fs.Bool("offline", false, "")
	save := fs.String("o", "", "")
	var opts verify.PresentationOptions
	fs.StringVar(&opts.Challenge, "challenge", "", "")
	fs.StringVar(&opts.Domain, "domain", "", "")
	fs.StringVar(&opts.ExpectIdentity, "expect-identity", "", "")
	rest, err := parse(fs, args)
	if err != nil {
		return c.parseError(err)
	}
	if len(rest) != 1 {
		return c.usageError("check-presentation needs exactly one FILE")
	}
	ctx, cancel := context.WithTimeout(context.Background(), verifyTimeout)
	defer cancel()
	data, via, err := receive(ctx, rest[0], *offline, c.allowPrivate)
	if err != nil {
		what := safeArg(rest[0])
		if strings.HasPrefix(rest[0], vpqr.Prefix) {
			what = "the VPQR text"
		}
		printf(c.stderr, "lw: %s: %s\n", what, err)
		if errors.Is(err, wallet.ErrShareOnThisComputer) {
			printf(c.stderr, "lw: if you shared it yourself, on this computer, fetch it with: lw --allow-private-network check-presentation LINK\n")
		}
		return exitUsage
	}
	if *save != "" {
		// Before checking: a share link works once, so what it gave is
		// kept whatever the check finds.
		if err := writeFileNew(*save, data); err != nil {
			printf(c.stderr, "lw: %s\n", err)
			return exitUsage
		}
		printf(c.stderr, "lw: saved the presentation to %s\n", *save)
	}
	net := c.net(*offline)
	rep := store.Verifier(net).Presentation(ctx, data, opts)
	if *asJSON {
		j := presentationJSON(rep)
		j.ReceivedAs = via
		if err := printJSON(c.stdout, j); err != nil {
			c.fail(err)
			return exitUsage
		}
	} else {
		if via != "file" {
			printf(c.stdout, "Received as %s\n", via)
		}
		printPresentation(c.stdout, rep)
	}
	if rep.Valid() {
		return exitOK
	}
	return exitFailed
}

// jsonPresentation is the --json shape: {"valid","verdict","headline",
// "checkedAt","holder","challenge","domain","checks","credentials"}, each
// credential in lw verify --json's shape.
type jsonPresentation struct {
	Valid       bool           `json:"valid"`
	Verdict     verify.Verdict `json:"verdict"`
	Headline    string         `json:"headline"`
	CheckedAt   string         `json:"checkedAt"`
	Holder      string         `json:"holder"`
	Challenge   string         `json:"challenge"`
	Domain      string         `json:"domain"`
	Expires     string         `json:"expires,omitempty"`
	Checks      []jsonCheck    `json:"checks"`
	Credentials []jsonReport   `json:"credentials"`
	ReceivedAs  string         `json:"receivedAs"`
}

func presentationJSON(r verify.PresentationReport) jsonPresentation {
	j := jsonPresentation{Valid: r.Valid(), Verdict: r.Verdict, Headline: verify.PresentationHeadline(r),
		CheckedAt: r.CheckedAt.UTC().Format(time.RFC3339), Holder: r.Holder, Challenge: r.Challenge,
		Domain: r.Domain, Checks: checksJSON(r.Checks), Credentials: []jsonReport{}}
	if !r.Expires.IsZero() {
		j.Expires = r.Expires.UTC().Format(time.RFC3339)
	}
	for _, c := range r.Credentials {
		j.Credentials = append(j.Credentials, reportJSON(c))
	}
	return j
}

func printPresentation(w io.Writer, r verify.PresentationReport) {
	holder := r.Holder
	if holder == "" {
		holder = "(not named)"
	}
	headline := verify.PresentationHeadline(r)
	if !strings.HasPrefix(headline, "Presented by ") {
		printf(w, "Presented by %s\n", holder)
	}
	printf(w, "%s\n", headline)
	printChecks(w, r.Checks, "")
	for i, cr := range r.Credentials {
		printf(w, "\n[%d/%d] ", i+1, len(r.Credentials))
		printReport(w, cr, "  ")
	}
	if note := verify.NetworkNote(r.Report); note != "" {
		printf(w, "%s\n", note)
	}
	printf(w, "checked %s\n", r.CheckedAt.Local().Format("2006-01-02 15:04:05"))
}

// receive reads what FILE (or a share link or VPQR text given instead)
// holds and unwraps the presentation: a file, the text or picture of a
// Learner Wallet or VPQR code, or a one-time share link, which it fetches.
func receive(ctx context.Context, arg string, offline, allowPrivate bool) (data []byte, via string, err error) {
	if strings.HasPrefix(arg, "http://") || strings.HasPrefix(arg, "https://") || strings.HasPrefix(arg, vpqr.Prefix) {
		data = []byte(arg)
	} else if data, err = readLimited(arg); err != nil {
		return nil, "", err
	}
	r, err := wallet.Unwrap(data)
	if err != nil {
		return nil, "", err
	}
	if r.Link != "" {
		if offline {
			return nil, "", fmt.Errorf("this is a one-time share link (%s); fetching it needs the network, so leave out --offline", r.Link)
		}
		if r.Presentation, err = wallet.FetchShared(ctx, r.Link, allowPrivate); err != nil {
			return nil, "", err
		}
		r.Via = "a one-time link (" + r.Link + ")"
	}
	return r.Presentation, r.Via, nil
}
