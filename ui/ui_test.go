package ui

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/learnerwallet/learnerwallet/wallet"
	"github.com/learnerwallet/learnerwallet/wallet/credential"
	"github.com/learnerwallet/learnerwallet/wallet/wallettest"
)

const (
	examples  = "../testdata/examples"
	generated = "../testdata/generated"
)

var fixedNow = time.Date(2026, 11, 27, 10, 0, 0, 0, time.UTC)

// newTestUI builds the window over an in-memory wallet, with slow work run
// inline so every step is finished when the call returns.
func newTestUI(t *testing.T) (*UI, fyne.Window) {
	t.Helper()
	return newWalletUI(t, wallet.New(wallettest.NewStore(), wallet.WithClock(func() time.Time { return fixedNow })))
}

// newWalletUI builds the window over w, with slow work run inline.
func newWalletUI(t *testing.T, w *wallet.Wallet) (*UI, fyne.Window) {
	t.Helper()
	a := test.NewTempApp(t)
	a.Settings().SetTheme(theme.LightTheme())
	win := test.NewTempWindow(t, nil)
	u := newUI(a, win, w, inline)
	win.Resize(fyne.NewSize(1000, 700))
	u.reload("")
	return u, win
}

// objects returns every object drawn in the window, dialogs included.
func objects(win fyne.Window) []fyne.CanvasObject {
	all := test.LaidOutObjects(win.Canvas().Content())
	for _, o := range win.Canvas().Overlays().List() {
		all = append(all, test.LaidOutObjects(o)...)
	}
	return all
}

func texts(win fyne.Window) string {
	var b strings.Builder
	for _, o := range objects(win) {
		switch w := o.(type) {
		case *widget.Label:
			b.WriteString(w.Text + "\n")
		case *widget.RichText:
			b.WriteString(w.String() + "\n")
		case *widget.Button:
			b.WriteString("[" + w.Text + "]\n")
		case *ringButton:
			b.WriteString("[" + w.Text + "]\n")
		}
	}
	return b.String()
}

// asButton is o as a button: a widget.Button, or the one in a ringButton.
func asButton(o fyne.CanvasObject) (*widget.Button, bool) {
	switch b := o.(type) {
	case *widget.Button:
		return b, true
	case *ringButton:
		return &b.Button, true
	}
	return nil, false
}

func button(t *testing.T, win fyne.Window, text string) *widget.Button {
	t.Helper()
	for _, o := range objects(win) {
		if b, ok := asButton(o); ok && b.Text == text && b.Visible() {
			return b
		}
	}
	t.Fatalf("no button %q in:\n%s", text, texts(win))
	return nil
}

func checkBox(t *testing.T, win fyne.Window, text string) *widget.Check {
	t.Helper()
	for _, o := range objects(win) {
		if c, ok := o.(*widget.Check); ok && c.Text == text && c.Visible() {
			return c
		}
	}
	t.Fatalf("no check box %q in:\n%s", text, texts(win))
	return nil
}

func TestEmptyState(t *testing.T) {
	u, win := newTestUI(t)
	if u.body.Objects[0] != u.empty {
		t.Fatal("an empty wallet does not show the empty state")
	}
	got := texts(win)
	for _, want := range []string{"Your learner wallet is empty", "[Import…]", "Files or whole folders", "drop them onto this window", "[Try sample credentials]"} {
		if !strings.Contains(got, want) {
			t.Errorf("empty state lacks %q; it shows:\n%s", want, got)
		}
	}
	test.AssertRendersToMarkup(t, "empty.xml", win.Canvas())
}

func TestImportShowsLibraryAndDetail(t *testing.T) {
	u, win := newTestUI(t)
	u.importPaths([]string{
		filepath.Join(examples, "ob3/validator/simple.json"),
		filepath.Join(examples, "ob3/validator/simple-jwt.png"),
		filepath.Join(examples, "clr2/validator/complex.json"),
		filepath.Join(examples, "ob2/validator/simple-badge.png"),
	})
	if u.body.Objects[0] != u.split {
		t.Fatal("after an import the library is not shown")
	}
	if got := len(u.topIDs); got != 4 {
		t.Fatalf("library shows %d top-level credentials, want 4", got)
	}
	if got := u.count.Text; got != "4 credentials (6 inside records)" {
		t.Errorf("count = %q", got)
	}
	if s := u.status.Text; s != "4 imported" {
		t.Errorf("status = %q, want %q", s, "4 imported")
	}
	// The first imported item is selected and shown.
	if u.selected == "" || u.detail.item == nil {
		t.Fatal("nothing selected after import")
	}

	var clr wallet.Item
	for _, it := range u.items {
		if it.Kind == credential.KindCLR {
			clr = it
		}
	}
	u.selectItem(clr.ID)
	got := texts(win)
	for _, want := range []string{"Ellis Monday", "Learner Record (CLR)", "Transcript", "Western High School, RSD", "Issuer not confirmed",
		"[Nurse Assistant 1 Program with Licensure]", "[Health Careers 1]"} {
		if !strings.Contains(got, want) {
			t.Errorf("CLR detail lacks %q; it shows:\n%s", want, got)
		}
	}
	// A nested credential opens from the record's detail, and cannot be deleted on its own.
	child := u.item(clr.Children[2])
	test.Tap(button(t, win, child.Summary.Title()))
	if u.selected != child.ID {
		t.Fatalf("tapping a nested credential selected %q, want %q", u.selected, child.ID)
	}
	if !u.library.tree.IsBranchOpen(clr.ID) {
		t.Error("the record's branch did not open to show the nested credential")
	}
	if !strings.Contains(texts(win), "Part of") {
		t.Error("nested credential detail does not say which record it is part of")
	}
	if !button(t, win, "Delete").Disabled() {
		t.Error("a nested credential can be deleted on its own")
	}
}

