package main

import (
	"fmt"
	"strings"

	"github.com/learnerwallet/learnerwallet/wallet"
)

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
