package jsonv

import (
	"encoding/json"
	"testing"
	"time"
)

func TestParseTime(t *testing.T) {
	utc := func(s string) time.Time { d, _ := time.Parse(time.RFC3339, s); return d }
	tests := []struct {
		name string
		in   any
		want time.Time
	}{
		{"RFC 3339", "2024-03-01T12:00:00Z", utc("2024-03-01T12:00:00Z")},
		{"fraction", "2023-08-02T17:43:32.903Z", time.Date(2023, 8, 2, 17, 43, 32, 903e6, time.UTC)},
		{"offset", "2022-11-10T07:38:00-08:00", utc("2022-11-10T15:38:00Z")},
		{"offset without colon", "2022-11-10T07:38:00+0100", utc("2022-11-10T06:38:00Z")},
		{"no zone", "2010-01-01T00:00:00", utc("2010-01-01T00:00:00Z")},
		{"no zone with fraction", "2010-01-01T00:00:00.5", time.Date(2010, 1, 1, 0, 0, 0, 5e8, time.UTC)},
		{"date", "2030-01-01", utc("2030-01-01T00:00:00Z")},
		{"padded", " 2030-01-01 ", utc("2030-01-01T00:00:00Z")},
		{"unix number", json.Number("1262304000"), utc("2010-01-01T00:00:00Z")},
		{"unix string", "1262304000", utc("2010-01-01T00:00:00Z")},
		{"last second of 9999", json.Number("253402300799"), utc("9999-12-31T23:59:59Z")},
		{"past 9999", json.Number("253402300800"), time.Time{}},
		{"past 9999 as text", "99999999999999", time.Time{}},
		{"zero", json.Number("0"), time.Time{}},
		{"negative", json.Number("-5"), time.Time{}},
		{"fractional number", json.Number("1262304000.5"), time.Time{}},
		{"garbage", "yesterday", time.Time{}},
		{"nil", nil, time.Time{}},
		{"object", map[string]any{"@value": "2010-01-01"}, time.Time{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Time(tt.in)
			if !got.Equal(tt.want) {
				t.Errorf("Time(%v) = %v, want %v", tt.in, got, tt.want)
			}
			if _, err := json.Marshal(got); err != nil {
				t.Errorf("cannot encode %v: %v", got, err)
			}
		})
	}
}

func TestText(t *testing.T) {
	tests := []struct {
		name string
		in   any
		want string
	}{
		{"string", "  hi  ", "hi"},
		{"number", json.Number("3.50"), "3.50"},
		{"bool", true, "true"},
		{"English", map[string]any{"de": "Hallo", "en": "Hello"}, "Hello"},
		{"British", map[string]any{"de": "Hallo", "en-GB": "Hello"}, "Hello"},
		{"first language by code", map[string]any{"fr": "Bonjour", "de": "Hallo"}, "Hallo"},
		{"value object", map[string]any{"@value": json.Number("7")}, "7"},
		{"language map of non-strings", map[string]any{"en": 1}, ""},
		{"list", []any{"", map[string]any{}, "second"}, "second"},
		{"nil", nil, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Text(tt.in); got != tt.want {
				t.Errorf("text = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestDecodeDataURI(t *testing.T) {
	tests := []struct {
		in        string
		want      string
		mediaType string
		ok        bool
	}{
		{"data:image/png;base64,aGVsbG8=", "hello", "image/png", true},
		{"data:image/png;base64,aGVsbG8", "hello", "image/png", true},
		{"data:image/png;base64,aGVs\nbG8=", "hello", "image/png", true},
		{"data:image/svg+xml,%3Csvg%2F%3E", "<svg/>", "image/svg+xml", true},
		{"data:image/svg+xml;charset=utf-8,<svg/>", "<svg/>", "image/svg+xml", true},
		{"data:image/png;base64,!!!", "", "", false},
		{"data:image/png;base64", "", "", false},
		{"data:,%zz", "", "", false},
		{"https://example.org/a.png", "", "", false},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			b, mt, ok := DataURI(tt.in)
			if ok != tt.ok || string(b) != tt.want || mt != tt.mediaType {
				t.Errorf("decodeDataURI = %q, %q, %v; want %q, %q, %v", b, mt, ok, tt.want, tt.mediaType, tt.ok)
			}
		})
	}
}

func TestHasType(t *testing.T) {
	tests := []struct {
		name string
		m    map[string]any
		want bool
	}{
		{"string", map[string]any{"type": "Assertion"}, true},
		{"list", map[string]any{"type": []any{"VerifiableCredential", "Assertion"}}, true},
		{"@type", map[string]any{"@type": "Assertion"}, true},
		{"IRI", map[string]any{"type": "https://w3id.org/openbadges#Assertion"}, true},
		{"compact IRI", map[string]any{"type": "obi:Assertion"}, false},
		{"other", map[string]any{"type": "OtherAssertion"}, false},
		{"none", map[string]any{}, false},
		{"nil", nil, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := HasType(tt.m, "Assertion"); got != tt.want {
				t.Errorf("hasType = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestLooksLikeJWS(t *testing.T) {
	tests := []struct {
		in   string
		want bool
	}{
		{"a.b.c", true},
		{"a.b.", true}, // unsecured JWS
		{"eyJ-_.eyJ=.sig", true},
		{".b.c", false},
		{"a..c", false},
		{"a.b", false},
		{"a.b.c.d", false},
		{"a.b.c d", false},
		{"a.b+/.c", false},
		{"", false},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			if got := LooksLikeJWS([]byte(tt.in)); got != tt.want {
				t.Errorf("looksLikeJWS = %v, want %v", got, tt.want)
			}
		})
	}
}
