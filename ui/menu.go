package ui

import (
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/lang"

	"github.com/learnerwallet/learnerwallet/wallet"
)

// command is one thing the window does: in the main menu and, with a key,
// on the keyboard. Menus and shortcuts come from the same list, so every
// shortcut is shown where it is done.
type command struct {
	label string
	key   fyne.KeyName // "" when none
	shift bool
	do    func()
}

// menus lists the main menu's commands, menu by menu.
func (u *UI) menus() []struct {
	title string
	cmds  []command
} {
	type menu = struct {
		title string
		cmds  []command
	}
	return []menu{
		{lang.L("File"), []command{
			{label: lang.L("Import…"), key: fyne.KeyI, do: u.pickFiles},
			{label: lang.L("Receive from an issuer…"), key: fyne.KeyR, do: u.showReceive},
			{label: lang.L("Connect to a provider…"), do: u.showConnections},
			{label: lang.L("Paste a credential"), do: u.pasteImport},
			{},
			{label: lang.L("Present…"), key: fyne.KeyP, do: func() { u.present(u.shownSelected()...) }},
			{label: lang.L("Check a presentation…"), key: fyne.KeyK, do: u.openPresentation},
			{label: lang.L("Respond to a request…"), key: fyne.KeyP, shift: true, do: u.showRespond},
			{},
			{label: lang.L("Back up…"), key: fyne.KeyB, do: func() { u.showBackup() }},
			{label: lang.L("Restore…"), do: u.showRestore},
			{label: lang.L("Export all…"), do: u.exportAll},
		}},
		{lang.L("Edit"), []command{
			{label: lang.L("Find"), key: fyne.KeyF, do: u.focusSearch},
			{label: lang.L("Select all"), do: u.library.chooseAll},
			{label: lang.L("Delete"), do: u.trashSelected},
			{},
			{label: lang.L("Your identities…"), do: u.showIdentities},
			{label: lang.L("Settings…"), key: fyne.KeyComma, do: u.showSettings},
		}},
		{lang.L("View"), []command{
			{label: lang.L("Everything"), key: fyne.KeyE, do: u.filter.reset},
			{label: lang.L("Archived"), do: func() { u.filter.setState(stateArchived) }},
			{label: lang.L("Trash…"), do: u.showTrash},
			{label: lang.L("Sharing log"), do: u.showShareLog},
		}},
		{lang.L("Help"), []command{
			{label: lang.L("Keyboard shortcuts"), do: u.showShortcuts},
		}},
	}
}

// shortcut is a command's key with the platform's modifier (Ctrl, or Cmd
// on macOS).
func (c command) shortcut() *desktop.CustomShortcut {
	if c.key == "" {
		return nil
	}
	mod := fyne.KeyModifierShortcutDefault
	if c.shift {
		mod |= fyne.KeyModifierShift
	}
	return &desktop.CustomShortcut{KeyName: c.key, Modifier: mod}
}

// unlessDialog is do, doing nothing while a dialog is open: a shortcut
// typed in a dialog must not act on the window behind it.
func (u *UI) unlessDialog(do func()) func() {
	return func() {
		if u.win.Canvas().Overlays().Top() != nil {
			return
		}
		do()
	}
}

// addMenus gives the window its main menu and its shortcuts.
func (u *UI) addMenus() {
	c := u.win.Canvas()
	var menus []*fyne.Menu
	for _, m := range u.menus() {
		var items []*fyne.MenuItem
		for _, cmd := range m.cmds {
			if cmd.label == "" {
				items = append(items, fyne.NewMenuItemSeparator())
				continue
			}
			item := fyne.NewMenuItem(cmd.label, u.unlessDialog(cmd.do))
			// Fyne runs a main-menu item's shortcut itself.
			if s := cmd.shortcut(); s != nil {
				item.Shortcut = s
			}
			items = append(items, item)
		}
		menus = append(menus, fyne.NewMenu(m.title, items...))
	}
	// Ctrl+A chooses every credential shown, when no text field has the
	// keyboard (then it selects the field's text, as everywhere).
	c.AddShortcut(&fyne.ShortcutSelectAll{}, func(fyne.Shortcut) { u.unlessDialog(u.library.chooseAll)() })
	// Ctrl+O too, as in most programs.
	c.AddShortcut(&desktop.CustomShortcut{KeyName: fyne.KeyO, Modifier: fyne.KeyModifierShortcutDefault}, func(fyne.Shortcut) { u.unlessDialog(u.pickFiles)() })
	u.win.SetMainMenu(fyne.NewMainMenu(menus...))
}

// focusSearch puts the keyboard in the library's search.
func (u *UI) focusSearch() {
	if u.body.Objects[0] == u.split {
		u.win.Canvas().Focus(u.filter.search)
	}
}

// trashSelected moves the selected credential to the trash (Edit ›
// Delete, or the Delete key in the library).
func (u *UI) trashSelected() {
	if it, ok := u.itemOK(u.selected); ok && it.Parent == "" {
		u.trashItems([]wallet.Item{it})
	}
}

// keysText names the keys of a shortcut as people write them: "Ctrl+I",
// "Ctrl+Shift+E".
func keysText(s *desktop.CustomShortcut) string {
	var b strings.Builder
	for _, m := range []struct {
		mod  fyne.KeyModifier
		name string
	}{{fyne.KeyModifierControl, "Ctrl"}, {fyne.KeyModifierSuper, "Cmd"}, {fyne.KeyModifierAlt, "Alt"}, {fyne.KeyModifierShift, "Shift"}} {
		if s.Modifier&m.mod != 0 {
			b.WriteString(m.name + "+")
		}
	}
	return b.String() + string(s.KeyName)
}

// showShortcuts lists the keyboard shortcuts.
func (u *UI) showShortcuts() {
	var b strings.Builder
	for _, m := range u.menus() {
		for _, cmd := range m.cmds {
			if s := cmd.shortcut(); s != nil {
				b.WriteString(keysText(s) + "\t" + strings.TrimSuffix(cmd.label, "…") + "\n")
			}
		}
	}
	b.WriteString(lang.L("Delete\tMove the selected credential to the trash") + "\n")
	b.WriteString(lang.L("Ctrl+A\tChoose every credential shown; Ctrl+click and Shift+click choose several") + "\n")
	b.WriteString(lang.L("Escape\tClose a dialog; in the search, clear it") + "\n")
	b.WriteString(lang.L("Tab, Shift+Tab\tMove between controls; Space or Enter presses a button") + "\n")
	b.WriteString(lang.L("Down or Enter in the search\tGo to what it found; Up, Down, Home, End move in the list, Right opens a record") + "\n")
	b.WriteString(lang.L("F1\tThese shortcuts") + "\n")
	d := u.showText(lang.L("Keyboard shortcuts"), b.String())
	d.Resize(fyne.NewSize(720, 600)) // every line at once: the keyboard cannot scroll a label
}
