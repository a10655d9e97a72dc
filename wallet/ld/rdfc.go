package ld

import (
	"bytes"
	"cmp"
	"crypto"
	_ "crypto/sha256" // crypto.SHA256, the default hash of RDFC-1.0
	_ "crypto/sha512" // crypto.SHA384
	"encoding/hex"
	"errors"
	"fmt"
	"hash"
	"hash/maphash"
	"math"
	"math/bits"
	"slices"
	"strconv"
	"sync"
)

// This file is RDF Dataset Canonicalization, RDFC-1.0
// (https://www.w3.org/TR/rdf-canon/), the W3C Recommendation of 21 May
// 2024. Comments cite its sections as §4.4 and so on; "the spec" is it.

// canonOptions are the choices RDFC-1.0 leaves to its user.
type canonOptions struct {
	// Hash is crypto.SHA256 (the spec's default, used when Hash is 0) or
	// crypto.SHA384.
	Hash crypto.Hash
	// MaxWork bounds the work of Hash N-Degree Quads, in the units
	// TooCostlyError counts; 0 means defaultMaxWork.
	MaxWork int
}

// defaultMaxWork is the work Hash N-Degree Quads may do on one dataset
// before canonicalization stops with a TooCostlyError. Credentials need
// little: blank nodes with a unique first degree hash, most of them, need
// none, and the largest credentials of testdata need at most 238 units
// (TestCanonicalizeWorkHeadroom). The hardest test of the rdf-canon suite
// that must succeed, test044, needs 9,984; the 10-node clique it must
// refuse, test074, would need billions, and is refused after 20. A unit is
// about one hash of a short string (see workUnit), well under a
// microsecond, so a dataset stopped at this limit has cost milliseconds
// (BenchmarkCanonicalizePoison).
const defaultMaxWork = 20_000

// TooCostlyError reports a dataset whose blank nodes are so alike that
// telling them apart, as RDFC-1.0 must, would take more work than any real
// document needs: a dataset made to make a verifier spend its time (the
// spec's "dataset poisoning", §6.1).
type TooCostlyError struct {
	Work  int // work done when canonicalization stopped (see workUnit), at most Limit
	Limit int // canonOptions.MaxWork, or defaultMaxWork
}

func (e *TooCostlyError) Error() string {
	return "the document is arranged so that canonicalizing it would take too long; it looks built to be too costly to check, so it was not checked"
}

// canonicalize runs RDFC-1.0 on the dataset made of quads. It returns the
// quads relabelled with canonical blank node identifiers (c14n0, c14n1, …),
// duplicates removed and sorted in the code point order of their canonical
// N-Quads lines, and the issued identifiers map: each input blank node
// label to its canonical label. The input is not changed.
func canonicalize(quads []Quad, o canonOptions) ([]Quad, map[string]string, error) {
	c, err := newCanonState(quads, o)
	if err != nil {
		return nil, nil, err
	}
	defer c.release()
	if err := c.issueIdentifiers(); err != nil {
		return nil, nil, err
	}
	names, ids := c.names()
	lines := c.sortedLines(names)
	out := make([]Quad, len(lines))
	for i, l := range lines {
		cq := &c.quads[l.quad]
		q := normalQuad(c.in[cq.src])
		for j, t := range [4]*Term{&q.Subject, &q.Predicate, &q.Object, &q.Graph} {
			if cq.node[j] >= 0 {
				t.Value = names[cq.node[j]]
			}
		}
		out[i] = q
	}
	return out, ids, nil
}

// canonicalNQuads appends to b the canonical form of the dataset made of
// quads: the N-Quads document canonicalize and appendNQuads would make,
// without the relabelled quads between them.
func canonicalNQuads(b []byte, quads []Quad, o canonOptions) ([]byte, error) {
	c, err := newCanonState(quads, o)
	if err != nil {
		return b, err
	}
	defer c.release()
	if err := c.issueIdentifiers(); err != nil {
		return b, err
	}
	names, _ := c.names()
	lines := c.sortedLines(names)
	b = slices.Grow(b, len(c.buf))
	for _, l := range lines {
		b = append(b, c.buf[l.start:l.end]...)
	}
	return b, nil
}

