package ledger

import (
	"context"
	"strings"
	"testing"
	"time"
)

// TestLargeLogCountsAfterOpen: a log too large to count before Open
// returns opens at once, and if its rows were tampered with, the count
// that follows stops it from appending and from handing out receipts.
func TestLargeLogCountsAfterOpen(t *testing.T) {
	e := sqliteEnv(t)
	e.cfg.CountBeforeOpen = 2
	for range 8 {
		e.add("A")
	}
	if _, err := e.log.Checkpoint(context.Background()); err != nil {
		t.Fatal(err)
	}
	e.reopen() // counted in the background: nothing wrong
	time.Sleep(50 * time.Millisecond)
	if _, err := e.log.Receipt(context.Background(), 3); err != nil {
		t.Fatalf("an intact log refused a receipt: %v", err)
	}
	e.dropTriggers()
	e.exec(`DELETE FROM ledger_leaves WHERE idx = 3`)
	e.reopen()
	deadline := time.Now().Add(5 * time.Second)
	for e.log.failure() == nil && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	if _, err := e.log.Receipt(context.Background(), 5); err == nil || !strings.Contains(err.Error(), "ledger_leaves has 7") {
		t.Fatalf("receipt from a log with a removed row: %v", err)
	}
	ctx := context.Background()
	tx, _ := e.db.BeginTx(ctx, nil)
	defer tx.Rollback()
	if _, err := e.log.Append(ctx, tx, "B", []byte("x")); err == nil || !strings.Contains(err.Error(), "removed") {
		t.Fatalf("append to a log with a removed row: %v", err)
	}
}
