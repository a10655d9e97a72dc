package ui

import "fyne.io/fyne/v2"

// runner runs work off the UI goroutine, then done on it. work never touches
// widgets; done only touches widgets. Tests swap in runInline.
type runner func(work func(), done func())

// runBackground is the runner of the real app.
func runBackground(work func(), done func()) {
	go func() {
		work()
		fyne.Do(done)
	}()
}

// runInline runs both at once, for deterministic tests.
func runInline(work func(), done func()) {
	work()
	done()
}