// cquad is one quad of the dataset being canonicalized, its components
// serialized once. For component i (subject, predicate, object, graph),
// node[i] is the index of the blank node it is, or -1; otherwise
// text[i] is where its canonical N-Quads form lies in canonState.text,
// and is empty for the default graph.
type cquad struct {
	src  int32 // index in the input
	node [4]int32
	text [4][2]int32
}

// canonState is the canonicalization state of §4.2, with blank nodes
// numbered in the order they first appear in the input.
type canonState struct {
	in     []Quad
	quads  []cquad
	text   []byte
	labels []string         // blank node index → input label
	index  map[string]int32 // input label → blank node index

	// The mention set of blank node n is the quads at indexes
	// mentions[mentionsAt[n]:mentionsAt[n+1]].
	mentions   []int32
	mentionsAt []int32

	size   int     // of a hash, in bytes
	first  []byte  // first degree hash of blank node n at n*size
	canon  []int32 // blank node index → n of its canonical label c14n<n>, or -1
	issued []int32 // blank nodes in the order the canonical issuer issued them

	h    hash.Hash
	buf  []byte
	work int
	max  int
}

// canonStates keeps canonStates for reuse: their buffers are as large as
// the documents canonicalized, and allocating and clearing them anew is a
// good part of the time canonicalization takes.
var canonStates sync.Pool

// maxPooledText is the size of text above which a canonState is dropped,
// not kept in canonStates, so that one large document does not hold its
// memory for good.
const maxPooledText = 1 << 20

// newCanonState returns a canonicalization state for the dataset made of
// quads, with its blank nodes and mention sets found (§4.4.3 steps 1 and
// 2). Call release when done with it.
func newCanonState(quads []Quad, o canonOptions) (*canonState, error) {
	c, _ := canonStates.Get().(*canonState)
	if c == nil {
		c = &canonState{index: map[string]int32{}}
	}
	c.in, c.work, c.max = quads, 0, o.MaxWork
	if c.max <= 0 {
		c.max = defaultMaxWork
	}
	switch o.Hash {
	case 0, crypto.SHA256:
		if c.h == nil || c.h.Size() != crypto.SHA256.Size() {
			c.h = crypto.SHA256.New()
		}
	case crypto.SHA384:
		if c.h == nil || c.h.Size() != crypto.SHA384.Size() {
			c.h = crypto.SHA384.New()
		}
	default:
		c.release()
		return nil, fmt.Errorf("RDFC-1.0 is run with SHA-256 or SHA-384, not %v", o.Hash)
	}
	c.size = c.h.Size()

	size := 0
	for i := range quads {
		q := &quads[i]
		for _, t := range [...]*Term{&q.Subject, &q.Predicate, &q.Object, &q.Graph} {
			size += len(t.Value) + len(t.Language) + 8
		}
	}
	c.text = slices.Grow(c.text[:0], size)
	c.quads = slices.Grow(c.quads[:0], len(quads))[:len(quads)]
	c.labels = c.labels[:0]
	for i := range quads {
		q := &quads[i]
		if err := checkQuad(q); err != nil {
			c.release()
			return nil, fmt.Errorf("quad %d: %w", i, err)
		}
		cq := &c.quads[i]
		cq.src = int32(i)
		for j, t := range [4]*Term{&q.Subject, &q.Predicate, &q.Object, &q.Graph} {
			cq.node[j], cq.text[j] = -1, [2]int32{}
			switch t.Kind {
			case Blank:
				n, ok := c.index[t.Value]
				if !ok {
					n = int32(len(c.labels))
					c.index[t.Value] = n
					c.labels = append(c.labels, t.Value)
				}
				cq.node[j] = n
			case None:
				cq.text[j] = [2]int32{int32(len(c.text)), int32(len(c.text))}
			default:
				start := len(c.text)
				c.text = appendNQuadTerm(c.text, *t)
				cq.text[j] = [2]int32{int32(start), int32(len(c.text))}
			}
		}
		if len(c.text) > math.MaxInt32 {
			c.release()
			return nil, errors.New("the dataset is too large to canonicalize: its terms take more than 2 GiB")
		}
	}
	c.dedupe()

	// The mention sets. A set has each quad once, even one whose
	// subject and object are the same blank node.
	nodes := len(c.labels)
	c.mentionsAt = slices.Grow(c.mentionsAt[:0], nodes+1)[:nodes+1]
	clear(c.mentionsAt)
	mentioned := func(cq *cquad, j int) bool {
		n := cq.node[j]
		return n >= 0 && !slices.Contains(cq.node[:j], n)
	}
	for i := range c.quads {
		for j := range 4 {
			if mentioned(&c.quads[i], j) {
				c.mentionsAt[c.quads[i].node[j]+1]++
			}
		}
	}
	for n := range nodes {
		c.mentionsAt[n+1] += c.mentionsAt[n]
	}
	total := int(c.mentionsAt[nodes])
	c.mentions = slices.Grow(c.mentions[:0], total)[:total]
	c.canon = slices.Grow(c.canon[:0], nodes)[:nodes]
	copy(c.canon, c.mentionsAt) // where each mention set is filled from
	for i := range c.quads {
		for j := range 4 {
			if mentioned(&c.quads[i], j) {
				n := c.quads[i].node[j]
				c.mentions[c.canon[n]] = int32(i)
				c.canon[n]++
			}
		}
	}

	c.first = slices.Grow(c.first[:0], nodes*c.size)
	c.issued = c.issued[:0]
	for i := range c.canon {
		c.canon[i] = -1
	}
	return c, nil
}

