package jsonv

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"sync"
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
// value ErrTrailingData. Input that is not JSON gets the error reading it
// with json.Decoder's tokens gives (and Decode gave when it was built on
// them): a *json.SyntaxError, Offset and all, or io.ErrUnexpectedEOF when
// the input ends too early. Valid input is read in one pass, without
// recursion.
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
	d := decoders.Get().(*decoder)
	defer d.release()
	d.data, d.i, d.build = b, 0, build
	v, err := d.decode()
	if err == nil && d.space() < len(b) {
		err = ErrTrailingData
	}
	if err == errSyntax {
		// Rare, and worth the time: the error exactly as it always was,
		// with the Offset the line numbers shown to people come from.
		err = syntaxError(b)
	}
	if err != nil {
		return nil, err
	}
	return v, nil
}

// decoder reads one JSON value, keeping the containers it is inside on a
// stack of its own, so that deeply nested input cannot exhaust the
// goroutine's stack. The keys and values of all open containers share two
// slices; a container's own are made when it ends, at their final size.
type decoder struct {
	data  []byte
	i     int  // the next byte to read
	build bool // keep the values, not only check them
	stack []frame
	keys  []string // the keys read in the open objects
	vals  []any    // the values read in the open containers, when kept
	buf   []byte   // a string being unescaped

	// Short strings read before, kept from one document to the next:
	// keys such as "type" and values such as "VerifiableCredential" recur,
	// and a string in an interface value costs two allocations.
	keyCache [cacheSets][2]string // the last used first
	valCache [cacheSets][2]any    // strings, made interface values once
}

// Decoders are pooled: their stacks and string caches are reused. A
// decoder the pool holds keeps no more of the documents it read than the
// few short strings of its caches (and sync.Pool lets go of what is not
// used between two garbage collections).
var decoders = sync.Pool{New: func() any { return new(decoder) }}

// release puts d back in the pool, unless it grew big on a big document.
func (d *decoder) release() {
	d.data = nil
	clear(d.stack[:cap(d.stack)])
	clear(d.keys[:cap(d.keys)])
	clear(d.vals[:cap(d.vals)])
	clear(d.buf[:cap(d.buf)])
	d.stack, d.keys, d.vals = d.stack[:0], d.keys[:0], d.vals[:0]
	if cap(d.stack) > 64 || cap(d.keys) > 1<<10 || cap(d.vals) > 1<<10 || cap(d.buf) > 16<<10 {
		return
	}
	decoders.Put(d)
}

// frame is an object or array being decoded.
type frame struct {
	object bool
	keys   int                 // where the object's keys start in decoder.keys
	vals   int                 // where the values start in decoder.vals
	n      int                 // how many values have been read
	index  map[string]struct{} // a big object's keys, to find a repeat fast
}

// indexAt is how many keys an object has before a repeat is looked for in
// a map rather than by comparing with each: credentials' objects have few.
const indexAt = 16

// decode reads the value at d.i. Its errors are *DuplicateKeyError,
// *DepthError and errSyntax.
func (d *decoder) decode() (any, error) {
	for {
		// A value starts here: a scalar, or a container to step into.
		var v any
		if d.space() == len(d.data) {
			return nil, errSyntax
		}
		switch c := d.data[d.i]; c {
		case '{', '[':
			if len(d.stack) == MaxDepth {
				return nil, &DepthError{Path: orTop(d.path(len(d.stack)))}
			}
			d.i++
			d.stack = append(d.stack, frame{object: c == '{', keys: len(d.keys), vals: len(d.vals)})
			end := byte(']')
			if c == '{' {
				end = '}'
			}
			if d.space() < len(d.data) && d.data[d.i] == end {
				d.i++
				v = d.pop()
				break
			}
			if c == '{' {
				if err := d.key(); err != nil {
					return nil, err
				}
			}
			continue
		case '"':
			s, err := d.str()
			if err != nil {
				return nil, err
			}
			if d.build {
				v = d.valueString(s)
			}
		case 't':
			if !d.literal("true") {
				return nil, errSyntax
			}
			v = true
		case 'f':
			if !d.literal("false") {
				return nil, errSyntax
			}
			v = false
		case 'n':
			if !d.literal("null") {
				return nil, errSyntax
			}
		default:
			n, err := d.number()
			if err != nil {
				return nil, err
			}
			if d.build {
				v = n
			}
		}
		// v is whole: it goes into the container it is in, and the
		// containers that end after it are made and go into theirs.
		for {
			if len(d.stack) == 0 {
				return v, nil
			}
			f := &d.stack[len(d.stack)-1]
			if d.build {
				d.vals = append(d.vals, v)
			}
			f.n++
			if d.space() == len(d.data) {
				return nil, errSyntax
			}
			c := d.data[d.i]
			d.i++
			if c == ',' {
				if f.object {
					if err := d.key(); err != nil {
						return nil, err
					}
				}
				break
			}
			if f.object && c != '}' || !f.object && c != ']' {
				return nil, errSyntax
			}
			v = d.pop()
		}
	}
}

// key reads an object's key and the colon after it, refusing a key the
// object already has.
func (d *decoder) key() error {
	if d.space() == len(d.data) || d.data[d.i] != '"' {
		return errSyntax
	}
	raw, err := d.str()
	if err != nil {
		return err
	}
	k := d.keyString(raw)
	f := &d.stack[len(d.stack)-1]
	if have := d.keys[f.keys:]; f.index == nil && len(have) < indexAt {
		for _, h := range have {
			if h == k {
				return &DuplicateKeyError{Key: k, Path: d.path(len(d.stack) - 1)}
			}
		}
	} else {
		if f.index == nil {
			f.index = make(map[string]struct{}, 2*indexAt)
			for _, h := range have {
				f.index[h] = struct{}{}
			}
		}
		if _, dup := f.index[k]; dup {
			return &DuplicateKeyError{Key: k, Path: d.path(len(d.stack) - 1)}
		}
		f.index[k] = struct{}{}
	}
	d.keys = append(d.keys, k)
	if d.space() == len(d.data) || d.data[d.i] != ':' {
		return errSyntax
	}
	d.i++
	return nil
}

// pop ends the innermost container and returns it, when values are kept.
func (d *decoder) pop() any {
	f := d.stack[len(d.stack)-1]
	d.stack = d.stack[:len(d.stack)-1]
	keys := d.keys[f.keys:]
	d.keys = d.keys[:f.keys]
	if !d.build {
		return nil
	}
	vals := d.vals[f.vals:]
	d.vals = d.vals[:f.vals]
	if f.object {
		m := make(map[string]any, len(vals))
		for i, v := range vals {
			m[keys[i]] = v
		}
		return m
	}
	a := make([]any, len(vals))
	copy(a, vals)
	return a
}

// path returns where the value read at depth n is: the path of d.stack[n],
// or of the value being read in the innermost container when n is
// len(d.stack). It is only wanted for an error, so only made for one.
func (d *decoder) path(n int) string {
	p := ""
	for i := range n {
		f := &d.stack[i]
		if !f.object {
			p += "[" + strconv.Itoa(f.n) + "]"
			continue
		}
		end := len(d.keys) // the object's last key is the one being read
		if i+1 < len(d.stack) {
			end = d.stack[i+1].keys
		}
		p = joinKey(p, d.keys[end-1])
	}
	return p
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
