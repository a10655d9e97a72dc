package ld

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"
)

// appendNQuads appends the canonical N-Quads form of quads to b, one
// "\n"-terminated line each, in the order given. The canonical form is
// that of RDFC-1.0 §A (https://www.w3.org/TR/rdf-canon/#canonical-quads):
// one space between terms, simple literals without ^^xsd:string, and in
// literals ECHAR for \b \t \n \f \r \" \\, UCHAR (\u and four uppercase hex
// digits) for the other characters below U+0020, U+007F, U+FFFE and U+FFFF,
// and every other character as itself. IRIs and blank node labels are
// written as given: the conversion to RDF has checked them.
func appendNQuads(b []byte, quads []Quad) []byte {
	for i := range quads {
		q := &quads[i]
		b = appendNQuadTerm(b, q.Subject)
		b = append(b, ' ')
		b = appendNQuadTerm(b, q.Predicate)
		b = append(b, ' ')
		b = appendNQuadTerm(b, q.Object)
		if q.Graph.Kind != None {
			b = append(b, ' ')
			b = appendNQuadTerm(b, q.Graph)
		}
		b = append(b, " .\n"...)
	}
	return b
}

// appendNQuadTerm appends t in canonical N-Quads form.
func appendNQuadTerm(b []byte, t Term) []byte {
	switch t.Kind {
	case IRI:
		b = append(b, '<')
		b = append(b, t.Value...)
		return append(b, '>')
	case Blank:
		b = append(b, "_:"...)
		return append(b, t.Value...)
	case Literal:
		b = append(b, '"')
		b = appendNQuadString(b, t.Value)
		b = append(b, '"')
		switch {
		case t.Language != "":
			b = append(b, '@')
			b = append(b, t.Language...)
		case t.Datatype != "" && t.Datatype != xsdString:
			b = append(b, "^^<"...)
			b = append(b, t.Datatype...)
			b = append(b, '>')
		}
	}
	return b
}

// appendNQuadString appends s escaped for the inside of a canonical
// N-Quads literal. A byte that is not part of valid UTF-8 is written as
// U+FFFD, as encoding/json decodes it; the conversion from JSON never
// produces one.
func appendNQuadString(b []byte, s string) []byte {
	const hexDigits = "0123456789ABCDEF"
	for i := 0; i < len(s); {
		c := s[i]
		if c >= utf8.RuneSelf {
			r, size := utf8.DecodeRuneInString(s[i:])
			switch {
			case r == 0xFFFE || r == 0xFFFF:
				// Not a Char of XML 1.1, so written as UCHAR.
				b = append(b, `\u`...)
				b = append(b, hexDigits[r>>12], hexDigits[r>>8&15], hexDigits[r>>4&15], hexDigits[r&15])
			case r == utf8.RuneError && size == 1:
				b = utf8.AppendRune(b, utf8.RuneError)
			default:
				b = append(b, s[i:i+size]...)
			}
			i += size
			continue
		}
		switch c {
		case '\b':
			b = append(b, `\b`...)
		case '\t':
			b = append(b, `\t`...)
		case '\n':
			b = append(b, `\n`...)
		case '\f':
			b = append(b, `\f`...)
		case '\r':
			b = append(b, `\r`...)
		case '"':
			b = append(b, `\"`...)
		case '\\':
			b = append(b, `\\`...)
		default:
			if c < 0x20 || c == 0x7F {
				b = append(b, `\u00`...)
				b = append(b, hexDigits[c>>4], hexDigits[c&15])
			} else {
				b = append(b, c)
			}
		}
		i++
	}
	return b
}

// parseNQuads parses an N-Quads document (https://www.w3.org/TR/n-quads/)
// strictly: anything the grammar does not allow is an error, IRIs must be
// absolute, and a UCHAR in an IRI cannot stand for a character the IRI
// could not hold as itself. Blank nodes keep their labels. It reads the rdf-canon test
// suite's inputs; documents from the network are JSON-LD, never N-Quads.
func parseNQuads(s string) ([]Quad, error) {
	if !utf8.ValidString(s) {
		return nil, errors.New("the N-Quads document is not UTF-8")
	}
	var quads []Quad
	line := 0
	for len(s) > 0 {
		line++
		text, rest, _ := strings.Cut(s, "\n")
		s = rest
		p := nqParser{s: strings.TrimSuffix(text, "\r")}
		q, ok, err := p.statement()
		if err != nil {
			return nil, fmt.Errorf("N-Quads line %d: %w", line, err)
		}
		if ok {
			quads = append(quads, q)
		}
	}
	return quads, nil
}

