package jsonv

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"sync"
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

	// What only encoding/json's reading decides: the scan must agree.
	{name: "escapes", in: `["\"\\\/\b\f\n\r\t", "\u00e9\u20AC\u0000"]`},
	{name: "surrogate pair", in: `"\ud83d\ude00"`},
	{name: "lone high surrogate", in: `["\ud83d", "\ud83dx", "\ud83d\u0041", "\ud83d\ud83d\ude00"]`},
	{name: "lone low surrogate", in: `"\ude00\ud83d"`},
	{name: "invalid UTF-8", in: "[\"a\xffb\", \"\xe2\x82\", \"\xed\xa0\x80\", \"\xf4\x90\x80\x80\"]"},
	{name: "invalid UTF-8 keys are one key", in: "{\"\xff\": 1, \"\xfe\": 2}", dup: &DuplicateKeyError{Key: "\ufffd"}},
	{name: "escaped key repeats a raw one", in: `{"\ud83d\ude00": 1, "😀": 2}`, dup: &DuplicateKeyError{Key: "😀"}},
	{name: "UTF-8", in: `{"naïve": "日本語 😀", "\u2028": "\u2029"}`},
	{name: "numbers", in: `[0, -0, 1, -1.5, 1e5, 1E+5, 1e-5, 0.0e0, 123456789012345678901234567890, 1e400]`},
	{name: "literals", in: `[true, false, null, {"a": true, "b": false, "c": null}]`},
	{name: "many keys", in: `{"k0":0,"k1":1,"k2":2,"k3":3,"k4":4,"k5":5,"k6":6,"k7":7,"k8":8,"k9":9,"k10":10,"k11":11,"k12":12,"k13":13,"k14":14,"k15":15,"k16":16,"k17":17,"k18":18,"k19":19}`},
	{name: "duplicate among many keys", in: `{"k0":0,"k1":1,"k2":2,"k3":3,"k4":4,"k5":5,"k6":6,"k7":7,"k8":8,"k9":9,"k10":10,"k11":11,"k12":12,"k13":13,"k14":14,"k15":15,"k16":16,"k17":17,"k3":3}`,
		dup: &DuplicateKeyError{Key: "k3"}},
	{name: "duplicate deep in arrays", in: `{"a b": [0, [1, {"c": {"": {"x": 1, "x": 2}}}]]}`, dup: &DuplicateKeyError{Key: "x", Path: `["a b"][1][1].c[""]`}},
	{name: "duplicate, then not JSON", in: `{"a": 1, "a": x`, dup: &DuplicateKeyError{Key: "a"}},
	{name: "duplicate at the end", in: `{"a": 1, "a"`, dup: &DuplicateKeyError{Key: "a"}},
	{name: "not JSON, then a duplicate", in: `{"a": x, "a": 1}`, err: true},
	{name: "leading zero", in: `[01]`, err: true},
	{name: "bare minus", in: `[-]`, err: true},
	{name: "dot without digits", in: `[1.]`, err: true},
	{name: "exponent without digits", in: `[1e+]`, err: true},
	{name: "plus sign", in: `[+1]`, err: true},
	{name: "hex", in: `[0x1]`, err: true},
	{name: "bad escape", in: `["\x"]`, err: true},
	{name: "single-quote escape", in: `["\'"]`, err: true},
	{name: "short unicode escape", in: `["\u12"]`, err: true},
	{name: "not hex in a unicode escape", in: `["\u00g0"]`, err: true},
	{name: "bad unicode escape after a surrogate", in: `["\ud83d\uzzzz"]`, err: true},
	{name: "control character", in: "[\"a\tb\"]", err: true},
	{name: "unterminated string", in: `{"a": "b`, err: true},
	{name: "unterminated escape", in: `"\`, err: true},
	{name: "truncated literal", in: `[tru`, err: true},
	{name: "misspelt literal", in: `[nul1]`, err: true},
	{name: "literal run on", in: `[truex]`, err: true},
	{name: "number run on", in: `{"a": 1x}`, err: true},
	{name: "missing colon", in: `{"a" 1}`, err: true},
	{name: "missing value", in: `{"a":}`, err: true},
	{name: "trailing comma in object", in: `{"a": 1,}`, err: true},
	{name: "leading comma", in: `[,1]`, err: true},
	{name: "colon in array", in: `[1: 2]`, err: true},
	{name: "wrong close", in: `{"a": [1}`, err: true},
	{name: "close only", in: `]`, err: true},
	{name: "byte order mark", in: "\xef\xbb\xbf{}", err: true},
	{name: "vertical tab", in: "{}\v", err: true},
	{name: "top-level number run on", in: `1x`, err: true},
	{name: "top-level literal run on", in: `nullx`, err: true},
	{name: "top-level number unfinished", in: `1e`, err: true},
	{name: "line breaks before the error", in: "{\n  \"a\": 1,\n  \"b\": [\n    2,\n    3\n  ]\n  \"c\": 4\n}", err: true},
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
			if diff := diffDecode([]byte(tc.in)); diff != "" {
				t.Error(diff)
			}
		})
	}
}

// diffDecode says how Decode and CheckKeys differ from the implementation
// they replaced on b, or "" when they do not: in the value, in the error's
// type and text, and in its fields (a *json.SyntaxError's Offset, the
// line number shown to people, among them).
func diffDecode(b []byte) string {
	v, err := Decode(b)
	want, wantErr := decodeOracle(b, true)
	if d := diffError(err, wantErr); d != "" {
		return fmt.Sprintf("Decode(%q): %s", b, d)
	}
	if !reflect.DeepEqual(v, want) {
		return fmt.Sprintf("Decode(%q) = %#v, the tokens read %#v", b, v, want)
	}
	_, wantErr = decodeOracle(b, false)
	if d := diffError(CheckKeys(b), wantErr); d != "" {
		return fmt.Sprintf("CheckKeys(%q): %s", b, d)
	}
	return ""
}

func diffError(err, want error) string {
	switch {
	case err == nil && want == nil:
		return ""
	case err == nil || want == nil:
		return fmt.Sprintf("error %v, want %v", err, want)
	case reflect.TypeOf(err) != reflect.TypeOf(want) || err.Error() != want.Error():
		return fmt.Sprintf("error %T %q, want %T %q", err, err, want, want)
	}
	switch want.(type) {
	case *json.SyntaxError, *DuplicateKeyError, *DepthError:
		if !reflect.DeepEqual(err, want) {
			return fmt.Sprintf("error %#v, want %#v", err, want)
		}
	default: // a sentinel: io.ErrUnexpectedEOF, ErrTrailingData
		if err != want {
			return fmt.Sprintf("error %v is not the sentinel %v", err, want)
		}
	}
	return ""
}

// TestDecodeAgreesWithTokens holds Decode to the implementation it
// replaced on every JSON file in the repository, and on one credential cut
// short at each byte and spoilt at each byte.
func TestDecodeAgreesWithTokens(t *testing.T) {
	root := filepath.Join("..", "..", "..")
	n := 0
	err := filepath.WalkDir(root, func(path string, e fs.DirEntry, err error) error {
		if err != nil || e.IsDir() && e.Name() == ".git" {
			return err
		}
		if e.IsDir() || filepath.Ext(path) != ".json" {
			return nil
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		n++
		if diff := diffDecode(b); diff != "" {
			t.Errorf("%s: %.500s", path, diff)
		}
		return nil
	})
	if err != nil || n < 100 {
		t.Fatalf("read %d files: %v", n, err)
	}
	cred, err := os.ReadFile(filepath.Join(root, "testdata", "generated", "badge-teamwork-signed.json"))
	if err != nil {
		t.Fatal(err)
	}
	step := 1
	if testing.Short() || race {
		step = 7
	}
	spoilt := make([]byte, len(cred))
	for i := 0; i < len(cred); i += step {
		if diff := diffDecode(cred[:i]); diff != "" {
			t.Errorf("cut at %d: %.300s", i, diff)
		}
		for _, c := range []byte{'"', '\\', ']', '}', ',', ':', '1', 'x', 0, 0xff} {
			copy(spoilt, cred)
			spoilt[i] = c
			if diff := diffDecode(spoilt); diff != "" {
				t.Errorf("%q at %d: %.300s", c, i, diff)
			}
		}
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

// FuzzDecode holds Decode and CheckKeys to the implementation they
// replaced (values, errors and their fields), and to encoding/json: what
// they accept is valid and read as encoding/json reads it; what they refuse
// for another reason than a duplicate key or nesting (found before the end
// is read) is not valid JSON.
func FuzzDecode(f *testing.F) {
	for _, tc := range decodeCases {
		f.Add([]byte(tc.in))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		if diff := diffDecode(b); diff != "" {
			t.Fatal(diff)
		}
		v, err := Decode(b)
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

// TestDecodeConcurrently: decoders are pooled, their string caches kept
// from one document to the next; documents read at once must not mix.
func TestDecodeConcurrently(t *testing.T) {
	var docs [][]byte
	for _, tc := range decodeCases {
		docs = append(docs, []byte(tc.in))
	}
	var wg sync.WaitGroup
	for g := range 4 {
		wg.Go(func() {
			for i := range 50 {
				if diff := diffDecode(docs[(g+i)%len(docs)]); diff != "" {
					t.Error(diff)
					return
				}
			}
		})
	}
	wg.Wait()
}
