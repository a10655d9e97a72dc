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
	"github.com/learnerwallet/learnerwallet/wallet/verify"
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
	all := fs.Bool("all", false, "")
	rest, err := parse(fs, args)
	if err != nil {
		return c.parseError(err)
	}
	if *all {
		if len(rest) > 0 || *asJSON {
			return c.usageError("verify --all takes no ID or FILE, and no --json")
		}
		return c.verifyAll(*offline)
	}
	if len(rest) != 1 {
		return c.usageError("verify needs exactly one ID (see lw list) or FILE")
	}
	arg := rest[0]
	ctx, cancel := context.WithTimeout(context.Background(), verifyTimeout)
	defer cancel()
	net := c.net(*offline)

	var rep verify.Report
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
		rep = store.Verifier(net).Bytes(ctx, data)
	} else {
		w, err := c.openExistingNet(net)
		if err != nil {
			c.fail(err)
			return exitUsage
		}
		defer w.Close()
		c.noteOffline(w, *offline)
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
		// Only nested reports are named; the top one is the credential
		// that was asked for.
		j.Name = ""
		if err := printJSON(c.stdout, j); err != nil {
			c.fail(err)
			return exitUsage
		}
	} else {
		printReport(c.stdout, rep, "")
	}
	if rep.Valid() {
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

// verifyAll verifies every credential of the wallet again and stores the
// reports: one line each. Exit 0 when all are valid, 1 when not.
func (c *cli) verifyAll(offline bool) int {
	w, err := c.openExistingNet(c.net(offline))
	if err != nil {
		c.fail(err)
		return exitUsage
	}
	defer w.Close()
	c.noteOffline(w, offline)
	items, err := w.BriefItems()
	if err != nil {
		return c.fail(err)
	}
	var ids []string
	for _, it := range items {
		if it.Parent == "" {
			ids = append(ids, it.ID)
		}
	}
	code := exitOK
	err = w.VerifyAll(context.Background(), ids, func(done, total int, it wallet.Item, rep verify.Report) {
		if !rep.Valid() {
			code = exitFailed
		}
		printf(c.stdout, "%s  %-22s %s\n", it.ID, verdictText(rep.Verdict, reportCause(rep)), it.Summary.Title())
	})
	if err != nil {
		return c.fail(err)
	}
	printf(c.stdout, "%s verified\n", plural(len(ids), "credential", "credentials"))
	return code
}

// noteOffline says, on standard error, when the wallet itself is set to
// work offline (the window's Settings) and this run did not ask for it:
// nothing is fetched, which the learner may have forgotten.
func (c *cli) noteOffline(w *wallet.Wallet, asked bool) {
	if !asked && w.Offline() {
		printf(c.stderr, "lw: note: this wallet is set to work offline (Settings › Network in the window): only copies fetched before are used.\n")
	}
}
