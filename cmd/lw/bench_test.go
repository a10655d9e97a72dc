package main

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/learnerwallet/learnerwallet/store/storetest"
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

// BenchmarkListProcess10000 measures lw list of a wallet of 10,000
// credentials as a whole process: start-up, opening the wallet, listing
// and printing. lw is this test binary run under the name lw (see
// TestMain), with go-keyring's mock keyring kept in a file. The wallet is
// made once, by lw import of a folder, whose time is logged (-v).
func BenchmarkListProcess10000(b *testing.B) {
	const n = 10000
	exe, err := os.Executable()
	if err != nil {
		b.Fatal(err)
	}
	lw := filepath.Join(b.TempDir(), "lw")
	if err := os.Symlink(exe, lw); err != nil {
		b.Fatal(err)
	}
	tmp := b.TempDir()
	var env []string
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "LW_") {
			env = append(env, kv)
		}
	}
	env = append(env, "LW_HOME="+filepath.Join(tmp, "wallet"), "LW_TEST_SECRETS="+filepath.Join(tmp, "secrets"), "GORACE=atexit_sleep_ms=10")
	run := func(args ...string) *exec.Cmd {
		cmd := exec.Command(lw, args...)
		cmd.Env = env
		var out bytes.Buffer
		cmd.Stdout, cmd.Stderr = &out, &out
		if err := cmd.Run(); err != nil {
			b.Fatalf("lw %s: %v\n%.2000s", strings.Join(args, " "), err, out.String())
		}
		return cmd
	}
	dir := storetest.WriteCredentials(b, n)
	start := time.Now()
	run("import", dir)
	b.Logf("lw import of a folder of %d credentials: %v", n, time.Since(start))
	// The list goes to a file, as with lw list > FILE: a pipe would have
	// this process copy it, on the same two cores.
	listed, err := os.Create(filepath.Join(tmp, "listed"))
	if err != nil {
		b.Fatal(err)
	}
	defer listed.Close()
	runtime.GC()
	var cpu time.Duration
	for b.Loop() {
		cmd := exec.Command(lw, "list")
		cmd.Env, cmd.Stdout = env, listed
		var errs bytes.Buffer
		cmd.Stderr = &errs
		if err := cmd.Run(); err != nil {
			b.Fatalf("lw list: %v\n%s", err, errs.String())
		}
		cpu += cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime()
	}
	b.ReportMetric(float64(cpu)/float64(time.Millisecond)/float64(b.N), "cpu-ms/op")
}