// release puts c back in canonStates, without the references it has to
// the dataset.
func (c *canonState) release() {
	if cap(c.text) > maxPooledText {
		return
	}
	c.in = nil
	clear(c.labels)
	clear(c.index)
	canonStates.Put(c)
}

// dedupe removes the quads given more than once, keeping the first. A
// dataset is a set: a quad given twice is one quad, or it would count
// twice in the first degree hashes (test077 of the suite). Quads are
// compared only with those of the same 64-bit hash.
func (c *canonState) dedupe() {
	if len(c.quads) < 2 {
		return
	}
	type keyed struct {
		hash uint64
		quad int32
	}
	keys := make([]keyed, len(c.quads))
	for i := range c.quads {
		q := &c.quads[i]
		var h uint64
		for j := range 4 {
			t := maphash.Bytes(dedupeSeed, c.text[q.text[j][0]:q.text[j][1]])
			h = (h^t)*0x9E3779B97F4A7C15 + uint64(q.node[j]+1)
		}
		keys[i] = keyed{h, int32(i)}
	}
	slices.SortFunc(keys, func(a, b keyed) int {
		if d := cmp.Compare(a.hash, b.hash); d != 0 {
			return d
		}
		return cmp.Compare(a.quad, b.quad)
	})
	var dup []bool
	for i := 1; i < len(keys); i++ {
		for k := i - 1; k >= 0 && keys[k].hash == keys[i].hash; k-- {
			if c.compareQuads(&c.quads[keys[k].quad], &c.quads[keys[i].quad]) == 0 {
				if dup == nil {
					dup = make([]bool, len(c.quads))
				}
				dup[keys[i].quad] = true
				break
			}
		}
	}
	if dup != nil {
		i := 0
		c.quads = slices.DeleteFunc(c.quads, func(cquad) bool { i++; return dup[i-1] })
	}
}

// dedupeSeed seeds the hashes that find duplicate quads.
var dedupeSeed = maphash.MakeSeed()

// compareQuads orders quads by their terms, in no particular meaning.
func (c *canonState) compareQuads(a, b *cquad) int {
	for j := range 4 {
		if d := cmp.Compare(a.node[j], b.node[j]); d != 0 {
			return d
		}
		ta, tb := a.text[j], b.text[j]
		if d := bytes.Compare(c.text[ta[0]:ta[1]], c.text[tb[0]:tb[1]]); d != 0 {
			return d
		}
	}
	return 0
}

// mentionSet returns the indexes of the quads that mention blank node n.
func (c *canonState) mentionSet(n int32) []int32 {
	return c.mentions[c.mentionsAt[n]:c.mentionsAt[n+1]]
}

