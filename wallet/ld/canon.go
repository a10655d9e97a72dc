package ld

import (
	"errors"
	"fmt"
	"strings"
	"sync"

	gold "github.com/piprate/json-gold/ld"
)

// UndefinedTermError reports a property or type that the document's
// contexts do not define. JSON-LD processing would drop it, so a signature
// over the canonical form would not cover it (safe mode).
type UndefinedTermError struct {
	Term string // as written in the document; empty when it could not be told
}

func (e *UndefinedTermError) Error() string {
	if e.Term == "" {
		return "the document uses a term its @context does not define, so it would not be covered by the signature"
	}
	return fmt.Sprintf("the term %q is not defined by the document's @context, so it would not be covered by the signature", e.Term)
}

// undefinedVocab is put in front of every document's contexts as @vocab, so
// that a term no context defines expands to undefinedVocab+term instead of
// being dropped, and can be named. It is used only when nothing else
// defines a term, so a document that passes canonicalizes exactly as it
// would without it.
const undefinedVocab = "urn:x-learnerwallet:undefined-term:"

// maxCachedContexts bounds the cache of parsed @context lists; documents
// use a handful of combinations.
const maxCachedContexts = 256

// Processor canonicalizes documents with one Loader, and keeps each
// parsed @context list for reuse. It is safe for concurrent use.
type Processor struct {
	opts *gold.JsonLdOptions

	mu       sync.RWMutex
	contexts map[string]*gold.Context // space-joined context URLs → parsed active context

	iris iriCache
}

// NewProcessor returns a Processor that resolves contexts through l only.
func NewProcessor(l *Loader) *Processor {
	opts := gold.NewJsonLdOptions("")
	opts.DocumentLoader = l
	opts.Algorithm = gold.AlgorithmURDNA2015
	opts.Format = "application/n-quads"
	opts.ProcessingMode = gold.JsonLd_1_1
	opts.SafeMode = true
	return &Processor{opts: opts, contexts: map[string]*gold.Context{}}
}

var (
	defaultOnce sync.Once
	defaultProc *Processor
	defaultErr  error
)

// Default returns the Processor over the bundled contexts.
func Default() (*Processor, error) {
	defaultOnce.Do(func() {
		l, err := Bundled()
		if err != nil {
			defaultErr = err
			return
		}
		defaultProc = NewProcessor(l)
	})
	return defaultProc, defaultErr
}

// Canonicalize returns the RDFC-1.0 canonical N-Quads of doc using the
// bundled contexts, in safe mode. See (*Processor).Canonicalize.
func Canonicalize(doc map[string]any) ([]byte, error) {
	p, err := Default()
	if err != nil {
		return nil, err
	}
	return p.Canonicalize(doc)
}

// Canonicalize returns the RDFC-1.0 (URDNA2015) canonical N-Quads of doc,
// a JSON object as decoded by encoding/json, with a null base IRI. A context
// the loader does not have is a *ContextError; a property or type the
// contexts do not define, or a relative @id or @type, is an
// *UndefinedTermError.
func (p *Processor) Canonicalize(doc map[string]any) (out []byte, err error) {
	defer func() {
		// json-gold asserts types in places; a hostile document must not
		// take the app down with it.
		if r := recover(); r != nil {
			out, err = nil, fmt.Errorf("JSON-LD processing failed on a malformed document: %v", r)
		}
	}()
	expanded, err := p.expand(doc)
	if err != nil {
		return nil, err
	}
	dataset, err := p.toRDF(expanded)
	if errors.Is(err, errJSONLiteral) {
		dataset, err = gold.NewJsonLdApi().ToRDF(expanded, p.opts)
	}
	if err != nil {
		return nil, jsonLDError(err)
	}
	return normalize(dataset), nil
}

// Expand returns the JSON-LD expanded form of doc after the same safe-mode
// checks as Canonicalize.
func (p *Processor) Expand(doc map[string]any) (out []any, err error) {
	defer func() {
		if r := recover(); r != nil {
			out, err = nil, fmt.Errorf("JSON-LD processing failed on a malformed document: %v", r)
		}
	}()
	return p.expand(doc)
}

func (p *Processor) expand(doc map[string]any) ([]any, error) {
	active, err := p.activeContext(doc["@context"])
	if err != nil {
		return nil, err
	}
	body := make(map[string]any, len(doc))
	for k, v := range doc {
		if k != "@context" {
			body[k] = v
		}
	}
	expanded, err := gold.NewJsonLdApi().Expand(active, "", body, p.opts, false, nil)
	if err != nil {
		var je *gold.JsonLdError
		if errors.As(err, &je) && je.Code == gold.InvalidProperty {
			return nil, p.nameUndefined(doc)
		}
		return nil, jsonLDError(err)
	}
	list := topLevel(expanded)
	if err := checkSafe(list); err != nil {
		return nil, err
	}
	return list, nil
}

// topLevel finishes expansion the way json-gold's JsonLdProcessor.Expand
// does: an empty object is nothing, a lone @graph is its contents, and the
// result is always an array.
func topLevel(expanded any) []any {
	switch v := expanded.(type) {
	case []any:
		return v
	case map[string]any:
		if len(v) == 0 {
			return []any{}
		}
		if g, ok := v["@graph"]; ok && len(v) == 1 {
			if list, ok := g.([]any); ok {
				return list
			}
			return []any{g}
		}
		return []any{v}
	case nil:
		return []any{}
	}
	return []any{expanded}
}

// activeContext returns the active context for a document's @context value,
// with undefinedVocab underneath. Lists of bundled URLs are parsed once and
// cached; inline contexts are parsed every time.
func (p *Processor) activeContext(value any) (*gold.Context, error) {
	key, cacheable, err := p.contextKey(value)
	if err != nil {
		return nil, err
	}
	if cacheable {
		p.mu.RLock()
		c, ok := p.contexts[key]
		p.mu.RUnlock()
		if ok {
			return c, nil
		}
	}
	c, err := gold.NewContext(nil, p.opts).Parse(withVocab(value))
	if err != nil {
		return nil, jsonLDError(err)
	}
	if cacheable {
		p.mu.Lock()
		if len(p.contexts) < maxCachedContexts {
			p.contexts[key] = c
		}
		p.mu.Unlock()
	}
	return c, nil
}

// contextKey checks that every context URL in value is available and says
// whether value is a plain list of URLs, which can be cached under key.
func (p *Processor) contextKey(value any) (key string, cacheable bool, err error) {
	l, _ := p.opts.DocumentLoader.(*Loader)
	var urls []string
	cacheable = true
	for _, c := range gold.Arrayify(value) {
		if c == nil {
			urls = append(urls, "null") // a reset; no context URL is "null"
			continue
		}
		u, isURL := c.(string)
		if !isURL {
			cacheable = false
			continue
		}
		if l != nil && !l.Has(u) {
			return "", false, &ContextError{URL: u}
		}
		urls = append(urls, u)
	}
	return strings.Join(urls, " "), cacheable, nil
}

// jsonLDError unwraps json-gold's error chain to a *ContextError when a
// context was missing, so that the message names the URL plainly.
func jsonLDError(err error) error {
	var ce *ContextError
	if errors.As(err, &ce) {
		return ce
	}
	var (
		ue *UndefinedTermError
		re *RelativeIRIError
		ve *InvalidValueError
	)
	if errors.As(err, &ue) || errors.As(err, &re) || errors.As(err, &ve) {
		return err
	}
	return fmt.Errorf("JSON-LD processing failed: %w", err)
}
