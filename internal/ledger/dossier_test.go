package ledger

import (
	"bytes"
	"context"
	"fmt"
	"strconv"
	"testing"

	"damlam/internal/proof"
)

// TestDossierAcrossKeyRotation builds a case whose receipts were signed
// by two keys (a rotation happened mid-case), exports the dossier and
// checks that proof.Verify, given both public keys, finds every claim
// holds, after a round trip through the zip form.
func TestDossierAcrossKeyRotation(t *testing.T) {
	e := sqliteEnv(t)
	ctx := context.Background()
	scope := proof.Scope{Units: []string{"P-1"}, Start: "2026-01-01", End: "2026-12-31", BudgetVND: 1000}
	records := map[int64][]byte{}
	scopes := map[int64][]byte{}
	record := func(n int) (proof.Field, []byte) {
		b := []byte(fmt.Sprintf(`{"n":%d}`, n))
		return proof.Field{Key: proof.FieldPayload, Value: sha(b)}, b
	}
	f, b := record(0)
	idx, _, err := addLeaf(ctx, e.db, e.log, "HS-1", "proposal.submitted", f)
	must(t, err)
	records[idx] = b
	e.add("HS-2")
	// An approval's record carries the scope its leaf's scope.sha256 names.
	b = []byte(fmt.Sprintf(`{"n":1,"scope":%s}`, scope.Canonical()))
	f = proof.Field{Key: proof.FieldPayload, Value: sha(b)}
	approval, _, err := addLeaf(ctx, e.db, e.log, "HS-1", "proposal.approved", f, proof.Field{Key: proof.FieldScope, Value: scope.Digest()})
	must(t, err)
	records[approval], scopes[approval] = b, scope.Canonical()
	_, err = e.log.Receipt(ctx, approval)
	must(t, err)
	oldKeys, _ := e.log.VerifierKeys(ctx)

	must(t, e.log.RotateKey(ctx))
	for i := range 3 {
		f, b = record(2 + i)
		idx, _, err := addLeaf(ctx, e.db, e.log, "HS-1", "pilot.action", f,
			proof.Field{Key: proof.FieldScopeUnder, Value: strconv.FormatInt(approval, 10)},
			proof.Field{Key: proof.FieldActUnit, Value: "P-1"},
			proof.Field{Key: proof.FieldActDate, Value: "2026-05-0" + strconv.Itoa(i+1)},
			proof.Field{Key: proof.FieldActAmount, Value: "300"})
		must(t, err)
		records[idx] = b
		_, err = e.log.Receipt(ctx, idx)
		must(t, err)
	}
	keys, _ := e.log.VerifierKeys(ctx)
	if len(keys) != 2 || keys[0] != oldKeys[0] {
		t.Fatalf("keys after rotation: %v", keys)
	}
	e.reopen() // the start-up check accepts checkpoints by either key

	d, err := e.log.BuildDossier(ctx, "HS-1", DossierExtras{Records: records, Scopes: scopes,
		SummaryVI: []byte("tóm tắt\n"), SummaryEN: []byte("summary\n")})
	must(t, err)
	var buf bytes.Buffer
	must(t, d.WriteZip(&buf))
	rd, err := proof.ReadZip(bytes.NewReader(buf.Bytes()), int64(buf.Len()))
	must(t, err)
	vs, _ := e.log.Verifiers(ctx)
	rep := proof.Verify(rd, vs)
	for _, c := range rep.Claims {
		if c.Status != proof.Holds {
			t.Errorf("%s: %v\n%s", c.ID, c.Status, c.Detail)
		}
	}
	if len(rd.Leaves) != 5 || len(rd.Keys) != 2 {
		t.Errorf("dossier has %d leaves and %d keys", len(rd.Leaves), len(rd.Keys))
	}
	// With only the new key the early receipts cannot be checked.
	only := newVerifiers(t, keys[1])
	if rep := proof.Verify(rd, only); rep.Overall() != proof.CannotTell {
		t.Errorf("new key only: %v", rep.Overall())
	}
	// A record that does not match its leaf is refused at export.
	records[approval] = []byte(`{"n":99}`)
	if _, err := e.log.BuildDossier(ctx, "HS-1", DossierExtras{Records: records}); err == nil {
		t.Error("BuildDossier accepted a record that does not match its leaf")
	}
	if rep := e.audit(); !rep.OK() {
		t.Fatal(rep.Problems)
	}
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}
