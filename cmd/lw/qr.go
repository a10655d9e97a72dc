package main

import (
	"errors"

	"github.com/learnerwallet/learnerwallet/wallet/qr"
)

// exitTooLarge is lw qr's exit code when the file does not fit in one QR code.
const exitTooLarge = 3

// qrPixelsPerModule keeps every module a whole number of pixels, so that a
// version 40 code (185 modules with its border) is 740 pixels wide.
const qrPixelsPerModule = 4

func (c *cli) qrCmd(args []string) int {
	fs := c.flags("qr")
	out := fs.String("o", "", "")
	rest, err := parse(fs, args)
	if err != nil {
		return c.parseError(err)
	}
	if len(rest) != 1 {
		return c.usageError("qr needs exactly one file")
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
	text, err := qr.Encode(payload)
	var tooLarge *qr.TooLargeError
	if errors.As(err, &tooLarge) {
		printf(c.stderr, "lw: %s does not fit in one QR code: %d characters encoded, the limit is %d; send the file itself, or share it once on your local network with: lw share %s\n",
			file, tooLarge.Size, tooLarge.Limit, file)
		return exitTooLarge
	}
	if err != nil {
		return c.fail(err)
	}
	img, err := qr.PNG(payload, -qrPixelsPerModule)
	if err != nil {
		return c.fail(err)
	}
	if err := writeFileNew(*out, img); err != nil {
		return c.fail(err)
	}
	printf(c.stdout, "wrote %s: %d bytes as %d characters in one QR code (the limit is %d)\n",
		*out, len(payload), len(text), qr.Limit)
	return exitOK
}
