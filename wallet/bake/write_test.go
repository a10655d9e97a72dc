package bake

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"image/png"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/learnerwallet/learnerwallet/wallet/bake/baketest"
)

// contents are credentials to bake, among them the awkward ones.
var contents = []struct {
	name    string
	content string
}{
	{"JSON", cred},
	{"JWS", jws},
	{"CDATA end in the JSON", `{"name":"a]]>b","x":"]]>","y":"]]]]>>"}`},
	{"CDATA end at the very end", `{"a":"]]`},
	{"CRLF line ends", "{\r\n  \"name\": \"b\"\r\n}"},
	{"lone CR", "{\"a\":1,\r\"b\":2}"},
	{"tabs and markup", "{\t\"a\": \"<svg> & </svg>\", \"b\": \"&amp; &#x41;\"}"},
	{"non-ASCII", `{"name":"Caf\u00e9 — 日本語 😀` + "\u00a0\u2028" + `"}`},
}

func TestPNGRoundTrip(t *testing.T) {
	for _, key := range []string{KeywordOB3, KeywordCLR, KeywordOB2} {
		for _, c := range contents {
			t.Run(key+"/"+c.name, func(t *testing.T) {
				img, err := PNG(baketest.Plain(), key, []byte(c.content))
				if err != nil {
					t.Fatalf("PNG: %v", err)
				}
				b, err := FromPNG(img, limit)
				if err != nil {
					t.Fatalf("FromPNG: %v", err)
				}
				if b.Key != key || string(b.Content) != c.content || b.Legacy {
					t.Errorf("FromPNG = {Key:%q Content:%q Legacy:%v}, want {%q %q false}", b.Key, b.Content, b.Legacy, key, c.content)
				}
				if _, err := png.Decode(bytes.NewReader(img)); err != nil {
					t.Errorf("image/png cannot decode the baked image: %v", err)
				}
				// The chunk comes right after IHDR, uncompressed, with an
				// empty language tag and translated keyword.
				chunks := walk(t, img)
				want := key + "\x00\x00\x00\x00\x00" + c.content
				if chunks[1].typ != "iTXt" || string(chunks[1].data) != want {
					t.Errorf("second chunk = %s %q, want iTXt %q", chunks[1].typ, chunks[1].data, want)
				}
			})
		}
	}
}

// walk splits a PNG image into its chunks, which must be well formed.
func walk(t *testing.T, img []byte) []pngChunk {
	t.Helper()
	chunks, tail, err := pngChunks(img)
	if err != nil {
		t.Fatalf("the image is not well formed: %v", err)
	}
	if len(tail) != 0 {
		t.Fatalf("%d bytes after IEND", len(tail))
	}
	return chunks
}

func badgeChunks(t *testing.T, img []byte) int {
	t.Helper()
	n := 0
	for _, c := range walk(t, img) {
		if c.isBadge() {
			n++
		}
	}
	return n
}

