package proof

import (
	"fmt"
	"time"

	"golang.org/x/mod/sumdb/note"
)

// ClaimWitnessed is the claim VerifyWithWitnesses adds.
const ClaimWitnessed = "case.witnessed"

// VerifyWithWitnesses is Verify plus one claim: which leaves of the case an
// independent witness had seen, and by when. It is checked only against
// witness keys the inspector trusts; the log's own word about time is
// not evidence against the log.
func VerifyWithWitnesses(d *Dossier, trusted note.Verifiers, witnesses []*CosignatureVerifier) Report {
	r := Verify(d, trusted)
	if len(witnesses) > 0 {
		r.Claims = append(r.Claims, witnessed(d, trusted, witnesses))
	}
	return r
}

// witnessPoint is a checkpoint size and the earliest time a trusted witness
// cosigned it.
type witnessPoint struct {
	size    uint64
	at      time.Time
	witness string
}

func witnessed(d *Dossier, trusted note.Verifiers, witnesses []*CosignatureVerifier) Claim {
	c := newClaim(ClaimWitnessed,
		"Nhân chứng độc lập đã ký xác nhận sổ cái: mỗi bản ghi của hồ sơ đã tồn tại không muộn hơn thời điểm nhân chứng ký.",
		"An independent witness cosigned the log: each leaf of the case existed no later than the time the witness signed.")
	latest, _, err := OpenCheckpoint(d.Checkpoint, trusted)
	if err != nil {
		c.unknown("Không mở được checkpoint.txt bằng khóa tin cậy.", "checkpoint.txt does not open with a trusted key.")
		return c.done()
	}
	var points []witnessPoint
	for _, size := range sortedKeys(d.Witnessed) {
		file := fmt.Sprintf("witness/%d.txt", size)
		raw := d.Witnessed[size]
		cp, _, err := OpenCheckpoint(raw, trusted)
		if err != nil || cp.Size != size || cp.Origin != latest.Origin {
			c.fail(file+": không phải điểm kiểm tra của sổ cái này.", file+": not a checkpoint of this log.")
			continue
		}
		switch {
		case size > latest.Size:
			c.fail(file+": lớn hơn điểm kiểm tra mới nhất.", file+": larger than the latest checkpoint.")
			continue
		case size == latest.Size && cp.Root != latest.Root:
			c.fail(file+": phân nhánh với checkpoint.txt.", file+": a fork of checkpoint.txt.")
			continue
		case size < latest.Size:
			cons, ok := d.Consistency[[2]uint64{size, latest.Size}]
			hashes, perr := ParseHashes(cons)
			if !ok || perr != nil || VerifyConsistency(cp, latest, hashes) != nil {
				c.fail(file+": không nhất quán với điểm kiểm tra mới nhất.", file+": not consistent with the latest checkpoint.")
				continue
			}
		}
		cos, err := Cosignatures(raw, trusted, witnesses)
		if err != nil {
			c.fail(file+": chữ ký nhân chứng không hợp lệ.", file+": a witness cosignature is invalid.")
			continue
		}
		for _, w := range cos {
			points = append(points, witnessPoint{size: size, at: w.Time, witness: w.Witness})
		}
	}
	covered := 0
	for _, i := range sortedKeys(d.Leaves) {
		var best *witnessPoint
		for k := range points {
			p := &points[k]
			if p.size > i && (best == nil || p.at.Before(best.at)) {
				best = p
			}
		}
		if best == nil {
			continue
		}
		covered++
		c.note(fmt.Sprintf("Bản ghi %d đã tồn tại không muộn hơn %s UTC (nhân chứng %s, kích thước %d).", i, best.at.Format("02/01/2006 15:04:05"), best.witness, best.size),
			fmt.Sprintf("Leaf %d existed no later than %s (witness %s, size %d).", i, best.at.Format(time.RFC3339), best.witness, best.size))
	}
	if covered == 0 {
		c.unknown("Chưa có bản ghi nào của hồ sơ được nhân chứng tin cậy ký xác nhận.", "No leaf of the case is covered by a trusted witness's cosignature yet.")
	}
	return c.done()
}
