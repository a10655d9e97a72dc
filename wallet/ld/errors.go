package ld

// UnsupportedFeatureError reports a JSON-LD feature that the document uses
// and that canonicalization in safe mode refuses: what it says would not
// be covered by the signature. Feature names it, e.g. "@direction" (a
// base text direction, which RDF conversion drops unless an rdfDirection
// mode is chosen).
type UnsupportedFeatureError struct {
	Feature string
}

func (e *UnsupportedFeatureError) Error() string {
	return "unsupported JSON-LD feature: " + e.Feature
}