// firstHash returns blank node n's first degree hash.
func (c *canonState) firstHash(n int32) []byte {
	return c.first[int(n)*c.size : int(n+1)*c.size]
}

// checkQuad reports an error if q is not an RDF quad.
func checkQuad(q *Quad) error {
	if k := q.Subject.Kind; k != IRI && k != Blank {
		return fmt.Errorf("the subject cannot be %s", kindName(k))
	}
	if k := q.Predicate.Kind; k != IRI {
		return fmt.Errorf("the predicate cannot be %s", kindName(k))
	}
	if k := q.Object.Kind; k != IRI && k != Blank && k != Literal {
		return fmt.Errorf("the object cannot be %s", kindName(k))
	}
	if k := q.Graph.Kind; k != None && k != IRI && k != Blank {
		return fmt.Errorf("the graph name cannot be %s", kindName(k))
	}
	for _, t := range [...]*Term{&q.Subject, &q.Object, &q.Graph} {
		if t.Kind == Blank && t.Value == "" {
			return errors.New("a blank node has no label")
		}
	}
	return nil
}

// normalQuad returns q, checked by checkQuad, with each term in one form:
// only a literal has a datatype, always set, and only a language-tagged
// one a language.
func normalQuad(q Quad) Quad {
	for _, t := range [...]*Term{&q.Subject, &q.Predicate, &q.Object, &q.Graph} {
		switch {
		case t.Kind != Literal:
			*t = Term{Kind: t.Kind, Value: t.Value}
		case t.Language != "":
			t.Datatype = rdfLangString
		default:
			if t.Datatype == "" {
				t.Datatype = xsdString
			}
		}
	}
	return q
}

func kindName(k Kind) string {
	switch k {
	case None:
		return "missing"
	case IRI:
		return "an IRI"
	case Blank:
		return "a blank node"
	case Literal:
		return "a literal"
	}
	return "a term of kind " + strconv.Itoa(int(k))
}

// issueIdentifiers is §4.4.3 steps 3 to 5: it issues every blank node its
// canonical identifier.
func (c *canonState) issueIdentifiers() error {
	// Step 3: the first degree hashes, and the blank nodes grouped by
	// them: runs of equal hashes in nodes, sorted by hash. Raw hashes
	// sort as their hex forms do.
	nodes := make([]int32, len(c.labels))
	for n := range c.labels {
		c.first = c.hashFirstDegree(c.first, int32(n))
		nodes[n] = int32(n)
	}
	slices.SortStableFunc(nodes, func(a, b int32) int { return bytes.Compare(c.firstHash(a), c.firstHash(b)) })
	var groups [][]int32
	for i := 0; i < len(nodes); {
		j := i + 1
		for j < len(nodes) && bytes.Equal(c.firstHash(nodes[i]), c.firstHash(nodes[j])) {
			j++
		}
		groups = append(groups, nodes[i:j])
		i = j
	}

	// Step 4: a blank node alone with its hash is told apart by it.
	for _, g := range groups {
		if len(g) == 1 {
			c.issueCanonical(g[0])
		}
	}

	// Step 5: blank nodes that share a hash are told apart by the paths
	// from them to other blank nodes. Stable sorts keep the input's
	// order among equals, as the spec's ordered maps do.
	for _, g := range groups {
		if len(g) == 1 {
			continue
		}
		var results []ndegreeResult
		for _, n := range g {
			if c.canon[n] >= 0 {
				continue
			}
			r, err := c.hashNDegree(n, issuer{n})
			if err != nil {
				return err
			}
			results = append(results, r)
		}
		slices.SortStableFunc(results, func(a, b ndegreeResult) int { return bytes.Compare(a.hash, b.hash) })
		for _, r := range results {
			for _, n := range r.issuer {
				c.issueCanonical(n)
			}
		}
	}
	return nil
}

// issueCanonical is the Issue Identifier algorithm (§4.5) for the
// canonical issuer.
func (c *canonState) issueCanonical(n int32) {
	if c.canon[n] < 0 {
		c.canon[n] = int32(len(c.issued))
		c.issued = append(c.issued, n)
	}
}

