package wallet

import (
	"bytes"
	"errors"
	"fmt"
	"strings"
	"unicode"

	"github.com/learnerwallet/learnerwallet/wallet/bake"
	"github.com/learnerwallet/learnerwallet/wallet/credential"
)

// ErrNoImage means a credential has no image of its own in the wallet to
// bake it into. Errors that say more (a nested credential, an image that
// is only a link) match it with errors.Is.
var ErrNoImage = errors.New("this credential has no image to bake it into; export the original instead")

// noImageError is ErrNoImage in more words.
type noImageError struct{ reason string }

func (e *noImageError) Error() string        { return e.reason }
func (e *noImageError) Is(target error) bool { return target == ErrNoImage }

// ImageFormatError means a credential's image cannot be baked in the
// format asked for: the wallet bakes into the image it has and never
// converts one format into another.
type ImageFormatError struct {
	Have string // the image's format: "PNG", "SVG", "JPEG", "GIF", "WebP" or "unknown"
	Want string // "PNG" or "SVG"
}

func (e *ImageFormatError) Error() string {
	switch e.Have {
	case "PNG", "SVG":
		return fmt.Sprintf("this credential's image is %s %s, so it can only be baked as %[2]s, not %s; the wallet does not convert images", article(e.Have), e.Have, e.Want)
	case "unknown":
		return "this credential's image is in a format the wallet does not know; only PNG and SVG images can carry a badge, so export the original instead"
	}
	return fmt.Sprintf("this credential's image is %s %s; only PNG and SVG images can carry a badge, and the wallet does not convert images, so export the original instead", article(e.Have), e.Have)
}

func article(format string) string {
	if format == "SVG" {
		return "an"
	}
	return "a"
}

// Rebake returns a credential baked into its own image, as a file to share
// on its own: format is "png" or "svg", and must be the format the image
// already has. The credential goes in exactly as it was received (a signed
// document is never re-encoded), under the keyword or namespace of its
// kind; a credential already baked into the image is replaced. filename is
// a name for the file, made from the credential's title.
func (w *Wallet) Rebake(id string, format string) (data []byte, filename string, err error) {
	var want string
	switch strings.ToLower(strings.TrimSpace(format)) {
	case "png":
		want = "PNG"
	case "svg":
		want = "SVG"
	default:
		return nil, "", fmt.Errorf("a credential can be baked into a PNG or an SVG image, not %q", format)
	}
	it, err := w.Item(id)
	if err != nil {
		return nil, "", err
	}
	img, err := w.store.Image(it.ID)
	if err != nil {
		return nil, "", err
	}
	if len(img) == 0 {
		return nil, "", noImage(it)
	}
	if have := imageFormat(img); have != want {
		return nil, "", &ImageFormatError{Have: have, Want: want}
	}
	content, err := w.bakeable(it)
	if err != nil {
		return nil, "", err
	}
	key, namespace := bake.KeywordOB3, bake.NamespaceOB3
	switch it.Kind {
	case credential.KindCLR:
		key, namespace = bake.KeywordCLR, bake.NamespaceCLR
	case credential.KindOB2:
		key, namespace = bake.KeywordOB2, bake.NamespaceOB2
	}
	if want == "PNG" {
		data, err = bake.PNG(img, key, content)
	} else {
		data, err = bake.SVG(img, namespace, content)
	}
	if err != nil {
		return nil, "", fmt.Errorf("this credential cannot be baked into its image: %v", err)
	}
	return data, fileName(it.Summary.Title(), strings.ToLower(want)), nil
}

func noImage(it Item) error {
	switch {
	case it.Parent != "":
		return &noImageError{"this credential is part of a learner record and has no image of its own to bake it into; export the original instead"}
	case it.Summary.ImageURL != "":
		return &noImageError{fmt.Sprintf("this credential's image is only a link (%s), not kept in the wallet, so there is nothing to bake it into; export the original instead", credential.Shorten(it.Summary.ImageURL, 80))}
	}
	return ErrNoImage
}

// imageFormat names the format of an image from its first bytes.
func imageFormat(b []byte) string {
	switch {
	case bake.IsPNG(b):
		return "PNG"
	case bytes.HasPrefix(b, []byte("\xff\xd8\xff")):
		return "JPEG"
	case bytes.HasPrefix(b, []byte("GIF87a")), bytes.HasPrefix(b, []byte("GIF89a")):
		return "GIF"
	case len(b) >= 12 && string(b[:4]) == "RIFF" && string(b[8:12]) == "WEBP":
		return "WebP"
	case bake.LooksLikeSVG(b):
		return "SVG"
	}
	return "unknown"
}

// bakeable returns the credential of an item as it was received: the JSON
// document or compact JWS, or what was baked into the image it came in.
func (w *Wallet) bakeable(it Item) ([]byte, error) {
	original, err := w.store.Original(it.ID)
	if err != nil {
		return nil, err
	}
	switch it.Format {
	case credential.FormatPNG, credential.FormatSVG:
		p, err := credential.Parse(original)
		if err != nil {
			return nil, err
		}
		return p.Content, nil
	}
	// Only a byte order mark and space around the document go: readers
	// of baked images drop them anyway.
	return bytes.TrimSpace(bytes.TrimPrefix(original, []byte("\xef\xbb\xbf"))), nil
}

// fileName makes a file name from a title that is safe on every system:
// letters (with their accents) and digits kept, each run of anything else
// one hyphen, at most 60 characters.
func fileName(title, ext string) string {
	var b strings.Builder
	n := 0
	hyphen := false
	for _, r := range title {
		if n >= 60 {
			break
		}
		if unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r) && b.Len() > 0 && !hyphen {
			if hyphen && b.Len() > 0 {
				b.WriteByte('-')
				n++
			}
			b.WriteRune(r)
			n++
			hyphen = false
			continue
		}
		hyphen = true
	}
	name := b.String()
	if name == "" {
		name = "credential"
	}
	return name + "." + ext
}
