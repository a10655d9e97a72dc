package ui

import (
	"os"
	"path/filepath"
	"sort"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/learnerwallet/learnerwallet/wallet/safetext"
)

// picker is the one Import… dialog: it selects several files at once
// (which Fyne's own file dialog cannot), or imports a whole folder, and
// takes a typed or pasted path. Folders open with a tap; files toggle.
type picker struct {
	u        *UI
	dir      string
	entries  []pickEntry
	selected map[string]bool
	onImport func([]string)
	seq      int // of the latest listing asked for

	path    *lineEntry    // the folder shown; a path typed here opens or selects
	problem *widget.Label // why a typed path cannot be used
	list    *widget.List
	all     *widget.Check
	showAll *widget.Check
	ok      *ringButton
	dlg     *dialog.CustomDialog
}

type pickEntry struct {
	name  string
	isDir bool
}

// credentialExts are the file types offered unless "Show all files" is on.
var credentialExts = map[string]bool{".json": true, ".jsonld": true, ".jwt": true, ".jws": true, ".png": true, ".svg": true, ".svgz": true, ".txt": true, ".1ob": true}

func newPicker(u *UI, start string, onImport func([]string)) *picker {
	if fi, err := os.Stat(start); start == "" || err != nil || !fi.IsDir() {
		start, _ = os.UserHomeDir()
	}
	p := &picker{u: u, dir: start, selected: map[string]bool{}, onImport: onImport}
	p.path = newLineEntry()
	p.path.SetPlaceHolder(lang.L("Type or paste a path, then Enter; Enter again on a folder imports it all"))
	p.path.OnSubmitted = p.typed
	p.problem = widget.NewLabel("")
	p.problem.Importance = widget.DangerImportance
	p.problem.Wrapping = fyne.TextWrapWord
	p.problem.Hide()
	up := newRingButton("", theme.MoveUpIcon(), func() { p.open(filepath.Dir(p.dir)) })
	home := newRingButton("", theme.HomeIcon(), func() {
		if h, err := os.UserHomeDir(); err == nil {
			p.open(h)
		}
	})
	p.list = widget.NewList(func() int { return len(p.entries) }, p.createRow, p.updateRow)
	p.list.OnSelected = func(i widget.ListItemID) {
		p.list.Unselect(i)
		if i >= len(p.entries) {
			return
		}
		e := p.entries[i]
		full := filepath.Join(p.dir, e.name)
		if e.isDir {
			p.open(full)
			return
		}
		p.selected[full] = !p.selected[full]
		if !p.selected[full] {
			delete(p.selected, full)
		}
		p.list.RefreshItem(i)
		p.updateOK()
	}
	p.all = widget.NewCheck(lang.L("Select all files here"), p.selectAll)
	p.showAll = widget.NewCheck(lang.L("Show all files"), func(bool) { p.open(p.dir) })
	p.ok = newRingButton(lang.L("Import"), theme.ContentAddIcon(), func() {
		paths := make([]string, 0, len(p.selected))
		for f := range p.selected {
			paths = append(paths, f)
		}
		sort.Strings(paths)
		p.dlg.Hide()
		p.onImport(paths)
	})
	p.ok.Importance = widget.HighImportance
	cancel := newRingButton(lang.L("Cancel"), nil, func() { p.dlg.Hide() })
	folder := newRingButton(lang.L("Import this whole folder"), theme.FolderOpenIcon(), func() {
		p.dlg.Hide()
		p.onImport([]string{p.dir})
	})

	top := container.NewVBox(container.NewBorder(nil, nil, container.NewHBox(up, home), nil, p.path), p.problem)
	bottom := container.NewVBox(
		container.NewHBox(p.all, p.showAll),
		container.NewBorder(nil, nil, folder, container.NewHBox(cancel, p.ok)))
	body := container.NewBorder(top, bottom, nil, nil, p.list)
	p.dlg = dialog.NewCustomWithoutButtons(lang.L("Import credentials"), body, u.win)
	p.dlg.Resize(fyne.NewSize(760, 560))
	u.handleKeys(p.dlg, &dialogKeys{cancel: p.dlg.Hide})
	return p
}

