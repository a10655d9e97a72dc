package bake

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"encoding/xml"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"strings"
	"unicode/utf8"

	"github.com/learnerwallet/learnerwallet/wallet/internal/jsonv"
)

// PNG returns a copy of the PNG image img with content baked into it: an
// uncompressed iTXt chunk with the keyword key (KeywordOB3, KeywordCLR or
// KeywordOB2), right after the IHDR chunk. Any credential already baked
// into the image (an iTXt, tEXt or zTXt chunk under one of those keywords)
// is removed, so the result carries exactly one. Every other byte of the
// image is kept. content is baked as given: a compact JWS or JSON, never
// re-encoded.
func PNG(img []byte, key string, content []byte) ([]byte, error) {
	if key != KeywordOB3 && key != KeywordCLR && key != KeywordOB2 {
		return nil, fmt.Errorf("bake: %q is not a keyword a credential is baked under", key)
	}
	if err := checkContent(content); err != nil {
		return nil, err
	}
	chunks, tail, err := pngChunks(img)
	if err != nil {
		return nil, err
	}
	// keyword NUL, compression flag 0 and method 0, empty language tag NUL,
	// empty translated keyword NUL, text.
	data := make([]byte, 0, len(key)+5+len(content))
	data = append(data, key...)
	data = append(data, 0, 0, 0, 0, 0)
	data = append(data, content...)
	if len(data) > maxChunk {
		return nil, errors.New("the credential is too large to bake into a PNG image")
	}
	out := make([]byte, 0, len(img)+len(data)+12)
	out = append(out, pngSignature...)
	for i, c := range chunks {
		if c.isBadge() {
			continue
		}
		out = append(out, c.raw...)
		if i == 0 { // IHDR
			out = appendChunk(out, "iTXt", data)
		}
	}
	return append(out, tail...), nil
}

// maxChunk is the largest length a PNG chunk may declare.
const maxChunk = 1<<31 - 1

type pngChunk struct {
	typ  string
	data []byte
	raw  []byte // length, type, data and CRC, as in the image
}

// isBadge reports whether c is a text chunk that carries a credential.
func (c pngChunk) isBadge() bool {
	switch c.typ {
	case "iTXt", "tEXt", "zTXt":
		keyword, _, ok := bytes.Cut(c.data, []byte{0})
		if !ok {
			return false
		}
		k := string(keyword)
		return k == KeywordOB3 || k == KeywordCLR || k == KeywordOB2
	}
	return false
}

// pngChunks checks the structure of a PNG image and splits it into its
// chunks, up to and including IEND, and whatever follows IEND.
func pngChunks(b []byte) ([]pngChunk, []byte, error) {
	if !IsPNG(b) {
		return nil, nil, errors.New("not a PNG image")
	}
	var chunks []pngChunk
	rest := b[len(pngSignature):]
	for {
		if len(rest) == 0 {
			return nil, nil, errors.New("the PNG image is truncated: it has no IEND chunk")
		}
		if len(rest) < 12 {
			return nil, nil, errors.New("the PNG image is truncated")
		}
		n := binary.BigEndian.Uint32(rest[:4])
		typ := string(rest[4:8])
		if n > maxChunk || uint64(n) > uint64(len(rest)-12) {
			return nil, nil, fmt.Errorf("the PNG image is truncated or damaged (chunk %q claims %d bytes)", typ, n)
		}
		if !isChunkType(rest[4:8]) {
			return nil, nil, fmt.Errorf("the PNG image is damaged: %q is not a chunk type", typ)
		}
		c := pngChunk{typ: typ, data: rest[8 : 8+n], raw: rest[:12+n]}
		if crc32.ChecksumIEEE(rest[4:8+n]) != binary.BigEndian.Uint32(rest[8+n:12+n]) {
			return nil, nil, fmt.Errorf("the PNG image is damaged: its %q chunk fails its checksum", typ)
		}
		if len(chunks) == 0 && (typ != "IHDR" || n != 13) {
			return nil, nil, errors.New("the PNG image is damaged: it does not start with an IHDR chunk")
		}
		if len(chunks) > 0 && typ == "IHDR" {
			return nil, nil, errors.New("the PNG image is damaged: it has a second IHDR chunk")
		}
		chunks = append(chunks, c)
		rest = rest[12+n:]
		if typ == "IEND" {
			return chunks, rest, nil
		}
	}
}

