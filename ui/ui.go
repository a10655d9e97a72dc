// Package ui is Learner Wallet's window, built with Fyne. It talks to the
// domain through *wallet.Wallet only and never to the store; every slow call
// (storage, keyring, file I/O) runs off the UI goroutine through a runner.
package ui

import (
	"context"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/learnerwallet/learnerwallet/wallet"
)

// UI is the main window's content and state.
type UI struct {
	app    fyne.App
	win    fyne.Window
	wallet *wallet.Wallet
	async  runner
	images *imageCache

	items    []wallet.Item
	byID     map[string]int  // positions in items
	topIDs   []string        // every top-level item
	lib      *wallet.Library // the items, indexed for the filter bar
	filter   *filterBar
	shownIDs []string // the top-level items the filter bar finds
	selected string

	library   *library
	detail    *detail
	empty     fyne.CanvasObject
	split     *container.Split
	body      *fyne.Container
	toolbar   *fyne.Container // hidden while the empty state offers the same actions
	count     *widget.Label
	statusBar *fyne.Container // the status, progress and count, at the bottom
	status    *widget.Label
	progress  *widget.ProgressBar
	progBox   *fyne.Container // the progress bar at its width
	stopBtn   *ringButton     // stops an import; shown while one runs
	stop      chan struct{}   // closed by stopBtn
	actions   []*ringButton   // disabled while an import runs
	busy      bool            // an import, a backup or a restore is running

	// savePath and openPath ask the learner for a file; tests replace them.
	savePath func(name string, chosen func(path string))
	openPath func(exts []string, chosen func(path string))
	// folderPath asks the learner for a folder; tests replace it.
	folderPath func(chosen func(path string))
	// openPage opens an issuer's sign-in page in the system's browser;
	// tests replace it.
	openPage func(page string) error

	lastBackup       *widget.Label // when the wallet was last backed up, shown in Settings
	notice           *fyne.Container
	noticeText       *widget.Label
	noticeAction     *ringButton
	noticeClose      *ringButton
	noticeLater      *ringButton    // "Not now", shown with the recovery kit offer only
	kitOffered       bool           // the notice shown is the recovery kit offer
	scheduledRunning bool           // a scheduled backup is being written
	rechecking       bool           // every credential is being verified again
	followed         []followed     // scroll containers that follow the focus
	lastFocus        fyne.Focusable // the focus they last followed
}

// New builds the window's content for wallet w and shows it in win.
func New(a fyne.App, win fyne.Window, w *wallet.Wallet) *UI {
	restoreSize(a, win)
	u := newUI(a, win, w, background)
	u.reload("")
	u.startBackups()
	u.followFocus()
	return u
}

// Start shows win at once, saying the wallet is being opened, and opens it
// off the UI goroutine: the keyring may take a moment, or ask to be
// unlocked. Then it shows the library, or why the wallet could not be
// opened. The returned func closes the wallet; call it once the app has
// stopped.
func Start(a fyne.App, win fyne.Window, open func() (*wallet.Wallet, error)) (closeWallet func()) {
	return start(a, win, open, background)
}

func start(a fyne.App, win fyne.Window, open func() (*wallet.Wallet, error), async runner) func() {
	restoreSize(a, win)
	bar := widget.NewProgressBarInfinite()
	win.SetContent(container.NewCenter(container.NewVBox(widget.NewLabel(lang.L("Opening your wallet…")), bar)))
	var (
		w    *wallet.Wallet
		err  error
		done = make(chan struct{})
	)
	async.run(func() {
		w, err = open()
		if err == nil {
			// What has been in the trash for 30 days goes for good; should
			// that fail, it goes the next time.
			_, _ = w.PurgeTrash()
		}
		close(done)
	}, func() {
		bar.Stop()
		if err != nil {
			ShowStartupError(win, err)
			return
		}
		u := newUI(a, win, w, async)
		u.reload("")
		u.verifyUnchecked()
		u.startBackups()
		if async.live {
			u.followFocus()
		}
	})
	return func() {
		select {
		case <-done:
			if w != nil {
				_ = w.Close()
			}
		case <-time.After(5 * time.Second):
			// Still waiting for the keyring: the process is ending anyway.
		}
	}
}

const prefWidth, prefHeight = "window.width", "window.height"

