package ui

import (
	"runtime"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"

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
