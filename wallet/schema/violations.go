package schema

import (
	"fmt"
	"slices"
	"strings"

	"github.com/santhosh-tekuri/jsonschema/v6"
	"github.com/santhosh-tekuri/jsonschema/v6/kind"
	"golang.org/x/text/language"
	"golang.org/x/text/message"
)

// maxViolations is how many violations an Error lists.
const maxViolations = 5

var printer = message.NewPrinter(language.English)

// leaf is one violation found in the error tree.
type leaf struct {
	loc   []string
	msg   string
	shape *kind.Type // set when the value merely has another JSON type
}

// newError turns the library's error tree into a short list of
// violations, in document order. Where the schema allows several forms (anyOf, oneOf), only
// the form the document came closest to is reported: a Profile object
// with a bad type says what is wrong with its type, not also that it is
// not a string.
func newError(url string, ve *jsonschema.ValidationError) *Error {
	e := &Error{SchemaURL: url}
	seen := map[string]bool{}
	leaves := collect(ve, nil)
	// The library visits properties in map order: sort for a stable report.
	slices.SortStableFunc(leaves, func(a, b leaf) int { return slices.Compare(a.loc, b.loc) })
	for _, l := range leaves {
		v := Violation{Pointer: pointer(l.loc), Message: l.msg}
		if seen[v.String()] {
			continue
		}
		seen[v.String()] = true
		e.Total++
		if len(e.Violations) < maxViolations {
			e.Violations = append(e.Violations, v)
		}
	}
	return e
}

// collect lists the violations under v. parent is the location of v's
// parent: the library gets the location of propertyNames errors wrong.
func collect(v *jsonschema.ValidationError, parent []string) []leaf {
	loc := slices.Clone(v.InstanceLocation)
	switch k := v.ErrorKind.(type) {
	case *kind.PropertyNames:
		return []leaf{{loc: parent, msg: fmt.Sprintf("has a property named %q, which is not allowed here", k.Property)}}
	case *kind.AnyOf, *kind.OneOf:
		if len(v.Causes) == 0 {
			return []leaf{{loc: loc, msg: "matches more than one of the forms allowed here"}}
		}
		var branches [][]leaf
		for _, c := range v.Causes {
			branches = append(branches, collect(c, loc))
		}
		return closest(loc, branches)
	case *kind.Contains:
		return []leaf{{loc: loc, msg: contains(v, loc)}}
	case *kind.Type:
		return []leaf{{loc: loc, msg: typeMessage(k.Got, k.Want), shape: k}}
	}
	if len(v.Causes) == 0 {
		return []leaf{{loc: loc, msg: plain(v.ErrorKind)}}
	}
	var out []leaf
	for _, c := range v.Causes {
		out = append(out, collect(c, loc)...)
	}
	return out
}

// closest picks the branch of an anyOf/oneOf the document came closest
// to: not one it fails only by its JSON type, then the one whose problems
// lie deepest in the document, then the one with fewest problems.
func closest(loc []string, branches [][]leaf) []leaf {
	var best []leaf
	var wants []string
	got := ""
	for _, b := range branches {
		if onlyShape(loc, b) {
			for _, l := range b {
				got = l.shape.Got
				wants = append(wants, l.shape.Want...)
			}
			continue
		}
		if best == nil || depth(b) > depth(best) || (depth(b) == depth(best) && len(b) < len(best)) {
			best = b
		}
	}
	if best != nil {
		return best
	}
	slices.Sort(wants)
	wants = slices.Compact(wants)
	return []leaf{{loc: loc, msg: typeMessage(got, wants), shape: &kind.Type{Got: got, Want: wants}}}
}

func onlyShape(loc []string, b []leaf) bool {
	for _, l := range b {
		if l.shape == nil || !slices.Equal(l.loc, loc) {
			return false
		}
	}
	return len(b) > 0
}

func depth(b []leaf) int {
	d := 0
	for _, l := range b {
		d = max(d, len(l.loc))
	}
	return d
}

// contains explains an array none of whose items is what it must include.
func contains(v *jsonschema.ValidationError, loc []string) string {
	var want []string
	for _, c := range v.Causes {
		switch k := c.ErrorKind.(type) {
		case *kind.Enum:
			for _, w := range k.Want {
				want = append(want, quote(w))
			}
		case *kind.Const:
			want = append(want, quote(k.Want))
		default:
			if ls := collect(c, loc); len(ls) > 0 {
				return "has no item that fits: " + ls[0].msg
			}
		}
	}
	slices.Sort(want)
	want = slices.Compact(want)
	if len(want) == 0 {
		return "has no item that fits"
	}
	return "must include " + orList(want)
}

// plain words for the kinds of violation credentials commonly have; the
// library's own text for the rest.
func plain(k jsonschema.ErrorKind) string {
	switch k := k.(type) {
	case *kind.Required:
		q := quoteAll(k.Missing)
		if len(q) == 1 {
			return "the required property " + q[0] + " is missing"
		}
		return "the required properties " + strings.Join(q, ", ") + " are missing"
	case *kind.Enum:
		var w []string
		for _, v := range k.Want {
			w = append(w, quote(v))
		}
		return "is " + quote(k.Got) + ", but must be " + orList(w)
	case *kind.Const:
		return "is " + quote(k.Got) + ", but must be " + quote(k.Want)
	case *kind.AdditionalProperties:
		return "has properties that are not allowed here: " + strings.Join(quoteAll(k.Properties), ", ")
	case *kind.Format:
		return fmt.Sprintf("%s is not a valid %s", quote(k.Got), k.Want)
	case *kind.MinItems:
		return fmt.Sprintf("has %d items, but needs at least %d", k.Got, k.Want)
	case *kind.Pattern:
		return "is " + quote(k.Got) + ", which is not in the form required here"
	case *kind.FalseSchema:
		return "is not allowed here"
	}
	return k.LocalizedString(printer)
}

func typeMessage(got string, want []string) string {
	var w []string
	for _, t := range want {
		w = append(w, article(t))
	}
	return "is " + article(got) + ", but must be " + orList(w)
}

func article(jsonType string) string {
	switch jsonType {
	case "null":
		return "null"
	case "array", "object", "integer":
		return "an " + jsonType
	}
	return "a " + jsonType
}

// orList joins "a", "b" and "c" as `a, b or c`, shortening long lists.
func orList(items []string) string {
	const most = 6
	if len(items) > most {
		items = append(items[:most:most], fmt.Sprintf("%d others", len(items)-most))
	}
	if len(items) <= 1 {
		return strings.Join(items, "")
	}
	return strings.Join(items[:len(items)-1], ", ") + " or " + items[len(items)-1]
}

// quote shows a JSON value briefly: strings quoted, long values cut.
func quote(v any) string {
	var s string
	switch v := v.(type) {
	case string:
		s = fmt.Sprintf("%q", v)
	case map[string]any:
		s = "an object"
	case []any:
		s = "an array"
	default:
		s = fmt.Sprint(v)
	}
	if len(s) > 80 {
		s = s[:77] + "..."
	}
	return s
}

func quoteAll(ss []string) []string {
	var out []string
	for _, s := range ss {
		out = append(out, quote(s))
	}
	return out
}

// pointer is the JSON pointer (RFC 6901) of a location.
func pointer(loc []string) string {
	var sb strings.Builder
	for _, t := range loc {
		sb.WriteByte('/')
		sb.WriteString(strings.NewReplacer("~", "~0", "/", "~1").Replace(t))
	}
	return sb.String()
}
