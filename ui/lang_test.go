package ui

import (
	"encoding/json"
	"flag"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/lang"
)

var updateEN = flag.Bool("update-en", false, "add the texts of ui/*.go missing from translations/en.json")

// englishOf holds, for keys that are not themselves the English words
// (lang.X), the English words the source gives.
var englishOf = map[string]string{}

// TestMain runs every test in English, whatever the machine's locale: the
// markup goldens are English.
func TestMain(m *testing.M) {
	if strings.HasPrefix(os.Getenv("LANG"), "C") {
		os.Setenv("LANG", "en_US.UTF-8") // Fyne logs an error for every lookup under C
	}
	if err := useLanguage(languageEnglish); err != nil {
		panic(err)
	}
	os.Exit(m.Run())
}

// sourceKeys is every text ui/*.go passes to lang.L, lang.X or lang.N (and
// lang.XN), with whether it is asked for in plural forms.
func sourceKeys(t *testing.T) map[string]bool {
	t.Helper()
	fset := token.NewFileSet()
	names, _ := filepath.Glob("*.go")
	var files []*ast.File
	consts := map[string]string{}
	for _, name := range names {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, name, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		files = append(files, f)
		for _, d := range f.Decls {
			if g, ok := d.(*ast.GenDecl); ok && g.Tok == token.CONST {
				for _, s := range g.Specs {
					vs := s.(*ast.ValueSpec)
					for i, n := range vs.Names {
						if i < len(vs.Values) {
							if v, ok := stringValue(vs.Values[i], nil); ok {
								consts[n.Name] = v
							}
						}
					}
				}
			}
		}
	}
	keys := map[string]bool{}
	for _, f := range files {
		ast.Inspect(f, func(n ast.Node) bool {
			call, ok := n.(*ast.CallExpr)
			if !ok {
				return true
			}
			sel, ok := call.Fun.(*ast.SelectorExpr)
			if !ok || len(call.Args) == 0 {
				return true
			}
			if x, ok := sel.X.(*ast.Ident); !ok || x.Name != "lang" {
				return true
			}
			switch sel.Sel.Name {
			case "L", "X", "N", "XN":
			default:
				return true
			}
			key, ok := stringValue(call.Args[0], consts)
			if !ok {
				t.Errorf("%s: lang.%s is given a key that is not a constant string", fset.Position(call.Pos()), sel.Sel.Name)
				return true
			}
			keys[key] = keys[key] || strings.HasSuffix(sel.Sel.Name, "N")
			// lang.X and lang.XN name a key and give the English words.
			if strings.HasPrefix(sel.Sel.Name, "X") && len(call.Args) > 1 {
				if text, ok := stringValue(call.Args[1], consts); ok {
					englishOf[key] = text
				}
			}
			return true
		})
	}
	return keys
}

// stringValue is the value of a string literal, a sum of them, or a
// constant named in consts.
func stringValue(e ast.Expr, consts map[string]string) (string, bool) {
	switch x := e.(type) {
	case *ast.BasicLit:
		if x.Kind != token.STRING {
			return "", false
		}
		s, err := strconv.Unquote(x.Value)
		return s, err == nil
	case *ast.BinaryExpr:
		a, ok1 := stringValue(x.X, consts)
		b, ok2 := stringValue(x.Y, consts)
		return a + b, ok1 && ok2 && x.Op == token.ADD
	case *ast.ParenExpr:
		return stringValue(x.X, consts)
	case *ast.Ident:
		s, ok := consts[x.Name]
		return s, ok
	}
	return "", false
}

func readTranslations(t *testing.T, code string) map[string]any {
	t.Helper()
	data, err := os.ReadFile("translations/" + code + ".json")
	if err != nil {
		t.Fatal(err)
	}
	m := map[string]any{}
	if err := json.Unmarshal(data, &m); err != nil {
		t.Fatalf("%s.json: %v", code, err)
	}
	return m
}

