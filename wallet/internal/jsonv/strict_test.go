package jsonv

import (
	"bytes"
	"encoding/json"
	"errors"
	"reflect"
	"strings"
	"testing"
)

var decodeCases = []struct {
	name string
	in   string
	dup  *DuplicateKeyError // the duplicate found, if that is the error
	err  bool               // another error
}{
	{name: "object", in: `{"a": 1, "b": [true, null, "x"], "c": {"d": 1.50}}`},
	{name: "array", in: `[1, {"a": 1}, []]`},
	{name: "string", in: `"a\u0062c"`},
	{name: "number kept exact", in: `12345678901234567890.000`},
	{name: "whitespace around", in: " \n\t{} \r\n"},
	{name: "same key in two objects", in: `{"a": {"id": 1}, "b": {"id": 2}, "c": [{"id": 1}, {"id": 1}]}`},
	{name: "empty key", in: `{"": 1, "a": {"": 2}}`},
	{name: "keys differing only in case", in: `{"id": 1, "ID": 2, "Id": 3}`},

	{name: "duplicate at the top", in: `{"id": 1, "id": 2}`, dup: &DuplicateKeyError{Key: "id"}},
	{name: "duplicate nested", in: `{"credentialSubject": {"achievement": {"name": "a", "x": 1, "name": "b"}}}`,
		dup: &DuplicateKeyError{Key: "name", Path: "credentialSubject.achievement"}},
	{name: "duplicate in an array", in: `{"proof": [{"type": "x"}, {"proofValue": "a", "proofValue": "b"}]}`,
		dup: &DuplicateKeyError{Key: "proofValue", Path: "proof[1]"}},
	{name: "duplicate in nested arrays", in: `[[{}], [{"a": 1}, {"b": 1, "b": 1}]]`, dup: &DuplicateKeyError{Key: "b", Path: "[1][1]"}},
	{name: "duplicate escaped", in: `{"a": 1, "\u0061": 2}`, dup: &DuplicateKeyError{Key: "a"}},
	{name: "duplicate escaped slash", in: `{"x": {"a/b": 1, "a\/b": 2}}`, dup: &DuplicateKeyError{Key: "a/b", Path: "x"}},
	{name: "duplicate empty key", in: `{"": 1, "": 2}`, dup: &DuplicateKeyError{Key: ""}},
	{name: "duplicate under an odd key", in: `{"https://ex.org/a.b": {"k": 1, "k": 2}}`, dup: &DuplicateKeyError{Key: "k", Path: `["https://ex.org/a.b"]`}},
	{name: "duplicate with the same value", in: `{"a": 1, "a": 1}`, dup: &DuplicateKeyError{Key: "a"}},

	{name: "empty", in: ``, err: true},
	{name: "only whitespace", in: " \n", err: true},
	{name: "trailing value", in: `{} {}`, err: true},
	{name: "trailing brace", in: `{}}`, err: true},
	{name: "trailing garbage", in: `{"a": 1} x`, err: true},
	{name: "unterminated", in: `{"a": [1, 2`, err: true},
	{name: "missing comma", in: `{"a": 1 "b": 2}`, err: true},
	{name: "trailing comma", in: `[1, 2,]`, err: true},
	{name: "non-string key", in: `{1: 2}`, err: true},
	{name: "single quotes", in: `{'a': 1}`, err: true},
	{name: "bare word", in: `nope`, err: true},
}

func TestDecode(t *testing.T) {
	for _, tc := range decodeCases {
		t.Run(tc.name, func(t *testing.T) {
			v, err := Decode([]byte(tc.in))
			var dup *DuplicateKeyError
			switch {
			case tc.dup != nil:
				if !errors.As(err, &dup) || *dup != *tc.dup {
					t.Fatalf("Decode = %v, want %#v", err, tc.dup)
				}
			case tc.err:
				if err == nil {
					t.Fatalf("Decode = %#v, want an error", v)
				}
			case err != nil:
				t.Fatalf("Decode: %v", err)
			default:
				// What encoding/json makes of it, with exact numbers.
				d := json.NewDecoder(strings.NewReader(tc.in))
				d.UseNumber()
				var want any
				if err := d.Decode(&want); err != nil {
					t.Fatal(err)
				}
				if !reflect.DeepEqual(v, want) {
					t.Errorf("Decode = %#v, want %#v", v, want)
				}
			}
			if got := CheckKeys([]byte(tc.in)); (got == nil) != (tc.dup == nil && !tc.err) {
				t.Errorf("CheckKeys = %v", got)
			}
		})
	}
}

