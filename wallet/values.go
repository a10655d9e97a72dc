package wallet

import (
	"bytes"
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

// obj returns v as an object, or the first object of an array.
func obj(v any) map[string]any {
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

// list returns v as a slice: arrays as they are, a single value as one item.
func list(v any) []any {
	switch t := v.(type) {
	case nil:
		return nil
	case []any:
		return t
	}
	return []any{v}
}

// text returns a displayable string: strings as they are, numbers printed,
// language maps in English when present, else the first language.
func text(v any) string {
	switch t := v.(type) {
	case string:
		return strings.TrimSpace(t)
	case json.Number:
		return t.String()
	case bool:
		return strconv.FormatBool(t)
	case map[string]any:
		if s, ok := t["@value"]; ok {
			return text(s)
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
			if s := text(e); s != "" {
				return s
			}
		}
	}
	return ""
}

// idOf returns the id of a value that is either an IRI string or an object with an id.
func idOf(v any) string {
	if s, ok := v.(string); ok {
		return strings.TrimSpace(s)
	}
	if m := obj(v); m != nil {
		return text(m["id"])
	}
	return ""
}

// types returns the type (or @type) values of an object.
func types(m map[string]any) []string {
	if m == nil {
		return nil
	}
	v, ok := m["type"]
	if !ok {
		v = m["@type"]
	}
	var out []string
	for _, t := range list(v) {
		if s, ok := t.(string); ok {
			out = append(out, s)
		}
	}
	return out
}

func hasType(m map[string]any, want ...string) bool {
	for _, t := range types(m) {
		for _, w := range want {
			if t == w || strings.HasSuffix(t, "#"+w) {
				return true
			}
		}
	}
	return false
}

// contexts returns the @context entries that are strings.
func contexts(m map[string]any) []string {
	var out []string
	for _, c := range list(m["@context"]) {
		if s, ok := c.(string); ok {
			out = append(out, s)
		}
	}
	return out
}

// maxUnix is 9999-12-31T23:59:59Z: later times cannot be written as RFC 3339,
// so a store could not save an item holding one.
const maxUnix = 253402300799

// parseTime reads a date-time as credentials write it: RFC 3339, a date-time
// without zone (read as UTC), a bare date, or (OB 2.0) a Unix timestamp.
func parseTime(v any) time.Time {
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

// decodeDataURI returns the bytes and media type of a data: URI.
func decodeDataURI(s string) ([]byte, string, bool) {
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

// canonicalJSON re-encodes a decoded JSON value with sorted keys and no
// insignificant whitespace, so equal documents hash equally.
func canonicalJSON(v any) []byte {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(v)
	return bytes.TrimSpace(buf.Bytes())
}

// decodeJSON decodes b keeping numbers exact.
func decodeJSON(b []byte) (any, error) {
	d := json.NewDecoder(bytes.NewReader(b))
	d.UseNumber()
	var v any
	if err := d.Decode(&v); err != nil {
		return nil, err
	}
	if len(bytes.TrimSpace(b[d.InputOffset():])) > 0 {
		return nil, errTrailing
	}
	return v, nil
}
