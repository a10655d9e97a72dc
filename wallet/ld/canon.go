package ld

import (
	"crypto"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
)

// Processor canonicalizes documents with one Loader. The contexts it
// makes from bundled contexts are compiled once and shared, so it is safe
// for concurrent use and gets faster after the first document.
type Processor struct {
	loader *Loader
	root   *activeContext
	// derived counts the terms of the compiled contexts remembered under root.
	derived atomic.Int64
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

// Canonicalize returns the RDFC-1.0 canonical N-Quads of doc, a JSON
// object as decoded by encoding/json, with a null base IRI, in safe mode:
// a context the loader does not have is a *ContextError; a property or
// type the contexts do not define is an *UndefinedTermError; a relative
// @id a *RelativeIRIError; a malformed IRI or language tag an
// *InvalidValueError; a feature this engine does not implement an
// *UnsupportedFeatureError; a document built to make canonicalization
// take too long a *TooCostlyError; invalid JSON-LD an *Error.
func (p *Processor) Canonicalize(doc map[string]any) ([]byte, error) {
	return p.canonicalize(doc, crypto.SHA256)
}

// CanonicalizeSHA384 is Canonicalize with SHA-384 as RDFC-1.0's hash.
func (p *Processor) CanonicalizeSHA384(doc map[string]any) ([]byte, error) {
	return p.canonicalize(doc, crypto.SHA384)
}

func (p *Processor) canonicalize(doc map[string]any, h crypto.Hash) (out []byte, err error) {
	defer func() {
		// Nothing here should panic; if something does, a hostile
		// document must still not take the app down with it.
		if r := recover(); r != nil {
			out, err = nil, fmt.Errorf("JSON-LD processing failed on a malformed document: %v", r)
		}
	}()
	expanded, err := p.expand(doc)
	if err != nil {
		return nil, jsonLDError(err)
	}
	quads, err := toRDF(expanded, rdfOptions{Safe: true})
	if err != nil {
		return nil, jsonLDError(err)
	}
	out, err = canonicalNQuads(make([]byte, 0, 64*len(quads)), quads, canonOptions{Hash: h})
	if err != nil {
		return nil, jsonLDError(err)
	}
	return out, nil
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

// jsonLDError passes on the errors callers tell apart, and says that any
// other came from JSON-LD processing.
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
		oe *OverrideError
	)
	if errors.As(err, &ue) || errors.As(err, &re) || errors.As(err, &ve) || errors.As(err, &je) || errors.As(err, &oe) || isUnsupported(err) {
		return err
	}
	return fmt.Errorf("JSON-LD processing failed: %w", err)
}
