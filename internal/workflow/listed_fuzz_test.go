package workflow

import (
	"encoding/json"
	"strconv"
	"strings"
	"testing"
)

// FuzzViolationID: any text sent as a violation_id is read without
// panicking; it names an inspection only when it begins with that
// inspection's number, and it names a violation only when it is that
// violation's id, which round-trips to its place.
func FuzzViolationID(f *testing.F) {
	f.Add("13-1f0c2a9b", "Chưa công khai sổ thu chi", 13, 1)
	f.Add("abc", "", 1, 1)
	f.Add("-1-", "x", 0, 3)
	f.Add("99999999999999999999-0", "x", 2, 2)
	f.Fuzz(func(t *testing.T, id, text string, seq, n int) {
		if got := ViolationInspection(id); got != 0 {
			prefix, _, _ := strings.Cut(id, "-")
			if want, err := strconv.Atoi(prefix); err != nil || want != got || got <= 0 {
				t.Fatalf("%q names inspection %d", id, got)
			}
		}
		if seq < 1 || n < 1 || n > 20 {
			return
		}
		vs := make([]Violation, n)
		for i := range vs {
			vs[i] = Violation{Description: text + strconv.Itoa(i), CorrectiveAction: text, Deadline: "2027-01-15"}
		}
		own := ViolationID("DX-2026-000001", seq, n, vs[n-1])
		if ViolationInspection(own) != seq || ViolationNumber("DX-2026-000001", seq, vs, own) != n {
			t.Fatalf("the id %q of violation %d of inspection %d does not lead back to it", own, n, seq)
		}
		if got := ViolationNumber("DX-2026-000001", seq, vs, id); got != 0 && ViolationID("DX-2026-000001", seq, got, vs[got-1]) != id {
			t.Fatalf("%q matched violation %d, whose id differs", id, got)
		}
		if ViolationNumber("DX-2026-000002", seq, vs, own) != 0 {
			t.Fatalf("the id %q names a violation of another case", own)
		}
		// A correction naming it decodes as it was sent.
		body, _ := json.Marshal(CorrectionInput{ViolationID: id, Correction: text, Date: "2027-01-12"})
		var in CorrectionInput
		if err := json.Unmarshal(body, &in); err != nil || in.ViolationID != id && strings.ToValidUTF8(id, "\uFFFD") == id {
			t.Fatalf("%q did not survive its JSON: %v", id, err)
		}
	})
}
