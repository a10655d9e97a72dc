package ui

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"hash/crc32"
	"image"
	"image/png"
	"testing"
)

func pngOf(t *testing.T, w, h int) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := png.Encode(&buf, image.NewRGBA(image.Rect(0, 0, w, h))); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// claimSize rewrites a PNG's header to claim other dimensions (fixing the CRC),
// as a hostile credential could.
func claimSize(b []byte, w, h uint32) []byte {
	out := bytes.Clone(b)
	binary.BigEndian.PutUint32(out[16:], w)
	binary.BigEndian.PutUint32(out[20:], h)
	binary.BigEndian.PutUint32(out[29:], crc32.ChecksumIEEE(out[12:29]))
	return out
}

func TestDecodePicture(t *testing.T) {
	if p := decodePicture("a", pngOf(t, 40, 20)); p == nil || p.img == nil || p.img.Bounds().Dx() != 40 {
		t.Errorf("small PNG: %+v", p)
	}
	if p := decodePicture("b", pngOf(t, 1024, 512)); p == nil || p.img.Bounds().Dx() != thumbnailSize || p.img.Bounds().Dy() != thumbnailSize/2 {
		t.Errorf("large PNG not shrunk to a thumbnail: %+v", p)
	}
	if p := decodePicture("c", claimSize(pngOf(t, 4, 4), 30000, 30000)); p != nil {
		t.Error("a PNG claiming 30000×30000 pixels was decoded")
	}
	if p := decodePicture("d", []byte(`<svg xmlns="http://www.w3.org/2000/svg"/>`)); p == nil || p.res == nil {
		t.Errorf("SVG: %+v", p)
	}
	if p := decodePicture("e", []byte("not an image")); p != nil {
		t.Error("garbage was taken for a picture")
	}
}

// TestImageCacheBound: scrolling through a large wallet keeps at most
// maxPictures pictures, the most recently shown ones.
func TestImageCacheBound(t *testing.T) {
	c := newImageCache()
	p := &picture{}
	c.mu.Lock()
	defer c.mu.Unlock()
	for i := range 3 * maxPictures {
		c.put(fmt.Sprint(i), p)
		if i == maxPictures/2 {
			c.lookup("0") // shown again: kept longer
		}
	}
	if len(c.pics) != maxPictures || c.recent.Len() != maxPictures {
		t.Fatalf("%d pictures kept (%d in order), want %d", len(c.pics), c.recent.Len(), maxPictures)
	}
	if _, ok := c.lookup(fmt.Sprint(3*maxPictures - 1)); !ok {
		t.Error("the last picture shown was forgotten")
	}
	if _, ok := c.lookup("1"); ok {
		t.Error("an old picture was kept")
	}
}