func TestImportRejectedAndDuplicateExplained(t *testing.T) {
	u, win := newTestUI(t)
	good := filepath.Join(examples, "ob3/validator/simple.json")
	bad := filepath.Join(t.TempDir(), "broken.json")
	if err := os.WriteFile(bad, []byte(`{"@context": [`), 0o600); err != nil {
		t.Fatal(err)
	}
	u.importPaths([]string{good})
	u.importPaths([]string{bad, good})
	if u.status.Text != "0 imported, 1 already in the wallet, 1 not imported" {
		t.Errorf("status = %q", u.status.Text)
	}
	got := texts(win)
	for _, want := range []string{"broken.json", "the JSON is malformed", "1 credential was already in the wallet: nothing of it changed."} {
		if !strings.Contains(got, want) {
			t.Errorf("import report lacks %q; it shows:\n%s", want, got)
		}
	}
	if len(u.topIDs) != 1 {
		t.Errorf("wallet holds %d credentials, want 1", len(u.topIDs))
	}
}

// Delete moves to the trash at once, and Undo brings it back.
func TestDeleteToTrashWithUndo(t *testing.T) {
	u, win := newTestUI(t)
	u.importPaths([]string{filepath.Join(examples, "clr2/validator/simple.json")})
	u.hideNotice() // the recovery kit offer
	test.Tap(button(t, win, "Delete"))
	if len(u.items) != 0 || u.body.Objects[0] != u.empty {
		t.Fatalf("after delete the library holds %d items", len(u.items))
	}
	mustContain(t, win, "to the trash. It is deleted for good in 30 days.")
	test.Tap(button(t, win, "Undo"))
	if len(u.topIDs) != 1 || len(u.items) != 2 {
		t.Fatalf("after Undo the library holds %d records, %d items", len(u.topIDs), len(u.items))
	}
	if u.notice.Visible() {
		t.Error("the notice stays after Undo")
	}
}

func TestPasteImportsFromClipboard(t *testing.T) {
	u, _ := newTestUI(t)
	b, err := os.ReadFile(filepath.Join(examples, "ob3/validator/simple.jwt"))
	if err != nil {
		t.Fatal(err)
	}
	u.app.Clipboard().SetContent(string(b))
	u.pasteImport()
	if len(u.topIDs) != 1 || u.item(u.topIDs[0]).Format != credential.FormatJWT {
		t.Fatalf("paste did not import the JWT: %v", u.items)
	}
	u.app.Clipboard().SetContent("")
	u.pasteImport()
	if !strings.Contains(u.status.Text, "clipboard is empty") {
		t.Errorf("empty clipboard status = %q", u.status.Text)
	}
}

