package ui

import (
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
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
