package wallet_test

import (
	"bytes"
	"encoding/base64"
	"errors"
	"strings"
	"testing"

	"github.com/learnerwallet/learnerwallet/wallet"
	"github.com/learnerwallet/learnerwallet/wallet/bake"
	"github.com/learnerwallet/learnerwallet/wallet/bake/baketest"
	"github.com/learnerwallet/learnerwallet/wallet/check"
	"github.com/learnerwallet/learnerwallet/wallet/credential"
	"github.com/learnerwallet/learnerwallet/wallet/verify"
)

// rebakeSVG is a small SVG badge picture, with nothing baked into it.
const rebakeSVG = `<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><circle r="5"/></svg>`

func dataURI(mediaType string, b []byte) string {
	return "data:" + mediaType + ";base64," + base64.StdEncoding.EncodeToString(b)
}

// unsignedOB3 is an OB 3.0 credential whose achievement image is inline.
func unsignedOB3(name, image string) string {
	return `{
  "@context": ["https://www.w3.org/ns/credentials/v2", "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"],
  "id": "urn:uuid:6f2b8b8e-0d3e-4f53-9a43-1f3f1d7c2a10",
  "type": ["VerifiableCredential", "OpenBadgeCredential"],
  "issuer": {"id": "https://example.org/issuer", "type": ["Profile"], "name": "Example College"},
  "validFrom": "2024-01-01T00:00:00Z",
  "name": "` + name + `",
  "credentialSubject": {
    "type": ["AchievementSubject"],
    "achievement": {
      "id": "https://example.org/achievements/1", "type": ["Achievement"],
      "name": "` + name + `", "description": "d", "criteria": {"narrative": "c"},
      "image": {"id": "` + image + `", "type": "Image"}
    }
  }
}
`
}

// A credential baked again into its image comes back out byte for byte, and
// a fresh wallet takes it in as the same credential, verified the same.
func TestRebakeRoundTrip(t *testing.T) {
	svgBadge := unsignedOB3("Data Analysis: Level 2/3", dataURI("image/svg+xml", []byte(rebakeSVG)))
	pngBadge := unsignedOB3("Café <Badge>", dataURI("image/png", baketest.Plain()))
	tests := []struct {
		name   string
		data   []byte
		format string
		file   string
		kind   credential.Kind
		key    string // keyword or namespace the credential is baked under
	}{
		{"ob3/validator/simple-json.png", example(t, "ob3/validator/simple-json.png"), "png", "Teamwork.png", credential.KindOB3, bake.KeywordOB3},
		{"ob3/validator/simple-jwt.png", example(t, "ob3/validator/simple-jwt.png"), "png", "Teamwork.png", credential.KindOB3, bake.KeywordOB3},
		{"ob3/validator/simple-json.svg", example(t, "ob3/validator/simple-json.svg"), "svg", "Teamwork.svg", credential.KindOB3, bake.NamespaceOB3},
		{"ob3/validator/simple-jwt.svg", example(t, "ob3/validator/simple-jwt.svg"), "SVG", "Teamwork.svg", credential.KindOB3, bake.NamespaceOB3},
		{"ob3/validator/simple-jwt_v1.svg", example(t, "ob3/validator/simple-jwt_v1.svg"), "svg", "", credential.KindOB3, bake.NamespaceOB3},
		{"ob2/validator/simple-badge.png", example(t, "ob2/validator/simple-badge.png"), "png", "", credential.KindOB2, bake.KeywordOB2},
		{"OB 2.0 JSON with an inline PNG", example(t, "ob2/validator/assertion-with-data-image.json"), "png", "", credential.KindOB2, bake.KeywordOB2},
		{"OB 3.0 JSON with an inline SVG", []byte("\xef\xbb\xbf" + svgBadge), "svg", "Data-Analysis-Level-2-3.svg", credential.KindOB3, bake.NamespaceOB3},
		{"OB 3.0 JSON with an inline PNG", []byte(pngBadge), "png", "Café-Badge.png", credential.KindOB3, bake.KeywordOB3},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w, _ := newWallet(t)
			r := w.ImportBytes("in", tt.data)
			if r.Status != wallet.Imported {
				t.Fatalf("import: %s %s", r.Status, r.Error)
			}
			want, err := w.Source(r.ID) // the credential as received
			if err != nil {
				t.Fatal(err)
			}
			want = strings.TrimSpace(strings.TrimPrefix(want, "\xef\xbb\xbf"))

			img, name, err := w.Rebake(r.ID, tt.format)
			if err != nil {
				t.Fatalf("Rebake: %v", err)
			}
			if tt.file != "" && name != tt.file {
				t.Errorf("file name %q, want %q", name, tt.file)
			}
			p, err := credential.Parse(img)
			if err != nil {
				t.Fatalf("Parse of the baked image: %v", err)
			}
			if string(p.Content) != want {
				t.Errorf("baked credential differs from the one received:\n%.200s\nwant\n%.200s", p.Content, want)
			}
			if p.Kind != tt.kind || string(p.Format) != strings.ToLower(tt.format) {
				t.Errorf("baked image parses as %s %s, want %s %s", p.Kind, p.Format, tt.kind, strings.ToLower(tt.format))
			}
			var baked bake.Baked
			if bake.IsPNG(img) {
				baked, err = bake.FromPNG(img, credential.MaxInputSize)
			} else {
				baked, err = bake.FromSVG(img)
			}
			if err != nil || baked.Key != tt.key {
				t.Errorf("baked under %q (%v), want %q", baked.Key, err, tt.key)
			}

			// A fresh wallet takes it in as the same credential, and
			// finds it as valid as the first did.
			w2, _ := newWallet(t)
			r2 := w2.ImportBytes(name, img)
			if r2.Status != wallet.Imported || r2.Kind != tt.kind || r2.Name != r.Name || r2.Verification != r.Verification {
				t.Errorf("import of the baked image = %s %s %q %s (%s), want imported %s %q %s",
					r2.Status, r2.Kind, r2.Name, r2.Verification, r2.Error, tt.kind, r.Name, r.Verification)
			}
			it1, _ := w.Item(r.ID)
			it2, _ := w2.Item(r2.ID)
			if it1.Summary.CredentialID != it2.Summary.CredentialID || !it2.HasImage {
				t.Errorf("credential id %q (image %v), want %q", it2.Summary.CredentialID, it2.HasImage, it1.Summary.CredentialID)
			}
			// The same credential in the first wallet is a duplicate.
			if r3 := w.ImportBytes(name, img); r3.Status != wallet.Duplicate || r3.ID != r.ID {
				t.Errorf("importing it back = %s %s, want a duplicate of %s", r3.Status, r3.ID, r.ID)
			}
			// Baking the baked one again changes nothing.
			again, _, err := w2.Rebake(r2.ID, tt.format)
			if err != nil || !bytes.Equal(again, img) {
				t.Errorf("re-baking the baked image changed it (%v)", err)
			}
		})
	}
}

