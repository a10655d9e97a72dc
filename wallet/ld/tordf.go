package ld

import (
	"encoding/json"
	"fmt"
	"math"
	"math/big"
	"slices"
	"strconv"
	"strings"
)

// This file is Deserialize JSON-LD to RDF (JSON-LD 1.1 API §8.1) with
// Object to RDF Conversion (§8.2) and List to RDF Conversion (§8.3).

// rdfOptions are the options of the conversion to RDF.
type rdfOptions struct {
	// Safe turns every statement the algorithm would drop (for a
	// malformed or relative IRI, a malformed language tag, a blank node
	// property, a text direction) into an error, because a signature over
	// the canonical form would not cover it.
	Safe bool
	// RDFDirection is how a value's @direction is kept: "" drops it,
	// "i18n-datatype" and "compound-literal" are the spec's two
	// encodings (for the W3C tests; production uses "").
	RDFDirection string
	// ProduceGeneralizedRDF keeps statements with a blank node predicate
	// (tests only).
	ProduceGeneralizedRDF bool
}

// The RDF direction encodings.
const (
	i18nDatatype    = "i18n-datatype"
	compoundLiteral = "compound-literal"
)

// More vocabulary the conversion needs.
const (
	rdfValue     = rdfNS + "value"
	rdfLanguage  = rdfNS + "language"
	rdfDirection = rdfNS + "direction"
	i18nNS       = "https://www.w3.org/ns/i18n#"
)

// toRDF converts an expanded JSON-LD document (as produced by expansion:
// []any of maps with @-keywords, values as decoded by encoding/json,
// numbers float64 or json.Number) to quads. Blank node labels b0, b1, …
// are issued in document order, as the spec's node map generation does.
// Quads come out graph by graph and subject by subject, each in code point
// order, and the same statement never twice.
func toRDF(expanded []any, o rdfOptions) ([]Quad, error) {
	switch o.RDFDirection {
	case "", i18nDatatype, compoundLiteral:
	default:
		return nil, fmt.Errorf("unknown rdfDirection %q", o.RDFDirection)
	}
	m, err := generateNodeMap(expanded, o.Safe)
	if err != nil {
		return nil, err
	}
	w := rdfWriter{opts: o, issuer: &m.issuer, quads: make([]Quad, 0, m.values)}
	for _, name := range sortedKeys(m.graphs) {
		w.graph = Term{}
		if name != defaultGraph {
			t, err := w.resource(name)
			if err != nil {
				return nil, err
			}
			if t.Kind == None {
				continue
			}
			w.graph = t
		}
		g := m.graphs[name]
		for _, id := range sortedKeys(g) {
			if err := w.node(id, g[id]); err != nil {
				return nil, err
			}
		}
	}
	return w.quads, nil
}

type rdfWriter struct {
	opts   rdfOptions
	issuer *blankIssuer
	graph  Term
	quads  []Quad
	// extra holds the statements of lists and compound literals while a
	// node's own statements are written, so that those stay together in
	// quads for the search for duplicates.
	extra []Quad
	seen  map[[2]Term]struct{} // predicate and object of a node's statements, once it has many
}

var typePredicate = Term{Kind: IRI, Value: rdfType}

// node writes the statements of one node.
func (w *rdfWriter) node(id string, n *node) error {
	subject, err := w.resource(id)
	if err != nil || subject.Kind == None {
		return err
	}
	start := len(w.quads)
	clear(w.seen)
	for _, t := range n.types {
		object, err := w.typeTerm(t)
		if err != nil {
			return err
		}
		if object.Kind != None {
			w.add(start, Quad{subject, typePredicate, object, w.graph})
		}
	}
	n.sortProps()
	for _, p := range n.props {
		predicate, err := w.predicate(p.name)
		if err != nil {
			return err
		}
		if predicate.Kind == None {
			continue
		}
		for _, it := range p.values {
			object, err := w.object(it)
			if err != nil {
				return err
			}
			if object.Kind != None {
				w.add(start, Quad{subject, predicate, object, w.graph})
			}
		}
	}
	w.quads = append(w.quads, w.extra...)
	w.extra = w.extra[:0]
	return nil
}

// add appends one of a node's own statements unless the node already has
// it: a dataset is a set, and two different JSON-LD values can make the
// same statement ("1" and 1.0 as xsd:integer, @type and rdf:type).
func (w *rdfWriter) add(start int, q Quad) {
	own := w.quads[start:]
	if len(own) < maxDedupScan {
		for i := range own {
			if own[i].Object == q.Object && own[i].Predicate == q.Predicate {
				return
			}
		}
		w.quads = append(w.quads, q)
		return
	}
	if len(w.seen) == 0 {
		if w.seen == nil {
			w.seen = make(map[[2]Term]struct{}, 2*len(own))
		}
		for i := range own {
			w.seen[[2]Term{own[i].Predicate, own[i].Object}] = struct{}{}
		}
	}
	key := [2]Term{q.Predicate, q.Object}
	if _, dup := w.seen[key]; dup {
		return
	}
	w.seen[key] = struct{}{}
	w.quads = append(w.quads, q)
}