func TestPNGReplaces(t *testing.T) {
	chunk, itxt := baketest.Chunk, baketest.ITXt
	comment := chunk("tEXt", baketest.TEXt("Comment", "made by hand"))
	afterIDAT := func(c []byte) []byte {
		img := baketest.Plain()
		iend := len(img) - 12
		return append(append(img[:iend:iend], c...), img[iend:]...)
	}
	tests := []struct {
		name string
		img  []byte
		kept [][]byte // chunks that must stay
	}{
		{"nothing baked", baketest.Plain(), nil},
		{"the same kind", baketest.BakePNG(KeywordOB3, []byte(jws)), nil},
		{"compressed", baketest.PNG(chunk("iTXt", itxt(KeywordOB3, []byte(cred), true))), nil},
		{"another kind", baketest.BakePNG(KeywordOB2, []byte(cred)), nil},
		{"legacy tEXt URL", baketest.PNG(chunk("tEXt", baketest.TEXt(KeywordOB2, "https://example.org/a.json"))), nil},
		{"legacy zTXt", baketest.PNG(chunk("zTXt", baketest.ZTXt(KeywordOB2, []byte(jws)))), nil},
		{"several, and other text kept", baketest.PNG(
			chunk("iTXt", itxt(KeywordCLR, []byte(cred), false)), comment,
			chunk("iTXt", itxt(KeywordOB3, []byte(jws), true)),
			chunk("iTXt", itxt("OpenBadgeCredential", []byte(jws), false)),
		), [][]byte{comment, chunk("iTXt", itxt("OpenBadgeCredential", []byte(jws), false))}},
		{"after the image data", afterIDAT(chunk("iTXt", itxt(KeywordOB3, []byte(cred), false))), nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			once, err := PNG(tt.img, KeywordOB3, []byte(cred))
			if err != nil {
				t.Fatalf("PNG: %v", err)
			}
			if n := badgeChunks(t, once); n != 1 {
				t.Errorf("%d credential chunks, want 1", n)
			}
			if b, err := FromPNG(once, limit); err != nil || b.Key != KeywordOB3 || string(b.Content) != cred {
				t.Errorf("FromPNG = {%q %q}, %v", b.Key, b.Content, err)
			}
			for _, c := range tt.kept {
				if !bytes.Contains(once, c) {
					t.Errorf("chunk %q was lost", c[4:8])
				}
			}
			// Everything but the credential is kept: the plain image
			// with the kept chunks, baked the same way.
			want, _ := PNG(baketest.PNG(tt.kept...), KeywordOB3, []byte(cred))
			if !bytes.Equal(once, want) {
				t.Errorf("the baked image differs from the original in more than the credential")
			}
			twice, err := PNG(once, KeywordOB3, []byte(cred))
			if err != nil || !bytes.Equal(twice, once) {
				t.Errorf("baking again changed the image (%v)", err)
			}
			other, err := PNG(once, KeywordCLR, []byte(jws))
			if err != nil || badgeChunks(t, other) != 1 {
				t.Fatalf("baking another credential: %v", err)
			}
			if b, _ := FromPNG(other, limit); b.Key != KeywordCLR || string(b.Content) != jws {
				t.Errorf("after baking another credential FromPNG = {%q %q}", b.Key, b.Content)
			}
		})
	}
}

// Bytes after IEND are none of the baker's business: they stay.
func TestPNGKeepsTrailingBytes(t *testing.T) {
	img := append(baketest.Plain(), "trailer"...)
	out, err := PNG(img, KeywordOB3, []byte(jws))
	if err != nil || !bytes.HasSuffix(out, []byte("IEND\xaeB`\x82trailer")) {
		t.Fatalf("PNG = …%q, %v", out[max(len(out)-20, 0):], err)
	}
}

