package ui

import (
	"embed"
	"encoding/json"
	"strings"
	"sync"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/lang"

	"github.com/learnerwallet/learnerwallet/wallet/verify"
)

// The window's texts, by language, in translations/: en.json maps each text
// to itself (and holds the plural forms), es.json to its Spanish. fynelang/
// holds copies of Fyne 2.7.1's own English and Spanish texts (file dialogs,
// Yes/No, Cancel, OK, weekdays), so that Fyne's dialogs can be made to speak
// the app's language rather than the system's.
//
//go:embed translations/*.json fynelang/*.json
var translations embed.FS

// prefLanguage stores the learner's choice of language: "" follows the
// system, "en" or "es" picks one. It takes effect on the next start.
const prefLanguage = "language"

// Languages the window speaks.
const (
	languageSystem  = ""
	languageEnglish = "en"
	languageSpanish = "es"
)

// fyneLocales are the locales Fyne 2.7.1 ships translations for. Fyne picks
// one of them (or English) from the system's locales, and nothing in its
// API chooses another: so the app's texts are loaded under every one of
// them, and whichever Fyne picks speaks the app's language.
var fyneLocales = []fyne.Locale{"en", "cs", "de", "el", "es", "fr", "pl", "pt", "pt-BR", "ru", "sv", "ta", "uk", "zh-Hans"}

var loadOnce sync.Once

// SetupLanguage makes the app speak the language chosen in Settings, or the
// system's (Spanish for Spanish locales, else English), Fyne's own dialogs
// included. Call it once, right after the app is made and before any
// window or widget is.
func SetupLanguage(a fyne.App) {
	code := appLanguage(a.Preferences().String(prefLanguage), lang.SystemLocale())
	if err := useLanguage(code); err != nil {
		fyne.LogError("Could not load the translations", err)
	}
}

// appLanguage is the language the app speaks for a choice in Settings and
// the system's locale.
func appLanguage(choice string, system fyne.Locale) string {
	switch choice {
	case languageEnglish, languageSpanish:
		return choice
	}
	if base, _, _ := strings.Cut(system.String(), "-"); base == languageSpanish {
		return languageSpanish
	}
	return languageEnglish
}

// useLanguage loads the translations and makes code ("en" or "es") the
// language of every text, whatever the system's locale is.
func useLanguage(code string) error {
	var err error
	loadOnce.Do(func() { err = lang.AddTranslationsFS(translations, "translations") })
	if err != nil {
		return err
	}
	msgs, err := messages(code)
	if err != nil {
		return err
	}
	for _, l := range fyneLocales {
		if err := lang.AddTranslationsForLocale(msgs, l); err != nil {
			return err
		}
	}
	spoken = code
	return nil
}

// spoken is the language the app speaks, as useLanguage last set it.
var spoken = languageEnglish

// reportWords says verification reports in the app's language.
func reportWords() verify.Words { return verify.WordsFor(spoken) }

// messages is every text, Fyne's and the app's, in language code, with
// English for any not translated, as a translation file.
func messages(code string) ([]byte, error) {
	files := []string{"fynelang/base.en.json", "translations/en.json"}
	if code != languageEnglish {
		files = append(files, "fynelang/base."+code+".json", "translations/"+code+".json")
	}
	all := map[string]any{}
	for _, name := range files {
		data, err := translations.ReadFile(name)
		if err != nil {
			return nil, err
		}
		var m map[string]any
		if err := json.Unmarshal(data, &m); err != nil {
			return nil, err
		}
		for k, v := range m {
			all[k] = withAllPluralForms(v)
		}
	}
	return json.Marshal(all)
}

// withAllPluralForms gives a plural text every form a language may ask for:
// the texts are loaded under locales whose plural rules (Polish, Russian…)
// have more forms than English and Spanish, which use "other" for them.
func withAllPluralForms(v any) any {
	forms, ok := v.(map[string]any)
	if !ok {
		return v
	}
	for _, f := range []string{"zero", "two", "few", "many"} {
		if _, ok := forms[f]; !ok {
			forms[f] = forms["other"]
		}
	}
	return forms
}
