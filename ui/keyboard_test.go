package ui

import (
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
)

// TestRingButtonFocus: a coloured button shows a ring while it has the
// keyboard focus, reached by Tab, and is one Tab stop, tapped by Space.
func TestRingButtonFocus(t *testing.T) {
	test.NewTempApp(t)
	tapped := 0
	b := newRingButton("Present", nil, func() { tapped++ })
	b.Importance = widget.HighImportance
	other := widget.NewButton("Other", nil)
	w := test.NewWindow(container.NewVBox(other, b))
	defer w.Close()
	w.Resize(fyne.NewSize(300, 200))
	r := test.WidgetRenderer(b).(*ringRenderer)
	if !r.ring.Hidden {
		t.Fatal("the ring shows without focus")
	}
	c := w.Canvas()
	c.FocusNext() // Other
	c.FocusNext() // the ring button
	if c.Focused() != b {
		t.Fatalf("Tab reached %T, want the ring button", c.Focused())
	}
	if r.ring.Hidden || r.ring.StrokeWidth == 0 {
		t.Error("no ring on the focused button")
	}
	if p := r.ring.Position(); p.X >= 0 || p.Y >= 0 {
		t.Errorf("the ring is at %v, not around the button", p)
	}
	b.TypedKey(&fyne.KeyEvent{Name: fyne.KeySpace})
	if tapped != 1 {
		t.Errorf("Space tapped it %d times", tapped)
	}
	c.FocusNext()
	if c.Focused() == b || !r.ring.Hidden {
		t.Error("the ring stays after the focus left")
	}
}

// TestLibraryByKeyboard: typing a search, then Down, goes to what it found
// and shows it; Down and Up move through the rows shown, even after a
// search hid the row the list was on; Right goes into a record.
func TestLibraryByKeyboard(t *testing.T) {
	u, win := newTestUI(t)
	u.importPaths([]string{generated + "/clr-20-courses-signed.json", generated + "/badge-teamwork-signed.json", generated + "/badge-vcdm11-signed.json"})
	c := win.Canvas()
	c.Focus(u.library.tree)
	u.library.tree.TypedKey(&fyne.KeyEvent{Name: fyne.KeyEnd})
	last := u.selected
	if last == "" || last != u.shownIDs[len(u.shownIDs)-1] {
		t.Fatalf("End went to %q, want the last of %v", last, u.shownIDs)
	}
	c.Focus(u.filter.search)
	test.Type(u.filter.search, "teamwork")
	if len(u.shownIDs) != 1 {
		t.Fatalf("the search found %d", len(u.shownIDs))
	}
	u.filter.search.TypedKey(&fyne.KeyEvent{Name: fyne.KeyDown})
	if c.Focused() != u.library.tree || u.selected != u.shownIDs[0] {
		t.Fatalf("Down from the search: focus %T, shown %q, want %q", c.Focused(), u.selected, u.shownIDs[0])
	}
	if u.detail.item == nil || u.detail.item.ID != u.shownIDs[0] {
		t.Error("the detail does not show what was found")
	}
	u.filter.search.SetText("")
	for _, id := range u.shownIDs {
		if len(u.item(id).Children) > 0 {
			u.selectItem(id)
		}
	}
	record := u.selected
	u.library.tree.TypedKey(&fyne.KeyEvent{Name: fyne.KeyRight})
	if u.item(u.selected).Parent != record {
		t.Errorf("Right on the record went to %q, not into it", u.selected)
	}
	u.library.tree.TypedKey(&fyne.KeyEvent{Name: fyne.KeyDown})
	if u.item(u.selected).Parent != record || u.selected == u.item(record).Children[0] {
		t.Errorf("Down in the record went to %q", u.selected)
	}
	u.library.tree.TypedKey(&fyne.KeyEvent{Name: fyne.KeyLeft})
	if u.selected != record {
		t.Errorf("Left went to %q, not back to the record", u.selected)
	}
}

