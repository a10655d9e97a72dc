// Package bake reads and writes credentials baked into badge images, as the
// Open Badges baking specifications define: a PNG iTXt chunk or an element
// of an SVG document.
package bake

import (
	"bytes"
	"compress/zlib"
	"encoding/binary"
	"encoding/xml"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"strings"
)

// Keywords of the PNG text chunks that carry a credential.
const (
	KeywordOB3 = "openbadgecredential"
	KeywordCLR = "clrcredential"
	KeywordOB2 = "openbadges"
)

// XML namespaces of the SVG elements that carry a credential.
const (
	NamespaceOB3 = "https://purl.imsglobal.org/ob/v3p0"
	NamespaceCLR = "https://purl.imsglobal.org/clr/v2p0"
	NamespaceOB2 = "http://openbadges.org"
)

// ErrNotBaked means the image is well formed but holds no credential.
var ErrNotBaked = errors.New("this image has no badge baked into it")

// Baked is what an image carries.
type Baked struct {
	// Key is the PNG keyword, or for SVG the namespace of the element.
	Key string
	// Content is the credential: JSON, a compact JWS, or (legacy OB 2.0) a URL.
	Content []byte
	// Legacy is set for an OB 1.x/2.0 tEXt chunk, which holds a hosted URL.
	Legacy bool
}

var pngSignature = []byte("\x89PNG\r\n\x1a\n")

// IsPNG reports whether b starts with the PNG signature.
func IsPNG(b []byte) bool { return bytes.HasPrefix(b, pngSignature) }

// FromPNG returns the first credential baked into a PNG image. limit bounds
// the size of a compressed text chunk once inflated, so a decompression bomb
// is refused without being expanded.
func FromPNG(b []byte, limit int) (Baked, error) {
	if !IsPNG(b) {
		return Baked{}, errors.New("not a PNG image")
	}
	rest := b[len(pngSignature):]
	for len(rest) > 0 {
		if len(rest) < 12 {
			return Baked{}, errors.New("the PNG image is truncated")
		}
		n := binary.BigEndian.Uint32(rest[:4])
		typ := string(rest[4:8])
		if uint64(n) > uint64(len(rest)-12) {
			return Baked{}, fmt.Errorf("the PNG image is truncated or damaged (chunk %q claims %d bytes)", typ, n)
		}
		data := rest[8 : 8+n]
		crc := binary.BigEndian.Uint32(rest[8+n : 12+n])
		rest = rest[12+n:]
		switch typ {
		case "iTXt", "tEXt", "zTXt":
			baked, ok, err := textChunk(typ, data, limit)
			if err != nil {
				return Baked{}, err
			}
			if !ok {
				continue
			}
			if crc32.ChecksumIEEE(append([]byte(typ), data...)) != crc {
				return Baked{}, fmt.Errorf("the PNG image is damaged: the %q chunk holding the badge fails its checksum", typ)
			}
			return baked, nil
		case "IEND":
			return Baked{}, ErrNotBaked
		}
	}
	return Baked{}, ErrNotBaked
}

func textChunk(typ string, data []byte, limit int) (Baked, bool, error) {
	keyword, rest, ok := bytes.Cut(data, []byte{0})
	if !ok {
		return Baked{}, false, nil
	}
	key := string(keyword)
	if key != KeywordOB3 && key != KeywordCLR && key != KeywordOB2 {
		return Baked{}, false, nil
	}
	switch typ {
	case "tEXt":
		return Baked{Key: key, Content: rest, Legacy: true}, true, nil
	case "zTXt":
		if len(rest) < 1 {
			return Baked{}, false, errors.New("the PNG image is damaged: empty compressed badge chunk")
		}
		text, err := inflate(rest[1:], limit)
		if err != nil {
			return Baked{}, false, err
		}
		return Baked{Key: key, Content: text, Legacy: true}, true, nil
	}
	// iTXt: compression flag, method, language tag NUL, translated keyword NUL, text.
	if len(rest) < 2 {
		return Baked{}, false, errors.New("the PNG image is damaged: truncated badge chunk")
	}
	compressed := rest[0] == 1
	rest = rest[2:]
	_, rest, ok1 := bytes.Cut(rest, []byte{0})
	_, text, ok2 := bytes.Cut(rest, []byte{0})
	if !ok1 || !ok2 {
		return Baked{}, false, errors.New("the PNG image is damaged: malformed badge chunk")
	}
	if compressed {
		var err error
		if text, err = inflate(text, limit); err != nil {
			return Baked{}, false, err
		}
	}
	return Baked{Key: key, Content: text}, true, nil
}