// resource is the term for a node identifier: a subject, a graph name or
// a node reference. A relative or malformed IRI is no term (Kind None), or
// in safe mode an error.
func (w *rdfWriter) resource(id string) (Term, error) {
	if label, ok := strings.CutPrefix(id, "_:"); ok {
		return Term{Kind: Blank, Value: label}, nil
	}
	if wellFormedIRI(id) {
		return Term{Kind: IRI, Value: id}, nil
	}
	if !w.opts.Safe {
		return Term{}, nil
	}
	if schemeLength(id) < 0 {
		return Term{}, &RelativeIRIError{IRI: id}
	}
	return Term{}, &InvalidValueError{Kind: "IRI", Value: id}
}

// vocabIRI is the term for a property, type or datatype: an IRI that a
// term of the context expanded to. A relative one means the term was not
// defined.
func (w *rdfWriter) vocabIRI(iri string) (Term, error) {
	if wellFormedIRI(iri) {
		return Term{Kind: IRI, Value: iri}, nil
	}
	if !w.opts.Safe {
		return Term{}, nil
	}
	if schemeLength(iri) < 0 {
		return Term{}, &UndefinedTermError{Term: iri}
	}
	return Term{}, &InvalidValueError{Kind: "IRI", Value: iri}
}

func (w *rdfWriter) typeTerm(t string) (Term, error) {
	if label, ok := strings.CutPrefix(t, "_:"); ok {
		return Term{Kind: Blank, Value: label}, nil
	}
	return w.vocabIRI(t)
}

func (w *rdfWriter) predicate(p string) (Term, error) {
	if label, ok := strings.CutPrefix(p, "_:"); ok {
		switch {
		case w.opts.ProduceGeneralizedRDF:
			return Term{Kind: Blank, Value: label}, nil
		case w.opts.Safe:
			// RDF has no blank node predicates: the statement would go.
			return Term{}, &UndefinedTermError{Term: p}
		}
		return Term{}, nil
	}
	return w.vocabIRI(p)
}

// object is Object to RDF Conversion: the term for a value, and the
// statements of a list or compound literal put in w.extra.
func (w *rdfWriter) object(it item) (Term, error) {
	switch it.kind {
	case refItem:
		return w.resource(it.id)
	case listItem:
		return w.list(*it.list)
	}
	return w.literal(it.value)
}

// list is List to RDF Conversion: an rdf:first/rdf:rest chain of fresh
// blank nodes, or rdf:nil.
func (w *rdfWriter) list(items []item) (Term, error) {
	if len(items) == 0 {
		return Term{Kind: IRI, Value: rdfNil}, nil
	}
	first := w.issuer.reserve(len(items)) // the spec issues them all first
	for i, it := range items {
		subject := Term{Kind: Blank, Value: blankLabel(first + i)}
		object, err := w.object(it)
		if err != nil {
			return Term{}, err
		}
		if object.Kind != None {
			w.extra = append(w.extra, Quad{subject, Term{Kind: IRI, Value: rdfFirst}, object, w.graph})
		}
		rest := Term{Kind: IRI, Value: rdfNil}
		if i+1 < len(items) {
			rest = Term{Kind: Blank, Value: blankLabel(first + i + 1)}
		}
		w.extra = append(w.extra, Quad{subject, Term{Kind: IRI, Value: rdfRest}, rest, w.graph})
	}
	return Term{Kind: Blank, Value: blankLabel(first)}, nil
}

