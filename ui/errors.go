package ui

import (
	"errors"
	"unicode"
	"unicode/utf8"

	"fyne.io/fyne/v2/lang"

	"github.com/learnerwallet/learnerwallet/wallet"
	"github.com/learnerwallet/learnerwallet/wallet/safetext"
)

// message turns an error into the words shown to the learner: the error's
// own text, then what to do about it when there is something to do. Errors
// quote file names, credentials and servers, so their text is made safe.
func message(err error) string {
	if err == nil {
		return ""
	}
	if errors.Is(err, wallet.ErrNotFound) {
		return lang.L("That credential is no longer in the wallet.")
	}
	msg := safetext.Text(err.Error())
	if r, size := utf8.DecodeRuneInString(msg); unicode.IsLower(r) {
		msg = string(unicode.ToUpper(r)) + msg[size:]
	}
	if a := wallet.Advice(err); a != "" {
		msg += "\n\n" + a
	}
	return msg
}

// reworded is an error told in other words (the app's), still wrapping
// the error it explains so that what is known of it is kept.
type reworded struct {
	err  error
	text string
}

func (e reworded) Error() string { return e.text }
func (e reworded) Unwrap() error { return e.err }

// reword tells err in words of the app's language: text is a translated
// sentence, in which {{.Error}} stands for err's own text.
func reword(err error, text string) error { return reworded{err: err, text: text} }
