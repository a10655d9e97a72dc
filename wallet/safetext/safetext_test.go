package safetext_test

import (
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/learnerwallet/learnerwallet/wallet/safetext"
)

// Written with escapes throughout: the characters under test must not be
// invisible in this file too.
const bad = "\ufffd"

var cases = []struct {
	name, in, line, text string
}{
	{"empty", "", "", ""},
	{"ascii", "Teamwork — Example Corp", "Teamwork — Example Corp", "Teamwork — Example Corp"},
	{"accents", "Équipe Ångström, Müller & Søn", "Équipe Ångström, Müller & Søn", "Équipe Ångström, Müller & Søn"},
	{"cjk", "团队合作 チームワーク 팀워크", "团队合作 チームワーク 팀워크", "团队合作 チームワーク 팀워크"},
	{"arabic and hebrew", "\u0627\u0644\u0639\u0645\u0644 \u05E2\u05D1\u05D5\u05D3\u05D4", "\u0627\u0644\u0639\u0645\u0644 \u05E2\u05D1\u05D5\u05D3\u05D4", "\u0627\u0644\u0639\u0645\u0644 \u05E2\u05D1\u05D5\u05D3\u05D4"},
	{"emoji", "🏅 ✅ 👍🏽", "🏅 ✅ 👍🏽", "🏅 ✅ 👍🏽"},
	{"emoji zwj sequence kept", "\U0001F469\u200D\U0001F4BB and \U0001F3F3\uFE0F\u200D\U0001F308",
		"\U0001F469\u200D\U0001F4BB and \U0001F3F3\uFE0F\u200D\U0001F308", "\U0001F469\u200D\U0001F4BB and \U0001F3F3\uFE0F\u200D\U0001F308"},
	{"skin tone then zwj", "\U0001F469\U0001F3FD\u200D\U0001F4BB", "\U0001F469\U0001F3FD\u200D\U0001F4BB", "\U0001F469\U0001F3FD\u200D\U0001F4BB"},
	{"variation selector after its base", "\u2764\uFE0F \u8FBB\U000E0100", "\u2764\uFE0F \u8FBB\U000E0100", "\u2764\uFE0F \u8FBB\U000E0100"},
	{"persian zwnj kept", "\u0645\u06CC\u200C\u062E\u0648\u0627\u0647\u0645", "\u0645\u06CC\u200C\u062E\u0648\u0627\u0647\u0645", "\u0645\u06CC\u200C\u062E\u0648\u0627\u0647\u0645"},
	{"prepended concatenation mark kept", "\u0600\u0661\u0662", "\u0600\u0661\u0662", "\u0600\u0661\u0662"},

	{"newlines and tabs", "a\nb\tc\r\nd\re", "a b c d e", "a\nb\tc\nd\ne"},
	{"line and paragraph separators", "a\u2028b\u2029c", "a b c", "a\nb\nc"},
	{"osc title with bel", "Badge\x1b]0;pwned\x07 name", "Badge" + bad + " name", "Badge" + bad + " name"},
	{"osc with st", "a\x1b]8;;http://evil.example/\x1b\\link\x1b]8;;\x1b\\b", "a" + bad + "link" + bad + "b", "a" + bad + "link" + bad + "b"},
	{"osc unterminated", "a\x1b]0;title and the rest", "a" + bad, "a" + bad},
	{"osc ended by another escape", "a\x1b]0;t\x1b[2Jb", "a" + bad + bad + "b", "a" + bad + bad + "b"},
	{"csi clear screen", "\x1b[2JName", bad + "Name", bad + "Name"},
	{"csi colours", "\x1b[1;31mred\x1b[0m", bad + "red" + bad, bad + "red" + bad},
	{"csi private", "\x1b[?1049hx", bad + "x", bad + "x"},
	{"csi broken off", "\x1b[12\nx", bad + " x", bad + "\nx"},
	{"dcs apc pm sos", "a\x1bPq#0\x1b\\b\x1b_g\x1b\\c\x1b^p\x07d\x1bXs\x18e", "a" + bad + "b" + bad + "c" + bad + "d" + bad + "e", "a" + bad + "b" + bad + "c" + bad + "d" + bad + "e"},
	{"two-byte escapes", "\x1bca\x1b7b\x1b(Bc", bad + "a" + bad + "b" + bad + "c", bad + "a" + bad + "b" + bad + "c"},
	{"lone esc", "a\x1b", "a" + bad, "a" + bad},
	{"esc before non-ascii", "a\x1bé", "a" + bad + "é", "a" + bad + "é"},
	{"c1 csi", "a\u009b31mb", "a" + bad + "b", "a" + bad + "b"},
	{"c1 osc with c1 st", "a\u009d0;t\u009cb", "a" + bad + "b", "a" + bad + "b"},
	{"other c1", "a\u0085b\u0080c", "a" + bad + "b" + bad + "c", "a" + bad + "b" + bad + "c"},
	{"c0 and del", "a\x00b\x07c\x08d\x7fe\x0bf\x0cg", "a" + bad + "b" + bad + "c" + bad + "d" + bad + "e" + bad + "f" + bad + "g",
		"a" + bad + "b" + bad + "c" + bad + "d" + bad + "e" + bad + "f" + bad + "g"},
	{"invalid utf-8", "a\xffb\xc3c\xed\xa0\x80d", "a" + bad + "b" + bad + "c" + bad + bad + bad + "d", "a" + bad + "b" + bad + "c" + bad + bad + bad + "d"},
	{"replacement character stays", "a\ufffdb", "a\ufffdb", "a\ufffdb"},

	{"bidi override", "invoice\u202Egpj.exe", "invoicegpj.exe", "invoicegpj.exe"},
	{"bidi embeddings and isolates", "\u202Aa\u202Bb\u202Cc\u202Dd\u2066e\u2067f\u2068g\u2069", "abcdefg", "abcdefg"},
	{"bidi marks", "a\u200Eb\u200Fc\u061Cd", "abcd", "abcd"},
	{"zero width", "pay\u200Bpal\u2060\u2061\u2062\u2063\u2064\uFEFF\u180E\u00AD\u034F!", "paypal!", "paypal!"},
	{"hangul fillers", "a\u3164b\u115F\u1160c\uFFA0", "abc", "abc"},
	{"tags smuggle text", "ok\U000E0001\U000E0069\U000E0067\U000E006E\U000E007F", "ok", "ok"},
	{"zwj outside emoji", "a\u200Db \U0001F600\u200D \u200D\U0001F600", "ab \U0001F600 \U0001F600", "ab \U0001F600 \U0001F600"},
	{"zwnj outside its scripts", "a\u200Cb \u0645\u200C a\u200C\u0645", "ab \u0645 a\u0645", "ab \u0645 a\u0645"},
	{"zwnj before a removed character", "\u0645\u200C\u061C\u0645", "\u0645\u0645", "\u0645\u0645"},
	{"variation selector without a base", "\uFE0Fa \uFE0F\u2764\uFE0F\uFE0F", "a \u2764\uFE0F", "a \u2764\uFE0F"},
	{"joiner after an escape", "\x1b[m\u200D\U0001F600", bad + "\u200D\U0001F600", bad + "\u200D\U0001F600"},
}

