package jsonv

import (
	"encoding/base64"
	"encoding/json"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"time"
)

// Helpers for reading JSON-LD-ish documents decoded into map[string]any,
// where a value may be a string, a language map, an object or an array.

// Obj returns v as an object, or the first object of an array.
func Obj(v any) map[string]any {
	switch t := v.(type) {
	case map[string]any:
		return t
	case []any:
		for _, e := range t {
			if m, ok := e.(map[string]any); ok {
				return m
			}
		}
	}
	return nil
}

// Text returns a displayable string: strings as they are, numbers printed,
// language maps in English when present, else the first language.
func Text(v any) string {
	switch t := v.(type) {
	case string:
		return strings.TrimSpace(t)
	case json.Number:
		return t.String()
	case bool:
		return strconv.FormatBool(t)
	case map[string]any:
		if s, ok := t["@value"]; ok {
			return Text(s)
		}
		for _, k := range []string{"en", "en-US", "en-GB"} {
			if s, ok := t[k].(string); ok {
				return strings.TrimSpace(s)
			}
		}
		keys := make([]string, 0, len(t))
		for k := range t {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			if s, ok := t[k].(string); ok {
				return strings.TrimSpace(s)
			}
		}
	case []any:
		for _, e := range t {
			if s := Text(e); s != "" {
				return s
			}
		}
	}
	return ""
}

// IDOf returns the id of a value that is either an IRI string or an object with an id.
func IDOf(v any) string {
	if s, ok := v.(string); ok {
		return strings.TrimSpace(s)
	}
	if m := Obj(v); m != nil {
		return Text(m["id"])
	}
	return ""
}

// Types returns the type (or @type) values of an object.
func Types(m map[string]any) []string {
	if m == nil {
		return nil
	}
	v, ok := m["type"]
	if !ok {
		v = m["@type"]
	}
	var out []string
	for _, t := range List(v) {
		if s, ok := t.(string); ok {
			out = append(out, s)
		}
	}
	return out
}

func HasType(m map[string]any, want ...string) bool {
	for _, t := range Types(m) {
		for _, w := range want {
			if t == w || strings.HasSuffix(t, "#"+w) {
				return true
			}
		}
	}
	return false
}

// Contexts returns the @context entries that are strings.
func Contexts(m map[string]any) []string {
	var out []string
	for _, c := range List(m["@context"]) {
		if s, ok := c.(string); ok {
			out = append(out, s)
		}
	}
	return out
}

// maxUnix is 9999-12-31T23:59:59Z: later times cannot be written as RFC 3339,
// so a store could not save an item holding one.
const maxUnix = 253402300799

// Time reads a date-time as credentials write it: RFC 3339, a date-time
// without zone (read as UTC), a bare date, or (OB 2.0) a Unix timestamp.
func Time(v any) time.Time {
	switch t := v.(type) {
	case json.Number:
		if n, err := t.Int64(); err == nil && n > 0 && n <= maxUnix {
			return time.Unix(n, 0).UTC()
		}
	case string:
		s := strings.TrimSpace(t)
		for _, layout := range []string{time.RFC3339Nano, "2006-01-02T15:04:05Z0700", "2006-01-02T15:04:05", "2006-01-02T15:04:05.999999999", "2006-01-02"} {
			if tm, err := time.Parse(layout, s); err == nil {
				return tm
			}
		}
		if n, err := strconv.ParseInt(s, 10, 64); err == nil && n > 0 && n <= maxUnix {
			return time.Unix(n, 0).UTC()
		}
	}
	return time.Time{}
}

// DataURI returns the bytes and media type of a data: URI.
func DataURI(s string) ([]byte, string, bool) {
	rest, ok := strings.CutPrefix(s, "data:")
	if !ok {
		return nil, "", false
	}
	meta, payload, ok := strings.Cut(rest, ",")
	if !ok {
		return nil, "", false
	}
	mediaType, _, _ := strings.Cut(meta, ";")
	if strings.HasSuffix(meta, ";base64") {
		payload = strings.Map(func(r rune) rune {
			if r == ' ' || r == '\n' || r == '\r' || r == '\t' {
				return -1
			}
			return r
		}, payload)
		b, err := base64.StdEncoding.DecodeString(payload)
		if err != nil {
			if b, err = base64.RawStdEncoding.DecodeString(strings.TrimRight(payload, "=")); err != nil {
				return nil, "", false
			}
		}
		return b, mediaType, true
	}
	u, err := url.PathUnescape(payload)
	if err != nil {
		return nil, "", false
	}
	return []byte(u), mediaType, true
}

// The base contexts of the two data models of verifiable credentials.
const (
	ContextV1 = "https://www.w3.org/2018/credentials/v1"
	ContextV2 = "https://www.w3.org/ns/credentials/v2"
)

// FirstContext returns the first @context entry of m when it is a string.
func FirstContext(m map[string]any) string {
	if l := List(m["@context"]); len(l) > 0 {
		s, _ := l[0].(string)
		return s
	}
	return ""
}

// IsVCDM1 reports whether m is written in the VC Data Model 1.1: its first
// context is the 1.1 base context. Everything else is read as 2.0.
func IsVCDM1(m map[string]any) bool { return FirstContext(m) == ContextV1 }

// String returns v when it is a JSON string, else "".
func String(v any) string {
	s, _ := v.(string)
	return s
}

// ID returns v when it is a string, or the "id" string of an object,
// exactly as written: what signatures, keys and bindings are compared by.
// (IDOf, for showing, trims and looks into arrays.)
func ID(v any) string {
	if m, ok := v.(map[string]any); ok {
		return String(m["id"])
	}
	return String(v)
}

// Strings returns the strings of a string-or-array value.
func Strings(v any) []string {
	var out []string
	for _, x := range List(v) {
		if s, ok := x.(string); ok {
			out = append(out, s)
		}
	}
	return out
}

// IsType reports whether a type value (a string or an array of them)
// names want exactly.
func IsType(v any, want string) bool {
	if s, ok := v.([]string); ok {
		for _, t := range s {
			if t == want {
				return true
			}
		}
		return false
	}
	for _, t := range Strings(v) {
		if t == want {
			return true
		}
	}
	return false
}
