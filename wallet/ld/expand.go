package ld

import (
	"encoding/json"
	"fmt"
	"sort"
	"strings"
)

// expander runs the Expansion Algorithm (JSON-LD 1.1 API §13) over one
// document. In safe mode anything expansion would silently drop is an
// error instead, so that a signature over the canonical form covers
// everything the document says.
type expander struct {
	run *contextRun
}

// expandDocument expands doc and returns the expanded form as an array.
func (x *expander) expandDocument(active *activeContext, doc any, baseURL string) ([]any, error) {
	out, err := x.expand(active, nil, "", doc, baseURL, false)
	if err != nil {
		return nil, err
	}
	if m, ok := out.(map[string]any); ok && len(m) == 1 {
		if g, has := m["@graph"]; has {
			out = g
		}
	}
	switch v := out.(type) {
	case nil:
		return []any{}, nil
	case []any:
		return v, nil
	}
	return []any{out}, nil
}

// expand is the Expansion Algorithm. prop is the active property ("" when
// there is none); def is its term definition in active, if any.
func (x *expander) expand(active *activeContext, def *termDef, prop string, element any, baseURL string, fromMap bool) (any, error) {
	switch v := element.(type) {
	case nil:
		return nil, nil
	case []any:
		result := make([]any, 0, len(v))
		for _, item := range v {
			e, err := x.expand(active, def, prop, item, baseURL, fromMap)
			if err != nil {
				return nil, err
			}
			if list, isList := e.([]any); isList && def != nil && def.container.has(cList) {
				e = map[string]any{"@list": list}
			}
			switch ev := e.(type) {
			case nil:
			case []any:
				result = append(result, ev...)
			default:
				result = append(result, ev)
			}
		}
		return result, nil
	case map[string]any:
		return x.object(active, def, prop, v, baseURL, fromMap)
	}
	// A scalar.
	if prop == "" || prop == "@graph" {
		// A free-floating value says nothing in RDF.
		if x.run.safe {
			return nil, &InvalidValueError{Kind: "value outside any property", Value: fmt.Sprint(element)}
		}
		return nil, nil
	}
	if def != nil && def.hasScoped {
		var err error
		if active, err = x.run.process(active, def.scoped, def.scopeBase, nil, true, true, true, def); err != nil {
			return nil, err
		}
		def = active.terms[prop]
	}
	return x.value(active, def, element)
}

