package credential

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"github.com/learnerwallet/learnerwallet/wallet/internal/jsonv"

	"github.com/lestrrat-go/jwx/v2/jws"

	"github.com/learnerwallet/learnerwallet/wallet/bake"
)

// MaxInputSize is the largest input accepted, before or after decompression.
const MaxInputSize = 20 << 20

// RejectError explains, in words a learner understands, why an input is not
// a credential the wallet can keep. Err, when set, is the typed cause (a
// *jsonv.DuplicateKeyError, say) for callers that decide by it.
type RejectError struct {
	Reason string
	Err    error
}

func (e *RejectError) Error() string { return e.Reason }

// Unwrap returns the cause.
func (e *RejectError) Unwrap() error { return e.Err }

func reject(format string, args ...any) error {
	return &RejectError{Reason: fmt.Sprintf(format, args...)}
}

// Parsed is a recognised credential, not yet stored.
type Parsed struct {
	Kind   Kind
	Format Format
	// Original is the input exactly as received.
	Original []byte
	// Content is the credential itself (JSON or compact JWS), also when it
	// came baked into an image.
	Content []byte
	// Hash identifies the credential's content for duplicate detection:
	// whitespace and key order in JSON do not change it, packaging (JSON,
	// baked PNG, baked SVG) does not either.
	Hash    [32]byte
	Summary Summary
	// Image is a picture to show for the credential, if it has one inline.
	Image []byte
	// Children are the credentials nested in a CLR, each with Original set
	// to its JSON exactly as it appears in the CLR.
	Children []*Parsed
	// Doc is the document read: the credential or assertion as JSON
	// (numbers as json.Number), or the credential a VC-JWT carries.
	Doc map[string]any
	// Cred is the verifiable credential Doc holds; nil for Open Badges 2.0.
	Cred *Credential
	// JWT is set when the credential came as a VC-JWT (or a signed Open
	// Badges 2.0 assertion).
	JWT *JWT
}

// Parse recognises a credential from its bytes alone: OB 3.0 and CLR 2.0 JSON
// (VCDM 1.1 and 2.0), VC-JWT, OB 2.0 assertions (plain or signed), and badge
// images (PNG, SVG) with a credential baked in.
func Parse(data []byte) (*Parsed, error) {
	if len(data) > MaxInputSize {
		return nil, reject("the input is %s; the limit is %d MB", SizeText(len(data)), MaxInputSize>>20)
	}
	if len(data) == 0 {
		return nil, reject("the file is empty")
	}
	if bake.IsPNG(data) {
		b, err := bake.FromPNG(data, MaxInputSize)
		if err != nil {
			return nil, imageError(err, "PNG")
		}
		return parseBaked(data, FormatPNG, b)
	}
	if len(data) > 2 && data[0] == 0x1f && data[1] == 0x8b {
		return parseSVGZ(data)
	}
	text := bytes.TrimSpace(bytes.TrimPrefix(data, []byte("\xef\xbb\xbf")))
	switch {
	case len(text) > 0 && text[0] == '{':
		return parseJSONInput(data, text)
	case jsonv.LooksLikeJWS(text):
		return parseJWSInput(data, FormatJWT, text)
	case bake.LooksLikeSVG(text):
		b, err := bake.FromSVG(text)
		if err != nil {
			return nil, imageError(err, "SVG")
		}
		return parseBaked(data, FormatSVG, b)
	case len(text) > 0 && text[0] == '[':
		return nil, reject("this is a JSON list, not a single credential; save each credential in its own file")
	case !utf8.Valid(text):
		return nil, reject("this file is not a credential: expected JSON, a JWT, or a PNG or SVG badge image")
	}
	return nil, reject("this file is not a credential: expected JSON, a JWT, or a PNG or SVG badge image")
}

// parseSVGZ reads a gzip-compressed SVG badge image (.svgz). Original stays
// the compressed bytes as received; Image is the SVG, ready to display.
func parseSVGZ(data []byte) (*Parsed, error) {
	inner, err := gunzip(data)
	if err != nil {
		return nil, err
	}
	text := bytes.TrimSpace(bytes.TrimPrefix(inner, []byte("\xef\xbb\xbf")))
	if !bake.LooksLikeSVG(text) {
		return nil, reject("this compressed file does not hold an SVG badge image")
	}
	b, err := bake.FromSVG(text)
	if err != nil {
		return nil, imageError(err, "SVG")
	}
	p, err := parseBaked(inner, FormatSVG, b)
	if err != nil {
		return nil, err
	}
	p.Original = data
	return p, nil
}

