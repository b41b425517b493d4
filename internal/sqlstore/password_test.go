package sqlstore

import (
	"fmt"
	"strings"
	"testing"

	"golang.org/x/crypto/argon2"
)

// The hash an unknown email is checked against must cost what a real
// one costs, or the time of a failed sign-in tells which emails exist.
func TestDummyHashCostsWhatARealHashCosts(t *testing.T) {
	real, err := HashPassword("x")
	if err != nil {
		t.Fatal(err)
	}
	params := func(h string) string { return strings.Join(strings.Split(h, "$")[1:4], "$") }
	if got, want := params(dummyHash), params(real); got != want {
		t.Errorf("dummy hash parameters %s, HashPassword uses %s: regenerate dummyHash", got, want)
	}
	if want := fmt.Sprintf("argon2id$v=%d$m=%d,t=%d,p=%d", argon2.Version, argonMemory, argonTime, argonThreads); params(dummyHash) != want {
		t.Errorf("dummy hash parameters %s, want %s", params(dummyHash), want)
	}
	if !CheckPassword(dummyHash, "not-a-real-password") {
		t.Error("the dummy hash is not a valid argon2id hash")
	}
}