func (x *expander) object(active *activeContext, def *termDef, prop string, element map[string]any, baseURL string, fromMap bool) (any, error) {
	keys := make([]string, 0, len(element))
	for k := range element {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	// Step 7: a type-scoped context does not reach into node objects.
	if active.previous != nil && !fromMap {
		revert := true
		onlyID := len(keys) == 1
		for _, k := range keys {
			if e := keywordOf(active, k); e == "@value" || (onlyID && e == "@id") {
				revert = false
				break
			}
		}
		if revert {
			active = active.previous
		}
	}
	var err error
	if def != nil && def.hasScoped {
		if active, err = x.run.process(active, def.scoped, def.scopeBase, nil, true, true, true, def); err != nil {
			return nil, err
		}
	}
	if c, has := element["@context"]; has {
		if active, err = x.run.process(active, c, baseURL, nil, false, true, true, nil); err != nil {
			return nil, err
		}
	}
	typeScoped := active
	var inputType string
	for _, k := range keys {
		if keywordOf(active, k) != "@type" {
			continue
		}
		types := asList(element[k])
		strs := make([]string, 0, len(types))
		for _, t := range types {
			if s, ok := t.(string); ok {
				strs = append(strs, s)
			}
		}
		sort.Strings(strs)
		for _, s := range strs {
			if td, ok := typeScoped.terms[s]; ok && td.hasScoped {
				if active, err = x.run.process(active, td.scoped, td.scopeBase, nil, false, false, true, td); err != nil {
					return nil, err
				}
			}
		}
		if len(types) == 0 {
			continue
		}
		if last, isStr := types[len(types)-1].(string); isStr {
			if inputType, _, err = x.run.expandIRI(typeScoped, last, true, true, nil); err != nil {
				return nil, err
			}
		}
	}

	result := make(map[string]any, len(element))
	for _, key := range keys {
		if key == "@context" {
			continue
		}
		value := element[key]
		ep, ok, err := x.run.expandIRI(active, key, false, true, nil)
		if err != nil {
			return nil, err
		}
		if !ok || !(strings.Contains(ep, ":") || isKeyword(ep)) {
			if x.run.safe {
				return nil, &UndefinedTermError{Term: key}
			}
			continue
		}
		if isKeyword(ep) {
			if err := x.keyword(active, typeScoped, prop, ep, value, inputType, baseURL, result); err != nil {
				return nil, err
			}
			continue
		}
		kdef := active.terms[key]
		var ev any
		if kdef != nil && kdef.hasTyp && kdef.typ == "@json" {
			ev = map[string]any{"@value": value, "@type": "@json"}
		} else {
			if ev, err = x.expand(active, kdef, key, value, baseURL, false); err != nil {
				return nil, err
			}
		}
		if ev == nil {
			continue
		}
		if kdef != nil && kdef.container.has(cList) && !isListObject(ev) {
			ev = map[string]any{"@list": asList(ev)}
		}
		if kdef != nil && kdef.container.has(cGraph) {
			items := asList(ev)
			wrapped := make([]any, len(items))
			for i, it := range items {
				wrapped[i] = map[string]any{"@graph": asList(it)}
			}
			ev = wrapped
		}
		addValue(result, ep, ev)
	}
	return x.finish(prop, result)
}

// keyword expands one entry whose key is a keyword (step 13.4).
func (x *expander) keyword(active, typeScoped *activeContext, prop, kw string, value any, inputType, baseURL string, result map[string]any) error {
	if _, dup := result[kw]; dup && kw != "@type" && kw != "@included" {
		return jsonldErr("colliding keywords", kw)
	}
	switch kw {
	case "@id":
		s, ok := value.(string)
		if !ok {
			return jsonldErr("invalid @id value", "@id must be a string")
		}
		id, ok, err := x.run.expandIRI(active, s, true, false, nil)
		if err != nil {
			return err
		}
		if !ok {
			if x.run.safe {
				return &RelativeIRIError{IRI: s}
			}
			result["@id"] = nil
			return nil
		}
		if x.run.safe && !strings.HasPrefix(id, "_:") && !hasScheme(id) {
			return &RelativeIRIError{IRI: id}
		}
		result["@id"] = id
	case "@type":
		var types []any
		switch v := value.(type) {
		case string:
			types = []any{v}
		case []any:
			types = v
		default:
			return jsonldErr("invalid type value", "@type must be a string or an array of strings")
		}
		out := make([]any, 0, len(types))
		if prev, has := result["@type"]; has {
			out = append(out, asList(prev)...)
		}
		for _, t := range types {
			s, ok := t.(string)
			if !ok {
				return jsonldErr("invalid type value", "@type must be a string or an array of strings")
			}
			e, ok, err := x.run.expandIRI(typeScoped, s, true, true, nil)
			if err != nil {
				return err
			}
			if x.run.safe && (!ok || !(strings.HasPrefix(e, "_:") || hasScheme(e) || e == "@json")) {
				return &UndefinedTermError{Term: s}
			}
			if x.run.safe && strings.HasPrefix(e, "_:") {
				// Canonicalization relabels blank nodes: the signature
				// would not tell "_:Diploma" from "_:Certificate".
				return &InvalidValueError{Kind: "type, a blank node identifier which the signature does not cover,", Value: s}
			}
			if ok {
				out = append(out, e)
			}
		}
		if _, isStr := value.(string); isStr && len(out) == 1 {
			if _, had := result["@type"]; !had {
				result["@type"] = out[0]
				return nil
			}
		}
		result["@type"] = out
	case "@graph":
		ev, err := x.expand(active, nil, "@graph", value, baseURL, false)
		if err != nil {
			return err
		}
		result["@graph"] = asList(ev)
	case "@value":
		if inputType == "@json" {
			result["@value"] = value
			return nil
		}
		switch value.(type) {
		case nil:
			result["@value"] = nil
		case string, bool, float64, json.Number:
			result["@value"] = value
		default:
			return jsonldErr("invalid value object value", "@value must be a string, number, boolean or null")
		}
	case "@language":
		s, ok := value.(string)
		if !ok {
			return jsonldErr("invalid language-tagged string", "@language must be a string")
		}
		result["@language"] = strings.ToLower(s)
	case "@direction":
		if value != "ltr" && value != "rtl" {
			return jsonldErr("invalid base direction", "@direction must be ltr or rtl")
		}
		result["@direction"] = value
	case "@index":
		if _, ok := value.(string); !ok {
			return jsonldErr("invalid @index value", "@index must be a string")
		}
		if x.run.safe {
			// An index is not part of the RDF: a signature would not cover it.
			return &UnsupportedFeatureError{Feature: "@index"}
		}
		result["@index"] = value
	case "@list":
		if prop == "" || prop == "@graph" {
			// A free-floating list says nothing in RDF.
			if x.run.safe {
				return &InvalidValueError{Kind: "list outside any property", Value: "@list"}
			}
			return nil
		}
		ev, err := x.expand(active, active.terms[prop], prop, value, baseURL, false)
		if err != nil {
			return err
		}
		result["@list"] = asList(ev)
	case "@set":
		ev, err := x.expand(active, active.terms[prop], prop, value, baseURL, false)
		if err != nil {
			return err
		}
		result["@set"] = ev
	case "@reverse", "@nest", "@included":
		return &UnsupportedFeatureError{Feature: kw}
	case "@context":
	default:
		// Framing keywords and the like mean nothing outside framing.
		if x.run.safe {
			return &UndefinedTermError{Term: kw}
		}
	}
	return nil
}

// finish checks and simplifies an expanded object (steps 15-20).
func (x *expander) finish(prop string, result map[string]any) (any, error) {
	if v, isValue := result["@value"]; isValue {
		t, hasType := result["@type"]
		for k := range result {
			switch k {
			case "@value", "@type", "@index":
			case "@language", "@direction":
				if hasType {
					return nil, jsonldErr("invalid value object", "a typed value cannot have a language or direction")
				}
			default:
				return nil, jsonldErr("invalid value object", "a value object cannot have "+k)
			}
		}
		if hasType && t == "@json" {
			return result, nil
		}
		if v == nil {
			if x.run.safe && len(result) > 1 {
				// The type or language goes with the null.
				return nil, &InvalidValueError{Kind: "value object", Value: "null @value"}
			}
			return nil, nil
		}
		if _, has := result["@language"]; has {
			if _, isStr := v.(string); !isStr {
				return nil, jsonldErr("invalid language-tagged value", "only strings have a language")
			}
		}
		if hasType {
			s, ok := t.(string)
			if !ok || !hasScheme(s) || strings.HasPrefix(s, "_:") || strings.ContainsAny(s, " <>\"{}|\\^`") {
				return nil, jsonldErr("invalid typed value", "a value's @type must be an IRI")
			}
		}
	} else if t, has := result["@type"]; has {
		if _, isList := t.([]any); !isList {
			result["@type"] = []any{t}
		}
	} else if _, isSet := result["@set"]; isSet || has2(result, "@list") {
		if len(result) > 2 || (len(result) == 2 && !has2(result, "@index")) {
			return nil, jsonldErr("invalid set or list object", "a set or list object has other entries")
		}
		if isSet {
			return result["@set"], nil
		}
	}
	if len(result) == 1 && has2(result, "@language") {
		if x.run.safe {
			return nil, &InvalidValueError{Kind: "object with only @language", Value: fmt.Sprint(result["@language"])}
		}
		return nil, nil
	}
	if prop == "" || prop == "@graph" {
		// Free-floating values, lists and bare identifiers say nothing in
		// RDF: in safe mode they are refused, not dropped, since a viewer
		// would show what a signature does not cover.
		var dropped *InvalidValueError
		switch {
		case len(result) == 0:
			dropped = &InvalidValueError{Kind: "object outside any property", Value: "{}"}
		case has2(result, "@value"):
			dropped = &InvalidValueError{Kind: "value outside any property", Value: fmt.Sprint(result["@value"])}
		case has2(result, "@list"):
			dropped = &InvalidValueError{Kind: "list outside any property", Value: "@list"}
		case len(result) == 1 && has2(result, "@id"):
			dropped = &InvalidValueError{Kind: "node with only an @id, outside any property,", Value: fmt.Sprint(result["@id"])}
		}
		if dropped != nil {
			if x.run.safe {
				return nil, dropped
			}
			return nil, nil
		}
	}
	return result, nil
}

// value is Value Expansion (JSON-LD 1.1 API §5.3.2).
func (x *expander) value(active *activeContext, def *termDef, v any) (any, error) {
	if def != nil && def.hasTyp {
		if s, isStr := v.(string); isStr && (def.typ == "@id" || def.typ == "@vocab") {
			id, ok, err := x.run.expandIRI(active, s, true, def.typ == "@vocab", nil)
			if err != nil {
				return nil, err
			}
			if x.run.safe && (!ok || !(strings.HasPrefix(id, "_:") || hasScheme(id))) {
				if def.typ == "@vocab" && !strings.Contains(s, ":") {
					return nil, &UndefinedTermError{Term: s}
				}
				return nil, &RelativeIRIError{IRI: s}
			}
			if !ok {
				return map[string]any{"@id": nil}, nil
			}
			return map[string]any{"@id": id}, nil
		}
		switch def.typ {
		case "@id", "@vocab", "@none":
		default:
			return map[string]any{"@value": v, "@type": def.typ}, nil
		}
	}
	result := map[string]any{"@value": v}
	if _, isStr := v.(string); isStr {
		lang, hasLang := active.lang, active.hasLang
		if def != nil && def.hasLang {
			lang, hasLang = def.lang, true
		}
		dir, hasDir := active.dir, active.hasDir
		if def != nil && def.hasDir {
			dir, hasDir = def.dir, true
		}
		if hasLang && lang != "" {
			result["@language"] = lang
		}
		if hasDir && dir != "" {
			result["@direction"] = dir
		}
	}
	return result, nil
}

// keywordOf is the keyword a key of a node object expands to, or "": the
// keyword itself, or a term aliasing it (IRI expansion, steps 1 and 4).
func keywordOf(active *activeContext, key string) string {
	if isKeyword(key) {
		return key
	}
	if t, ok := active.terms[key]; ok && t.hasIRI && isKeyword(t.iri) {
		return t.iri
	}
	return ""
}

func addValue(result map[string]any, key string, v any) {
	prev, has := result[key]
	if !has {
		if list, isList := v.([]any); isList {
			result[key] = list
		} else {
			result[key] = []any{v}
		}
		return
	}
	result[key] = append(asList(prev), asList(v)...)
}

func asList(v any) []any {
	if l, ok := v.([]any); ok {
		return l
	}
	return []any{v}
}

func isListObject(v any) bool {
	m, ok := v.(map[string]any)
	if !ok {
		return false
	}
	_, has := m["@list"]
	return has
}
