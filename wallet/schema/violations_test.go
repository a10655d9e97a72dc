package schema

import (
	"errors"
	"testing"
)

func TestPointer(t *testing.T) {
	if got := pointer([]string{"a/b", "c~d", "0"}); got != "/a~1b/c~0d/0" {
		t.Errorf("pointer = %s", got)
	}
	if got := pointer(nil); got != "" {
		t.Errorf("pointer(nil) = %q", got)
	}
}

func TestOrList(t *testing.T) {
	for in, want := range map[int]string{0: "", 1: "a", 2: "a or b", 3: "a, b or c", 8: "a, b, c, d, e, f or 2 others"} {
		items := []string{"a", "b", "c", "d", "e", "f", "g", "h"}[:in]
		if got := orList(items); got != want {
			t.Errorf("orList(%v) = %q, want %q", items, got, want)
		}
	}
}

func TestLoaderServesOnlyTheBundle(t *testing.T) {
	l := loader{load()}
	if _, err := l.Load("https://example.com/schema.json"); !errors.Is(err, ErrUnknownSchema) {
		t.Errorf("Load of an unknown URL = %v", err)
	}
	if _, err := l.Load(OBAchievementCredential); err != nil {
		t.Error(err)
	}
}
