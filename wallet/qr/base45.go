package qr

import (
	"fmt"
	"strings"
)

// alphabet is base45's (RFC 9285): exactly the 45 characters of QR
// alphanumeric mode, in the order of their values.
const alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:"

// encode45 encodes b in base45: each two bytes become three characters, a
// last odd byte two.
func encode45(b []byte) string {
	var sb strings.Builder
	sb.Grow(len(b)/2*3 + 2)
	for i := 0; i+1 < len(b); i += 2 {
		n := int(b[i])<<8 | int(b[i+1])
		sb.WriteByte(alphabet[n%45])
		sb.WriteByte(alphabet[n/45%45])
		sb.WriteByte(alphabet[n/(45*45)])
	}
	if len(b)%2 == 1 {
		n := int(b[len(b)-1])
		sb.WriteByte(alphabet[n%45])
		sb.WriteByte(alphabet[n/45])
	}
	return sb.String()
}

// value45 maps a character to its base45 value, or -1.
var value45 = func() (v [256]int8) {
	for i := range v {
		v[i] = -1
	}
	for i := range len(alphabet) {
		v[alphabet[i]] = int8(i)
	}
	return v
}()

// decode45 decodes base45, refusing characters outside the alphabet, a
// dangling single character and groups whose value is too large (RFC 9285 §4).
func decode45(s string) ([]byte, error) {
	if len(s)%3 == 1 {
		return nil, fmt.Errorf("base45: %d characters is not a valid length", len(s))
	}
	out := make([]byte, 0, len(s)/3*2+1)
	for i := 0; i < len(s); i += 3 {
		group := s[i:min(i+3, len(s))]
		n := 0
		for j := len(group) - 1; j >= 0; j-- {
			v := value45[group[j]]
			if v < 0 {
				return nil, fmt.Errorf("base45: character %q at %d is not in the alphabet", group[j], i+j)
			}
			n = n*45 + int(v)
		}
		if len(group) == 3 {
			if n > 0xffff {
				return nil, fmt.Errorf("base45: group %q at %d is out of range", group, i)
			}
			out = append(out, byte(n>>8), byte(n))
		} else {
			if n > 0xff {
				return nil, fmt.Errorf("base45: group %q at %d is out of range", group, i)
			}
			out = append(out, byte(n))
		}
	}
	return out, nil
}

// EncodeBase45 encodes b in base45 (RFC 9285), as the text of LW1 codes
// and of VPQR's "R" multibase.
func EncodeBase45(b []byte) string { return encode45(b) }

// DecodeBase45 decodes base45 (RFC 9285) strictly.
func DecodeBase45(s string) ([]byte, error) { return decode45(s) }
