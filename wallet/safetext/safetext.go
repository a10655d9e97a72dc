// Package safetext makes untrusted text safe to show: the name of a
// credential, a file name, an error that quotes either, what a server said.
//
// A terminal obeys what it prints: an escape sequence in a badge's name can
// set the window title, clear the screen or write a link over other text.
// A window is fooled more quietly: a right-to-left override makes
// "gpj.exe" read as "exe.jpg", and characters that draw as nothing make two
// different names look the same, or hide text in one. Line and Text return
// text in which none of that is left; what the text says in letters, digits,
// punctuation, symbols and emoji, in any script, is kept as it is.
//
// What they do, rune by rune:
//
//   - Every escape sequence — ESC followed by a CSI ("[" … final byte), an
//     OSC, DCS, SOS, PM or APC string (up to BEL or ST), or a two-byte
//     sequence — and each of their one-rune C1 forms (U+009B and friends)
//     becomes one U+FFFD, so the reader sees that something was there.
//   - Every other control character (C0, DEL, C1) becomes U+FFFD, as does
//     each byte that is not valid UTF-8.
//   - Line breaks (\n, \r\n, \r, U+2028, U+2029) become \n in Text and a
//     space in Line; a tab stays a tab in Text and becomes a space in Line.
//   - Characters that draw as nothing are removed: the bidi marks, embeddings,
//     overrides and isolates (U+200E, U+200F, U+061C, U+202A–U+202E,
//     U+2066–U+2069), and every other format character (Unicode category Cf:
//     U+200B ZERO WIDTH SPACE, U+2060–U+2064, U+FEFF, U+180E, U+00AD SOFT
//     HYPHEN, the tag characters U+E0000–U+E007F that can smuggle a hidden
//     ASCII text, …) or default-ignorable code point (U+034F, the Hangul
//     fillers, …). The prepended concatenation marks (U+0600–U+0605 and the
//     like) are kept: they are visible.
//   - Three invisible characters are kept where they do their job, and
//     removed elsewhere. U+200D ZERO WIDTH JOINER is kept between two parts
//     of an emoji (woman, ZWJ, laptop: a woman technologist); U+200C ZERO
//     WIDTH NON-JOINER between two characters of a script whose spelling
//     needs it (Persian in the Arabic script, the Indic scripts); a variation
//     selector (U+FE00–U+FE0F, …) right after the visible character it
//     selects a form of (U+2764 U+FE0F: a red heart).
//
// A subdivision flag, such as Scotland's, is a black flag followed by tag
// characters: it shows as a plain black flag.
//
// Both functions are idempotent, and their result is valid UTF-8.
package safetext

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

const (
	esc  = 0x1b
	bel  = 0x07
	can  = 0x18
	sub  = 0x1a
	zwnj = '\u200c'
	zwj  = '\u200d'
	// ellipsis ends a clipped string.
	ellipsis = "…"
)

// Line returns s made safe to show on one line, as in a table row, a label
// or an error message: escape sequences and control characters become
// U+FFFD, line breaks and tabs become spaces, invisible characters are
// removed (see the package documentation).
func Line(s string) string { return clean(s, false) }

// Text returns s made safe to show as it is laid out, as in a description:
// like Line, but line breaks become \n and tabs stay.
func Text(s string) string { return clean(s, true) }

// Clip returns s cut to at most n runes, the last of them "…" when it was
// cut. A joiner left at the cut is dropped, so that Clip of safe text is
// still safe; clip text after making it safe, not before.
func Clip(s string, n int) string {
	if n <= 0 {
		return ""
	}
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)[:n-1]
	for len(r) > 0 && (r[len(r)-1] == zwj || r[len(r)-1] == zwnj) {
		r = r[:len(r)-1]
	}
	return string(r) + ellipsis
}

// IsSafe reports whether r shows as itself wherever it stands: false for
// control characters (\n and \t among them), line and paragraph separators,
// and every character Line and Text remove or keep only where it does its
// job. U+FFFD is safe.
func IsSafe(r rune) bool {
	switch {
	case r < 0x20, r >= 0x7f && r <= 0x9f, r == '\u2028', r == '\u2029':
		return false
	case r == zwj, r == zwnj, unicode.Is(unicode.Variation_Selector, r):
		return false
	case !utf8.ValidRune(r):
		return false
	}
	return !hidden(r)
}

// hidden reports whether r draws as nothing and is always removed.
func hidden(r rune) bool {
	if r < 0xad {
		return false
	}
	if unicode.Is(unicode.Cf, r) {
		return !unicode.Is(unicode.Prepended_Concatenation_Mark, r)
	}
	return unicode.Is(unicode.Other_Default_Ignorable_Code_Point, r)
}

// plain reports whether s is printable ASCII (with \n and \t when
// multiline), which is safe as it is.
func plain(s string, multiline bool) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 0x20 && c < 0x7f || multiline && (c == '\n' || c == '\t') {
			continue
		}
		return false
	}
	return true
}

