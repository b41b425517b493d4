package main

import (
	"bytes"
	"flag"
	"os"
	"testing"
)

var update = flag.Bool("update", false, "rewrite golden files")

// TestLifecycleDocIsGenerated keeps docs/lifecycle.md equal to what the
// transition table says (go test ./cmd/damlam -run LifecycleDoc -update).
func TestLifecycleDocIsGenerated(t *testing.T) {
	var b bytes.Buffer
	if err := lifecycleMarkdown(&b); err != nil {
		t.Fatal(err)
	}
	const path = "../../docs/lifecycle.md"
	if *update {
		os.MkdirAll("../../docs", 0o755)
		if err := os.WriteFile(path, b.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	got, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run with -update)", err)
	}
	if !bytes.Equal(got, b.Bytes()) {
		t.Fatal("docs/lifecycle.md is out of date with the transition table: go test ./cmd/damlam -run LifecycleDoc -update")
	}
}
