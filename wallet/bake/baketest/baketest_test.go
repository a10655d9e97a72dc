package baketest

import (
	"bytes"
	"compress/gzip"
	"compress/zlib"
	"image/png"
	"io"
	"testing"
)

// The bombs must be real: valid streams, checksums included, of exactly n
// zero bytes.
func TestZeros(t *testing.T) {
	for _, n := range []int{0, 1, 2, 257, 258, 259, 260, 1000, 1 << 20, 3<<20 + 17} {
		t.Run("zlib", func(t *testing.T) {
			r, err := zlib.NewReader(bytes.NewReader(ZlibZeros(n)))
			if err != nil {
				t.Fatal(err)
			}
			checkZeros(t, r, n)
		})
		t.Run("gzip", func(t *testing.T) {
			r, err := gzip.NewReader(bytes.NewReader(GzipZeros(n)))
			if err != nil {
				t.Fatal(err)
			}
			checkZeros(t, r, n)
		})
	}
}

func checkZeros(t *testing.T, r io.Reader, n int) {
	t.Helper()
	out, err := io.ReadAll(r) // reads to EOF, so the checksum is verified
	if err != nil {
		t.Fatalf("n=%d: %v", n, err)
	}
	if len(out) != n || bytes.Count(out, []byte{0}) != n {
		t.Fatalf("n=%d: inflated to %d bytes, %d of them zero", n, len(out), bytes.Count(out, []byte{0}))
	}
}

func TestPNGIsValid(t *testing.T) {
	b := PNG(Chunk("iTXt", ITXt("openbadgecredential", []byte(`{"a":1}`), true)), Chunk("tEXt", TEXt("Comment", "hi")))
	if _, err := png.Decode(bytes.NewReader(b)); err != nil {
		t.Fatalf("image/png cannot decode the built image: %v", err)
	}
}
