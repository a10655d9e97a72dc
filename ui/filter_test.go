package ui

import (
	"path/filepath"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/learnerwallet/learnerwallet/wallet"
)

// Search as you type, filters, and the learner's own tags and notes, all
// through the window.
func TestFindTagAndNote(t *testing.T) {
	u, win := newTestUI(t)
	importThree(u)
	if len(u.shownIDs) != 3 {
		t.Fatalf("%d shown, want 3", len(u.shownIDs))
	}
	test.Type(u.filter.search, "university degree")
	if len(u.shownIDs) != 1 || u.count.Text != "1 of 3 credentials" {
		t.Fatalf("search: %d shown, count %q", len(u.shownIDs), u.count.Text)
	}
	id := u.shownIDs[0]
	u.selectItem(id)
	// Tag it, and keep a note.
	u.detail.yours.addTag.SetText("Job hunt")
	u.detail.yours.addTag.OnSubmitted("Job hunt")
	test.Type(u.detail.yours.note, "Ask for a reference")
	test.Tap(u.detail.yours.saveNote)
	it, _ := u.wallet.Item(id)
	if len(it.Tags) != 1 || it.Tags[0] != "Job hunt" || it.Note != "Ask for a reference" {
		t.Fatalf("kept %v %q", it.Tags, it.Note)
	}
	mustContain(t, win, "Job hunt")
	// Found by its note and its tag; the tag filter offers it.
	u.filter.reset()
	test.Type(u.filter.search, "reference")
	if len(u.shownIDs) != 1 || u.shownIDs[0] != id {
		t.Fatalf("search by note: %v", u.shownIDs)
	}
	u.filter.reset()
	u.filter.tag.SetSelected("Job hunt")
	if len(u.shownIDs) != 1 || u.shownIDs[0] != id {
		t.Fatalf("filter by tag: %v", u.shownIDs)
	}
	// Nothing found says how to go on.
	u.filter.reset()
	test.Type(u.filter.search, "zzz no such thing")
	mustContain(t, win, "Nothing found. Try other words, or clear the search and filters.")
	test.Tap(button(t, win, "Show everything"))
	if len(u.shownIDs) != 3 || u.filter.search.Text != "" {
		t.Fatalf("after Show everything: %d shown, search %q", len(u.shownIDs), u.filter.search.Text)
	}
	// Archive takes it out of the list; the Archived filter shows it.
	u.selectItem(id)
	test.Tap(u.detail.yours.archive)
	if len(u.shownIDs) != 2 {
		t.Fatalf("after archiving: %d shown", len(u.shownIDs))
	}
	u.filter.setState(stateArchived)
	if len(u.shownIDs) != 1 || u.shownIDs[0] != id {
		t.Fatalf("the archive shows %v", u.shownIDs)
	}
}

// Every menu command with a key is on the keyboard, and the menu names it.
func TestMenusAndShortcuts(t *testing.T) {
	u, win := newTestUI(t)
	u.importPaths([]string{filepath.Join(examples, "ob3/validator/simple.json")})
	menu := win.MainMenu()
	if menu == nil || len(menu.Items) != 4 {
		t.Fatalf("main menu %v", menu)
	}
	keys := map[string]bool{}
	for _, m := range u.menus() {
		for _, c := range m.cmds {
			if s := c.shortcut(); s != nil {
				if keys[s.ShortcutName()] {
					t.Errorf("%s is given twice", s.ShortcutName())
				}
				keys[s.ShortcutName()] = true
			}
		}
	}
	// Ctrl+F puts the keyboard in the search; Escape there clears it.
	u.focusSearch()
	if win.Canvas().Focused() != u.filter.search {
		t.Fatal("Find does not focus the search")
	}
	test.Type(u.filter.search, "zzz")
	u.filter.search.TypedKey(&fyne.KeyEvent{Name: fyne.KeyEscape})
	if u.filter.search.Text != "" || len(u.shownIDs) != 1 {
		t.Errorf("Escape left %q, %d shown", u.filter.search.Text, len(u.shownIDs))
	}
	// Edit › Delete moves the selection to the trash.
	u.selectItem(u.topIDs[0])
	u.trashSelected()
	if len(u.shownIDs) != 0 {
		t.Errorf("after Delete %d shown", len(u.shownIDs))
	}
	u.showShortcuts()
	mustContain(t, win, "Keyboard shortcuts")
}

