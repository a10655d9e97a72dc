package ui

import (
	"net/url"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/learnerwallet/learnerwallet/wallet/credential"
	"github.com/learnerwallet/learnerwallet/wallet/safetext"
)

// safeMarkdown shows Markdown from a credential (criteria, evidence
// narratives) as formatted text, safely: the text is sanitized first, an
// image is never fetched (only its title shows), and a link is only its
// words, so nothing in a credential can make the window reach the network
// or send the learner somewhere they did not choose.
func safeMarkdown(md string) *widget.RichText {
	rt := widget.NewRichTextFromMarkdown(safetext.Text(md))
	rt.Segments = plainSegments(rt.Segments)
	rt.Wrapping = fyne.TextWrapWord
	return rt
}

func plainSegments(segs []widget.RichTextSegment) []widget.RichTextSegment {
	out := make([]widget.RichTextSegment, 0, len(segs))
	for _, s := range segs {
		switch v := s.(type) {
		case *widget.ImageSegment:
			if v.Title != "" {
				out = append(out, &widget.TextSegment{Text: v.Title, Style: widget.RichTextStyleInline})
			}
		case *widget.HyperlinkSegment:
			out = append(out, &widget.TextSegment{Text: v.Text, Style: widget.RichTextStyleInline})
		case *widget.ListSegment:
			v.Items = plainSegments(v.Items)
			out = append(out, v)
		case *widget.ParagraphSegment:
			v.Texts = plainSegments(v.Texts)
			out = append(out, v)
		default:
			out = append(out, s)
		}
	}
	return out
}

// showEvidence lists the evidence a credential gives: each one's name and
// words, and a link the learner may open in their browser (https only).
func (d *detail) showEvidence(list []credential.Evidence) {
	d.evidence.Objects = nil
	if len(list) == 0 {
		d.evidence.Hide() // no gap where there is nothing
		return
	}
	d.evidence.Show()
	d.evidence.Add(widget.NewLabelWithStyle(lang.L("Evidence"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true}))
	for _, e := range list {
		if e.Name != "" {
			d.evidence.Add(widget.NewLabelWithStyle(safetext.Line(e.Name), fyne.TextAlignLeading, fyne.TextStyle{Italic: true}))
		}
		if e.Description != "" {
			l := widget.NewLabel(safetext.Text(e.Description))
			l.Wrapping = fyne.TextWrapWord
			d.evidence.Add(l)
		}
		if e.Narrative != "" {
			d.evidence.Add(safeMarkdown(e.Narrative))
		}
		if u, err := url.Parse(e.URL); err == nil && u.Scheme == "https" && u.Host != "" {
			link := newRingButton(lang.X("Open at {{.Host}}", "Open at {{.Host}}", map[string]any{"Host": safetext.Line(u.Host)}),
				theme.ComputerIcon(), func() { _ = d.u.app.OpenURL(u) })
			link.Importance = widget.LowImportance
			d.evidence.Add(container.NewHBox(link))
		}
	}
	d.evidence.Refresh()
}
