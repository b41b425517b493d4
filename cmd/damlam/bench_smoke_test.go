package main

import (
	"bytes"
	"context"
	"strings"
	"testing"
)

// TestBenchSmoke runs the benchmark suite's short form on a ward-sized
// dataset, as CI does, so that every figure of the table stays measurable.
// The figures themselves are not checked: they are the benchmark's, not
// the test suite's.
func TestBenchSmoke(t *testing.T) {
	if testing.Short() {
		t.Skip("generates a dataset and loads a server")
	}
	data := t.TempDir()
	env := func(string) string { return "" }
	var out, errb bytes.Buffer
	if err := run(context.Background(), []string{"gen", "--scale", "ward", "--data", data}, env, strings.NewReader(""), &out, &errb); err != nil {
		t.Fatalf("gen: %v\n%s", err, errb.String())
	}
	out.Reset()
	errb.Reset()
	if err := run(context.Background(), []string{"bench", "--quick", "--in-process", "--data", data}, env, strings.NewReader(""), &out, &errb); err != nil {
		t.Fatalf("bench: %v\n%s\n%s", err, out.String(), errb.String())
	}
	for _, figure := range []string{"log append vs raw insert", "inclusion proof", "commit to a signed checkpoint", "dossier of a",
		"cold start", "proposal list page", "search page", "bare net/http", "dashboard", "inbox of a head", "decisions through the HTTP API", "CPU per decision",
		"decisions offered at", "notifying decisions (progress reports, each telling the head), notices on", "resident memory", "damlam gen --scale ward"} {
		if !strings.Contains(out.String(), figure) {
			t.Errorf("the table has no %q line:\n%s", figure, out.String())
		}
	}
	if strings.Contains(out.String(), "FAILED") {
		t.Errorf("some requests failed:\n%s\n%s", out.String(), errb.String())
	}
}
