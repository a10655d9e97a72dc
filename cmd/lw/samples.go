package main

import (
	"github.com/learnerwallet/learnerwallet/store"
)

// samplesCmd adds the sample credentials to the wallet, or removes them.
// Adding never goes to the network: what the samples' verification fetches
// ships with them.
func (c *cli) samplesCmd(args []string) int {
	if len(args) != 1 || (args[0] != "add" && args[0] != "remove") {
		return c.usageError("samples needs add or remove")
	}
	if args[0] == "remove" {
		w, err := c.openExisting()
		if err != nil {
			return c.fail(err)
		}
		defer w.Close()
		n, err := w.RemoveSamples()
		if err != nil {
			return c.fail(err)
		}
		printf(c.stdout, "removed %d sample credentials for good\n", n)
		return exitOK
	}
	dir, err := store.Dir(c.walletFlag)
	if err != nil {
		return c.fail(err)
	}
	w, err := store.OpenWalletWith(dir, secrets, c.net(true))
	if err != nil {
		return c.fail(err)
	}
	defer w.Close()
	results, err := w.AddSamples()
	if err != nil {
		return c.fail(err)
	}
	printImport(c.stdout, c.stderr, results)
	printf(c.stdout, "These are samples to try the wallet with, not real credentials: lw samples remove deletes them.\n")
	return exitOK
}
