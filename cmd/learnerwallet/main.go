// Command learnerwallet is the Learner Wallet desktop app.
package main

import (
	"flag"
	"fmt"
	"os"
	"runtime"

	"fyne.io/fyne/v2/app"

	"github.com/learnerwallet/learnerwallet/store"
	"github.com/learnerwallet/learnerwallet/ui"
	"github.com/learnerwallet/learnerwallet/wallet"
)

// AppID identifies the app to the OS and names its preferences.
const AppID = "org.learnerwallet.LearnerWallet"

func main() {
	walletDir := flag.String("wallet", "", "wallet folder (default: $LW_HOME, else your data folder)")
	flag.Parse()
	if !hasDisplay() {
		fmt.Fprintln(os.Stderr, "learnerwallet: no graphical display found (DISPLAY and WAYLAND_DISPLAY are not set).\n"+
			"Run it from a desktop session, or use the command-line tool instead: lw list, lw import FILE...")
		os.Exit(1)
	}
	a := app.NewWithID(AppID)
	ui.SetupLanguage(a) // before any window or widget is made
	a.SetIcon(ui.AppIcon)
	ui.ApplyAppearance(a)
	w := a.NewWindow("Learner Wallet")
	closeWallet := ui.Start(a, w, func() (*wallet.Wallet, error) {
		dir, err := store.Dir(*walletDir)
		if err != nil {
			return nil, err
		}
		return store.OpenWallet(dir)
	})
	w.ShowAndRun()
	closeWallet()
}

// hasDisplay reports whether a window can be opened. Only X11 and Wayland
// systems need a display variable; elsewhere there is always a screen.
func hasDisplay() bool {
	switch runtime.GOOS {
	case "linux", "freebsd", "openbsd", "netbsd":
		return os.Getenv("DISPLAY") != "" || os.Getenv("WAYLAND_DISPLAY") != ""
	}
	return true
}