// typed opens a typed folder, or selects a typed file (Enter on a file
// already selected imports what is selected).
func (p *picker) typed(path string) {
	path = strings.TrimSpace(path)
	if strings.HasPrefix(path, "~/") || path == "~" {
		if h, err := os.UserHomeDir(); err == nil {
			path = filepath.Join(h, strings.TrimPrefix(path, "~"))
		}
	}
	path = strings.TrimPrefix(path, "file://")
	if !filepath.IsAbs(path) {
		path = filepath.Join(p.dir, path)
	}
	fi, err := os.Stat(path)
	switch {
	case err != nil:
		p.problem.SetText(lang.L("There is no file or folder {{.Path}}.", map[string]any{"Path": safetext.Line(path)}))
		p.problem.Show()
		return
	case fi.IsDir() && filepath.Clean(path) == filepath.Clean(p.dir) && len(p.selected) == 0:
		// Enter again on the folder shown imports all of it.
		p.problem.Hide()
		p.dlg.Hide()
		p.onImport([]string{p.dir})
		return
	case fi.IsDir():
		p.problem.Hide()
		p.open(path)
		return
	}
	p.problem.Hide()
	if p.selected[path] {
		p.ok.OnTapped()
		return
	}
	p.selected[path] = true
	p.updateOK()
	p.open(filepath.Dir(path))
}

func (p *picker) show() {
	p.open(p.dir)
	p.dlg.Show()
	// Type or paste a path at once: it replaces the folder shown.
	p.u.soon(func() {
		p.u.win.Canvas().Focus(p.path)
		p.path.TypedShortcut(&fyne.ShortcutSelectAll{})
	})
}

func (p *picker) createRow() fyne.CanvasObject {
	icon := widget.NewIcon(theme.FileIcon())
	name := widget.NewLabel("")
	name.Truncation = fyne.TextTruncateEllipsis
	return container.NewBorder(nil, nil, icon, nil, name)
}

func (p *picker) updateRow(i widget.ListItemID, o fyne.CanvasObject) {
	if i >= len(p.entries) {
		return
	}
	e := p.entries[i]
	c := o.(*fyne.Container)
	name := c.Objects[0].(*widget.Label)
	icon := c.Objects[1].(*widget.Icon)
	name.SetText(safetext.Line(e.name))
	switch {
	case e.isDir:
		icon.SetResource(theme.FolderIcon())
	case p.selected[filepath.Join(p.dir, e.name)]:
		icon.SetResource(theme.CheckButtonCheckedIcon())
	default:
		icon.SetResource(theme.CheckButtonIcon())
	}
}

// selectAll selects, or clears, every file of the folder shown.
func (p *picker) selectAll(on bool) {
	for _, e := range p.entries {
		if e.isDir {
			continue
		}
		full := filepath.Join(p.dir, e.name)
		if on {
			p.selected[full] = true
		} else {
			delete(p.selected, full)
		}
	}
	p.list.Refresh()
	p.updateOK()
}

// open lists dir (off the UI goroutine) and shows it. When folders are
// opened in quick succession, only the last listing is shown.
func (p *picker) open(dir string) {
	showAll := p.showAll.Checked
	p.seq++
	seq := p.seq
	var entries []pickEntry
	var err error
	p.u.run(func() { entries, err = listDir(dir, showAll) }, func() {
		if seq != p.seq {
			return
		}
		if err != nil {
			p.problem.SetText(safetext.Line(dir + ": " + err.Error()))
			p.problem.Show()
			return
		}
		p.dir, p.entries = dir, entries
		p.path.SetText(dir)
		p.all.OnChanged, p.all.Checked = nil, false
		p.all.Refresh()
		p.all.OnChanged = p.selectAll
		p.list.Refresh()
		p.list.ScrollToTop()
		p.updateOK()
	})
}

func (p *picker) updateOK() {
	n := len(p.selected)
	if n == 0 {
		p.ok.SetText(lang.L("Import"))
		p.ok.Disable()
		return
	}
	p.ok.SetText(lang.N("Import {{.Count}} files", n, counted(n)))
	p.ok.Enable()
}

func listDir(dir string, showAll bool) ([]pickEntry, error) {
	des, err := os.ReadDir(dir)
	if err != nil {
		return nil, err
	}
	var out []pickEntry
	for _, de := range des {
		name := de.Name()
		if strings.HasPrefix(name, ".") {
			continue
		}
		isDir := de.IsDir()
		if !isDir && de.Type()&os.ModeSymlink != 0 {
			if fi, err := os.Stat(filepath.Join(dir, name)); err == nil {
				isDir = fi.IsDir()
			}
		}
		if !isDir && !showAll && !credentialExts[strings.ToLower(filepath.Ext(name))] {
			continue
		}
		out = append(out, pickEntry{name: name, isDir: isDir})
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].isDir != out[j].isDir {
			return out[i].isDir
		}
		return strings.ToLower(out[i].name) < strings.ToLower(out[j].name)
	})
	return out, nil
}
