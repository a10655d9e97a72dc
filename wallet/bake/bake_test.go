package bake

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/learnerwallet/learnerwallet/wallet/bake/baketest"
)

const (
	cred = `{"@context":["https://www.w3.org/ns/credentials/v2"],"type":["VerifiableCredential","OpenBadgeCredential"],"name":"Caf\u00e9 <&> badge"}`
	jws  = "eyJhbGciOiJSUzI1NiJ9.eyJpc3MiOiJ4In0.c2lnbmF0dXJl"
	// limit is the inflation limit the PNG tests use.
	limit = 1 << 20
)

func TestIsPNG(t *testing.T) {
	tests := []struct {
		name string
		in   []byte
		want bool
	}{
		{"image", baketest.Plain(), true},
		{"signature only", []byte(baketest.Signature), true},
		{"short", []byte(baketest.Signature[:7]), false},
		{"empty", nil, false},
		{"json", []byte(cred), false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := IsPNG(tt.in); got != tt.want {
				t.Errorf("IsPNG = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestFromPNG(t *testing.T) {
	chunk := baketest.Chunk
	itxt := func(key, text string, compressed bool) []byte {
		return chunk("iTXt", baketest.ITXt(key, []byte(text), compressed))
	}
	tests := []struct {
		name    string
		png     []byte
		key     string
		content string
		legacy  bool
	}{
		{"iTXt OB 3.0", baketest.PNG(itxt(KeywordOB3, cred, false)), KeywordOB3, cred, false},
		{"iTXt OB 3.0 compressed", baketest.PNG(itxt(KeywordOB3, cred, true)), KeywordOB3, cred, false},
		{"iTXt JWS", baketest.PNG(itxt(KeywordOB3, jws, false)), KeywordOB3, jws, false},
		{"iTXt CLR", baketest.PNG(itxt(KeywordCLR, cred, false)), KeywordCLR, cred, false},
		{"iTXt OB 2.0", baketest.PNG(itxt(KeywordOB2, cred, true)), KeywordOB2, cred, false},
		{"iTXt empty text", baketest.PNG(itxt(KeywordOB3, "", false)), KeywordOB3, "", false},
		{"tEXt legacy URL", baketest.PNG(chunk("tEXt", baketest.TEXt(KeywordOB2, "https://example.org/assertion.json"))),
			KeywordOB2, "https://example.org/assertion.json", true},
		{"zTXt legacy URL", baketest.PNG(chunk("zTXt", baketest.ZTXt(KeywordOB2, []byte("https://example.org/a.json")))),
			KeywordOB2, "https://example.org/a.json", true},
		{"other text chunks are skipped", baketest.PNG(
			chunk("tEXt", baketest.TEXt("Software", "paint")),
			itxt("Comment", "hello", true),
			chunk("iTXt", []byte("no keyword terminator")),
			itxt(KeywordOB3, cred, false),
		), KeywordOB3, cred, false},
		{"the first badge chunk wins", baketest.PNG(itxt(KeywordOB3, cred, false), itxt(KeywordCLR, jws, false)), KeywordOB3, cred, false},
		{"keyword is case-sensitive", baketest.PNG(itxt("OpenBadgeCredential", jws, false), itxt(KeywordOB3, cred, false)), KeywordOB3, cred, false},
		{"checksum of other chunks is not checked", baketest.PNG(damageCRC(chunk("tEXt", baketest.TEXt("Comment", "x"))), itxt(KeywordOB3, cred, false)),
			KeywordOB3, cred, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b, err := FromPNG(tt.png, limit)
			if err != nil {
				t.Fatalf("FromPNG: %v", err)
			}
			if b.Key != tt.key || string(b.Content) != tt.content || b.Legacy != tt.legacy {
				t.Errorf("FromPNG = {Key:%q Content:%q Legacy:%v}, want {%q %q %v}", b.Key, b.Content, b.Legacy, tt.key, tt.content, tt.legacy)
			}
		})
	}
}

// damageCRC flips a bit of a chunk's checksum.
func damageCRC(c []byte) []byte {
	c = bytes.Clone(c)
	c[len(c)-1] ^= 1
	return c
}

func TestFromPNGErrors(t *testing.T) {
	badge := baketest.Chunk("iTXt", baketest.ITXt(KeywordOB3, []byte(cred), false))
	baked := baketest.PNG(badge)
	at := bytes.Index(baked, badge)
	// a chunk whose length field claims more than the file holds
	huge := bytes.Clone(badge)
	copy(huge, []byte{0x7f, 0xff, 0xff, 0xff})
	// the data of a badge chunk, damaged in transit
	damagedData := bytes.Clone(baked)
	damagedData[at+8+len(KeywordOB3)+8] ^= 0x20

	tests := []struct {
		name string
		png  []byte
		want string // substring of the error; "" for ErrNotBaked
	}{
		{"plain image", baketest.Plain(), ""},
		{"signature only", []byte(baketest.Signature), ""},
		{"no IEND", baketest.Plain()[:len(baketest.Plain())-12], ""},
		{"badge after IEND", append(baketest.Plain(), badge...), ""},
		{"not a PNG", []byte("GIF89a"), "not a PNG"},
		{"bad badge checksum", baketest.PNG(damageCRC(badge)), "fails its checksum"},
		{"badge data damaged", damagedData, "fails its checksum"},
		{"truncated in the badge chunk", baked[:at+len(badge)-5], "truncated"},
		{"truncated in a chunk header", baked[:at+6], "truncated"},
		{"truncated after the signature", baked[:len(baketest.Signature)+3], "truncated"},
		{"length beyond the end", baketest.PNG(huge), "claims 2147483647 bytes"},
		{"iTXt without flags", baketest.PNG(baketest.Chunk("iTXt", []byte(KeywordOB3+"\x00\x00"))), "truncated badge chunk"},
		{"iTXt without language terminator", baketest.PNG(baketest.Chunk("iTXt", []byte(KeywordOB3+"\x00\x00\x00en"))), "malformed badge chunk"},
		{"iTXt without translated keyword terminator", baketest.PNG(baketest.Chunk("iTXt", []byte(KeywordOB3+"\x00\x00\x00en\x00x"))), "malformed badge chunk"},
		{"compressed iTXt that is not zlib", baketest.PNG(baketest.Chunk("iTXt", baketest.ITXtRaw(KeywordOB3, []byte("plain text")))), "cannot be decompressed"},
		{"compressed iTXt cut short", baketest.PNG(baketest.Chunk("iTXt", baketest.ITXtRaw(KeywordOB3, baketest.Zlib([]byte(cred))[:20]))), "cannot be decompressed"},
		{"empty zTXt", baketest.PNG(baketest.Chunk("zTXt", []byte(KeywordOB2+"\x00"))), "empty compressed badge chunk"},
		{"zTXt that is not zlib", baketest.PNG(baketest.Chunk("zTXt", []byte(KeywordOB2+"\x00\x00nonsense"))), "cannot be decompressed"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b, err := FromPNG(tt.png, limit)
			if err == nil {
				t.Fatalf("FromPNG = {Key:%q Content:%q}, want an error", b.Key, b.Content)
			}
			if tt.want == "" {
				if !errors.Is(err, ErrNotBaked) {
					t.Fatalf("FromPNG error = %v, want ErrNotBaked", err)
				}
				return
			}
			if errors.Is(err, ErrNotBaked) || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("FromPNG error = %v, want one containing %q", err, tt.want)
			}
		})
	}
}

// A compressed badge chunk that inflates to 100 MB is refused once the
// limit is passed, without inflating the rest.
func TestFromPNGDecompressionBomb(t *testing.T) {
	const bombSize = 100 << 20
	bomb := baketest.ZlibZeros(bombSize)
	tests := []struct {
		name  string
		chunk []byte
	}{
		{"iTXt", baketest.Chunk("iTXt", baketest.ITXtRaw(KeywordOB3, bomb))},
		{"zTXt", baketest.Chunk("zTXt", append([]byte(KeywordOB2+"\x00\x00"), bomb...))},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			img := baketest.PNG(tt.chunk)
			var before, after runtime.MemStats
			runtime.ReadMemStats(&before)
			_, err := FromPNG(img, limit)
			runtime.ReadMemStats(&after)
			if err == nil || !strings.Contains(err.Error(), "expands to more than 1 MB") {
				t.Fatalf("FromPNG error = %v, want a refusal of the expansion", err)
			}
			// Reading up to the limit may take a few times the limit while a
			// buffer grows; inflating the bomb would take 100 MB.
			if got := after.TotalAlloc - before.TotalAlloc; got > 16*limit {
				t.Errorf("FromPNG allocated %d MB to refuse the bomb", got>>20)
			}
		})
	}
	t.Run("below the limit", func(t *testing.T) {
		img := baketest.PNG(baketest.Chunk("iTXt", baketest.ITXtRaw(KeywordOB3, baketest.ZlibZeros(limit))))
		b, err := FromPNG(img, limit)
		if err != nil || len(b.Content) != limit {
			t.Fatalf("FromPNG = %d bytes, %v; want exactly the limit accepted", len(b.Content), err)
		}
	})
}

