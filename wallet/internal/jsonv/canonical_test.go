package jsonv

import (
	"bytes"
	"encoding/json"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

var canonicalCases = []struct {
	name string
	in   any
	want string // "" for nil: encoding/json refuses the value
}{
	{"null", nil, `null`},
	{"empty string", "", `""`},
	{"control characters", "\x00\x01\b\t\n\f\r\x1f\x7f", `"\u0000\u0001\b\t\n\f\r\u001f` + "\x7f" + `"`},
	{"quote, backslash, slash", `"\/`, `"\"\\/"`},
	{"no HTML escaping", "<a href='x'>&</a>", `"<a href='x'>&</a>"`},
	{"line and paragraph separators", "a\u2028b\u2029c", `"a\u2028b\u2029c"`},
	{"invalid UTF-8", "a\xffb\xe2\x82 \xed\xa0\x80", `"a\ufffdb\ufffd\ufffd \ufffd\ufffd\ufffd"`},
	{"UTF-8", "naïve 日本語 😀 \ufffd", `"naïve 日本語 😀 ` + "\ufffd" + `"`},
	{"number as written", json.Number("1.50"), `1.50`},
	{"zero Number", json.Number(""), `0`},
	{"big Number", json.Number("-1e400"), `-1e400`},
	{"invalid Number", json.Number("01"), ""},
	{"invalid Number deep", map[string]any{"a": []any{json.Number("1."), "x"}}, ""},
	{"float zero", 0.0, `0`},
	{"float negative zero", math.Copysign(0, -1), `-0`},
	{"float", 1.5, `1.5`},
	{"float integer", 123456789.0, `123456789`},
	{"float 1e-6", 1e-6, `0.000001`},
	{"float below 1e-6", 1e-7, `1e-7`},
	{"float below 1e-6, negative", -1.2345e-10, `-1.2345e-10`},
	{"float 1e20", 1e20, `100000000000000000000`},
	{"float 1e21", 1e21, `1e+21`},
	{"float smallest", 5e-324, `5e-324`},
	{"float largest", math.MaxFloat64, `1.7976931348623157e+308`},
	{"NaN", math.NaN(), ""},
	{"infinity", math.Inf(-1), ""},
	{"NaN deep", []any{map[string]any{"a": math.NaN()}}, ""},
	{"booleans", []any{true, false}, `[true,false]`},
	{"keys sorted by their bytes", map[string]any{"b": 1.0, "a": 2.0, "B": 3.0, "é": 4.0, "": 5.0, "a\n": 6.0, "a!": 7.0},
		`{"":5,"B":3,"a":2,"a\n":6,"a!":7,"b":1,"é":4}`},
	{"keys escaped", map[string]any{"a\"b\\": "\u2028", "\x00": nil}, `{"\u0000":null,"a\"b\\":"\u2028"}`},
	{"empty containers", map[string]any{"a": []any{}, "o": map[string]any{}}, `{"a":[],"o":{}}`},
	{"nil containers", []any{map[string]any(nil), []any(nil)}, `[null,null]`},
	{"nil map", map[string]any(nil), `null`},
	{"nested", map[string]any{"z": []any{map[string]any{"y": "1", "x": []any{json.Number("2"), nil}}}, "a": true},
		`{"a":true,"z":[{"x":[2,null],"y":"1"}]}`},
	{"other types, by encoding/json", map[string]any{"s": []string{"a"}, "m": map[string]string{"k": "<"}, "i": 3, "f": float32(0.1)},
		`{"f":0.1,"i":3,"m":{"k":"<"},"s":["a"]}`},
	{"a value inside one of another type", []string{"\u2028"}, `["\u2028"]`},
	{"many members", manyMembers(20), `{"k0":0,"k1":1,"k10":10,"k11":11,"k12":12,"k13":13,"k14":14,"k15":15,"k16":16,"k17":17,` +
		`"k18":18,"k19":19,"k2":2,"k3":3,"k4":4,"k5":5,"k6":6,"k7":7,"k8":8,"k9":9}`},
}

// manyMembers returns an object of n members, more than are sorted on the
// stack.
func manyMembers(n int) map[string]any {
	m := map[string]any{}
	for i := range n {
		m["k"+strconv.Itoa(i)] = json.Number(strconv.Itoa(i))
	}
	return m
}

func TestCanonical(t *testing.T) {
	for _, tc := range canonicalCases {
		t.Run(tc.name, func(t *testing.T) {
			got := Canonical(tc.in)
			if tc.want == "" && got != nil || tc.want != "" && string(got) != tc.want {
				t.Errorf("Canonical = %q, want %q", got, tc.want)
			}
			if want := canonicalOracle(tc.in); !bytes.Equal(got, want) || (got == nil) != (want == nil) {
				t.Errorf("Canonical = %q, json.Encoder writes %q", got, want)
			}
		})
	}
}

// TestCanonicalDeep: a value deeper than the encoder goes is encoding/json's
// to write, and one that holds itself its to refuse.
func TestCanonicalDeep(t *testing.T) {
	var deep any = "x"
	for range 2 * maxEncodeDepth {
		deep = []any{map[string]any{"a": deep}}
	}
	want := strings.Repeat(`[{"a":`, 2*maxEncodeDepth) + `"x"` + strings.Repeat(`}]`, 2*maxEncodeDepth)
	if got := Canonical(deep); string(got) != want {
		t.Errorf("Canonical = %.100q…", got)
	}
	cycle := map[string]any{}
	cycle["self"] = []any{cycle}
	if got := Canonical(cycle); got != nil {
		t.Errorf("Canonical = %.100q…, want nil", got)
	}
}

// diffCanonical says how Canonical differs from the implementation it
// replaced on v, or "" when it does not.
func diffCanonical(v any) string {
	got, want := Canonical(v), canonicalOracle(v)
	if !bytes.Equal(got, want) || (got == nil) != (want == nil) {
		return string(got) + "\njson.Encoder writes\n" + string(want)
	}
	return ""
}

// TestCanonicalAgreesWithEncoder holds Canonical to json.Encoder on every
// JSON file in the repository, decoded by Decode and by json.Unmarshal.
func TestCanonicalAgreesWithEncoder(t *testing.T) {
	n := 0
	err := filepath.WalkDir(filepath.Join("..", "..", ".."), func(path string, e fs.DirEntry, err error) error {
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
		if v, err := Decode(b); err == nil {
			if diff := diffCanonical(v); diff != "" {
				t.Errorf("%s, decoded: %.500s", path, diff)
			}
		}
		var u any
		if json.Unmarshal(b, &u) == nil {
			if diff := diffCanonical(u); diff != "" {
				t.Errorf("%s, unmarshalled: %.500s", path, diff)
			}
		}
		return nil
	})
	if err != nil || n < 100 {
		t.Fatalf("read %d files: %v", n, err)
	}
}

// FuzzCanonical holds Canonical to json.Encoder on what Decode and
// json.Unmarshal make of b, and on s and x as keys, strings, numbers and
// floats.
func FuzzCanonical(f *testing.F) {
	for i, tc := range decodeCases {
		s, _ := canonicalCases[i%len(canonicalCases)].in.(string)
		f.Add([]byte(tc.in), s, float64(i)*1.1e-7)
	}
	f.Add([]byte(`{"a":1.0}`), "\u2028\x7f\x1f\"\\", math.Inf(1))
	f.Add([]byte(`[1e21, 1e-7, -0]`), "1e400", 1e21)
	f.Fuzz(func(t *testing.T, b []byte, s string, x float64) {
		if v, err := Decode(b); err == nil {
			if diff := diffCanonical(v); diff != "" {
				t.Fatalf("Decode(%q): %s", b, diff)
			}
		}
		var u any
		if json.Unmarshal(b, &u) == nil {
			if diff := diffCanonical(u); diff != "" {
				t.Fatalf("json.Unmarshal(%q): %s", b, diff)
			}
		}
		v := map[string]any{s: s, s + "\x00": x, "n": json.Number(s), "l": []any{s, x, json.Number(s), nil}}
		if diff := diffCanonical(v); diff != "" {
			t.Fatalf("%#v: %s", v, diff)
		}
	})
}
