package jsonv

import (
	"bytes"
	"encoding/json"
	"errors"
	"hash/maphash"
	"io"
	"unicode"
	"unicode/utf16"
	"unicode/utf8"
)

// errSyntax is the scan's finding that its input is not JSON. Decode
// never returns it: syntaxError makes the error to return.
var errSyntax = errors.New("jsonv: not JSON")

// space skips whitespace and returns d.i.
func (d *decoder) space() int {
	for d.i < len(d.data) {
		switch d.data[d.i] {
		case ' ', '\t', '\n', '\r':
			d.i++
		default:
			return d.i
		}
	}
	return d.i
}

// literal reads word (true, false or null), which starts at d.i.
func (d *decoder) literal(word string) bool {
	if len(d.data)-d.i < len(word) || string(d.data[d.i:d.i+len(word)]) != word {
		return false
	}
	d.i += len(word)
	return true
}

// number reads the number that starts at d.i, as it is written.
func (d *decoder) number() (json.Number, error) {
	end, ok := scanNumber(d.data, d.i)
	if !ok {
		return "", errSyntax
	}
	start := d.i
	d.i = end
	if !d.build {
		return "", nil
	}
	return json.Number(d.data[start:end]), nil
}

// scanNumber reads a number by JSON's grammar from b[i:] on, and returns
// where it ends; false when b[i:] does not start with one.
func scanNumber[T string | []byte](b T, i int) (int, bool) {
	if i < len(b) && b[i] == '-' {
		i++
	}
	switch {
	case i == len(b):
		return i, false
	case b[i] == '0':
		i++
	case '1' <= b[i] && b[i] <= '9':
		i = digits(b, i+1)
	default:
		return i, false
	}
	if i < len(b) && b[i] == '.' {
		if i++; i == len(b) || !isDigit(b[i]) {
			return i, false
		}
		i = digits(b, i+1)
	}
	if i < len(b) && (b[i] == 'e' || b[i] == 'E') {
		if i++; i < len(b) && (b[i] == '+' || b[i] == '-') {
			i++
		}
		if i == len(b) || !isDigit(b[i]) {
			return i, false
		}
		i = digits(b, i+1)
	}
	return i, true
}

func isDigit(c byte) bool { return '0' <= c && c <= '9' }

// digits returns the index of the first byte from i on that is not a digit.
func digits[T string | []byte](b T, i int) int {
	for i < len(b) && isDigit(b[i]) {
		i++
	}
	return i
}

// str reads the string whose opening quote is at d.i, and returns it
// unescaped: in d.data when it has nothing to unescape, else in d.buf.
func (d *decoder) str() ([]byte, error) {
	b := d.data
	start := d.i + 1
	for i := start; i < len(b); {
		c := b[i]
		switch {
		case c == '"':
			d.i = i + 1
			return b[start:i], nil
		case c == '\\' || c < ' ':
			return d.unescape(start, i)
		case c < utf8.RuneSelf:
			i++
		default:
			r, size := utf8.DecodeRune(b[i:])
			if r == utf8.RuneError && size == 1 {
				return d.unescape(start, i)
			}
			i += size
		}
	}
	return nil, errSyntax
}