// TestTranslationsCoverSource fails when a text the window shows is
// missing from en.json or es.json, or the two files hold different texts.
func TestTranslationsCoverSource(t *testing.T) {
	keys := sourceKeys(t)
	if *updateEN {
		en := readTranslations(t, languageEnglish)
		for k, plural := range keys {
			if _, ok := en[k]; !ok {
				text := k
				if e, ok := englishOf[k]; ok {
					text = e
				}
				if plural {
					en[k] = map[string]string{"one": text, "other": text}
				} else {
					en[k] = text
				}
			}
		}
		data, err := json.MarshalIndent(en, "", "  ")
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile("translations/en.json", append(data, '\n'), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	files := map[string]map[string]any{}
	for _, code := range []string{languageEnglish, languageSpanish} {
		files[code] = readTranslations(t, code)
		var missing []string
		for k, plural := range keys {
			v, ok := files[code][k]
			if !ok {
				missing = append(missing, strconv.Quote(k))
				continue
			}
			if _, isPlural := v.(map[string]any); plural && !isPlural {
				t.Errorf("%s.json: %q is counted (lang.N) but has no plural forms", code, k)
			}
		}
		sort.Strings(missing)
		if len(missing) > 0 {
			t.Errorf("%s.json lacks %d texts of ui/*.go:\n%s", code, len(missing), strings.Join(missing, "\n"))
		}
	}
	for k := range files[languageEnglish] {
		if _, ok := files[languageSpanish][k]; !ok {
			t.Errorf("es.json lacks %q, which en.json has", k)
		}
	}
	for k := range files[languageSpanish] {
		if _, ok := files[languageEnglish][k]; !ok {
			t.Errorf("en.json lacks %q, which es.json has", k)
		}
	}
}

// inSpanish runs the rest of the test with the app in Spanish.
func inSpanish(t *testing.T) {
	t.Helper()
	if err := useLanguage(languageSpanish); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := useLanguage(languageEnglish); err != nil {
			t.Fatal(err)
		}
	})
}

func TestSpanishEmptyStateAndLibrary(t *testing.T) {
	inSpanish(t)
	u, win := newTestUI(t)
	got := texts(win)
	for _, want := range []string{"Tu cartera está vacía", "[Importar…]", "[Probar credenciales de muestra]"} {
		if !strings.Contains(got, want) {
			t.Errorf("the Spanish empty state lacks %q; it shows:\n%s", want, got)
		}
	}
	if err := u.wallet.MarkKitOffered(); err != nil {
		t.Fatal(err)
	}
	u.importPaths([]string{
		filepath.Join(examples, "ob3/validator/simple.json"),
		filepath.Join(examples, "clr2/validator/complex.json"),
	})
	got = texts(win)
	for _, want := range []string{"[Presentar…]", "credenciales"} {
		if !strings.Contains(got, want) {
			t.Errorf("the Spanish library lacks %q; it shows:\n%s", want, got)
		}
	}
}

// TestFyneDialogsFollowTheApp checks that Fyne's own texts (its dialogs'
// buttons) speak the app's language, not the system's.
func TestFyneDialogsFollowTheApp(t *testing.T) {
	t.Setenv("LANG", "de_DE.UTF-8")
	t.Setenv("LC_ALL", "")
	t.Setenv("LC_MESSAGES", "")
	t.Setenv("LANGUAGE", "")
	if err := useLanguage(languageEnglish); err != nil {
		t.Fatal(err)
	}
	if got := lang.L("Cancel"); got != "Cancel" {
		t.Errorf("an English app under de_DE says %q for Cancel", got)
	}
	inSpanish(t)
	for key, want := range map[string]string{"Cancel": "Cancelar", "Yes": "Sí", "Open": "Abrir"} {
		if got := lang.L(key); got != want {
			t.Errorf("a Spanish app under de_DE says %q for %q, want %q", got, key, want)
		}
	}
}

func TestAppLanguage(t *testing.T) {
	for _, c := range []struct {
		choice string
		system string
		want   string
	}{
		{languageSystem, "es-MX", languageSpanish},
		{languageSystem, "es", languageSpanish},
		{languageSystem, "de-DE", languageEnglish},
		{languageSystem, "en-US", languageEnglish},
		{languageEnglish, "es-ES", languageEnglish},
		{languageSpanish, "de-DE", languageSpanish},
	} {
		if got := appLanguage(c.choice, fyne.Locale(c.system)); got != c.want {
			t.Errorf("appLanguage(%q, %q) = %q, want %q", c.choice, c.system, got, c.want)
		}
	}
}