// The verified ones stay verified: the signature still holds over the bytes.
func TestRebakeStillVerifies(t *testing.T) {
	for _, f := range []string{"ob3/validator/simple-json.png", "ob3/validator/simple-jwt.png", "ob3/validator/simple-json.svg", "ob3/validator/simple-jwt.svg"} {
		t.Run(f, func(t *testing.T) {
			w, _ := newWallet(t)
			r := w.ImportBytes(f, example(t, f))
			if r.Verification == "" {
				t.Fatalf("the example itself was not verified")
			}
			img, _, err := w.Rebake(r.ID, f[len(f)-3:])
			if err != nil {
				t.Fatal(err)
			}
			rep := w.VerifyBytes(t.Context(), img)
			if st := rep.Verdict; st != r.Verification || !has(rep, check.Signature, check.Pass) {
				t.Errorf("the baked image verifies as %s, want %s", st, r.Verification)
			}
		})
	}
}

func TestRebakeErrors(t *testing.T) {
	w, _ := newWallet(t)
	imp := func(name string, data []byte) wallet.Result {
		t.Helper()
		r := w.ImportBytes(name, data)
		if r.Status != wallet.Imported {
			t.Fatalf("import %s: %s %s", name, r.Status, r.Error)
		}
		return r
	}
	pngItem := imp("png", example(t, "ob3/validator/simple-json.png")).ID
	svgItem := imp("svg", example(t, "ob3/validator/simple-jwt.svg")).ID
	noImage := imp("json", example(t, "ob3/validator/simple.json")).ID
	hosted := imp("hosted", example(t, "ob3/validator/complete.json")).ID
	jpeg := imp("jpeg", []byte(unsignedOB3("Photo", dataURI("image/jpeg", []byte("\xff\xd8\xff\xe0 not really a JPEG"))))).ID
	gif := imp("gif", []byte(unsignedOB3("Moving", dataURI("image/gif", []byte("GIF89a not really"))))).ID
	clr := imp("clr", example(t, "clr2/validator/complex.json"))
	record, err := w.Item(clr.ID)
	if err != nil || len(record.Children) == 0 {
		t.Fatalf("record: %+v %v", record, err)
	}

	tests := []struct {
		name, id, format string
		is               error
		want             string
	}{
		{"PNG asked as SVG", pngItem, "svg", nil,
			"this credential's image is a PNG, so it can only be baked as PNG, not SVG; the wallet does not convert images"},
		{"SVG asked as PNG", svgItem, "png", nil,
			"this credential's image is an SVG, so it can only be baked as SVG, not PNG; the wallet does not convert images"},
		{"JPEG", jpeg, "png", nil,
			"this credential's image is a JPEG; only PNG and SVG images can carry a badge, and the wallet does not convert images, so export the original instead"},
		{"GIF", gif, "svg", nil,
			"this credential's image is a GIF; only PNG and SVG images can carry a badge, and the wallet does not convert images, so export the original instead"},
		{"no image", noImage, "png", wallet.ErrNoImage,
			"this credential has no image to bake it into; export the original instead"},
		{"only a link to an image", hosted, "png", wallet.ErrNoImage,
			"this credential's image is only a link (https://1edtech.edu/credentials/3732/image), not kept in the wallet, so there is nothing to bake it into; export the original instead"},
		{"a record without an image", clr.ID, "svg", wallet.ErrNoImage, "this credential has no image to bake it into"},
		{"nested, without an image of its own", record.Children[0], "png", wallet.ErrNoImage,
			"this credential is part of a learner record and has no image of its own to bake it into; export the original instead"},
		{"unknown format", pngItem, "jpeg", nil, `a credential can be baked into a PNG or an SVG image, not "jpeg"`},
		{"unknown id", "zzzzzzzz", "png", wallet.ErrNotFound, `"zzzzzzzz": no credential with that id`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			data, name, err := w.Rebake(tt.id, tt.format)
			if err == nil || data != nil || name != "" {
				t.Fatalf("Rebake = %d bytes, %q, %v; want an error", len(data), name, err)
			}
			if !strings.HasPrefix(err.Error(), tt.want) {
				t.Errorf("error %q, want one starting %q", err, tt.want)
			}
			if tt.is != nil && !errors.Is(err, tt.is) {
				t.Errorf("error %v is not %v", err, tt.is)
			}
			var fe *wallet.ImageFormatError
			if errors.As(err, &fe) != strings.Contains(tt.want, "convert") {
				t.Errorf("error %T: an *ImageFormatError only for a format that does not fit", err)
			}
		})
	}
}

