package cborld

import (
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"net/url"
	"strings"
	"time"

	"github.com/learnerwallet/learnerwallet/wallet/did"
)

// The types whose values have codecs of their own.
const (
	typeMultibase = "https://w3id.org/security#multibase"
	typeDate      = "http://www.w3.org/2001/XMLSchema#date"
	typeDateTime  = "http://www.w3.org/2001/XMLSchema#dateTime"
)

// URL scheme codes: the first element of a compressed URL.
const (
	schemeHTTP     = 1
	schemeHTTPS    = 2
	schemeUUID     = 3
	schemeData     = 4
	schemeDIDV1Nym = 1024
	schemeDIDKey   = 1025
)

var schemePrefix = map[uint64]string{
	schemeHTTP: "http://", schemeHTTPS: "https://", schemeUUID: "urn:uuid:", schemeData: "data:",
	schemeDIDV1Nym: "did:v1:nym:", schemeDIDKey: "did:key:",
}

// encodeURL compresses a URL by its scheme, as their UrlEncoder does: the
// scheme is all before the last colon. It reports false for a URL they
// would leave as it is (and for the few they would garble).
func encodeURL(s string) (any, bool) {
	i := strings.LastIndexByte(s, ':')
	if i < 0 {
		return nil, false
	}
	switch s[:i] {
	case "https", "http":
		code, rest := uint64(schemeHTTPS), strings.TrimPrefix(s, "https://")
		if rest == s {
			code, rest = schemeHTTP, strings.TrimPrefix(s, "http://")
		}
		if rest == s {
			return nil, false // "https:x": they leave it as it is
		}
		if u, err := url.Parse(s); err != nil || u.Host == "" {
			return nil, false // not a URL to new URL()
		}
		return []any{code, rest}, true
	case "urn:uuid":
		rest := s[len("urn:uuid:"):]
		if b, ok := uuidBytes(rest); ok {
			return []any{uint64(schemeUUID), b}, true
		}
		return []any{uint64(schemeUUID), rest}, true
	case "data":
		return encodeDataURL(s), true
	case "did:v1:nym", "did:key":
		prefix, code := "did:key:", uint64(schemeDIDKey)
		if strings.HasPrefix(s, "did:v1:nym:") {
			prefix, code = "did:v1:nym:", schemeDIDV1Nym
		}
		parts := strings.Split(s[len(prefix):], "#")
		if len(parts) > 2 {
			return nil, false // they would drop all after a second #
		}
		out := []any{code}
		for _, p := range parts {
			out = append(out, base58OrString(p))
		}
		return out, true
	}
	return nil, false
}

// decodeURL reads a compressed URL.
func decodeURL(v []any) (string, error) {
	if len(v) < 2 {
		return "", formatError("a compressed URL of %d elements", len(v))
	}
	code, ok := v[0].(uint64)
	if !ok {
		return "", formatError("a compressed URL whose scheme is not a number")
	}
	prefix, ok := schemePrefix[code]
	if !ok {
		return "", formatError("a compressed URL of unknown scheme %d", code)
	}
	switch code {
	case schemeHTTP, schemeHTTPS:
		if s, ok := v[1].(string); ok && len(v) == 2 {
			return prefix + s, nil
		}
	case schemeUUID:
		if len(v) != 2 {
			break
		}
		switch x := v[1].(type) {
		case string:
			return prefix + x, nil
		case []byte:
			if len(x) == 16 {
				return prefix + uuidString(x), nil
			}
		}
	case schemeData:
		return decodeDataURL(v)
	case schemeDIDV1Nym, schemeDIDKey:
		if len(v) > 3 {
			break
		}
		s := prefix
		for i, x := range v[1:] {
			if i == 1 {
				s += "#"
			}
			switch x := x.(type) {
			case string:
				s += x
			case []byte:
				s += did.EncodeBase58btc(x)
			default:
				return "", formatError("a compressed DID URL with a %T in it", x)
			}
		}
		return s, nil
	}
	return "", formatError("a malformed compressed %s URL", prefix)
}

// base58OrString is a DID's part as bytes when it is base58btc ("z…").
func base58OrString(s string) any {
	if strings.HasPrefix(s, "z") {
		if b, err := did.DecodeBase58btc(s); err == nil && did.EncodeBase58btc(b) == s {
			return b
		}
	}
	return s
}

// uuidBytes reads a lower-case UUID as their uuid package's parse accepts
// it (a version 1 to 8 and the RFC variant, or the nil or max UUID).
func uuidBytes(s string) ([]byte, bool) {
	if len(s) != 36 || strings.ToLower(s) != s || s[8] != '-' || s[13] != '-' || s[18] != '-' || s[23] != '-' {
		return nil, false
	}
	b, err := hex.DecodeString(s[:8] + s[9:13] + s[14:18] + s[19:23] + s[24:])
	if err != nil {
		return nil, false
	}
	nilOrMax := s == "00000000-0000-0000-0000-000000000000" || s == "ffffffff-ffff-ffff-ffff-ffffffffffff"
	if !nilOrMax && (s[14] < '1' || s[14] > '8' || !strings.ContainsRune("89ab", rune(s[19]))) {
		return nil, false
	}
	return b, true
}