func TestLooksLikeSVG(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want bool
	}{
		{"svg", `<svg xmlns="http://www.w3.org/2000/svg"/>`, true},
		{"with prolog", "<?xml version=\"1.0\"?>\n<!-- a comment -->\n<svg>", true},
		{"svg tag after a long prolog", strings.Repeat(" ", 5000) + "<svg>", true},
		{"svg tag too late", strings.Repeat(" ", 70<<10) + "<svg>", false},
		{"html", "<html><body>hello</body></html>", false},
		{"json", cred, false},
		{"empty", "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := LooksLikeSVG([]byte(tt.in)); got != tt.want {
				t.Errorf("LooksLikeSVG = %v, want %v", got, tt.want)
			}
		})
	}
}

const svgNS = `xmlns="http://www.w3.org/2000/svg"`

func TestFromSVG(t *testing.T) {
	tests := []struct {
		name    string
		svg     string
		key     string
		content string
	}{
		{"verify attribute", string(baketest.BakeSVG(NamespaceOB3, "credential", jws, true)), NamespaceOB3, jws},
		{"CDATA body", string(baketest.BakeSVG(NamespaceOB3, "credential", cred, false)), NamespaceOB3, cred},
		{"CLR", string(baketest.BakeSVG(NamespaceCLR, "credential", cred, false)), NamespaceCLR, cred},
		{"OB 2.0 assertion", string(baketest.BakeSVG(NamespaceOB2, "assertion", "https://example.org/a.json", true)), NamespaceOB2, "https://example.org/a.json"},
		{"unusual prefix",
			`<svg ` + svgNS + ` xmlns:zz9="` + NamespaceOB3 + `"><zz9:credential verify="` + jws + `"/></svg>`, NamespaceOB3, jws},
		{"default namespace on the element",
			`<svg ` + svgNS + `><credential xmlns="` + NamespaceOB3 + `"><![CDATA[` + cred + `]]></credential></svg>`, NamespaceOB3, cred},
		{"prefix bound on the element itself",
			`<svg ` + svgNS + `><b:credential xmlns:b="` + NamespaceOB3 + `">` + jws + `</b:credential></svg>`, NamespaceOB3, jws},
		{"escaped text body",
			`<svg ` + svgNS + ` xmlns:ob="` + NamespaceOB3 + `"><ob:credential>{&quot;a&quot;: &quot;&lt;&amp;&gt;&quot;}</ob:credential></svg>`,
			NamespaceOB3, `{"a": "<&>"}`},
		{"verify attribute wins over the body",
			`<svg ` + svgNS + ` xmlns:ob="` + NamespaceOB3 + `"><ob:credential verify="` + jws + `"><![CDATA[` + cred + `]]></ob:credential></svg>`, NamespaceOB3, jws},
		{"OB 2.0 hosted: the assertion in the body, not the URL in verify",
			`<svg ` + svgNS + ` xmlns:ob="` + NamespaceOB2 + `"><ob:assertion verify="https://example.org/a.json"><![CDATA[` + cred + `]]></ob:assertion></svg>`, NamespaceOB2, cred},
		{"a URL in verify with an empty body",
			`<svg ` + svgNS + ` xmlns:ob="` + NamespaceOB2 + `"><ob:assertion verify=" http://example.org/a.json ">  </ob:assertion></svg>`, NamespaceOB2, "http://example.org/a.json"},
		{"blank verify attribute falls back to the body",
			`<svg ` + svgNS + ` xmlns:ob="` + NamespaceOB3 + `"><ob:credential verify="  "><![CDATA[` + cred + `]]></ob:credential></svg>`, NamespaceOB3, cred},
		{"whitespace around the body is trimmed",
			`<svg ` + svgNS + ` xmlns:ob="` + NamespaceOB3 + `"><ob:credential>
			  <![CDATA[` + cred + `]]>
			</ob:credential></svg>`, NamespaceOB3, cred},
		{"wrong namespace skipped, right one found",
			`<svg ` + svgNS + ` xmlns:openbadges="https://example.org/not-badges" xmlns:ob="` + NamespaceOB3 + `">` +
				`<openbadges:credential verify="` + jws + `x"/><ob:credential verify="` + jws + `"/></svg>`, NamespaceOB3, jws},
		{"nested deep in the document",
			`<svg ` + svgNS + `><g><g><metadata><c:credential xmlns:c="` + NamespaceCLR + `" verify="` + jws + `"/></metadata></g></g></svg>`, NamespaceCLR, jws},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b, err := FromSVG([]byte(tt.svg))
			if err != nil {
				t.Fatalf("FromSVG: %v", err)
			}
			if b.Key != tt.key || string(b.Content) != tt.content || b.Legacy {
				t.Errorf("FromSVG = {Key:%q Content:%q Legacy:%v}, want {%q %q false}", b.Key, b.Content, b.Legacy, tt.key, tt.content)
			}
		})
	}
}

