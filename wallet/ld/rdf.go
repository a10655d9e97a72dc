package ld

import (
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"

	gold "github.com/piprate/json-gold/ld"
)

// InvalidValueError reports an IRI or language tag that json-gold's RDF
// conversion would silently drop with the statement holding it, so a
// signature would not cover that statement.
type InvalidValueError struct {
	Kind  string // "IRI" or "language tag"
	Value string
}

func (e *InvalidValueError) Error() string {
	return fmt.Sprintf("the %s %q is malformed, so what the document says with it would not be covered by the signature", e.Kind, e.Value)
}

// errJSONLiteral sends a document with an @json literal to json-gold's own
// conversion: its JSON canonicalizer is internal to it.
var errJSONLiteral = errors.New("@json literal")

// maxCachedIRIs bounds the IRI validity cache.
const maxCachedIRIs = 1 << 14

// iriCache remembers json-gold's IRI check (a large regular expression, 40%
// of the time of a verification when run afresh for every document) across
// documents: credentials repeat the same few dozen vocabulary IRIs.
type iriCache struct {
	valid sync.Map // IRI → bool
	n     atomic.Int64
}

// ok reports what json-gold's validIRI would: http(s) IRIs must pass its
// URL check; every other IRI passes.
func (c *iriCache) ok(iri string) bool {
	if !strings.HasPrefix(iri, "http://") && !strings.HasPrefix(iri, "https://") {
		return true
	}
	if v, seen := c.valid.Load(iri); seen {
		return v.(bool)
	}
	v := gold.IsURL(iri)
	if c.n.Load() < maxCachedIRIs {
		if _, loaded := c.valid.LoadOrStore(iri, v); !loaded {
			c.n.Add(1)
		}
	}
	return v
}

// toRDF is json-gold's JsonLdApi.ToRDF with two differences: IRI checks are
// remembered across documents, and a statement json-gold would drop for a
// malformed IRI, language tag or relative identifier is an error instead.
func (p *Processor) toRDF(expanded []any) (*gold.RDFDataset, error) {
	issuer := gold.NewIdentifierIssuer("_:b")
	nodeMap := map[string]any{"@default": map[string]any{}}
	if _, err := gold.NewJsonLdApi().GenerateNodeMap(expanded, nodeMap, "@default", issuer, "", "", nil); err != nil {
		return nil, err
	}
	ds := gold.NewRDFDataset()
	for graphName, graph := range nodeMap {
		if gold.IsRelativeIri(graphName) {
			return nil, &RelativeIRIError{IRI: graphName}
		}
		c := converter{iris: &p.iris, issuer: issuer, name: graphName}
		if err := c.nodes(graph.(map[string]any)); err != nil {
			return nil, err
		}
		ds.Graphs[graphName] = c.quads
	}
	return ds, nil
}

type converter struct {
	iris   *iriCache
	issuer *gold.IdentifierIssuer
	name   string
	quads  []*gold.Quad
}

func (c *converter) nodes(nodes map[string]any) error {
	for id, n := range nodes {
		if gold.IsRelativeIri(id) {
			return &RelativeIRIError{IRI: id}
		}
		subject, err := c.resource(id)
		if err != nil {
			return err
		}
		node := n.(map[string]any)
		for property, values := range node {
			var predicate gold.Node
			switch {
			case property == "@type":
				predicate = gold.NewIRI(gold.RDFType)
			case gold.IsKeyword(property):
				continue
			default:
				if strings.HasPrefix(property, "_:") || gold.IsRelativeIri(property) {
					return &UndefinedTermError{Term: property}
				}
				if predicate, err = c.resource(property); err != nil {
					return err
				}
			}
			for _, item := range values.([]any) {
				object, err := c.object(item)
				if err != nil {
					return err
				}
				c.quads = append(c.quads, gold.NewQuad(subject, predicate, object, c.name))
			}
		}
	}
	return nil
}

// resource is an IRI or blank node subject, predicate or object.
func (c *converter) resource(id string) (gold.Node, error) {
	if strings.HasPrefix(id, "_:") {
		return gold.NewBlankNode(id), nil
	}
	if !c.iris.ok(id) {
		return nil, &InvalidValueError{Kind: "IRI", Value: id}
	}
	return gold.NewIRI(id), nil
}

// object converts a value object, list object, node reference or (for
// @type) IRI string, as json-gold's objectToRDF does.
func (c *converter) object(item any) (gold.Node, error) {
	m, isMap := item.(map[string]any)
	if !isMap {
		return c.resource(item.(string))
	}
	if _, isValue := m["@value"]; isValue {
		return c.literal(m)
	}
	if l, isList := m["@list"]; isList {
		return c.list(l.([]any))
	}
	id := m["@id"].(string)
	if gold.IsRelativeIri(id) {
		return nil, &RelativeIRIError{IRI: id}
	}
	return c.resource(id)
}

