package ld

import (
	"encoding/json"
	"math"
	"strconv"
	"strings"
	"testing"
)

// RFC 8785 Appendix B: IEEE 754 doubles and their ECMAScript form.
var jcsNumbers = []struct{ bits, want string }{
	{"0000000000000000", "0"},
	{"8000000000000000", "0"},
	{"0000000000000001", "5e-324"},
	{"8000000000000001", "-5e-324"},
	{"7fefffffffffffff", "1.7976931348623157e+308"},
	{"ffefffffffffffff", "-1.7976931348623157e+308"},
	{"4340000000000000", "9007199254740992"},
	{"c340000000000000", "-9007199254740992"},
	{"4430000000000000", "295147905179352830000"},
	{"44b52d02c7e14af5", "9.999999999999997e+22"},
	{"44b52d02c7e14af6", "1e+23"},
	{"44b52d02c7e14af7", "1.0000000000000001e+23"},
	{"444b1ae4d6e2ef4e", "999999999999999700000"},
	{"444b1ae4d6e2ef4f", "999999999999999900000"},
	{"444b1ae4d6e2ef50", "1e+21"},
	{"3eb0c6f7a0b5ed8c", "9.999999999999997e-7"},
	{"3eb0c6f7a0b5ed8d", "0.000001"},
	{"41b3de4355555553", "333333333.3333332"},
	{"41b3de4355555554", "333333333.33333325"},
	{"41b3de4355555555", "333333333.3333333"},
	{"41b3de4355555556", "333333333.3333334"},
	{"41b3de4355555557", "333333333.33333343"},
	{"becbf647612f3696", "-0.0000033333333333333333"},
	{"43143ff3c1cb0959", "1424953923781206.2"},
}

func TestJCSNumbers(t *testing.T) {
	for _, c := range jcsNumbers {
		bits, err := strconv.ParseUint(c.bits, 16, 64)
		if err != nil {
			t.Fatal(err)
		}
		got, err := jcs(math.Float64frombits(bits))
		if err != nil || got != c.want {
			t.Errorf("%s: got %q, %v; want %q", c.bits, got, err, c.want)
		}
	}
	for _, in := range []string{"7fffffffffffffff", "7ff0000000000000", "fff0000000000000"} {
		bits, _ := strconv.ParseUint(in, 16, 64)
		if got, err := jcs(math.Float64frombits(bits)); err == nil {
			t.Errorf("%s: got %q, want an error", in, got)
		}
	}
	// What the brief and the toRdf suite name, as float64 and json.Number.
	for in, want := range map[string]string{
		"1e21": "1e+21", "0.000001": "0.000001", "1e-7": "1e-7", "-0": "0", "-0.0": "0",
		"1.0": "1", "100": "100", "1E30": "1e+30", "4.50": "4.5", "2e-3": "0.002",
		"0.000000000000000000000000001": "1e-27", "333333333.33333329": "333333333.3333333",
		"123456789012345678901234567890": "1.2345678901234568e+29",
	} {
		f, _ := strconv.ParseFloat(in, 64)
		for _, v := range []any{f, json.Number(in)} {
			if got, err := jcs(v); err != nil || got != want {
				t.Errorf("%s as %T: got %q, %v; want %q", in, v, got, err, want)
			}
		}
	}
	if got, err := jcs(json.Number("1e400")); err == nil {
		t.Errorf("1e400: got %q, want an error", got)
	}
}

func TestJCS(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		// RFC 8785 §3.2.2.
		{`{
			"numbers": [333333333.33333329, 1E30, 4.50, 2e-3, 0.000000000000000000000000001],
			"string": "\u20ac$\u000F\u000aA'\u0042\u0022\u005c\\\"\/",
			"literals": [null, true, false]
		}`, `{"literals":[null,true,false],"numbers":[333333333.3333333,1e+30,4.5,0.002,1e-27],"string":"€$\u000f\nA'B\"\\\\\"/"}`},
		// RFC 8785 §3.2.3: sorted by UTF-16 code units, so the emoji
		// (D83D DE00) comes before U+FB33, against UTF-8 byte order.
		{`{
			"\u20ac": "Euro Sign",
			"\r": "Carriage Return",
			"\ufb33": "Hebrew Letter Dalet With Dagesh",
			"1": "One",
			"\ud83d\ude00": "Emoji: Grinning Face",
			"\u0080": "Control",
			"\u00f6": "Latin Small Letter O With Diaeresis"
		}`, "{\"\\r\":\"Carriage Return\",\"1\":\"One\",\"\u0080\":\"Control\",\"\u00f6\":\"Latin Small Letter O With Diaeresis\",\"\u20ac\":\"Euro Sign\",\"\U0001F600\":\"Emoji: Grinning Face\",\"\uFB33\":\"Hebrew Letter Dalet With Dagesh\"}"},
		// The short escapes, lower-case \u00xx for the other controls,
		// and nothing escaped that JSON.stringify leaves alone.
		{`"\b\t\n\f\r\u0000\u001f\u007f<>&\u2028/"`, "\"\\b\\t\\n\\f\\r\\u0000\\u001f\u007f<>&\u2028/\""},
		{`[]`, `[]`},
		{`{}`, `{}`},
		{`null`, `null`},
		{`[{"b":[],"a":{"d":1,"c":true}}]`, `[{"a":{"c":true,"d":1},"b":[]}]`},
	} {
		for _, useNumber := range []bool{false, true} {
			dec := json.NewDecoder(strings.NewReader(c.in))
			if useNumber {
				dec.UseNumber()
			}
			var v any
			if err := dec.Decode(&v); err != nil {
				t.Fatal(err)
			}
			if got, err := jcs(v); err != nil || got != c.want {
				t.Errorf("%s (UseNumber %v):\n got %s, %v\nwant %s", c.in, useNumber, got, err, c.want)
			}
		}
	}
	if _, err := jcs(map[string]any{"a": struct{}{}}); err == nil {
		t.Error("a struct: no error")
	}
}

func TestCompareUTF16(t *testing.T) {
	for _, c := range []struct {
		a, b string
		less bool
	}{
		{"a", "b", true},
		{"", "a", true},
		{"ab", "a", false},
		{"\U0001F600", "\uFB33", true},     // surrogate pair before U+FB33
		{"\U0001F600", "\U0001F601", true}, // same high surrogate
		{"\uFFFF", "\U00010000", false},
		{"\u00e9", "\u00ea", true},
	} {
		if got := compareUTF16(c.a, c.b) < 0; got != c.less {
			t.Errorf("compareUTF16(%q, %q) < 0 = %v", c.a, c.b, got)
		}
	}
}

func FuzzJCS(f *testing.F) {
	for _, s := range []string{`{"a":[1,2.5,"x"],"b":null}`, `"\u0001"`, `1e21`, `-0`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		var v any
		if json.Unmarshal([]byte(in), &v) != nil {
			return
		}
		out, err := jcs(v)
		if err != nil {
			return
		}
		// The canonical form is JSON that decodes to the same value and is
		// its own canonical form.
		var w any
		if err := json.Unmarshal([]byte(out), &w); err != nil {
			t.Fatalf("%q → %q: %v", in, out, err)
		}
		if again, _ := jcs(w); again != out || !jsonEqual(v, w) {
			t.Fatalf("%q → %q → %q", in, out, again)
		}
	})
}
