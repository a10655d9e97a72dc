package main

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/rogpeppe/go-internal/testscript"
	"github.com/zalando/go-keyring"

	"github.com/learnerwallet/learnerwallet/store"
	"github.com/learnerwallet/learnerwallet/store/storetest"
	"github.com/learnerwallet/learnerwallet/wallet"
)

// The scripts in testdata/script run lw as a separate process: the test
// binary itself, which testscript.Main turns into lw.
//
// With LW_TEST_KEYRING=real the wallets' keys go to the real Secret Service
// and every one a script created is deleted when the script ends. Otherwise
// each lw process gets go-keyring's in-process mock, loaded from and saved
// to the file $LW_TEST_SECRETS, so consecutive lw commands in one script
// share their keys the way they would in a keyring.
func TestMain(m *testing.M) {
	testscript.Main(m, map[string]func(){
		"lw": func() {
			s := &scriptSecrets{file: os.Getenv("LW_TEST_SECRETS"), real: storetest.RealKeyring()}
			if err := s.load(); err != nil {
				fmt.Fprintln(os.Stderr, "test setup:", err)
				os.Exit(3)
			}
			secrets = s
			os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
		},
	})
}

func TestScript(t *testing.T) {
	examples, err := filepath.Abs(filepath.Join("..", "..", "testdata", "examples"))
	if err != nil {
		t.Fatal(err)
	}
	testscript.Run(t, testscript.Params{
		Dir:                 filepath.Join("testdata", "script"),
		RequireExplicitExec: true,
		Setup: func(env *testscript.Env) error {
			env.Setenv("EXAMPLES", examples)
			env.Setenv("GENERATED", filepath.Join(filepath.Dir(examples), "generated"))
			env.Setenv("LW_HOME", filepath.Join(env.WorkDir, "home", "wallet"))
			secretsFile := filepath.Join(env.WorkDir, ".lw-test-secrets")
			env.Setenv("LW_TEST_SECRETS", secretsFile)
			// What the lw process needs to reach the Secret Service.
			for _, name := range []string{"LW_TEST_KEYRING", "DBUS_SESSION_BUS_ADDRESS", "GNOME_KEYRING_CONTROL", "XDG_RUNTIME_DIR"} {
				if v, ok := os.LookupEnv(name); ok {
					env.Setenv(name, v)
				}
			}
			if os.Getenv("GORACE") == "" {
				// Under -race every lw process would otherwise wait 1s at exit.
				env.Setenv("GORACE", "atexit_sleep_ms=10")
			}
			if storetest.RealKeyring() {
				env.Defer(func() {
					if err := forgetKeys(secretsFile); err != nil {
						env.T().Log(err)
					}
				})
			}
			return nil
		},
		Condition: func(cond string) (bool, error) {
			if cond == "realkeyring" {
				return storetest.RealKeyring(), nil
			}
			return false, fmt.Errorf("unknown condition %q", cond)
		},
		Cmds: map[string]func(*testscript.TestScript, bool, []string){
			"exits":     cmdExits,
			"jsonshape": cmdJSONShape,
			"jsonget":   cmdJSONGet,
			"killed":    cmdKilled,
			"boltcheck": cmdBoltCheck,
			"ifexists":  cmdIfExists,
		},
	})
}

