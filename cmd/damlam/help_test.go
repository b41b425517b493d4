package main

import (
	"bytes"
	"context"
	"errors"
	"strings"
	"testing"
)

func TestHelpForEveryCommand(t *testing.T) {
	getenv := func(string) string { return "" }
	var out bytes.Buffer
	if err := run(context.Background(), []string{"--help"}, getenv, nil, &out, &out); err != nil {
		t.Fatalf("--help: %v", err)
	}
	for _, c := range commands() {
		if !strings.Contains(out.String(), c.name) {
			t.Errorf("--help does not list %s", c.name)
		}
		var cmdOut bytes.Buffer
		args := []string{c.name, "--help"}
		if c.name == "user" {
			args = []string{"user", "add", "--help"}
		}
		if err := run(context.Background(), args, getenv, strings.NewReader(""), &cmdOut, &cmdOut); err != nil {
			t.Errorf("%s --help: %v", c.name, err)
		}
		if !strings.Contains(cmdOut.String(), "damlam "+c.name) {
			t.Errorf("%s --help does not show its usage:\n%s", c.name, cmdOut.String())
		}
	}
	if err := run(context.Background(), []string{"fly"}, getenv, nil, &out, &out); !errors.Is(err, errUsage) {
		t.Errorf("unknown command: %v", err)
	}
	if err := run(context.Background(), nil, getenv, nil, &out, &out); !errors.Is(err, errUsage) {
		t.Errorf("no command: %v", err)
	}
}
