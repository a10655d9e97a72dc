package main

import (
	"os/exec"
	"strings"
	"testing"
)

// The programs link only code that is ours or a published module they
// need: json-gold is a test oracle for wallet/ld, never part of lw or the
// app.
func TestProgramsDoNotLinkTestOracles(t *testing.T) {
	gobin, err := exec.LookPath("go")
	if err != nil {
		t.Skip("no go command to list dependencies with")
	}
	out, err := exec.Command(gobin, "list", "-deps", "../...").Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	for _, pkg := range strings.Fields(string(out)) {
		if strings.HasPrefix(pkg, "github.com/piprate/json-gold") {
			t.Errorf("%s is linked into a program; it may only be used by tests", pkg)
		}
	}
}
