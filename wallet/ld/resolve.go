package ld

import "strings"

// resolveIRI resolves ref against base (RFC 3986 §5.2, the basic algorithm,
// with no normalization). base must be absolute.
func resolveIRI(base, ref string) string {
	if hasScheme(ref) {
		return joinIRI(splitIRI(ref), true)
	}
	b := splitIRI(base)
	r := splitIRI(ref)
	var t iriParts
	switch {
	case r.hasAuthority:
		t.hasAuthority, t.authority = true, r.authority
		t.path = removeDotSegments(r.path)
		t.query, t.hasQuery = r.query, r.hasQuery
	case r.path == "":
		t.hasAuthority, t.authority = b.hasAuthority, b.authority
		t.path = b.path
		if r.hasQuery {
			t.query, t.hasQuery = r.query, true
		} else {
			t.query, t.hasQuery = b.query, b.hasQuery
		}
	default:
		t.hasAuthority, t.authority = b.hasAuthority, b.authority
		if strings.HasPrefix(r.path, "/") {
			t.path = removeDotSegments(r.path)
		} else {
			t.path = removeDotSegments(merge(b, r.path))
		}
		t.query, t.hasQuery = r.query, r.hasQuery
	}
	t.scheme = b.scheme
	t.fragment, t.hasFragment = r.fragment, r.hasFragment
	return joinIRI(t, false)
}

type iriParts struct {
	scheme       string
	authority    string
	hasAuthority bool
	path         string
	query        string
	hasQuery     bool
	fragment     string
	hasFragment  bool
}

func splitIRI(s string) iriParts {
	var p iriParts
	if hasScheme(s) {
		i := strings.IndexByte(s, ':')
		p.scheme, s = s[:i], s[i+1:]
	}
	if i := strings.IndexByte(s, '#'); i >= 0 {
		p.fragment, p.hasFragment, s = s[i+1:], true, s[:i]
	}
	if i := strings.IndexByte(s, '?'); i >= 0 {
		p.query, p.hasQuery, s = s[i+1:], true, s[:i]
	}
	if strings.HasPrefix(s, "//") {
		s = s[2:]
		i := strings.IndexByte(s, '/')
		if i < 0 {
			i = len(s)
		}
		p.authority, p.hasAuthority, s = s[:i], true, s[i:]
	}
	p.path = s
	return p
}

func joinIRI(p iriParts, normalize bool) string {
	var b strings.Builder
	if p.scheme != "" {
		b.WriteString(p.scheme)
		b.WriteByte(':')
	}
	if p.hasAuthority {
		b.WriteString("//")
		b.WriteString(p.authority)
	}
	if normalize {
		b.WriteString(removeDotSegments(p.path))
	} else {
		b.WriteString(p.path)
	}
	if p.hasQuery {
		b.WriteByte('?')
		b.WriteString(p.query)
	}
	if p.hasFragment {
		b.WriteByte('#')
		b.WriteString(p.fragment)
	}
	return b.String()
}

func merge(b iriParts, path string) string {
	if b.hasAuthority && b.path == "" {
		return "/" + path
	}
	i := strings.LastIndexByte(b.path, '/')
	return b.path[:i+1] + path
}

// removeDotSegments is RFC 3986 §5.2.4.
func removeDotSegments(in string) string {
	var out []string
	abs := strings.HasPrefix(in, "/")
	segs := strings.Split(in, "/")
	if abs {
		segs = segs[1:]
	}
	for i, s := range segs {
		last := i == len(segs)-1
		switch s {
		case ".":
			if last {
				out = append(out, "")
			}
		case "..":
			if len(out) > 0 {
				out = out[:len(out)-1]
			}
			if last {
				out = append(out, "")
			}
		default:
			out = append(out, s)
		}
	}
	r := strings.Join(out, "/")
	if abs {
		return "/" + r
	}
	return r
}

// expandIRI is IRI Expansion (JSON-LD 1.1 API §5.2.2). ok is false when
// value expands to null (a term mapped to null, or a reserved keyword). d
// is the definer of the local context being processed, if any: terms it
// has not defined yet are defined first.
func (r *contextRun) expandIRI(active *activeContext, value string, docRelative, vocab bool, d *definer) (string, bool, error) {
	if isKeyword(value) {
		return value, true, nil
	}
	if keywordForm(value) {
		return "", false, nil
	}
	if d != nil {
		if _, inLocal := d.local[value]; inLocal && !d.defined[value] {
			if err := d.define(value); err != nil {
				return "", false, err
			}
		}
	}
	if t, ok := active.terms[value]; ok {
		if t.hasIRI && isKeyword(t.iri) {
			return t.iri, true, nil
		}
		if vocab {
			return t.iri, t.hasIRI, nil
		}
	}
	if i := strings.IndexByte(value, ':'); i >= 0 {
		prefix, suffix := value[:i], value[i+1:]
		if prefix == "_" || strings.HasPrefix(suffix, "//") {
			return value, true, nil
		}
		if d != nil {
			if _, inLocal := d.local[prefix]; inLocal && !d.defined[prefix] {
				if err := d.define(prefix); err != nil {
					return "", false, err
				}
			}
		}
		if t, ok := active.terms[prefix]; ok && t.hasIRI && t.prefix {
			return t.iri + suffix, true, nil
		}
		if hasScheme(value) {
			return value, true, nil
		}
	}
	if vocab && active.hasVocab {
		return active.vocab + value, true, nil
	}
	if docRelative && active.hasBase {
		return resolveIRI(active.base, value), true, nil
	}
	return value, true, nil
}