func TestPNGErrors(t *testing.T) {
	plain := baketest.Plain()
	ihdr := len(baketest.Signature) + 25
	damagedIDAT := bytes.Clone(plain)
	damagedIDAT[ihdr+9] ^= 1 // a byte of the IDAT data
	noIHDR := append([]byte(baketest.Signature), plain[ihdr:]...)
	twoIHDR := append(bytes.Clone(plain[:ihdr]), plain[len(baketest.Signature):]...)
	shortIHDR := append([]byte(baketest.Signature), baketest.Chunk("IHDR", make([]byte, 12))...)
	shortIHDR = append(shortIHDR, plain[ihdr:]...)
	badType := baketest.PNG(baketest.Chunk("iT#t", []byte("x")))
	tests := []struct {
		name    string
		img     []byte
		key     string
		content string
		want    string
	}{
		{"not a PNG", []byte("GIF89a"), KeywordOB3, cred, "not a PNG image"},
		{"empty", nil, KeywordOB3, cred, "not a PNG image"},
		{"signature only", []byte(baketest.Signature), KeywordOB3, cred, "no IEND chunk"},
		{"no IEND", plain[:len(plain)-12], KeywordOB3, cred, "no IEND chunk"},
		{"cut in a chunk", plain[:ihdr+10], KeywordOB3, cred, "truncated"},
		{"cut in a chunk header", plain[:ihdr+5], KeywordOB3, cred, "truncated"},
		{"damaged image data", damagedIDAT, KeywordOB3, cred, `"IDAT" chunk fails its checksum`},
		{"damaged badge chunk", baketest.PNG(damageCRC(baketest.Chunk("iTXt", baketest.ITXt(KeywordOB3, []byte(cred), false)))),
			KeywordOB3, cred, `"iTXt" chunk fails its checksum`},
		{"IHDR missing", noIHDR, KeywordOB3, cred, "does not start with an IHDR chunk"},
		{"IHDR of the wrong size", shortIHDR, KeywordOB3, cred, "does not start with an IHDR chunk"},
		{"two IHDR", twoIHDR, KeywordOB3, cred, "second IHDR"},
		{"chunk type not letters", badType, KeywordOB3, cred, "not a chunk type"},
		{"unknown keyword", plain, "Comment", cred, "not a keyword"},
		{"keyword in another case", plain, "OpenBadgeCredential", cred, "not a keyword"},
		{"nothing to bake", plain, KeywordOB3, " \n", "no credential to bake"},
		{"not UTF-8", plain, KeywordOB3, "{\"a\":\"\xff\"}", "not UTF-8"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out, err := PNG(tt.img, tt.key, []byte(tt.content))
			if err == nil || !strings.Contains(err.Error(), tt.want) || out != nil {
				t.Fatalf("PNG = %d bytes, %v; want an error containing %q", len(out), err, tt.want)
			}
		})
	}
}

func TestSVGRoundTrip(t *testing.T) {
	plain := []byte(`<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect width="10" height="10"/></svg>`)
	for _, ns := range []string{NamespaceOB3, NamespaceCLR, NamespaceOB2} {
		for _, c := range contents {
			t.Run(ns+"/"+c.name, func(t *testing.T) {
				img, err := SVG(plain, ns, []byte(c.content))
				if err != nil {
					t.Fatalf("SVG: %v", err)
				}
				b, err := FromSVG(img)
				if err != nil {
					t.Fatalf("FromSVG: %v\n%s", err, img)
				}
				if b.Key != ns || string(b.Content) != c.content || b.Legacy {
					t.Errorf("FromSVG = {Key:%q Content:%q}, want {%q %q}\n%s", b.Key, b.Content, ns, c.content, img)
				}
				// The element is the root's first child, the namespace
				// declared on the root, and a JWS is in verify.
				local := "credential"
				if ns == NamespaceOB2 {
					local = "assertion"
				}
				head := `<svg xmlns:openbadges="` + ns + `" xmlns="http://www.w3.org/2000/svg" width="10" height="10">` +
					`<openbadges:` + local
				if c.content == jws {
					head += ` verify="` + jws + `"/>`
				} else {
					head += `><![CDATA[`
				}
				if !bytes.HasPrefix(img, []byte(head)) {
					t.Errorf("baked SVG starts\n%.200s\nwant\n%s", img, head)
				}
			})
		}
	}
}