// restoreSize gives the window the size it had when last closed, and
// remembers the size it has when closed.
func restoreSize(a fyne.App, win fyne.Window) {
	p := a.Preferences()
	width := float32(p.FloatWithFallback(prefWidth, 1100))
	height := float32(p.FloatWithFallback(prefHeight, 720))
	win.Resize(fyne.NewSize(max(width, 640), max(height, 420)))
	win.SetOnClosed(func() {
		size := win.Canvas().Size()
		p.SetFloat(prefWidth, float64(size.Width))
		p.SetFloat(prefHeight, float64(size.Height))
	})
}

func newUI(a fyne.App, win fyne.Window, w *wallet.Wallet, async runner) *UI {
	u := &UI{app: a, win: win, wallet: w, async: async, images: newImageCache(), byID: map[string]int{}}
	u.savePath, u.openPath, u.folderPath = u.chooseSavePath, u.chooseOpenPath, u.chooseFolderPath
	u.openPage = u.openPageInBrowser
	u.lastBackup = widget.NewLabel(lang.L("Last backup: never"))
	u.library = newLibrary(u)
	u.filter = newFilterBar(u)
	u.detail = newDetail(u)
	u.empty = u.emptyState()
	// The filter bar before the list in the objects' order, which is the
	// order Tab follows (NewBorder puts the middle first).
	bar := container.NewPadded(u.filter.root)
	u.split = container.NewHSplit(container.New(layout.NewBorderLayout(bar, nil, nil, nil), bar, u.library.view), u.detail.root)
	u.split.Offset = 0.42
	u.body = container.NewStack(u.empty)

	importBtn := newRingButton(lang.L("Import…"), theme.ContentAddIcon(), u.pickFiles)
	importBtn.Importance = widget.HighImportance
	u.actions = append(u.actions, importBtn)
	u.count = widget.NewLabel("")
	presentBtn := newRingButton(lang.L("Present…"), theme.MailSendIcon(), func() { u.present(u.shownSelected()...) })
	receiveBtn := newRingButton(lang.L("Receive…"), theme.DownloadIcon(), u.showReceive)
	u.actions = append(u.actions, receiveBtn)
	checkBtn := newRingButton(lang.L("Check a presentation…"), theme.VisibilityIcon(), u.openPresentation)
	logBtn := newRingButton(lang.L("Sharing log"), theme.HistoryIcon(), u.showShareLog)
	idBtn := newRingButton(lang.L("Your identities…"), theme.AccountIcon(), u.showIdentities)
	settingsBtn := newRingButton(lang.L("Settings…"), theme.SettingsIcon(), u.showSettings)
	u.toolbar = container.NewPadded(container.NewHBox(importBtn, receiveBtn, widget.NewSeparator(), presentBtn, checkBtn,
		layout.NewSpacer(), logBtn, idBtn, settingsBtn))

	u.status = widget.NewLabel("")
	u.status.Truncation = fyne.TextTruncateEllipsis
	u.progress = widget.NewProgressBar()
	u.progress.Hide()
	u.stopBtn = newRingButton(lang.L("Cancel"), theme.CancelIcon(), u.stopImport)
	u.stopBtn.Hide()
	u.progBox = container.NewGridWrap(fyne.NewSize(260, u.progress.MinSize().Height), u.progress)
	u.progBox.Hide()
	u.statusBar = container.NewBorder(nil, nil, nil, container.NewHBox(u.progBox, u.stopBtn, u.count), u.status)

	win.SetContent(container.NewBorder(container.NewVBox(u.toolbar, u.newNotice()), u.statusBar, nil, nil, u.body))
	win.SetOnDropped(func(_ fyne.Position, uris []fyne.URI) {
		var paths []string
		for _, uri := range uris {
			if uri.Scheme() == "file" {
				paths = append(paths, uri.Path())
			}
		}
		u.importPaths(paths)
	})
	u.addShortcuts()
	return u
}

func (u *UI) addShortcuts() {
	u.addMenus()
	c := u.win.Canvas()
	c.AddShortcut(&fyne.ShortcutPaste{}, func(fyne.Shortcut) { u.unlessDialog(u.pasteImport)() })
	// Keys no widget took: Delete in the library moves the selection to
	// the trash.
	c.SetOnTypedKey(func(k *fyne.KeyEvent) {
		switch {
		case k.Name == fyne.KeyDelete && u.body.Objects[0] == u.split && u.win.Canvas().Overlays().Top() == nil:
			u.trashSelected()
		case k.Name == fyne.KeyF1:
			u.showShortcuts()
		}
	})
}

