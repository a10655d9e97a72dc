package cborld

import (
	"bytes"
	"encoding/json"
	"errors"
	"math"
	"slices"
	"strconv"
	"strings"
)

// Decode reads CBOR-LD (1.0, or the legacy range tags 0x0600 and 0x0601)
// of registry entry 0 or 1 into a JSON-LD document, as jsonv would decode
// its JSON. Errors about the input wrap ErrFormat; a context that load
// does not have is its *ld.ContextError.
func Decode(b []byte, load Loader) (map[string]any, error) {
	if len(b) > MaxInput {
		return nil, formatError("%d bytes is more than the %d this wallet reads", len(b), MaxInput)
	}
	entry, payload, err := header(b)
	if err != nil {
		return nil, err
	}
	var v any
	if err := decMode.Unmarshal(payload, &v); err != nil {
		return nil, formatError("%v", err)
	}
	switch entry {
	case Uncompressed:
		doc, err := toJSON(v, 0)
		if err != nil {
			return nil, err
		}
		m, ok := doc.(map[string]any)
		if !ok {
			return nil, formatError("it holds no JSON object")
		}
		return m, nil
	case Compressed:
		m, ok := v.(map[any]any)
		if !ok {
			return nil, formatError("its compressed document is not a map")
		}
		d := &decompressor{cl: newContextLoader(load)}
		out, err := d.object(newActive(map[string]*termDef{}, nil), m, 0)
		if err != nil {
			var ue *UncompressibleError
			if errors.As(err, &ue) {
				return nil, formatError("its contexts cannot be applied: %s", ue.Reason)
			}
			return nil, err
		}
		return out, nil
	}
	return nil, &EntryError{Entry: entry}
}

// header reads the CBOR-LD tag and registry entry, and gives the payload.
func header(b []byte) (entry uint64, payload []byte, err error) {
	switch {
	case len(b) >= 4 && bytes.Equal(b[:4], []byte{0xd9, 0xcb, 0x1d, 0x82}):
		rest, err := decMode.UnmarshalFirst(b[4:], &entry)
		if err != nil {
			return 0, nil, formatError("its registry entry cannot be read: %v", err)
		}
		return entry, rest, nil
	case len(b) >= 3 && b[0] == 0xd9 && b[1] == 0x06 && b[2] < 0x80:
		// A legacy range tag, 0x0600 + the entry.
		return uint64(b[2]), b[3:], nil
	case len(b) >= 3 && b[0] == 0xd9 && (b[1] == 0x05 || b[1] == 0x06):
		return 0, nil, formatError("it is CBOR-LD in a legacy form this wallet does not read (tag 0x%02x%02x)", b[1], b[2])
	}
	return 0, nil, formatError("it does not start with the CBOR-LD tag 0xcb1d")
}

type decompressor struct {
	cl *contextLoader
}

type decEntry struct {
	term   string
	plural bool
	def    *termDef
	value  any
}

// object decompresses one node object (their Converter._convert with the
// Decompressor strategy).
func (d *decompressor) object(a *active, in map[any]any, depth int) (map[string]any, error) {
	if depth > maxDepth {
		return nil, formatError("it is nested deeper than %d", maxDepth)
	}
	out := map[string]any{}
	c0, has0 := in[uint64(0)]
	c1, has1 := in[uint64(1)]
	switch {
	case has0 && has1:
		return nil, formatError("it has both the singular and the plural @context")
	case has0:
		c, err := d.context(c0, depth)
		if err != nil {
			return nil, err
		}
		out["@context"] = c
	case has1:
		list, ok := c1.([]any)
		if !ok {
			return nil, formatError("its plural @context is not an array")
		}
		cs := make([]any, len(list))
		for i, c := range list {
			var err error
			if cs[i], err = d.context(c, depth); err != nil {
				return nil, err
			}
		}
		out["@context"] = cs
	}
	ctx, hasCtx := out["@context"]
	a, err := d.cl.embedded(a, ctx, hasCtx)
	if err != nil {
		return nil, err
	}
	var types []string
	for _, t := range a.typeTerms {
		id, ok := d.cl.termID(t, false).(uint64)
		if !ok {
			continue
		}
		v, ok := in[id]
		if !ok || v == nil {
			v, ok = in[id+1]
		}
		if !ok || v == nil {
			continue
		}
		list, isList := v.([]any)
		if !isList {
			list = []any{v}
		}
		for _, x := range list {
			s, err := d.url(x)
			if err != nil {
				return nil, err
			}
			types = append(types, s)
		}
	}
	if a, err = d.cl.typeScoped(a, types); err != nil {
		return nil, err
	}
	entries := make([]decEntry, 0, len(in))
	for k, v := range in {
		var term string
		var plural bool
		switch k := k.(type) {
		case string:
			term = k
		case uint64:
			if k == 0 || k == 1 {
				continue
			}
			plural = k&1 == 1
			t, ok := d.cl.idToTerm[k&^1]
			if !ok {
				return nil, formatError("it uses the term ID %d, which none of its contexts defines", k)
			}
			term = t
		default:
			return nil, formatError("it has a map key that is neither a term ID nor a term")
		}
		entries = append(entries, decEntry{term: term, plural: plural, def: a.def(term), value: v})
	}
	slices.SortFunc(entries, func(x, y decEntry) int { return jsCompare(x.term, y.term) })
	for i, e := range entries {
		if i > 0 && entries[i-1].term == e.term {
			return nil, formatError("it has the term %q twice", e.term)
		}
		va, err := d.cl.propertyScoped(a, e.term)
		if err != nil {
			return nil, err
		}
		if !e.plural {
			if out[e.term], err = d.value(va, e, e.value, depth+1); err != nil {
				return nil, err
			}
			continue
		}
		list, ok := e.value.([]any)
		if !ok {
			return nil, formatError("the term %q has an array's ID but no array", e.term)
		}
		vs := make([]any, len(list))
		for i, x := range list {
			if vs[i], err = d.value(va, e, x, depth+1); err != nil {
				return nil, err
			}
		}
		out[e.term] = vs
	}
	return out, nil
}

