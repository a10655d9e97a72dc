package wallet_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/learnerwallet/learnerwallet/wallet"
	"github.com/learnerwallet/learnerwallet/wallet/credential"
)

func course(id, achievement string) wallet.Item {
	return wallet.Item{ID: id, Summary: credential.Summary{Name: id, AchievementID: achievement}}
}

func shape(rows []wallet.TranscriptRow) string {
	var parts []string
	for _, r := range rows {
		parts = append(parts, fmt.Sprintf("%s%s", strings.Repeat(">", r.Depth), r.Item.ID))
	}
	return strings.Join(parts, " ")
}

func TestTranscript(t *testing.T) {
	children := []wallet.Item{course("c1", "urn:c1"), course("prog", "urn:p"), course("c2", "urn:c2"), course("c2again", "urn:c2"), course("x", "")}
	assoc := func(as ...credential.Association) wallet.Item {
		return wallet.Item{Summary: credential.Summary{Associations: as}}
	}
	for _, c := range []struct {
		name   string
		record wallet.Item
		want   string
	}{
		{"no associations: the record's order", assoc(), "c1 prog c2 c2again x"},
		{"a program and its courses", assoc(
			credential.Association{Type: "isParentOf", Source: "urn:p", Target: "urn:c1"},
			credential.Association{Type: "isChildOf", Source: "urn:c2", Target: "urn:p"},
		), "prog >c1 >c2 >c2again x"},
		{"isPartOf, and a course under a course", assoc(
			credential.Association{Type: "isPartOf", Source: "urn:c1", Target: "urn:p"},
			credential.Association{Type: "isParentOf", Source: "urn:c1", Target: "urn:c2"},
		), "prog >c1 >>c2 >>c2again x"},
		{"a loop breaks at the top", assoc(
			credential.Association{Type: "isParentOf", Source: "urn:c1", Target: "urn:c2"},
			credential.Association{Type: "isParentOf", Source: "urn:c2", Target: "urn:c1"},
		), "c1 >c2 >c2again prog x"},
		{"unknown achievements, self and other kinds change nothing", assoc(
			credential.Association{Type: "isParentOf", Source: "urn:nobody", Target: "urn:c1"},
			credential.Association{Type: "isParentOf", Source: "urn:c1", Target: "urn:c1"},
			credential.Association{Type: "precedes", Source: "urn:c1", Target: "urn:c2"},
		), "c1 prog c2 c2again x"},
	} {
		if got := shape(wallet.Transcript(c.record, children)); got != c.want {
			t.Errorf("%s: %s, want %s", c.name, got, c.want)
		}
	}
}

// The OB implementation guide's complex record: a program and its courses.
func TestTranscriptOfARealRecord(t *testing.T) {
	w, _, ids := curated(t)
	rec, _ := w.Item(ids[2])
	items, _ := w.Items()
	lib := wallet.NewLibrary(items)
	rows := wallet.Transcript(rec, lib.Children(rec.ID))
	if len(rows) != len(rec.Children) {
		t.Fatalf("%d rows for %d credentials", len(rows), len(rec.Children))
	}
	r := w.ImportBytes("complex.json", example(t, "clr2/validator/complex.json"))
	rec, _ = w.Item(r.ID)
	items, _ = w.Items()
	rows = wallet.Transcript(rec, wallet.NewLibrary(items).Children(rec.ID))
	if len(rows) != 6 || rows[0].Depth != 0 || !strings.Contains(rows[0].Item.Summary.Name, "Program") {
		t.Fatalf("first row %+v", rows[0])
	}
	for _, row := range rows[1:] {
		if row.Depth != 1 {
			t.Errorf("%s at depth %d, want under the program", row.Item.Summary.Name, row.Depth)
		}
	}
}
