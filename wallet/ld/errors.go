package ld

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