// unescape reads on from i the string that starts at start (after its
// quote), which holds an escape or a byte that is not UTF-8, decoding both
// as encoding/json does: a surrogate that is not half of a pair, and each
// byte that is not part of a UTF-8 character, become U+FFFD.
func (d *decoder) unescape(start, i int) ([]byte, error) {
	b := d.data
	out := append(d.buf[:0], b[start:i]...)
	defer func() { d.buf = out[:0] }()
	for i < len(b) {
		c := b[i]
		switch {
		case c == '"':
			d.i = i + 1
			return out, nil
		case c < ' ':
			return nil, errSyntax
		case c < utf8.RuneSelf && c != '\\':
			out = append(out, c)
			i++
		case c >= utf8.RuneSelf:
			r, size := utf8.DecodeRune(b[i:])
			out = utf8.AppendRune(out, r)
			i += size
		case i+1 == len(b):
			return nil, errSyntax
		default:
			e := b[i+1]
			i += 2
			switch e {
			case '"', '\\', '/':
				out = append(out, e)
			case 'b':
				out = append(out, '\b')
			case 'f':
				out = append(out, '\f')
			case 'n':
				out = append(out, '\n')
			case 'r':
				out = append(out, '\r')
			case 't':
				out = append(out, '\t')
			case 'u':
				r := hex4(b, i)
				if r < 0 {
					return nil, errSyntax
				}
				i += 4
				if utf16.IsSurrogate(r) {
					r2 := rune(-1)
					if i+1 < len(b) && b[i] == '\\' && b[i+1] == 'u' {
						r2 = hex4(b, i+2)
					}
					if pair := utf16.DecodeRune(r, r2); pair != unicode.ReplacementChar {
						r = pair
						i += 6
					} else {
						r = unicode.ReplacementChar
					}
				}
				out = utf8.AppendRune(out, r)
			default:
				return nil, errSyntax
			}
		}
	}
	return nil, errSyntax
}

// cacheSets is how many sets of two strings a decoder's key cache, and
// its value cache, hold: two to a set, so that two keys a document uses
// often are not likely to keep pushing each other out. cacheMax is the
// length of the longest string they hold.
const (
	cacheSets = 256
	cacheMax  = 48
)

var cacheSeed = maphash.MakeSeed()

func cacheSet(b []byte) uint64 { return maphash.Bytes(cacheSeed, b) % cacheSets }

// keyString returns b as a string, from the cache when it is there.
func (d *decoder) keyString(b []byte) string {
	if len(b) > cacheMax {
		return string(b)
	}
	set := &d.keyCache[cacheSet(b)]
	switch string(b) {
	case set[0]:
	case set[1]:
		set[0], set[1] = set[1], set[0]
	default:
		set[0], set[1] = string(b), set[0]
	}
	return set[0]
}

// valueString returns b as a string in an interface value, from the cache
// when it is there: making the interface value costs as much as the string.
func (d *decoder) valueString(b []byte) any {
	if len(b) > cacheMax {
		return string(b)
	}
	set := &d.valCache[cacheSet(b)]
	if s, ok := set[0].(string); ok && s == string(b) {
		return set[0]
	}
	if s, ok := set[1].(string); ok && s == string(b) {
		set[0], set[1] = set[1], set[0]
	} else {
		set[0], set[1] = string(b), set[0]
	}
	return set[0]
}

// hex4 returns the four hex digits at b[i:], or -1.
func hex4(b []byte, i int) rune {
	if len(b)-i < 4 {
		return -1
	}
	var r rune
	for _, c := range b[i : i+4] {
		switch {
		case '0' <= c && c <= '9':
			c -= '0'
		case 'a' <= c && c <= 'f':
			c -= 'a' - 10
		case 'A' <= c && c <= 'F':
			c -= 'A' - 10
		default:
			return -1
		}
		r = r<<4 | rune(c)
	}
	return r
}

// errDisagree would mean the scan refused what encoding/json accepts.
var errDisagree = errors.New("jsonv: the JSON could not be read")

// syntaxError returns the error that reading b with json.Decoder's tokens
// gives, b being input the scan found is not JSON (and nothing else wrong
// with before that): a *json.SyntaxError, io.ErrUnexpectedEOF or
// ErrTrailingData, the very error Decode gave when it was built on those
// tokens. The tokens are slow, but the scan is how valid input is read.
func syntaxError(b []byte) error {
	d := json.NewDecoder(bytes.NewReader(b))
	d.UseNumber() // else a number too big for a float64 is an error of another kind
	for depth := 0; ; {
		tok, err := d.Token()
		if err == io.EOF {
			return io.ErrUnexpectedEOF
		}
		if err != nil {
			return err
		}
		switch tok {
		case json.Delim('{'), json.Delim('['):
			depth++
		case json.Delim('}'), json.Delim(']'):
			depth--
		}
		if depth == 0 {
			break
		}
	}
	if _, err := d.Token(); err != io.EOF {
		return ErrTrailingData
	}
	return errDisagree
}