// TestEscapeClosesTheTopDialog: Escape typed on a focused button closes the
// dialog the button is in, not the one under it; Enter presses a button.
func TestEscapeClosesTheTopDialog(t *testing.T) {
	u, win := newTestUI(t)
	under := dialog.NewCustom("Under", "Close", widget.NewLabel("under"), win)
	u.showEscapable(under)
	pressed := 0
	b := newRingButton("Press", nil, func() { pressed++ })
	top := dialog.NewCustom("Top", "Close", b, win)
	u.showEscapable(top)
	win.Canvas().Focus(b)
	b.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	if pressed != 1 {
		t.Errorf("Enter pressed the button %d times", pressed)
	}
	b.TypedKey(&fyne.KeyEvent{Name: fyne.KeyEscape})
	if overlays := win.Canvas().Overlays().List(); len(overlays) != 1 {
		t.Fatalf("%d dialogs left after Escape, want the one under", len(overlays))
	}
	win.Canvas().OnTypedKey()(&fyne.KeyEvent{Name: fyne.KeyEscape})
	if overlays := win.Canvas().Overlays().List(); len(overlays) != 0 {
		t.Fatalf("%d dialogs left after a second Escape", len(overlays))
	}
	if u.win.Canvas().OnTypedKey() == nil {
		t.Error("the window's own keys were not given back")
	}
}

// TestDetailFollowsFocus: when the keyboard reaches a widget out of sight
// in a long transcript, the detail scrolls to show it, and back up.
func TestDetailFollowsFocus(t *testing.T) {
	u, win := newTestUI(t)
	u.importPaths([]string{generated + "/clr-20-courses-signed.json"})
	u.selectItem(u.shownIDs[0])
	test.LaidOutObjects(win.Content())
	var focusable []fyne.Focusable
	for _, o := range test.LaidOutObjects(u.detail.content) {
		if f, ok := o.(*ringButton); ok && f.Visible() {
			focusable = append(focusable, f)
		}
	}
	if len(focusable) < 2 {
		t.Fatalf("%d buttons in the detail", len(focusable))
	}
	s := u.detail.content
	d := fyne.CurrentApp().Driver()
	inSight := func(f fyne.Focusable) bool {
		o := f.(fyne.CanvasObject)
		pos, top := d.AbsolutePositionForObject(o), d.AbsolutePositionForObject(s)
		return pos.Y >= top.Y && pos.Y+o.Size().Height <= top.Y+s.Size().Height+1
	}
	last := focusable[len(focusable)-1]
	if inSight(last) {
		t.Fatal("the last button is in sight already: the test needs a longer detail")
	}
	win.Canvas().Focus(last)
	u.scrollToFocus()
	if !inSight(last) || s.Offset.Y == 0 {
		t.Errorf("focused out of sight, the detail scrolled to %v", s.Offset)
	}
	win.Canvas().Focus(focusable[0])
	u.scrollToFocus()
	if !inSight(focusable[0]) {
		t.Errorf("back to the first button, the detail stays at %v", s.Offset)
	}
}

// TestPresentFromRecord: "Present courses from this record…" opens the
// record's courses with none chosen; Present… starts with the credential
// shown only when the list shows it.
func TestPresentFromRecord(t *testing.T) {
	u, _ := newTestUI(t)
	u.importPaths([]string{generated + "/clr-20-courses-signed.json", generated + "/badge-teamwork-signed.json"})
	var record string
	for _, id := range u.shownIDs {
		if len(u.item(id).Children) > 0 {
			record = id
		}
	}
	p := u.presentFrom(record)
	if len(p.chosen) != 0 || !p.tree.IsBranchOpen(record) {
		t.Errorf("chosen %v, record open %v", p.chosen, p.tree.IsBranchOpen(record))
	}
	p.dlg.Hide()
	u.selectItem(record)
	if got := u.shownSelected(); len(got) != 1 || got[0] != record {
		t.Errorf("shown and selected: %v", got)
	}
	u.filter.search.SetText("teamwork")
	if got := u.shownSelected(); len(got) != 0 {
		t.Errorf("a record the search hides starts Present…: %v", got)
	}
}
