package ui

import "fyne.io/fyne/v2"

// runner is the one place where work crosses between the UI goroutine and
// others. run does work off the UI goroutine, then done on it: work never
// touches widgets, done only touches widgets. post runs f on the UI
// goroutine, for progress reported from inside work. Tests use inline.
type runner struct {
	run  func(work, done func())
	post func(f func())
	live bool // the real app's, with a loop of events: not a test's
}

// background is the runner of the real app.
var background = runner{
	run: func(work, done func()) {
		go func() {
			work()
			fyne.Do(done)
		}()
	},
	post: fyne.Do,
	live: true,
}

// inline runs everything at once, for deterministic tests.
var inline = runner{
	run:  func(work, done func()) { work(); done() },
	post: func(f func()) { f() },
}

// soon runs f on the UI goroutine once the event being handled is over.
// A dialog opened by a button pressed with Space takes the keyboard only
// then: otherwise the space, which follows the key press, is typed into
// its first field — a file name or a passphrase starting with a space.
func (u *UI) soon(f func()) { u.async.run(func() {}, f) }