func uuidString(b []byte) string {
	h := hex.EncodeToString(b)
	return h[:8] + "-" + h[8:12] + "-" + h[12:16] + "-" + h[16:20] + "-" + h[20:]
}

// encodeDataURL splits a data: URL at its last ";base64," when the data
// is canonical base64, as their DataUrlEncoder does.
func encodeDataURL(s string) []any {
	if !strings.ContainsAny(s, "\n\r\u2028\u2029") {
		if i := strings.LastIndex(s, ";base64,"); i >= len("data:") {
			data := s[i+len(";base64,"):]
			if b, err := base64.StdEncoding.DecodeString(data); err == nil && base64.StdEncoding.EncodeToString(b) == data {
				return []any{uint64(schemeData), s[len("data:"):i], b}
			}
		}
	}
	return []any{uint64(schemeData), s[len("data:"):]}
}

func decodeDataURL(v []any) (string, error) {
	media, ok := v[1].(string)
	if !ok {
		return "", formatError("a malformed compressed data: URL")
	}
	switch len(v) {
	case 2:
		return "data:" + media, nil
	case 3:
		if b, ok := v[2].([]byte); ok {
			return "data:" + media + ";base64," + base64.StdEncoding.EncodeToString(b), nil
		}
	}
	return "", formatError("a malformed compressed data: URL")
}

// multibaseBytes is a multibase value (base58btc z, base64url u, base64pad
// M) as its prefix byte and the bytes it holds, when they give it back
// exactly.
func multibaseBytes(s string) ([]byte, bool) {
	if s == "" {
		return nil, false
	}
	var b []byte
	var err error
	var back string
	switch s[0] {
	case 'z':
		b, err = did.DecodeBase58btc(s)
		back = did.EncodeBase58btc(b)
	case 'u':
		b, err = base64.RawURLEncoding.DecodeString(s[1:])
		back = "u" + base64.RawURLEncoding.EncodeToString(b)
	case 'M':
		b, err = base64.StdEncoding.DecodeString(s[1:])
		back = "M" + base64.StdEncoding.EncodeToString(b)
	default:
		return nil, false
	}
	if err != nil || back != s {
		return nil, false
	}
	return append([]byte{s[0]}, b...), true
}

func decodeMultibase(b []byte) (string, error) {
	if len(b) == 0 {
		return "", formatError("an empty multibase value")
	}
	switch b[0] {
	case 'z':
		return did.EncodeBase58btc(b[1:]), nil
	case 'u':
		return "u" + base64.RawURLEncoding.EncodeToString(b[1:]), nil
	case 'M':
		return "M" + base64.StdEncoding.EncodeToString(b[1:]), nil
	}
	return "", formatError("a multibase value of unknown base %q", b[0])
}

// maxDateMillis is the range of a JavaScript Date.
const maxDateMillis = 8_640_000_000_000_000

// jsISO formats milliseconds since 1970 as JavaScript's toISOString.
func jsISO(ms int64) (string, error) {
	if ms > maxDateMillis || ms < -maxDateMillis {
		return "", formatError("a date out of range")
	}
	t := time.UnixMilli(ms).UTC()
	y := t.Year()
	year := fmt.Sprintf("%04d", y)
	if y < 0 || y > 9999 {
		sign := "+"
		if y < 0 {
			sign, y = "-", -y
		}
		year = fmt.Sprintf("%s%06d", sign, y)
	}
	return year + t.Format("-01-02T15:04:05.000Z"), nil
}

func floorDiv(a, b int64) int64 {
	q := a / b
	if a%b != 0 && (a < 0) != (b < 0) {
		q--
	}
	return q
}

// encodeDateTime compresses an xsd:dateTime that their encoder would
// compress without loss: seconds since 1970, or [seconds, milliseconds].
func encodeDateTime(s string) (any, bool) {
	layout := "2006-01-02T15:04:05Z"
	if strings.Contains(s, ".") {
		layout = "2006-01-02T15:04:05.000Z"
	}
	t, err := time.Parse(layout, s)
	if err != nil {
		return nil, false
	}
	ms := t.UnixMilli()
	sec := floorDiv(ms, 1000)
	iso, err := jsISO(ms)
	if err != nil {
		return nil, false
	}
	if layout == "2006-01-02T15:04:05Z" {
		if strings.Replace(iso, ".000Z", "Z", 1) != s {
			return nil, false
		}
		return sec, true
	}
	if iso != s {
		return nil, false
	}
	return []any{sec, ms - sec*1000}, true
}

// encodeDate compresses an xsd:date: seconds since 1970 at its midnight.
func encodeDate(s string) (any, bool) {
	t, err := time.Parse("2006-01-02", s)
	if err != nil {
		return nil, false
	}
	iso, err := jsISO(t.UnixMilli())
	if err != nil || iso[:strings.IndexByte(iso, 'T')] != s {
		return nil, false
	}
	return t.Unix(), true
}

func decodeDateTime(sec, ms int64) (string, error) {
	if sec > maxDateMillis/1000 || sec < -maxDateMillis/1000 || ms < -maxDateMillis || ms > maxDateMillis {
		return "", formatError("a date out of range")
	}
	return jsISO(sec*1000 + ms)
}
