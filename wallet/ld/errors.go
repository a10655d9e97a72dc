package ld

import "fmt"

// UnsupportedFeatureError reports a JSON-LD feature that the document uses
// and that this engine refuses rather than canonicalize without what the
// feature says: features no bundled context uses (@reverse, @nest,
// @import, @included, index, language, id and type maps), and in safe
// mode what the conversion to RDF would drop: a base text direction
// ("@direction") or an index ("@index"). Feature names it.
type UnsupportedFeatureError struct {
	Feature string
}

func (e *UnsupportedFeatureError) Error() string {
	return "unsupported JSON-LD feature: " + e.Feature
}

// InvalidValueError reports an IRI or language tag that the conversion to
// RDF would silently drop with the statement holding it, or a value that
// expansion would drop as saying nothing (one outside any property, an
// object with only @language), so a signature would not cover it.
type InvalidValueError struct {
	Kind  string // "IRI", "language tag", "value outside any property", …
	Value string
}

func (e *InvalidValueError) Error() string {
	return fmt.Sprintf("the %s %q is malformed, so what the document says with it would not be covered by the signature", e.Kind, e.Value)
}

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

// RelativeIRIError reports an @id that is not an absolute IRI. With a null
// base IRI, canonicalization drops every statement about or pointing to
// it, so a signature would not cover them.
type RelativeIRIError struct {
	IRI string
}

func (e *RelativeIRIError) Error() string {
	return fmt.Sprintf("the identifier %q is not an absolute IRI, so what the document says with it would not be covered by the signature", e.IRI)
}
