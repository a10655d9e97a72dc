package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/learnerwallet/learnerwallet/wallet"
)

// presentCmd: lw present [--format ldp|jwt] [--challenge C] [--domain D]
// [--expires DURATION] [--curated-clr] -o FILE ID...
// It shows what personal data the presentation hands over, signs it with
// the learner's key and writes it to a new file.
func (c *cli) presentCmd(args []string) int {
	fs := c.flags("present")
	format := fs.String("format", wallet.PresentLDP, "")
	challenge := fs.String("challenge", "", "")
	domain := fs.String("domain", "", "")
	expires := fs.Duration("expires", wallet.DefaultPresentExpiry, "")
	curated := fs.Bool("curated-clr", false, "")
	allowUnbound := fs.Bool("allow-unbound", false, "")
	out := fs.String("o", "", "")
	ids, err := parse(fs, args)
	if err != nil {
		return c.parseError(err)
	}
	switch {
	case len(ids) == 0:
		return c.usageError("present needs the ids of the credentials to present")
	case *out == "" || *out == "-":
		return c.usageError("present needs -o FILE: where to write the presentation")
	case *format != wallet.PresentLDP && *format != wallet.PresentJWT:
		return c.usageError(fmt.Sprintf("--format is %s or %s, not %q", wallet.PresentLDP, wallet.PresentJWT, *format))
	case *expires <= 0:
		return c.usageError("--expires must be a positive duration, like 30m or 2h")
	}
	if _, err := os.Lstat(*out); err == nil {
		return c.fail(fmt.Errorf("%s already exists; choose another name or remove it first", *out))
	} else if !errors.Is(err, os.ErrNotExist) {
		return c.fail(err)
	}
	w, err := c.openExisting()
	if err != nil {
		return c.fail(err)
	}
	defer w.Close()
	disclosed, err := w.Disclosure(ids)
	if err != nil {
		return c.fail(err)
	}
	p, err := w.Present(context.Background(), ids, wallet.PresentOptions{
		Format: *format, Challenge: *challenge, Domain: *domain, Expires: *expires, CuratedCLR: *curated,
		AllowUnbound: *allowUnbound,
	})
	var unbound *wallet.UnboundError
	if errors.As(err, &unbound) {
		c.fail(err)
		fmt.Fprintln(c.stderr, "lw: add --allow-unbound to present them all the same; the recipient will see that they are not bound to you")
		return exitFailed
	}
	if err != nil {
		return c.fail(err)
	}
	if err := writeFileNew(*out, p.Bytes); err != nil {
		return c.fail(err)
	}
	printf(c.stdout, "The recipient will see:\n")
	for _, d := range disclosed {
		printf(c.stdout, "  %s (issued by %s)\n", d.Title, d.Issuer)
		if len(d.Facts) == 0 {
			printf(c.stdout, "    no personal data\n")
		}
		for _, l := range d.Personal() {
			printf(c.stdout, "    %s\n", l)
		}
	}
	printf(c.stdout, "wrote %s (%d bytes, %s presentation)\n", *out, len(p.Bytes), p.Format)
	printf(c.stdout, "signed by %s\n", p.HolderDID)
	printf(c.stdout, "challenge %s", p.Challenge)
	if p.Domain != "" {
		printf(c.stdout, ", for %s", p.Domain)
	}
	printf(c.stdout, "; valid until %s\n", p.Expires.UTC().Format(time.RFC3339))
	// The file is written: record it. A log that cannot be written is
	// reported, but the presentation stands.
	if _, err := w.RecordShare(p, "saved to "+filepath.Base(*out)); err != nil {
		printf(c.stderr, "lw: the presentation was saved, but not recorded in the sharing log: %s\n", err)
	}
	return exitOK
}