func TestLineAndText(t *testing.T) {
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if got := safetext.Line(tc.in); got != tc.line {
				t.Errorf("Line(%+q) = %+q, want %+q", tc.in, got, tc.line)
			}
			if got := safetext.Text(tc.in); got != tc.text {
				t.Errorf("Text(%+q) = %+q, want %+q", tc.in, got, tc.text)
			}
			checkSafe(t, tc.in)
		})
	}
}

// checkSafe checks what holds for any input.
func checkSafe(t *testing.T, in string) {
	t.Helper()
	for _, f := range []struct {
		name      string
		clean     func(string) string
		multiline bool
	}{{"Line", safetext.Line, false}, {"Text", safetext.Text, true}} {
		out := f.clean(in)
		if !utf8.ValidString(out) {
			t.Errorf("%s(%+q) = %+q: not valid UTF-8", f.name, in, out)
		}
		if again := f.clean(out); again != out {
			t.Errorf("%s is not idempotent: %+q -> %+q -> %+q", f.name, in, out, again)
		}
		var prev rune = -1
		for i, r := range out {
			switch {
			case f.multiline && (r == '\n' || r == '\t'):
			case r < 0x20 || r >= 0x7f && r <= 0x9f:
				t.Errorf("%s(%+q) = %+q: control character %U at %d", f.name, in, out, r, i)
			case unicode.Is(unicode.Bidi_Control, r):
				t.Errorf("%s(%+q) = %+q: bidi control %U at %d", f.name, in, out, r, i)
			case r == '\u2028' || r == '\u2029':
				t.Errorf("%s(%+q) = %+q: separator %U at %d", f.name, in, out, r, i)
			case !safetext.IsSafe(r) && !(r == '\u200D' || r == '\u200C' || unicode.Is(unicode.Variation_Selector, r)):
				t.Errorf("%s(%+q) = %+q: invisible %U at %d", f.name, in, out, r, i)
			case unicode.Is(unicode.Variation_Selector, r) && !safetext.IsSafe(prev):
				t.Errorf("%s(%+q) = %+q: variation selector %U after %U", f.name, in, out, r, prev)
			}
			prev = r
		}
		// Text whose every rune is safe comes back as it was.
		if utf8.ValidString(in) && strings.IndexFunc(in, func(r rune) bool { return !safetext.IsSafe(r) }) < 0 && out != in {
			t.Errorf("%s changed plain text %+q to %+q", f.name, in, out)
		}
	}
	if strings.ContainsAny(safetext.Line(in), "\n\t") {
		t.Errorf("Line(%+q) = %+q: more than one line", in, safetext.Line(in))
	}
}

