package credential

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"
)

func TestParseCLRSubjectArray(t *testing.T) {
	b, err := os.ReadFile(filepath.Join(corpusDir, "clr2/validator/simple.json"))
	if err != nil {
		t.Fatal(err)
	}
	var doc map[string]any
	if err := json.Unmarshal(b, &doc); err != nil {
		t.Fatal(err)
	}
	doc["credentialSubject"] = []any{doc["credentialSubject"]}
	arr, _ := json.Marshal(doc)
	p, err := Parse(arr)
	if err != nil {
		t.Fatalf("a CLR whose credentialSubject is an array: %v", err)
	}
	if p.Kind != KindCLR || len(p.Children) != 1 || !bytes.Contains(arr, p.Children[0].Original) {
		t.Errorf("kind %s, %d children", p.Kind, len(p.Children))
	}
}
