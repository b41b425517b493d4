package proof

import (
	"bytes"
	"flag"
	"maps"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"golang.org/x/mod/sumdb/note"
)

var update = flag.Bool("update", false, "rewrite the golden dossiers in testdata/")

// TestGoldenDossiers builds every scenario, compares the zip with the
// golden file (the format must not drift: old dossiers must keep
// verifying), then verifies the golden file with the trusted key.
func TestGoldenDossiers(t *testing.T) {
	_, trustedVKey := testKey(t, testOrigin, trustSeed)
	keyFile := filepath.Join("testdata", "trusted.vkey")
	if *update {
		if err := os.WriteFile(keyFile, []byte(trustedVKey+"\n"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	trusted := verifiers(t, trustedVKey)
	tv, err := NewVerifier(trustedVKey)
	if err != nil {
		t.Fatal(err)
	}
	memoTrusted := note.VerifierList(tv)
	for _, name := range slices.Sorted(maps.Keys(scenarios)) {
		sc := scenarios[name]
		t.Run(name, func(t *testing.T) {
			d := sc.build().build(t)
			if sc.tamper != nil {
				sc.tamper(d)
			}
			var buf bytes.Buffer
			if err := d.WriteZip(&buf); err != nil {
				t.Fatal(err)
			}
			file := filepath.Join("testdata", name+".zip")
			if *update {
				if err := os.WriteFile(file, buf.Bytes(), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			golden, err := os.ReadFile(file)
			if err != nil {
				t.Fatalf("%v (run go test -update to create it)", err)
			}
			if !bytes.Equal(golden, buf.Bytes()) {
				t.Errorf("%s differs from what the code builds now; if the change is intended, run go test -update", file)
			}
			rd, err := ReadZip(bytes.NewReader(golden), int64(len(golden)))
			if err != nil {
				t.Fatal(err)
			}
			rep := Verify(rd, trusted)
			for _, c := range rep.Claims {
				want := sc.want[c.ID] // zero value is Holds
				if c.Status != want {
					t.Errorf("claim %s: %v, want %v\n%s", c.ID, c.Status, want, c.Detail)
				}
				for _, s := range sc.detail[c.ID] {
					if !strings.Contains(c.Detail, s) {
						t.Errorf("claim %s does not say %q:\n%s", c.ID, s, c.Detail)
					}
				}
			}
			if len(rep.Claims) != 8 {
				t.Errorf("%d claims, want 8", len(rep.Claims))
			}
			// Trusted keys that carry their key text let Verify check a
			// signature shared by both key sets once; what it finds must
			// not change, tampered scenarios included.
			memo := Verify(rd, memoTrusted)
			if !reflect.DeepEqual(memo, rep) {
				t.Errorf("with key texts known:\n%+v\nwithout:\n%+v", memo, rep)
			}
		})
	}
}
