package main

import (
	"strings"
)

// isExportAll reports whether export's arguments ask for --all, which
// takes a folder where export otherwise takes an id.
func isExportAll(args []string) bool {
	for _, a := range args {
		switch a {
		case "--":
			return false
		case "-all", "--all", "-all=true", "--all=true":
			return true
		}
	}
	return false
}

// exportAllCmd is lw export --all DIR: every credential, as the file it
// was received as, into a new or empty folder, with an index.
func (c *cli) exportAllCmd(args []string) int {
	fs := c.flags("export")
	fs.Bool("all", true, "")
	out := fs.String("o", "", "")
	baked := fs.String("baked", "", "")
	rest, err := parse(fs, args)
	if err != nil {
		return c.parseError(err)
	}
	if *out != "" || *baked != "" {
		return c.usageError("export --all writes each credential as it was received, into a folder: it takes no -o or --baked")
	}
	if len(rest) != 1 || strings.TrimSpace(rest[0]) == "" {
		return c.usageError("export --all needs exactly one folder to write into")
	}
	dir := rest[0]
	w, err := c.openExisting()
	if err != nil {
		return c.fail(err)
	}
	defer w.Close()
	sum, err := w.ExportAll(dir, nil)
	if err != nil {
		return c.fail(err)
	}
	what := "credentials"
	if len(sum.Credentials) == 1 {
		what = "credential"
	}
	printf(c.stdout, "wrote %d %s to %s (index: %s)\n", len(sum.Credentials), what, dir, sum.Index)
	return exitOK
}