func TestFromSVGErrors(t *testing.T) {
	tests := []struct {
		name string
		svg  string
		want string // substring of the error; "" for ErrNotBaked
	}{
		{"no baked element", `<svg ` + svgNS + `><rect width="1" height="1"/></svg>`, ""},
		{"prefix openbadges bound to the wrong namespace",
			`<svg ` + svgNS + ` xmlns:openbadges="https://example.org/not-badges"><openbadges:credential verify="` + jws + `"/></svg>`, ""},
		{"prefix openbadges unbound",
			`<svg ` + svgNS + `><openbadges:credential verify="` + jws + `"/></svg>`, ""},
		{"OB 2.0 namespace with the OB 3.0 element name",
			`<svg ` + svgNS + ` xmlns:openbadges="` + NamespaceOB2 + `"><openbadges:credential verify="` + jws + `"/></svg>`, ""},
		{"OB 3.0 namespace with the OB 2.0 element name",
			`<svg ` + svgNS + ` xmlns:openbadges="` + NamespaceOB3 + `"><openbadges:assertion verify="` + jws + `"/></svg>`, ""},
		{"namespace URI with a trailing slash",
			`<svg ` + svgNS + ` xmlns:openbadges="` + NamespaceOB3 + `/"><openbadges:credential verify="` + jws + `"/></svg>`, ""},
		{"empty baked element",
			`<svg ` + svgNS + ` xmlns:ob="` + NamespaceOB3 + `"><ob:credential>  </ob:credential></svg>`, "it is empty"},
		{"malformed after the svg element",
			`<svg ` + svgNS + `><rect></svg>`, "SVG image is malformed"},
		{"cut off inside the baked element",
			`<svg ` + svgNS + ` xmlns:ob="` + NamespaceOB3 + `"><ob:credential><![CDATA[{"a":`, "SVG image is malformed"},
		{"undefined entity",
			`<svg ` + svgNS + `><text>&nbsp;</text></svg>`, "SVG image is malformed"},
		{"not XML", `hello <<>`, "not an SVG image"},
		{"XML without svg", `<html><body/></html>`, "not an SVG image"},
		{"empty", ``, "not an SVG image"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b, err := FromSVG([]byte(tt.svg))
			if err == nil {
				t.Fatalf("FromSVG = {Key:%q Content:%q}, want an error", b.Key, b.Content)
			}
			if tt.want == "" {
				if !errors.Is(err, ErrNotBaked) {
					t.Fatalf("FromSVG error = %v, want ErrNotBaked", err)
				}
				return
			}
			if errors.Is(err, ErrNotBaked) || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("FromSVG error = %v, want one containing %q", err, tt.want)
			}
		})
	}
}

