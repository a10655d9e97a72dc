package ld

import (
	"errors"
	"strings"
)

// Error is a JSON-LD processing error (JSON-LD 1.1 API §9.4.2): the
// document or a context is not valid JSON-LD.
type Error struct {
	Code   string // the error code the JSON-LD API names, e.g. "invalid term definition"
	Detail string
}

func (e *Error) Error() string {
	if e.Detail == "" {
		return "invalid JSON-LD: " + e.Code
	}
	return "invalid JSON-LD: " + e.Code + ": " + e.Detail
}

func jsonldErr(code, detail string) error { return &Error{Code: code, Detail: detail} }

func isUnsupported(err error) bool {
	var u *UnsupportedFeatureError
	var c *TooCostlyError
	return errors.As(err, &u) || errors.As(err, &c)
}

var keywords = map[string]bool{
	"@base": true, "@container": true, "@context": true, "@default": true, "@direction": true,
	"@embed": true, "@explicit": true, "@graph": true, "@id": true, "@import": true,
	"@included": true, "@index": true, "@json": true, "@language": true, "@list": true,
	"@nest": true, "@none": true, "@omitDefault": true, "@prefix": true, "@preserve": true,
	"@propagate": true, "@protected": true, "@requireAll": true, "@reverse": true, "@set": true,
	"@type": true, "@value": true, "@version": true, "@vocab": true,
}

func isKeyword(s string) bool { return len(s) > 1 && s[0] == '@' && keywords[s] }

// keywordForm reports whether s looks like a keyword (@ and letters only):
// such terms are reserved for future keywords and ignored.
func keywordForm(s string) bool {
	if len(s) < 2 || s[0] != '@' {
		return false
	}
	for i := 1; i < len(s); i++ {
		c := s[i]
		if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z') {
			return false
		}
	}
	return true
}

func endsWithGenDelim(iri string) bool {
	return iri != "" && strings.IndexByte(":/?#[]@", iri[len(iri)-1]) >= 0
}
