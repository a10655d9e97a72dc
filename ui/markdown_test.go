package ui

import (
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2/widget"
)

// Markdown from a credential is formatted, but its images are never
// fetched and its links are only words.
func TestSafeMarkdown(t *testing.T) {
	rt := safeMarkdown("# Report\n\nSee [my site](https://evil.example/) and ![a tracker](https://evil.example/t.png)\n\n- one\n- [two](http://x/)\n\x1b]0;pwned\x07")
	var b strings.Builder
	var walk func([]widget.RichTextSegment)
	walk = func(segs []widget.RichTextSegment) {
		for _, s := range segs {
			switch v := s.(type) {
			case *widget.ImageSegment, *widget.HyperlinkSegment:
				t.Errorf("a %T is left", v)
			case *widget.ListSegment:
				walk(v.Items)
			case *widget.ParagraphSegment:
				walk(v.Texts)
			case *widget.TextSegment:
				b.WriteString(v.Text + " ")
			}
		}
	}
	walk(rt.Segments)
	text := b.String()
	for _, want := range []string{"Report", "my site", "one", "two"} {
		if !strings.Contains(text, want) {
			t.Errorf("%q lost from %q", want, text)
		}
	}
	if strings.ContainsAny(text, "\x1b\x07") {
		t.Errorf("control characters kept: %q", text)
	}
}

// The detail shows evidence with a link to open, endorsers, and criteria
// as Markdown.
func TestEvidenceAndEndorsements(t *testing.T) {
	u, win := newTestUI(t)
	u.importPaths([]string{filepath.Join(examples, "ob3/spec/fullOpenBadge.json")})
	u.hideNotice()
	u.selectItem(u.topIDs[0])
	mustContain(t, win, "Evidence", "Final Project Report", "[Open at github.com]", "Endorsed by")
}
