// Package jsonv holds the small helpers every part of verification needs to
// read JSON(-LD) values: a document decoded strictly (exact numbers, no key
// twice, bounded nesting), a value that may be one or many, and the shape
// of a compact JWS.
package jsonv

import (
	"bytes"
	"errors"
	"fmt"
)

// DecodeObject decodes exactly one JSON object, strictly as Decode does:
// numbers as json.Number, no key twice in one object (*DuplicateKeyError),
// no deeper than MaxDepth (*DepthError), nothing after it.
func DecodeObject(b []byte) (map[string]any, error) {
	v, err := Decode(b)
	if err != nil {
		return nil, err
	}
	switch m := v.(type) {
	case map[string]any:
		return m, nil
	case nil:
		return nil, errors.New("null, not an object")
	case []any:
		return nil, errors.New("a JSON array, not an object")
	case string:
		return nil, errors.New("a JSON string, not an object")
	}
	return nil, fmt.Errorf("%v, not an object", v) // a number, true or false
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