func (c *converter) literal(m map[string]any) (gold.Node, error) {
	value := m["@value"]
	datatype, hasType := m["@type"].(string)
	if hasType {
		if datatype == "@json" {
			return nil, errJSONLiteral
		}
		if !c.iris.ok(datatype) {
			return nil, &InvalidValueError{Kind: "IRI", Value: datatype}
		}
	}
	orDefault := func(d string) string {
		if hasType {
			return datatype
		}
		return d
	}
	b, isBool := value.(bool)
	f, isFloat := value.(float64)
	if n, isNumber := value.(json.Number); isNumber {
		var err error
		f, err = n.Float64()
		isFloat = err == nil
	}
	switch {
	case isBool:
		return gold.NewLiteral(strconv.FormatBool(b), orDefault(gold.XSDBoolean), ""), nil
	case isFloat && (f != float64(int64(f)) || datatype == gold.XSDDouble):
		return gold.NewLiteral(gold.GetCanonicalDouble(f), orDefault(gold.XSDDouble), ""), nil
	case isFloat:
		return gold.NewLiteral(strconv.FormatInt(int64(f), 10), orDefault(gold.XSDInteger), ""), nil
	}
	s := value.(string)
	if lang, hasLang := m["@language"].(string); hasLang {
		if !languageTag(lang) {
			return nil, &InvalidValueError{Kind: "language tag", Value: lang}
		}
		return gold.NewLiteral(s, orDefault(gold.RDFLangString), lang), nil
	}
	return gold.NewLiteral(s, orDefault(gold.XSDString), ""), nil
}

// list converts a list to rdf:first/rdf:rest statements.
func (c *converter) list(items []any) (gold.Node, error) {
	if len(items) == 0 {
		return gold.NewIRI(gold.RDFNil), nil
	}
	first, rest, nilIRI := gold.NewIRI(gold.RDFFirst), gold.NewIRI(gold.RDFRest), gold.NewIRI(gold.RDFNil)
	head := gold.NewBlankNode(c.issuer.GetId(""))
	subject := gold.Node(head)
	for i, item := range items {
		object, err := c.object(item)
		if err != nil {
			return nil, err
		}
		var next gold.Node = nilIRI
		if i < len(items)-1 {
			next = gold.NewBlankNode(c.issuer.GetId(""))
		}
		c.quads = append(c.quads, gold.NewQuad(subject, first, object, c.name), gold.NewQuad(subject, rest, next, c.name))
		subject = next
	}
	return head, nil
}

// languageTag is json-gold's check ^[a-zA-Z]+(-[a-zA-Z0-9]+)*$ without
// the regular expression.
func languageTag(s string) bool {
	for i, part := range strings.Split(s, "-") {
		if part == "" {
			return false
		}
		for _, r := range part {
			alpha := 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z'
			if !alpha && (i == 0 || r < '0' || r > '9') {
				return false
			}
		}
	}
	return true
}

// normalize runs RDFC-1.0 (URDNA2015) on ds and writes the canonical
// N-Quads. json-gold's NormalisationAlgorithm.Main joins its lines with +=,
// quadratic in the size of the document (13% of verifying a CLR with 20
// credentials); the quads come out of Normalize sorted, and are written
// here as its toNQuad writes them.
func normalize(ds *gold.RDFDataset) []byte {
	na := gold.NewNormalisationAlgorithm(gold.AlgorithmURDNA2015)
	na.Normalize(ds)
	var b strings.Builder
	for _, q := range na.Quads() {
		writeTerm(&b, q.Subject)
		b.WriteByte(' ')
		writeTerm(&b, q.Predicate)
		b.WriteByte(' ')
		writeTerm(&b, q.Object)
		if q.Graph != nil {
			b.WriteByte(' ')
			writeTerm(&b, q.Graph)
		}
		b.WriteString(" .\n")
	}
	return []byte(b.String())
}

func writeTerm(b *strings.Builder, n gold.Node) {
	switch t := n.(type) {
	case gold.IRI:
		b.WriteByte('<')
		b.WriteString(escape(t.Value))
		b.WriteByte('>')
	case gold.BlankNode:
		b.WriteString(t.Attribute)
	case gold.Literal:
		b.WriteByte('"')
		b.WriteString(escape(t.Value))
		b.WriteByte('"')
		switch t.Datatype {
		case gold.RDFLangString:
			b.WriteByte('@')
			b.WriteString(t.Language)
		case gold.XSDString:
		default:
			b.WriteString("^^<")
			b.WriteString(escape(t.Datatype))
			b.WriteByte('>')
		}
	}
}

var nquadEscaper = strings.NewReplacer(`\`, `\\`, `"`, `\"`, "\n", `\n`, "\r", `\r`, "\t", `\t`)

func escape(s string) string {
	if !strings.ContainsAny(s, "\\\"\n\r\t") {
		return s
	}
	return nquadEscaper.Replace(s)
}
