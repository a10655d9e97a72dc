package ui

import (
	"testing"

	"fyne.io/fyne/v2/test"

	"github.com/learnerwallet/learnerwallet/wallet"
)

// TestTrySamples: the empty library's "Try sample credentials" fills it
// with the samples, says they are samples, and "Remove samples" deletes
// them for good, after asking.
func TestTrySamples(t *testing.T) {
	u, win := newTestUI(t)
	test.Tap(button(t, win, "Try sample credentials"))
	if u.body.Objects[0] != u.split {
		t.Fatal("after adding the samples the library is not shown")
	}
	if got := len(u.topIDs); got != 7 {
		t.Fatalf("the library shows %d top-level credentials, want the 7 samples", got)
	}
	for _, it := range u.items {
		if !wallet.IsSample(it) {
			t.Errorf("%s is not a sample", it.Summary.Title())
		}
	}
	if s := u.status.Text; s != "Added 7 sample credentials" {
		t.Errorf("status = %q", s)
	}
	mustContain(t, win, samplesNotice, "[Remove samples]")

	test.Tap(button(t, win, "Remove samples"))
	mustContain(t, win, "Remove the samples?", "Your own credentials stay as they are.")
	test.Tap(button(t, win, "Yes"))
	if len(u.items) != 0 {
		t.Fatalf("after Remove samples the wallet holds %d items", len(u.items))
	}
	if trashed, _ := u.wallet.Trashed(); len(trashed) != 0 {
		t.Errorf("%d samples went to the trash, not away for good", len(trashed))
	}
	if s := u.status.Text; s != "Removed 7 sample credentials" {
		t.Errorf("status = %q", s)
	}
	if u.body.Objects[0] != u.empty {
		t.Error("the empty state is not back")
	}
}