// literal converts a value object.
func (w *rdfWriter) literal(v map[string]any) (Term, error) {
	value := v["@value"]
	var datatype string
	if t, has := v["@type"]; has {
		s, ok := t.(string)
		if !ok {
			return Term{}, malformedError("a value's @type is a %T", t)
		}
		if s == "@json" {
			if w.opts.Safe {
				if err := exactNumbers(value); err != nil {
					return Term{}, err
				}
			}
			lexical, err := jcs(value)
			if err != nil {
				return Term{}, fmt.Errorf("@json literal: %w", err)
			}
			return Term{Kind: Literal, Value: lexical, Datatype: rdfJSON}, nil
		}
		dt, err := w.vocabIRI(s)
		if err != nil || dt.Kind == None {
			return Term{}, err
		}
		datatype = s
	}
	var language string
	l, hasLanguage := v["@language"]
	if hasLanguage {
		s, ok := l.(string)
		if !ok {
			return Term{}, malformedError("@language is a %T", l)
		}
		if !wellFormedLanguage(s) {
			if w.opts.Safe {
				return Term{}, &InvalidValueError{Kind: "language tag", Value: s}
			}
			return Term{}, nil
		}
		language = s
	}

	var lexical, defaultType string
	switch x := value.(type) {
	case bool:
		lexical, defaultType = strconv.FormatBool(x), xsdBoolean
	case float64, json.Number:
		f, ok := number(x)
		if !ok {
			return Term{}, &InvalidValueError{Kind: "number", Value: fmt.Sprint(x)}
		}
		if f != math.Trunc(f) || math.Abs(f) >= 1e21 || datatype == xsdDouble {
			lexical, defaultType = canonicalDouble(f), xsdDouble
		} else {
			lexical, defaultType = canonicalInteger(f), xsdInteger
		}
		if w.opts.Safe {
			if err := exactNumber(x, f, lexical, defaultType); err != nil {
				return Term{}, err
			}
		}
	case string:
		lexical, defaultType = x, xsdString
		if hasLanguage {
			defaultType = rdfLangString
		}
	default:
		return Term{}, malformedError("@value is a %T", value)
	}
	if datatype == "" {
		datatype = defaultType
	}

	if d, has := v["@direction"]; has {
		dir, ok := d.(string)
		if !ok {
			return Term{}, malformedError("@direction is a %T", d)
		}
		switch w.opts.RDFDirection {
		case i18nDatatype:
			return Term{Kind: Literal, Value: lexical, Datatype: i18nNS + strings.ToLower(language) + "_" + dir}, nil
		case compoundLiteral:
			return w.compoundLiteral(lexical, language, hasLanguage, dir), nil
		}
		if w.opts.Safe {
			return Term{}, &UnsupportedFeatureError{Feature: "@direction"}
		}
	}
	if hasLanguage {
		return Term{Kind: Literal, Value: lexical, Datatype: datatype, Language: language}, nil
	}
	return Term{Kind: Literal, Value: lexical, Datatype: datatype}, nil
}

// compoundLiteral writes a string with a text direction as a blank node
// with rdf:value, rdf:language and rdf:direction.
func (w *rdfWriter) compoundLiteral(value, language string, hasLanguage bool, dir string) Term {
	bn := Term{Kind: Blank, Value: w.issuer.fresh()[2:]}
	str := func(s string) Term { return Term{Kind: Literal, Value: s, Datatype: xsdString} }
	w.extra = append(w.extra, Quad{bn, Term{Kind: IRI, Value: rdfValue}, str(value), w.graph})
	if hasLanguage {
		w.extra = append(w.extra, Quad{bn, Term{Kind: IRI, Value: rdfLanguage}, str(strings.ToLower(language)), w.graph})
	}
	w.extra = append(w.extra, Quad{bn, Term{Kind: IRI, Value: rdfDirection}, str(dir), w.graph})
	return bn
}

// canonicalInteger is the xsd:integer canonical form of an integral f
// below 10^21, as JavaScript's toFixed(0) writes it.
func canonicalInteger(f float64) string {
	if math.Abs(f) < 1<<53 {
		return strconv.FormatInt(int64(f), 10) // -0 too is "0"
	}
	return strconv.FormatFloat(f, 'f', 0, 64)
}

// canonicalDouble is the xsd:double canonical form the spec asks for:
// JavaScript's toExponential(15) with the mantissa's trailing zeros
// dropped, e.g. "1.1E0", "1.0E0", "-5.3E-1", "1.23E20", "0.0E0".
func canonicalDouble(f float64) string {
	if f == 0 {
		return "0.0E0" // -0 too: toExponential writes no sign for it
	}
	var buf [40]byte
	b := buf[:0]
	if f < 0 {
		b = append(b, '-')
		f = -f
	}
	// toExponential rounds a tie away from zero; Go rounds it to even.
	// A tie needs f to be exactly a 17-digit decimal ending in 5.
	var m [24]byte
	s := strconv.AppendFloat(m[:0], f, 'e', 16, 64) // d.dddddddddddddddde±dd
	if s[17] == '5' && exactly(f, s) {
		s = roundUp16(s)
	} else {
		s = strconv.AppendFloat(m[:0], f, 'e', 15, 64)
	}
	mark := slices.Index(s, 'e')
	mantissa := s[:mark]
	for len(mantissa) > 3 && mantissa[len(mantissa)-1] == '0' {
		mantissa = mantissa[:len(mantissa)-1]
	}
	b = append(b, mantissa...)
	b = append(b, 'E')
	exp, _ := strconv.Atoi(string(s[mark+1:]))
	b = strconv.AppendInt(b, int64(exp), 10)
	return string(b)
}

