package main

import (
	"errors"
	"slices"

	"github.com/learnerwallet/learnerwallet/wallet"
)

// keyCmd: lw key [show] | rotate | history, each with --json. The key signs
// the presentations the learner makes; it lives only in the OS keyring and
// is named by its did:key DID, which is all these commands print.
func (c *cli) keyCmd(args []string) int {
	fs := c.flags("key")
	asJSON := fs.Bool("json", false, "")
	rest, err := parse(fs, args)
	if err != nil {
		return c.parseError(err)
	}
	sub := "show"
	if len(rest) > 0 {
		sub, rest = rest[0], rest[1:]
	}
	if len(rest) > 0 || (sub != "show" && sub != "rotate" && sub != "history") {
		return c.usageError("key takes: show | rotate | history")
	}
	if sub == "history" {
		return c.keyHistory(*asJSON)
	}
	w, err := c.open()
	if err != nil {
		return c.fail(err)
	}
	defer w.Close()
	before, err := w.HolderDIDs()
	if err != nil {
		return c.fail(err)
	}
	get := w.HolderKey
	var lost *wallet.MissingHolderKeyError
	if sub == "rotate" {
		get = w.RotateHolderKey
		// Without a key yet, asking for it would make one.
		if len(before) > 0 {
			if _, err := w.HolderKey(); !errors.As(err, &lost) {
				lost = nil
			}
		}
	}
	k, err := get()
	if err != nil {
		return c.fail(err)
	}
	if *asJSON {
		if err := printJSON(c.stdout, keyJSON{DID: k.DID(), VerificationMethod: k.VerificationMethod()}); err != nil {
			return c.fail(err)
		}
	} else {
		printf(c.stdout, "%s\n", k.DID())
	}
	switch {
	case sub == "rotate" && lost != nil:
		printf(c.stderr, "lw: made a new key; the lost key's DID stays known as yours, but credentials issued to it can no longer be proven yours in a presentation\n")
	case sub == "rotate" && len(before) > 0:
		printf(c.stderr, "lw: replaced your key; the old one stays in the OS keyring, only to prove in presentations that credentials issued to its DID are yours (see lw key history)\n")
	case !slices.Contains(before, k.DID()):
		printf(c.stderr, "lw: created your key for signing presentations; it is kept in the OS keyring only\n")
	}
	return exitOK
}

type keyJSON struct {
	DID                string `json:"did"`
	VerificationMethod string `json:"verificationMethod,omitempty"`
	Current            *bool  `json:"current,omitempty"`
}

func (c *cli) keyHistory(asJSON bool) int {
	w, err := c.openExisting()
	var none *noWalletError
	if err != nil && !errors.As(err, &none) {
		return c.fail(err)
	}
	var dids []string
	current := ""
	if w != nil {
		defer w.Close()
		if dids, err = w.HolderDIDs(); err != nil {
			return c.fail(err)
		}
		if current, err = w.CurrentHolderDID(); err != nil {
			return c.fail(err)
		}
	}
	if asJSON {
		rows := make([]keyJSON, len(dids))
		for i, d := range dids {
			rows[i] = keyJSON{DID: d, Current: new(d == current)}
		}
		if err := printJSON(c.stdout, rows); err != nil {
			return c.fail(err)
		}
		return exitOK
	}
	if len(dids) == 0 {
		printf(c.stdout, "No key yet. Create one with: lw key show\n")
		return exitOK
	}
	for _, d := range dids {
		when := "earlier"
		if d == current {
			when = "current"
		}
		printf(c.stdout, "%-8s %s\n", when, d)
	}
	if current == "" {
		printf(c.stdout, "No key of your own yet: lw key show makes one (the DIDs above stay yours).\n")
	}
	return exitOK
}
