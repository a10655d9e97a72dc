package main

import (
	"fmt"

	"github.com/learnerwallet/learnerwallet/store"
)

// compactCmd rewrites the wallet file without its free pages, where deleted
// credentials linger (sealed) until overwritten. Closing a wallet does so
// by itself after a delete; this is the same, on demand.
func (c *cli) compactCmd(args []string) int {
	rest, err := parse(c.flags("compact"), args)
	if err != nil {
		return c.parseError(err)
	}
	if len(rest) > 0 {
		return c.usageError("compact takes no arguments")
	}
	dir, err := store.Dir(c.walletFlag)
	if err != nil {
		return c.fail(err)
	}
	if !store.Exists(dir) {
		return c.fail(&noWalletError{dir: dir})
	}
	db, err := store.Open(dir, secrets)
	if err != nil {
		return c.fail(err)
	}
	defer db.Close()
	before, after, err := db.Compact()
	if err != nil {
		return c.fail(err)
	}
	printf(c.stdout, "compacted the wallet: %s → %s\n", fileSize(before), fileSize(after))
	return exitOK
}

// fileSize writes a file size in kB below a megabyte, else in MB to one
// decimal (decimal units, as file managers show them).
func fileSize(n int64) string {
	if n < 1e6 {
		return fmt.Sprintf("%d kB", (n+999)/1000)
	}
	return fmt.Sprintf("%.1f MB", float64(n)/1e6)
}
