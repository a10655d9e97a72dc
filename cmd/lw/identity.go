package main

import (
	"errors"
	"fmt"
	"strings"
)

// identityCmd: lw identity [list] | add (email|name|did) VALUE | remove VALUE.
// Identities let verification recognise credentials issued to the learner,
// including those whose recipient is a hashed e-mail address.
func (c *cli) identityCmd(args []string) int {
	fs := c.flags("identity")
	rest, err := parse(fs, args)
	if err != nil {
		return c.parseError(err)
	}
	sub := "list"
	if len(rest) > 0 {
		sub, rest = rest[0], rest[1:]
	}
	switch {
	case sub == "list" && len(rest) == 0:
		w, err := c.openExisting()
		var none *noWalletError
		if errors.As(err, &none) {
			printf(c.stdout, "No identities yet. Add yours with: lw identity add email you@example.org\n")
			return exitOK
		}
		if err != nil {
			return c.fail(err)
		}
		defer w.Close()
		ids, err := w.Identities()
		if err != nil {
			return c.fail(err)
		}
		if len(ids.Emails)+len(ids.Names)+len(ids.DIDs) == 0 {
			printf(c.stdout, "No identities yet. Add yours with: lw identity add email you@example.org\n")
			return exitOK
		}
		for _, e := range ids.Emails {
			printf(c.stdout, "email  %s\n", e)
		}
		for _, n := range ids.Names {
			printf(c.stdout, "name   %s\n", n)
		}
		for _, d := range ids.DIDs {
			printf(c.stdout, "did    %s\n", d)
		}
		return exitOK
	case sub == "add" && len(rest) >= 2:
		w, err := c.open()
		if err != nil {
			return c.fail(err)
		}
		defer w.Close()
		value := strings.Join(rest[1:], " ")
		if err := w.AddIdentity(rest[0], value); err != nil {
			return c.fail(err)
		}
		printf(c.stdout, "added %s %s; run lw verify ID to check credentials against it\n", rest[0], value)
		return exitOK
	case sub == "remove" && len(rest) >= 1:
		w, err := c.openExisting()
		if err != nil {
			return c.fail(err)
		}
		defer w.Close()
		value := strings.Join(rest, " ")
		found, err := w.RemoveIdentity(value)
		if err != nil {
			return c.fail(err)
		}
		if !found {
			return c.fail(fmt.Errorf("%q is not one of your identities (see lw identity list)", value))
		}
		printf(c.stdout, "removed %s\n", value)
		return exitOK
	}
	return c.usageError("identity takes: list | add (email|name|did) VALUE | remove VALUE")
}
