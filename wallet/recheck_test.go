package wallet_test

import (
	"context"
	"os"
	"reflect"
	"testing"

	"github.com/learnerwallet/learnerwallet/wallet"
)

// TestRecheckRecipients: once the learner adds the e-mail address a badge
// and a record's courses were issued to, RecheckRecipients stores what a
// whole new verification would say, for the record and each course.
func TestRecheckRecipients(t *testing.T) {
	w, _ := newWallet(t)
	for _, f := range []string{"badge-teamwork-signed.json", "clr-20-courses-signed.json"} {
		b, err := os.ReadFile("../testdata/generated/" + f)
		if err != nil {
			t.Fatal(err)
		}
		if r := w.ImportBytes(f, b); r.Status != wallet.Imported {
			t.Fatalf("%+v", r)
		}
	}
	items, err := w.Items()
	if err != nil {
		t.Fatal(err)
	}
	var top []string
	for _, it := range items {
		if it.Parent == "" {
			top = append(top, it.ID)
		}
	}
	if err := w.AddIdentity("email", "ellis.monday@example.edu"); err != nil {
		t.Fatal(err)
	}
	if err := w.RecheckRecipients(append(top, "gone")); err != nil {
		t.Fatal(err)
	}
	rechecked, err := w.Items()
	if err != nil {
		t.Fatal(err)
	}
	for _, id := range top {
		if _, err := w.Verify(context.Background(), id); err != nil {
			t.Fatal(err)
		}
	}
	verified, err := w.Items()
	if err != nil {
		t.Fatal(err)
	}
	changed := 0
	for i := range verified {
		a, b := rechecked[i].Report, verified[i].Report
		if a == nil || b == nil {
			t.Fatalf("%s has no report", verified[i].ID)
		}
		a.CheckedAt = b.CheckedAt
		if !reflect.DeepEqual(a.Checks, b.Checks) || a.Verdict != b.Verdict || rechecked[i].Verification != verified[i].Verification {
			t.Errorf("%s rechecked: %s %+v\nverified: %s %+v", verified[i].ID, a.Verdict, a.Checks, b.Verdict, b.Checks)
		}
		if !reflect.DeepEqual(items[i].Report.Checks, a.Checks) {
			changed++
		}
	}
	if changed == 0 {
		t.Error("adding the learner's address changed no report")
	}
}
