package ld

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
)

// This file is Node Map Generation (JSON-LD 1.1 API §7.2) over an expanded
// document, the first half of the conversion to RDF. Unlike the spec it
// never changes its input: nodes are built afresh, and value objects are
// kept by reference.

// defaultGraph is the node map's name for the default graph.
const defaultGraph = "@default"

// nodeMap holds every node of an expanded document, graph by graph.
type nodeMap struct {
	graphs map[string]map[string]*node // graph name → node identifier → node
	issuer blankIssuer
	safe   bool // a node object with a null @id is an error, not skipped
	// values counts the values added, lists' entries twice: about the
	// number of statements they make.
	values int
	slab   []node // where nodes are allocated, a few at a time
}

// node is one node object of the node map, merged from every place the
// document describes it. Its identifier is its key in the graph.
type node struct {
	types []string
	props []prop // in the order first met
	// byName indexes props once a node has more than maxLinearProps.
	byName map[string]int
	index  string
	// hasIndex tells an @index of "" from none.
	hasIndex bool
}

// prop is one property of a node and its values.
type prop struct {
	name   string // an IRI or a blank node identifier
	values []item
}

type itemKind uint8

const (
	valueItem itemKind = iota // a value object
	refItem                   // a node reference {"@id": id}
	listItem                  // a list object
)

// item is one value of a node's property, or one entry of a list.
type item struct {
	kind  itemKind
	id    string         // refItem
	value map[string]any // valueItem: the value object as expanded
	list  *[]item        // listItem
}

// blankIssuer is the spec's Generate Blank Node Identifier: fresh
// identifiers _:b0, _:b1, … in the order they are asked for, the same one
// again for a blank node identifier of the document seen before.
type blankIssuer struct {
	n      int
	issued map[string]string // document's identifier → issued one
}

// fresh returns a new blank node identifier.
func (is *blankIssuer) fresh() string {
	id := blankID(is.n)
	is.n++
	return id
}

// relabel returns the identifier issued for the document's blank node
// identifier old, issuing one the first time.
func (is *blankIssuer) relabel(old string) string {
	if id, ok := is.issued[old]; ok {
		return id
	}
	id := is.fresh()
	if is.issued == nil {
		is.issued = map[string]string{}
	}
	is.issued[old] = id
	return id
}

// reserve issues n consecutive identifiers at once and returns the number
// of the first: blankLabel(first+i) is the i-th, without "_:".
func (is *blankIssuer) reserve(n int) (first int) {
	first = is.n
	is.n += n
	return first
}

// smallIDs spares the allocation of the identifiers nearly every
// document uses.
var smallIDs = func() (l [64]string) {
	for i := range l {
		l[i] = "_:b" + strconv.Itoa(i)
	}
	return l
}()

// blankID is the n-th issued blank node identifier.
func blankID(n int) string {
	if n < len(smallIDs) {
		return smallIDs[n]
	}
	return "_:b" + strconv.Itoa(n)
}

// blankLabel is the n-th issued identifier without "_:", an RDF blank
// node's label.
func blankLabel(n int) string { return blankID(n)[2:] }

func isBlank(id string) bool { return strings.HasPrefix(id, "_:") }

// malformedError reports an expanded document that expansion could not
// have produced.
func malformedError(format string, args ...any) error {
	return fmt.Errorf("malformed expanded JSON-LD: "+format, args...)
}

// generateNodeMap runs Node Map Generation on an expanded document. A
// node object whose @id is null (expansion's result for a keyword-like
// "@id": "@foo") is skipped with everything in it, as jsonld.js does and
// the toRdf tests expect; with safe, it is an error instead.
func generateNodeMap(expanded []any, safe bool) (*nodeMap, error) {
	m := &nodeMap{graphs: map[string]map[string]*node{defaultGraph: {}}, safe: safe}
	for _, e := range expanded {
		if err := m.add(e, defaultGraph, "", false, "", nil); err != nil {
			return nil, err
		}
	}
	return m, nil
}

// newNode allocates a node. Nodes come from a slab: a credential has a
// dozen or so, and one allocation for several is cheaper.
func (m *nodeMap) newNode() *node {
	if len(m.slab) == cap(m.slab) {
		m.slab = make([]node, 0, 8)
	}
	m.slab = m.slab[:len(m.slab)+1]
	return &m.slab[len(m.slab)-1]
}

