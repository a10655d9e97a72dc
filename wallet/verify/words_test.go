package verify

import (
	"encoding/json"
	"go/ast"
	"go/parser"
	"go/token"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/learnerwallet/learnerwallet/wallet/check"
)

// lookupKeys is every English format string words.go passes to Words.t,
// Words.f and Words.plural, in order of appearance.
func lookupKeys(t *testing.T) []string {
	t.Helper()
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "words.go", nil, 0)
	if err != nil {
		t.Fatal(err)
	}
	var keys []string
	for _, d := range f.Decls {
		fn, ok := d.(*ast.FuncDecl)
		if ok && fn.Recv != nil && slices.Contains([]string{"t", "f", "plural"}, fn.Name.Name) {
			continue // the lookups themselves
		}
		ast.Inspect(d, func(n ast.Node) bool {
			call, ok := n.(*ast.CallExpr)
			if !ok {
				return true
			}
			sel, ok := call.Fun.(*ast.SelectorExpr)
			if !ok {
				return true
			}
			args := 0
			switch sel.Sel.Name {
			case "t", "f":
				args = 1
			case "plural":
				args = 3
			}
			for i, arg := range call.Args[:args] {
				if sel.Sel.Name == "plural" && i == 0 {
					continue // n
				}
				lit, ok := arg.(*ast.BasicLit)
				if !ok || lit.Kind != token.STRING {
					t.Errorf("%s: %s is given a string that is not a literal, so the catalog cannot be checked", fset.Position(arg.Pos()), sel.Sel.Name)
					continue
				}
				s, err := strconv.Unquote(lit.Value)
				if err != nil {
					t.Fatal(err)
				}
				keys = append(keys, s)
			}
			return true
		})
	}
	return keys
}

var verbRE = regexp.MustCompile(`%(\[\d+\])?[-+# 0]*\d*(\.\d+)?[a-zA-Z%]`)

// verbs are a format string's verbs, %% left out.
func verbs(s string) []string {
	var out []string
	for _, v := range verbRE.FindAllString(s, -1) {
		if v != "%%" {
			out = append(out, v)
		}
	}
	return out
}

func TestSpanishCatalog(t *testing.T) {
	var cat map[string]string
	if err := json.Unmarshal(spanishCatalog, &cat); err != nil {
		t.Fatal(err)
	}
	keys := lookupKeys(t)
	if len(keys) < 200 {
		t.Fatalf("found only %d strings passed to the lookup in words.go", len(keys))
	}
	used := map[string]bool{}
	for _, k := range keys {
		used[k] = true
		es, ok := cat[k]
		switch {
		case !ok:
			t.Errorf("words_es.json lacks %q", k)
		case strings.TrimSpace(es) == "":
			t.Errorf("words_es.json gives %q no Spanish", k)
		case !slices.Equal(verbs(k), verbs(es)):
			t.Errorf("words_es.json: %q has verbs %v, its Spanish %q has %v", k, verbs(k), es, verbs(es))
		case strings.HasPrefix(k, " ") != strings.HasPrefix(es, " ") || strings.HasSuffix(k, ".") != strings.HasSuffix(es, "."):
			t.Errorf("words_es.json: %q and its Spanish %q do not begin and end alike", k, es)
		}
	}
	for k := range cat {
		if !used[k] {
			t.Errorf("words_es.json has %q, which words.go no longer says", k)
		}
	}
}

func TestWordsFor(t *testing.T) {
	if WordsFor("es").Code() != "es" || WordsFor("en").Code() != "en" || WordsFor("").Code() != "en" || WordsFor("fr").Code() != "en" {
		t.Error("WordsFor picks the wrong language")
	}
	var zero Words
	r := Report{Verdict: ValidWithNotes, Checks: []check.Check{
		{ID: check.Signature, Status: check.Pass, Reason: SignatureValid},
		{ID: check.Revocation, Status: check.Warn, Reason: RevocationUnknown},
		{ID: check.IssuerKey, Status: check.Warn, Reason: IssuerKeyUnbound},
	}}
	if zero.Headline(r) != Headline(r) || English.Headline(r) != Headline(r) {
		t.Errorf("the zero Words says %q, English %q", zero.Headline(r), Headline(r))
	}
}

