package main

import (
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/learnerwallet/learnerwallet/wallet"
)

// importWalletExports imports the files among paths that are another
// wallet's export (Learner Credential Wallet, Universal Wallet 2020),
// saying what each holds on out, and returns their results and the paths
// left to import as credentials. A damaged export is one rejection.
func importWalletExports(w *wallet.Wallet, out io.Writer, paths []string, takeKeys bool) (results []wallet.Result, rest []string, err error) {
	for _, p := range paths {
		e, err := wallet.ReadWalletExport(p)
		switch {
		case errors.Is(err, wallet.ErrNotWalletExport):
			rest = append(rest, p)
			continue
		case err != nil:
			results = append(results, wallet.Result{Path: p, Status: wallet.Rejected, Error: err.Error(), Err: err})
			continue
		}
		printf(out, "%s: %s\n", p, exportSummary(e, takeKeys))
		r, err := w.ImportWalletExport(e, takeKeys)
		if err != nil {
			return nil, nil, fmt.Errorf("%s: %w", p, err)
		}
		results = append(results, r...)
	}
	return results, rest, nil
}

// exportSummary says what an export holds and what becomes of its keys.
func exportSummary(e *wallet.WalletExport, takeKeys bool) string {
	what := "a Universal Wallet 2020 export"
	if e.Format == wallet.LCWBackup {
		what = "a Learner Credential Wallet export"
	}
	s := fmt.Sprintf("%s: %s, %s", what, plural(len(e.Credentials), "credential", "credentials"), plural(len(e.Keys), "key", "keys"))
	if len(e.Keys) == 0 {
		return s
	}
	if !takeKeys {
		return s + " (not taken; add --take-keys to make their DIDs yours)"
	}
	var taken, skipped []string
	for _, k := range e.Keys {
		if k.Takeable() {
			taken = append(taken, k.DID)
		} else {
			skipped = append(skipped, k.Type+": "+keySkipText(k.Skip))
		}
	}
	var parts []string
	if len(taken) > 0 {
		parts = append(parts, "taken, now yours: "+strings.Join(taken, ", "))
	}
	if len(skipped) > 0 {
		parts = append(parts, "skipped: "+strings.Join(skipped, "; "))
	}
	return s + " (" + strings.Join(parts, "; ") + ")"
}

func keySkipText(s wallet.KeySkip) string {
	switch s {
	case wallet.KeyNotEd25519:
		return "not an Ed25519 signing key"
	case wallet.KeyPublicOnly:
		return "no private part"
	case wallet.KeyOtherController:
		return "controlled by a DID other than its did:key"
	}
	return string(s)
}