func TestSVGForms(t *testing.T) {
	plain := []byte(`<svg xmlns="http://www.w3.org/2000/svg"/>`)
	hosted := `{"@context":"https://w3id.org/openbadges/v2","type":"Assertion","id":"https://example.org/a.json","verification":{"type":"hosted"}}`
	v1 := `{"uid":"1","verify":{"type":"hosted","url":"https://example.org/b.json"}}`
	uuid := `{"type":"Assertion","id":"urn:uuid:5a1a8d3c-5a30-4bcb-a0f6-0b6f8e0bd1b2"}`
	tests := []struct {
		name, ns, content, want string
	}{
		{"OB 3.0 JSON in CDATA", NamespaceOB3, cred,
			`<openbadges:credential><![CDATA[` + cred + `]]></openbadges:credential>`},
		{"VC-JWT in verify", NamespaceOB3, jws, `<openbadges:credential verify="` + jws + `"/>`},
		{"CLR", NamespaceCLR, jws, `<openbadges:credential verify="` + jws + `"/>`},
		{"OB 2.0 signed", NamespaceOB2, jws, `<openbadges:assertion verify="` + jws + `"/>`},
		{"OB 2.0 hosted: URL in verify, assertion in CDATA", NamespaceOB2, hosted,
			`<openbadges:assertion verify="https://example.org/a.json"><![CDATA[` + hosted + `]]></openbadges:assertion>`},
		{"OB 1.x verify.url", NamespaceOB2, v1,
			`<openbadges:assertion verify="https://example.org/b.json"><![CDATA[` + v1 + `]]></openbadges:assertion>`},
		{"OB 2.0 without a web address", NamespaceOB2, uuid,
			`<openbadges:assertion><![CDATA[` + uuid + `]]></openbadges:assertion>`},
		{"OB 2.0 hosted URL alone", NamespaceOB2, "https://example.org/a.json?x=1&y=2",
			`<openbadges:assertion verify="https://example.org/a.json?x=1&amp;y=2"/>`},
		{"space around is dropped", NamespaceOB3, "\n  " + jws + "\n", `<openbadges:credential verify="` + jws + `"/>`},
		{"CR kept as a reference", NamespaceOB3, "{\r\n}", "<openbadges:credential><![CDATA[{]]>&#xD;<![CDATA[\n}]]></openbadges:credential>"},
		{"CDATA end split", NamespaceOB3, `{"a":"]]>"}`, `<openbadges:credential><![CDATA[{"a":"]]]]><![CDATA[>"}]]></openbadges:credential>`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			img, err := SVG(plain, tt.ns, []byte(tt.content))
			if err != nil {
				t.Fatalf("SVG: %v", err)
			}
			want := `<svg xmlns:openbadges="` + tt.ns + `" xmlns="http://www.w3.org/2000/svg">` + tt.want + `</svg>`
			if string(img) != want {
				t.Errorf("SVG =\n%s\nwant\n%s", img, want)
			}
			b, err := FromSVG(img)
			wantContent := strings.TrimSpace(tt.content)
			if err != nil || b.Key != tt.ns || string(b.Content) != wantContent {
				t.Errorf("FromSVG = {%q %q}, %v; want {%q %q}", b.Key, b.Content, err, tt.ns, wantContent)
			}
		})
	}
}

// bakedElements counts the elements holding a credential.
func bakedElements(t *testing.T, img []byte) int {
	t.Helper()
	doc, err := scanSVG(img)
	if err != nil {
		t.Fatalf("the baked SVG is not well formed: %v\n%s", err, img)
	}
	return len(doc.cuts)
}