func imageError(err error, kind string) error {
	if errors.Is(err, bake.ErrNotBaked) {
		return reject("this %s image has no badge baked into it; ask the issuer for the badge file or a baked image", kind)
	}
	return reject("%v", err)
}

func gunzip(b []byte) ([]byte, error) {
	r, err := gzip.NewReader(bytes.NewReader(b))
	if err != nil {
		return nil, reject("the compressed file is damaged")
	}
	out, err := io.ReadAll(io.LimitReader(r, MaxInputSize+1))
	if err != nil {
		return nil, reject("the compressed file is damaged")
	}
	if len(out) > MaxInputSize {
		return nil, reject("the compressed file expands to more than %d MB; it was refused", MaxInputSize>>20)
	}
	return out, nil
}

func parseBaked(original []byte, format Format, b bake.Baked) (*Parsed, error) {
	content := bytes.TrimSpace(b.Content)
	isURL := bytes.HasPrefix(content, []byte("http://")) || bytes.HasPrefix(content, []byte("https://"))
	// A legacy (tEXt/zTXt) chunk normally holds a URL, but some bakers put
	// the assertion itself there; that is read like an iTXt chunk.
	isDoc := len(content) > 0 && content[0] == '{' || jsonv.LooksLikeJWS(content)
	if isURL || b.Legacy && !isDoc {
		return nil, reject("this badge image only holds a link to a hosted badge (%s); importing from the web is not supported yet, so download the badge's JSON from that address and import it", Shorten(string(content), 80))
	}
	var (
		p   *Parsed
		err error
	)
	switch {
	case len(content) > 0 && content[0] == '{':
		p, err = parseJSONInput(content, content)
	case jsonv.LooksLikeJWS(content):
		p, err = parseJWSInput(content, FormatJWT, content)
	default:
		return nil, reject("the badge baked into this image is neither JSON nor a JWT")
	}
	if err != nil {
		return nil, err
	}
	p.Format = format
	p.Original = original
	p.Content = content // as baked, not re-encoded; Hash still identifies it
	p.Image = original
	return p, nil
}

func parseJSONInput(original, text []byte) (*Parsed, error) {
	v, err := decodeJSON(text)
	if err != nil {
		// text is original less a BOM and surrounding space: count the
		// lines skipped before it, so line numbers match the file.
		skipped := bytes.Count(original[:max(bytes.Index(original, text), 0)], []byte("\n"))
		return nil, &RejectError{Reason: "the JSON is malformed: " + jsonErrorText(err, text, skipped), Err: err}
	}
	m, ok := v.(map[string]any)
	if !ok {
		return nil, reject("the JSON is not an object")
	}
	p, err := fromDocument(m, nil)
	if err != nil {
		return nil, err
	}
	p.Format = FormatJSON
	p.Original = original
	p.Content = jsonv.Canonical(m)
	p.Hash = sha256.Sum256(p.Content)
	if err := p.parseChildren(text); err != nil {
		return nil, err
	}
	return p, nil
}

// jsonErrorText turns a decoding error into a message with a line number;
// skipped lines come before text.
func jsonErrorText(err error, text []byte, skipped int) string {
	var se *json.SyntaxError
	if errors.As(err, &se) {
		// Offset counts the offending byte, which may itself be a newline.
		line := 1 + skipped + bytes.Count(text[:min(max(int(se.Offset)-1, 0), len(text))], []byte("\n"))
		return fmt.Sprintf("%v (line %d)", se, line)
	}
	if errors.Is(err, io.ErrUnexpectedEOF) {
		return "the document ends too early; it may have been cut off"
	}
	return err.Error()
}

// jwsHeader is the protected header of a compact JWS, as far as parsing needs it.
type jwsHeader struct {
	Alg string          `json:"alg"`
	Kid string          `json:"kid"`
	Typ string          `json:"typ"`
	JWK json.RawMessage `json:"jwk"`
}

