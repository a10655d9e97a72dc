package ui

import (
	"bufio"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"

	"github.com/learnerwallet/learnerwallet/store"
	"github.com/learnerwallet/learnerwallet/store/storetest"
	"github.com/learnerwallet/learnerwallet/wallet"
)

// BenchmarkLaunch10000 is the window opening on a real encrypted wallet of
// 10,000 credentials, up to a full library on screen (the headless
// driver: no GPU work), and the memory the window then holds.
func BenchmarkLaunch10000(b *testing.B) {
	const n = 10000
	db, _ := storetest.Open(b, storetest.Secrets(b))
	w := wallet.New(db)
	for _, r := range w.ImportPaths([]string{storetest.WriteCredentials(b, n)}, wallet.ImportOptions{}) {
		if r.Status != wallet.Imported {
			b.Fatalf("%+v", r)
		}
	}
	a := test.NewTempApp(b)
	a.Settings().SetTheme(theme.LightTheme())
	var heap uint64
	b.ReportAllocs()
	for b.Loop() {
		win := test.NewWindow(nil)
		u := newUI(a, win, w, inline)
		win.Resize(fyne.NewSize(1100, 720))
		u.reload("")
		if len(u.topIDs) != n {
			b.Fatalf("%d in the library", len(u.topIDs))
		}
		test.LaidOutObjects(win.Content())
		b.StopTimer()
		runtime.GC()
		var m runtime.MemStats
		runtime.ReadMemStats(&m)
		heap = m.HeapInuse
		win.Close()
		b.StartTimer()
	}
	b.ReportMetric(float64(heap)/(1<<20), "heap-MB")
}

// BenchmarkLaunchRSS10000 measures the memory the operating system gives a
// process that opens a wallet of 10,000 credentials in the window (the
// headless driver) up to a full library: its resident set (RSS) then, and
// at its peak. The process is this test binary, run again as
// TestLaunchChild, so the figures include the test harness; the target is
// 200 MB.
func BenchmarkLaunchRSS10000(b *testing.B) {
	if runtime.GOOS != "linux" {
		b.Skip("reads /proc")
	}
	const n = 10000
	secrets := storetest.Secrets(b)
	db, dir := storetest.Open(b, secrets)
	w := wallet.New(db)
	for _, r := range w.ImportPaths([]string{storetest.WriteCredentials(b, n)}, wallet.ImportOptions{}) {
		if r.Status != wallet.Imported {
			b.Fatalf("%+v", r)
		}
	}
	account := store.DataKeyAccount(db.WalletID())
	key, err := secrets.Get(account)
	if err != nil {
		b.Fatal(err)
	}
	if err := db.Close(); err != nil {
		b.Fatal(err)
	}
	var rss, peak float64
	for b.Loop() {
		cmd := exec.Command(os.Args[0], "-test.run=^TestLaunchChild$")
		cmd.Env = append(os.Environ(), "LW_LAUNCH_CHILD="+dir, "LW_LAUNCH_ACCOUNT="+account, "LW_LAUNCH_KEY="+hex.EncodeToString(key))
		out, err := cmd.CombinedOutput()
		if err != nil {
			b.Fatalf("%v\n%s", err, out)
		}
		if _, err := fmt.Sscanf(string(out[strings.Index(string(out), "rss "):]), "rss %f %f", &rss, &peak); err != nil {
			b.Fatalf("%v\n%s", err, out)
		}
	}
	b.ReportMetric(rss, "rss-MB")
	b.ReportMetric(peak, "peak-rss-MB")
}

// TestLaunchChild is BenchmarkLaunchRSS10000's process: it opens the
// window on the wallet it is given and prints its RSS, and its peak, in
// MB.
func TestLaunchChild(t *testing.T) {
	dir := os.Getenv("LW_LAUNCH_CHILD")
	if dir == "" {
		t.Skip("run by BenchmarkLaunchRSS10000")
	}
	key, err := hex.DecodeString(os.Getenv("LW_LAUNCH_KEY"))
	if err != nil {
		t.Fatal(err)
	}
	db, err := store.Open(dir, oneSecret{os.Getenv("LW_LAUNCH_ACCOUNT"), key})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	a := test.NewTempApp(t)
	win := test.NewWindow(nil)
	u := newUI(a, win, wallet.New(db), inline)
	win.Resize(fyne.NewSize(1100, 720))
	u.reload("")
	test.LaidOutObjects(win.Content())
	if len(u.topIDs) == 0 {
		t.Fatal("an empty library")
	}
	status, err := os.ReadFile(filepath.Join("/proc", "self", "status"))
	if err != nil {
		t.Fatal(err)
	}
	mb := map[string]float64{}
	sc := bufio.NewScanner(strings.NewReader(string(status)))
	for sc.Scan() {
		name, value, _ := strings.Cut(sc.Text(), ":")
		if f := strings.Fields(value); len(f) == 2 && f[1] == "kB" {
			kb, _ := strconv.ParseFloat(f[0], 64)
			mb[name] = kb / 1024
		}
	}
	fmt.Printf("rss %.1f %.1f\n", mb["VmRSS"], mb["VmHWM"])
}

// oneSecret is a secret store holding one wallet's data key.
type oneSecret struct {
	account string
	key     []byte
}

func (s oneSecret) Get(account string) ([]byte, error) {
	if account != s.account {
		return nil, wallet.ErrSecretNotFound
	}
	return s.key, nil
}
func (oneSecret) Set(string, []byte) error { return errors.New("read only") }
func (oneSecret) Delete(string) error      { return errors.New("read only") }
