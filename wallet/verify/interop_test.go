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
// eddsa-rdfc-2022), made by `.ci/interop/run --fixtures testdata/interop`
// (see .ci/interop/README): two courses of a record and a badge, issued by
// @digitalbazaar/vc to the presenting holder's DID. The VCDM 2.0 one holds
// its credentials as named graphs, which json-gold v0.9.1 canonicalized
// wrongly (see wallet/ld's keepGraphContainers).
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
			if !rep.Verdict.OK() {
				t.Errorf("verdict %s: %s", rep.Verdict, verify.PresentationHeadline(rep))
			}
			for _, c := range rep.Checks {
				if c.Status == check.Fail {
					t.Errorf("%s: %s (%s)", c.ID, verify.Describe(c), c.Detail)
				}
			}
			for _, want := range []check.Reason{verify.SignatureHolderValid, verify.ChallengeOK, verify.DomainOK} {
				if !hasReasonIn(rep.Report, check.Pass, want) {
					t.Errorf("no %s", want)
				}
			}
			if len(rep.Credentials) != 3 {
				t.Fatalf("%d credentials, want 3: %s", len(rep.Credentials), verify.PresentationHeadline(rep))
			}
			// Every credential is bound to the holder: issued to its DID.
			bound := 0
			for _, c := range rep.Checks {
				if c.ID != check.Holder {
					continue
				}
				if c.Status == check.Pass && c.Reason == verify.HolderBound && c.Detail == rep.Holder {
					bound++
				} else {
					t.Errorf("holder binding %s %s: %s (%s)", c.Status, c.Reason, verify.Describe(c), c.Detail)
				}
			}
			if bound != len(rep.Credentials) {
				t.Errorf("%d of %d credentials bound to the holder %s", bound, len(rep.Credentials), rep.Holder)
			}
			for _, c := range rep.Credentials {
				if c.Verdict != verify.Valid || !has(c, check.Signature, check.Pass) {
					t.Errorf("%s: %s", c.Name, verify.Headline(c))
					logReport(t, c)
				}
			}
		})
	}
}
