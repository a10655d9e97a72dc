package cborld

import (
	"encoding/hex"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/learnerwallet/learnerwallet/wallet/internal/jsonv"
	"github.com/learnerwallet/learnerwallet/wallet/ld"
)

// vector is one golden vector made by @digitalbazaar/cborld 8.1.0
// (.ci/interop/vpqr.mjs vectors; see testdata/vpqr/README.md).
type vector struct {
	File   string `json:"file"`
	Entry  int    `json:"entry"`
	CBORLD string `json:"cborld"`
	Base32 string `json:"base32"`
	Base45 string `json:"base45"`
	Error  string `json:"error"`
}

func vectors(t testing.TB) []vector {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "..", "testdata", "vpqr", "vectors.json"))
	if err != nil {
		t.Fatal(err)
	}
	var vs []vector
	if err := json.Unmarshal(b, &vs); err != nil {
		t.Fatal(err)
	}
	return vs
}

func readDoc(t testing.TB, name string) map[string]any {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "..", filepath.FromSlash(name)))
	if err != nil {
		t.Fatal(err)
	}
	doc, err := jsonv.DecodeObject(b)
	if err != nil {
		t.Fatal(err)
	}
	return doc
}

func bundled(t testing.TB) Loader {
	t.Helper()
	load, err := Bundled()
	if err != nil {
		t.Fatal(err)
	}
	return load
}

// Our encoder writes what theirs writes, byte for byte, and our decoder
// reads theirs back to the document; where their compressor fails, ours
// says the document is uncompressible.
func TestTheirVectors(t *testing.T) {
	load := bundled(t)
	for _, v := range vectors(t) {
		doc := readDoc(t, v.File)
		got, err := Encode(doc, v.Entry, load)
		if v.Error != "" {
			var ue *UncompressibleError
			if !errors.As(err, &ue) {
				t.Errorf("%s entry %d: their encoder fails (%s), ours gives %v", v.File, v.Entry, v.Error, err)
			}
			continue
		}
		if err != nil {
			t.Errorf("%s entry %d: %v", v.File, v.Entry, err)
			continue
		}
		if g := hex.EncodeToString(got); g != v.CBORLD {
			n := 0
			for n < len(g) && n < len(v.CBORLD) && g[n] == v.CBORLD[n] {
				n++
			}
			t.Errorf("%s entry %d: our bytes differ from theirs at byte %d", v.File, v.Entry, n/2)
		}
		theirs, _ := hex.DecodeString(v.CBORLD)
		back, err := Decode(theirs, load)
		if err != nil {
			t.Errorf("%s entry %d: decoding theirs: %v", v.File, v.Entry, err)
			continue
		}
		if !jsonEqual(back, doc) {
			t.Errorf("%s entry %d: decoded differs from the document", v.File, v.Entry)
		}
	}
}

func TestUnknownContext(t *testing.T) {
	doc := map[string]any{"@context": []any{"https://example.org/not-bundled/v1"}, "type": "VerifiablePresentation"}
	_, err := Encode(doc, Compressed, bundled(t))
	var ce *ld.ContextError
	if !errors.As(err, &ce) || ce.URL != "https://example.org/not-bundled/v1" {
		t.Fatalf("got %v, want a *ld.ContextError", err)
	}
}

// Hostile and malformed CBOR-LD is refused in words, never a panic.
func TestDecodeRefuses(t *testing.T) {
	load := bundled(t)
	v := vectors(t)[3] // codecs-v1, entry 1
	good, _ := hex.DecodeString(v.CBORLD)
	for _, c := range []struct {
		name string
		hex  string
	}{
		{"empty", ""},
		{"no tag", "a0"},
		{"other tag", "d9cb1e8201a0"},
		{"entry 2", "d9cb1d8202a0"},
		{"legacy singleton", "d90501a0"},
		{"not a map", "d9cb1d820101"},
		{"trailing bytes", "d9cb1d8201a000"},
		{"unknown term id", "d9cb1d8201a1190fa001"},
		{"context number", "d9cb1d8201a10005"},
		{"both contexts", "d9cb1d8201a2006161018161"},
		{"byte string uncompressed", "d9cb1d8200a1616141ff"},
		{"indefinite", "d9cb1d8200bf6161ff"},
		{"huge array", "d9cb1d8200a161619bffffffffffffffff"},
		{"nested", "d9cb1d8200" + repeat("8181", 40) + "00"},
		{"truncated", hex.EncodeToString(good[:len(good)/2])},
	} {
		b, err := hex.DecodeString(c.hex)
		if err != nil {
			t.Fatal(c.name, err)
		}
		if _, err := Decode(b, load); !errors.Is(err, ErrFormat) {
			t.Errorf("%s: got %v, want ErrFormat", c.name, err)
		}
	}
}

func repeat(s string, n int) string {
	out := ""
	for range n {
		out += s
	}
	return out
}

