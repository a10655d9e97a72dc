package wallet

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/learnerwallet/learnerwallet/wallet/credential"
	"github.com/learnerwallet/learnerwallet/wallet/safetext"
)

var exportNameCases = []struct{ title, issuer, want string }{
	{"Teamwork", "Example University", "Teamwork - Example University"},
	{"Teamwork", "", "Teamwork"},
	{"Same", "Same", "Same"},
	{"", "", "Untitled credential"},
	{"Transcript: Associate of Science", "Example U", "Transcript Associate of Science - Example U"},
	{"../../etc/passwd", "", "etc passwd"},
	{`a\b/c:d*e?f"g<h>i|j`, "", "a b c d e f g h i j"},
	{"...hidden", "", "hidden"},
	{"-rf", "", "rf"},
	{"Trailing dots...", "", "Trailing dots"},
	{"Teamwork\x1b]0;pwned\x07\x1b[2J\x1b[31m \u202egpj.exe\u200b\u2066", "", "Teamwork gpj.exe"},
	{"two\nlines\tand\u2028more", "", "two lines and more"},
	{"Cafe\u0301", "École", "Café - École"}, // NFC
	{"CON", "", "_CON"},
	{"lpt1", "", "_lpt1"},
	{"COM10", "", "COM10"},
	{"👩\u200d💻 Coder", "", "👩\u200d💻 Coder"},
	{"Key*\ufe0f cap", "", "Key cap"},
	{"数据结构与算法", "清华大学", "数据结构与算法 - 清华大学"},
	{strings.Repeat("Long ", 30), "", "Long Long Long Long Long Long Long Long Long Long Long Long Long Long Long Long…"},
	{strings.Repeat("数", 100), "", strings.Repeat("数", 65) + "…"},
}

func TestExportBase(t *testing.T) {
	for _, c := range exportNameCases {
		got := exportBase(credential.Summary{Name: c.title, IssuerName: c.issuer})
		if got != c.want {
			t.Errorf("exportBase(%q, %q) = %q, want %q", c.title, c.issuer, got, c.want)
		}
	}
}

// FuzzExportBase checks that every name is safe on every system, however
// hostile the credential's words.
func FuzzExportBase(f *testing.F) {
	for _, c := range exportNameCases {
		f.Add(c.title, c.issuer)
	}
	f.Fuzz(func(t *testing.T, title, issuer string) {
		name := exportBase(credential.Summary{Name: title, IssuerName: issuer})
		if name == "" || !utf8.ValidString(name) || utf8.RuneCountInString(name) > maxNameRunes || len(name) > maxNameBytes {
			t.Fatalf("exportBase(%q, %q) = %q: empty, invalid or too long", title, issuer, name)
		}
		if strings.ContainsAny(name, "/\\:*?\"<>|\ufffd") || strings.HasPrefix(name, ".") || strings.HasPrefix(name, "-") ||
			strings.HasSuffix(name, ".") || strings.HasSuffix(name, " ") || reservedName(name) {
			t.Fatalf("exportBase(%q, %q) = %q: not a safe file name", title, issuer, name)
		}
		if safetext.Line(name) != name {
			t.Fatalf("exportBase(%q, %q) = %q: not safe to show", title, issuer, name)
		}
	})
}
