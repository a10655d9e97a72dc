package jsonv

import (
	"bytes"
	"encoding/json"
	"io"
	"strconv"
)

// The implementations Decode, CheckKeys and Canonical replaced, kept as the
// oracles the differential tests and fuzz targets hold them to: built on
// encoding/json's Decoder.Token and Encoder, so slow, but plainly what
// encoding/json does.

// decodeOracle is the former Decode (build set) and CheckKeys (unset).
func decodeOracle(b []byte, build bool) (any, error) {
	d := json.NewDecoder(bytes.NewReader(b))
	d.UseNumber()
	v, err := oracleDecode(d, build)
	if err != nil {
		return nil, err
	}
	if _, err := d.Token(); err != io.EOF {
		return nil, ErrTrailingData
	}
	return v, nil
}

// oracleFrame is an object or array being decoded.
type oracleFrame struct {
	obj   map[string]any // the object, or nil for an array
	arr   []any          // the array's values, when they are kept
	n     int            // how many values the array has
	key   string         // the object's key whose value is being decoded
	keyed bool           // key is set: the next token is its value
	path  string         // where the container is
}

func (f *oracleFrame) value() any {
	if f.obj != nil {
		return f.obj
	}
	if f.arr == nil {
		return []any{}
	}
	return f.arr
}

func oracleDecode(d *json.Decoder, build bool) (any, error) {
	var stack []*oracleFrame
	for {
		tok, err := d.Token()
		if err == io.EOF {
			return nil, io.ErrUnexpectedEOF
		}
		if err != nil {
			return nil, err
		}
		var top *oracleFrame
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
				path := oracleChildPath(top)
				if len(stack) == MaxDepth {
					return nil, &DepthError{Path: orTop(path)}
				}
				f := &oracleFrame{path: path}
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

func oracleChildPath(f *oracleFrame) string {
	switch {
	case f == nil:
		return ""
	case f.obj != nil:
		return joinKey(f.path, f.key)
	}
	return f.path + "[" + strconv.Itoa(f.n) + "]"
}

// canonicalOracle is the former Canonical.
func canonicalOracle(v any) []byte {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(v)
	return bytes.TrimSpace(buf.Bytes())
}