// hashFirstDegree is Hash First Degree Quads (§4.6). It appends to b the
// hash of the sorted lines of n's mention set, n written _:a and every
// other blank node _:z.
func (c *canonState) hashFirstDegree(b []byte, n int32) []byte {
	mentions := c.mentionSet(n)
	lines := make([][2]int, len(mentions))
	c.buf = c.buf[:0]
	for i, qi := range mentions {
		start := len(c.buf)
		c.buf = c.appendLine(c.buf, &c.quads[qi], func(b []byte, m int32) []byte {
			if m == n {
				return append(b, "_:a"...)
			}
			return append(b, "_:z"...)
		})
		lines[i] = [2]int{start, len(c.buf)}
	}
	slices.SortFunc(lines, func(x, y [2]int) int {
		return bytes.Compare(c.buf[x[0]:x[1]], c.buf[y[0]:y[1]])
	})
	c.h.Reset()
	for _, l := range lines {
		c.h.Write(c.buf[l[0]:l[1]])
	}
	return c.h.Sum(b)
}

// appendLine appends q's canonical N-Quads line, blank nodes written by
// label.
func (c *canonState) appendLine(b []byte, q *cquad, label func([]byte, int32) []byte) []byte {
	for j := range 4 {
		t := q.text[j]
		if j == 3 && q.node[3] < 0 && t[0] == t[1] {
			break // the default graph
		}
		if j > 0 {
			b = append(b, ' ')
		}
		if q.node[j] >= 0 {
			b = label(b, q.node[j])
		} else {
			b = append(b, c.text[t[0]:t[1]]...)
		}
	}
	return append(b, " .\n"...)
}

// issuer is an identifier issuer with the prefix b (§4.3): issuer[i] was
// issued _:b<i>. The temporary issuers of Hash N-Degree Quads hold the
// few blank nodes on one path, so a slice searched in order beats a map.
type issuer []int32

// lookup returns the number in n's identifier, or -1 if none was issued.
func (s issuer) lookup(n int32) int {
	return slices.Index(s, n)
}

// issue is the Issue Identifier algorithm (§4.5).
func (s *issuer) issue(n int32) int {
	if i := s.lookup(n); i >= 0 {
		return i
	}
	*s = append(*s, n)
	return len(*s) - 1
}

// clone returns a copy that can be issued more identifiers without
// changing s.
func (s issuer) clone() issuer {
	return append(make(issuer, 0, len(s)+4), s...)
}

// ndegreeResult is what Hash N-Degree Quads returns.
type ndegreeResult struct {
	hash   []byte
	issuer issuer
}

// workUnit is the number of bytes hashed, or identifiers searched, that
// count as one unit of work. Hash N-Degree Quads charges one unit for each
// call, each related hash, each permutation tried and each blank node in
// it, and for each workUnit bytes of predicate IRI, path or data hashed,
// 16 identifiers copied and workUnit identifiers searched: a unit is
// about the time one hash of a short string takes.
const workUnit = 256

// charge adds units to the work done, or fails if that would pass the
// limit.
func (c *canonState) charge(units int) error {
	if units > c.max-c.work {
		return &TooCostlyError{Work: c.work, Limit: c.max}
	}
	c.work += units
	return nil
}

// hashRelated is Hash Related Blank Node (§4.7). It appends to b the hash
// of how related is placed in the quad at qi, position s, o or g, as seen
// along the path that iss is issuing identifiers for.
func (c *canonState) hashRelated(b []byte, related int32, qi int32, iss issuer, position byte) []byte {
	in := append(c.buf[:0], position)
	if position != 'g' {
		in = append(in, '<')
		in = append(in, c.in[c.quads[qi].src].Predicate.Value...)
		in = append(in, '>')
	}
	switch i := iss.lookup(related); {
	case c.canon[related] >= 0:
		in = append(in, "_:c14n"...)
		in = strconv.AppendInt(in, int64(c.canon[related]), 10)
	case i >= 0:
		in = append(in, "_:b"...)
		in = strconv.AppendInt(in, int64(i), 10)
	default:
		in = hex.AppendEncode(in, c.firstHash(related))
	}
	c.buf = in
	c.h.Reset()
	c.h.Write(in)
	return c.h.Sum(b)
}

