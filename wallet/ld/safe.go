package ld

import (
	"fmt"
)

// RelativeIRIError reports an @id that is not an absolute IRI. With a null
// base IRI, canonicalization drops every statement about or pointing to
// it, so a signature would not cover them.
type RelativeIRIError struct {
	IRI string
}

func (e *RelativeIRIError) Error() string {
	return fmt.Sprintf("the identifier %q is not an absolute IRI, so what the document says with it would not be covered by the signature", e.IRI)
}

// hasScheme reports whether s starts with a URI scheme and a colon
// (RFC 3986 §3.1), which is what makes it absolute.
func hasScheme(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z':
		case i > 0 && ('0' <= c && c <= '9' || c == '+' || c == '-' || c == '.'):
		case i > 0 && c == ':':
			return true
		default:
			return false
		}
	}
	return false
}