// nqParser reads one line of N-Quads.
type nqParser struct {
	s string
	i int
}

// statement reads a statement, or reports false for a line that is blank
// or a comment.
func (p *nqParser) statement() (q Quad, ok bool, err error) {
	p.space()
	if p.done() {
		return q, false, nil
	}
	if q.Subject, err = p.term("subject", false); err != nil {
		return q, false, err
	}
	p.space()
	if q.Predicate, err = p.iri(); err != nil {
		return q, false, err
	}
	p.space()
	if q.Object, err = p.term("object", true); err != nil {
		return q, false, err
	}
	p.space()
	if p.i < len(p.s) && p.s[p.i] != '.' {
		if q.Graph, err = p.term("graph label", false); err != nil {
			return q, false, err
		}
		p.space()
	}
	if p.i >= len(p.s) || p.s[p.i] != '.' {
		return q, false, p.errorf("a statement must end with \".\"")
	}
	p.i++
	p.space()
	if !p.done() {
		return q, false, p.errorf("unexpected text after the statement")
	}
	return q, true, nil
}

// space skips spaces and tabs.
func (p *nqParser) space() {
	for p.i < len(p.s) && (p.s[p.i] == ' ' || p.s[p.i] == '\t') {
		p.i++
	}
}

// done reports whether the rest of the line is empty or a comment.
func (p *nqParser) done() bool {
	return p.i >= len(p.s) || p.s[p.i] == '#'
}

// errorf returns an error at the current column, counted in bytes from 1.
func (p *nqParser) errorf(format string, args ...any) error {
	return fmt.Errorf("column %d: "+format, append([]any{p.i + 1}, args...)...)
}

// term reads an IRI, a blank node or, if literal is set, a literal.
func (p *nqParser) term(role string, literal bool) (Term, error) {
	switch {
	case strings.HasPrefix(p.s[p.i:], "<"):
		return p.iri()
	case strings.HasPrefix(p.s[p.i:], "_:"):
		return p.blank()
	case literal && strings.HasPrefix(p.s[p.i:], `"`):
		return p.literal()
	}
	return Term{}, p.errorf("expected the %s", role)
}

// iri reads an IRIREF.
func (p *nqParser) iri() (Term, error) {
	if p.i >= len(p.s) || p.s[p.i] != '<' {
		return Term{}, p.errorf("expected an IRI")
	}
	p.i++
	var b strings.Builder
	for {
		if p.i >= len(p.s) {
			return Term{}, p.errorf("an IRI is not closed with \">\"")
		}
		c := p.s[p.i]
		switch {
		case c == '>':
			p.i++
			v := b.String()
			if !hasScheme(v) {
				return Term{}, p.errorf("the IRI <%s> is not absolute", v)
			}
			return Term{Kind: IRI, Value: v}, nil
		case c == '\\':
			at := p.i
			r, err := p.uchar()
			if err != nil {
				return Term{}, err
			}
			if !iriChar(r) {
				p.i = at
				return Term{}, p.errorf("an IRI cannot contain %q", r)
			}
			b.WriteRune(r)
		case !iriChar(rune(c)):
			return Term{}, p.errorf("an IRI cannot contain %q", c)
		default:
			b.WriteByte(c)
			p.i++
		}
	}
}

// iriChar reports whether r may be in an IRIREF, written as itself or as
// a UCHAR: a UCHAR cannot bring in what could not be written plainly.
func iriChar(r rune) bool {
	return r > ' ' && !strings.ContainsRune(`<>"{}|^`+"`\\", r)
}

// blank reads a BLANK_NODE_LABEL.
func (p *nqParser) blank() (Term, error) {
	p.i += 2
	start := p.i
	for p.i < len(p.s) {
		r, size := utf8.DecodeRuneInString(p.s[p.i:])
		ok := pnChar(r) || r == '.'
		if p.i == start {
			// The first character is PN_CHARS_U or a digit.
			ok = ok && r != '.' && r != '-' && r != 0xB7 &&
				!(0x300 <= r && r <= 0x36F) && !(0x203F <= r && r <= 0x2040)
		}
		if !ok {
			break
		}
		p.i += size
	}
	for p.i > start && p.s[p.i-1] == '.' { // a label cannot end with "."
		p.i--
	}
	if p.i == start {
		return Term{}, p.errorf("a blank node label is empty")
	}
	return Term{Kind: Blank, Value: p.s[start:p.i]}, nil
}

