package vpqr_test

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/learnerwallet/learnerwallet/wallet/cborld"
	"github.com/learnerwallet/learnerwallet/wallet/qr"
	"github.com/learnerwallet/learnerwallet/wallet/vpqr"
)

type vector struct {
	File   string `json:"file"`
	Entry  int    `json:"entry"`
	Base32 string `json:"base32"`
	Base45 string `json:"base45"`
	Error  string `json:"error"`
}

func read(t *testing.T, elem ...string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(append([]string{"..", ".."}, elem...)...))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func vectors(t *testing.T) []vector {
	var vs []vector
	if err := json.Unmarshal(read(t, "testdata", "vpqr", "vectors.json"), &vs); err != nil {
		t.Fatal(err)
	}
	return vs
}

func sameJSON(t *testing.T, a, b []byte) bool {
	t.Helper()
	var x, y any
	if err := json.Unmarshal(a, &x); err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, &y); err != nil {
		t.Fatal(err)
	}
	return reflect.DeepEqual(x, y)
}

// Their texts, base32 and base45, entries 0 and 1, decode to the
// presentation; ours are the same texts.
func TestTheirTexts(t *testing.T) {
	for _, v := range vectors(t) {
		vp := read(t, strings.Split(v.File, "/")...)
		for _, text := range []string{v.Base32, v.Base45} {
			if text == "" {
				continue
			}
			got, err := vpqr.Decode(text)
			if err != nil {
				t.Errorf("%s entry %d %.6s…: %v", v.File, v.Entry, text, err)
				continue
			}
			if !sameJSON(t, got, vp) {
				t.Errorf("%s entry %d %.6s…: decoded differs", v.File, v.Entry, text)
			}
			b, err := vpqr.CBORLD(text)
			if err != nil {
				t.Fatal(err)
			}
			if ours := vpqr.Text(b, vpqr.Base(text[4])); ours != text {
				t.Errorf("%s entry %d: our %s text differs from theirs", v.File, v.Entry, vpqr.Base(text[4]))
			}
		}
	}
}

// Encode compresses what their compressor can (VCDM 1.1, and 2.0 with no
// credential in it), sends the rest uncompressed, and gives their text.
func TestEncodeAsTheyDo(t *testing.T) {
	want := map[string]vector{}
	for _, v := range vectors(t) {
		if v.Error == "" && v.Base32 != "" {
			if w, seen := want[v.File]; !seen || w.Entry < v.Entry {
				want[v.File] = v
			}
		}
	}
	for file, entry := range map[string]int{"testdata/vpqr/vp-v1-signed.json": 1, "testdata/vpqr/codecs-v1.json": 1,
		"testdata/vpqr/small-v2.json": 0, "testdata/vpqr/empty-v2.json": 1} {
		c, err := vpqr.Encode(read(t, strings.Split(file, "/")...))
		if err != nil {
			t.Errorf("%s: %v", file, err)
			continue
		}
		if c.Entry != entry || c.Base != vpqr.Base32 || c.Text != want[file].Base32 {
			t.Errorf("%s: entry %d %s, want entry %d base32 as theirs (same text: %v)", file, c.Entry, c.Base, entry, c.Text == want[file].Base32)
		}
	}
}

// Our presentations go through and back whole.
func TestRoundTrip(t *testing.T) {
	files := []string{"wallet/testdata/presentations/two-courses.json", "wallet/testdata/presentations/curated.json",
		"wallet/testdata/presentations/ob3-and-jwt.json", "testdata/interop/digitalbazaar-vc-v2.json",
		"testdata/vpqr/codecs-v1.json", "testdata/vpqr/small-v2.json"}
	for _, f := range files {
		vp := read(t, strings.Split(f, "/")...)
		c, err := vpqr.Encode(vp)
		var tooLarge *qr.TooLargeError
		if errors.As(err, &tooLarge) {
			t.Logf("%s: does not fit (%d characters)", f, tooLarge.Size)
			continue
		}
		if err != nil {
			t.Errorf("%s: %v", f, err)
			continue
		}
		got, err := vpqr.Decode(c.Text)
		if err != nil {
			t.Errorf("%s: %v", f, err)
			continue
		}
		if !sameJSON(t, got, vp) {
			t.Errorf("%s: came back different", f)
		}
		t.Logf("%s: %d bytes of JSON, entry %d, %d characters in %s", f, len(vp), c.Entry, len(c.Text), c.Base)
	}
}