func TestPickerSelectsSeveralFiles(t *testing.T) {
	u, win := newTestUI(t)
	dir := t.TempDir()
	for _, f := range []string{"ob3/validator/simple.json", "ob3/validator/simple-json.svg", "clr2/validator/simple.jwt"} {
		b, err := os.ReadFile(filepath.Join(examples, f))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, filepath.Base(f)), b, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.WriteFile(filepath.Join(dir, "notes.docx"), []byte("x"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.Mkdir(filepath.Join(dir, "more"), 0o700); err != nil {
		t.Fatal(err)
	}
	var picked []string
	p := newPicker(u, dir, func(paths []string) { picked = paths; u.importPaths(paths) })
	p.show()
	names := []string{}
	for _, e := range p.entries {
		names = append(names, e.name)
	}
	if got := strings.Join(names, ","); got != "more,simple-json.svg,simple.json,simple.jwt" {
		t.Fatalf("picker lists %s", got)
	}
	if !p.ok.Disabled() {
		t.Error("Import is enabled with nothing selected")
	}
	p.list.Select(1)
	p.list.Select(3)
	if p.ok.Text != "Import 2 files" {
		t.Errorf("button says %q", p.ok.Text)
	}
	test.Tap(p.ok)
	if len(picked) != 2 || len(u.topIDs) != 2 {
		t.Fatalf("picked %v, wallet holds %d", picked, len(u.topIDs))
	}
	_ = win
}

func TestStartupErrorSaysWhatToDo(t *testing.T) {
	test.NewTempApp(t)
	win := test.NewTempWindow(t, nil)
	ShowStartupError(win, wallet.ErrKeyringUnavailable)
	got := texts(win)
	if !strings.Contains(got, "could not open your wallet") || !strings.Contains(got, "gnome-keyring") {
		t.Errorf("startup error shows:\n%s", got)
	}
}

func TestRecordWithTwentyCourses(t *testing.T) {
	u, win := newTestUI(t)
	u.importPaths([]string{"../testdata/generated/clr-20-courses-unsigned.json"})
	if len(u.topIDs) != 1 || len(u.items) != 21 {
		t.Fatalf("wallet holds %d top-level and %d items, want 1 and 21", len(u.topIDs), len(u.items))
	}
	clr := u.item(u.topIDs[0])
	u.selectItem(clr.ID)
	got := texts(win)
	if !strings.Contains(got, "Transcript") || !strings.Contains(got, "[Capstone Project]") {
		t.Errorf("record detail shows:\n%s", got)
	}
	// Every course is listed under the record in the library, in the record's order.
	kids := u.library.children(clr.ID)
	if len(kids) != 20 || u.item(kids[0]).Summary.Title() != "Academic Writing" || u.item(kids[19]).Summary.Title() != "Capstone Project" {
		t.Errorf("library children = %v", kids)
	}
	if !strings.Contains(rowDetail(clr), "Learner Record (CLR) · 20 credentials") {
		t.Errorf("row says %q", rowDetail(clr))
	}
}

func TestOneImportAtATime(t *testing.T) {
	u, _ := newTestUI(t)
	u.setBusy(true, "Importing…")
	u.importPaths([]string{filepath.Join(examples, "ob3/validator/simple.json")})
	u.pasteImport()
	if len(u.items) != 0 || !strings.Contains(u.status.Text, "still busy") {
		t.Errorf("a second import started while one ran: %d items, status %q", len(u.items), u.status.Text)
	}
	u.setBusy(false, "")
	u.importPaths([]string{filepath.Join(examples, "ob3/validator/simple.json")})
	if len(u.items) != 1 {
		t.Errorf("after the first import ended, the next did not run")
	}
}

func TestStartShowsWhyTheWalletCannotOpen(t *testing.T) {
	a := test.NewTempApp(t)
	win := test.NewTempWindow(t, nil)
	closeWallet := start(a, win, func() (*wallet.Wallet, error) { return nil, wallet.ErrWalletInUse }, inline)
	defer closeWallet()
	if got := texts(win); !strings.Contains(got, "already open in another Learner Wallet window") {
		t.Errorf("window shows:\n%s", got)
	}
}

func TestStartOpensTheLibrary(t *testing.T) {
	a := test.NewTempApp(t)
	win := test.NewTempWindow(t, nil)
	closeWallet := start(a, win, func() (*wallet.Wallet, error) { return wallet.New(wallettest.NewStore()), nil }, inline)
	if got := texts(win); !strings.Contains(got, "Your learner wallet is empty") {
		t.Errorf("window shows:\n%s", got)
	}
	closeWallet()
}

func TestLibraryAndDetailRender(t *testing.T) {
	time.Local = time.UTC // the detail shows the import time in local time
	u, win := newTestUI(t)
	// The library as it is drawn, without the one-time recovery kit offer.
	if err := u.wallet.MarkKitOffered(); err != nil {
		t.Fatal(err)
	}
	u.importPaths([]string{
		filepath.Join(examples, "ob3/validator/simple.json"),
		filepath.Join(examples, "clr2/validator/complex.json"),
	})
	for _, it := range u.items {
		if it.Kind == credential.KindCLR {
			u.library.tree.OpenBranch(it.ID)
			u.selectItem(it.ID)
		}
	}
	test.AssertRendersToMarkup(t, "library.xml", win.Canvas())
}

func TestIdentitiesDialog(t *testing.T) {
	u, win := newTestUI(t)
	u.showIdentities()
	if !strings.Contains(texts(win), "None yet.") {
		t.Fatalf("dialog shows:\n%s", texts(win))
	}
	var entry *lineEntry
	for _, o := range objects(win) {
		if e, ok := o.(*lineEntry); ok {
			entry = e
		}
	}
	entry.SetText("nobody@example.org")
	test.Tap(button(t, win, "Add"))
	ids, err := u.wallet.Identities()
	if err != nil || len(ids.Emails) != 1 || ids.Emails[0] != "nobody@example.org" {
		t.Fatalf("identities = %+v, %v", ids, err)
	}
	if !strings.Contains(texts(win), "nobody@example.org") {
		t.Errorf("the dialog does not list the new identity:\n%s", texts(win))
	}
}

// The trash lists what was deleted, gives it back, and empties.
func TestTrashDialog(t *testing.T) {
	u, win := newTestUI(t)
	u.importPaths([]string{filepath.Join(examples, "ob3/validator/simple.json")})
	u.hideNotice()
	test.Tap(button(t, win, "Delete"))
	u.hideNotice()
	u.showTrash()
	mustContain(t, win, "Teamwork", "deleted for good on")
	test.Tap(button(t, win, "Restore"))
	if len(u.topIDs) != 1 {
		t.Fatalf("after Restore the library holds %d", len(u.topIDs))
	}
	mustContain(t, win, "The trash is empty.")
}

// The one Import… dialog takes a typed path: a folder opens, a file is
// selected, and Enter again imports it; a whole folder imports too.
func TestPickerTypedPathAndFolder(t *testing.T) {
	u, win := newTestUI(t)
	dir := t.TempDir()
	b, _ := os.ReadFile(filepath.Join(examples, "ob3/validator/simple.json"))
	os.WriteFile(filepath.Join(dir, "a.json"), b, 0o600)
	p := newPicker(u, "", func(paths []string) { u.importPaths(paths) })
	p.show()
	p.typed(filepath.Join(dir, "nothing-here"))
	mustContain(t, win, "There is no file or folder")
	p.typed(dir)
	if p.dir != dir {
		t.Fatalf("typed folder not opened: %s", p.dir)
	}
	p.typed("a.json")
	if !p.selected[filepath.Join(dir, "a.json")] {
		t.Fatal("typed file not selected")
	}
	p.typed("a.json") // Enter again: import
	if len(u.topIDs) != 1 {
		t.Fatalf("%d imported", len(u.topIDs))
	}
	u.hideNotice()
	p = newPicker(u, dir, func(paths []string) { u.importPaths(paths) })
	p.show()
	if win.Canvas().Focused() != p.path || p.path.SelectedText() != dir {
		t.Errorf("the path field does not have the keyboard, its text chosen, when the dialog opens: %q", p.path.SelectedText())
	}
	test.Tap(button(t, win, "Import this whole folder"))
	mustContain(t, win, "0 imported, 1 already in the wallet")
	// By keyboard: type the folder, Enter opens it, Enter again imports it.
	u.hideNotice()
	p = newPicker(u, "", func(paths []string) { u.importPaths(paths) })
	p.show()
	p.typed(dir)
	p.typed(dir)
	mustContain(t, win, "0 imported, 1 already in the wallet")
}

// Settings, one tab a subject: the learner's DIDs to copy, working offline.
func TestSettingsTabs(t *testing.T) {
	u, win, _ := newKeyringUI(t)
	k, err := u.wallet.HolderKey()
	if err != nil {
		t.Fatal(err)
	}
	u.showSettingsAt(tabYou)
	mustContain(t, win, "Your DIDs", k.DID(), "current", "[Replace my signing key…]")
	test.Tap(button(t, win, "Copy"))
	if got := u.app.Clipboard().Content(); got != k.DID() {
		t.Errorf("copied %q", got)
	}
	test.Tap(button(t, win, "Close"))
	u.showSettingsAt(tabNetwork)
	test.Tap(checkBox(t, win, "Work offline"))
	if !u.wallet.Offline() {
		t.Error("Work offline did not take")
	}
}

// An identity added later counts at once: every credential is checked
// again, without Verify again on each.
func TestIdentityAddedRechecks(t *testing.T) {
	u, win, _ := newKeyringUI(t)
	u.importPaths([]string{filepath.Join(generated, "badge-teamwork-signed.json")})
	u.hideNotice()
	before := u.item(u.topIDs[0]).Verification
	u.showIdentities()
	for _, o := range objects(win) {
		if e, ok := o.(*lineEntry); ok && e.PlaceHolder == "you@example.org" {
			e.SetText("ellis.monday@example.edu")
		}
	}
	test.Tap(button(t, win, "Add"))
	after := u.item(u.topIDs[0])
	if after.Verification == before || after.Verification != "valid" {
		t.Errorf("verdict %q before, %q after adding the identity", before, after.Verification)
	}
}
