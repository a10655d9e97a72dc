package wallet

import (
	"fmt"
	"slices"
	"strings"

	"github.com/learnerwallet/learnerwallet/wallet/credential"
	"github.com/learnerwallet/learnerwallet/wallet/internal/jsonv"
)

// Disclosed is what the recipient of a presentation will learn about the
// learner from one credential in it.
type Disclosed struct {
	ItemID string
	Title  string
	Issuer string
	// Facts are the personal data in the credential, each once, as labels
	// and values (Personal puts them in English words).
	Facts []Fact
}

// Personal lists the personal data in plain English words, one item a
// line: "Name: Ellis Monday", "Result: Final grade: A".
func (d Disclosed) Personal() []string {
	var lines []string
	for _, f := range d.Facts {
		lines = append(lines, f.line())
	}
	return lines
}

// Fact is one piece of personal data: Label (in English, such as "Name"
// or "E-mail address") and the Value the credential gives, or, when Hashed,
// the kind of identifier that is there only hashed ("e-mail address").
type Fact struct {
	Label, Value string
	Hashed       bool
}

// Disclosure lists, for each item with the given ids, the personal data a
// presentation of it hands over: subject ids, names, e-mail addresses and
// other identifiers (or that they are hashed), results and grades, dates of
// birth, addresses. A whole record discloses what every credential in it
// does. Show it before signing.
func (w *Wallet) Disclosure(ids []string) ([]Disclosed, error) {
	var out []Disclosed
	for _, id := range ids {
		it, err := w.Item(id)
		if err != nil {
			return nil, err
		}
		d := Disclosed{ItemID: it.ID, Title: it.Summary.Title(), Issuer: it.Summary.Issuer()}
		var p personal
		if err := w.discloseItem(&p, it); err != nil {
			return nil, err
		}
		for _, c := range it.Children {
			ci, err := w.Item(c)
			if err != nil {
				return nil, err
			}
			if err := w.discloseItem(&p, ci); err != nil {
				return nil, err
			}
		}
		d.Facts = p.facts
		out = append(out, d)
	}
	return out, nil
}

// personal collects lines of personal data, each once.
type personal struct{ facts []Fact }

func (p *personal) add(label, value string) { p.addFact(Fact{Label: label, Value: value}) }

// hashed records an identifier of kind what that is there only hashed.
func (p *personal) hashed(what string) {
	p.addFact(Fact{Label: "Identifier", Value: what, Hashed: true})
}

func (p *personal) addFact(f Fact) {
	f.Value = strings.TrimSpace(f.Value)
	if f.Value == "" {
		return
	}
	if !slices.Contains(p.facts, f) {
		p.facts = append(p.facts, f)
	}
}

func (f Fact) line() string {
	if f.Hashed {
		return f.Label + ": hashed " + f.Value
	}
	return f.Label + ": " + f.Value
}

func (w *Wallet) discloseItem(p *personal, it Item) error {
	b, err := w.Original(it.ID)
	if err != nil {
		return err
	}
	s := it.Summary
	switch doc := credentialDoc(it, b); {
	case doc == nil:
		// Unreadable here: what the summary says is all there is.
		p.add("Subject id", s.RecipientID)
		p.add("Name", s.RecipientName)
		p.add("E-mail address", s.RecipientEmail)
		if s.RecipientHashed != "" {
			p.hashed(strings.TrimSuffix(s.RecipientHashed, " (hashed)"))
		}
	case it.Kind == credential.KindOB2:
		discloseOB2Recipient(p, jsonv.Obj(doc["recipient"]))
	default:
		discloseSubject(p, jsonv.Obj(doc["credentialSubject"]))
	}
	for _, r := range s.Results {
		p.add("Result", r)
	}
	p.add("Credits earned", s.Credits)
	return nil
}

// credentialDoc returns the credential in an item's original bytes as JSON,
// or nil when it cannot be read (the summary still says what it holds).
func credentialDoc(it Item, b []byte) map[string]any {
	if it.Format == credential.FormatPNG || it.Format == credential.FormatSVG {
		p, err := credential.Parse(b)
		if err != nil {
			return nil
		}
		b = p.Content
	}
	doc, err := credential.Document(b)
	if err != nil {
		return nil
	}
	return doc
}

// subjectFields are the personal fields of a subject (or a profile) and
// how they are called.
var subjectFields = []struct{ key, label string }{
	{"id", "Subject id"},
	{"name", "Name"},
	{"givenName", "Given name"},
	{"familyName", "Family name"},
	{"additionalName", "Additional name"},
	{"email", "E-mail address"},
	{"phone", "Phone"},
	{"dateOfBirth", "Date of birth"},
	{"birthDate", "Date of birth"},
	{"studentId", "Student id"},
	{"sisSourcedId", "Student record id"},
}

func discloseSubject(p *personal, s map[string]any) {
	if s == nil {
		return
	}
	for _, f := range subjectFields {
		p.add(f.label, jsonv.Text(s[f.key]))
	}
	for _, a := range jsonv.List(s["address"]) {
		p.add("Address", addressText(a))
	}
	for _, idv := range jsonv.List(s["identifier"]) {
		io := jsonv.Obj(idv)
		if io == nil {
			continue
		}
		label := idLabel(jsonv.Text(io["identityType"]))
		if io["hashed"] == true {
			p.hashed(label)
			continue
		}
		p.add(upperFirst(label), jsonv.Text(io["identityHash"]))
	}
	// A profile of the learner, as some issuers add.
	if prof := jsonv.Obj(s["profile"]); prof != nil {
		discloseSubject(p, prof)
	}
}

func discloseOB2Recipient(p *personal, r map[string]any) {
	if r == nil {
		return
	}
	label := idLabel(jsonv.Text(r["type"]))
	if r["hashed"] == true {
		p.hashed(label)
		return
	}
	p.add(upperFirst(label), jsonv.Text(r["identity"]))
}

// addressText writes an Address object (or a string) on one line.
func addressText(v any) string {
	if s, ok := v.(string); ok {
		return s
	}
	a := jsonv.Obj(v)
	if a == nil {
		return ""
	}
	var parts []string
	for _, k := range []string{"streetAddress", "postOfficeBoxNumber", "addressLocality", "addressRegion", "postalCode", "addressCountry"} {
		if t := jsonv.Text(a[k]); t != "" {
			parts = append(parts, t)
		}
	}
	return strings.Join(parts, ", ")
}

// idLabel names an identifier type in plain words.
func idLabel(t string) string {
	switch t {
	case "emailAddress", "email":
		return "e-mail address"
	case "url":
		return "web address"
	case "telephone", "phone":
		return "phone number"
	case "studentId":
		return "student id"
	case "sisSourcedId", "lisSourcedId", "sourcedId":
		return "student record id"
	case "nationalIdentityNumber":
		return "national identity number"
	case "identifier", "systemId", "productId", "userName", "accountId":
		return "identifier"
	}
	return credential.IdentityLabel(t)
}

func upperFirst(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

// String writes a disclosure in plain words, for a terminal.
func (d Disclosed) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s (issued by %s)\n", d.Title, d.Issuer)
	if len(d.Facts) == 0 {
		b.WriteString("  no personal data\n")
	}
	for _, l := range d.Personal() {
		fmt.Fprintf(&b, "  %s\n", l)
	}
	return b.String()
}