// FuzzDecode: no input makes Decode panic or run away; what it reads, it
// writes back and reads again alike.
func FuzzDecode(f *testing.F) {
	for _, v := range vectors(f) {
		if b, err := hex.DecodeString(v.CBORLD); err == nil && v.CBORLD != "" {
			f.Add(b)
		}
	}
	f.Add([]byte{0xd9, 0xcb, 0x1d, 0x82, 0x01, 0xa0})
	load := bundled(f)
	f.Fuzz(func(t *testing.T, b []byte) {
		doc, err := Decode(b, load)
		if err != nil {
			return
		}
		again, err := Encode(doc, Uncompressed, load)
		if err != nil {
			t.Fatalf("decoded %x but cannot write it uncompressed: %v", b, err)
		}
		back, err := Decode(again, load)
		if err != nil || !jsonEqual(back, doc) {
			t.Fatalf("decoded %x, wrote it, read back something else (%v)", b, err)
		}
	})
}

// Our presentations, too large for one QR code or not, go through both
// entries and back whole (entry 1 where it can).
func TestRoundTrip(t *testing.T) {
	load := bundled(t)
	for _, f := range []string{"wallet/testdata/presentations/two-courses.json", "wallet/testdata/presentations/curated.json",
		"wallet/testdata/presentations/ob3-and-jwt.json", "testdata/interop/digitalbazaar-vc-v1.json",
		"testdata/interop/digitalbazaar-vc-v2.json", "testdata/generated/clr-vcdm11-signed.json",
		"testdata/generated/badge-vcdm11-signed.json", "testdata/generated/clr-20-courses-signed.json"} {
		b, err := os.ReadFile(filepath.Join("..", "..", f))
		if err != nil {
			t.Fatal(err)
		}
		doc, err := jsonv.DecodeObject(b)
		if err != nil {
			t.Fatal(err)
		}
		for _, entry := range []int{Uncompressed, Compressed} {
			enc, err := Encode(doc, entry, load)
			var ue *UncompressibleError
			if entry == Compressed && errors.As(err, &ue) {
				t.Logf("%s: %v", f, err)
				continue
			}
			if err != nil {
				t.Errorf("%s entry %d: %v", f, entry, err)
				continue
			}
			back, err := Decode(enc, load)
			if err != nil || !jsonEqual(back, doc) {
				t.Errorf("%s entry %d: came back different (%v)", f, entry, err)
			}
			t.Logf("%s entry %d: %d bytes of JSON, %d of CBOR-LD", f, entry, len(b), len(enc))
		}
	}
}

// A document made to apply contexts over and over is refused once the work
// passes maxWork: encoding says it cannot be compressed, decoding that it
// cannot be read.
func TestWorkBounded(t *testing.T) {
	load := bundled(t)
	subjects := make([]any, 1500)
	for i := range subjects {
		subjects[i] = map[string]any{"type": "Achievement", "name": "a", "description": "b",
			"criteria": map[string]any{"narrative": "c"}}
	}
	doc := map[string]any{
		"@context":          []any{"https://www.w3.org/2018/credentials/v1", "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"},
		"type":              "VerifiableCredential",
		"credentialSubject": subjects,
	}
	c := &compressor{cl: newContextLoader(load)}
	if _, err := c.object(newActive(map[string]*termDef{}, nil), doc, 0); err != nil {
		t.Fatal(err)
	}
	work := c.cl.work
	enc, err := Encode(doc, Compressed, load)
	if err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	if _, err := Decode(enc, load); err != nil {
		t.Fatal(err)
	}
	t.Logf("%d bytes of CBOR-LD, work %d (the limit is %d), decoded in %v", len(enc), work, maxWork, time.Since(start))

	saved := maxWork
	maxWork = work / 2
	defer func() { maxWork = saved }()
	_, err = Encode(doc, Compressed, load)
	var ue *UncompressibleError
	if !errors.As(err, &ue) {
		t.Errorf("encoding: got %v, want an UncompressibleError", err)
	}
	if _, err := Decode(enc, load); !errors.Is(err, ErrFormat) {
		t.Errorf("decoding: got %v, want ErrFormat", err)
	}
}

// The legacy range tags 0x0600 (entry 0) and 0x0601 (entry 1) hold the
// payload itself, no array: read as 1.0.
func TestLegacyRange(t *testing.T) {
	load := bundled(t)
	for _, v := range vectors(t) {
		if v.File != "testdata/vpqr/codecs-v1.json" {
			continue
		}
		b, _ := hex.DecodeString(v.CBORLD)
		legacy := append([]byte{0xd9, 0x06, byte(v.Entry)}, b[5:]...)
		doc, err := Decode(legacy, load)
		if err != nil || !jsonEqual(doc, readDoc(t, v.File)) {
			t.Errorf("entry %d in the legacy range: %v", v.Entry, err)
		}
	}
}
