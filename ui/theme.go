package ui

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
)

// NewTheme returns Learner Wallet's theme: Fyne's default look, with the
// colours of text, status and focus adjusted so that every text colour reaches
// 4.5:1 against the surfaces it is drawn on and a focused control differs
// clearly from an unfocused one, in both the light and the dark variant.
// The variant is still the one the user chose (system setting or FYNE_THEME).
func NewTheme() fyne.Theme { return accessibleTheme{theme.DefaultTheme()} }

// Fyne 2.7 shows focus only by colour: a button blends Focus over its fill, a
// Select and a menu item take Focus as fill, a Check or Radio gets a Focus disc,
// an Entry a Primary border, and a List or Tree row the Hover fill. One Focus
// colour cannot move both a near-white medium button and a saturated coloured
// one by 3:1 while their labels keep 4.5:1, so High, Success, Warning and
// Danger buttons change by only 1.9 to 2.2:1 (light) and 1.0 to 1.3:1 (dark,
// where the change is mostly of hue). The fix is a focus ring drawn outside
// the fill, in Focus on the background, as Fyne's Hyperlink already does.
//
// accessibleTheme wraps Fyne's default theme and overrides only colours; the
// hues are Fyne's, the lightness is moved until the contrasts hold. The ratios
// are checked, colour pair by colour pair, in theme_test.go.
type accessibleTheme struct{ fyne.Theme }

// A palette holds the colours one variant overrides; a nil entry keeps Fyne's.
type palette map[fyne.ThemeColorName]color.Color

var (
	lightPalette = palette{
		// Darker than Fyne's #565656 so that focused controls, whose fill must
		// darken 3:1 to be seen, still carry 4.5:1 text.
		theme.ColorNameForeground:  rgb(0x17, 0x17, 0x17),
		theme.ColorNamePlaceHolder: rgb(0x6b, 0x6b, 0x6b),
		theme.ColorNameDisabled:    rgb(0x6b, 0x6b, 0x6b),
		theme.ColorNamePrimary:     rgb(0x1a, 0x5e, 0xd3),
		theme.ColorNameHyperlink:   rgb(0x1a, 0x5e, 0xd3),
		theme.ColorNameSuccess:     rgb(0x2b, 0x7a, 0x2f),
		theme.ColorNameWarning:     rgb(0xa8, 0x4c, 0x00),
		theme.ColorNameError:       rgb(0xc6, 0x28, 0x28),
		// White text on the (now darker) primary, success, warning and error fills.
		theme.ColorNameForegroundOnPrimary: rgb(0xff, 0xff, 0xff),
		theme.ColorNameForegroundOnSuccess: rgb(0xff, 0xff, 0xff),
		theme.ColorNameForegroundOnWarning: rgb(0xff, 0xff, 0xff),
		theme.ColorNameForegroundOnError:   rgb(0xff, 0xff, 0xff),
		// Fyne blends Focus over a button's fill and paints it as the fill of
		// a focused Select or menu item and behind a focused Check: a dark
		// navy veil darkens any of them by 3:1 and more.
		theme.ColorNameFocus: color.NRGBA{R: 0x00, G: 0x10, B: 0x3a, A: 0x81},
		// List and Tree draw their keyboard-focused row with Hover, so Hover
		// is stronger than Fyne's, though lighter than Focus so that the
		// pointer's button is not mistaken for the focused one.
		theme.ColorNameHover:     color.NRGBA{R: 0x00, G: 0x10, B: 0x3a, A: 0x38},
		theme.ColorNameSelection: color.NRGBA{R: 0x1a, G: 0x5e, B: 0xd3, A: 0x40},
		// The outline of an entry and of an unchecked box: 3:1 against the
		// surfaces, so that one can see where to type or tick (Fyne's
		// #e3e3e3 is 1.3:1). A focused entry's Primary border then differs
		// from it by less than 3:1; its caret also shows the focus.
		theme.ColorNameInputBorder: rgb(0x8a, 0x8a, 0x8a),
	}
	darkPalette = palette{
		theme.ColorNameForeground:  rgb(0xff, 0xff, 0xff),
		theme.ColorNamePlaceHolder: rgb(0xb2, 0xb2, 0xb2),
		theme.ColorNameDisabled:    rgb(0x94, 0x94, 0x94),
		theme.ColorNamePrimary:     rgb(0x5a, 0x91, 0xf8),
		theme.ColorNameHyperlink:   rgb(0x5a, 0x91, 0xf8),
		theme.ColorNameSuccess:     rgb(0x43, 0xf4, 0x36),
		theme.ColorNameWarning:     rgb(0xff, 0x98, 0x00),
		theme.ColorNameError:       rgb(0xff, 0x66, 0x59),
		// Dark text on the light primary, success, warning and error fills.
		theme.ColorNameForegroundOnPrimary: rgb(0x17, 0x17, 0x18),
		theme.ColorNameForegroundOnSuccess: rgb(0x17, 0x17, 0x18),
		theme.ColorNameForegroundOnWarning: rgb(0x17, 0x17, 0x18),
		theme.ColorNameForegroundOnError:   rgb(0x17, 0x17, 0x18),
		// A pale blue veil lightens a focused control by 3:1 and more.
		theme.ColorNameFocus:       color.NRGBA{R: 0x9c, G: 0xc0, B: 0xff, A: 0x81},
		theme.ColorNameHover:       color.NRGBA{R: 0x9c, G: 0xc0, B: 0xff, A: 0x38},
		theme.ColorNameSelection:   color.NRGBA{R: 0x5a, G: 0x91, B: 0xf8, A: 0x50},
		theme.ColorNameInputBorder: rgb(0x73, 0x73, 0x73),
	}
)

// Color returns the adjusted colour for the variant asked for, else Fyne's.
func (t accessibleTheme) Color(n fyne.ThemeColorName, v fyne.ThemeVariant) color.Color {
	p := lightPalette
	if v == theme.VariantDark {
		p = darkPalette
	}
	if c, ok := p[n]; ok {
		return c
	}
	return t.Theme.Color(n, v)
}

func rgb(r, g, b uint8) color.NRGBA { return color.NRGBA{R: r, G: g, B: b, A: 0xff} }
