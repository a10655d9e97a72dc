package cborld

import (
	"encoding/json"
	"fmt"
	"math"
	"strconv"
)

// Encode writes doc, a JSON-LD document as jsonv decodes it (objects,
// arrays, strings, json.Number, booleans, nil), as CBOR-LD 1.0 of registry
// entry 0 or 1. Entry 1 fails with an *UncompressibleError where their
// compressor would fail too, and with a *ld.ContextError (from load) for a
// context it does not have.
func Encode(doc map[string]any, entry int, load Loader) ([]byte, error) {
	var v any
	var err error
	switch entry {
	case Uncompressed:
		v, err = plain(doc, 0)
	case Compressed:
		c := &compressor{cl: newContextLoader(load)}
		v, err = c.object(newActive(map[string]*termDef{}, nil), doc, 0)
	default:
		return nil, &EntryError{Entry: uint64(entry)}
	}
	if err != nil {
		return nil, err
	}
	payload, err := encMode.Marshal(v)
	if err != nil {
		return nil, err
	}
	// The tag 0xcb1d around [entry, payload].
	return append([]byte{0xd9, 0xcb, 0x1d, 0x82, byte(entry)}, payload...), nil
}

type compressor struct {
	cl *contextLoader
}

type entry struct {
	term   string
	key    any // uint64 or string
	plural bool
	def    *termDef
	value  any
}

// object compresses one node object (their Converter._convert with the
// Compressor strategy).
func (c *compressor) object(a *active, obj map[string]any, depth int) (*omap, error) {
	if depth > maxDepth {
		return nil, uncompressible("it is nested deeper than %d", maxDepth)
	}
	out := &omap{}
	ctx, hasCtx := obj["@context"]
	a, err := c.cl.embedded(a, ctx, hasCtx)
	if err != nil {
		return nil, err
	}
	if truthy(ctx) {
		if list, ok := ctx.([]any); ok {
			enc := make([]any, len(list))
			for i, v := range list {
				if enc[i], err = plain(v, depth); err != nil {
					return nil, err
				}
			}
			out.set(uint64(1), enc)
		} else {
			v, err := plain(ctx, depth)
			if err != nil {
				return nil, err
			}
			out.set(uint64(0), v)
		}
	}
	var types []string
	for _, t := range a.typeTerms {
		switch v := obj[t].(type) {
		case string:
			types = append(types, v)
		case []any:
			for _, e := range v {
				if s, ok := e.(string); ok {
					types = append(types, s)
				}
			}
		}
	}
	// Their decoder reads the types before it applies type-scoped
	// contexts: a type only they define cannot be read back.
	known := map[string]bool{}
	for _, t := range types {
		_, known[t] = c.cl.termToID[t]
	}
	if a, err = c.cl.typeScoped(a, types); err != nil {
		return nil, err
	}
	for _, t := range types {
		if _, ok := c.cl.termToID[t]; ok && !known[t] {
			return nil, uncompressible("its type %q is a term only in a type-scoped context, which their decoder cannot read", t)
		}
	}
	var entries []entry
	for _, k := range sortedKeys(obj) {
		if k == "@context" {
			continue
		}
		_, plural := obj[k].([]any)
		entries = append(entries, entry{term: k, key: c.cl.termID(k, plural), plural: plural, def: a.def(k), value: obj[k]})
	}
	for _, e := range entries {
		va, err := c.cl.propertyScoped(a, e.term)
		if err != nil {
			return nil, err
		}
		if !e.plural {
			v, err := c.value(va, e, e.value, depth+1)
			if err != nil {
				return nil, err
			}
			out.set(e.key, v)
			continue
		}
		list := e.value.([]any)
		vs := make([]any, len(list))
		for i, v := range list {
			if vs[i], err = c.value(va, e, v, depth+1); err != nil {
				return nil, err
			}
		}
		out.set(e.key, vs)
	}
	return out, nil
}

func (c *compressor) value(a *active, e entry, v any, depth int) (any, error) {
	if depth > maxDepth {
		return nil, uncompressible("it is nested deeper than %d", maxDepth)
	}
	switch v := v.(type) {
	case nil:
		return nil, nil
	case map[string]any:
		return c.object(a, v, depth)
	case []any:
		if tableType(e.term, e.def) == "url" {
			// Their decoder would read the inner list as a compressed URL.
			return nil, uncompressible("a list in a list under %q", e.term)
		}
		vs := make([]any, len(v))
		for i, x := range v {
			var err error
			if vs[i], err = c.value(a, e, x, depth+1); err != nil {
				return nil, err
			}
		}
		return vs, nil
	}
	return c.scalar(e, v)
}

// scalar encodes a string, number or boolean with the codec of its term's
// type (their ValueEncoder with empty tables).
func (c *compressor) scalar(e entry, v any) (any, error) {
	tt := tableType(e.term, e.def)
	s, isString := v.(string)
	switch tt {
	case "url":
		if !isString {
			return nil, uncompressible("%q has a value that is not a string where a URL belongs", e.term)
		}
		return c.url(s), nil
	case typeMultibase:
		if isString {
			if b, ok := multibaseBytes(s); ok {
				return b, nil
			}
		}
	case typeDateTime, typeDate:
		if !isString {
			return nil, uncompressible("%q has a value that is not a string where a date belongs", e.term)
		}
		if tt == typeDateTime {
			if enc, ok := encodeDateTime(s); ok {
				return enc, nil
			}
		} else if enc, ok := encodeDate(s); ok {
			return enc, nil
		}
	}
	return plain(v, 0)
}

// url compresses a URL: a term's ID, or [scheme, rest] by its scheme.
func (c *compressor) url(s string) any {
	if id, ok := c.cl.termToID[s]; ok {
		return id
	}
	if enc, ok := encodeURL(s); ok {
		return enc
	}
	return s
}

// plain converts a JSON value for CBOR: numbers as JavaScript holds them
// (an integer when the value is one), objects as CBOR maps.
func plain(v any, depth int) (any, error) {
	if depth > maxDepth {
		return nil, uncompressible("it is nested deeper than %d", maxDepth)
	}
	switch v := v.(type) {
	case nil, bool, string:
		return v, nil
	case json.Number:
		return number(v)
	case map[string]any:
		m := &omap{} // written in cborg's order, whatever the order here
		for k, x := range v {
			x, err := plain(x, depth+1)
			if err != nil {
				return nil, err
			}
			m.set(k, x)
		}
		return m, nil
	case []any:
		out := make([]any, len(v))
		for i, x := range v {
			var err error
			if out[i], err = plain(x, depth+1); err != nil {
				return nil, err
			}
		}
		return out, nil
	}
	return nil, fmt.Errorf("cborld: %T is not a JSON value", v)
}

// maxSafe is JavaScript's Number.MAX_SAFE_INTEGER.
const maxSafe = 1<<53 - 1

// number is a JSON number as JavaScript reads it and cborg writes it: an
// integer when it is one, else a float (written in the fewest bytes that
// keep it).
func number(n json.Number) (any, error) {
	f, err := strconv.ParseFloat(string(n), 64)
	if err != nil || math.IsInf(f, 0) {
		return nil, uncompressible("the number %s is out of range", n)
	}
	if f == math.Trunc(f) && math.Abs(f) <= maxSafe {
		if f == 0 {
			return int64(0), nil
		}
		return int64(f), nil
	}
	return f, nil
}
