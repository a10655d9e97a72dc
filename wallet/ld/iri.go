package ld

import (
	"strings"
	"unicode/utf8"
)

// The conversion to RDF drops a statement with an IRI that is not
// well-formed (RFC 3987's IRI rule) or a language tag that is not
// (BCP 47). These checks run for every term of every credential, so they
// are a byte loop over a table rather than a regular expression.

// Character classes of ASCII in IRIs (RFC 3987 §2.2).
const (
	cUnreserved = 1 << iota // ALPHA DIGIT - . _ ~
	cSubDelim               // ! $ & ' ( ) * + , ; =
	cColonAt                // : @
	cSlash                  // /
	cQuestion               // ?
	cHex                    // 0-9 A-F a-f
)

var iriClass = func() (t [utf8.RuneSelf]uint8) {
	for c := 'a'; c <= 'z'; c++ {
		t[c] |= cUnreserved
		t[c-'a'+'A'] |= cUnreserved
	}
	for c := '0'; c <= '9'; c++ {
		t[c] |= cUnreserved | cHex
	}
	for _, c := range "abcdefABCDEF" {
		t[c] |= cHex
	}
	for _, c := range "-._~" {
		t[c] |= cUnreserved
	}
	for _, c := range "!$&'()*+,;=" {
		t[c] |= cSubDelim
	}
	t[':'] |= cColonAt
	t['@'] |= cColonAt
	t['/'] |= cSlash
	t['?'] |= cQuestion
	return t
}()

const (
	pchar     = cUnreserved | cSubDelim | cColonAt
	pathChars = pchar | cSlash
	queryChar = pchar | cSlash | cQuestion
	hostChars = cUnreserved | cSubDelim
)

// schemeLength returns the length of s's scheme (RFC 3986 §3.1: a letter,
// then letters, digits, "+", "-" or "."), which a colon follows; -1 when s
// does not start with one, i.e. is a relative IRI.
func schemeLength(s string) int {
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z':
		case i > 0 && ('0' <= c && c <= '9' || c == '+' || c == '-' || c == '.'):
		case i > 0 && c == ':':
			return i
		default:
			return -1
		}
	}
	return -1
}

// wellFormedIRI reports whether s matches RFC 3987's IRI rule: a scheme,
// an optional authority, a path, an optional query and fragment, each of
// the characters that part allows, percent signs followed by two hex
// digits. It rejects what an absolute IRI cannot hold: spaces, controls,
// <>"{}|\^`, a second "#".
func wellFormedIRI(s string) bool {
	n := schemeLength(s)
	if n < 0 {
		return false
	}
	rest := s[n+1:]
	if i := strings.IndexByte(rest, '#'); i >= 0 {
		if !iriChars(rest[i+1:], queryChar, false) {
			return false
		}
		rest = rest[:i]
	}
	if i := strings.IndexByte(rest, '?'); i >= 0 {
		if !iriChars(rest[i+1:], queryChar, true) {
			return false
		}
		rest = rest[:i]
	}
	if authority, ok := strings.CutPrefix(rest, "//"); ok {
		path := ""
		if i := strings.IndexByte(authority, '/'); i >= 0 {
			authority, path = authority[:i], authority[i:]
		}
		if !wellFormedAuthority(authority) {
			return false
		}
		rest = path
	}
	return iriChars(rest, pathChars, false)
}

// wellFormedAuthority checks [ iuserinfo "@" ] ihost [ ":" port ].
func wellFormedAuthority(a string) bool {
	if i := strings.IndexByte(a, '@'); i >= 0 {
		if !iriChars(a[:i], cUnreserved|cSubDelim|cColonAt, false) {
			return false // '@' cannot be in it: IndexByte found the first
		}
		a = a[i+1:]
	}
	host, port := a, ""
	if strings.HasPrefix(a, "[") {
		end := strings.IndexByte(a, ']')
		if end < 2 {
			return false
		}
		for _, c := range []byte(a[1:end]) {
			if c >= utf8.RuneSelf || iriClass[c]&(cUnreserved|cSubDelim) == 0 && c != ':' {
				return false
			}
		}
		host, port = "", a[end+1:]
		if port != "" {
			if port[0] != ':' {
				return false
			}
			port = port[1:]
		}
	} else if i := strings.IndexByte(a, ':'); i >= 0 {
		host, port = a[:i], a[i+1:]
	}
	for i := 0; i < len(port); i++ {
		if port[i] < '0' || port[i] > '9' {
			return false
		}
	}
	return iriChars(host, hostChars, false)
}

// iriChars reports whether s holds only the ASCII characters of class
// allow, percent-encodings and the non-ASCII characters IRIs allow
// (ucschar, and iprivate where private is true: in a query).
func iriChars(s string, allow uint8, private bool) bool {
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			switch {
			case iriClass[c]&allow != 0:
				i++
			case c == '%' && i+2 < len(s) && isHex(s[i+1]) && isHex(s[i+2]):
				i += 3
			default:
				return false
			}
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if !ucschar(r) && !(private && iprivate(r)) {
			return false // invalid UTF-8 decodes to U+FFFD, which is neither
		}
		i += size
	}
	return true
}

func isHex(c byte) bool { return c < utf8.RuneSelf && iriClass[c]&cHex != 0 }

// ucschar is RFC 3987's ucschar: the non-ASCII characters IRIs may hold
// anywhere.
func ucschar(r rune) bool {
	switch {
	case r < 0xA0:
		return false
	case r <= 0xD7FF:
		return true
	case r < 0xF900:
		return false // surrogates, private use
	case r <= 0xFDCF:
		return true
	case r < 0xFDF0:
		return false // noncharacters
	case r <= 0xFFEF:
		return true
	case r < 0x10000:
		return false // specials
	case r < 0xE0000:
		return r&0xFFFF <= 0xFFFD // planes 1–13, less each plane's last two
	case r < 0xE1000:
		return false // tags
	}
	return r <= 0xEFFFD
}

// iprivate is RFC 3987's iprivate: private-use characters, allowed in a
// query.
func iprivate(r rune) bool {
	return 0xE000 <= r && r <= 0xF8FF || 0xF0000 <= r && r <= 0xFFFFD || 0x100000 <= r && r <= 0x10FFFD
}

// wellFormedLanguage reports whether s has the shape of a BCP 47 language
// tag: subtags of one to eight letters or digits joined by "-", the first
// of letters only ([a-zA-Z]{1,8}(-[a-zA-Z0-9]{1,8})*, the check jsonld.js
// makes).
func wellFormedLanguage(s string) bool {
	n := 0 // length of the current subtag
	first := true
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '-':
			if n == 0 {
				return false
			}
			n, first = 0, false
			continue
		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z':
		case '0' <= c && c <= '9' && !first:
		default:
			return false
		}
		if n++; n > 8 {
			return false
		}
	}
	return n > 0
}

// hasScheme reports whether s starts with a URI scheme and a colon
// (RFC 3986 §3.1), which is what makes it absolute.
func hasScheme(s string) bool { return schemeLength(s) > 0 }
