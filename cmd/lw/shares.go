package main

import (
	"errors"
	"strings"

	"github.com/learnerwallet/learnerwallet/wallet/safetext"
)

// sharesCmd: lw shares [--json] | lw shares delete (ID | all). The sharing
// log says what was shared, when, with whom and how; it never leaves the
// machine, and the learner can delete it.
func (c *cli) sharesCmd(args []string) int {
	fs := c.flags("shares")
	asJSON := fs.Bool("json", false, "")
	rest, err := parse(fs, args)
	if err != nil {
		return c.parseError(err)
	}
	w, err := c.openExisting()
	var none *noWalletError
	if errors.As(err, &none) && len(rest) == 0 {
		if *asJSON {
			printf(c.stdout, "[]\n")
		} else {
			printf(c.stdout, "Nothing shared yet.\n")
		}
		return exitOK
	}
	if err != nil {
		return c.fail(err)
	}
	defer w.Close()
	switch {
	case len(rest) == 0:
		log, err := w.Shares()
		if err != nil {
			return c.fail(err)
		}
		if *asJSON {
			if log == nil {
				printf(c.stdout, "[]\n")
				return exitOK
			}
			if err := printJSON(c.stdout, log); err != nil {
				return c.fail(err)
			}
			return exitOK
		}
		if len(log) == 0 {
			printf(c.stdout, "Nothing shared yet.\n")
			return exitOK
		}
		for _, s := range log {
			to := s.Domain
			if to == "" {
				to = "no recipient named"
			}
			var titles []string
			for _, it := range s.Items {
				titles = append(titles, safetext.Line(it.Title))
			}
			printf(c.stdout, "%s  %s  %s, %s, %s: %s\n", s.ID, s.At.Local().Format("2006-01-02 15:04"), s.Format, to, s.How, strings.Join(titles, "; "))
		}
		return exitOK
	case len(rest) == 2 && rest[0] == "delete" && rest[1] == "all":
		if err := w.ClearShares(); err != nil {
			return c.fail(err)
		}
		printf(c.stdout, "deleted the whole sharing log\n")
		return exitOK
	case len(rest) == 2 && rest[0] == "delete":
		if err := w.DeleteShare(rest[1]); err != nil {
			return c.fail(err)
		}
		printf(c.stdout, "deleted %s from the sharing log\n", rest[1])
		return exitOK
	}
	return c.usageError("shares takes: [--json] | delete (ID | all)")
}