// The picture holds the text, at level L: it scans back.
func TestPNGScans(t *testing.T) {
	v := vectors(t)[0]
	for _, x := range vectors(t) {
		if x.File == "testdata/vpqr/vp-v1-signed.json" && x.Entry == 1 {
			v = x
		}
	}
	for _, text := range []string{v.Base32, v.Base45} {
		img, err := vpqr.PNG(text, -2)
		if err != nil {
			t.Fatal(err)
		}
		got, err := qr.Scan(img)
		if err != nil || got != text {
			t.Fatalf("scanned %q…, %v", got[:min(len(got), 20)], err)
		}
	}
}

func TestEncodeRefuses(t *testing.T) {
	for name, in := range map[string]string{
		"a VP-JWT":     "eyJhbGciOiJFZERTQSJ9.eyJ2cCI6e319.c2ln",
		"a credential": `{"@context":["https://www.w3.org/2018/credentials/v1"],"type":["VerifiableCredential"]}`,
	} {
		if _, err := vpqr.Encode([]byte(in)); !errors.Is(err, vpqr.ErrNotPresentation) {
			t.Errorf("%s: %v", name, err)
		}
	}
}

func TestDecodeRefuses(t *testing.T) {
	for name, text := range map[string]string{
		"no prefix":       "VP2-BAAAA",
		"empty":           "VP1-",
		"other multibase": "VP1-zabc",
		"bad base32":      "VP1-B0189",
		"bad base45":      "VP1-R:::",
		"not CBOR-LD":     vpqr.Text([]byte{0xa0}, vpqr.Base32),
		"too long":        "VP1-B" + strings.Repeat("A", vpqr.MaxText),
		"entry 7":         vpqr.Text([]byte{0xd9, 0xcb, 0x1d, 0x82, 0x07, 0xa0}, vpqr.Base45),
	} {
		_, err := vpqr.Decode(text)
		if !errors.Is(err, vpqr.ErrFormat) {
			t.Errorf("%s: %v", name, err)
		}
	}
	var ee *cborld.EntryError
	if _, err := vpqr.Decode(vpqr.Text([]byte{0xd9, 0xcb, 0x1d, 0x82, 0x07, 0xa0}, vpqr.Base45)); !errors.As(err, &ee) || ee.Entry != 7 {
		t.Errorf("entry 7: want an EntryError")
	}
}

// FuzzDecode: no text makes Decode panic; what it reads is JSON.
func FuzzDecode(f *testing.F) {
	b, err := os.ReadFile(filepath.Join("..", "..", "testdata", "vpqr", "vectors.json"))
	if err != nil {
		f.Fatal(err)
	}
	var vs []vector
	if err := json.Unmarshal(b, &vs); err != nil {
		f.Fatal(err)
	}
	for _, v := range vs {
		for _, text := range []string{v.Base32, v.Base45} {
			if text != "" {
				f.Add(text)
			}
		}
	}
	f.Add("VP1-B")
	f.Fuzz(func(t *testing.T, text string) {
		out, err := vpqr.Decode(text)
		if err == nil && !json.Valid(out) {
			t.Fatalf("%q gave %q, which is not JSON", text, out)
		}
	})
}

// Base45 only when base32 does not fit.
func TestBase45WhenOnlyItFits(t *testing.T) {
	for n := 2600; n < 2900; n += 10 {
		vp := fmt.Sprintf(`{"@context": ["https://www.w3.org/2018/credentials/v1"], "type": ["VerifiablePresentation"], "note": %q}`,
			strings.Repeat("x", n))
		c, err := vpqr.Encode([]byte(vp))
		if err != nil {
			t.Fatalf("%d: %v", n, err)
		}
		if c.Base == vpqr.Base32 {
			continue
		}
		if b, _ := vpqr.CBORLD(c.Text); len(vpqr.Text(b, vpqr.Base32)) <= vpqr.Limit || len(c.Text) > vpqr.Limit {
			t.Fatalf("%d: base45 though base32 fits, or too long", n)
		}
		got, err := vpqr.Decode(c.Text)
		if err != nil || !sameJSON(t, got, []byte(vp)) {
			t.Fatalf("%d: %v", n, err)
		}
		return
	}
	t.Fatal("never base45")
}