// isChunkType reports whether t is four ASCII letters, as chunk types are.
func isChunkType(t []byte) bool {
	for _, c := range t {
		if !(c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z') {
			return false
		}
	}
	return true
}

func appendChunk(out []byte, typ string, data []byte) []byte {
	out = binary.BigEndian.AppendUint32(out, uint32(len(data)))
	start := len(out)
	out = append(out, typ...)
	out = append(out, data...)
	return binary.BigEndian.AppendUint32(out, crc32.ChecksumIEEE(out[start:]))
}

// checkContent refuses what cannot be a baked credential.
func checkContent(content []byte) error {
	if len(bytes.TrimSpace(content)) == 0 {
		return errors.New("there is no credential to bake")
	}
	if !utf8.Valid(content) {
		return errors.New("the credential is not UTF-8 text; it cannot be baked into an image")
	}
	return nil
}

// SVG returns the SVG document img with content baked into it: an element
// <openbadges:credential> (OB 3.0 and CLR 2.0) or <openbadges:assertion>
// (OB 2.0) in the given namespace, inserted as the first child of the root
// <svg> element, with the namespace declared on the root (on the element
// instead when the document already gives the prefix openbadges another
// meaning). Any element holding a credential already is removed first (also
// one whose prefix openbadges was never bound to a namespace), so the result
// carries exactly one. Every other byte of the document is kept.
//
// JSON goes in a CDATA body; a compact JWS, which is what VC-JWT and signed
// OB 2.0 badges are, goes in the verify attribute of an empty element. An OB
// 2.0 assertion gets its hosted URL in verify as well, when it has one.
// Readers trim the text they find, so space around content is not baked.
func SVG(img []byte, namespace string, content []byte) ([]byte, error) {
	local := "credential"
	switch namespace {
	case NamespaceOB3, NamespaceCLR:
	case NamespaceOB2:
		local = "assertion"
	default:
		return nil, fmt.Errorf("bake: %q is not a namespace a credential is baked in", namespace)
	}
	if err := checkContent(content); err != nil {
		return nil, err
	}
	content = bytes.TrimSpace(content)
	if i := bytes.IndexFunc(content, func(r rune) bool { return !isXMLChar(r) }); i >= 0 {
		r, _ := utf8.DecodeRune(content[i:])
		return nil, fmt.Errorf("the credential holds a character that XML cannot carry (%U at byte %d); it cannot be baked into an SVG image", r, i)
	}
	doc, err := scanSVG(img)
	if err != nil {
		return nil, err
	}
	// Declaring the prefix on the root would change what the rest of the
	// document means when the root binds it to another namespace or the
	// document uses it unbound: then it is bound on the element alone.
	onRoot := !doc.prefixBound && !doc.prefixUsed
	onElement := !onRoot && doc.prefixNS != namespace
	el, err := svgElement(namespace, local, content, onElement)
	if err != nil {
		return nil, err
	}
	var decl string
	if onRoot {
		decl = ` xmlns:` + svgPrefix + `="` + attrEscape(namespace) + `"`
	}
	return splice(img, doc, decl, el), nil
}

// svgPrefix is the prefix of the element SVG writes, as the specifications
// show it; readers that match the element by its prefix find it.
const svgPrefix = "openbadges"

