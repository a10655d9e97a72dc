// Package baketest builds badge images for tests: PNGs with text chunks
// (valid or deliberately damaged), SVGs with a baked element, and
// decompression bombs that are cheap to make.
package baketest

import (
	"bytes"
	"compress/zlib"
	"encoding/binary"
	"fmt"
	"hash/crc32"
	"image"
	"image/color"
	"image/png"
	"strings"
)

// Chunk returns a PNG chunk: length, type, data, and the CRC-32 computed
// over type and data.
func Chunk(typ string, data []byte) []byte {
	if len(typ) != 4 {
		panic("baketest: a PNG chunk type has 4 letters: " + typ)
	}
	out := binary.BigEndian.AppendUint32(nil, uint32(len(data)))
	out = append(out, typ...)
	out = append(out, data...)
	return binary.BigEndian.AppendUint32(out, crc32.ChecksumIEEE(out[4:]))
}

// ITXt returns the data of an iTXt chunk holding text under keyword, zlib
// compressed when compressed is set.
func ITXt(keyword string, text []byte, compressed bool) []byte {
	var b bytes.Buffer
	b.WriteString(keyword)
	b.WriteByte(0)
	if compressed {
		b.Write([]byte{1, 0})
	} else {
		b.Write([]byte{0, 0})
	}
	b.WriteString("en") // language tag
	b.WriteByte(0)
	b.WriteByte(0) // no translated keyword
	if compressed {
		b.Write(Zlib(text))
	} else {
		b.Write(text)
	}
	return b.Bytes()
}

// ITXtRaw returns the data of a compressed iTXt chunk whose text is the
// given zlib stream, as is.
func ITXtRaw(keyword string, zlibText []byte) []byte {
	return append([]byte(keyword+"\x00\x01\x00\x00\x00"), zlibText...)
}

// TEXt returns the data of a tEXt chunk.
func TEXt(keyword, text string) []byte { return []byte(keyword + "\x00" + text) }

// ZTXt returns the data of a zTXt chunk.
func ZTXt(keyword string, text []byte) []byte {
	return append([]byte(keyword+"\x00\x00"), Zlib(text)...)
}

// Zlib compresses b.
func Zlib(b []byte) []byte {
	var buf bytes.Buffer
	w := zlib.NewWriter(&buf)
	_, _ = w.Write(b)
	_ = w.Close()
	return buf.Bytes()
}

var plain = func() []byte {
	img := image.NewNRGBA(image.Rect(0, 0, 2, 2))
	img.Set(0, 0, color.NRGBA{R: 200, G: 30, B: 30, A: 255})
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		panic(err)
	}
	return buf.Bytes()
}()

// Signature is the PNG file signature.
const Signature = "\x89PNG\r\n\x1a\n"

// Plain returns a small valid PNG image with nothing baked into it.
func Plain() []byte { return bytes.Clone(plain) }

// PNG returns a valid PNG image (as image/png writes it) with the given
// chunks inserted right after its IHDR chunk.
func PNG(chunks ...[]byte) []byte {
	ihdrEnd := len(Signature) + 4 + 4 + 13 + 4
	out := append([]byte(nil), plain[:ihdrEnd]...)
	for _, c := range chunks {
		out = append(out, c...)
	}
	return append(out, plain[ihdrEnd:]...)
}

// BakePNG returns a PNG image with text baked into an uncompressed iTXt
// chunk under keyword, as the Open Badges baking specification says.
func BakePNG(keyword string, text []byte) []byte {
	return PNG(Chunk("iTXt", ITXt(keyword, text, false)))
}

// BakeSVG returns an SVG image with credential baked into an element of the
// given namespace (bound to the prefix "openbadges") and local name: in
// its verify attribute when inAttr is set, else as a CDATA body.
func BakeSVG(namespace, local, credential string, inAttr bool) []byte {
	var el string
	if inAttr {
		el = fmt.Sprintf(`<openbadges:%s verify="%s"></openbadges:%[1]s>`, local, xmlEscape(credential))
	} else {
		el = fmt.Sprintf("<openbadges:%s><![CDATA[%s]]></openbadges:%[1]s>", local, credential)
	}
	return []byte(`<?xml version="1.0" encoding="UTF-8"?>
<svg xmlns="http://www.w3.org/2000/svg" xmlns:openbadges="` + namespace + `" width="10" height="10">
  ` + el + `
  <rect width="10" height="10" fill="#c81e1e"/>
</svg>
`)
}

func xmlEscape(s string) string {
	return strings.NewReplacer(`&`, "&amp;", `<`, "&lt;", `>`, "&gt;", `"`, "&quot;").Replace(s)
}

// bitWriter writes a DEFLATE bit stream: fields least significant bit
// first, Huffman codes most significant bit first.
type bitWriter struct {
	out   []byte
	acc   uint64
	nbits uint
}

func (w *bitWriter) bits(v uint64, n uint) {
	w.acc |= v << w.nbits
	w.nbits += n
	for w.nbits >= 8 {
		w.out = append(w.out, byte(w.acc))
		w.acc >>= 8
		w.nbits -= 8
	}
}

func (w *bitWriter) code(c uint64, n uint) {
	var r uint64
	for i := uint(0); i < n; i++ {
		r = r<<1 | (c>>i)&1
	}
	w.bits(r, n)
}

func (w *bitWriter) flush() []byte {
	if w.nbits > 0 {
		w.out = append(w.out, byte(w.acc))
		w.acc, w.nbits = 0, 0
	}
	return w.out
}

// deflateZeros returns a raw DEFLATE stream that inflates to n zero bytes:
// one fixed-Huffman block of a literal zero and back-references of 258
// bytes at distance 1, about 13 bits for every 258 bytes. Making it costs
// nothing like compressing n bytes would.
func deflateZeros(n int) []byte {
	w := &bitWriter{out: make([]byte, 0, n/150+16)}
	w.bits(1, 1) // BFINAL
	w.bits(1, 2) // BTYPE 01: fixed Huffman codes
	literal0 := func() { w.code(0x30, 8) }
	if n > 0 {
		literal0()
		n--
	}
	for ; n >= 258; n -= 258 {
		w.code(0xc5, 8) // length code 285: 258 bytes
		w.code(0, 5)    // distance code 0: distance 1
	}
	for ; n > 0; n-- {
		literal0()
	}
	w.code(0, 7) // end of block
	return w.flush()
}

// ZlibZeros returns a zlib stream that inflates to n zero bytes; with a
// large n it is a decompression bomb.
func ZlibZeros(n int) []byte {
	out := append([]byte{0x78, 0x01}, deflateZeros(n)...)
	// Adler-32 of n zeros: a stays 1, b adds a once per byte.
	adler := uint32(n%65521)<<16 | 1
	return binary.BigEndian.AppendUint32(out, adler)
}

// GzipZeros returns a gzip file that inflates to n zero bytes.
func GzipZeros(n int) []byte {
	out := []byte{0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff}
	out = append(out, deflateZeros(n)...)
	zero := make([]byte, 1<<16)
	crc := uint32(0)
	for left := n; left > 0; left -= len(zero) {
		crc = crc32.Update(crc, crc32.IEEETable, zero[:min(left, len(zero))])
	}
	out = binary.LittleEndian.AppendUint32(out, crc)
	return binary.LittleEndian.AppendUint32(out, uint32(n))
}