// What the search finds can be tagged, archived or trashed at once.
func TestBulkOnWhatIsShown(t *testing.T) {
	u, win := newTestUI(t)
	importThree(u)
	u.filter.kind.SetSelectedIndex(1) // Open Badges 3.0
	if len(u.shownIDs) != 2 {
		t.Fatalf("%d shown", len(u.shownIDs))
	}
	u.askTag(u.shownIDs, "2 credentials")
	for _, o := range objects(win) {
		if e, ok := o.(*widget.SelectEntry); ok {
			e.SetText("Portfolio")
		}
	}
	test.Tap(button(t, win, "Tag"))
	tags, _ := u.wallet.Tags()
	if len(tags) != 1 || tags[0].Name != "Portfolio" || tags[0].Count != 2 {
		t.Fatalf("tags %v", tags)
	}
	ids := append([]string(nil), u.shownIDs...)
	u.bulkDo(func(w *wallet.Wallet) error { return w.SetArchived(true, ids...) }, "done")
	u.filter.reset()
	if len(u.shownIDs) != 1 {
		t.Errorf("after archiving two, %d shown", len(u.shownIDs))
	}
}

// The library groups by issuer, and shows pictures in a grid.
func TestGroupByIssuerAndGrid(t *testing.T) {
	u, _ := newTestUI(t)
	importThree(u)
	u.filter.group.SetChecked(true)
	groups := u.library.children("")
	if len(groups) < 2 {
		t.Fatalf("groups %v", groups)
	}
	n := 0
	for _, g := range groups {
		if !u.library.isBranch(g) {
			t.Errorf("%q is not a branch", g)
		}
		n += len(u.library.children(g))
	}
	if n != 3 {
		t.Errorf("%d credentials under the issuers, want 3", n)
	}
	u.filter.group.SetChecked(false)
	u.filter.grid.SetChecked(true)
	if u.library.view.Objects[0] != u.library.grid || u.library.grid.Length() != 3 {
		t.Fatalf("grid shows %d", u.library.grid.Length())
	}
	u.library.grid.Select(1)
	if u.selected != u.shownIDs[1] {
		t.Error("choosing a picture does not show it")
	}
}

// importThree imports two badges and a record, and sets aside the recovery
// kit's offer.
func importThree(u *UI) {
	u.importPaths([]string{
		filepath.Join(examples, "ob3/validator/simple.json"),
		filepath.Join(examples, "ob3/spec/fullOpenBadge.json"),
		filepath.Join(examples, "clr2/validator/simple.json"),
	})
	u.hideNotice()
}

// Ctrl+click and Shift+click choose several credentials; what is chosen
// can be tagged, archived, presented or trashed at once.
func TestChooseSeveral(t *testing.T) {
	u, win := newTestUI(t)
	importThree(u)
	ids := append([]string(nil), u.shownIDs...)
	u.library.choose(ids[0], 0)
	u.library.choose(ids[2], fyne.KeyModifierControl)
	if len(u.library.chosen) != 2 {
		t.Fatalf("%d chosen after Ctrl+click", len(u.library.chosen))
	}
	mustContain(t, win, "2 credentials chosen", "[Tag…]", "[Archive]", "[Present…]", "[Move to the trash]")
	u.library.choose(ids[0], 0)
	u.library.choose(ids[2], fyne.KeyModifierShift)
	if len(u.library.chosen) != 3 {
		t.Fatalf("%d chosen after Shift+click", len(u.library.chosen))
	}
	test.Tap(button(t, win, "Archive"))
	if len(u.shownIDs) != 0 {
		t.Errorf("%d shown after archiving all three", len(u.shownIDs))
	}
	u.filter.setState(stateArchived)
	u.library.chooseAll()
	if len(u.library.chosen) != 3 {
		t.Errorf("Select all chose %d", len(u.library.chosen))
	}
	u.library.choose(ids[1], 0)
	if len(u.library.chosen) != 0 || u.detail.item == nil {
		t.Error("a click alone does not go back to one")
	}
	// Through a row, as the mouse does it: the keys held, then the tap.
	u.filter.reset()
	r := u.library.create(false).(*row)
	u.library.update(ids[0], false, r)
	r.Tapped(&fyne.PointEvent{})
	u.library.update(ids[1], false, r)
	r.MouseDown(&desktop.MouseEvent{Modifier: fyne.KeyModifierControl})
	r.Tapped(&fyne.PointEvent{})
	if len(u.library.chosen) != 2 || u.selected != ids[1] {
		t.Errorf("Ctrl+click on a row: %d chosen, %q selected", len(u.library.chosen), u.selected)
	}
}
