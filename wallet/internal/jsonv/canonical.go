package jsonv

import (
	"bytes"
	"encoding/json"
	"math"
	"slices"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"
)

// Canonical re-encodes a decoded JSON value with sorted keys and no
// insignificant whitespace, so equal documents hash equally. The bytes are
// exactly those of encoding/json's Encoder with HTML escaping off, less its
// newline; nil when encoding/json cannot encode v. The values Decode and
// json.Unmarshal make are written here directly; others by encoding/json.
func Canonical(v any) []byte {
	e := encoders.Get().(*encoder)
	defer e.release()
	if e.value(v, 0) {
		return bytes.Clone(e.buf)
	}
	return encodeJSON(v)
}

// encodeJSON is Canonical by encoding/json, for what the encoder does not
// write itself.
func encodeJSON(v any) []byte {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(v)
	return bytes.TrimSpace(buf.Bytes())
}

// encoder writes the JSON of a value such as Decode makes, as encoding/json
// would with HTML escaping off, sorting objects' members by key.
type encoder struct {
	buf []byte
}

type member struct {
	key string
	val any
}

var encoders = sync.Pool{New: func() any { return new(encoder) }}

// release puts e back in the pool, unless it grew big on a big document.
func (e *encoder) release() {
	if cap(e.buf) > 64<<10 {
		return
	}
	e.buf = e.buf[:0]
	encoders.Put(e)
}

// maxEncodeDepth is how deeply the encoder follows nested values (Decode
// makes them no deeper than MaxDepth); a value deeper than that, perhaps
// holding itself, is left to encoding/json, which looks for cycles then.
const maxEncodeDepth = 1000

// value appends the JSON of v to e.buf. It reports false, having written
// part of it, for what only encoding/json should write: a type it does not
// know, nesting deeper than maxEncodeDepth, and what encoding/json refuses
// (NaN, infinities, a json.Number that is not a number).
func (e *encoder) value(v any, depth int) bool {
	switch t := v.(type) {
	case nil:
		e.buf = append(e.buf, "null"...)
	case string:
		e.buf = appendString(e.buf, t)
	case json.Number:
		s := string(t)
		if s == "" {
			s = "0" // as encoding/json writes the zero Number
		}
		if end, ok := scanNumber(s, 0); !ok || end != len(s) {
			return false
		}
		e.buf = append(e.buf, s...)
	case bool:
		e.buf = strconv.AppendBool(e.buf, t)
	case float64:
		if math.IsInf(t, 0) || math.IsNaN(t) {
			return false
		}
		e.buf = appendFloat(e.buf, t)
	case map[string]any:
		if t == nil {
			e.buf = append(e.buf, "null"...)
			break
		}
		if depth == maxEncodeDepth {
			return false
		}
		return e.object(t, depth+1)
	case []any:
		if t == nil {
			e.buf = append(e.buf, "null"...)
			break
		}
		if depth == maxEncodeDepth {
			return false
		}
		e.buf = append(e.buf, '[')
		for i, x := range t {
			if i > 0 {
				e.buf = append(e.buf, ',')
			}
			if !e.value(x, depth+1) {
				return false
			}
		}
		e.buf = append(e.buf, ']')
	default:
		return false
	}
	return true
}

// object writes m's members in the order of their keys' bytes, as
// encoding/json sorts them.
func (e *encoder) object(m map[string]any, depth int) bool {
	// A credential's objects have a few members: sorted on the stack, they
	// cost no allocation, nor the write barriers a heap slice would.
	var small [16]member
	members := small[:0]
	if len(m) > len(small) {
		members = make([]member, 0, len(m))
	}
	for k, v := range m {
		members = append(members, member{k, v})
	}
	sortMembers(members)
	e.buf = append(e.buf, '{')
	for i, mem := range members {
		if i > 0 {
			e.buf = append(e.buf, ',')
		}
		e.buf = appendString(e.buf, mem.key)
		e.buf = append(e.buf, ':')
		if !e.value(mem.val, depth) {
			return false
		}
	}
	e.buf = append(e.buf, '}')
	return true
}

// sortMembers sorts members by key: by insertion when they are few.
func sortMembers(members []member) {
	if len(members) > 16 {
		slices.SortFunc(members, func(a, b member) int { return strings.Compare(a.key, b.key) })
		return
	}
	for i := 1; i < len(members); i++ {
		for j := i; j > 0 && members[j].key < members[j-1].key; j-- {
			members[j], members[j-1] = members[j-1], members[j]
		}
	}
}

// appendString appends s quoted as encoding/json quotes it with HTML
// escaping off: \" \\ \b \f \n \r \t, other control characters as \u00XX,
// U+2028 and U+2029 as \u2028 and \u2029, and each byte that is not part of
// a UTF-8 character as \ufffd.
func appendString(b []byte, s string) []byte {
	const hex = "0123456789abcdef"
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if plain[c] {
			i++
			continue
		}
		if c < utf8.RuneSelf {
			b = append(b, s[start:i]...)
			switch c {
			case '"', '\\':
				b = append(b, '\\', c)
			case '\b':
				b = append(b, '\\', 'b')
			case '\f':
				b = append(b, '\\', 'f')
			case '\n':
				b = append(b, '\\', 'n')
			case '\r':
				b = append(b, '\\', 'r')
			case '\t':
				b = append(b, '\\', 't')
			default:
				b = append(b, '\\', 'u', '0', '0', hex[c>>4], hex[c&0xf])
			}
			i++
			start = i
			continue
		}
		switch r, size := utf8.DecodeRuneInString(s[i:]); {
		case r == utf8.RuneError && size == 1:
			b = append(b, s[start:i]...)
			b = append(b, `\ufffd`...)
			i++
			start = i
		case r == '\u2028' || r == '\u2029':
			b = append(b, s[start:i]...)
			b = append(b, '\\', 'u', '2', '0', '2', hex[r&0xf])
			i += size
			start = i
		default:
			i += size
		}
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}

// plain is the bytes written as they are in a string, but for those of
// UTF-8 characters: every ASCII character but control characters, " and \\.
var plain = func() (t [256]bool) {
	for c := ' '; c < utf8.RuneSelf; c++ {
		t[c] = c != '"' && c != '\\'
	}
	return t
}()

// appendFloat appends f as encoding/json writes a float64: like ES6, the
// shortest decimal that reads back as f, with an exponent only for
// magnitudes below 1e-6 or from 1e21 on, and that exponent unpadded.
func appendFloat(b []byte, f float64) []byte {
	format := byte('f')
	if abs := math.Abs(f); abs != 0 && (abs < 1e-6 || abs >= 1e21) {
		format = 'e'
	}
	b = strconv.AppendFloat(b, f, format, -1, 64)
	if format == 'e' {
		// e-09 to e-9
		if n := len(b); n >= 4 && b[n-4] == 'e' && b[n-3] == '-' && b[n-2] == '0' {
			b[n-2] = b[n-1]
			b = b[:n-1]
		}
	}
	return b
}
