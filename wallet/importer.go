package wallet

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/learnerwallet/learnerwallet/wallet/credential"
	"github.com/learnerwallet/learnerwallet/wallet/verify"
)

// ImportDeadline bounds the verification made on import of one credential,
// network included: a slow or hostile server cannot hold an import up.
const ImportDeadline = 30 * time.Second

// ImportStatus is the outcome of importing one input.
type ImportStatus string

// The outcomes of an import.
const (
	Imported  ImportStatus = "imported"
	Duplicate ImportStatus = "duplicate"
	Rejected  ImportStatus = "rejected"
)

// Result is what became of one input.
type Result struct {
	Path   string          `json:"path"`
	Status ImportStatus    `json:"status"`
	ID     string          `json:"id,omitempty"` // the new item, or the one it duplicates
	Kind   credential.Kind `json:"kind,omitempty"`
	Name   string          `json:"name,omitempty"`
	Issuer string          `json:"issuer,omitempty"`
	// Nested counts the credentials indexed inside a CLR.
	Nested int `json:"nested,omitempty"`
	// Verification is the outcome of the check made on import.
	Verification verify.Verdict `json:"verification,omitempty"`
	Error        string         `json:"error,omitempty"`
	// Err is the cause of a rejection, for callers that inspect it.
	Err error `json:"-"`
}

// Progress hears about each input as it is done.
type Progress interface {
	// Imported is called after each input, with how many are done of how many.
	Imported(done, total int, r Result)
}

// ProgressFunc adapts a function to Progress.
type ProgressFunc func(done, total int, r Result)

// Imported implements Progress.
func (f ProgressFunc) Imported(done, total int, r Result) { f(done, total, r) }

// ImportOptions says how ImportPaths runs; the zero value is a plain import.
type ImportOptions struct {
	// Progress hears about each input as it is done; nil: nobody.
	Progress Progress
	// TakeKeys is asked, for each export of another wallet met among the
	// inputs (a Learner Credential Wallet backup, a Universal Wallet 2020
	// export), whether to take its keys as well as its credentials (see
	// ImportWalletExport). It runs on the importing goroutine, before that
	// export's credentials are imported. Nil never takes keys.
	TakeKeys func(*WalletExport) bool
	// Stop, when closed, ends the import before the next input: what was
	// imported stays, the rest gets no Result. Nil never stops.
	Stop <-chan struct{}
}

// ImportPaths imports files, and folders recursively. One bad input never
// stops the others; every input gets a Result, in order. Another wallet's
// export gets one Result per credential it holds.
func (w *Wallet) ImportPaths(paths []string, opts ImportOptions) []Result {
	// Each input is a file to import or, when it cannot be read, its
	// rejection; both keep their place in the order the inputs were met.
	type input struct {
		path   string
		failed *Result
	}
	var inputs []input
	fail := func(path string, err error) {
		r := rejected(path, fileError(err))
		inputs = append(inputs, input{path: path, failed: &r})
	}
	for _, p := range paths {
		fi, err := os.Stat(p) // follows a link given on purpose
		if err != nil {
			fail(p, err)
			continue
		}
		if !fi.IsDir() {
			inputs = append(inputs, input{path: p})
			continue
		}
		// Walk the folder a link points to, but report paths as given.
		root, err := filepath.EvalSymlinks(p)
		if err != nil {
			fail(p, err)
			continue
		}
		before := len(inputs)
		err = filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
			shown := p
			if rel, rerr := filepath.Rel(root, path); rerr == nil && rel != "." {
				shown = filepath.Join(p, rel)
			}
			if err != nil {
				fail(shown, err)
				return nil
			}
			hidden := strings.HasPrefix(d.Name(), ".") && path != root
			switch {
			case hidden && d.IsDir():
				return filepath.SkipDir
			case hidden || d.IsDir():
				return nil
			case d.Type()&fs.ModeSymlink != 0:
				// Links to files are followed; links to folders are not, so a
				// loop of links cannot make the walk endless.
				if t, err := os.Stat(path); err == nil && t.IsDir() {
					fail(shown, reject("this is a link to a folder, which is not followed inside a folder; import that folder itself"))
					return nil
				}
			case !d.Type().IsRegular():
				return nil
			case isExportIndex(path):
				return nil // the list lw export --all wrote beside the credentials
			}
			inputs = append(inputs, input{path: shown})
			return nil
		})
		if err != nil {
			fail(p, err)
		} else if len(inputs) == before {
			fail(p, reject("this folder holds no files to import"))
		}
	}
	total := len(inputs)
	results := make([]Result, 0, total)
	b := w.newImportBatch(func(r Result) {
		results = append(results, r)
		if opts.Progress != nil {
			opts.Progress.Imported(len(results), total, r)
		}
	})
	for _, in := range inputs {
		if stopped(opts.Stop) {
			break
		}
		if in.failed != nil {
			b.done(*in.failed)
			continue
		}
		data, err := readInput(in.path)
		if err != nil {
			b.done(rejected(in.path, err))
			continue
		}
		// An export of n credentials stands for n inputs.
		b.importData(in.path, data, opts.TakeKeys, func(n int) { total += n - 1 })
	}
	b.flush()
	return results
}

