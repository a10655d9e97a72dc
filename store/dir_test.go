package store_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"testing"

	"github.com/learnerwallet/learnerwallet/store"
	"github.com/learnerwallet/learnerwallet/wallet/fetch"
)

func TestDir(t *testing.T) {
	tmp := t.TempDir()
	t.Chdir(tmp)
	home := filepath.Join(tmp, "home")
	xdg := filepath.Join(tmp, "xdg")
	lwHome := filepath.Join(tmp, "lw-home")
	flagDir := filepath.Join(tmp, "flag")

	cases := []struct {
		name            string
		flag, lw, xdg   string
		want            string
		onlyOnXDGSystem bool
	}{
		{name: "flag wins over everything", flag: flagDir, lw: lwHome, xdg: xdg, want: flagDir},
		{name: "relative flag made absolute", flag: "rel/w", lw: lwHome, want: filepath.Join(tmp, "rel", "w")},
		{name: "LW_HOME over the default", lw: lwHome, xdg: xdg, want: lwHome},
		{name: "relative LW_HOME made absolute", lw: "here", want: filepath.Join(tmp, "here")},
		{name: "XDG_DATA_HOME", xdg: xdg, want: filepath.Join(xdg, "learner-wallet"), onlyOnXDGSystem: true},
		{name: "relative XDG_DATA_HOME ignored", xdg: "rel", want: filepath.Join(home, ".local", "share", "learner-wallet"), onlyOnXDGSystem: true},
		{name: "no XDG_DATA_HOME", want: filepath.Join(home, ".local", "share", "learner-wallet"), onlyOnXDGSystem: true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if c.onlyOnXDGSystem && !slices.Contains([]string{"linux", "freebsd", "openbsd", "netbsd"}, runtime.GOOS) {
				t.Skip("XDG directories are for Linux and BSD")
			}
			t.Setenv("HOME", home)
			t.Setenv("LW_HOME", c.lw)
			t.Setenv("XDG_DATA_HOME", c.xdg)
			got, err := store.Dir(c.flag)
			if err != nil {
				t.Fatal(err)
			}
			if got != c.want {
				t.Errorf("Dir(%q) with LW_HOME=%q XDG_DATA_HOME=%q = %s, want %s", c.flag, c.lw, c.xdg, got, c.want)
			}
		})
	}

	// Dir only names the folder; it creates nothing.
	if entries, _ := os.ReadDir(tmp); len(entries) != 0 {
		t.Errorf("Dir created %s", entries[0].Name())
	}
}

// TestNetOptionsScope: the verifier of lw reaches this computer only with
// --allow-private-network, and the cloud metadata service never.
func TestNetOptionsScope(t *testing.T) {
	ctx := context.Background()
	for _, tc := range []struct {
		allow     bool
		url       string
		forbidden bool
	}{
		{false, "https://127.0.0.1:9/key", true},
		{false, "https://192.168.1.1:9/key", true},
		{true, "https://127.0.0.1:9/key", false}, // connection refused: the network's answer
		{true, "https://169.254.169.254/latest/meta-data/", true},
	} {
		v := store.Verifier(store.NetOptions{AllowPrivateNetwork: tc.allow})
		_, err := v.Fetcher.Get(ctx, tc.url)
		if err == nil || errors.Is(err, fetch.ErrForbiddenAddress) != tc.forbidden {
			t.Errorf("private network %v, %s: err = %v, want forbidden %v", tc.allow, tc.url, err, tc.forbidden)
		}
	}
}
