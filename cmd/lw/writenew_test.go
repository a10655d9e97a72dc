package main

import (
	"errors"
	"io"
	"os"
	"path/filepath"
	"testing"
	"time"
)

func TestWriteNew(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "out.json")
	// What an lw killed midway left a day ago goes; what another lw is
	// writing now stays.
	stale, fresh := filepath.Join(dir, ".lw-1.tmp"), filepath.Join(dir, ".lw-2.tmp")
	for _, p := range []string{stale, fresh} {
		if err := os.WriteFile(p, []byte("half"), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	old := time.Now().Add(-48 * time.Hour)
	if err := os.Chtimes(stale, old, old); err != nil {
		t.Fatal(err)
	}
	if err := writeFileNew(path, []byte("whole")); err != nil {
		t.Fatal(err)
	}
	if b, err := os.ReadFile(path); err != nil || string(b) != "whole" {
		t.Fatalf("%q, %v", b, err)
	}
	if fi, err := os.Stat(path); err != nil || fi.Mode().Perm() != 0o600 {
		t.Errorf("mode %v, %v; want 0600", fi.Mode(), err)
	}
	if _, err := os.Stat(stale); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("a stale file stays: %v", err)
	}
	if _, err := os.Stat(fresh); err != nil {
		t.Errorf("another's file went: %v", err)
	}
	os.Remove(fresh)

	// Never over a file, and nothing left behind.
	if err := writeFileNew(path, []byte("other")); err == nil {
		t.Fatal("wrote over a file")
	}
	boom := errors.New("boom")
	if err := writeNew(filepath.Join(dir, "failed.json"), func(w io.Writer) error {
		_, _ = w.Write([]byte("half"))
		return boom
	}); !errors.Is(err, boom) {
		t.Fatalf("%v", err)
	}
	if b, _ := os.ReadFile(path); string(b) != "whole" {
		t.Errorf("the file became %q", b)
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		t.Errorf("left behind: %v", entries)
	}
}
