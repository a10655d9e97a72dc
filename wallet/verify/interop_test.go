package verify_test

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/learnerwallet/learnerwallet/wallet/check"
	"github.com/learnerwallet/learnerwallet/wallet/verify"
)

// TestPresentationsFromOtherWallets checks presentations signed by the
// JavaScript stack behind DCC's VerifierPlus (@digitalbazaar/vc with
// eddsa-rdfc-2022), made by .ci/interop/run. The VCDM 2.0 one holds its
// credentials as named graphs, which json-gold v0.9.1 canonicalized
// wrongly (see wallet/ld/json-gold/PATCHED.md).
func TestPresentationsFromOtherWallets(t *testing.T) {
	for _, name := range []string{"digitalbazaar-vc-v2.json", "digitalbazaar-vc-v1.json"} {
		t.Run(name, func(t *testing.T) {
			b, err := os.ReadFile(filepath.Join("..", "..", "testdata", "interop", name))
			if err != nil {
				t.Fatal(err)
			}
			v := &verify.Verifier{} // offline
			rep := v.Presentation(context.Background(), b, verify.PresentationOptions{
				Challenge: "interop-b4d69cc85b4574f0", Domain: "verifier.interop.example"})
			// The holder's proof and every credential's hold; what the
			// holder binding says depends on whom each was issued to.
			for _, c := range rep.Checks {
				if c.Status == check.Fail && c.ID != check.Holder {
					t.Errorf("%s: %s (%s)", c.ID, verify.Describe(c), c.Detail)
				}
			}
			if !hasReasonIn(rep.Report, check.Pass, verify.SignatureHolderValid) || len(rep.Credentials) != 3 {
				t.Errorf("%s (%d credentials)", verify.PresentationHeadline(rep), len(rep.Credentials))
			}
			for _, c := range rep.Credentials {
				if !has(c, check.Signature, check.Pass) {
					t.Errorf("%s: %s", c.Name, verify.Headline(c))
				}
			}
		})
	}
}