// pnChar reports whether r is in PN_CHARS (digits included).
func pnChar(r rune) bool {
	switch {
	case 'a' <= r && r <= 'z', 'A' <= r && r <= 'Z', '0' <= r && r <= '9',
		r == '_', r == ':', r == '-', r == 0xB7,
		0xC0 <= r && r <= 0xD6, 0xD8 <= r && r <= 0xF6, 0xF8 <= r && r <= 0x2FF,
		0x300 <= r && r <= 0x36F, 0x370 <= r && r <= 0x37D, 0x37F <= r && r <= 0x1FFF,
		0x200C <= r && r <= 0x200D, 0x203F <= r && r <= 0x2040, 0x2070 <= r && r <= 0x218F,
		0x2C00 <= r && r <= 0x2FEF, 0x3001 <= r && r <= 0xD7FF, 0xF900 <= r && r <= 0xFDCF,
		0xFDF0 <= r && r <= 0xFFFD, 0x10000 <= r && r <= 0xEFFFF:
		return true
	}
	return false
}

// literal reads a STRING_LITERAL_QUOTE and its language tag or datatype.
func (p *nqParser) literal() (Term, error) {
	p.i++
	var b strings.Builder
	for {
		if p.i >= len(p.s) {
			return Term{}, p.errorf("a literal is not closed with '\"'")
		}
		c := p.s[p.i]
		switch c {
		case '"':
			p.i++
			return p.literalEnd(b.String())
		case '\\':
			if p.i+1 < len(p.s) && (p.s[p.i+1] == 'u' || p.s[p.i+1] == 'U') {
				r, err := p.uchar()
				if err != nil {
					return Term{}, err
				}
				b.WriteRune(r)
				continue
			}
			if p.i+1 >= len(p.s) {
				return Term{}, p.errorf("a literal ends with \"\\\"")
			}
			e := strings.IndexByte(`tbnrf"'\`, p.s[p.i+1])
			if e < 0 {
				return Term{}, p.errorf("%q is not an escape", p.s[p.i:p.i+2])
			}
			b.WriteByte("\t\b\n\r\f\"'\\"[e])
			p.i += 2
		case '\r':
			return Term{}, p.errorf("a literal cannot contain a line break")
		default:
			b.WriteByte(c)
			p.i++
		}
	}
}

// literalEnd reads what may follow a literal's closing quote.
func (p *nqParser) literalEnd(value string) (Term, error) {
	t := Term{Kind: Literal, Value: value, Datatype: xsdString}
	switch {
	case strings.HasPrefix(p.s[p.i:], "^^"):
		p.i += 2
		dt, err := p.iri()
		if err != nil {
			return Term{}, err
		}
		t.Datatype = dt.Value
	case strings.HasPrefix(p.s[p.i:], "@"):
		p.i++
		start := p.i
		for p.i < len(p.s) {
			c := p.s[p.i]
			alpha := 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z'
			digit := '0' <= c && c <= '9'
			if !alpha && !(p.i > start && (digit || c == '-')) {
				break
			}
			p.i++
		}
		tag := p.s[start:p.i]
		if !languageTagSyntax(tag) {
			return Term{}, p.errorf("%q is not a language tag", tag)
		}
		t.Language, t.Datatype = tag, rdfLangString
	}
	return t, nil
}

// languageTagSyntax reports whether tag matches LANGTAG without its "@":
// [a-zA-Z]+ ('-' [a-zA-Z0-9]+)*.
func languageTagSyntax(tag string) bool {
	for i, part := range strings.Split(tag, "-") {
		if part == "" {
			return false
		}
		for j := 0; j < len(part); j++ {
			c := part[j]
			alpha := 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z'
			if !alpha && (i == 0 || c < '0' || c > '9') {
				return false
			}
		}
	}
	return true
}

// uchar reads a UCHAR: \u and 4 hex digits, or \U and 8.
func (p *nqParser) uchar() (rune, error) {
	if p.i+1 >= len(p.s) {
		return 0, p.errorf("expected \\u or \\U")
	}
	n := 0
	switch p.s[p.i+1] {
	case 'u':
		n = 4
	case 'U':
		n = 8
	default:
		return 0, p.errorf("expected \\u or \\U")
	}
	if p.i+2+n > len(p.s) {
		return 0, p.errorf("%q is cut short", p.s[p.i:])
	}
	h := p.s[p.i+2 : p.i+2+n]
	v, err := strconv.ParseUint(h, 16, 32)
	if err != nil || strings.ContainsAny(h, "+-_") {
		return 0, p.errorf("%q is not hex", h)
	}
	r := rune(v)
	if !utf8.ValidRune(r) {
		return 0, p.errorf("U+%X is not a Unicode scalar value", v)
	}
	p.i += 2 + n
	return r, nil
}