// inflate decompresses zlib data, refusing output larger than limit.
func inflate(b []byte, limit int) ([]byte, error) {
	r, err := zlib.NewReader(bytes.NewReader(b))
	if err != nil {
		return nil, errors.New("the PNG image is damaged: the badge text cannot be decompressed")
	}
	defer r.Close()
	out, err := io.ReadAll(io.LimitReader(r, int64(limit)+1))
	if err != nil {
		return nil, errors.New("the PNG image is damaged: the badge text cannot be decompressed")
	}
	if len(out) > limit {
		return nil, fmt.Errorf("the badge text in this PNG expands to more than %d MB; it was refused", limit>>20)
	}
	return out, nil
}

// LooksLikeSVG reports whether b seems to be an SVG document.
func LooksLikeSVG(b []byte) bool {
	head := b
	if len(head) > 64<<10 {
		head = head[:64<<10]
	}
	return bytes.Contains(head, []byte("<svg"))
}

// FromSVG returns the credential baked into an SVG document. Elements are
// matched by namespace URI and local name, never by prefix.
func FromSVG(b []byte) (Baked, error) {
	d := xml.NewDecoder(bytes.NewReader(b))
	d.Strict = true
	sawSVG := false
	for {
		tok, err := d.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			if sawSVG {
				return Baked{}, fmt.Errorf("the SVG image is malformed: %v", err)
			}
			return Baked{}, fmt.Errorf("not an SVG image: %v", err)
		}
		start, ok := tok.(xml.StartElement)
		if !ok {
			continue
		}
		if start.Name.Local == "svg" {
			sawSVG = true
		}
		ns := start.Name.Space
		match := (ns == NamespaceOB3 || ns == NamespaceCLR) && start.Name.Local == "credential" ||
			ns == NamespaceOB2 && start.Name.Local == "assertion"
		if !match {
			continue
		}
		var verify string
		for _, a := range start.Attr {
			// verify is an unprefixed attribute (or, leniently, one in the element's own namespace).
			if a.Name.Local == "verify" && (a.Name.Space == "" || a.Name.Space == ns) && strings.TrimSpace(a.Value) != "" {
				verify = strings.TrimSpace(a.Value)
				break
			}
		}
		// A signature in verify is the credential. A hosted badge's URL is
		// only where it lives: the assertion baked with it is in the body.
		if verify != "" && !strings.HasPrefix(verify, "https://") && !strings.HasPrefix(verify, "http://") {
			return Baked{Key: ns, Content: []byte(verify)}, nil
		}
		var body strings.Builder
		for {
			tok, err := d.Token()
			if err != nil {
				return Baked{}, fmt.Errorf("the SVG image is malformed: %v", err)
			}
			if cd, ok := tok.(xml.CharData); ok {
				body.Write(cd)
			}
			if end, ok := tok.(xml.EndElement); ok && end.Name == start.Name {
				break
			}
		}
		content := strings.TrimSpace(body.String())
		if content == "" && verify != "" {
			return Baked{Key: ns, Content: []byte(verify)}, nil
		}
		if content == "" {
			return Baked{}, errors.New("the SVG image has a badge element, but it is empty")
		}
		return Baked{Key: ns, Content: []byte(content)}, nil
	}
	if !sawSVG {
		return Baked{}, errors.New("not an SVG image")
	}
	return Baked{}, ErrNotBaked
}