// A credential nested in a record with an image of its own is baked on
// its own: its JSON exactly as the record holds it.
func TestRebakeNested(t *testing.T) {
	child := `{
        "@context": ["https://www.w3.org/ns/credentials/v2", "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"],
        "id": "urn:uuid:1d3f1d7c-2a10-4f53-9a43-6f2b8b8e0d3e",
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "issuer": {"id": "https://example.org/issuer", "type": ["Profile"], "name": "Example College"},
        "validFrom": "2024-01-01T00:00:00Z",
        "name": "Statistics 101",
        "credentialSubject": {"type": ["AchievementSubject"], "achievement": {
          "id": "https://example.org/achievements/stats", "type": ["Achievement"], "name": "Statistics 101",
          "description": "d", "criteria": {"narrative": "c"},
          "image": {"id": "` + dataURI("image/png", baketest.Plain()) + `", "type": "Image"}}}
      }`
	record := `{
  "@context": ["https://www.w3.org/ns/credentials/v2", "https://purl.imsglobal.org/spec/clr/v2p0/context-2.0.1.json", "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"],
  "id": "urn:uuid:2a10f53e-9a43-4f53-6f2b-8b8e0d3e1d3f",
  "type": ["VerifiableCredential", "ClrCredential"],
  "issuer": {"id": "https://example.org/issuer", "type": ["Profile"], "name": "Example College"},
  "validFrom": "2024-01-01T00:00:00Z",
  "name": "Transcript",
  "credentialSubject": {"type": ["ClrSubject"], "verifiableCredential": [` + child + `]}
}`
	w, _ := newWallet(t)
	r := w.ImportBytes("clr.json", []byte(record))
	if r.Status != wallet.Imported || r.Nested != 1 {
		t.Fatalf("import: %s %d %s", r.Status, r.Nested, r.Error)
	}
	it, _ := w.Item(r.ID)
	img, name, err := w.Rebake(it.Children[0], "png")
	if err != nil {
		t.Fatal(err)
	}
	baked, err := bake.FromPNG(img, credential.MaxInputSize)
	if err != nil || baked.Key != bake.KeywordOB3 || string(baked.Content) != child || name != "Statistics-101.png" {
		t.Errorf("baked {%q %.40q…} as %q (%v), want the nested JSON under %q as Statistics-101.png", baked.Key, baked.Content, name, err, bake.KeywordOB3)
	}
	if _, _, err := w.Rebake(it.ID, "png"); !errors.Is(err, wallet.ErrNoImage) {
		t.Errorf("the record itself: %v, want ErrNoImage", err)
	}
}

// has reports whether a report holds a check with this id and status.
func has(r verify.Report, id check.ID, st check.Status) bool {
	for _, c := range r.Checks {
		if c.ID == id && c.Status == st {
			return true
		}
	}
	return false
}
