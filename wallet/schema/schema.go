// Package schema validates credentials against the JSON Schemas of Open
// Badges 3.0, CLR 2.0 and the VC Data Model 2.0 that ship with the wallet
// (assets/schemas). Schemas are never fetched: a schema URL the wallet
// does not have is ErrUnknownSchema, which callers report as "not
// checked", not as a failure.
package schema

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"path"
	"regexp"
	"slices"
	"strings"
	"sync"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/learnerwallet/learnerwallet/assets"
	"github.com/learnerwallet/learnerwallet/wallet/internal/jsonv"
)

// ErrUnknownSchema means the schema URL is not one of the bundled schemas.
var ErrUnknownSchema = errors.New("this JSON Schema is not one the wallet has")

// Well-known schema URLs.
const (
	OBAchievementCredential = "https://purl.imsglobal.org/spec/ob/v3p0/schema/json/ob_v3p0_achievementcredential_schema.json"
	OBEndorsementCredential = "https://purl.imsglobal.org/spec/ob/v3p0/schema/json/ob_v3p0_endorsementcredential_schema.json"
	CLRCredential           = "https://purl.imsglobal.org/spec/clr/v2p0/schema/json/clr_v2p0_clrcredential_schema.json"
)

// Validate checks the JSON document doc against the bundled schema known
// by schemaURL. It returns nil when doc is valid, an error wrapping
// ErrUnknownSchema when the schema is not bundled, *Error when doc breaks
// the schema, or another error when doc is not JSON.
func Validate(doc []byte, schemaURL string) error {
	inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(doc))
	if err != nil {
		if _, cerr := compiled(schemaURL); cerr != nil {
			return cerr
		}
		return fmt.Errorf("the document is not JSON: %w", err)
	}
	return ValidateValue(inst, schemaURL)
}

// ValidateValue is Validate for a document already decoded (objects as
// map[string]any, arrays as []any, numbers as json.Number or float64), so
// that a credential is checked as it was read, without encoding and
// decoding it again. v is only read.
func ValidateValue(v any, schemaURL string) error {
	sch, err := compiled(schemaURL)
	if err != nil {
		return err
	}
	err = sch.Validate(v)
	var ve *jsonschema.ValidationError
	if errors.As(err, &ve) {
		return newError(schemaURL, ve)
	}
	return err
}

// Known reports whether schemaURL names a bundled schema.
func Known(schemaURL string) bool {
	_, ok := load().files[schemaURL]
	return ok
}

// URLs lists the schema URLs the wallet knows, aliases included, sorted.
func URLs() []string {
	var out []string
	for u := range load().files {
		out = append(out, u)
	}
	slices.Sort(out)
	return out
}

// ForTypes returns the schema the 1EdTech validator applies to a
// credential of these types whatever its credentialSchema says:
// ClrCredential, AchievementCredential (or OpenBadgeCredential), or
// EndorsementCredential. It returns "" for other types.
func ForTypes(types []string) string {
	switch {
	case slices.Contains(types, "ClrCredential"):
		return CLRCredential
	case slices.Contains(types, "AchievementCredential"), slices.Contains(types, "OpenBadgeCredential"):
		return OBAchievementCredential
	case slices.Contains(types, "EndorsementCredential"):
		return OBEndorsementCredential
	}
	return ""
}

// bundle indexes the bundled schemas by URL and compiles them on demand.
type bundle struct {
	files    map[string]string // URL → file in assets.Schemas
	ids      map[string]string // file → its $id
	err      error             // a broken bundle: a bug, reported on use
	mu       sync.Mutex
	compiler *jsonschema.Compiler
	schemas  map[string]*jsonschema.Schema // by file
}

// load returns the bundle, indexed on first use.
var load = sync.OnceValue(newBundle)

// purlJSON matches the purl.imsglobal.org schema URLs that also exist
// under .../schema/json-ld/, the JSON-LD-tolerant variant; since 2025 both
// serve the same tolerant schema, which is what is bundled.
var purlJSON = regexp.MustCompile(`^(https://purl\.imsglobal\.org/spec/[a-z]+/v\dp\d/schema/)json(/[^/]+\.json)$`)

// newBundle indexes the bundled schemas and makes the compiler that
// compiles them. A process compiles one or two of the schemas, so indexing
// reads no more of each file than its $id.
func newBundle() *bundle {
	b := &bundle{files: map[string]string{}, ids: map[string]string{}, schemas: map[string]*jsonschema.Schema{}}
	b.err = fs.WalkDir(assets.Schemas, "schemas", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || path.Ext(p) != ".json" {
			return err
		}
		id, err := schemaID(p)
		if err != nil {
			return err
		}
		if other, dup := b.files[id]; dup {
			return fmt.Errorf("%s and %s both have $id %s", other, p, id)
		}
		b.files[id] = p
		b.ids[p] = id
		if m := purlJSON.FindStringSubmatch(id); m != nil {
			b.files[m[1]+"json-ld"+m[2]] = p
		}
		return nil
	})
	b.compiler = jsonschema.NewCompiler()
	b.compiler.UseLoader(loader{b})
	b.compiler.UseRegexpEngine(newRegexps().compile)
	// The schemas' dates are DateTimeZ: "format": "date-time" must
	// hold, not merely annotate, or "next Tuesday" would pass.
	b.compiler.AssertFormat()
	return b
}