func clean(s string, multiline bool) string {
	if plain(s, multiline) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	prev := rune(-1) // the last rune written
	put := func(r rune) {
		b.WriteRune(r)
		prev = r
	}
	lineBreak, tab := ' ', ' '
	if multiline {
		lineBreak, tab = '\n', '\t'
	}
	for i := 0; i < len(s); {
		switch s[i] {
		case esc:
			i = skipEscape(s, i+1)
			put(utf8.RuneError)
			continue
		case '\r':
			i++
			if i < len(s) && s[i] == '\n' {
				i++
			}
			put(lineBreak)
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		i += size
		switch {
		case r == '\n', r == '\u2028', r == '\u2029':
			put(lineBreak)
		case r == '\t':
			put(tab)
		case r < 0x20, r == 0x7f, r == utf8.RuneError:
			put(utf8.RuneError)
		case r >= 0x80 && r <= 0x9f: // C1: some introduce a sequence, as ESC does
			switch r {
			case 0x9b: // CSI
				i = skipCSI(s, i)
			case 0x90, 0x98, 0x9d, 0x9e, 0x9f: // DCS, SOS, OSC, PM, APC
				i = skipString(s, i)
			}
			put(utf8.RuneError)
		case r == zwj:
			if emojiPart(prev) && emoji(next(s, i)) {
				put(r)
			}
		case r == zwnj:
			if joining(prev) && joining(next(s, i)) {
				put(r)
			}
		case unicode.Is(unicode.Variation_Selector, r):
			if base(prev) {
				put(r)
			}
		case hidden(r):
		default:
			put(r)
		}
	}
	return b.String()
}

// next is the rune at s[i:], or -1 at the end.
func next(s string, i int) rune {
	if i >= len(s) {
		return -1
	}
	r, _ := utf8.DecodeRuneInString(s[i:])
	return r
}

// emoji reports whether r can start a part of an emoji ZWJ sequence: most
// emoji are symbols (So).
func emoji(r rune) bool { return r > 0x7f && unicode.Is(unicode.So, r) }

// emojiPart reports whether r can end a part of an emoji ZWJ sequence: an
// emoji, its emoji presentation selector or a skin tone.
func emojiPart(r rune) bool {
	return emoji(r) || r == '\ufe0f' || r >= 0x1f3fb && r <= 0x1f3ff
}

// zwnjScripts are the scripts whose spelling uses ZERO WIDTH NON-JOINER.
var zwnjScripts = []*unicode.RangeTable{
	unicode.Arabic, unicode.Syriac, unicode.Nko, unicode.Mongolian,
	unicode.Devanagari, unicode.Bengali, unicode.Gurmukhi, unicode.Gujarati, unicode.Oriya,
	unicode.Tamil, unicode.Telugu, unicode.Kannada, unicode.Malayalam, unicode.Sinhala,
}

// joining reports whether r belongs to a script that uses ZWNJ and is shown
// as itself (so not a selector, or a format character of that script).
func joining(r rune) bool {
	return r > 0x7f && unicode.In(r, zwnjScripts...) && IsSafe(r)
}

// base reports whether a variation selector after r selects a form of it:
// r is a visible character, not a space, control or another selector.
func base(r rune) bool {
	return r > 0x20 && r != 0x7f && unicode.In(r, unicode.L, unicode.N, unicode.P, unicode.S)
}

// skipEscape returns the end of the escape sequence whose ESC is just
// before s[i]. A lone ESC ends at i.
func skipEscape(s string, i int) int {
	if i >= len(s) {
		return i
	}
	switch c := s[i]; {
	case c == '[':
		return skipCSI(s, i+1)
	case c == ']', c == 'P', c == 'X', c == '^', c == '_': // OSC, DCS, SOS, PM, APC
		return skipString(s, i+1)
	case c >= 0x20 && c <= 0x2f: // intermediate bytes, then a final one
		for i < len(s) && s[i] >= 0x20 && s[i] <= 0x2f {
			i++
		}
		if i < len(s) && s[i] >= 0x30 && s[i] <= 0x7e {
			i++
		}
		return i
	case c >= 0x30 && c <= 0x7e: // a two-byte sequence, such as ESC c
		return i + 1
	}
	return i
}

// skipCSI returns the end of a control sequence whose body starts at s[i]:
// parameter and intermediate bytes, then a final byte. A sequence broken
// off by any other byte ends before it.
func skipCSI(s string, i int) int {
	for i < len(s) && s[i] >= 0x20 && s[i] <= 0x3f {
		i++
	}
	if i < len(s) && s[i] >= 0x40 && s[i] <= 0x7e {
		i++
	}
	return i
}

// skipString returns the end of a control string (OSC, DCS, …) whose body
// starts at s[i]: after its terminator (BEL, ST as ESC \ or U+009C, or the
// CAN or SUB that cancel it), before an ESC that starts another sequence,
// or at the end of s.
func skipString(s string, i int) int {
	for i < len(s) {
		switch s[i] {
		case bel, can, sub:
			return i + 1
		case esc:
			if i+1 < len(s) && s[i+1] == '\\' {
				return i + 2
			}
			return i
		case 0xc2:
			if i+1 < len(s) && s[i+1] == 0x9c {
				return i + 2
			}
		}
		i++
	}
	return i
}