// killed DURATION lw ARGS... starts lw, kills it (SIGKILL) after DURATION,
// and waits for it, whether or not it had finished by then: a kill can fall
// anywhere, and the script checks what is left. Scripts never judge how
// long anything took.
func cmdKilled(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) < 2 || args[1] != "lw" {
		ts.Fatalf("usage: killed DURATION lw ARGS...")
	}
	d, err := time.ParseDuration(args[0])
	if err != nil {
		ts.Fatalf("killed: %v", err)
	}
	// testscript puts its programs on the script's PATH.
	var lw string
	for _, dir := range filepath.SplitList(ts.Getenv("PATH")) {
		if p := filepath.Join(dir, "lw"); fileExists(p) {
			lw = p
			break
		}
	}
	if lw == "" {
		ts.Fatalf("killed: no lw on the script's PATH")
	}
	cmd := exec.Command(lw, args[2:]...)
	cmd.Dir = ts.Getenv("WORK")
	for _, name := range []string{"PATH", "HOME", "LW_HOME", "LW_TEST_SECRETS", "LW_TEST_KEYRING", "DBUS_SESSION_BUS_ADDRESS",
		"GNOME_KEYRING_CONTROL", "XDG_RUNTIME_DIR", "GORACE", "TMPDIR"} {
		if v := ts.Getenv(name); v != "" {
			cmd.Env = append(cmd.Env, name+"="+v)
		}
	}
	ts.Check(cmd.Start())
	time.Sleep(d)
	_ = cmd.Process.Kill()
	_ = cmd.Wait()
}

// boltcheck [-if-exists] DIR checks the wallet file in DIR with bbolt's
// tx.Check: after a kill, the file must be whole. With -if-exists a wallet
// never made passes.
func cmdBoltCheck(ts *testscript.TestScript, neg bool, args []string) {
	ifExists := len(args) == 2 && args[0] == "-if-exists"
	if neg || len(args) != 1 && !ifExists {
		ts.Fatalf("usage: boltcheck [-if-exists] DIR")
	}
	path := filepath.Join(ts.MkAbs(args[len(args)-1]), store.FileName)
	if ifExists && !fileExists(path) {
		ts.Logf("no wallet file at %s", path)
		return
	}
	if errs := storetest.CheckFile(path); len(errs) > 0 {
		ts.Fatalf("%s is not whole: %v", path, errors.Join(errs...))
	}
}

// ifexists FILE PROG ARGS... runs a program when FILE exists: what a kill
// left, if anything, must be whole.
func cmdIfExists(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) < 2 {
		ts.Fatalf("usage: ifexists FILE PROG [ARGS...]")
	}
	if !fileExists(ts.MkAbs(args[0])) {
		ts.Logf("%s does not exist", args[0])
		return
	}
	ts.Check(ts.Exec(args[1], args[2:]...))
}

// exits CODE PROG ARGS... runs a program and checks its exit status.
func cmdExits(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) < 2 {
		ts.Fatalf("usage: exits CODE PROG [ARGS...]")
	}
	want, err := strconv.Atoi(args[0])
	ts.Check(err)
	err = ts.Exec(args[1], args[2:]...)
	got := 0
	var exit *exec.ExitError
	if errors.As(err, &exit) {
		got = exit.ExitCode()
	} else {
		ts.Check(err)
	}
	if got != want {
		ts.Fatalf("%s exited with %d, want %d", args[1], got, want)
	}
}

// jsonshape FILE KEY... checks that FILE (or stdout) holds a JSON list of
// objects that each have exactly the given keys, in that order. A single
// object is checked when FILE is followed by the word "object".
func cmdJSONShape(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) < 2 {
		ts.Fatalf("usage: jsonshape FILE [object] KEY...")
	}
	data := ts.ReadFile(args[0])
	keys := args[1:]
	var objects []json.RawMessage
	if keys[0] == "object" {
		keys = keys[1:]
		objects = []json.RawMessage{json.RawMessage(data)}
	} else if err := json.Unmarshal([]byte(data), &objects); err != nil {
		ts.Fatalf("%s is not a JSON list: %v", args[0], err)
	}
	if len(objects) == 0 {
		ts.Fatalf("%s is an empty list", args[0])
	}
	for i, o := range objects {
		got, err := objectKeys(o)
		if err != nil {
			ts.Fatalf("%s: element %d: %v", args[0], i, err)
		}
		if !slices.Equal(got, keys) {
			ts.Fatalf("%s: element %d has keys %v, want %v", args[0], i, got, keys)
		}
	}
}

