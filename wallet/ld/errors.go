package ld

import "fmt"

// UnsupportedFeatureError reports a JSON-LD feature that the document uses
// and that this engine refuses rather than canonicalize without what the
// feature says: features no bundled context uses (@reverse, @nest,
// @import, @included, index, language, id and type maps), and in safe
// mode a base text direction ("@direction"), which the conversion to RDF
// would drop. Feature names it.
type UnsupportedFeatureError struct {
	Feature string
}

func (e *UnsupportedFeatureError) Error() string {
	return "unsupported JSON-LD feature: " + e.Feature
}

// InvalidValueError reports an IRI or language tag that the conversion to
// RDF would silently drop with the statement holding it, so a signature
// would not cover that statement.
type InvalidValueError struct {
	Kind  string // "IRI" or "language tag"
	Value string
}

func (e *InvalidValueError) Error() string {
	return fmt.Sprintf("the %s %q is malformed, so what the document says with it would not be covered by the signature", e.Kind, e.Value)
}
