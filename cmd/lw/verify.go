package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"time"

	"github.com/learnerwallet/learnerwallet/store"
	"github.com/learnerwallet/learnerwallet/wallet"
	"github.com/learnerwallet/learnerwallet/wallet/credential"
)

// verifyTimeout bounds a whole verification, network included.
const verifyTimeout = 60 * time.Second

// verifyCmd: lw verify [--json] [--offline] (ID | FILE). Exit 0 when the
// credential is valid, 1 when it is not, 2 when it could not be checked at
// all (usage, unreadable file, no such id).
func (c *cli) verifyCmd(args []string) int {
	fs := c.flags("verify")
	asJSON := fs.Bool("json", false, "")
	offline := fs.Bool("offline", false, "")
	rest, err := parse(fs, args)
	if err != nil {
		return c.parseError(err)
	}
	if len(rest) != 1 {
		return c.usageError("verify needs exactly one ID (see lw list) or FILE")
	}
	arg := rest[0]
	ctx, cancel := context.WithTimeout(context.Background(), verifyTimeout)
	defer cancel()
	net := c.net(*offline)

	var rep wallet.Report
	fi, statErr := os.Stat(arg)
	if statErr == nil && !fi.Mode().IsRegular() {
		printf(c.stderr, "lw: %s: %s\n", arg, errNotRegular)
		return exitUsage
	}
	if statErr == nil {
		// A file: verified as it is, without touching the wallet.
		data, err := readLimited(arg)
		if err != nil {
			printf(c.stderr, "lw: %s: %s\n", arg, err)
			return exitUsage
		}
		rep = store.Verifier(net).VerifyBytes(ctx, data)
	} else {
		w, err := c.openExistingNet(net)
		if err != nil {
			c.fail(err)
			return exitUsage
		}
		defer w.Close()
		it, err := w.Item(arg)
		if err != nil {
			if errors.Is(err, wallet.ErrNotFound) {
				err = fmt.Errorf("%w, and there is no file by that name", err)
			}
			c.fail(err)
			return exitUsage
		}
		check := w.Verify
		if *offline {
			// Offline the answer can only be as good as the cache: it is
			// shown, not stored over what was found online.
			check = w.Check
		}
		if rep, err = check(ctx, it.ID); err != nil {
			c.fail(err)
			return exitUsage
		}
	}
	if *asJSON {
		j := reportJSON(rep)
		// The shape of the issue and the README: only nested reports are
		// named; the top one is the credential that was asked for.
		j.Name = ""
		if err := printJSON(c.stdout, j); err != nil {
			c.fail(err)
			return exitUsage
		}
	} else {
		printReport(c.stdout, rep, "")
	}
	if rep.Valid {
		return exitOK
	}
	return exitFailed
}

// errNotRegular is what lw says of a path to a folder, a device or a named
// pipe, as lw import does.
var errNotRegular = errors.New("this is not a regular file (it is a folder, device or pipe)")

// readLimited reads a regular file of at most wallet.MaxInputSize bytes.
func readLimited(path string) ([]byte, error) {
	// Stat before opening: opening a named pipe would wait for a writer.
	if fi, err := os.Stat(path); err == nil && !fi.Mode().IsRegular() {
		return nil, &fs.PathError{Op: "open", Path: path, Err: errNotRegular}
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	b, err := io.ReadAll(io.LimitReader(f, credential.MaxInputSize+1))
	if err != nil {
		return nil, err
	}
	if len(b) > credential.MaxInputSize {
		return nil, fmt.Errorf("the file is larger than %d MB", credential.MaxInputSize>>20)
	}
	return b, nil
}

// jsonReport is the --json shape: {"valid","verdict","checkedAt","checks","children"}.
type jsonReport struct {
	Name      string         `json:"name,omitempty"`
	Valid     bool           `json:"valid"`
	Verdict   string         `json:"verdict"`
	CheckedAt string         `json:"checkedAt"`
	AsOf      string         `json:"asOf,omitempty"`
	Checks    []wallet.Check `json:"checks"`
	Children  []jsonReport   `json:"children"`
}

func reportJSON(r wallet.Report) jsonReport {
	j := jsonReport{Name: r.Name, Valid: r.Valid, Verdict: r.Verdict, CheckedAt: r.CheckedAt.UTC().Format(time.RFC3339),
		Checks: nonNil(r.Checks), Children: []jsonReport{}}
	if !r.AsOf.IsZero() {
		j.AsOf = r.AsOf.UTC().Format(time.RFC3339)
	}
	for _, c := range r.Children {
		j.Children = append(j.Children, reportJSON(c))
	}
	return j
}

// nonNil keeps an empty list of checks a JSON [] rather than null.
func nonNil(c []wallet.Check) []wallet.Check {
	if c == nil {
		return []wallet.Check{}
	}
	return c
}

var statusMark = map[wallet.CheckStatus]string{wallet.Pass: "ok  ", wallet.Fail: "FAIL", wallet.Warn: "warn", wallet.Unknown: "?   "}

func printReport(w io.Writer, r wallet.Report, indent string) {
	if r.Name != "" {
		printf(w, "%s%s\n", indent, r.Name)
	}
	printf(w, "%s%s\n", indent, r.Verdict)
	for _, c := range r.Checks {
		printf(w, "%s  %s %-18s %s\n", indent, statusMark[c.Status], c.Name, c.Message)
	}
	for i, ch := range r.Children {
		printf(w, "\n%s[%d/%d] ", indent, i+1, len(r.Children))
		printReport(w, ch, indent+"  ")
	}
	if indent == "" {
		printf(w, "checked %s\n", r.CheckedAt.Local().Format("2006-01-02 15:04:05"))
	}
}