// objectKeys returns the keys of a JSON object in the order they appear.
func objectKeys(raw []byte) ([]string, error) {
	dec := json.NewDecoder(bytes.NewReader(raw))
	if t, err := dec.Token(); err != nil || t != json.Delim('{') {
		return nil, fmt.Errorf("not an object")
	}
	var keys []string
	for dec.More() {
		t, err := dec.Token()
		if err != nil {
			return nil, err
		}
		keys = append(keys, t.(string))
		var skip json.RawMessage
		if err := dec.Decode(&skip); err != nil {
			return nil, err
		}
	}
	return keys, nil
}

// jsonget VAR FILE PATH sets VAR to the string or number at PATH (like
// 0.id or summary.name) in the JSON in FILE (or stdout).
func cmdJSONGet(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 3 {
		ts.Fatalf("usage: jsonget VAR FILE PATH")
	}
	var v any
	if err := json.Unmarshal([]byte(ts.ReadFile(args[1])), &v); err != nil {
		ts.Fatalf("%s: %v", args[1], err)
	}
	for _, step := range strings.Split(args[2], ".") {
		switch x := v.(type) {
		case []any:
			i, err := strconv.Atoi(step)
			if err != nil || i < 0 || i >= len(x) {
				ts.Fatalf("%s: no element %q in a list of %d", args[2], step, len(x))
			}
			v = x[i]
		case map[string]any:
			var ok bool
			if v, ok = x[step]; !ok {
				ts.Fatalf("%s: no key %q", args[2], step)
			}
		default:
			ts.Fatalf("%s: cannot take %q of %v", args[2], step, v)
		}
	}
	switch x := v.(type) {
	case string:
		ts.Setenv(args[0], x)
	case float64:
		ts.Setenv(args[0], strconv.FormatFloat(x, 'f', -1, 64))
	default:
		ts.Fatalf("%s is %v, not a string or number", args[2], v)
	}
}

// scriptSecrets is the SecretStore of an lw process run by a script. It
// forwards to the OS keyring (real or mock) and records what it set in a
// file: with the mock, the secrets, so that the next lw process finds them;
// with the real keyring, only the account names, for cleaning up.
type scriptSecrets struct {
	file string
	real bool
}

func (s *scriptSecrets) load() error {
	if s.real {
		return nil
	}
	keyring.MockInit()
	saved, err := readSaved(s.file)
	if err != nil {
		return err
	}
	for account, v := range saved {
		b, err := base64.StdEncoding.DecodeString(v)
		if err != nil {
			return err
		}
		if err := (store.Keyring{}).Set(account, b); err != nil {
			return err
		}
	}
	return nil
}

func (s *scriptSecrets) Get(account string) ([]byte, error) { return store.Keyring{}.Get(account) }

func (s *scriptSecrets) Set(account string, secret []byte) error {
	if err := (store.Keyring{}).Set(account, secret); err != nil {
		return err
	}
	v := ""
	if !s.real {
		v = base64.StdEncoding.EncodeToString(secret)
	}
	return s.update(func(saved map[string]string) { saved[account] = v })
}

func (s *scriptSecrets) Delete(account string) error {
	if err := (store.Keyring{}).Delete(account); err != nil {
		return err
	}
	if s.real {
		return nil // keep the name: deleting again at cleanup is harmless
	}
	return s.update(func(saved map[string]string) { delete(saved, account) })
}

var savedMu sync.Mutex

func (s *scriptSecrets) update(f func(map[string]string)) error {
	savedMu.Lock()
	defer savedMu.Unlock()
	saved, err := readSaved(s.file)
	if err != nil {
		return err
	}
	f(saved)
	b, err := json.Marshal(saved)
	if err != nil {
		return err
	}
	return os.WriteFile(s.file, b, 0o600)
}