// exactly reports whether the decimal s is f's exact value.
func exactly(f float64, s []byte) bool {
	d, ok := new(big.Rat).SetString(string(s))
	return ok && d.Cmp(new(big.Rat).SetFloat64(f)) == 0
}

// roundUp16 turns a 17-digit d.dddddddddddddddde±dd into the 16-digit one
// above it.
func roundUp16(s []byte) []byte {
	mark := slices.Index(s, 'e')
	exp, _ := strconv.Atoi(string(s[mark+1:]))
	digits := append([]byte{s[0]}, s[2:mark-1]...) // 16 digits, the 17th dropped
	i := len(digits) - 1
	for ; i >= 0 && digits[i] == '9'; i-- {
		digits[i] = '0'
	}
	if i < 0 {
		digits = append([]byte{'1'}, digits[:len(digits)-1]...)
		exp++
	} else {
		digits[i]++
	}
	out := append([]byte{digits[0], '.'}, digits[1:]...)
	out = append(out, 'e')
	return strconv.AppendInt(out, int64(exp), 10)
}

// exactNumber checks, for safe mode, that a number's canonical form tells
// it from every other: that its JSON text is the double it parses to (not
// 12345678901234567890, which is 12345678901234567168 as a double) and
// that an xsd:double's 16 significant digits give that double back (not
// 0.10000000000000002, written 1.0E-1 as 0.1 is). Otherwise two documents
// a viewer shows with different numbers canonicalize alike.
func exactNumber(v any, f float64, lexical, datatype string) error {
	if n, ok := v.(json.Number); ok && !sameDecimal(string(n), strconv.FormatFloat(f, 'e', -1, 64)) {
		return &InvalidValueError{Kind: "number", Value: string(n) + " (not exactly a double)"}
	}
	if datatype == xsdDouble {
		if back, err := strconv.ParseFloat(lexical, 64); err != nil || back != f {
			return &InvalidValueError{Kind: "number", Value: strconv.FormatFloat(f, 'g', -1, 64) + " (needs 17 digits)"}
		}
	}
	return nil
}

// exactNumbers checks every JSON number in an @json value as exactNumber
// does its text: RFC 8785 writes each double apart, but not each text.
func exactNumbers(v any) error {
	switch x := v.(type) {
	case json.Number:
		f, ok := number(x)
		if !ok || !sameDecimal(string(x), strconv.FormatFloat(f, 'e', -1, 64)) {
			return &InvalidValueError{Kind: "number", Value: string(x) + " (not exactly a double)"}
		}
	case []any:
		for _, e := range x {
			if err := exactNumbers(e); err != nil {
				return err
			}
		}
	case map[string]any:
		for _, e := range x {
			if err := exactNumbers(e); err != nil {
				return err
			}
		}
	}
	return nil
}

// sameDecimal reports whether two JSON number texts are the same decimal
// number, whatever their form (1, 1.0, 10e-1); a zero's sign is ignored,
// as the canonical forms ignore it. It does no arithmetic, so a hostile
// exponent costs nothing.
func sameDecimal(a, b string) bool {
	na, da, ea, okA := decimalParts(a)
	nb, db, eb, okB := decimalParts(b)
	return okA && okB && da == db && (da == "" || na == nb && ea == eb)
}

// decimalParts writes a JSON number as ±0.digits×10^exp, digits without
// leading or trailing zeros ("" for zero).
func decimalParts(s string) (neg bool, digits string, exp int, ok bool) {
	s, neg = strings.CutPrefix(s, "-")
	mantissa, exponent := s, ""
	if i := strings.IndexAny(s, "eE"); i >= 0 {
		mantissa, exponent = s[:i], s[i+1:]
	}
	whole, frac, _ := strings.Cut(mantissa, ".")
	if whole == "" || !allDigits(whole) || !allDigits(frac) {
		return false, "", 0, false
	}
	all := strings.TrimRight(whole+frac, "0")
	point := len(whole)
	trimmed := strings.TrimLeft(all, "0")
	point -= len(all) - len(trimmed)
	if trimmed == "" {
		return false, "", 0, true
	}
	if exponent != "" {
		e, err := strconv.Atoi(exponent)
		if err != nil || e > 1<<20 || e < -1<<20 {
			return false, "", 0, false
		}
		point += e
	}
	return neg, trimmed, point, true
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}
