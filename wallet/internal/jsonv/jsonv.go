// Package jsonv holds the small helpers every part of verification needs to
// read JSON(-LD) values: one object decoded with exact numbers, a value that
// may be one or many, and the shape of a compact JWS.
package jsonv

import (
	"bytes"
	"encoding/json"
	"errors"
)

// DecodeObject decodes exactly one JSON object, numbers as json.Number.
func DecodeObject(b []byte) (map[string]any, error) {
	d := json.NewDecoder(bytes.NewReader(b))
	d.UseNumber()
	var m map[string]any
	if err := d.Decode(&m); err != nil {
		return nil, err
	}
	if m == nil {
		return nil, errors.New("null, not an object")
	}
	if d.More() {
		return nil, errors.New("unexpected data after the object")
	}
	return m, nil
}

// List returns v as a list: JSON-LD allows one value where many may be.
func List(v any) []any {
	switch x := v.(type) {
	case nil:
		return nil
	case []any:
		return x
	}
	return []any{v}
}

// LooksLikeJWS reports whether b has the shape of a compact JWS: three
// base64url parts, the first two not empty.
func LooksLikeJWS(b []byte) bool {
	parts := bytes.Split(b, []byte("."))
	if len(parts) != 3 || len(parts[0]) == 0 || len(parts[1]) == 0 {
		return false
	}
	for _, p := range parts {
		for _, c := range p {
			if !(c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '_' || c == '=') {
				return false
			}
		}
	}
	return true
}
