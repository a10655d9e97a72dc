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

// OverrideError reports a document whose own @context changes what the
// published contexts it names say: it redefines a term they define, clears
// them with null, or sets a base IRI. JSON-LD allows it, but then a signed
// document can be changed to read another way and still canonicalize the
// same (two unprotected terms swapped, with their values), so safe mode
// refuses it. Terms the published contexts do not define may be added.
type OverrideError struct {
	Term string // the term redefined; "" when Null or Base is set
	Null bool   // the document clears its contexts with null
	Base bool   // the document sets @base
}

func (e *OverrideError) Error() string {
	switch {
	case e.Null:
		return "the document's own @context sets aside the published contexts it names (null), so it could say something other than what was signed"
	case e.Base:
		return "the document's own @context sets a base IRI (@base), so its identifiers could be read other than as signed"
	}
	return fmt.Sprintf("the document's own @context redefines the term %q, which its published contexts define, so it could say something other than what was signed", e.Term)
}
