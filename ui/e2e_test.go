package ui

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/learnerwallet/learnerwallet/store"
	"github.com/learnerwallet/learnerwallet/wallet/verify"
)

// A learner's errand, through the window: import a folder holding a
// transcript, tag it, find it by its tag, read it as a transcript, present
// two courses out of it, save the presentation — and the saved file
// verifies as an employer's lw check-presentation verifies it.
func TestEndToEnd(t *testing.T) {
	u, win, posted := newPresentUI(t)
	dir := t.TempDir()
	b, err := os.ReadFile(filepath.Join(generated, "clr-20-courses-signed.json"))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "transcript.json"), b, 0o600); err != nil {
		t.Fatal(err)
	}
	u.importPaths([]string{dir})
	for len(posted) > 0 {
		(<-posted)()
	}
	u.hideNotice()

	// Find it by typing, tag what is found.
	test.Type(u.filter.search, "associate of science")
	if len(u.shownIDs) != 1 {
		t.Fatalf("the search found %d", len(u.shownIDs))
	}
	record := u.item(u.shownIDs[0])
	u.askTag(u.shownIDs, "1 credential")
	for _, o := range objects(win) {
		if e, ok := o.(*widget.SelectEntry); ok {
			e.SetText("Job hunt")
		}
	}
	test.Tap(button(t, win, "Tag"))
	u.filter.reset()
	test.Type(u.filter.search, "job hunt")
	if len(u.shownIDs) != 1 || u.shownIDs[0] != record.ID {
		t.Fatalf("found by its tag: %v", u.shownIDs)
	}

	// Read it as a transcript.
	u.selectItem(record.ID)
	first, last := u.item(record.Children[4]), u.item(record.Children[17])
	mustContain(t, win, "Transcript", "[Present courses from this record…]", "["+first.Summary.Title()+"]", "["+last.Summary.Title()+"]")

	// Present two courses out of it.
	p := u.present()
	p.tree.OpenBranch(record.ID)
	p.tree.Select(first.ID)
	p.tree.Select(last.ID)
	p.domain.SetText("careers.example.com")
	test.Tap(button(t, win, "Review…"))
	consent(t, win)
	test.Tap(button(t, win, "Sign"))
	if p.pres == nil {
		t.Fatalf("nothing signed:\n%s", texts(win))
	}
	saved := filepath.Join(t.TempDir(), "for-employer.json")
	if err := os.WriteFile(saved, p.pres.Bytes, 0o600); err != nil {
		t.Fatal(err)
	}

	// The employer's check, as lw check-presentation makes it.
	data, err := os.ReadFile(saved)
	if err != nil {
		t.Fatal(err)
	}
	employer := store.Verifier(store.NetOptions{Offline: true})
	employer.Now = func() time.Time { return presentClock } // the day it was made
	rep := employer.Presentation(context.Background(), data, verify.PresentationOptions{Domain: "careers.example.com"})
	if !rep.Verdict.OK() || len(rep.Credentials) != 2 {
		t.Fatalf("the employer's check: %s, %d credentials", rep.Verdict, len(rep.Credentials))
	}
	for _, c := range rep.Credentials {
		if !c.Verdict.OK() {
			t.Errorf("a presented course is %s", c.Verdict)
		}
	}
}
