// Package vpqr carries a JSON-LD presentation in one QR code as Digital
// Bazaar's @digitalbazaar/vpqr 6 does, so that their readers (and the
// wallets and verifiers built on them) read ours and we read theirs:
//
//	"VP1-" multibase(CBOR-LD)
//
// The multibase is "B" and base32 (RFC 4648, upper case, no padding) or
// "R" and base45 (RFC 9285); both are within the QR alphanumeric alphabet.
// The CBOR-LD is registry entry 1, compressed with the terms of the
// presentation's contexts, when their compressor can take it (VCDM 1.1),
// else entry 0, plain CBOR (a VCDM 2.0 presentation with credentials in
// it: the 2.0 context's "@context": null defeats their compressor). The QR
// code uses error correction level L, as theirs.
//
// Encode writes base32, which every version of their library reads, and
// base45 only when that fits and base32 does not. Decode reads both, and
// entries 0 and 1.
package vpqr

import (
	"encoding/base32"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	qrcode "github.com/skip2/go-qrcode"

	"github.com/learnerwallet/learnerwallet/wallet/cborld"
	"github.com/learnerwallet/learnerwallet/wallet/internal/jsonv"
	"github.com/learnerwallet/learnerwallet/wallet/qr"
)

// Prefix starts every VPQR text: the format and its version.
const Prefix = "VP1-"

// Limit is the most characters one QR code holds in alphanumeric mode
// (version 40, error correction level L).
const Limit = qr.Limit

// MaxText bounds the text Decode reads: one QR code holds at most Limit
// characters.
const MaxText = 2 * Limit

// Base is the multibase of the CBOR-LD in the text.
type Base byte

// The multibases VPQR uses.
const (
	Base32 Base = 'B' // RFC 4648 base32, upper case, no padding
	Base45 Base = 'R' // RFC 9285 base45
)

func (b Base) String() string {
	switch b {
	case Base32:
		return "base32"
	case Base45:
		return "base45"
	}
	return fmt.Sprintf("multibase %q", byte(b))
}

var b32 = base32.StdEncoding.WithPadding(base32.NoPadding)

// ErrFormat is what every error from Decode about its input is (errors.Is).
var ErrFormat = errors.New("not a VPQR code that can be read")

// ErrNotPresentation means what was given to Encode is no JSON-LD
// presentation (a VP-JWT, say): VPQR carries only those.
var ErrNotPresentation = errors.New("VPQR carries JSON-LD presentations only")

// Code is a presentation as VPQR text.
type Code struct {
	Text  string
	Entry int  // the CBOR-LD registry entry: cborld.Compressed or cborld.Uncompressed
	Base  Base // the multibase of the text
	Size  int  // bytes of CBOR-LD
}

// Encode returns a presentation (JSON) as VPQR text: compressed when their
// compressor could do it, in base32 when that fits in one QR code, else
// base45. When neither fits it returns a *qr.TooLargeError. A context that
// is not bundled with the app is a *ld.ContextError.
func Encode(vp []byte) (Code, error) {
	doc, err := jsonv.DecodeObject(vp)
	if err != nil || !isPresentation(doc) {
		return Code{}, ErrNotPresentation
	}
	load, err := cborld.Bundled()
	if err != nil {
		return Code{}, err
	}
	entry := cborld.Compressed
	b, err := cborld.Encode(doc, entry, load)
	var ue *cborld.UncompressibleError
	if errors.As(err, &ue) {
		entry = cborld.Uncompressed
		b, err = cborld.Encode(doc, entry, load)
	}
	if err != nil {
		return Code{}, err
	}
	c := Code{Entry: entry, Size: len(b)}
	for _, base := range []Base{Base32, Base45} {
		c.Text, c.Base = Text(b, base), base
		if len(c.Text) <= Limit {
			return c, nil
		}
	}
	return Code{}, &qr.TooLargeError{Size: len(c.Text), Limit: Limit}
}

// Text is CBOR-LD bytes as VPQR text in a multibase.
func Text(cborLD []byte, base Base) string {
	if base == Base45 {
		return Prefix + string(Base45) + qr.EncodeBase45(cborLD)
	}
	return Prefix + string(Base32) + b32.EncodeToString(cborLD)
}

// isPresentation reports whether doc's type has VerifiablePresentation.
func isPresentation(doc map[string]any) bool {
	for _, t := range jsonv.List(doc["type"]) {
		if t == "VerifiablePresentation" {
			return true
		}
	}
	return false
}

// CBORLD gives the CBOR-LD bytes a VPQR text carries. Its errors wrap
// ErrFormat.
func CBORLD(text string) ([]byte, error) {
	text = strings.TrimRight(text, " \t\r\n")
	if len(text) > MaxText {
		return nil, fmt.Errorf("%w: %d characters is more than a QR code holds", ErrFormat, len(text))
	}
	rest, ok := strings.CutPrefix(text, Prefix)
	if !ok {
		return nil, fmt.Errorf("%w: the text does not start with %q", ErrFormat, Prefix)
	}
	if rest == "" {
		return nil, fmt.Errorf("%w: it is empty after %q", ErrFormat, Prefix)
	}
	var b []byte
	var err error
	switch Base(rest[0]) {
	case Base32:
		b, err = b32.DecodeString(strings.TrimRight(rest[1:], "="))
	case Base45:
		b, err = qr.DecodeBase45(rest[1:])
	default:
		return nil, fmt.Errorf("%w: its multibase %q is neither B (base32) nor R (base45)", ErrFormat, rest[0])
	}
	if err != nil {
		return nil, fmt.Errorf("%w: %s: %v", ErrFormat, Base(rest[0]), err)
	}
	return b, nil
}

// Decode gives the presentation a VPQR text carries, as JSON. Errors about
// the text wrap ErrFormat (or cborld.ErrFormat, which they also wrap); a
// context that is not bundled with the app is a *ld.ContextError.
func Decode(text string) ([]byte, error) {
	b, err := CBORLD(text)
	if err != nil {
		return nil, err
	}
	load, err := cborld.Bundled()
	if err != nil {
		return nil, err
	}
	doc, err := cborld.Decode(b, load)
	if errors.Is(err, cborld.ErrFormat) {
		return nil, fmt.Errorf("%w: %w", ErrFormat, err)
	}
	if err != nil {
		return nil, err
	}
	return json.Marshal(doc)
}

// PNG draws a VPQR text as a QR code at error correction level L, in a PNG
// image size pixels wide (a negative size gives -size pixels a module).
func PNG(text string, size int) ([]byte, error) {
	code, err := qrcode.New(text, qrcode.Low)
	if err != nil {
		return nil, fmt.Errorf("vpqr: %d characters: %w", len(text), err)
	}
	return code.PNG(size)
}