// The badge images in the shared corpus, as EXPECTED.tsv describes them.
func TestCorpusImages(t *testing.T) {
	const dir = "../../testdata/examples"
	tests := []struct {
		file    string
		key     string
		prefix  string // of the content; "" for ErrNotBaked
		isJSON  bool
		notJSON bool
	}{
		{"ob3/validator/simple-json.png", KeywordOB3, "{", true, false},
		{"ob3/validator/simple-jwt.png", KeywordOB3, "eyJ", false, true},
		{"ob3/validator/simple-jwt_v1.png", KeywordOB3, "eyJ", false, true},
		{"ob3/validator/simple-json.svg", NamespaceOB3, "{", true, false},
		{"ob3/validator/simple-jwt.svg", NamespaceOB3, "eyJ", false, true},
		{"ob3/validator/simple-jwt_v1.svg", NamespaceOB3, "eyJ", false, true},
		{"ob2/validator/simple-badge.png", KeywordOB2, "{", true, false},
		{"ob2/validator/assets/robotics-badge.png", "", "", false, false},
		{"ob2/validator/assets/beths-robot-badge.png", "", "", false, false},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			data, err := os.ReadFile(filepath.Join(dir, tt.file))
			if err != nil {
				t.Fatal(err)
			}
			var b Baked
			if IsPNG(data) {
				b, err = FromPNG(data, 20<<20)
			} else {
				b, err = FromSVG(data)
			}
			if tt.prefix == "" {
				if !errors.Is(err, ErrNotBaked) {
					t.Fatalf("err = %v, want ErrNotBaked", err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if b.Key != tt.key || b.Legacy || !bytes.HasPrefix(bytes.TrimSpace(b.Content), []byte(tt.prefix)) {
				t.Errorf("got {Key:%q Legacy:%v Content:%.20q…}, want key %q and content starting %q", b.Key, b.Legacy, b.Content, tt.key, tt.prefix)
			}
		})
	}
}

func FuzzFromPNG(f *testing.F) {
	for _, name := range []string{
		"ob3/validator/simple-json.png", "ob3/validator/simple-jwt.png", "ob2/validator/simple-badge.png",
	} {
		if b, err := os.ReadFile(filepath.Join("../../testdata/examples", name)); err == nil {
			f.Add(b)
		}
	}
	badge := baketest.Chunk("iTXt", baketest.ITXt(KeywordOB3, []byte(cred), true))
	f.Add(baketest.PNG(badge))
	f.Add(baketest.PNG(baketest.Chunk("tEXt", baketest.TEXt(KeywordOB2, "https://example.org/a.json"))))
	f.Add(baketest.PNG(baketest.Chunk("zTXt", baketest.ZTXt(KeywordOB2, []byte(jws)))))
	f.Add(baketest.PNG(damageCRC(badge)))
	f.Add(baketest.PNG(badge)[:60])
	f.Add(baketest.Plain())
	f.Add([]byte(baketest.Signature))
	for _, d := range [][]byte{
		baketest.ITXt(KeywordOB3, []byte(cred), true), baketest.ITXt(KeywordCLR, []byte(jws), false),
		baketest.ZTXt(KeywordOB2, []byte("https://example.org")), []byte(KeywordOB2 + "\x00\x01\x00en\x00\x00"),
	} {
		f.Add(d)
	}
	check := func(t *testing.T, data []byte) {
		b, err := FromPNG(data, 1<<16)
		if err != nil {
			if b.Key != "" || b.Content != nil {
				t.Fatalf("error %v with a result {Key:%q Content:%q}", err, b.Key, b.Content)
			}
			return
		}
		switch b.Key {
		case KeywordOB3, KeywordCLR, KeywordOB2:
		default:
			t.Fatalf("unexpected key %q", b.Key)
		}
		if len(b.Content) > 1<<16 {
			t.Fatalf("content of %d bytes passes the limit", len(b.Content))
		}
		if !bytes.Contains(data, []byte(b.Key+"\x00")) {
			t.Fatalf("key %q is not in the image", b.Key)
		}
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		check(t, data)
		// Random bytes seldom make a chunk with a valid checksum: also try
		// them as the data of each kind of text chunk, in a valid image.
		for _, typ := range []string{"iTXt", "zTXt", "tEXt"} {
			check(t, baketest.PNG(baketest.Chunk(typ, data)))
		}
	})
}