// hashNDegree is Hash N-Degree Quads (§4.8). It charges its work (see
// workUnit) as it goes, and refuses a list of related blank nodes whose
// permutations alone would pass the limit before trying any.
func (c *canonState) hashNDegree(n int32, iss issuer) (ndegreeResult, error) {
	mentions := c.mentionSet(n)
	// Each related hash looks its node up in iss.
	if err := c.charge(1 + len(mentions) + len(mentions)*len(iss)/workUnit); err != nil {
		return ndegreeResult{}, err
	}

	// Steps 1 to 3: the related blank nodes, with their related hashes.
	// A blank node is related once for each place it has in a quad of
	// the mention set, other than n's own places: a quad _:x <p> _:x in
	// the mention set of n relates x twice, as s and as o, while a quad
	// _:n <p> _:n relates nothing.
	type relation struct {
		hash int // at hashes[hash:hash+c.size]
		node int32
	}
	var hashes []byte
	var related []relation
	for _, qi := range mentions {
		q := &c.quads[qi]
		for j, position := range [4]byte{0: 's', 2: 'o', 3: 'g'} {
			if m := q.node[j]; m >= 0 && m != n {
				if err := c.charge(len(c.in[q.src].Predicate.Value) / workUnit); err != nil {
					return ndegreeResult{}, err
				}
				related = append(related, relation{len(hashes), m})
				hashes = c.hashRelated(hashes, m, qi, iss, position)
			}
		}
	}
	hashOf := func(r relation) []byte { return hashes[r.hash : r.hash+c.size] }
	slices.SortFunc(related, func(a, b relation) int { return bytes.Compare(hashOf(a), hashOf(b)) })

	// Steps 4 and 5, for each run of equal related hashes.
	var data, path, chosenPath []byte
	for i := 0; i < len(related); {
		h := hashOf(related[i])
		var list []int32
		for ; i < len(related) && bytes.Equal(hashOf(related[i]), h); i++ {
			list = append(list, related[i].node)
		}
		data = hex.AppendEncode(data, h)
		if err := c.chargePermutations(list); err != nil {
			return ndegreeResult{}, err
		}
		// Each distinct order of list, from the one sorted by label:
		// two equal orders give the same path and issuer, so trying
		// each once is trying every permutation the spec asks for.
		slices.SortFunc(list, func(a, b int32) int { return cmp.Compare(c.labels[a], c.labels[b]) })
		chosenPath = chosenPath[:0]
		var chosenIssuer issuer
		for more := true; more; more = c.nextPermutation(list) {
			if err := c.charge(1 + len(list) + len(iss)/16); err != nil {
				return ndegreeResult{}, err
			}
			var cp issuer
			var err error
			path, cp, err = c.tryPermutation(path[:0], list, iss, chosenIssuer != nil, chosenPath)
			if err == nil {
				err = c.charge(len(path) / workUnit)
			}
			if err != nil {
				return ndegreeResult{}, err
			}
			if cp != nil && (chosenIssuer == nil || bytes.Compare(path, chosenPath) < 0) {
				path, chosenPath = chosenPath, path
				chosenIssuer = cp
			}
		}
		data = append(data, chosenPath...)
		iss = chosenIssuer
	}
	if err := c.charge(len(data) / workUnit); err != nil {
		return ndegreeResult{}, err
	}
	c.h.Reset()
	c.h.Write(data)
	return ndegreeResult{hash: c.h.Sum(nil), issuer: iss}, nil
}

