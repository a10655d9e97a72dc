package safetext_test

import (
	"fmt"

	"github.com/learnerwallet/learnerwallet/wallet/safetext"
)

// A badge's name that would set the terminal's title and clear its screen,
// with a right-to-left override and a zero-width space hidden in it.
func ExampleLine() {
	name := "Teamwork\x1b]0;You have been hacked\x07\x1b[2J \u202Eevil\u200B\nbadge"
	fmt.Printf("%+q\n", safetext.Line(name))
	// Output: "Teamwork\ufffd\ufffd evil badge"
}

func ExampleText() {
	description := "Awarded for:\r\n\t- working together\x1b[8m (hidden)\x1b[0m"
	fmt.Println(safetext.Text(description))
	// Output:
	// Awarded for:
	// 	- working together� (hidden)�
}

func ExampleClip() {
	fmt.Println(safetext.Clip(safetext.Line("Certificate of Advanced Study in Teamwork"), 20))
	// Output: Certificate of Adva…
}