func readSaved(file string) (map[string]string, error) {
	saved := map[string]string{}
	b, err := os.ReadFile(file)
	if errors.Is(err, os.ErrNotExist) {
		return saved, nil
	}
	if err != nil {
		return nil, err
	}
	return saved, json.Unmarshal(b, &saved)
}

// forgetKeys deletes from the real keyring the keys a script's lw processes set.
func forgetKeys(file string) error {
	saved, err := readSaved(file)
	if err != nil {
		return err
	}
	var errs []error
	for account := range saved {
		errs = append(errs, store.Keyring{}.Delete(account))
	}
	return errors.Join(errs...)
}

// TestWalletInUse runs lw while the test holds the wallet open, as the app
// would. run is called in-process so that it shares the keyring (mock or real).
func TestWalletInUse(t *testing.T) {
	s := storetest.Secrets(t)
	db, dir := storetest.Open(t, s)
	old := secrets
	secrets = s
	t.Cleanup(func() { secrets = old })

	for _, args := range [][]string{
		{"--wallet", dir, "list"},
		{"import", "--wallet", dir, filepath.Join("..", "..", "testdata", "examples", "ob3", "validator", "simple.json")},
	} {
		var stdout, stderr bytes.Buffer
		code := run(args, strings.NewReader(""), &stdout, &stderr)
		if code != exitFailed {
			t.Errorf("lw %s: exit %d, want %d", strings.Join(args, " "), code, exitFailed)
		}
		want := "lw: this wallet is already open in another Learner Wallet window or lw command\n" +
			"lw: " + wallet.Advice(wallet.ErrWalletInUse) + "\n"
		if stderr.String() != want {
			t.Errorf("lw %s: stderr\n%s\nwant\n%s", strings.Join(args, " "), stderr.String(), want)
		}
		if stdout.Len() != 0 {
			t.Errorf("lw %s: stdout %q, want nothing", strings.Join(args, " "), stdout.String())
		}
	}
	if items, err := db.List(); err != nil || len(items) != 0 {
		t.Errorf("the open wallet holds %d items (%v), want none", len(items), err)
	}

	// Once the other holder lets go, lw works.
	db.Close()
	var stdout, stderr bytes.Buffer
	if code := run([]string{"--wallet", dir, "list"}, strings.NewReader(""), &stdout, &stderr); code != exitOK {
		t.Errorf("lw list after closing: exit %d, stderr %s", code, stderr.String())
	}
}

// TestKeyringUnavailable: without a keyring lw explains what to do and
// creates nothing.
func TestKeyringUnavailable(t *testing.T) {
	if storetest.RealKeyring() {
		t.Skip("needs go-keyring's mock to make the keyring fail")
	}
	keyring.MockInitWithError(errors.New("no Secret Service on the bus"))
	t.Cleanup(keyring.MockInit)
	old := secrets
	secrets = store.Keyring{}
	t.Cleanup(func() { secrets = old })

	root := t.TempDir()
	dir := filepath.Join(root, "wallet")
	var stdout, stderr bytes.Buffer
	code := run([]string{"import", "--wallet", dir, filepath.Join("..", "..", "testdata", "examples", "ob3", "validator", "simple.json")},
		strings.NewReader(""), &stdout, &stderr)
	if code != exitFailed {
		t.Errorf("exit %d, want %d", code, exitFailed)
	}
	want := "lw: the OS keyring cannot be reached (no Secret Service on the bus)\n" +
		"lw: " + wallet.Advice(wallet.ErrKeyringUnavailable) + "\n"
	if stderr.String() != want {
		t.Errorf("stderr\n%s\nwant\n%s", stderr.String(), want)
	}
	if stdout.Len() != 0 {
		t.Errorf("stdout %q, want nothing", stdout.String())
	}
	if entries, _ := os.ReadDir(root); len(entries) != 0 {
		t.Errorf("lw created %s without a keyring", entries[0].Name())
	}
}
