package ui

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// prefAppearance is the app preference for light or dark: "" follows the
// system.
const prefAppearance = "appearance"

// Appearances, as stored.
const (
	appearanceSystem = ""
	appearanceLight  = "light"
	appearanceDark   = "dark"
)

// ApplyAppearance gives the app the accessible theme, light or dark as the
// learner chose (the system's choice by default).
func ApplyAppearance(a fyne.App) {
	t := NewTheme()
	switch a.Preferences().String(prefAppearance) {
	case appearanceLight:
		t = forcedVariant{t, theme.VariantLight}
	case appearanceDark:
		t = forcedVariant{t, theme.VariantDark}
	}
	a.Settings().SetTheme(t)
}

// forcedVariant is a theme always in one variant, whatever the system says.
type forcedVariant struct {
	fyne.Theme
	v fyne.ThemeVariant
}

// Color implements fyne.Theme.
func (f forcedVariant) Color(n fyne.ThemeColorName, _ fyne.ThemeVariant) color.Color {
	return f.Theme.Color(n, f.v)
}

// newAppearanceChoice is the Settings choice of light or dark; it applies
// at once.
func (u *UI) newAppearanceChoice() fyne.CanvasObject {
	p := u.app.Preferences()
	codes := []string{appearanceSystem, appearanceLight, appearanceDark}
	names := []string{lang.L("As the system is"), lang.L("Light"), lang.L("Dark")}
	choice := widget.NewSelect(names, nil)
	for i, c := range codes {
		if c == p.String(prefAppearance) {
			choice.SetSelectedIndex(i)
		}
	}
	choice.OnChanged = func(string) {
		if i := choice.SelectedIndex(); i >= 0 {
			p.SetString(prefAppearance, codes[i])
			ApplyAppearance(u.app)
		}
	}
	return container.NewHBox(choice)
}