func TestSVGReplaces(t *testing.T) {
	const svg = `xmlns="http://www.w3.org/2000/svg"`
	tests := []struct {
		name string
		img  string
		want string // the result of baking jws as OB 3.0
	}{
		{"already baked", string(baketest.BakeSVG(NamespaceOB3, "credential", cred, false)), `<?xml version="1.0" encoding="UTF-8"?>
<svg xmlns="http://www.w3.org/2000/svg" xmlns:openbadges="https://purl.imsglobal.org/ob/v3p0" width="10" height="10"><openbadges:credential verify="` + jws + `"/>
  
  <rect width="10" height="10" fill="#c81e1e"/>
</svg>
`},
		{"an OB 2.0 assertion, prefix bound on the root",
			`<svg ` + svg + ` xmlns:openbadges="` + NamespaceOB2 + `"><openbadges:assertion verify="` + jws + `"/><g/></svg>`,
			`<svg ` + svg + ` xmlns:openbadges="` + NamespaceOB2 + `"><openbadges:credential xmlns:openbadges="` + NamespaceOB3 + `" verify="` + jws + `"/><g/></svg>`},
		{"several, deep, any prefix", `<svg ` + svg + `><metadata><c:credential xmlns:c="` + NamespaceCLR + `"><![CDATA[{}]]></c:credential></metadata>` +
			`<x:assertion xmlns:x="` + NamespaceOB2 + `" verify="https://example.org/a"><![CDATA[{}]]><x:assertion/></x:assertion><g/></svg>`,
			`<svg xmlns:openbadges="` + NamespaceOB3 + `" ` + svg + `><openbadges:credential verify="` + jws + `"/><metadata></metadata><g/></svg>`},
		{"others kept", `<svg ` + svg + ` xmlns:o="https://example.org/not-badges"><o:credential verify="x"/><openbadges:credential xmlns:openbadges="` + NamespaceOB3 + `/" verify="y"/></svg>`,
			`<svg xmlns:openbadges="` + NamespaceOB3 + `" ` + svg + ` xmlns:o="https://example.org/not-badges"><openbadges:credential verify="` + jws + `"/><o:credential verify="x"/><openbadges:credential xmlns:openbadges="` + NamespaceOB3 + `/" verify="y"/></svg>`},
		{"a botched bake, prefix never bound, is removed", `<svg ` + svg + `><openbadges:assertion verify="` + jws + `"/><g/></svg>`,
			`<svg xmlns:openbadges="` + NamespaceOB3 + `" ` + svg + `><openbadges:credential verify="` + jws + `"/><g/></svg>`},
		{"the prefix used unbound elsewhere", `<svg ` + svg + `><openbadges:note/></svg>`,
			`<svg ` + svg + `><openbadges:credential xmlns:openbadges="` + NamespaceOB3 + `" verify="` + jws + `"/><openbadges:note/></svg>`},
		{"the prefix bound to the same namespace", `<svg ` + svg + ` xmlns:openbadges="` + NamespaceOB3 + `"><g/></svg>`,
			`<svg ` + svg + ` xmlns:openbadges="` + NamespaceOB3 + `"><openbadges:credential verify="` + jws + `"/><g/></svg>`},
		{"byte order mark and space kept", "\xef\xbb\xbf\n <svg " + svg + ">\n</svg>\n",
			"\xef\xbb\xbf\n <svg xmlns:openbadges=\"" + NamespaceOB3 + "\" " + svg + "><openbadges:credential verify=\"" + jws + "\"/>\n</svg>\n"},
		{"self-closing root", `<svg ` + svg + ` />`,
			`<svg xmlns:openbadges="` + NamespaceOB3 + `" ` + svg + `><openbadges:credential verify="` + jws + `"/></svg>`},
		{"prefixed root, no default namespace", "<?xml version=\"1.0\"?>\n<!DOCTYPE svg PUBLIC \"-//W3C//DTD SVG 1.1//EN\" \"http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd\">\n<!-- <svg> in a comment -->\n<s:svg\n xmlns:s=\"http://www.w3.org/2000/svg\"\n/>\n",
			"<?xml version=\"1.0\"?>\n<!DOCTYPE svg PUBLIC \"-//W3C//DTD SVG 1.1//EN\" \"http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd\">\n<!-- <svg> in a comment -->\n<s:svg xmlns:openbadges=\"" + NamespaceOB3 + "\"\n xmlns:s=\"http://www.w3.org/2000/svg\"><openbadges:credential verify=\"" + jws + "\"/></s:svg>\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			once, err := SVG([]byte(tt.img), NamespaceOB3, []byte(jws))
			if err != nil {
				t.Fatalf("SVG: %v", err)
			}
			if string(once) != tt.want {
				t.Errorf("SVG =\n%s\nwant\n%s", once, tt.want)
			}
			if n := bakedElements(t, once); n != 1 {
				t.Errorf("%d baked elements, want 1", n)
			}
			if b, err := FromSVG(once); err != nil || b.Key != NamespaceOB3 || string(b.Content) != jws {
				t.Errorf("FromSVG = {%q %q}, %v", b.Key, b.Content, err)
			}
			twice, err := SVG(once, NamespaceOB3, []byte(jws))
			if err != nil || !bytes.Equal(twice, once) {
				t.Errorf("baking again changed the image (%v):\n%s", err, twice)
			}
			other, err := SVG(once, NamespaceCLR, []byte(cred))
			if err != nil || bakedElements(t, other) != 1 {
				t.Fatalf("baking another credential: %v", err)
			}
			if b, _ := FromSVG(other); b.Key != NamespaceCLR || string(b.Content) != cred {
				t.Errorf("after baking another credential FromSVG = {%q %q}", b.Key, b.Content)
			}
		})
	}
}