// decodeJWS splits a compact JWS and decodes its header and payload. It does
// not verify the signature.
func decodeJWS(b []byte) (jwsHeader, map[string]any, []byte, error) {
	var h jwsHeader
	parts := strings.Split(string(b), ".")
	hb, err := b64url(parts[0])
	if err != nil || json.Unmarshal(hb, &h) != nil {
		return h, nil, nil, reject("this looks like a JWT, but its header is not valid base64url JSON")
	}
	if err := jsonv.CheckKeys(hb); err != nil {
		return h, nil, nil, &RejectError{Reason: "this JWT's header is malformed: " + err.Error(), Err: err}
	}
	if h.Alg == "" {
		return h, nil, nil, reject("this looks like a JWT, but its header names no algorithm")
	}
	if _, err := b64url(parts[1]); err != nil {
		return h, nil, nil, reject("this JWT's payload is not valid base64url")
	}
	// The checks above only give clearer messages; the parse itself is jwx's.
	msg, err := jws.Parse(b, jws.WithCompact())
	if err != nil || len(msg.Signatures()) != 1 {
		return h, nil, nil, reject("this looks like a JWT, but it is malformed")
	}
	pb := msg.Payload()
	v, err := decodeJSON(pb)
	if err != nil {
		return h, nil, nil, &RejectError{Reason: "this JWT's payload is not valid JSON: " + err.Error(), Err: err}
	}
	m, ok := v.(map[string]any)
	if !ok {
		return h, nil, nil, reject("this JWT's payload is not a JSON object")
	}
	return h, m, pb, nil
}

// mustB64 decodes base64url, nil when it cannot.
func mustB64(s string) []byte {
	b, _ := b64url(s)
	return b
}

func b64url(s string) ([]byte, error) {
	return base64.RawURLEncoding.DecodeString(strings.TrimRight(s, "="))
}

func parseJWSInput(original []byte, format Format, text []byte) (*Parsed, error) {
	h, payload, payloadJSON, err := decodeJWS(text)
	if err != nil {
		return nil, err
	}
	doc, layout, err := FromJWTPayload(payload)
	if err != nil {
		return nil, reject("%v", err)
	}
	p, err := fromDocument(doc, payload)
	if err == nil {
		hdr, _ := jsonv.DecodeObject(mustB64(strings.SplitN(string(text), ".", 2)[0]))
		p.JWT = &JWT{Compact: string(text), Header: hdr, Claims: payload, Layout: layout}
	}
	if err != nil {
		return nil, err
	}
	p.Format = format
	p.Original = original
	p.Content = text
	p.Hash = sha256.Sum256(text)
	if err := p.parseChildren(payloadJSON); err != nil {
		return nil, err
	}
	if h.Alg != "" {
		p.Summary.Proofs = append(p.Summary.Proofs, "JWT ("+h.Alg+")")
	}
	return p, nil
}

func SizeText(n int) string {
	if n >= 1<<20 {
		return fmt.Sprintf("%.1f MB", float64(n)/(1<<20))
	}
	return fmt.Sprintf("%d KB", (n+1023)/1024)
}

func Shorten(s string, n int) string {
	s = strings.TrimSpace(s)
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return string(r[:n-1]) + "…"
}

// Document returns the credential that b holds as a JSON document: b itself
// when it is JSON, the credential a VC-JWT carries (its payload, or its vc
// claim completed from the registered claims) when it is a compact JWS.
// Nothing is verified.
func Document(b []byte) (map[string]any, error) {
	b = bytes.TrimSpace(bytes.TrimPrefix(b, []byte("\xef\xbb\xbf")))
	if jsonv.LooksLikeJWS(b) {
		_, payload, _, err := decodeJWS(b)
		if err != nil {
			return nil, err
		}
		doc, _, err := FromJWTPayload(payload)
		if err != nil {
			return nil, reject("%v", err)
		}
		return doc, nil
	}
	v, err := decodeJSON(b)
	if err != nil {
		return nil, &RejectError{Reason: "the JSON is malformed: " + err.Error(), Err: err}
	}
	m, ok := v.(map[string]any)
	if !ok {
		return nil, reject("the JSON is not an object")
	}
	return m, nil
}

// decodeJSON decodes b strictly: numbers exact, no key twice in one object
// (a signature-confusion trick), bounded nesting, nothing after it.
func decodeJSON(b []byte) (any, error) { return jsonv.Decode(b) }
