package ld

import (
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
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

// Processor canonicalizes documents with one Loader. The contexts it
// makes from bundled contexts are compiled once and shared, so it is safe
// for concurrent use and gets faster after the first document.
type Processor struct {
	loader *Loader
	root   *activeContext
	// derived counts the compiled contexts remembered under root.
	derived atomic.Int64

	iris iriCache
}

// NewProcessor returns a Processor that resolves contexts through l only.
func NewProcessor(l *Loader) *Processor {
	p := &Processor{loader: l}
	p.root = newRootContext("", &p.derived)
	return p
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
		return nil, jsonLDError(err)
	}
	dataset, err := p.toRDF(expanded)
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
	x := expander{run: &contextRun{loader: p.loader, safe: true}}
	return x.expandDocument(p.root, doc, "")
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
		je *Error
	)
	if errors.As(err, &ue) || errors.As(err, &re) || errors.As(err, &ve) || errors.As(err, &je) || isUnsupported(err) {
		return err
	}
	return fmt.Errorf("JSON-LD processing failed: %w", err)
}
