package wallet_test

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/learnerwallet/learnerwallet/wallet"
)

// TestPresentationsFromOtherWallets checks presentations signed by the
// JavaScript stack behind DCC's VerifierPlus (@digitalbazaar/vc with
// eddsa-rdfc-2022), made by .ci/interop/run. The VCDM 2.0 one holds its
// credentials as named graphs, which json-gold v0.9.1 canonicalized
// wrongly (see wallet/ld/json-gold/PATCHED.md).
func TestPresentationsFromOtherWallets(t *testing.T) {
	for _, name := range []string{"digitalbazaar-vc-v2.json", "digitalbazaar-vc-v1.json"} {
		t.Run(name, func(t *testing.T) {
			b, err := os.ReadFile(filepath.Join("..", "testdata", "interop", name))
			if err != nil {
				t.Fatal(err)
			}
			v := &wallet.Verifier{} // offline
			rep := v.CheckPresentation(context.Background(), b, wallet.PresentationOptions{
				Challenge: "interop-b4d69cc85b4574f0", Domain: "verifier.interop.example"})
			for _, c := range rep.Checks {
				if c.Status == wallet.Fail {
					t.Errorf("%s: %s (%s)", c.Name, c.Message, c.Detail)
				}
			}
			if !rep.Valid || len(rep.Credentials) != 3 {
				t.Errorf("%s (%d credentials)", rep.Verdict, len(rep.Credentials))
			}
		})
	}
}