// svgElement returns the element that carries content. JSON goes in a
// CDATA body; a compact JWS, or an OB 2.0 hosted URL, in verify.
func svgElement(namespace, local string, content []byte, bind bool) (string, error) {
	var verify string
	inBody := false
	switch {
	case content[0] == '{':
		inBody = true
		if namespace == NamespaceOB2 {
			verify = hostedURL(content)
		}
	case jsonv.LooksLikeJWS(content):
		verify = string(content)
	case namespace == NamespaceOB2 && isURL(string(content)):
		verify = string(content)
	default:
		return "", errors.New("the credential is neither JSON nor a compact JWS; it cannot be baked into an SVG image")
	}
	qname := svgPrefix + ":" + local
	var el strings.Builder
	el.WriteString("<" + qname)
	if bind {
		el.WriteString(` xmlns:` + svgPrefix + `="` + attrEscape(namespace) + `"`)
	}
	if verify != "" {
		el.WriteString(` verify="` + attrEscape(verify) + `"`)
	}
	if !inBody {
		el.WriteString("/>")
		return el.String(), nil
	}
	el.WriteString(">")
	writeCDATA(&el, content)
	el.WriteString("</" + qname + ">")
	return el.String(), nil
}

// splice returns img with decl added to the root's attributes, el as the
// root's first child, and doc.cuts left out.
func splice(img []byte, doc svgDoc, decl, el string) []byte {
	root := img[doc.rootStart:doc.rootEnd]
	nameEnd := 1 + bytes.IndexFunc(root[1:], func(r rune) bool { return r == '/' || r == '>' || isSpace(r) })
	var out bytes.Buffer
	out.Grow(len(img) + len(decl) + len(el) + 16)
	out.Write(img[:doc.rootStart])
	out.Write(root[:nameEnd])
	out.WriteString(decl)
	if doc.selfClosing {
		// <svg .../> becomes <svg ...>el</svg>.
		out.Write(bytes.TrimRightFunc(root[nameEnd:len(root)-2], isSpace))
		out.WriteString(">" + el + "</")
		out.Write(root[1:nameEnd])
		out.WriteString(">")
	} else {
		out.Write(root[nameEnd:])
		out.WriteString(el)
	}
	at := doc.rootEnd
	for _, c := range doc.cuts {
		out.Write(img[at:c[0]])
		at = c[1]
	}
	out.Write(img[at:])
	return out.Bytes()
}

// svgDoc is where scanSVG found the parts SVG edits, as byte offsets.
type svgDoc struct {
	rootStart, rootEnd int // the root's start tag
	selfClosing        bool
	prefixBound        bool     // whether the root binds the prefix openbadges
	prefixNS           string   // to what
	prefixUsed         bool     // whether a name outside a cut uses the prefix unbound
	cuts               [][2]int // elements that hold a credential
}

// scanSVG checks that b is a well-formed XML document with an <svg> root,
// and finds the root's start tag and every element holding a credential.
// Elements are matched by namespace and local name, as FromSVG does.
func scanSVG(b []byte) (svgDoc, error) {
	var doc svgDoc
	d := xml.NewDecoder(bytes.NewReader(b))
	d.Strict = true
	depth := 0
	sawRoot := false
	for {
		off := int(d.InputOffset())
		tok, err := d.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			if sawRoot {
				return svgDoc{}, fmt.Errorf("the SVG image is malformed: %v", err)
			}
			return svgDoc{}, fmt.Errorf("not an SVG image: %v", err)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if depth == 0 {
				if sawRoot {
					return svgDoc{}, errors.New("the SVG image is malformed: it has more than one root element")
				}
				if t.Name.Local != "svg" {
					return svgDoc{}, fmt.Errorf("not an SVG image: the document is a <%s>, not an <svg>", t.Name.Local)
				}
				sawRoot = true
				doc.rootStart, doc.rootEnd = off, int(d.InputOffset())
				doc.selfClosing = bytes.HasSuffix(b[doc.rootStart:doc.rootEnd], []byte("/>"))
				for _, a := range t.Attr {
					if a.Name.Space == "xmlns" && a.Name.Local == "openbadges" {
						doc.prefixBound, doc.prefixNS = true, a.Value
					}
				}
				doc.prefixUsed = usesPrefix(t)
				depth++
				continue
			}
			if isBakedElement(t.Name) {
				if err := d.Skip(); err != nil {
					return svgDoc{}, fmt.Errorf("the SVG image is malformed: %v", err)
				}
				doc.cuts = append(doc.cuts, [2]int{off, int(d.InputOffset())})
				continue
			}
			doc.prefixUsed = doc.prefixUsed || usesPrefix(t)
			depth++
		case xml.EndElement:
			depth--
		}
	}
	if !sawRoot {
		return svgDoc{}, errors.New("not an SVG image: it has no <svg> element")
	}
	return doc, nil
}

