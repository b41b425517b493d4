package webtest_test

import (
	"context"
	"strconv"
	"strings"
	"testing"
	"time"

	"damlam/internal/casework"
	"damlam/internal/org"
	"damlam/internal/workflow"
)

// TestPublicPagesInTheBrowser opens the public pages signed out, checks
// them with axe and the HTML validator, and lets the verify page check a
// decision's log entry in the browser: it holds on the real log, and fails
// once the entry's bytes are changed in the database.
func TestPublicPagesInTheBrowser(t *testing.T) {
	v := newVisitor(t)
	b := v.b
	defer func() { t.Logf("screenshots:\n  %s", strings.Join(v.shots, "\n  ")) }()
	ctx := context.Background()
	id := v.site.AlleyRoad(t, "")
	v.site.Overridden(t)
	if _, err := casework.New(v.site.Store).SetPublication(ctx, nil, "HCM-BTH", org.PublicationInput{Published: true, Money: true}); err != nil {
		t.Fatal(err)
	}
	view, err := v.site.Store.Proposal(ctx, v.site.Person(t, "chutich.bth"), id)
	if err != nil {
		t.Fatal(err)
	}
	var approval int64 = -1
	for _, ev := range view.History {
		if ev.Action == workflow.ApprovePilot {
			approval = ev.LogIndex
		}
	}

	v.go_("/cong-khai", "40-cong-khai")
	if !strings.Contains(b.Text("main"), "Phường Bình Thạnh") {
		t.Fatalf("the index does not list the ward: %s", b.Text("main"))
	}
	v.go_("/cong-khai/HCM-BTH", "41-cong-khai-phuong")
	v.go_("/cong-khai/HCM-BTH?lang=en", "")
	v.go_("/cong-khai/HCM-BTH?lang=vi", "")
	if !strings.Contains(b.Text("#"+id), "45/QĐ-UBND") {
		t.Fatalf("the pilot's decision is not shown: %s", b.Text("main"))
	}
	verify := "/cong-khai/HCM-BTH/xac-minh/" + strconv.FormatInt(approval, 10)
	v.b.Go(v.base + verify)
	result := waitResult(t, v)
	if result != "verify-ok" {
		t.Fatalf("the browser's check of entry %d: %s (%s), tree %s, signature %s", approval, result, b.Text("#verify-result"),
			b.Eval(`document.getElementById("verify").dataset.tree || ""`), b.Eval(`document.getElementById("verify").dataset.signature || ""`))
	}
	if !strings.Contains(b.Text("#verify-leaf"), "case "+id) {
		t.Errorf("the entry's text is not shown: %q", b.Text("#verify-leaf"))
	}
	v.check("42-xac-minh")

	// Someone with the database's keys edits the approval's leaf: the
	// browser's check no longer holds.
	if _, err := v.site.Store.DB().ExecContext(ctx, `DROP TRIGGER ledger_leaves_no_update`); err != nil {
		t.Fatal(err)
	}
	if _, err := v.site.Store.DB().ExecContext(ctx, `UPDATE ledger_leaves SET leaf = $1 WHERE idx = $2`,
		[]byte(strings.Replace(leafText(t, v, approval), "payload.sha256 ", "payload.sha256 0", 1)), approval); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(leafText(t, v, approval), "payload.sha256 0") {
		t.Fatal("the leaf was not changed")
	}
	v.b.Go(v.base + verify)
	if result := waitResult(t, v); result != "verify-bad" {
		t.Errorf("after the leaf was edited the browser says %s (%s)", result, b.Text("#verify-result"))
	}
}

func leafText(t *testing.T, v *visitor, index int64) string {
	t.Helper()
	leaf, err := v.site.Store.Log().Leaf(context.Background(), index)
	if err != nil {
		t.Fatal(err)
	}
	return string(leaf)
}

// waitResult waits for the verify script to say what it found.
func waitResult(t *testing.T, v *visitor) string {
	t.Helper()
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
		if r := v.b.Eval(`document.getElementById("verify").dataset.result || ""`); r != "" {
			return r
		}
	}
	t.Fatalf("the verify script said nothing: %s", v.b.Text("main"))
	return ""
}

// TestReportPageInTheBrowser opens the city's review report as its
// inspector and checks it with axe and the HTML validator.
func TestReportPageInTheBrowser(t *testing.T) {
	v := newVisitor(t)
	defer func() { t.Logf("screenshots:\n  %s", strings.Join(v.shots, "\n  ")) }()
	v.site.AlleyRoad(t, "")
	v.site.Overridden(t)
	v.signIn("kiemtra.hcm")
	v.go_("/bao-cao?unit=HCM&period=2026-Q4", "43-bao-cao")
	if !strings.Contains(v.b.Text("#report-summary"), "Được chấp thuận") {
		t.Fatalf("no summary: %s", v.b.Text("main"))
	}
	v.go_("/bao-cao?unit=HCM-BTH&period=2026&lang=en", "")
	v.go_("/can-bo/pct1.bth/minh-chung?period=2027", "46-minh-chung")
	if !strings.Contains(v.b.Text("main"), "Vận động Nhân dân góp vốn làm đường hẻm 45") {
		t.Fatalf("the evidence lacks the proposer's case: %s", v.b.Text("main"))
	}
}

// TestHelpPagesInTheBrowser checks the help's index and a step's page.
func TestHelpPagesInTheBrowser(t *testing.T) {
	v := newVisitor(t)
	defer func() { t.Logf("screenshots:\n  %s", strings.Join(v.shots, "\n  ")) }()
	v.go_("/huong-dan", "44-huong-dan")
	v.go_("/huong-dan/COLLECTIVE_REVIEW", "45-huong-dan-bieu-quyet")
	v.go_("/huong-dan/IN_IMPLEMENTATION?lang=en", "")
}