// schemaID reads the "$id" of a bundled schema: the top-level key only,
// skipping the values before it, without parsing the rest of the file.
func schemaID(file string) (string, error) {
	f, err := assets.Schemas.Open(file)
	if err != nil {
		return "", err
	}
	defer f.Close()
	dec := json.NewDecoder(f)
	if t, err := dec.Token(); err != nil || t != json.Delim('{') {
		return "", fmt.Errorf("%s is not a JSON object", file)
	}
	for dec.More() {
		key, err := dec.Token()
		if err != nil {
			return "", fmt.Errorf("%s: %w", file, err)
		}
		if key == "$id" {
			var id string
			if err := dec.Decode(&id); err != nil || id == "" {
				return "", fmt.Errorf("%s has no $id string", file)
			}
			return id, nil
		}
		var skip json.RawMessage
		if err := dec.Decode(&skip); err != nil {
			return "", fmt.Errorf("%s: %w", file, err)
		}
	}
	return "", fmt.Errorf("%s has no $id", file)
}

func readSchema(file string) (any, error) {
	f, err := assets.Schemas.Open(file)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	b, err := io.ReadAll(f)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", file, err)
	}
	doc, err := jsonv.Decode(b) // numbers as json.Number, as the compiler wants them
	if err != nil {
		return nil, fmt.Errorf("%s: %w", file, err)
	}
	return doc, nil
}

// loader serves the compiler the bundled schemas and nothing else (the
// compiler has the JSON Schema meta-schemas built in).
type loader struct{ b *bundle }

func (l loader) Load(url string) (any, error) {
	file, ok := l.b.files[url]
	if !ok {
		return nil, fmt.Errorf("%s: %w", url, ErrUnknownSchema)
	}
	return readSchema(file)
}

// compiled returns the compiled schema for url, compiling it on first use.
func compiled(url string) (*jsonschema.Schema, error) {
	return load().compiled(url)
}

func (b *bundle) compiled(url string) (*jsonschema.Schema, error) {
	if b.err != nil {
		return nil, fmt.Errorf("the bundled schemas are broken: %w", b.err)
	}
	file, ok := b.files[url]
	if !ok {
		return nil, fmt.Errorf("%s: %w", url, ErrUnknownSchema)
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	if s, ok := b.schemas[file]; ok {
		return s, nil
	}
	// Compile by the file's own $id, so that aliases share one schema.
	id := b.ids[file]
	s, err := b.compiler.Compile(id)
	if err != nil {
		return nil, fmt.Errorf("compiling the bundled schema %s: %w", id, err)
	}
	b.schemas[file] = s
	return s, nil
}

// regexps compiles each distinct pattern once. The OB 3.0 schema repeats
// five patterns 160 times, and the library compiles every one twice: to
// check the schema against its meta-schema ("format": "regex"), then to
// use it. A *regexp.Regexp is safe to share.
type regexps struct {
	mu sync.Mutex
	m  map[string]*regexp.Regexp
}

func newRegexps() *regexps { return &regexps{m: map[string]*regexp.Regexp{}} }

func (r *regexps) compile(pattern string) (jsonschema.Regexp, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if re, ok := r.m[pattern]; ok {
		return re, nil
	}
	re, err := regexp.Compile(pattern)
	if err != nil {
		return nil, err
	}
	r.m[pattern] = re
	return re, nil
}

// Error is a document that breaks its schema.
type Error struct {
	SchemaURL string
	// Violations are the first few problems found, in document order.
	Violations []Violation
	// Total counts every problem found.
	Total int
}

// Violation is one place where a document breaks its schema.
type Violation struct {
	Pointer string // JSON pointer to the value, "" for the whole document
	Message string // what is wrong, in plain words
}

func (v Violation) String() string {
	if v.Pointer == "" {
		return v.Message
	}
	return v.Pointer + ": " + v.Message
}

func (e *Error) Error() string {
	var sb strings.Builder
	for i, v := range e.Violations {
		if i > 0 {
			sb.WriteString("; ")
		}
		sb.WriteString(v.String())
	}
	if more := e.Total - len(e.Violations); more > 0 {
		fmt.Fprintf(&sb, "; and %d more", more)
	}
	return sb.String()
}
