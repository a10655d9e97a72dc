package ui

import (
	"math"
	"strings"
	"unicode"
	"unicode/utf8"

	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"
)

// minPassphrase is the shortest passphrase a backup is made with, as in
// the lw command: a backup may sit in a synced folder for years.
const minPassphrase = 12

// strength is how hard a passphrase looks to guess.
type strength int

const (
	tooShort strength = iota
	weak
	fair
	strong
)

// Bits of guessing a passphrase is judged to need: a backup is encrypted
// with scrypt, so every guess is slow, but it may be attacked offline for
// years.
const fairBits, strongBits = 42, 56

// commonWords are guessed first by anyone attacking a backup of this app.
var commonWords = map[string]bool{"password": true, "passphrase": true, "passwort": true, "qwerty": true,
	"azerty": true, "letmein": true, "iloveyou": true, "welcome": true, "admin": true, "secret": true,
	"learner": true, "wallet": true, "backup": true, "badge": true, "badges": true, "123456": true,
	"12345678": true, "123456789": true, "1234567890": true}

// passphraseBits is a small, honest estimate of how many bits of guessing
// p needs. Several words are counted as words (up to 15 bits each, less for
// short, repeated or common ones): an attacker tries dictionaries, not
// letters. Anything else is counted by its characters' variety, with runs
// such as "aaa" or "123" counting twice at most, and cut for the patterns
// people use (a capital first, a digit last).
func passphraseBits(p string) float64 {
	words := strings.FieldsFunc(strings.ToLower(p), func(r rune) bool {
		return unicode.IsSpace(r) || strings.ContainsRune("-_.,;:+/", r)
	})
	if len(words) >= 2 {
		seen := map[string]bool{}
		bits := 0.0
		for _, w := range words {
			if seen[w] {
				continue
			}
			seen[w] = true
			switch {
			case commonWords[w]:
				bits += 2
			default:
				bits += min(15, 2.5*float64(utf8.RuneCountInString(w)))
			}
		}
		return bits
	}
	if commonWords[strings.ToLower(p)] {
		return 2
	}
	var lower, upper, digit, symbol, other bool
	effective := 0
	prev, step := rune(-1), rune(99)
	for _, r := range p {
		switch {
		case r < utf8.RuneSelf && unicode.IsLower(r):
			lower = true
		case r < utf8.RuneSelf && unicode.IsUpper(r):
			upper = true
		case r < utf8.RuneSelf && unicode.IsDigit(r):
			digit = true
		case r < utf8.RuneSelf:
			symbol = true
		default:
			other = true
		}
		// The third of "aaa" or "abc" and on add nothing.
		if d := r - prev; d != step || d < -1 || d > 1 {
			effective++
			step = d
		}
		prev = r
	}
	pool := 0
	for _, c := range []struct {
		has  bool
		size int
	}{{lower, 26}, {upper, 26}, {digit, 10}, {symbol, 33}, {other, 100}} {
		if c.has {
			pool += c.size
		}
	}
	return float64(effective) * math.Log2(float64(max(pool, 2))) * 0.6
}

// judgePassphrase says how strong p is, and what to do about it.
func judgePassphrase(p string) (strength, string) {
	n := utf8.RuneCountInString(p)
	switch bits := passphraseBits(p); {
	case n < minPassphrase:
		return tooShort, lang.L("Too short: use at least 12 characters. Four or five unrelated words are easy to remember and hard to guess.")
	case bits < fairBits:
		return weak, lang.L("Weak: this would be among the first guesses. Try four or five unrelated words, such as a made-up scene.")
	case bits < strongBits:
		return fair, lang.L("Fair. Another unrelated word or two would make it strong.")
	}
	return strong, lang.L("Strong. Keep it safe: without it, or a recovery kit, the backup cannot be opened.")
}

// importance is how a strength is shown.
func (s strength) importance() widget.Importance {
	switch s {
	case tooShort:
		return widget.DangerImportance
	case weak:
		return widget.WarningImportance
	case strong:
		return widget.SuccessImportance
	}
	return widget.MediumImportance
}
