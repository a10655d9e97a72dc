package ui

import (
	"fmt"
	"time"

	"fyne.io/fyne/v2/lang"

	"github.com/learnerwallet/learnerwallet/wallet/credential"
	"github.com/learnerwallet/learnerwallet/wallet/verify"
)

// Words the window shows for codes the wallet keeps: decided by type, in
// the app's language.

// kindLabel names a kind of credential.
func kindLabel(k credential.Kind) string {
	switch k {
	case credential.KindOB2:
		return lang.L("Open Badge 2.0")
	case credential.KindOB3:
		return lang.L("Open Badge 3.0")
	case credential.KindCLR:
		return lang.L("Learner Record (CLR)")
	}
	return string(k)
}

// verdictLabel names a verdict in a few words.
func verdictLabel(v verify.Verdict) string {
	switch v {
	case verify.Valid:
		return lang.L("Valid")
	case verify.ValidWithNotes:
		return lang.L("Valid, with notes")
	case verify.IssuerNotConfirmed:
		return lang.L("Issuer not confirmed")
	case verify.CouldNotCheck:
		return lang.L("Could not check")
	case verify.NotValid:
		return lang.L("Not valid")
	}
	return lang.L("Not yet verified")
}

// fieldLabel names a field of what a credential says (credential.Field's
// Label, an English name kept as a code).
func fieldLabel(label string) string {
	switch label {
	case "Credential":
		return lang.L("Credential")
	case "Description":
		// "Description" alone is a word the translation files reserve.
		return lang.X("field.description", "Description")
	case "Criteria":
		return lang.L("Criteria")
	case "Criteria page":
		return lang.L("Criteria page")
	case "Achievement type":
		return lang.L("Achievement type")
	case "Issuer":
		return lang.L("Issuer")
	case "Issuer id":
		return lang.L("Issuer id")
	case "Issuer website":
		return lang.L("Issuer website")
	case "Recipient":
		return lang.L("Recipient")
	case "Awarded to":
		return lang.L("Awarded to")
	case "Recipient id":
		return lang.L("Recipient id")
	case "Issued":
		return lang.L("Issued")
	case "Expires":
		return lang.L("Expires")
	case "Results":
		return lang.L("Results")
	case "Credits":
		return lang.L("Credits")
	case "Term":
		return lang.L("Term")
	case "Skills and alignments":
		return lang.L("Skills and alignments")
	case "Keywords":
		return lang.L("Keywords")
	case "Narrative":
		return lang.L("Narrative")
	case "Credential id":
		return lang.L("Credential id")
	case "Proof":
		return lang.L("Proof")
	case "Part of":
		return lang.L("Part of")
	case "Format":
		return lang.L("Format")
	case "Imported":
		return lang.L("Imported")
	case "Endorsed by":
		return lang.L("Endorsed by")
	}
	return label
}

// longDate is a day as the learner reads it, in the app's language:
// "5 December 2026", "5 diciembre 2026".
func longDate(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return lang.X("date.long", "{{.Day}} {{.Month}} {{.Year}}", map[string]any{"Day": t.Day(), "Month": monthName(t.Month()), "Year": t.Year()})
}

// longDateTime adds the time of day: "5 December 2026 14:05".
func longDateTime(t time.Time) string {
	return longDate(t) + " " + t.Format("15:04")
}

// shortDateTime adds the time of day to shortDate: "5 Dec 2026 14:05".
func shortDateTime(t time.Time) string {
	return shortDate(t) + " " + t.Format("15:04")
}

// shortDate is a day in a row of the library: "5 Dec 2026".
func shortDate(t time.Time) string {
	return fmt.Sprintf("%d %s %d", t.Day(), shortMonth(t.Month()), t.Year())
}

func monthName(m time.Month) string {
	switch m {
	case time.January:
		return lang.X("month.1", "January")
	case time.February:
		return lang.X("month.2", "February")
	case time.March:
		return lang.X("month.3", "March")
	case time.April:
		return lang.X("month.4", "April")
	case time.May:
		return lang.X("month.5", "May")
	case time.June:
		return lang.X("month.6", "June")
	case time.July:
		return lang.X("month.7", "July")
	case time.August:
		return lang.X("month.8", "August")
	case time.September:
		return lang.X("month.9", "September")
	case time.October:
		return lang.X("month.10", "October")
	case time.November:
		return lang.X("month.11", "November")
	}
	return lang.X("month.12", "December")
}

func shortMonth(m time.Month) string {
	switch m {
	case time.January:
		return lang.X("month.short.1", "Jan")
	case time.February:
		return lang.X("month.short.2", "Feb")
	case time.March:
		return lang.X("month.short.3", "Mar")
	case time.April:
		return lang.X("month.short.4", "Apr")
	case time.May:
		return lang.X("month.short.5", "May")
	case time.June:
		return lang.X("month.short.6", "Jun")
	case time.July:
		return lang.X("month.short.7", "Jul")
	case time.August:
		return lang.X("month.short.8", "Aug")
	case time.September:
		return lang.X("month.short.9", "Sep")
	case time.October:
		return lang.X("month.short.10", "Oct")
	case time.November:
		return lang.X("month.short.11", "Nov")
	}
	return lang.X("month.short.12", "Dec")
}

// personalLabel is the name of a piece of personal data a presentation
// discloses (wallet.Fact), in the app's language.
func personalLabel(label string) string {
	switch label {
	case "Subject id":
		return lang.L("Subject id")
	case "Name":
		return lang.L("Name")
	case "Given name":
		return lang.L("Given name")
	case "Family name":
		return lang.L("Family name")
	case "Additional name":
		return lang.L("Additional name")
	case "E-mail address":
		return lang.L("E-mail address")
	case "e-mail address":
		return lang.L("e-mail address")
	case "Phone", "Phone number":
		return lang.L("Phone number")
	case "phone number":
		return lang.L("phone number")
	case "Web address":
		return lang.L("Web address")
	case "web address":
		return lang.L("web address")
	case "Date of birth":
		return lang.L("Date of birth")
	case "Student id":
		return lang.L("Student id")
	case "student id":
		return lang.L("student id")
	case "Student record id":
		return lang.L("Student record id")
	case "student record id":
		return lang.L("student record id")
	case "National identity number":
		return lang.L("National identity number")
	case "national identity number":
		return lang.L("national identity number")
	case "Address":
		return lang.L("Address")
	case "Identifier":
		return lang.L("Identifier")
	case "identifier":
		return lang.L("identifier")
	case "Result":
		return lang.L("Result")
	case "Credits earned":
		return lang.L("Credits earned")
	}
	return label
}
