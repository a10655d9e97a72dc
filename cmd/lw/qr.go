package main

import (
	"errors"

	"github.com/learnerwallet/learnerwallet/wallet/cborld"
	"github.com/learnerwallet/learnerwallet/wallet/qr"
	"github.com/learnerwallet/learnerwallet/wallet/vpqr"
)

// exitTooLarge is lw qr's exit code when the file does not fit in one QR code.
const exitTooLarge = 3

// qrPixelsPerModule keeps every module a whole number of pixels, so that a
// version 40 code (185 modules with its border) is 740 pixels wide.
const qrPixelsPerModule = 4

// qrCmd: lw qr [--format lw|vpqr] [--text] [-o PNG] FILE.
func (c *cli) qrCmd(args []string) int {
	fs := c.flags("qr")
	out := fs.String("o", "", "")
	format := fs.String("format", "lw", "")
	asText := fs.Bool("text", false, "")
	rest, err := parse(fs, args)
	if err != nil {
		return c.parseError(err)
	}
	if len(rest) != 1 {
		return c.usageError("qr needs exactly one file")
	}
	if *format != "lw" && *format != "vpqr" {
		return c.usageError("qr --format is lw or vpqr")
	}
	if *asText && *out != "" {
		return c.usageError("qr --text prints the code's text instead of writing a picture: leave out -o")
	}
	file := rest[0]
	if *out == "" {
		*out = file + ".qr.png"
	}
	// Bounded like every input; far more than one code holds, but the
	// file is compressed before its encoded size is known.
	payload, err := readLimited(file)
	if err != nil {
		return c.fail(err)
	}
	var text, what string
	var img []byte
	if *format == "vpqr" {
		code, err := vpqr.Encode(payload)
		var tooLarge *qr.TooLargeError
		switch {
		case errors.Is(err, vpqr.ErrNotPresentation):
			printf(c.stderr, "lw: %s is not a JSON-LD presentation, and VPQR carries only those; write it as a Learner Wallet code with: lw qr %s\n", file, file)
			return exitFailed
		case errors.As(err, &tooLarge):
			printf(c.stderr, "lw: %s does not fit in one VPQR code: %d characters encoded, the limit is %d; written as a Learner Wallet code (LW1:) instead, which only Learner Wallet reads\n",
				file, tooLarge.Size, tooLarge.Limit)
		case err != nil:
			return c.fail(err)
		default:
			text = code.Text
			what = vpqrWhat(code)
			if !*asText {
				if img, err = vpqr.PNG(code.Text, -qrPixelsPerModule); err != nil {
					return c.fail(err)
				}
			}
		}
	}
	if text == "" {
		text, err = qr.Encode(payload)
		var tooLarge *qr.TooLargeError
		if errors.As(err, &tooLarge) {
			printf(c.stderr, "lw: %s does not fit in one QR code: %d characters encoded, the limit is %d; send the file itself, or share it once on your local network with: lw share %s\n",
				file, tooLarge.Size, tooLarge.Limit, file)
			return exitTooLarge
		}
		if err != nil {
			return c.fail(err)
		}
		what = "one QR code"
		if !*asText {
			if img, err = qr.PNG(payload, -qrPixelsPerModule); err != nil {
				return c.fail(err)
			}
		}
	}
	if *asText {
		printf(c.stdout, "%s\n", text)
		return exitOK
	}
	if err := writeFileNew(*out, img); err != nil {
		return c.fail(err)
	}
	printf(c.stdout, "wrote %s: %d bytes as %d characters in %s (the limit is %d)\n",
		*out, len(payload), len(text), what, qr.Limit)
	return exitOK
}

// vpqrWhat says how a presentation went into its VPQR code.
func vpqrWhat(code vpqr.Code) string {
	how := "compressed"
	if code.Entry == cborld.Uncompressed {
		how = "uncompressed"
	}
	return "one VPQR code (" + how + " CBOR-LD, " + code.Base.String() + ")"
}