func (m *nodeMap) graph(name string) map[string]*node {
	g, ok := m.graphs[name]
	if !ok {
		g = map[string]*node{}
		m.graphs[name] = g
	}
	return g
}

// add is the algorithm's one recursive step. subject and property are the
// active subject and property, "" for none ("" is no property, and as an
// @id a relative IRI that toRDF drops or refuses anyway); reverse says the
// active subject is a reference to the node that the element points to
// through the reverse of property. list, when not nil, is the list being
// filled.
func (m *nodeMap) add(element any, graphName, subject string, reverse bool, property string, list *[]item) error {
	if arr, ok := element.([]any); ok {
		for _, e := range arr {
			if err := m.add(e, graphName, subject, reverse, property, list); err != nil {
				return err
			}
		}
		return nil
	}
	e, ok := element.(map[string]any)
	if !ok {
		return malformedError("%T where an object was expected", element)
	}
	g := m.graph(graphName)
	var subjectNode *node
	if subject != "" && !reverse {
		subjectNode = g[subject]
	}

	// Blank node types are relabelled before anything else in the element.
	types, err := m.relabelTypes(e["@type"])
	if err != nil {
		return err
	}

	if _, isValue := e["@value"]; isValue {
		it := item{kind: valueItem, value: e}
		switch {
		case list != nil:
			*list = append(*list, it)
			m.values += 2
		case subjectNode != nil:
			m.values += subjectNode.addUnique(property, it)
		}
		// A value with no subject (at the top level, or in @reverse) is
		// something expansion removes or refuses.
		return nil
	}

	if l, isList := e["@list"]; isList {
		result := new([]item)
		if err := m.add(l, graphName, subject, reverse, property, result); err != nil {
			return err
		}
		it := item{kind: listItem, list: result}
		switch {
		case list != nil:
			*list = append(*list, it)
			m.values += 2
		case subjectNode != nil:
			subjectNode.prop(property, nil).add(it)
			m.values++
		}
		return nil
	}

	if id, has := e["@id"]; has && id == nil {
		if m.safe {
			return &InvalidValueError{Kind: "@id", Value: "null"}
		}
		return nil
	}
	return m.addNode(e, g, types, graphName, subject, subjectNode, reverse, property, list)
}

// addNode is the algorithm's step for a node object.
func (m *nodeMap) addNode(e map[string]any, g map[string]*node, types []any, graphName, subject string, subjectNode *node, reverse bool, property string, list *[]item) error {
	var id string
	switch v := e["@id"].(type) {
	case nil:
		id = m.issuer.fresh()
	case string:
		id = v
		if isBlank(id) {
			id = m.issuer.relabel(id)
		}
	default:
		return malformedError("@id is a %T", v)
	}
	n := g[id]
	if n == nil {
		n = m.newNode()
		g[id] = n
	}

	switch {
	case reverse:
		m.values += n.addUnique(property, item{kind: refItem, id: subject})
	case property != "":
		ref := item{kind: refItem, id: id}
		switch {
		case list != nil:
			*list = append(*list, ref)
			m.values += 2
		case subjectNode != nil:
			m.values += subjectNode.addUnique(property, ref)
		}
	}

	if t, ok := e["@type"].(string); ok {
		types = []any{t} // not expanded form, but plain enough
	}
	for _, v := range types {
		t := v.(string) // checked by relabelTypes
		if isBlank(t) {
			t = m.issuer.relabel(t)
		}
		if len(n.types) > maxDedupScan || !slices.Contains(n.types, t) {
			n.types = append(n.types, t)
			m.values++
		}
	}

	if v, has := e["@index"]; has {
		index, ok := v.(string)
		if !ok {
			return malformedError("@index is a %T", v)
		}
		if n.hasIndex && n.index != index {
			return fmt.Errorf("conflicting indexes: node %s has @index %q and %q", id, n.index, index)
		}
		n.index, n.hasIndex = index, true
	}

	if v, has := e["@reverse"]; has {
		r, ok := v.(map[string]any)
		if !ok {
			return malformedError("@reverse is a %T", v)
		}
		for _, p := range sortedKeys(r) {
			if err := m.add(r[p], graphName, id, true, p, nil); err != nil {
				return err
			}
		}
	}

	if v, has := e["@graph"]; has {
		if err := m.add(v, id, "", false, "", nil); err != nil {
			return err
		}
	}

	if v, has := e["@included"]; has {
		if err := m.add(v, graphName, "", false, "", nil); err != nil {
			return err
		}
	}

	var buf [16]string
	props := buf[:0]
	total := 0 // the values of all properties
	for p, v := range e {
		if !strings.HasPrefix(p, "@") {
			props = append(props, p)
			if arr, ok := v.([]any); ok {
				total += len(arr)
			}
		}
	}
	if len(props) == 0 {
		return nil
	}
	slices.Sort(props)
	if n.props == nil {
		n.props = make([]prop, 0, len(props))
	}
	// One array holds the values of every property the element adds to
	// the node, each with room for as many as the element has.
	room := make([]item, total)
	for _, p := range props {
		v := e[p]
		k := 0
		if arr, ok := v.([]any); ok {
			k = len(arr)
		}
		if isBlank(p) {
			p = m.issuer.relabel(p)
		}
		n.prop(p, room[:0:k])
		room = room[k:]
		if err := m.add(v, graphName, id, false, p, nil); err != nil {
			return err
		}
	}
	return nil
}

