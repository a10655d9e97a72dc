package store

import (
	"errors"
	"os"
	"path/filepath"
	"runtime"

	"github.com/learnerwallet/learnerwallet/wallet"
)

// Dir picks the wallet directory: the --wallet flag when given, else LW_HOME,
// else the per-user data directory of this platform.
func Dir(flag string) (string, error) {
	if flag != "" {
		return filepath.Abs(flag)
	}
	if env := os.Getenv("LW_HOME"); env != "" {
		return filepath.Abs(env)
	}
	switch runtime.GOOS {
	case "linux", "freebsd", "openbsd", "netbsd":
		if x := os.Getenv("XDG_DATA_HOME"); filepath.IsAbs(x) {
			return filepath.Join(x, "learner-wallet"), nil
		}
		home, err := os.UserHomeDir()
		if err != nil {
			return "", errors.New("cannot find your home folder; set LW_HOME or pass --wallet DIR")
		}
		return filepath.Join(home, ".local", "share", "learner-wallet"), nil
	}
	cfg, err := os.UserConfigDir()
	if err != nil {
		return "", errors.New("cannot find your settings folder; set LW_HOME or pass --wallet DIR")
	}
	return filepath.Join(cfg, "Learner Wallet"), nil
}

// OpenWallet opens the wallet in dir with its key in the OS keyring.
func OpenWallet(dir string, opts ...wallet.Option) (*wallet.Wallet, error) {
	return OpenWalletWith(dir, Keyring{}, opts...)
}

// OpenWalletWith opens the wallet in dir with its key in secrets.
func OpenWalletWith(dir string, secrets wallet.SecretStore, opts ...wallet.Option) (*wallet.Wallet, error) {
	db, err := Open(dir, secrets)
	if err != nil {
		return nil, err
	}
	return wallet.New(db, opts...), nil
}

// Exists reports whether dir holds a wallet.
func Exists(dir string) bool {
	fi, err := os.Stat(filepath.Join(dir, FileName))
	return err == nil && fi.Mode().IsRegular()
}