func stopped(stop <-chan struct{}) bool {
	select {
	case <-stop:
		return true
	default:
		return false
	}
}

// ImportText imports what was pasted or dropped as text: a credential, or
// another wallet's export (keys taken as takeKeys decides; nil never).
// name says where it came from.
func (w *Wallet) ImportText(name string, data []byte, takeKeys func(*WalletExport) bool) []Result {
	var results []Result
	b := w.newImportBatch(func(r Result) { results = append(results, r) })
	b.importData(name, data, takeKeys, func(int) {})
	b.flush()
	return results
}

// importData imports one input's bytes into the batch: a wallet export's
// credentials, or the one credential. count hears how many results the
// input will have before they are reported.
func (b *importBatch) importData(name string, data []byte, takeKeys func(*WalletExport) bool, count func(int)) {
	e, err := ParseWalletExport(data)
	switch {
	case errors.Is(err, ErrNotWalletExport):
		b.add(name, data)
		return
	case err != nil:
		b.done(rejected(name, err))
		return
	}
	e.Source = name
	take := takeKeys != nil && takeKeys(e)
	if len(e.Credentials) == 0 && !take {
		b.done(rejected(name, reject("this wallet export holds no credentials")))
		return
	}
	if take {
		if err := b.w.takeExportedKeys(e.Keys); err != nil {
			b.done(rejected(name, err))
			return
		}
		b.verifier = nil // the learner has more DIDs now
	}
	count(len(e.Credentials))
	b.addExported(e)
}

// ImportFile imports one credential file.
func (w *Wallet) ImportFile(path string) Result {
	data, err := readInput(path)
	if err != nil {
		return rejected(path, err)
	}
	return w.ImportBytes(path, data)
}

// readInput reads one input file, refusing what is not a regular file or
// is larger than any credential may be.
func readInput(path string) ([]byte, error) {
	// Stat before opening: opening a named pipe would block.
	if fi, err := os.Stat(path); err != nil {
		return nil, fileError(err)
	} else if !fi.Mode().IsRegular() {
		return nil, reject("this is not a regular file (it is a folder, device or pipe)")
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, fileError(err)
	}
	defer f.Close()
	if fi, err := f.Stat(); err == nil && fi.Size() > credential.MaxInputSize {
		return nil, reject("the file is %s; the limit is %d MB", credential.SizeText(int(min(fi.Size(), 1<<40))), credential.MaxInputSize>>20)
	}
	data, err := io.ReadAll(io.LimitReader(f, credential.MaxInputSize+1))
	if err != nil {
		return nil, fileError(err)
	}
	return data, nil
}

// ImportBytes imports one credential given as bytes (pasted or dropped);
// name says where it came from. It is verified, from what was just parsed,
// and stored with its report in one transaction.
func (w *Wallet) ImportBytes(name string, data []byte) Result {
	var r Result
	b := w.newImportBatch(func(res Result) { r = res })
	b.add(name, data)
	b.flush()
	return r
}

// reject makes a rejection's reason.
func reject(format string, args ...any) error {
	return &credential.RejectError{Reason: fmt.Sprintf(format, args...)}
}

func rejected(path string, err error) Result {
	return Result{Path: path, Status: Rejected, Error: err.Error(), Err: err}
}

func fileError(err error) error {
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return reject("no such file or folder")
	case errors.Is(err, fs.ErrPermission):
		return reject("permission denied: the file cannot be read")
	}
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return reject("cannot read the file: %v", pe.Err)
	}
	return err
}
