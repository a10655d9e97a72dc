package qr

import (
	"bytes"
	"compress/flate"
	"errors"
	"fmt"
	"image"
	"image/png"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/makiuchi-d/gozxing"
	zxqr "github.com/makiuchi-d/gozxing/qrcode"
	qrcode "github.com/skip2/go-qrcode"
)

func example(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "..", "testdata", "examples", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestBase45(t *testing.T) {
	// RFC 9285 §4.3 examples.
	for _, c := range []struct{ in, out string }{
		{"AB", "BB8"},
		{"Hello!!", "%69 VD92EX0"},
		{"base-45", "UJCLQE7W581"},
		{"ietf!", "QED8WEX0"},
		{"", ""},
	} {
		if got := encode45([]byte(c.in)); got != c.out {
			t.Errorf("encode45(%q) = %q, want %q", c.in, got, c.out)
		}
		got, err := decode45(c.out)
		if err != nil || string(got) != c.in {
			t.Errorf("decode45(%q) = %q, %v, want %q", c.out, got, err, c.in)
		}
	}
	for _, bad := range []string{"GGW", "ZZZ", "A", "ABCD", "aBC", "AB\n"} {
		if _, err := decode45(bad); err == nil {
			t.Errorf("decode45(%q) succeeded", bad)
		}
	}
}

func TestRoundTrip(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	random := make([]byte, 1000)
	for i := range random {
		random[i] = byte(r.Uint32())
	}
	for name, payload := range map[string][]byte{
		"empty":  {},
		"one":    {0xff},
		"random": random,
		"json":   example(t, "ob3/validator/simple.json"),
		"jwt":    example(t, "clr2/validator/simple.jwt"),
	} {
		s, err := Encode(payload)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if !strings.HasPrefix(s, Prefix) || strings.Trim(s, alphabet) != "" {
			t.Errorf("%s: %q is not prefixed QR alphanumeric text", name, s)
		}
		got, err := Decode(s)
		if err != nil || !bytes.Equal(got, payload) {
			t.Errorf("%s: Decode(Encode(x)) = %d bytes, %v; want %d bytes", name, len(got), err, len(payload))
		}
	}
}

// scan reads a QR code in a PNG image the way a phone would, with an
// independent decoder.
func scan(t *testing.T, img []byte) string {
	t.Helper()
	m, err := png.Decode(bytes.NewReader(img))
	if err != nil {
		t.Fatal(err)
	}
	bmp, err := gozxing.NewBinaryBitmapFromImage(m)
	if err != nil {
		t.Fatal(err)
	}
	res, err := zxqr.NewQRCodeReader().Decode(bmp, map[gozxing.DecodeHintType]any{gozxing.DecodeHintType_PURE_BARCODE: true})
	if err != nil {
		t.Fatal(err)
	}
	return res.GetText()
}

func TestPNGScan(t *testing.T) {
	for _, name := range []string{"ob3/validator/simple.json", "clr2/validator/simple.jwt"} {
		t.Run(filepath.Base(name), func(t *testing.T) {
			payload := example(t, name)
			img, err := PNG(payload, -4)
			if err != nil {
				t.Fatal(err)
			}
			text := scan(t, img)
			got, err := Decode(text)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(got, payload) {
				t.Fatalf("scanned %d bytes, want the %d of %s", len(got), len(payload), name)
			}
			s, _ := Encode(payload)
			t.Logf("%s: %d bytes -> %d characters", name, len(payload), len(s))
		})
	}
}

// TestAlphanumericMode: go-qrcode writes our text in alphanumeric mode, so a
// text of Limit characters fits at level L and one more does not.
func TestAlphanumericMode(t *testing.T) {
	s := Prefix + strings.Repeat("A", Limit-len(Prefix))
	code, err := newCode(s)
	if err != nil {
		t.Fatalf("%d characters: %v", len(s), err)
	}
	if code.VersionNumber != 40 || code.Level != qrcode.Low {
		t.Errorf("version %d level %v, want 40 L", code.VersionNumber, code.Level)
	}
	if _, err := qrcode.New(s+"A", qrcode.Low); err == nil {
		t.Errorf("%d characters fit: Limit is too small", len(s)+1)
	}
	small, err := newCode(Prefix + "AB")
	if err != nil || small.Level != qrcode.Medium || small.VersionNumber != 1 {
		t.Errorf("a short text: %v, want level M version 1", err)
	}
}

func TestTooLarge(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	payload := make([]byte, 4000) // random bytes do not compress
	for i := range payload {
		payload[i] = byte(r.Uint32())
	}
	for _, f := range []func([]byte) error{
		func(b []byte) error { _, err := Encode(b); return err },
		func(b []byte) error { _, err := PNG(b, 256); return err },
	} {
		err := f(payload)
		var tl *TooLargeError
		if !errors.As(err, &tl) || !errors.Is(err, ErrTooLarge) {
			t.Fatalf("err = %v, want a *TooLargeError", err)
		}
		if tl.Limit != 4296 || tl.Size <= tl.Limit {
			t.Errorf("%+v", tl)
		}
		if msg := err.Error(); !strings.Contains(msg, "4296") || !strings.Contains(msg, "share it once on the local network") {
			t.Errorf("message %q", msg)
		}
	}
}

// bomb is a valid encoding of MaxPayload+1 zero bytes: a few hundred
// characters that would expand to more than Decode allows.
func bomb(t testing.TB) string {
	return Prefix + encode45(deflate(t, make([]byte, MaxPayload+1)))
}

func TestDecodeMalformed(t *testing.T) {
	for _, c := range []struct{ name, in, want string }{
		{"empty", "", `does not start with "LW1:"`},
		{"prefix", "LW2:BB8", `does not start with "LW1:"`},
		{"lowercase", "lw1:BB8", `does not start with "LW1:"`},
		{"alphabet", Prefix + "bb8", "not in the alphabet"},
		{"range", Prefix + "ZZZ", "out of range"},
		{"length", Prefix + "BB8A", "not a valid length"},
		{"deflate", Prefix + encode45([]byte("\xffnot deflate")), "deflate"},
		{"truncated", Prefix + encode45([]byte{0x4a, 0x4c}), "deflate"},
		{"bomb", bomb(t), "expands to more than 4194304 bytes"},
		{"no kind", Prefix + encode45(deflate(t, nil)), "empty body"},
		{"kind", Prefix + encode45(deflate(t, []byte{7, 'x'})), "unknown body kind 7"},
		{"jws length", Prefix + encode45(deflate(t, []byte{kindJWS, 9, 'x'})), "JWS part 1: bad length"},
		{"jws parts", Prefix + encode45(deflate(t, []byte{kindJWS, 1, 'x'})), "JWS part 2: bad length"},
	} {
		_, err := Decode(c.in)
		if err == nil || !errors.Is(err, ErrFormat) || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: err = %v, want ErrFormat mentioning %q", c.name, err, c.want)
		}
	}
}

