package ui

import (
	"flag"
	"fmt"
	"image"
	"image/color"
	"image/draw"
	"image/png"
	"math"
	"os"
	"path/filepath"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

var themePNG = flag.String("theme-png", "", "write the focus test's pictures (theme-light.png, theme-dark.png) to this folder")

// luminance is the WCAG 2.x relative luminance of an opaque colour.
func luminance(c color.Color) float64 {
	r, g, b, _ := c.RGBA()
	lin := func(v uint32) float64 {
		s := float64(v) / 0xffff
		if s <= 0.04045 {
			return s / 12.92
		}
		return math.Pow((s+0.055)/1.055, 2.4)
	}
	return 0.2126*lin(r) + 0.7152*lin(g) + 0.0722*lin(b)
}

// contrast is the WCAG 2.x contrast ratio of two opaque colours, 1 to 21.
func contrast(a, b color.Color) float64 {
	la, lb := luminance(a), luminance(b)
	if la < lb {
		la, lb = lb, la
	}
	return (la + 0.05) / (lb + 0.05)
}

// over composites c (maybe translucent) over the opaque bg, the way Fyne's
// painters and its button blend do.
func over(c, bg color.Color) color.Color {
	sr, sg, sb, sa := c.RGBA()
	dr, dg, db, _ := bg.RGBA()
	k := 1 - float64(sa)/0xffff
	mix := func(s, d uint32) uint16 { return uint16(float64(s) + float64(d)*k) }
	return color.RGBA64{R: mix(sr, dr), G: mix(sg, dg), B: mix(sb, db), A: 0xffff}
}

// A swatch names how a surface or a text colour is made from theme colours.
type swatch struct {
	name string
	of   func(col func(fyne.ThemeColorName) color.Color) color.Color
}

func named(n fyne.ThemeColorName) swatch {
	return swatch{string(n), func(col func(fyne.ThemeColorName) color.Color) color.Color { return col(n) }}
}

// veiled is colour top composited over the surface under.
func veiled(top fyne.ThemeColorName, under swatch) swatch {
	return swatch{string(top) + " over " + under.name, func(col func(fyne.ThemeColorName) color.Color) color.Color {
		return over(col(top), under.of(col))
	}}
}

type contrastCase struct {
	fg, bg swatch
	min    float64
}

// contrastCases lists every pair the theme promises, with its minimum ratio.
func contrastCases() []contrastCase {
	bgs := []swatch{
		named(theme.ColorNameBackground), named(theme.ColorNameInputBackground),
		named(theme.ColorNameMenuBackground), named(theme.ColorNameOverlayBackground),
	}
	var cases []contrastCase
	// Text on every surface.
	for _, fg := range []fyne.ThemeColorName{
		theme.ColorNameForeground, theme.ColorNamePlaceHolder, theme.ColorNameDisabled, theme.ColorNamePrimary,
		theme.ColorNameHyperlink, theme.ColorNameSuccess, theme.ColorNameWarning, theme.ColorNameError,
	} {
		for _, bg := range bgs {
			cases = append(cases, contrastCase{named(fg), bg, 4.5})
		}
	}
	button := named(theme.ColorNameButton)
	cases = append(cases,
		// Button labels, enabled and disabled.
		contrastCase{named(theme.ColorNameForeground), button, 4.5},
		contrastCase{named(theme.ColorNameDisabled), named(theme.ColorNameDisabledButton), 4.5},
		contrastCase{named(theme.ColorNameForegroundOnPrimary), named(theme.ColorNamePrimary), 4.5},
		contrastCase{named(theme.ColorNameForegroundOnSuccess), named(theme.ColorNameSuccess), 4.5},
		contrastCase{named(theme.ColorNameForegroundOnWarning), named(theme.ColorNameWarning), 4.5},
		contrastCase{named(theme.ColorNameForegroundOnError), named(theme.ColorNameError), 4.5},
		// Rows: selected (Selection) and hovered or keyboard-focused (Hover).
		contrastCase{named(theme.ColorNameForeground), veiled(theme.ColorNameSelection, bgs[0]), 4.5},
		contrastCase{named(theme.ColorNameForeground), veiled(theme.ColorNameHover, bgs[0]), 4.5},
	)
	// Focus. A focused button is its fill with Focus blended over it; a
	// focused Select or menu item is filled with Focus; a focused Check or
	// Radio has a Focus disc behind its box; a focused Entry has a Primary
	// border instead of an InputBorder one. Each must differ 3:1 from the
	// unfocused look, and the text must still read.
	for _, bg := range append([]swatch{button}, bgs...) {
		cases = append(cases,
			contrastCase{veiled(theme.ColorNameFocus, bg), bg, 3},
			contrastCase{named(theme.ColorNameForeground), veiled(theme.ColorNameFocus, bg), 4.5},
		)
	}
	cases = append(cases,
		contrastCase{named(theme.ColorNameForeground), veiled(theme.ColorNameFocus, bgs[0]), 4.5}, // Check, Radio
		contrastCase{veiled(theme.ColorNameFocus, bgs[0]), named(theme.ColorNameInputBackground), 3},
		contrastCase{named(theme.ColorNamePrimary), named(theme.ColorNameInputBackground), 3},
	)
	// Where to type and what to tick: an entry's and an unchecked box's
	// outline against every surface.
	for _, bg := range bgs {
		cases = append(cases, contrastCase{named(theme.ColorNameInputBorder), bg, 3})
	}
	for _, fill := range []struct{ fill, text fyne.ThemeColorName }{
		{theme.ColorNamePrimary, theme.ColorNameForegroundOnPrimary},
		{theme.ColorNameSuccess, theme.ColorNameForegroundOnSuccess},
		{theme.ColorNameWarning, theme.ColorNameForegroundOnWarning},
		{theme.ColorNameError, theme.ColorNameForegroundOnError},
	} {
		cases = append(cases, contrastCase{named(fill.text), veiled(theme.ColorNameFocus, named(fill.fill)), 4.5})
	}
	return cases
}

// fyneLimitCases are focus states that Fyne draws by a colour change that
// cannot reach 3:1 without breaking a 4.5:1 text contrast: a coloured button
// (its focused fill must stay readable under the same On* text, so in the
// dark variant, where the fills are light, a veil light enough for the
// medium button hardly moves them) and a List or Tree row (drawn with Hover,
// which the pointer also shows). They are held to the floors they reach
// today (light, dark) so they do not fade back unnoticed; the real fix is a
// focus ring, see theme.go.
func fyneLimitCases() []limitCase {
	var cases []limitCase
	for _, fill := range []struct {
		name        fyne.ThemeColorName
		light, dark float64
	}{
		{theme.ColorNamePrimary, 1.8, 1.25},
		{theme.ColorNameSuccess, 1.8, 1.1},
		{theme.ColorNameWarning, 1.8, 1},
		{theme.ColorNameError, 1.8, 1.1},
	} {
		cases = append(cases, limitCase{veiled(theme.ColorNameFocus, named(fill.name)), named(fill.name), fill.light, fill.dark})
	}
	bg := named(theme.ColorNameBackground)
	return append(cases, limitCase{veiled(theme.ColorNameHover, bg), bg, 1.5, 1.5},
		// A focused entry's border (Primary) against an unfocused one's: the
		// outline reads 3:1 on every surface instead (contrastCases).
		limitCase{named(theme.ColorNamePrimary), named(theme.ColorNameInputBorder), 1.6, 1.5})
}

type limitCase struct {
	fg, bg      swatch
	light, dark float64
}

// fixedVariant shows a theme in one variant whatever the app settings say,
// as theme.LightTheme and theme.DarkTheme do.
type fixedVariant struct {
	fyne.Theme
	v fyne.ThemeVariant
}

func (f fixedVariant) Color(n fyne.ThemeColorName, _ fyne.ThemeVariant) color.Color {
	return f.Theme.Color(n, f.v)
}

var variants = []struct {
	name string
	v    fyne.ThemeVariant
}{{"light", theme.VariantLight}, {"dark", theme.VariantDark}}

func TestThemeContrast(t *testing.T) {
	test.NewTempApp(t) // the default theme reads the app's primary colour
	th := NewTheme()
	for _, vr := range variants {
		col := func(n fyne.ThemeColorName) color.Color { return th.Color(n, vr.v) }
		for _, c := range contrastCases() {
			got := contrast(c.fg.of(col), c.bg.of(col))
			name := fmt.Sprintf("%s/%s on %s", vr.name, c.fg.name, c.bg.name)
			if got < c.min {
				t.Errorf("%s: %.2f:1, want at least %.1f:1", name, got, c.min)
			} else if testing.Verbose() {
				t.Logf("%s: %.2f:1", name, got)
			}
		}
		for _, c := range fyneLimitCases() {
			got := contrast(c.fg.of(col), c.bg.of(col))
			floor := c.light
			if vr.v == theme.VariantDark {
				floor = c.dark
			}
			name := fmt.Sprintf("%s/%s against %s", vr.name, c.fg.name, c.bg.name)
			if got < floor {
				t.Errorf("%s: %.2f:1, want at least %.2f:1", name, got, floor)
			} else {
				t.Logf("%s: %.2f:1 (below 3:1, a Fyne limit: see fyneLimitCases)", name, got)
			}
		}
	}
}

// TestThemeKeepsFyneForOtherColours checks the theme overrides colours only.
func TestThemeKeepsFyneForOtherColours(t *testing.T) {
	test.NewTempApp(t)
	th, def := NewTheme(), theme.DefaultTheme()
	for _, vr := range variants {
		if got, want := th.Color(theme.ColorNameBackground, vr.v), def.Color(theme.ColorNameBackground, vr.v); got != want {
			t.Errorf("%s background = %v, want Fyne's %v", vr.name, got, want)
		}
	}
	if th.Size(theme.SizeNameText) != def.Size(theme.SizeNameText) || th.Icon(theme.IconNameHome) != def.Icon(theme.IconNameHome) {
		t.Error("sizes or icons differ from Fyne's")
	}
}

// focusSamples are the controls whose focused look TestThemeFocusVisible checks.
func focusSamples() []struct {
	name    string
	make    func() (fyne.CanvasObject, fyne.Focusable)
	limited bool
} {
	button := func(i widget.Importance) func() (fyne.CanvasObject, fyne.Focusable) {
		return func() (fyne.CanvasObject, fyne.Focusable) {
			b := widget.NewButton("Import…", func() {})
			b.Importance = i
			return b, b
		}
	}
	list := func() (fyne.CanvasObject, fyne.Focusable) {
		l := widget.NewList(func() int { return 2 }, func() fyne.CanvasObject { return widget.NewLabel("Transcript") },
			func(widget.ListItemID, fyne.CanvasObject) {})
		return l, l
	}
	tree := func() (fyne.CanvasObject, fyne.Focusable) {
		tr := widget.NewTreeWithStrings(map[string][]string{"": {"Record", "Badge"}})
		return tr, tr
	}
	type sample = struct {
		name    string
		make    func() (fyne.CanvasObject, fyne.Focusable)
		limited bool
	}
	return []sample{
		{"medium button", button(widget.MediumImportance), false},
		{"high button", button(widget.HighImportance), true},
		{"low button", button(widget.LowImportance), false},
		{"success button", button(widget.SuccessImportance), true},
		{"warning button", button(widget.WarningImportance), true},
		{"danger button", button(widget.DangerImportance), true},
		{"entry", func() (fyne.CanvasObject, fyne.Focusable) {
			e := widget.NewEntry()
			e.SetPlaceHolder("Search")
			return e, e
		}, false},
		{"check", func() (fyne.CanvasObject, fyne.Focusable) { c := widget.NewCheck("Pinned", nil); return c, c }, false},
		{"select", func() (fyne.CanvasObject, fyne.Focusable) {
			s := widget.NewSelect([]string{"Newest first"}, nil)
			s.SetSelected("Newest first")
			return s, s
		}, false},
		{"list", list, false},
		{"tree", tree, false},
	}
}

// TestThemeFocusVisible renders each control unfocused and focused with the
// theme and requires a clear change of pixels between the two. With
// -theme-png=DIR it writes the pairs side by side, one picture per variant.
func TestThemeFocusVisible(t *testing.T) {
	const w, h = 160, 48
	for _, vr := range variants {
		a := test.NewTempApp(t)
		a.Settings().SetTheme(fixedVariant{NewTheme(), vr.v})
		samples := focusSamples()
		sheet := image.NewNRGBA(image.Rect(0, 0, 2*w, len(samples)*h))
		for i, s := range samples {
			obj, f := s.make()
			win := test.NewTempWindow(t, container.NewPadded(obj))
			win.Resize(fyne.NewSize(w, h))
			before := win.Canvas().Capture()
			win.Canvas().Focus(f)
			after := win.Canvas().Capture()
			changed, most := compareCaptures(before, after)
			t.Logf("%s %s: %d pixels changed by 1.25:1 or more, the most by %.2f:1", vr.name, s.name, changed, most)
			// Coloured buttons are a Fyne limit (see fyneLimitCases): logged only.
			if !s.limited && (changed < 60 || most < 1.5) {
				t.Errorf("%s %s: focus barely visible (%d pixels changed by 1.25:1, at most %.2f:1)",
					vr.name, s.name, changed, most)
			}
			row := image.Rect(0, i*h, w, (i+1)*h)
			draw.Draw(sheet, row, before, before.Bounds().Min, draw.Src)
			draw.Draw(sheet, row.Add(image.Pt(w, 0)), after, after.Bounds().Min, draw.Src)
		}
		if *themePNG != "" {
			writePNG(t, filepath.Join(*themePNG, "theme-"+vr.name+".png"), sheet)
		}
	}
}

// compareCaptures counts the pixels whose contrast changed by 1.25:1 or more
// between a and b, and returns the largest change.
func compareCaptures(a, b image.Image) (changed int, most float64) {
	r := a.Bounds().Intersect(b.Bounds())
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			c := contrast(a.At(x, y), b.At(x, y))
			if c >= 1.25 {
				changed++
			}
			most = max(most, c)
		}
	}
	return changed, most
}

func writePNG(t *testing.T, path string, img image.Image) {
	t.Helper()
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := png.Encode(f, img); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
}