// run does work off the UI goroutine, then done on it.
func (u *UI) run(work, done func()) { u.async.run(work, done) }

// verifyUnchecked verifies, in the background, the credentials that have no
// report (an upgrade drops reports written by older versions), then shows
// the library again.
func (u *UI) verifyUnchecked() {
	var ids []string
	var err error
	u.run(func() { ids, err = u.wallet.Unchecked() }, func() {
		if err != nil || len(ids) == 0 {
			return
		}
		u.status.SetText(lang.N("Verifying {{.Count}} credentials…", len(ids), counted(len(ids))))
		var verr error
		u.run(func() {
			verr = u.wallet.VerifyAll(context.Background(), ids, nil)
		}, func() {
			if verr != nil {
				u.showError(lang.L("Could not verify"), verr)
				return
			}
			u.status.SetText(lang.N("Verified {{.Count}} credentials", len(ids), counted(len(ids))))
			u.reload("")
		})
	})
}

// refreshChoices offers the wallet's tags and issuers in the filter bar.
func (u *UI) refreshChoices() {
	var tags []wallet.TagCount
	issuers := u.lib.Issuers()
	var err error
	items := u.items
	u.run(func() { tags, err = u.wallet.TagsIn(items) }, func() {
		if err == nil {
			u.filter.setChoices(tags, issuers)
		}
	})
}

// reload reads the item list again, then selects id (if given and present).
func (u *UI) reload(selectID string) {
	var items []wallet.Item
	var err error
	u.run(func() { items, err = u.wallet.BriefItems() }, func() {
		if err != nil {
			u.showError(lang.L("Could not read the wallet"), err)
			return
		}
		u.setItems(items)
		if selectID != "" {
			u.selectItem(selectID)
		}
	})
}

func (u *UI) setItems(items []wallet.Item) {
	u.items = items
	u.byID = make(map[string]int, len(items))
	u.topIDs = u.topIDs[:0]
	n := 0
	for i := range items {
		it := &items[i]
		u.byID[it.ID] = i
		if it.Parent == "" {
			u.topIDs = append(u.topIDs, it.ID)
			n++
		}
	}
	u.lib = wallet.NewLibrary(items)
	switch {
	case n == 0:
		u.count.SetText("")
		u.toolbar.Hide()
		u.body.Objects = []fyne.CanvasObject{u.empty}
	default:
		u.toolbar.Show()
		u.body.Objects = []fyne.CanvasObject{u.split}
	}
	u.body.Refresh()
	u.applyFilter()
	u.refreshChoices()
	if _, ok := u.itemOK(u.selected); !ok {
		u.selected = ""
		u.library.tree.UnselectAll()
		u.detail.show(nil)
	} else {
		it := u.item(u.selected)
		u.detail.show(&it)
	}
}

// selectItem selects an item in the library and shows it.
func (u *UI) selectItem(id string) {
	it, ok := u.itemOK(id)
	if !ok {
		return
	}
	if it.Parent != "" {
		u.library.tree.OpenBranch(it.Parent)
	}
	u.library.tree.Select(id)
	u.library.tree.ScrollTo(id)
}

func (u *UI) setBusy(busy bool, text string) {
	u.busy = busy
	for _, b := range u.actions {
		if busy {
			b.Disable()
		} else {
			b.Enable()
		}
	}
	u.status.SetText(text)
	if busy {
		u.progress.SetValue(0)
		u.progress.Show()
		u.progBox.Show()
	} else {
		u.progress.Hide()
		u.progBox.Hide()
		u.stopBtn.Hide()
	}
}

// counted is the template data of a text counting n things, for lang.N.
func counted(n int) map[string]any { return map[string]any{"Count": n} }

// item returns the item with id as the library last read it, or the zero
// Item when there is none.
func (u *UI) item(id string) wallet.Item {
	it, _ := u.itemOK(id)
	return it
}

// itemOK returns the item with id as the library last read it, and
// whether there is one.
func (u *UI) itemOK(id string) (wallet.Item, bool) {
	i, ok := u.byID[id]
	if !ok {
		return wallet.Item{}, false
	}
	return u.items[i], true
}
