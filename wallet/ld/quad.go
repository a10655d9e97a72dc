package ld

// Kind tells the kinds of RDF term apart.
type Kind uint8

// The kinds of RDF term. The zero Kind is no term: a Quad whose Graph has
// Kind None is in the default graph.
const (
	None Kind = iota
	IRI
	Blank
	Literal
)

// Term is one RDF term.
type Term struct {
	Kind Kind
	// Value is the IRI, the blank node's label without "_:", or the
	// literal's lexical form.
	Value string
	// Datatype is a literal's datatype IRI: rdf:langString when Language
	// is set, xsd:string for a simple literal.
	Datatype string
	Language string
}

// Quad is one RDF statement and the graph it is in.
type Quad struct {
	Subject, Predicate, Object, Graph Term
}

// Vocabulary IRIs the conversion to RDF and canonical N-Quads need.
const (
	rdfNS         = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
	xsdNS         = "http://www.w3.org/2001/XMLSchema#"
	rdfType       = rdfNS + "type"
	rdfFirst      = rdfNS + "first"
	rdfRest       = rdfNS + "rest"
	rdfNil        = rdfNS + "nil"
	rdfJSON       = rdfNS + "JSON"
	rdfLangString = rdfNS + "langString"
	xsdString     = xsdNS + "string"
	xsdBoolean    = xsdNS + "boolean"
	xsdInteger    = xsdNS + "integer"
	xsdDouble     = xsdNS + "double"
)
