package ui

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// ringButton is the window's button. It shows keyboard focus with a ring
// around it, in the text colour, besides Fyne's change of fill; Enter
// presses it, as Space does; Escape does what it does in the window or
// dialog (Fyne gives keys to the focused widget only). A coloured button
// (High, Success, Warning or Danger importance) needs it: Fyne's focus
// only tints its fill, which no one colour can do visibly on every fill
// while keeping its label readable (see theme.go). The ring is drawn just
// outside the button, in the padding around it.
type ringButton struct {
	widget.Button
	focused bool
}

// newRingButton returns a button with a focus ring; icon may be nil.
func newRingButton(label string, icon fyne.Resource, tapped func()) *ringButton {
	b := &ringButton{}
	b.Text, b.Icon, b.OnTapped = label, icon, tapped
	b.ExtendBaseWidget(b)
	return b
}

// FocusGained shows the ring.
func (b *ringButton) FocusGained() {
	b.focused = true
	b.Button.FocusGained()
}

// FocusLost hides the ring.
func (b *ringButton) FocusLost() {
	b.focused = false
	b.Button.FocusLost()
}

// TypedKey presses the button on Space, Enter or Return, and passes
// Escape on to the window.
func (b *ringButton) TypedKey(k *fyne.KeyEvent) {
	switch k.Name {
	case fyne.KeyReturn, fyne.KeyEnter:
		if !b.Disabled() {
			b.Tapped(&fyne.PointEvent{})
		}
	case fyne.KeyEscape, fyne.KeyF1:
		toWindow(b, k)
	default:
		b.Button.TypedKey(k)
	}
}

// toWindow gives a key typed on a focused widget that the widget does not
// use (Escape, F1, Delete) to the window obj is in: its handler closes the
// dialog shown, shows the keyboard shortcuts, or trashes.
func toWindow(obj fyne.CanvasObject, k *fyne.KeyEvent) {
	if c := fyne.CurrentApp().Driver().CanvasForObject(obj); c != nil {
		if h := c.OnTypedKey(); h != nil {
			h(k)
		}
	}
}

// CreateRenderer draws the button as Fyne does, and the ring over it.
func (b *ringButton) CreateRenderer() fyne.WidgetRenderer {
	b.ExtendBaseWidget(b)
	ring := canvas.NewRectangle(color.Transparent)
	r := &ringRenderer{WidgetRenderer: b.Button.CreateRenderer(), ring: ring, b: b}
	r.style()
	return r
}

type ringRenderer struct {
	fyne.WidgetRenderer
	ring *canvas.Rectangle
	b    *ringButton
}

// ringGap is how far outside the button the ring lies; Fyne's padding
// between widgets leaves room for it.
const ringGap = 2

// Objects are the button's (which change when it gains or loses an
// icon), then the ring.
func (r *ringRenderer) Objects() []fyne.CanvasObject {
	inner := r.WidgetRenderer.Objects()
	return append(inner[:len(inner):len(inner)], r.ring)
}

func (r *ringRenderer) Layout(size fyne.Size) {
	r.WidgetRenderer.Layout(size)
	r.ring.Move(fyne.NewPos(-ringGap, -ringGap))
	r.ring.Resize(size.AddWidthHeight(2*ringGap, 2*ringGap))
}

func (r *ringRenderer) Refresh() {
	r.WidgetRenderer.Refresh()
	r.style()
	r.ring.Refresh()
}

func (r *ringRenderer) style() {
	th := r.b.Theme()
	v := fyne.CurrentApp().Settings().ThemeVariant()
	r.ring.StrokeColor = th.Color(theme.ColorNameForeground, v)
	r.ring.StrokeWidth = 2
	r.ring.CornerRadius = th.Size(theme.SizeNameInputRadius) + ringGap
	r.ring.Hidden = !r.b.focused || r.b.Disabled()
}

// textBox is a multi-line entry that leaves Tab to move the focus, as in
// every other field: Fyne's would type it, trapping the keyboard (a tab in
// a note or a pasted credential is no loss).
type textBox struct{ widget.Entry }

func newTextBox() *textBox {
	e := &textBox{}
	e.MultiLine = true
	e.Wrapping = fyne.TextWrapWord
	e.ExtendBaseWidget(e)
	return e
}

// AcceptsTab says Tab is not for typing.
func (e *textBox) AcceptsTab() bool { return false }

// TypedKey passes Escape on to the window, and types the rest.
func (e *textBox) TypedKey(k *fyne.KeyEvent) {
	if k.Name == fyne.KeyEscape || k.Name == fyne.KeyF1 {
		toWindow(e, k)
		return
	}
	e.Entry.TypedKey(k)
}

// tick is a check box in a row of a list: the mouse ticks it, the
// keyboard does not stop on it — the list takes Space for its row — so
// Tab goes past a list of twenty in one step.
type tick struct {
	widget.BaseWidget
	icon      *widget.Icon
	on, off   bool // ticked; disabled
	OnChanged func(on bool)
}

func newTick() *tick {
	t := &tick{icon: widget.NewIcon(theme.CheckButtonIcon())}
	t.ExtendBaseWidget(t)
	return t
}

// CreateRenderer draws the box.
func (t *tick) CreateRenderer() fyne.WidgetRenderer { return widget.NewSimpleRenderer(t.icon) }

// Tapped ticks or unticks it.
func (t *tick) Tapped(*fyne.PointEvent) {
	if t.off {
		return
	}
	t.SetChecked(!t.on)
	if t.OnChanged != nil {
		t.OnChanged(t.on)
	}
}

// SetChecked ticks it, or not, without calling OnChanged.
func (t *tick) SetChecked(on bool) {
	t.on = on
	t.show()
}

// Enable lets the mouse tick it; Disable does not.
func (t *tick) Enable()  { t.off = false; t.show() }
func (t *tick) Disable() { t.off = true; t.show() }

func (t *tick) show() {
	var res fyne.Resource = theme.CheckButtonIcon()
	if t.on {
		res = theme.CheckButtonCheckedIcon()
	}
	if t.off {
		res = theme.NewDisabledResource(res)
	}
	t.icon.SetResource(res)
}

// lineEntry is a one-line entry that passes Escape and F1 on to the window
// (Fyne's keeps every key it is given), so that Escape closes the dialog
// even while the keyboard is in one of its fields.
type lineEntry struct{ widget.Entry }

func newLineEntry() *lineEntry {
	e := &lineEntry{}
	e.ExtendBaseWidget(e)
	return e
}

// TypedKey passes Escape and F1 on to the window, and types the rest.
func (e *lineEntry) TypedKey(k *fyne.KeyEvent) {
	if k.Name == fyne.KeyEscape || k.Name == fyne.KeyF1 {
		toWindow(e, k)
		return
	}
	e.Entry.TypedKey(k)
}

// newDialog is dialog.NewCustom with the window's own button to close it:
// Escape and Enter on it work as everywhere else.
func newDialog(title, dismiss string, content fyne.CanvasObject, win fyne.Window) *dialog.CustomDialog {
	var d *dialog.CustomDialog
	closeBtn := newRingButton(dismiss, nil, func() { d.Hide() })
	d = dialog.NewCustomWithoutButtons(title, container.NewBorder(nil, container.NewHBox(layout.NewSpacer(), closeBtn), nil, nil, content), win)
	return d
}
