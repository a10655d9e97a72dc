package wallet

import "errors"

// Advice returns what a person can do about err, or "" when there is nothing
// to add to the error's own text. Both user interfaces show it.
func Advice(err error) string {
	var missingKey *MissingHolderKeyError
	switch {
	case errors.Is(err, ErrKeyringUnavailable):
		return "Learner Wallet keeps its keys (the one that encrypts your credentials, and the one that signs what you share) in the OS keyring. Unlock your keyring " +
			"(log in to your desktop session), or install and start a Secret Service such as gnome-keyring, then try again. Nothing was written."
	case errors.Is(err, ErrWalletInUse):
		return "Close the other window or command, or open a different wallet with --wallet DIR."
	case errors.As(err, &missingKey):
		return "Restore your keyring from a backup made while it held the key, then try again. Or make a new signing key " +
			"with: lw key rotate. Your old DID then stays known as yours, so credentials issued to it still count, " +
			"and presentations you signed with it stay valid; new ones are signed with the new DID."
	}
	return ""
}