func FuzzFromSVG(f *testing.F) {
	for _, name := range []string{
		"ob3/validator/simple-json.svg", "ob3/validator/simple-jwt.svg", "ob3/validator/simple-jwt_v1.svg",
	} {
		if b, err := os.ReadFile(filepath.Join("../../testdata/examples", name)); err == nil {
			f.Add(b)
		}
	}
	f.Add(baketest.BakeSVG(NamespaceOB3, "credential", cred, false))
	f.Add(baketest.BakeSVG(NamespaceOB2, "assertion", jws, true))
	f.Add([]byte(`<svg ` + svgNS + ` xmlns:openbadges="https://example.org/x"><openbadges:credential verify="x"/></svg>`))
	f.Add([]byte(`<svg><ob:credential xmlns:ob="` + NamespaceCLR + `"><![CDATA[`))
	f.Add([]byte(`<svg>`))
	f.Fuzz(func(t *testing.T, data []byte) {
		b, err := FromSVG(data)
		if err != nil {
			if b.Key != "" || b.Content != nil {
				t.Fatalf("error %v with a result {Key:%q Content:%q}", err, b.Key, b.Content)
			}
			return
		}
		switch b.Key {
		case NamespaceOB3, NamespaceCLR, NamespaceOB2:
		default:
			t.Fatalf("unexpected key %q", b.Key)
		}
		if len(bytes.TrimSpace(b.Content)) == 0 || len(b.Content) > len(data) {
			t.Fatalf("content %q from %d bytes of input", b.Content, len(data))
		}
	})
}