func TestSVGErrors(t *testing.T) {
	plain := `<svg xmlns="http://www.w3.org/2000/svg"/>`
	tests := []struct {
		name, img, ns, content, want string
	}{
		{"no svg root", `<html><svg/></html>`, NamespaceOB3, cred, "not an SVG image: the document is a <html>"},
		{"not XML", `hello <<>`, NamespaceOB3, cred, "not an SVG image"},
		{"empty", ``, NamespaceOB3, cred, "not an SVG image: it has no <svg> element"},
		{"only a prolog", `<?xml version="1.0"?><!-- nothing -->`, NamespaceOB3, cred, "no <svg> element"},
		{"two roots", `<svg/><svg/>`, NamespaceOB3, cred, "more than one root"},
		{"malformed inside", `<svg><g></svg>`, NamespaceOB3, cred, "SVG image is malformed"},
		{"unclosed", `<svg><g/>`, NamespaceOB3, cred, "SVG image is malformed"},
		{"malformed baked element", `<svg xmlns:ob="` + NamespaceOB3 + `"><ob:credential><![CDATA[x</svg>`, NamespaceOB3, cred, "SVG image is malformed"},
		{"undefined entity", `<svg><text>&nbsp;</text></svg>`, NamespaceOB3, cred, "SVG image is malformed"},
		{"unknown namespace", plain, "https://purl.imsglobal.org/ob/v3p0/", cred, "not a namespace"},
		{"nothing to bake", plain, NamespaceOB3, "  ", "no credential to bake"},
		{"not UTF-8", plain, NamespaceOB3, "{\xff}", "not UTF-8"},
		{"a character XML cannot carry", plain, NamespaceOB3, "{\"a\":\"\x01\"}", "XML cannot carry (U+0001 at byte 6)"},
		{"neither JSON nor JWS", plain, NamespaceOB3, "hello", "neither JSON nor a compact JWS"},
		{"a URL is not an OB 3.0 credential", plain, NamespaceOB3, "https://example.org/c.json", "neither JSON nor a compact JWS"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out, err := SVG([]byte(tt.img), tt.ns, []byte(tt.content))
			if err == nil || !strings.Contains(err.Error(), tt.want) || out != nil {
				t.Fatalf("SVG = %q, %v; want an error containing %q", out, err, tt.want)
			}
		})
	}
}

// Re-baking the corpus images with what they hold gives it back intact.
func TestCorpusRebake(t *testing.T) {
	for _, name := range []string{
		"ob3/validator/simple-json.png", "ob3/validator/simple-jwt.png", "ob2/validator/simple-badge.png",
		"ob3/validator/simple-json.svg", "ob3/validator/simple-jwt.svg", "ob3/validator/simple-jwt_v1.svg",
	} {
		t.Run(name, func(t *testing.T) {
			img, err := os.ReadFile(filepath.Join("../../testdata/examples", name))
			if err != nil {
				t.Fatal(err)
			}
			var before, after Baked
			var out []byte
			if IsPNG(img) {
				before, err = FromPNG(img, 20<<20)
				if err == nil {
					out, err = PNG(img, before.Key, before.Content)
				}
				if err == nil {
					after, err = FromPNG(out, 20<<20)
				}
				if err == nil && badgeChunks(t, out) != 1 {
					err = errors.New("not exactly one credential chunk")
				}
			} else {
				before, err = FromSVG(img)
				if err == nil {
					out, err = SVG(img, before.Key, before.Content)
				}
				if err == nil {
					after, err = FromSVG(out)
				}
				if err == nil && bakedElements(t, out) != 1 {
					err = errors.New("not exactly one baked element")
				}
			}
			if err != nil {
				t.Fatal(err)
			}
			if after.Key != before.Key || !bytes.Equal(after.Content, before.Content) {
				t.Errorf("re-baked image holds {%q %.40q…}, want {%q %.40q…}", after.Key, after.Content, before.Key, before.Content)
			}
		})
	}
}