func FuzzDecode(f *testing.F) {
	for _, s := range []string{"", "LW1:", "LW1:BB8", "LW1:ZZZ", "LW1:bb8"} {
		f.Add(s)
	}
	f.Add(bomb(f))
	for _, p := range [][]byte{[]byte("{}"), example(f, "ob3/validator/simple.json")} {
		s, err := Encode(p)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		payload, err := Decode(s)
		if err != nil {
			return
		}
		if len(payload) > MaxPayload {
			t.Fatalf("%d bytes decoded", len(payload))
		}
		if len(payload) > 64<<10 {
			return // re-encoding megabytes at best compression slows the fuzzer down
		}
		// What decodes re-encodes to a text that decodes to the same bytes.
		again, err := Encode(payload)
		if err != nil {
			return // a small text can expand beyond one QR code
		}
		back, err := Decode(again)
		if err != nil || !bytes.Equal(back, payload) {
			t.Fatalf("round trip of %q: %v", s, err)
		}
	})
}

func TestJWSBody(t *testing.T) {
	jwt := example(t, "ob3/validator/simple.jwt")
	for name, c := range map[string]struct {
		payload []byte
		kind    byte
	}{
		"jwt":          {jwt, kindJWS},
		"jwt newline":  {append(bytes.TrimSpace(jwt), '\n'), kindJWS},
		"padded":       {[]byte("eyJhIjoxfQ==.eyJiIjoyfQ.c2ln"), kindRaw},
		"empty part":   {[]byte("eyJhIjoxfQ..c2ln"), kindRaw},
		"two parts":    {[]byte("eyJhIjoxfQ.eyJiIjoyfQ"), kindRaw},
		"not base64":   {[]byte("a.b.c!"), kindRaw},
		"bad trailing": {[]byte("eyJhIjoxfQ.eyJiIjoyfR.c2ln"), kindRaw}, // non-zero padding bits
	} {
		body := packBody(c.payload)
		if body[0] != c.kind {
			t.Errorf("%s: kind %d, want %d", name, body[0], c.kind)
		}
		got, err := unpackBody(body)
		if err != nil || !bytes.Equal(got, c.payload) {
			t.Errorf("%s: unpack = %q, %v", name, got, err)
		}
	}
	jws, raw := packBody(jwt), append([]byte{kindRaw}, jwt...)
	encRaw := len(Prefix + encode45(deflate(t, raw)))
	encJWS := len(Prefix + encode45(deflate(t, jws)))
	if encJWS >= encRaw {
		t.Errorf("decoding the JWS parts gave %d characters, storing it as is %d", encJWS, encRaw)
	}
}

func deflate(t testing.TB, b []byte) []byte {
	var buf bytes.Buffer
	w, _ := flate.NewWriter(&buf, flate.BestCompression)
	w.Write(b)
	w.Close()
	return buf.Bytes()
}

func ExampleEncode() {
	text, err := Encode([]byte(`{"type":["VerifiablePresentation"]}`))
	if err != nil {
		panic(err)
	}
	payload, err := Decode(text)
	fmt.Println(text[:4], string(payload), err)
	// Output: LW1: {"type":["VerifiablePresentation"]} <nil>
}

func TestScan(t *testing.T) {
	payload := example(t, "ob3/validator/simple.json")
	img, err := PNG(payload, -4)
	if err != nil {
		t.Fatal(err)
	}
	text, err := Scan(img)
	if err != nil {
		t.Fatal(err)
	}
	got, err := Decode(text)
	if err != nil || !bytes.Equal(got, payload) {
		t.Fatalf("Scan then Decode: %v, equal %v", err, bytes.Equal(got, payload))
	}

	link := "http://192.168.1.20:41234/s/abcdefghijklmnopqrstuvwxyz"
	img, err = TextPNG(link, -4)
	if err != nil {
		t.Fatal(err)
	}
	if text, err := Scan(img); err != nil || text != link {
		t.Fatalf("Scan(TextPNG(link)) = %q, %v", text, err)
	}

	for name, b := range map[string][]byte{"not an image": []byte("hello"), "blank": blankPNG(t)} {
		if _, err := Scan(b); !errors.Is(err, ErrNoCode) {
			t.Errorf("%s: err = %v, want ErrNoCode", name, err)
		}
	}
}

func blankPNG(t *testing.T) []byte {
	t.Helper()
	var buf bytes.Buffer
	m := image.NewGray(image.Rect(0, 0, 64, 64))
	for i := range m.Pix {
		m.Pix[i] = 255
	}
	if err := png.Encode(&buf, m); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}