func FuzzLine(f *testing.F) {
	for _, tc := range cases {
		f.Add(tc.in)
	}
	f.Fuzz(func(t *testing.T, s string) { checkSafe(t, s) })
}

func FuzzText(f *testing.F) {
	for _, tc := range cases {
		f.Add(tc.in)
	}
	f.Fuzz(func(t *testing.T, s string) {
		checkSafe(t, s)
		// Text differs from Line only in what it keeps of line breaks and tabs.
		line := strings.NewReplacer("\n", " ", "\t", " ").Replace(safetext.Text(s))
		if line != safetext.Line(s) {
			t.Errorf("Text(%+q) = %+q, but Line = %+q", s, safetext.Text(s), safetext.Line(s))
		}
	})
}

func TestClip(t *testing.T) {
	for _, tc := range []struct {
		in   string
		n    int
		want string
	}{
		{"Teamwork", 20, "Teamwork"},
		{"Teamwork", 8, "Teamwork"},
		{"Teamwork", 5, "Team…"},
		{"Teamwork", 1, "…"},
		{"Teamwork", 0, ""},
		{"团队合作团队合作", 4, "团队合…"},
		{"\U0001F469\u200D\U0001F4BB\U0001F469", 3, "\U0001F469…"},
		{"\u0645\u06CC\u200C\u062E\u0648", 4, "\u0645\u06CC…"},
	} {
		got := safetext.Clip(tc.in, tc.n)
		if got != tc.want {
			t.Errorf("Clip(%+q, %d) = %+q, want %+q", tc.in, tc.n, got, tc.want)
		}
		if utf8.RuneCountInString(got) > max(tc.n, 0) {
			t.Errorf("Clip(%+q, %d) = %+q: too long", tc.in, tc.n, got)
		}
		if safetext.Line(got) != got {
			t.Errorf("Clip(%+q, %d) = %+q: not safe any more", tc.in, tc.n, got)
		}
	}
}

func TestIsSafe(t *testing.T) {
	for _, r := range []rune{'a', ' ', 'é', '团', '\u0645', '\U0001F3C5', '\ufffd', '\u0600', '…'} {
		if !safetext.IsSafe(r) {
			t.Errorf("IsSafe(%U) = false", r)
		}
	}
	for _, r := range []rune{'\n', '\t', 0x1b, 0x7f, 0x9b, '\u200B', '\u200C', '\u200D', '\u202E', '\u2066', '\uFE0F', '\uFEFF', '\u00AD', '\U000E0041', '\u2028', 0xD800, 0x110000} {
		if safetext.IsSafe(r) {
			t.Errorf("IsSafe(%U) = true", r)
		}
	}
}
