package store

import (
	"errors"
	"os"
	"path/filepath"
	"runtime"

	"github.com/learnerwallet/learnerwallet/wallet"
	"github.com/learnerwallet/learnerwallet/wallet/fetch"
	"github.com/learnerwallet/learnerwallet/wallet/verify"
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

// NetOptions says how a wallet reaches the web to verify credentials.
type NetOptions struct {
	// Offline uses only what was fetched before.
	Offline bool
	// AllowPrivateNetwork also reaches issuers on this computer and the
	// local network (lw --allow-private-network), still over https only.
	AllowPrivateNetwork bool
}

// client returns the fetch client of these options, with cache.
func (n NetOptions) client(cache fetch.Cache) *fetch.Client {
	scope := fetch.Public
	if n.AllowPrivateNetwork {
		scope = fetch.PublicAndPrivate
	}
	return fetch.NewClient(fetch.ClientOptions{Scope: scope, Cache: cache, Offline: n.Offline})
}

// OpenWallet opens the wallet in dir with its key in the OS keyring,
// verifying online with the wallet's fetch cache.
func OpenWallet(dir string, opts ...wallet.Option) (*wallet.Wallet, error) {
	return OpenWalletWith(dir, Keyring{}, NetOptions{}, opts...)
}

// OpenWalletWith opens the wallet in dir with its key in secrets.
func OpenWalletWith(dir string, secrets wallet.SecretStore, net NetOptions, opts ...wallet.Option) (*wallet.Wallet, error) {
	db, err := Open(dir, secrets)
	if err != nil {
		return nil, err
	}
	// The network choice is the learner's, saved in the wallet (the
	// window's settings), or this run's (lw --allow-private-network,
	// --offline); either way the stricter.
	cache := db.FetchCache()
	verifiers := func(c wallet.NetChoice) *verify.Verifier {
		n := net
		n.AllowPrivateNetwork = net.AllowPrivateNetwork || c.AllowPrivate
		n.Offline = net.Offline || c.Offline
		return &verify.Verifier{Fetcher: n.client(cache), PrivateNetwork: n.AllowPrivateNetwork && !n.Offline}
	}
	clients := func(c wallet.NetChoice) *fetch.Client {
		n := net
		n.AllowPrivateNetwork = net.AllowPrivateNetwork || c.AllowPrivate
		return Client(n)
	}
	base := []wallet.Option{wallet.WithVerifiers(verifiers), wallet.WithNetwork(clients), wallet.WithSecrets(secrets, db.WalletID()), wallet.WithFetchCache(cache)}
	w := wallet.New(db, append(base, opts...)...)
	// Once after an upgrade: summaries with what this version reads.
	if _, err := w.RefreshSummaries(); err != nil {
		w.Close()
		return nil, err
	}
	return w, nil
}

// Verifier returns a verifier for credentials outside any wallet: online
// unless net says offline, with nothing cached.
func Verifier(net NetOptions) *verify.Verifier {
	if net.Offline {
		return &verify.Verifier{}
	}
	return &verify.Verifier{Fetcher: net.client(nil), PrivateNetwork: net.AllowPrivateNetwork}
}

// Exists reports whether dir holds a wallet.
func Exists(dir string) bool {
	fi, err := os.Stat(filepath.Join(dir, FileName))
	return err == nil && fi.Mode().IsRegular()
}

// Client returns the one network client under net, without a cache: for
// what is not verification, such as receiving credentials from an issuer.
func Client(net NetOptions) *fetch.Client {
	net.Offline = false
	return net.client(nil)
}
