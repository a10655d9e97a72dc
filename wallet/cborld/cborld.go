// Package cborld reads and writes CBOR-LD 1.0 as Digital Bazaar's
// @digitalbazaar/cborld 8 does, for the two registry entries that need no
// table of their own: 0, the JSON-LD document as plain CBOR, and 1, the
// document compressed with the terms of its contexts and the value codecs
// (URLs, DIDs, UUIDs, multibase, dates), with empty tables.
//
// The wire format is theirs, not a specification: the CBOR tag 0xcb1d
// (51997) around [registry entry, payload]; in a compressed payload, every
// key is a term ID, assigned as the contexts are loaded while the document
// is walked (each context's terms sorted, from 100, two apart: the odd ID
// marks an array value). Encoder and decoder walk alike — embedded
// contexts, then type-scoped ones in sorted type order, then each key in
// sorted order with its property-scoped context — so both assign the same
// IDs. Their quirks are kept where the bytes depend on them: a term is
// looked up in every context loaded so far, not only the active ones; a
// value under an @id- or @vocab-typed term that names a term is that
// term's ID; CURIEs are expanded only through prefixes.
//
// Contexts come only from the loader given (Bundled: the app's own); any
// other is a *ld.ContextError. A document their compressor cannot take
// either (a "@context": null, as the VCDM 2.0 context puts on a
// presentation's verifiableCredential) is an *UncompressibleError, so that
// the caller can send it uncompressed (entry 0) instead.
//
// Decode is for what strangers send: its input is bounded (MaxInput), CBOR
// nesting and lengths are limited before anything is allocated, and the
// work of walking contexts is counted.
package cborld

import (
	"errors"
	"fmt"
)

// Registry entries this package reads and writes.
const (
	// Uncompressed is registry entry 0: the document as plain CBOR.
	Uncompressed = 0
	// Compressed is registry entry 1: terms and values compressed, with no
	// tables beyond the contexts' own terms.
	Compressed = 1
)

// MaxInput bounds the CBOR-LD that Decode reads: far more than one QR code
// holds (about 2,900 bytes).
const MaxInput = 64 << 10

// maxDepth bounds the nesting of a document, in CBOR and in JSON.
const maxDepth = 32

// maxWork bounds the term definitions copied while contexts are applied
// in one Encode or Decode (a variable for tests): our 20-course CLR, 40 KB
// of JSON, needs 62,000; a QR code holds far less.
var maxWork = 1_000_000

// ErrFormat is what every error from Decode about its input is (errors.Is).
var ErrFormat = errors.New("not CBOR-LD that can be read")

// UncompressibleError says a document cannot be compressed as
// @digitalbazaar/cborld would compress it (their compressor fails on it
// too, or would lose something).
type UncompressibleError struct {
	Reason string
}

func (e *UncompressibleError) Error() string {
	return "cannot be compressed as CBOR-LD: " + e.Reason
}

// EntryError says the CBOR-LD uses a registry entry this package has no
// table for.
type EntryError struct {
	Entry uint64
}

func (e *EntryError) Error() string {
	return fmt.Sprintf("CBOR-LD registry entry %d is not one this wallet knows (only 0, uncompressed, and 1, compressed with no tables)", e.Entry)
}

// Unwrap makes errors.Is(err, ErrFormat) true.
func (e *EntryError) Unwrap() error { return ErrFormat }

// formatError makes a decoding error about the input.
func formatError(format string, args ...any) error {
	return fmt.Errorf("%w: "+format, append([]any{ErrFormat}, args...)...)
}

func uncompressible(format string, args ...any) error {
	return &UncompressibleError{Reason: fmt.Sprintf(format, args...)}
}