func TestDuplicateKeyErrorText(t *testing.T) {
	_, err := Decode([]byte(`{"proof": [{"a\u001b": 1, "a\u001b": 2}]}`))
	want := `the key "a\x1b" appears twice in proof[0]; JSON readers disagree on which value counts, so the document is refused`
	if err == nil || err.Error() != want {
		t.Errorf("error %q\nwant  %q", err, want)
	}
}

func TestDepth(t *testing.T) {
	nest := func(n int, open, close string) []byte {
		return []byte(strings.Repeat(open, n) + strings.Repeat(close, n))
	}
	if _, err := Decode(nest(MaxDepth, "[", "]")); err != nil {
		t.Errorf("%d levels: %v", MaxDepth, err)
	}
	// Far deeper than the limit, and than encoding/json's own: a typed
	// error, found without reading the whole input.
	for _, in := range [][]byte{nest(MaxDepth+1, "[", "]"), nest(1_000_000, `{"a":`, "}"), bytes.Repeat([]byte("["), 10_000_000)} {
		_, err := Decode(in)
		var deep *DepthError
		if !errors.As(err, &deep) {
			t.Errorf("%.20s… (%d bytes): %v, want a *DepthError", in, len(in), err)
		}
	}
	_, err := Decode(nest(MaxDepth+1, `{"a":`, "}"))
	var deep *DepthError
	if !errors.As(err, &deep) || !strings.HasPrefix(deep.Path, "a.a.a.") {
		t.Errorf("error %v", err)
	}
}

func TestDecodeObject(t *testing.T) {
	m, err := DecodeObject([]byte(`{"n": 1.0, "list": []}`))
	if err != nil || m["n"] != json.Number("1.0") || len(m["list"].([]any)) != 0 {
		t.Fatalf("DecodeObject = %#v, %v", m, err)
	}
	for _, in := range []string{`null`, `[]`, `"x"`, `1`, `true`, `{}x`, `{"a":1,"a":2}`} {
		if m, err := DecodeObject([]byte(in)); err == nil {
			t.Errorf("DecodeObject(%s) = %v, want an error", in, m)
		}
	}
	var dup *DuplicateKeyError
	if _, err := DecodeObject([]byte(`{"a":{"b":1,"b":2}}`)); !errors.As(err, &dup) || dup.Path != "a" {
		t.Errorf("duplicate: %v", err)
	}
}

// FuzzDecode checks Decode against encoding/json: what it accepts is valid
// and read as encoding/json reads it; what it refuses for another reason
// than a duplicate key or nesting (found before the end is read) is not
// valid JSON.
func FuzzDecode(f *testing.F) {
	for _, tc := range decodeCases {
		f.Add([]byte(tc.in))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		v, err := Decode(b)
		if cerr := CheckKeys(b); (cerr == nil) != (err == nil) {
			t.Fatalf("CheckKeys(%q) = %v, but Decode: %v", b, cerr, err)
		}
		var dup *DuplicateKeyError
		var deep *DepthError
		switch {
		case err == nil:
			d := json.NewDecoder(bytes.NewReader(b))
			d.UseNumber()
			var want any
			if derr := d.Decode(&want); derr != nil || !json.Valid(b) {
				t.Fatalf("Decode accepted %q, which encoding/json refuses: %v", b, derr)
			}
			if !reflect.DeepEqual(v, want) {
				t.Fatalf("Decode(%q) = %#v, encoding/json reads %#v", b, v, want)
			}
		case errors.As(err, &dup), errors.As(err, &deep):
		default:
			if json.Valid(b) {
				t.Fatalf("Decode refused valid JSON %q: %v", b, err)
			}
		}
	})
}
