package main

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"
)

// writeNew writes a new file only the learner can read, refusing to
// replace one that exists. It is written beside path under a hidden name
// and linked into place once complete and on disk, so path never holds
// half a file, whatever stops lw midway; a failure removes what was
// written.
func writeNew(path string, write func(io.Writer) error) (err error) {
	if _, err := os.Lstat(path); err == nil {
		return existsError(path)
	}
	f, err := os.CreateTemp(filepath.Dir(path), ".lw-*.tmp")
	if err != nil {
		return fmt.Errorf("cannot write to %s: %w", filepath.Dir(path), err)
	}
	tmp := f.Name()
	defer os.Remove(tmp) // once linked, or on failure
	bw := bufio.NewWriter(f)
	err = write(bw)
	if err == nil {
		err = bw.Flush()
	}
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return err
	}
	if err := place(tmp, path); err != nil {
		return err
	}
	removeStale(filepath.Dir(path))
	return nil
}

// place gives the complete file tmp the name path, never replacing a file.
// A link cannot replace one; where links cannot be made (some removable
// and network drives), a rename, the name checked just before.
func place(tmp, path string) error {
	switch err := os.Link(tmp, path); {
	case err == nil:
		return nil
	case errors.Is(err, os.ErrExist):
		return existsError(path)
	}
	if _, err := os.Lstat(path); err == nil {
		return existsError(path)
	}
	return os.Rename(tmp, path)
}

// staleAfter is when a hidden file writeNew began is taken as left by an
// lw that was stopped (killed, or the computer lost power) midway.
const staleAfter = 24 * time.Hour

// removeStale removes what writeNew left in dir when stopped midway.
func removeStale(dir string) {
	left, _ := filepath.Glob(filepath.Join(dir, ".lw-*.tmp"))
	for _, p := range left {
		if fi, err := os.Lstat(p); err == nil && fi.Mode().IsRegular() && time.Since(fi.ModTime()) > staleAfter {
			os.Remove(p)
		}
	}
}

func existsError(path string) error {
	return fmt.Errorf("%s already exists; choose another name or remove it first", path)
}

// writeFileNew writes b to a new file, as writeNew.
func writeFileNew(path string, b []byte) error {
	return writeNew(path, func(w io.Writer) error {
		_, err := w.Write(b)
		return err
	})
}
