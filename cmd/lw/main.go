// Command lw is Learner Wallet's command-line interface: import, list, show,
// export and delete credentials in the same wallet the app uses.
//
// Output rules: results go to standard output, human-readable by default and
// JSON with --json; errors go to standard error prefixed "lw: ". Exit status
// is 0 when everything worked, 1 when any input or operation failed (the
// others still done), 2 for a usage error.
package main

import "os"

func main() {
	os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}
