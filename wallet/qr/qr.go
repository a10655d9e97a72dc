// Package qr carries a presentation, or any credential file, in one QR code.
//
// The transport format, version 1, is
//
//	"LW1:" base45(DEFLATE(kind ‖ body))
//
// where DEFLATE is raw DEFLATE (RFC 1951, no zlib or gzip header) at best
// compression and base45 is RFC 9285. kind is one byte: 0, body is the payload
// as is; 1, the payload is a compact JWS (VC-JWT, VP-JWT) and body holds its
// header, claims and signature base64url-decoded, each as uvarint(length) ‖
// bytes, then whatever followed the JWS (a final newline) as is — base64url
// would otherwise hide the JSON inside from DEFLATE. Kind 1 is used only when
// re-encoding gives back the exact text, so Decode always returns the bytes
// given to Encode.
//
// Every character of the text (the prefix included) is in the QR
// alphanumeric alphabet, so the code is written in alphanumeric mode at 5.5
// bits a character instead of 8 in byte mode, which pays for base45's 50%
// growth. The QR code uses error correction level M when the text fits (3,391
// characters), else L, up to version 40: at most 4,296 characters, about
// 2,860 compressed bytes. What fits depends on how repetitive the JSON is
// (it compresses 1.6× to 6×): a 1.5 KB OB 3.0 credential takes 1,111
// characters, a 4.5 KB signed CLR 1,980, a 6.5 KB CLR VC-JWT 4,179, while a
// 26 KB OB 3.0 credential with every field (5,421) or a 27 KB CLR (6,687)
// does not fit.
//
// The prefix names the format and its version so that a scanner can tell our
// codes from others and a later format can be told apart. Decode bounds the
// decompressed size (MaxPayload), so a small code cannot expand into a
// "deflate bomb".
package qr

import (
	"bytes"
	"compress/flate"
	"errors"
	"fmt"
	"io"
	"strings"

	qrcode "github.com/skip2/go-qrcode"
)

// Prefix starts every encoded text; it names the format and its version.
const Prefix = "LW1:"

// Limit is the most characters one QR code holds in alphanumeric mode
// (version 40, error correction level L).
const Limit = 4296

// MaxPayload bounds what Decode decompresses.
const MaxPayload = 4 << 20

// ErrTooLarge is what every *TooLargeError is (errors.Is).
var ErrTooLarge = errors.New("too large for one QR code")

// ErrFormat is what every error from Decode about its input is (errors.Is).
var ErrFormat = errors.New("not a Learner Wallet QR code")

// TooLargeError says a payload's encoded text does not fit in one QR code.
type TooLargeError struct {
	Size  int // characters of the encoded text
	Limit int // characters one QR code holds
}

func (e *TooLargeError) Error() string {
	return fmt.Sprintf("does not fit in one QR code: %d characters encoded, the limit is %d; send the file itself, or share it once on the local network",
		e.Size, e.Limit)
}

// Unwrap makes errors.Is(err, ErrTooLarge) true.
func (e *TooLargeError) Unwrap() error { return ErrTooLarge }

// Encode returns payload's transport text, or a *TooLargeError when that
// text would not fit in one QR code.
func Encode(payload []byte) (string, error) {
	var buf bytes.Buffer
	w, err := flate.NewWriter(&buf, flate.BestCompression)
	if err != nil {
		return "", err
	}
	if _, err := w.Write(packBody(payload)); err != nil {
		return "", err
	}
	if err := w.Close(); err != nil {
		return "", err
	}
	s := Prefix + encode45(buf.Bytes())
	if len(s) > Limit {
		return "", &TooLargeError{Size: len(s), Limit: Limit}
	}
	return s, nil
}

// Decode returns the payload carried by a transport text, as scanned from a
// QR code. Its errors wrap ErrFormat.
func Decode(s string) ([]byte, error) {
	rest, ok := strings.CutPrefix(s, Prefix)
	if !ok {
		return nil, fmt.Errorf("%w: the text does not start with %q", ErrFormat, Prefix)
	}
	compressed, err := decode45(rest)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrFormat, err)
	}
	r := flate.NewReader(bytes.NewReader(compressed))
	defer r.Close()
	body, err := io.ReadAll(io.LimitReader(r, MaxPayload+1))
	if err != nil {
		return nil, fmt.Errorf("%w: deflate: %v", ErrFormat, err)
	}
	if len(body) > MaxPayload {
		return nil, fmt.Errorf("%w: it expands to more than %d bytes", ErrFormat, MaxPayload)
	}
	payload, err := unpackBody(body)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrFormat, err)
	}
	if len(payload) > MaxPayload {
		return nil, fmt.Errorf("%w: it expands to more than %d bytes", ErrFormat, MaxPayload)
	}
	return payload, nil
}

// PNG returns payload as one QR code in a PNG image size pixels wide (a
// negative size gives -size pixels a module), or a *TooLargeError.
func PNG(payload []byte, size int) ([]byte, error) {
	s, err := Encode(payload)
	if err != nil {
		return nil, err
	}
	code, err := newCode(s)
	if err != nil {
		return nil, err
	}
	return code.PNG(size)
}

// newCode builds the QR code for an encoded text at level M, else L.
func newCode(s string) (*qrcode.QRCode, error) {
	code, err := qrcode.New(s, qrcode.Medium)
	if err == nil {
		return code, nil
	}
	code, err = qrcode.New(s, qrcode.Low)
	if err != nil {
		// Encode's Limit should have caught this: go-qrcode disagrees.
		return nil, fmt.Errorf("qr: %d characters: %w", len(s), err)
	}
	return code, nil
}
