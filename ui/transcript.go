package ui

import (
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/learnerwallet/learnerwallet/wallet"
	"github.com/learnerwallet/learnerwallet/wallet/safetext"
)

// Widths of a transcript's columns after the name.
const (
	resultWidth  = 150
	creditsWidth = 70
	termWidth    = 110
	indentWidth  = 22
)

// transcript shows a learner record as a transcript: its credentials as
// the record arranges them (a program, its courses under it), each with
// its own verdict, result, credits and term, and the totals the record
// states. A name opens that credential on its own.
func (d *detail) transcript(it wallet.Item) fyne.CanvasObject {
	rows := wallet.Transcript(it, d.u.lib.Children(it.ID))
	box := container.NewVBox()
	title := widget.NewLabelWithStyle(lang.L("Transcript"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	present := newRingButton(lang.L("Present courses from this record…"), theme.MailSendIcon(), func() { d.u.presentFrom(it.ID) })
	box.Add(container.NewBorder(nil, nil, title, present))
	heading := func(s string) *widget.Label {
		return widget.NewLabelWithStyle(s, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	}
	// A column no course fills has no heading: a record that states no
	// grades shows no empty "Result" column.
	var hasResult, hasCredits, hasTerm bool
	for _, r := range rows {
		s := r.Item.Summary
		hasResult = hasResult || len(s.Results) > 0
		hasCredits = hasCredits || s.Credits != ""
		hasTerm = hasTerm || s.Term != ""
	}
	column := func(has bool, s string) *widget.Label {
		if !has {
			s = ""
		}
		return heading(s)
	}
	box.Add(transcriptLine(0, heading(lang.L("Achievement")), column(hasResult, lang.L("Result")),
		column(hasCredits || it.Summary.Credits != "", lang.L("Credits")), column(hasTerm, lang.L("Term"))))
	for _, r := range rows {
		c := r.Item
		s := c.Summary
		id := c.ID
		name := newRingButton(safetext.Line(s.Title()), stateIcon(c.Verification), func() { d.u.selectItem(id) })
		name.Alignment = widget.ButtonAlignLeading
		name.Importance = widget.LowImportance
		result := widget.NewLabel(resultText(s.Results))
		result.Truncation = fyne.TextTruncateEllipsis
		credits := widget.NewLabel(safetext.Line(s.Credits))
		term := widget.NewLabel(safetext.Line(s.Term))
		term.Truncation = fyne.TextTruncateEllipsis
		box.Add(transcriptLine(r.Depth, name, result, credits, term))
	}
	if it.Summary.Credits != "" {
		box.Add(transcriptLine(0, widget.NewLabelWithStyle(lang.L("Credits the record states in all"), fyne.TextAlignTrailing, fyne.TextStyle{Bold: true}),
			widget.NewLabel(""), widget.NewLabelWithStyle(safetext.Line(it.Summary.Credits), fyne.TextAlignLeading, fyne.TextStyle{Bold: true}), widget.NewLabel("")))
	}
	return box
}

// resultText is a credential's results on one line, their values first.
func resultText(results []string) string {
	var vals []string
	for _, r := range results {
		if _, v, ok := strings.Cut(r, ": "); ok {
			r = v
		}
		vals = append(vals, r)
	}
	return safetext.Line(strings.Join(vals, "; "))
}

// transcriptLine lays out one line: the name, indented by depth, taking
// what the fixed columns leave.
func transcriptLine(depth int, name, result, credits, term fyne.CanvasObject) fyne.CanvasObject {
	return container.New(&transcriptLayout{indent: float32(depth * indentWidth)}, name, result, credits, term)
}

type transcriptLayout struct{ indent float32 }

func (l *transcriptLayout) MinSize(objs []fyne.CanvasObject) fyne.Size {
	h := float32(0)
	for _, o := range objs {
		h = max(h, o.MinSize().Height)
	}
	return fyne.NewSize(l.indent+160+resultWidth+creditsWidth+termWidth, h)
}

func (l *transcriptLayout) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	fixed := float32(resultWidth + creditsWidth + termWidth)
	nameW := max(size.Width-fixed-l.indent, 80)
	x := l.indent
	for i, o := range objs {
		w := nameW
		switch i {
		case 1:
			w = resultWidth
		case 2:
			w = creditsWidth
		case 3:
			w = termWidth
		}
		o.Move(fyne.NewPos(x, 0))
		o.Resize(fyne.NewSize(w, size.Height))
		x += w
	}
}