func TestSpanishWords(t *testing.T) {
	es := WordsFor("es")
	when := time.Date(2026, time.December, 2, 15, 4, 0, 0, time.UTC)

	valid := Report{Verdict: Valid, Checks: []check.Check{{ID: check.Signature, Status: check.Pass, Reason: SignatureValid}}}
	if got, want := es.Headline(valid), "Válida: auténtica, sin cambios, vigente y no revocada."; got != want {
		t.Errorf("Headline(valid) = %q, want %q", got, want)
	}

	expired := Report{Verdict: NotValid, Checks: []check.Check{
		{ID: check.Signature, Status: check.Pass, Reason: SignatureValid},
		{ID: check.Validity, Status: check.Fail, Reason: ValidityExpired, Args: check.Args{When: when}},
	}}
	if got, want := es.Headline(expired), "No válida: Caducó el 2 de diciembre de 2026."; got != want {
		t.Errorf("Headline(expired) = %q, want %q", got, want)
	}

	notes := Report{Verdict: ValidWithNotes, Checks: []check.Check{
		{ID: check.Signature, Status: check.Pass, Reason: SignatureValid},
		{ID: check.Revocation, Status: check.Warn, Reason: RevocationUnknown},
		{ID: check.IssuerKey, Status: check.Warn, Reason: IssuerKeyUnbound},
		{ID: check.Schema, Status: check.Warn, Reason: SchemaUnknown},
	}}
	got := es.Headline(notes)
	if !strings.HasPrefix(got, "Válida, con notas sobre ") || !strings.Contains(got, " y ") || strings.Contains(got, " and ") {
		t.Errorf("Headline(with notes) = %q", got)
	}

	asOf := valid
	asOf.AsOf = time.Date(2026, time.December, 2, 15, 4, 0, 0, time.Local)
	if got, want := es.AsOfNote(asOf), " (Comprobaciones en línea al 2 dic 2026 15:04.)"; got != want {
		t.Errorf("AsOfNote = %q, want %q", got, want)
	}

	for _, tc := range []struct {
		c    check.Check
		want string
	}{
		{check.Check{Reason: SignatureKeyUnusable, Args: check.Args{Key: "did:key:z6Mk#x"}},
			"La clave de firma did:key:z6Mk#x no es una clave pública que se pueda usar."},
		{check.Check{Reason: EndorsementsOK, Args: check.Args{N: 1}}, "1 aval verificado."},
		{check.Check{Reason: EndorsementsOK, Args: check.Args{N: 3}}, "3 avales verificados."},
		{check.Check{Reason: NestedProofFailed, Args: check.Args{N: 5, Of: 9, Items: []string{"A", "B", "C", "D", "E"}}},
			"5 de las 9 credenciales de este expediente llevan una firma que no es válida (A, B, C y 2 más): el expediente contiene credenciales falsificadas o modificadas."},
		{check.Check{Reason: ValidityVPUntil, Args: check.Args{When: when}},
			"Vigente: la presentación es válida hasta el 2 de diciembre de 2026, 15:04 UTC."},
		{check.Check{Reason: ChallengeOther, Args: check.Args{Value: "abc", Want: "xyz"}},
			`Se hizo para otro desafío ("abc", no "xyz"): puede ser una repetición.`},
	} {
		if got := es.Describe(tc.c); got != tc.want {
			t.Errorf("Describe(%s) = %q, want %q", tc.c.Reason, got, tc.want)
		}
	}

	pr := PresentationReport{Report: Report{Verdict: NotValid}, Own: Valid, Holder: "did:key:z6Mkh",
		Credentials: []Report{{Name: "Cloud", Verdict: Valid}, {Name: "Python", Verdict: NotValid}, {Name: "Go", Verdict: NotValid}}}
	if got, want := es.PresentationHeadline(pr), "No válida, presentada por did:key:z6Mkh: 2 de 3 credenciales no son válidas: “Python” (No válida); “Go” (No válida)."; got != want {
		t.Errorf("PresentationHeadline = %q, want %q", got, want)
	}
	one := PresentationReport{Report: Report{Verdict: NotValid}, Own: Valid, Credentials: []Report{{Verdict: NotValid}}}
	if got, want := es.PresentationHeadline(one), "No válida, presentada por un titular sin nombre: 1 de 1 credencial no es válida: “una credencial” (No válida)."; got != want {
		t.Errorf("PresentationHeadline = %q, want %q", got, want)
	}

	if got, want := es.joinAnd([]string{"firma", "identidad"}), "firma e identidad"; got != want {
		t.Errorf("joinAnd = %q, want %q", got, want)
	}
}
