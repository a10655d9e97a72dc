package ui

import (
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
)

// Fyne does not scroll to the widget that takes the keyboard: Tab through
// a long transcript and the focus goes out of sight. The window watches
// the focus (five times a second, on the UI goroutine) and scrolls the
// scroll containers that follow it so that the focused widget shows.

// followed is a scroll container that follows the focus, while depth
// dialogs are shown over the window (0: the window itself).
type followed struct {
	scroll *container.Scroll
	depth  int
}

// follow makes s follow the focus while depth dialogs are shown.
func (u *UI) follow(s *container.Scroll, depth int) {
	u.followed = append(u.followed, followed{s, depth})
}

// followFocus starts watching the focus, for as long as the app runs.
func (u *UI) followFocus() {
	go func() {
		for range time.Tick(200 * time.Millisecond) {
			fyne.Do(u.scrollToFocus)
		}
	}()
}

// scrollToFocus scrolls, when the focus moved, the followed scroll whose
// content holds the focused widget so that the widget shows.
func (u *UI) scrollToFocus() {
	c := u.win.Canvas()
	f := c.Focused()
	if f == nil || f == u.lastFocus {
		return
	}
	u.lastFocus = f
	obj, ok := f.(fyne.CanvasObject)
	if !ok {
		return
	}
	depth := len(c.Overlays().List())
	d := fyne.CurrentApp().Driver()
	fp, fs := d.AbsolutePositionForObject(obj), obj.Size()
	for _, fl := range u.followed {
		s := fl.scroll
		if fl.depth != depth || !s.Visible() || s.Content == nil {
			continue
		}
		sp, ss := d.AbsolutePositionForObject(s), s.Size()
		// Where the widget is in the content, which starts Offset above
		// the scroll's top.
		x, y := fp.X-sp.X+s.Offset.X, fp.Y-sp.Y+s.Offset.Y
		cs := s.Content.Size()
		if x < 0 || y < 0 || x > cs.Width || y > cs.Height || fp.X < sp.X || fp.X > sp.X+ss.Width {
			continue
		}
		const margin = 12
		switch {
		case y < s.Offset.Y:
			s.Offset.Y = max(0, y-margin)
		case y+fs.Height > s.Offset.Y+ss.Height:
			s.Offset.Y = min(cs.Height-ss.Height, y+fs.Height-ss.Height+margin)
		default:
			continue
		}
		s.Refresh()
		return
	}
}