// isBakedElement reports whether an element holds a credential: one of the
// elements FromSVG reads, or a botched one whose prefix openbadges was never
// bound to a namespace (a name keeps an unbound prefix as its Space).
func isBakedElement(n xml.Name) bool {
	switch n.Space {
	case NamespaceOB3, NamespaceCLR, "openbadges":
		if n.Local == "credential" {
			return true
		}
	}
	return (n.Space == NamespaceOB2 || n.Space == "openbadges") && n.Local == "assertion"
}

// usesPrefix reports whether an element's name or attributes use the
// prefix openbadges without a binding in scope.
func usesPrefix(e xml.StartElement) bool {
	if e.Name.Space == "openbadges" {
		return true
	}
	for _, a := range e.Attr {
		if a.Name.Space == "openbadges" {
			return true
		}
	}
	return false
}

// writeCDATA writes s as CDATA sections: "]]>", which would end a section,
// is split across two, and a carriage return, which XML readers turn into a
// line feed even in CDATA, is written as a character reference between two,
// so that readers get back exactly s.
func writeCDATA(w *strings.Builder, s []byte) {
	w.WriteString("<![CDATA[")
	text := strings.ReplaceAll(string(s), "]]>", "]]]]><![CDATA[>")
	w.WriteString(strings.ReplaceAll(text, "\r", "]]>&#xD;<![CDATA["))
	w.WriteString("]]>")
}

// attrEscape escapes s for an attribute value in double quotes, keeping
// white space characters as they are rather than normalised away.
func attrEscape(s string) string {
	return strings.NewReplacer(`&`, "&amp;", `<`, "&lt;", `>`, "&gt;", `"`, "&quot;",
		"\t", "&#x9;", "\n", "&#xA;", "\r", "&#xD;").Replace(s)
}

// isXMLChar reports whether r may appear in an XML 1.0 document.
func isXMLChar(r rune) bool {
	return r == 0x09 || r == 0x0A || r == 0x0D ||
		r >= 0x20 && r <= 0xD7FF ||
		r >= 0xE000 && r <= 0xFFFD ||
		r >= 0x10000 && r <= 0x10FFFF
}

func isSpace(r rune) bool { return r == ' ' || r == '\t' || r == '\n' || r == '\r' }

func isURL(s string) bool {
	return strings.HasPrefix(s, "https://") || strings.HasPrefix(s, "http://")
}

// hostedURL returns where an OB 2.0 assertion is hosted: its id, or the
// url of an OB 1.x verify object; "" when it names no web address.
func hostedURL(assertion []byte) string {
	var a struct {
		ID     any             `json:"id"`
		Verify json.RawMessage `json:"verify"`
	}
	if json.Unmarshal(assertion, &a) != nil {
		return ""
	}
	var v struct {
		URL any `json:"url"`
	}
	_ = json.Unmarshal(a.Verify, &v) // absent in OB 2.0, whose id is the URL
	for _, u := range []any{a.ID, v.URL} {
		if s, ok := u.(string); ok && isURL(s) && !strings.ContainsAny(s, " \t\r\n") {
			return s
		}
	}
	return ""
}
