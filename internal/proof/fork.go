package proof

import (
	"fmt"

	"golang.org/x/mod/sumdb/note"
)

// ClaimFork is the id of CheckFork's claim.
const ClaimFork = "log.no_fork"

// CheckFork compares a checkpoint someone kept (archived) with a later one
// (latest): both must be signed by a trusted key, name the same log, and
// the consistency proof must show the archived tree is a prefix of the
// latest. A failure is evidence that the log was rewritten or forked.
func CheckFork(archived, latest []byte, consistency [][32]byte, trusted note.Verifiers) Claim {
	c := newClaim(ClaimFork,
		"Điểm kiểm tra đã lưu là tiền tố của điểm kiểm tra mới: sổ cái không bị viết lại hay phân nhánh.",
		"The archived checkpoint is a prefix of the latest one: the log was not rewritten or forked.")
	old, _, err := OpenCheckpoint(archived, trusted)
	if err != nil {
		trustErr(c, "archived checkpoint", err)
	}
	cur, _, err2 := OpenCheckpoint(latest, trusted)
	if err2 != nil {
		trustErr(c, "latest checkpoint", err2)
	}
	if err != nil || err2 != nil {
		return c.done()
	}
	switch {
	case old.Origin != cur.Origin:
		c.fail(fmt.Sprintf("Hai điểm kiểm tra thuộc hai sổ cái khác nhau: %q và %q.", old.Origin, cur.Origin),
			fmt.Sprintf("The checkpoints are from different logs: %q and %q.", old.Origin, cur.Origin))
	case old.Size > cur.Size:
		c.fail(fmt.Sprintf("Sổ cái đã co lại: %d bản ghi trước đây, nay %d.", old.Size, cur.Size),
			fmt.Sprintf("The log shrank: %d leaves before, %d now.", old.Size, cur.Size))
	case old.Size == cur.Size && old.Root != cur.Root:
		c.fail(fmt.Sprintf("PHÂN NHÁNH: cùng kích thước %d nhưng gốc khác nhau.", old.Size),
			fmt.Sprintf("FORK: same size %d, different roots.", old.Size))
	case old.Size == cur.Size:
		c.note("Hai điểm kiểm tra giống nhau.", "The two checkpoints commit to the same tree.")
	case len(consistency) == 0 && old.Size > 0:
		c.unknown("Cần bằng chứng nhất quán (--proof) để so sánh.", "A consistency proof (--proof) is needed to compare them.")
	default:
		if err := VerifyConsistency(old, cur, consistency); err != nil {
			c.fail("Bằng chứng nhất quán không khớp: sổ cái có thể đã bị viết lại: "+err.Error(),
				"The consistency proof does not hold: the log may have been rewritten: "+err.Error())
		} else {
			c.note(fmt.Sprintf("Cây kích thước %d là tiền tố của cây kích thước %d.", old.Size, cur.Size),
				fmt.Sprintf("The tree of size %d is a prefix of the tree of size %d.", old.Size, cur.Size))
		}
	}
	return c.done()
}
