package jsonv

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
)

// MaxDepth is how deeply objects and arrays may nest in a document that
// Decode, DecodeObject and CheckKeys accept: far more than any credential
// needs, and bounded so hostile input costs no more than its size.
const MaxDepth = 512

// DuplicateKeyError reports a key that appears twice in one object. Parsers
// disagree on which of the two values counts (the first, the last, or an
// error), so a document holding one may be read one way when its signature
// is checked and another way when it is shown: it is refused.
type DuplicateKeyError struct {
	Key  string // the key, unescaped: "a" and "\u0061" are the same key
	Path string // where the object is, e.g. credentialSubject.achievement or proof[0]; "" for the top
}

func (e *DuplicateKeyError) Error() string {
	where := "the top-level object"
	if e.Path != "" {
		where = e.Path
	}
	return fmt.Sprintf("the key %q appears twice in %s; JSON readers disagree on which value counts, so the document is refused", e.Key, where)
}

// DepthError reports a document nested more deeply than MaxDepth.
type DepthError struct {
	Path string // the object or array that is one level too deep
}

func (e *DepthError) Error() string {
	return fmt.Sprintf("the JSON is nested more than %d levels deep (at %s), more than any credential is", MaxDepth, e.Path)
}

// ErrTrailingData means there is more than whitespace after the JSON value.
var ErrTrailingData = errors.New("unexpected data after the JSON value")

// Decode decodes exactly one JSON value strictly: numbers as json.Number,
// objects as map[string]any and arrays as []any, as encoding/json would;
// but a key given twice in one object is a *DuplicateKeyError, nesting
// deeper than MaxDepth a *DepthError, and anything but whitespace after the
// value ErrTrailingData. It works in one pass and without recursion.
func Decode(b []byte) (any, error) {
	return decodeAll(b, true)
}

// CheckKeys reports whether Decode accepts b, without keeping what it
// reads: the first duplicate key, excessive nesting or syntax error, or
// nil. It is the check for a document decoded another way, such as into a
// struct with json.Unmarshal, which takes the last of two equal keys.
func CheckKeys(b []byte) error {
	_, err := decodeAll(b, false)
	return err
}

func decodeAll(b []byte, build bool) (any, error) {
	d := json.NewDecoder(bytes.NewReader(b))
	d.UseNumber()
	v, err := decode(d, build)
	if err != nil {
		return nil, err
	}
	if _, err := d.Token(); err != io.EOF {
		return nil, ErrTrailingData
	}
	return v, nil
}

// frame is an object or array being decoded.
type frame struct {
	obj   map[string]any // the object, or nil for an array
	arr   []any          // the array's values, when they are kept
	n     int            // how many values the array has
	key   string         // the object's key whose value is being decoded
	keyed bool           // key is set: the next token is its value
	path  string         // where the container is
}

func (f *frame) value() any {
	if f.obj != nil {
		return f.obj
	}
	if f.arr == nil {
		return []any{}
	}
	return f.arr
}

// decode reads one value from d, and returns it when build is set. The
// containers being read are kept on an explicit stack: deeply nested input
// cannot exhaust the goroutine's stack.
func decode(d *json.Decoder, build bool) (any, error) {
	var stack []*frame
	for {
		tok, err := d.Token()
		if err == io.EOF {
			return nil, io.ErrUnexpectedEOF
		}
		if err != nil {
			return nil, err
		}
		var top *frame
		if len(stack) > 0 {
			top = stack[len(stack)-1]
		}
		// An object's key comes first: remember it, refusing a repeat.
		if top != nil && top.obj != nil && !top.keyed {
			if k, ok := tok.(string); ok { // else the object's end
				if _, dup := top.obj[k]; dup {
					return nil, &DuplicateKeyError{Key: k, Path: top.path}
				}
				top.key, top.keyed = k, true
				continue
			}
		}
		var v any
		switch t := tok.(type) {
		case json.Delim:
			switch t {
			case '{', '[':
				path := childPath(top)
				if len(stack) == MaxDepth {
					return nil, &DepthError{Path: orTop(path)}
				}
				f := &frame{path: path}
				if t == '{' {
					f.obj = map[string]any{}
				}
				stack = append(stack, f)
				continue
			default: // '}' or ']'
				stack = stack[:len(stack)-1]
				v = top.value()
				if len(stack) > 0 {
					top = stack[len(stack)-1]
				} else {
					top = nil
				}
			}
		default:
			v = t
		}
		if top == nil {
			return v, nil
		}
		switch {
		case !build && top.obj != nil:
			top.obj[top.key] = nil // the key is all a check needs
			top.key, top.keyed = "", false
		case top.obj != nil:
			top.obj[top.key] = v
			top.key, top.keyed = "", false
		case build:
			top.arr = append(top.arr, v)
		}
		if top.obj == nil {
			top.n++
		}
	}
}

// childPath is the path of the value being decoded in f.
func childPath(f *frame) string {
	switch {
	case f == nil:
		return ""
	case f.obj != nil:
		return joinKey(f.path, f.key)
	}
	return f.path + "[" + strconv.Itoa(f.n) + "]"
}

// joinKey appends key to path: with a dot when it reads plainly, else
// quoted in brackets.
func joinKey(path, key string) string {
	if key == "" || strings.ContainsAny(key, ".[]\"\\ ") || strings.IndexFunc(key, func(r rune) bool { return r < 0x20 || r == 0x7f }) >= 0 {
		return path + "[" + strconv.Quote(key) + "]"
	}
	if path == "" {
		return key
	}
	return path + "." + key
}

func orTop(path string) string {
	if path == "" {
		return "the top"
	}
	return path
}
