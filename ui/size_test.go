package ui

import (
	"testing"
)

// The window fits a 1366×768 screen at scale 1, and a 2560×1440 one at
// scale 2 (1280×720 in Fyne's units), with the library shown, with a
// credential open and with Settings open.
func TestWindowFitsSmallScreens(t *testing.T) {
	u, win := newTestUI(t)
	importThree(u)
	u.selectItem(u.topIDs[0])
	check := func(state string) {
		t.Helper()
		min := win.Content().MinSize()
		if min.Width > 1280 || min.Height > 720 {
			t.Errorf("%s: the window needs at least %.0f×%.0f, more than 1280×720", state, min.Width, min.Height)
		}
	}
	check("library")
	u.showSettings()
	check("settings")
}