func ExampleSVG() {
	img := []byte(`<svg xmlns="http://www.w3.org/2000/svg"><circle r="5"/></svg>`)
	baked, err := SVG(img, NamespaceOB3, []byte(`{"type":["VerifiableCredential","OpenBadgeCredential"]}`))
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(string(baked))
	// Output:
	// <svg xmlns:openbadges="https://purl.imsglobal.org/ob/v3p0" xmlns="http://www.w3.org/2000/svg"><openbadges:credential><![CDATA[{"type":["VerifiableCredential","OpenBadgeCredential"]}]]></openbadges:credential><circle r="5"/></svg>
}

// Whatever the credential, baking it gives it back exactly, or refuses it
// for a reason that holds.
func FuzzBakeContent(f *testing.F) {
	for _, c := range contents {
		f.Add(c.content)
	}
	for _, s := range []string{"]]>", "]]]]>", "]]", "]", ">", "\r", "\r\n", "<![CDATA[", "]]>]]>", "\x00", "\ufffe", " "} {
		f.Add(`{"a":"` + s + `"}`)
	}
	plainSVG := []byte(`<svg xmlns="http://www.w3.org/2000/svg"/>`)
	f.Fuzz(func(t *testing.T, s string) {
		content := []byte("{" + s)
		img, err := PNG(baketest.Plain(), KeywordOB3, content)
		if err != nil {
			if utf8.Valid(content) {
				t.Fatalf("PNG refused %q: %v", content, err)
			}
		} else if b, err := FromPNG(img, 1<<30); err != nil || !bytes.Equal(b.Content, content) {
			t.Fatalf("PNG round trip of %q gave %q, %v", content, b.Content, err)
		}

		img, err = SVG(plainSVG, NamespaceOB3, content)
		trimmed := bytes.TrimSpace(content)
		if err != nil {
			if utf8.Valid(content) && bytes.IndexFunc(trimmed, func(r rune) bool { return !isXMLChar(r) }) < 0 {
				t.Fatalf("SVG refused %q: %v", content, err)
			}
			return
		}
		b, err := FromSVG(img)
		if err != nil || !bytes.Equal(b.Content, trimmed) {
			t.Fatalf("SVG round trip of %q gave %q, %v\n%s", trimmed, b.Content, err, img)
		}
		if n := bakedElements(t, img); n != 1 {
			t.Fatalf("%d baked elements", n)
		}
	})
}

// Whatever the image, baking into it gives a document that holds exactly
// the credential baked, or an error.
func FuzzSVG(f *testing.F) {
	f.Add(baketest.BakeSVG(NamespaceOB3, "credential", cred, false))
	f.Add(baketest.BakeSVG(NamespaceOB2, "assertion", "https://example.org/a", true))
	f.Add([]byte(`<svg xmlns:openbadges="` + NamespaceOB2 + `"><openbadges:assertion verify="x"/></svg>`))
	f.Add([]byte(`<s:svg xmlns:s="http://www.w3.org/2000/svg" />`))
	f.Add([]byte(`<?xml version="1.0"?><svg><g><![CDATA[]]></g><!-- x --></svg>`))
	f.Fuzz(func(t *testing.T, img []byte) {
		for _, content := range []string{cred, jws} {
			out, err := SVG(img, NamespaceOB3, []byte(content))
			if err != nil {
				if out != nil {
					t.Fatalf("error %v with a result", err)
				}
				continue
			}
			b, err := FromSVG(out)
			if err != nil || b.Key != NamespaceOB3 || string(b.Content) != content {
				t.Fatalf("FromSVG = {%q %q}, %v\nfrom\n%s", b.Key, b.Content, err, out)
			}
			if n := bakedElements(t, out); n != 1 {
				t.Fatalf("%d baked elements in\n%s", n, out)
			}
			// Nothing else changed: the document reads as it did, less
			// the baked elements and the namespace declaration.
			if !sameOutside(t, img, out) {
				t.Fatalf("the document changed beyond the credential:\n%s\n->\n%s", img, out)
			}
		}
	})
}