// context reads one encoded @context value: a URL or a context object
// (registry entry 1 has no table of contexts).
func (d *decompressor) context(v any, depth int) (any, error) {
	switch v := v.(type) {
	case string:
		return v, nil
	case map[any]any:
		return toJSON(v, depth+1)
	case uint64:
		return nil, formatError("it names context %d of a table that registry entry 1 does not have", v)
	}
	return nil, formatError("it has a @context that is neither a URL nor an object")
}

func (d *decompressor) value(a *active, e decEntry, v any, depth int) (any, error) {
	if depth > maxDepth {
		return nil, formatError("it is nested deeper than %d", maxDepth)
	}
	if v == nil {
		return nil, nil
	}
	if m, ok := v.(map[any]any); ok {
		return d.object(a, m, depth)
	}
	tt := tableType(e.term, e.def)
	switch tt {
	case "url":
		if _, isList := v.([]any); isList || !isString(v) {
			return d.url(v)
		}
	case typeMultibase:
		if b, ok := v.([]byte); ok {
			return decodeMultibase(b)
		}
	case typeDateTime:
		if n, ok := integer(v); ok {
			s, err := decodeDateTime(n, 0)
			return strings.Replace(s, ".000Z", "Z", 1), err
		}
		if list, ok := v.([]any); ok && len(list) == 2 {
			sec, ok1 := integer(list[0])
			ms, ok2 := integer(list[1])
			if !ok1 || !ok2 {
				return nil, formatError("a malformed compressed date and time")
			}
			return decodeDateTime(sec, ms)
		}
	case typeDate:
		if n, ok := integer(v); ok {
			s, err := decodeDateTime(n, 0)
			if err != nil {
				return nil, err
			}
			return s[:strings.IndexByte(s, 'T')], nil
		}
	}
	if list, ok := v.([]any); ok {
		vs := make([]any, len(list))
		for i, x := range list {
			var err error
			if vs[i], err = d.value(a, e, x, depth+1); err != nil {
				return nil, err
			}
		}
		return vs, nil
	}
	return toJSON(v, depth)
}

// url reads a value where a URL belongs: a term's ID, a compressed URL, or
// the URL as it is.
func (d *decompressor) url(v any) (string, error) {
	switch v := v.(type) {
	case string:
		return v, nil
	case uint64:
		if t, ok := d.cl.idToTerm[v&^1]; ok {
			return t, nil
		}
		return "", formatError("it uses the term ID %d, which none of its contexts defines", v)
	case []any:
		return decodeURL(v)
	}
	return "", formatError("it has a %s where a URL belongs", cborKind(v))
}

func isString(v any) bool { _, ok := v.(string); return ok }

func integer(v any) (int64, bool) {
	switch v := v.(type) {
	case uint64:
		if v <= math.MaxInt64 {
			return int64(v), true
		}
	case int64:
		return v, true
	}
	return 0, false
}

// toJSON turns decoded CBOR into the JSON values jsonv gives: objects with
// text keys, numbers as json.Number; byte strings and other CBOR-only
// values have no JSON form and are refused.
func toJSON(v any, depth int) (any, error) {
	if depth > maxDepth {
		return nil, formatError("it is nested deeper than %d", maxDepth)
	}
	switch v := v.(type) {
	case nil, bool, string:
		return v, nil
	case uint64:
		return json.Number(strconv.FormatUint(v, 10)), nil
	case int64:
		return json.Number(strconv.FormatInt(v, 10)), nil
	case float64:
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return nil, formatError("it holds a number JSON cannot")
		}
		return json.Number(strconv.FormatFloat(v, 'g', -1, 64)), nil
	case []any:
		out := make([]any, len(v))
		for i, x := range v {
			var err error
			if out[i], err = toJSON(x, depth+1); err != nil {
				return nil, err
			}
		}
		return out, nil
	case map[any]any:
		out := make(map[string]any, len(v))
		for k, x := range v {
			ks, ok := k.(string)
			if !ok {
				return nil, formatError("it has an object key that is not text")
			}
			var err error
			if out[ks], err = toJSON(x, depth+1); err != nil {
				return nil, err
			}
		}
		return out, nil
	}
	return nil, formatError("it holds a %s, which JSON has not", cborKind(v))
}

func cborKind(v any) string {
	switch v.(type) {
	case []byte:
		return "byte string"
	case uint64, int64:
		return "number"
	case float64:
		return "fractional number"
	case bool:
		return "boolean"
	case []any:
		return "array"
	case map[any]any:
		return "map"
	}
	return "CBOR value"
}
