package wallet_test

import (
	"os/exec"
	"strings"
	"testing"
)

// The wallet domain stays free of the GUI toolkit, the database and the
// keyring, however indirectly; adapters bring those in.
func TestNoForbiddenImports(t *testing.T) {
	goTool, err := exec.LookPath("go")
	if err != nil {
		t.Skip("the go command is not on PATH")
	}
	forbidden := []string{"fyne.io/", "go.etcd.io/bbolt", "github.com/zalando/go-keyring"}
	// From the wallet folder, ./... is wallet and all its subpackages; -test
	// adds what their tests import.
	out, err := exec.Command(goTool, "list", "-deps", "-test", "./...").CombinedOutput()
	if err != nil {
		t.Fatalf("go list: %v\n%s", err, out)
	}
	deps := strings.Fields(string(out))
	sawWallet := false
	for _, dep := range deps {
		if dep == "github.com/learnerwallet/learnerwallet/wallet" {
			sawWallet = true
		}
		for _, f := range forbidden {
			if strings.HasPrefix(dep, f) {
				t.Errorf("wallet depends on %s", dep)
			}
		}
		// assets holds data only (embedded contexts and schemas; no GUI).
		if strings.HasPrefix(dep, "github.com/learnerwallet/learnerwallet/") && !strings.HasPrefix(dep, "github.com/learnerwallet/learnerwallet/wallet") &&
			dep != "github.com/learnerwallet/learnerwallet/assets" {
			t.Errorf("wallet depends on %s, outside the wallet domain", dep)
		}
	}
	if !sawWallet {
		t.Fatalf("go list did not list the wallet package:\n%s", out)
	}
}