// sameOutside reports whether two documents have the same tokens once
// baked elements, namespace declarations of the baking prefix and the
// namespaces of names are left out.
func sameOutside(t *testing.T, a, b []byte) bool {
	t.Helper()
	ta, tb := tokens(t, a), tokens(t, b)
	if len(ta) != len(tb) {
		return false
	}
	for i := range ta {
		if ta[i] != tb[i] {
			t.Logf("token %d: %q != %q", i, ta[i], tb[i])
			return false
		}
	}
	return true
}

func tokens(t *testing.T, b []byte) []string {
	t.Helper()
	d := xml.NewDecoder(bytes.NewReader(b))
	d.Strict = true
	var out []string
	var text strings.Builder // text on either side of a baked element is one run
	flush := func() {
		if text.Len() > 0 {
			out = append(out, "text "+text.String())
			text.Reset()
		}
	}
	for {
		tok, err := d.Token()
		if err == io.EOF {
			flush()
			return out
		}
		if err != nil {
			t.Fatalf("tokens: %v", err)
		}
		if cd, ok := tok.(xml.CharData); ok {
			text.Write(cd)
			continue
		}
		if v, ok := tok.(xml.StartElement); ok {
			if isBakedElement(v.Name) {
				if err := d.Skip(); err != nil {
					t.Fatalf("tokens: %v", err)
				}
				continue
			}
		}
		flush()
		switch v := tok.(type) {
		case xml.StartElement:
			var attrs []string
			for _, a := range v.Attr {
				if a.Name.Space == "xmlns" && a.Name.Local == "openbadges" {
					continue
				}
				attrs = append(attrs, a.Name.Space+":"+a.Name.Local+"="+a.Value)
			}
			out = append(out, fmt.Sprintf("<%s:%s %q>", v.Name.Space, v.Name.Local, attrs))
		case xml.EndElement:
			out = append(out, "</"+v.Name.Space+":"+v.Name.Local+">")
		case xml.Comment:
			out = append(out, "comment "+string(v))
		case xml.ProcInst:
			out = append(out, "pi "+v.Target+" "+string(v.Inst))
		case xml.Directive:
			out = append(out, "directive "+string(v))
		}
	}
}

// Whatever the image, baking into it gives a well-formed PNG that holds
// exactly the credential baked, or an error.
func FuzzPNG(f *testing.F) {
	f.Add(baketest.Plain())
	f.Add(baketest.BakePNG(KeywordOB2, []byte(cred)))
	f.Add(baketest.PNG(baketest.Chunk("zTXt", baketest.ZTXt(KeywordOB2, []byte(jws))), baketest.Chunk("tEXt", baketest.TEXt("Comment", "x"))))
	f.Add(append(baketest.Plain(), "trailer"...))
	f.Fuzz(func(t *testing.T, img []byte) {
		out, err := PNG(img, KeywordCLR, []byte(jws))
		if err != nil {
			if out != nil {
				t.Fatalf("error %v with a result", err)
			}
			return
		}
		chunks, _, err := pngChunks(out)
		if err != nil {
			t.Fatalf("the baked image is not well formed: %v", err)
		}
		n := 0
		for _, c := range chunks {
			if c.isBadge() {
				n++
			}
		}
		if n != 1 {
			t.Fatalf("%d credential chunks", n)
		}
		if b, err := FromPNG(out, 1<<20); err != nil || b.Key != KeywordCLR || string(b.Content) != jws {
			t.Fatalf("FromPNG = {%q %q}, %v", b.Key, b.Content, err)
		}
	})
}
