package qr

import (
	"bytes"
	"errors"
	"fmt"
	"image"
	_ "image/gif"  // pictures of codes arrive as GIF too
	_ "image/jpeg" // and as photos
	_ "image/png"

	"github.com/makiuchi-d/gozxing"
	zxqr "github.com/makiuchi-d/gozxing/qrcode"
	qrcode "github.com/skip2/go-qrcode"
)

// MaxScanPixels bounds the pictures Scan decodes: a 12-megapixel phone photo
// is 48 MB in memory (96 MB at 16 bits a channel), and a QR code needs far
// fewer pixels.
const MaxScanPixels = 12 << 20

// ErrNoCode means a picture holds no QR code that could be read.
var ErrNoCode = errors.New("no QR code could be read in this picture")

// Scan reads the text of the QR code in a picture (PNG, JPEG or GIF): a
// clean code as made by PNG, or a photo of one.
func Scan(img []byte) (text string, err error) {
	defer func() {
		// The decoder is a port of a large Java library: a picture it
		// trips over is one it cannot read, not a reason to stop the app.
		if r := recover(); r != nil {
			text, err = "", fmt.Errorf("%w: the QR decoder failed on this picture (%v)", ErrNoCode, r)
		}
	}()
	cfg, _, err := image.DecodeConfig(bytes.NewReader(img))
	if err != nil {
		return "", fmt.Errorf("%w: the picture cannot be read: %v", ErrNoCode, err)
	}
	if cfg.Width <= 0 || cfg.Height <= 0 || cfg.Width*cfg.Height > MaxScanPixels {
		return "", fmt.Errorf("%w: the picture is %d×%d pixels; crop it to the code", ErrNoCode, cfg.Width, cfg.Height)
	}
	m, _, err := image.Decode(bytes.NewReader(img))
	if err != nil {
		return "", fmt.Errorf("%w: the picture cannot be read: %v", ErrNoCode, err)
	}
	bmp, err := gozxing.NewBinaryBitmapFromImage(m)
	if err != nil {
		return "", fmt.Errorf("%w: %v", ErrNoCode, err)
	}
	reader := zxqr.NewQRCodeReader()
	// A code as we draw it first (fast and exact), then a photo.
	for _, hints := range []map[gozxing.DecodeHintType]any{
		{gozxing.DecodeHintType_PURE_BARCODE: true},
		{gozxing.DecodeHintType_TRY_HARDER: true},
	} {
		if res, err := reader.Decode(bmp, hints); err == nil {
			return res.GetText(), nil
		}
	}
	return "", ErrNoCode
}

// TextPNG returns any short text, such as a link, as a QR code in a PNG
// image size pixels wide (a negative size gives -size pixels a module).
func TextPNG(s string, size int) ([]byte, error) {
	code, err := qrcode.New(s, qrcode.Medium)
	if err != nil {
		return nil, fmt.Errorf("qr: %w", err)
	}
	return code.PNG(size)
}
