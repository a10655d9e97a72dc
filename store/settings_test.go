package store_test

import (
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/learnerwallet/learnerwallet/store/storetest"
	"github.com/learnerwallet/learnerwallet/wallet"
)

// TestConcurrentSettingChanges: each change of the identities and of the
// sharing log is one transaction of the wallet file, so changes made at the
// same time all survive (read, change and write in two transactions, 26 of
// 50 identities were lost).
func TestConcurrentSettingChanges(t *testing.T) {
	db, _ := storetest.Open(t, storetest.Secrets(t))
	w := wallet.New(db)
	const n = 50
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() {
			if err := w.AddIdentity("email", fmt.Sprintf("learner%02d@example.org", i)); err != nil {
				t.Error(err)
			}
		})
		wg.Go(func() {
			p := &wallet.Presentation{Format: wallet.PresentLDP, Domain: fmt.Sprintf("d%02d.example", i), Expires: time.Now().Add(time.Hour)}
			if _, err := w.RecordShare(p, "copied to the clipboard"); err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
	ids, err := w.Identities()
	if err != nil || len(ids.Emails) != n {
		t.Errorf("%d of %d identities added at once are in the wallet (%v)", len(ids.Emails), n, err)
	}
	log, err := w.Shares()
	if err != nil || len(log) != n {
		t.Errorf("%d of %d shares recorded at once are in the log (%v)", len(log), n, err)
	}
	seen := map[string]bool{}
	for _, s := range log {
		seen[s.Domain] = true
	}
	if len(seen) != n {
		t.Errorf("the log holds %d different shares, want %d", len(seen), n)
	}
}
