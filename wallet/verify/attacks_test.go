package verify_test

import (
	"context"
	"os"
	"testing"
	"time"

	"github.com/learnerwallet/learnerwallet/wallet/verify"
	"github.com/learnerwallet/learnerwallet/wallet/verify/attacktest"
)

// TestAttacks verifies every credential and presentation of the attack
// table (testdata/attacks/ATTACKS.tsv) and checks the verdict, the reason
// and that every word of the report is safe to show. Rows the wallet must
// refuse to act on (present, share links) are run by the wallet's callers:
// cmd/lw and ui.
func TestAttacks(t *testing.T) {
	dir, rows := attacktest.Rows(t)
	now := time.Date(2026, 12, 1, 12, 0, 0, 0, time.UTC)
	for _, row := range rows {
		if row.As != attacktest.AsCredential && row.As != attacktest.AsPresentation {
			continue
		}
		t.Run(row.Name(), func(t *testing.T) {
			t.Parallel()
			data, err := os.ReadFile(row.Path(dir))
			if err != nil {
				t.Fatal(err)
			}
			v := &verify.Verifier{Fetcher: row.Fetcher(), Now: func() time.Time { return now }}
			ctx := context.Background()
			if row.As == attacktest.AsCredential {
				rep := v.Bytes(ctx, data)
				if err := row.CheckReport(rep); err != nil {
					logReport(t, rep)
					t.Errorf("%s: %v", row, err)
				}
				return
			}
			pr := v.Presentation(ctx, data, row.PresentationOptions())
			if err := row.CheckPresentation(pr); err != nil {
				logReport(t, pr.Report)
				for _, c := range pr.Credentials {
					logReport(t, c)
				}
				t.Errorf("%s: %v", row, err)
			}
		})
	}
}
