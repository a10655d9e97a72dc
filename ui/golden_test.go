package ui

import (
	"path/filepath"
	"testing"

	"fyne.io/fyne/v2/test"
)

// Markup goldens of the screens and states not drawn elsewhere: a record
// read as a transcript, the filtered library with nothing found, Settings'
// Network and Backups tabs, the trash, Present… and the shortcuts page.
// A change to any screen shows here as a diff to look at; the window's
// pictures are in assets/screenshots.
func TestScreensRender(t *testing.T) {
	// One credential: rows that tie on every order would otherwise come in
	// the order of their random ids.
	u, win := newTestUI(t)
	u.importPaths([]string{filepath.Join(examples, "clr2/validator/simple.json")})
	u.hideNotice()
	u.selectItem(u.topIDs[0])
	test.AssertRendersToMarkup(t, "transcript.xml", win.Canvas())

	test.Type(u.filter.search, "nothing like this")
	test.AssertRendersToMarkup(t, "nothing-found.xml", win.Canvas())
	u.filter.reset()

	u.showSettingsAt(tabNetwork)
	test.AssertRendersToMarkup(t, "settings-network.xml", win.Canvas())
	test.Tap(button(t, win, "Close"))
	u.showSettingsAt(tabBackups)
	test.AssertRendersToMarkup(t, "settings-backups.xml", win.Canvas())
	test.Tap(button(t, win, "Close"))

	u.selectItem(u.topIDs[0])
	test.Tap(button(t, win, "Delete"))
	u.hideNotice()
	u.showTrash()
	test.AssertRendersToMarkup(t, "trash.xml", win.Canvas())
	test.Tap(button(t, win, "Close"))

	u.present()
	test.AssertRendersToMarkup(t, "present-choose.xml", win.Canvas())
	test.Tap(button(t, win, "Cancel"))

	u.showShortcuts()
	test.AssertRendersToMarkup(t, "shortcuts.xml", win.Canvas())
}
