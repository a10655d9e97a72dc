package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"
)

// BenchmarkVerifyFileProcess measures lw verify FILE as a whole process,
// the way a learner or a script runs it: start-up (every package's init,
// the bundled schema's first compile) included. The target is 50 ms for
// an OB 3.0 eddsa-rdfc-2022 badge. lw is built as make build does; cpu-ms
// is user plus system time, which counts page faults and the work done on
// a second core.
func BenchmarkVerifyFileProcess(b *testing.B) {
	gobin, err := exec.LookPath("go")
	if err != nil {
		b.Skip("no go command to build lw with")
	}
	lw := filepath.Join(b.TempDir(), "lw")
	build := exec.Command(gobin, "build", "-o", lw, ".")
	build.Env = append(os.Environ(), "CGO_ENABLED=0")
	if out, err := build.CombinedOutput(); err != nil {
		b.Fatalf("building lw: %v\n%s", err, out)
	}
	file := filepath.Join("..", "..", "testdata", "generated", "badge-teamwork-signed.json")
	home := b.TempDir() // verify FILE never opens it
	var cpu time.Duration
	for b.Loop() {
		cmd := exec.Command(lw, "--wallet", home, "verify", "--offline", file)
		if out, err := cmd.CombinedOutput(); err != nil {
			b.Fatalf("lw verify: %v\n%s", err, out)
		}
		cpu += cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime()
	}
	b.ReportMetric(float64(cpu)/float64(time.Millisecond)/float64(b.N), "cpu-ms/op")
}