// maxDedupScan bounds the spec's search for an equal value among a
// property's values, so that a hostile document with thousands of values
// for one property costs linear time. Past it, values are added without
// the search: toRDF drops duplicate statements in any case, so only a
// duplicate @direction value with rdfDirection "compound-literal" (a
// test-suite option) would come out differently.
const maxDedupScan = 16

// maxLinearProps is how many properties a node looks through one by one
// before it indexes them by name.
const maxLinearProps = 16

// prop returns the node's property name, adding it with room for its
// values if the node has none.
func (n *node) prop(name string, room []item) *prop {
	if n.byName != nil {
		if i, ok := n.byName[name]; ok {
			return &n.props[i]
		}
	} else {
		for i := range n.props {
			if n.props[i].name == name {
				return &n.props[i]
			}
		}
	}
	n.props = append(n.props, prop{name: name, values: room})
	switch {
	case n.byName != nil:
		n.byName[name] = len(n.props) - 1
	case len(n.props) > maxLinearProps:
		n.byName = make(map[string]int, 2*len(n.props))
		for i := range n.props {
			n.byName[n.props[i].name] = i
		}
	}
	return &n.props[len(n.props)-1]
}

// sortProps puts the properties in code point order, for the conversion
// to RDF, and drops the index it invalidates.
func (n *node) sortProps() {
	slices.SortFunc(n.props, func(a, b prop) int { return strings.Compare(a.name, b.name) })
	n.byName = nil
}

// add appends a value without looking for an equal one, as the spec does
// for lists.
func (p *prop) add(it item) { p.values = append(p.values, it) }

// addUnique appends a value unless the property has an equal one, and
// returns how many it added.
func (n *node) addUnique(property string, it item) int {
	p := n.prop(property, nil)
	if len(p.values) <= maxDedupScan {
		for i := range p.values {
			if p.values[i].equal(it) {
				return 0
			}
		}
	}
	p.add(it)
	return 1
}

// equal is the spec's comparison of two values: node references by
// identifier, value objects entry by entry. List objects are never equal.
func (it item) equal(o item) bool {
	if it.kind != o.kind {
		return false
	}
	switch it.kind {
	case refItem:
		return it.id == o.id
	case valueItem:
		return jsonEqual(it.value, o.value)
	}
	return false
}

// relabelTypes issues identifiers for the blank nodes among an element's
// @type values: a string in a value object, an array of strings in a node
// object. It returns the array, or nil.
func (m *nodeMap) relabelTypes(v any) ([]any, error) {
	switch x := v.(type) {
	case nil:
		return nil, nil
	case string:
		if isBlank(x) {
			m.issuer.relabel(x)
		}
		return nil, nil
	case []any:
		for _, e := range x {
			s, ok := e.(string)
			if !ok {
				return nil, malformedError("@type holds a %T", e)
			}
			if isBlank(s) {
				m.issuer.relabel(s)
			}
		}
		return x, nil
	}
	return nil, malformedError("@type is a %T", v)
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}