// tryPermutation is §4.8.3 step 5.4 for one permutation p of the related
// blank nodes. It appends the path to path and returns it with the issuer
// copy, or returns a nil issuer as soon as the path cannot be chosen over
// chosen, if there is one.
func (c *canonState) tryPermutation(path []byte, p []int32, iss issuer, isChosen bool, chosen []byte) ([]byte, issuer, error) {
	// worse reports whether path, and so any path that begins with it,
	// cannot be chosen (§4.8.3 steps 5.4.4.3 and 5.4.5.5).
	worse := func() bool {
		return isChosen && len(path) >= len(chosen) && bytes.Compare(path, chosen) > 0
	}
	cp := iss.clone()
	var recurse []int32
	for _, r := range p {
		if k := c.canon[r]; k >= 0 {
			path = append(path, "_:c14n"...)
			path = strconv.AppendInt(path, int64(k), 10)
		} else {
			if cp.lookup(r) < 0 {
				recurse = append(recurse, r)
			}
			path = append(path, "_:b"...)
			path = strconv.AppendInt(path, int64(cp.issue(r)), 10)
		}
		if worse() {
			return path, nil, nil
		}
	}
	for _, r := range recurse {
		res, err := c.hashNDegree(r, cp)
		if err != nil {
			return path, nil, err
		}
		path = append(path, "_:b"...)
		path = strconv.AppendInt(path, int64(cp.issue(r)), 10)
		path = append(path, '<')
		path = hex.AppendEncode(path, res.hash)
		path = append(path, '>')
		cp = res.issuer
		if worse() {
			return path, nil, nil
		}
	}
	return path, cp, nil
}

// chargePermutations fails if trying every distinct permutation of list
// would pass the limit, before any is tried: n related blank nodes that
// share a hash have up to n! of them.
func (c *canonState) chargePermutations(list []int32) error {
	if len(list) < 2 {
		return nil
	}
	tooCostly := &TooCostlyError{Work: c.work, Limit: c.max}
	limit := uint64(c.max - c.work)
	// The number of distinct permutations of a list with repeats is the
	// multinomial n! / (k1! k2! …): the product, over the distinct
	// nodes, of the binomial C(m, k) for a node there k times, m the
	// places not yet taken.
	counts := map[int32]int{}
	for _, n := range list {
		counts[n]++
	}
	perms, m := uint64(1), len(list)
	for _, k := range counts {
		b := uint64(1)
		// C(m, k) = C(m, m-k), and C(m, i) grows with i up to m/2.
		for i := range min(k, m-k) {
			hi, lo := bits.Mul64(b, uint64(m-i))
			if hi >= uint64(i+1) {
				return tooCostly // the quotient overflows
			}
			if b, _ = bits.Div64(hi, lo, uint64(i+1)); b > limit {
				return tooCostly
			}
		}
		m -= k
		if perms > limit/b {
			return tooCostly
		}
		perms *= b
	}
	if perms > limit/uint64(1+len(list)) {
		return tooCostly
	}
	return nil
}

// nextPermutation rearranges p into the next permutation in the order of
// the blank nodes' labels and reports whether there was one.
func (c *canonState) nextPermutation(p []int32) bool {
	less := func(i, j int) bool { return c.labels[p[i]] < c.labels[p[j]] }
	i := len(p) - 2
	for i >= 0 && !less(i, i+1) {
		i--
	}
	if i < 0 {
		return false
	}
	j := len(p) - 1
	for !less(i, j) {
		j--
	}
	p[i], p[j] = p[j], p[i]
	slices.Reverse(p[i+1:])
	return true
}

// names returns the canonical label of each blank node, by index, and the
// issued identifiers map (§4.4.3 step 6).
func (c *canonState) names() ([]string, map[string]string) {
	names := make([]string, len(c.labels))
	ids := make(map[string]string, len(c.labels))
	for n, l := range c.labels {
		names[n] = "c14n" + strconv.Itoa(int(c.canon[n]))
		ids[l] = names[n]
	}
	return names, ids
}

// line is a quad's canonical N-Quads line, at canonState.buf[start:end].
type line struct{ start, end, quad int32 }

// sortedLines writes the canonical N-Quads line of each quad, blank nodes
// labelled by names, and returns them in code point order (§4.9).
func (c *canonState) sortedLines(names []string) []line {
	lines := make([]line, len(c.quads))
	c.buf = slices.Grow(c.buf[:0], len(c.text)+len(c.quads)*32)
	for i := range c.quads {
		start := len(c.buf)
		c.buf = c.appendLine(c.buf, &c.quads[i], func(b []byte, n int32) []byte {
			return append(append(b, "_:"...), names[n]...)
		})
		lines[i] = line{int32(start), int32(len(c.buf)), int32(i)}
	}
	slices.SortFunc(lines, func(x, y line) int {
		return bytes.Compare(c.buf[x.start:x.end], c.buf[y.start:y.end])
	})
	return lines
}
