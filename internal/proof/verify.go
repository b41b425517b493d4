package proof

import (
	"bytes"
	"cmp"
	"fmt"
	"maps"
	"runtime"
	"slices"
	"sync"
	"sync/atomic"

	"golang.org/x/mod/sumdb/note"
)

// Claim ids, in the order Verify reports them.
const (
	ClaimIntact        = "dossier.intact"
	ClaimIncluded      = "log.included"
	ClaimGrew          = "log.only_grew"
	ClaimChain         = "case.chain"
	ClaimRecords       = "case.records"
	ClaimDocuments     = "case.documents"
	ClaimApprovedFirst = "case.approved_first"
	ClaimInScope       = "case.in_scope"
)

// Verify checks a dossier against the keys the inspector trusts and
// reports, claim by claim, what holds. It never stops at the first
// problem: an inspector needs to see everything that is wrong.
func Verify(d *Dossier, trusted note.Verifiers) Report {
	sigs := newSignatureMemo()
	v := &verifier{d: d, trusted: sigs.verifiers(trusted), cps: map[uint64]Checkpoint{}, memo: map[memoKey]memoVal{}}
	own, _, ownErr := d.KeyVerifiers()
	v.own, v.ownErr = sigs.verifiers(own), ownErr
	v.parseLeaves()
	v.parseRecords()
	v.prefetch()
	r := Report{Origin: d.Origin, Case: d.Case, Leaves: len(d.Leaves)}
	r.Claims = append(r.Claims,
		v.intact(), v.included(), v.grew(),
		v.chain(), v.records(), v.documents(), v.approvedFirst(), v.inScope())
	if c, ok := v.authority(); ok {
		r.Claims = append(r.Claims, c)
	}
	if c, ok := v.rules(); ok { // verify_rules.go
		r.Claims = append(r.Claims, c)
	}
	return r
}

type verifier struct {
	d       *Dossier
	trusted note.Verifiers
	own     note.Verifiers // keys/*.vkey: what the dossier says the log used
	ownErr  error
	idx     []uint64         // leaf indices, ascending
	entries map[uint64]Entry // leaves that parse
	bad     map[uint64]error // leaves that do not
	cps     map[uint64]Checkpoint
	memo    map[memoKey]memoVal // one signature check per distinct note
	parsed  map[uint64]parsedReceipt
	recs    map[uint64]parsedRecord // v2 records, read once
}

type parsedReceipt struct {
	r   Receipt
	err error
}

// receipt parses receipts/<i>.tlog-proof once: three claims read every
// receipt, and decoding a proof's hashes was an eighth of a verification.
func (v *verifier) receipt(i uint64) (Receipt, error) {
	if p, ok := v.parsed[i]; ok {
		return p.r, p.err
	}
	if v.parsed == nil {
		v.parsed = map[uint64]parsedReceipt{}
	}
	r, err := ParseReceipt(v.d.Receipts[i])
	v.parsed[i] = parsedReceipt{r, err}
	return r, err
}

type memoKey struct {
	own  bool
	note string
}

type memoVal struct {
	cp  Checkpoint
	err error
}

// open is OpenCheckpoint against the trusted keys (own=false) or the
// dossier's keys (own=true), remembered: receipts share checkpoints.
func (v *verifier) open(signed []byte, own bool) (Checkpoint, error) {
	k := memoKey{own, string(signed)}
	if r, ok := v.memo[k]; ok {
		return r.cp, r.err
	}
	r := v.check(k)
	v.memo[k] = r
	return r.cp, r.err
}

// check opens a checkpoint against the keys its memo key names; it only
// reads the verifier, so prefetch runs it on several goroutines.
func (v *verifier) check(k memoKey) memoVal {
	vs := v.trusted
	if k.own {
		vs = v.own
	}
	cp, _, err := OpenCheckpoint([]byte(k.note), vs)
	return memoVal{cp, err}
}

// prefetch checks the signatures of every checkpoint the claims will open
// on all cores at once: a 50-event dossier carries about 50 distinct
// checkpoints, each opened against the trusted keys and the dossier's own,
// and the Ed25519 checks were two thirds of a verification. Where a trusted
// key and a listed key are the same key, the signature memo checks each
// signature once. The claims then find each answer in the memo, in their
// own order.
func (v *verifier) prefetch() {
	workers := runtime.GOMAXPROCS(0)
	if workers < 2 {
		return
	}
	var keys []memoKey
	seen := map[memoKey]bool{}
	add := func(signed []byte, own bool) {
		k := memoKey{own, string(signed)}
		if own && v.ownErr != nil || seen[k] {
			return
		}
		seen[k] = true
		keys = append(keys, k)
	}
	// Every check against the trusted keys first, then against the
	// dossier's own: when both are the same key, the own checks find the
	// memo filled instead of waiting on a worker checking the same
	// signature.
	notes := [][]byte{v.d.Checkpoint}
	for _, i := range sortedKeys(v.d.Receipts) {
		if r, err := v.receipt(i); err == nil {
			notes = append(notes, r.Checkpoint)
		}
	}
	for _, own := range []bool{false, true} {
		for _, n := range notes {
			add(n, own)
		}
	}
	vals := make([]memoVal, len(keys))
	var next atomic.Int64
	var wg sync.WaitGroup
	for range min(workers, len(keys)) {
		wg.Go(func() {
			for {
				j := int(next.Add(1) - 1)
				if j >= len(keys) {
					return
				}
				vals[j] = v.check(keys[j])
			}
		})
	}
	wg.Wait()
	for j, k := range keys {
		v.memo[k] = vals[j]
	}
}

func (v *verifier) parseLeaves() {
	v.idx = sortedKeys(v.d.Leaves)
	v.entries, v.bad = map[uint64]Entry{}, map[uint64]error{}
	for _, i := range v.idx {
		e, err := ParseEntry(v.d.Leaves[i])
		if err != nil {
			v.bad[i] = err
			continue
		}
		v.entries[i] = e
	}
}

// ownKey checks that a checkpoint was signed by a key the dossier lists:
// a key outside keys/ means the dossier contradicts itself, whoever is
// trusted.
func (v *verifier) ownKey(c *claim, file string, signed []byte) {
	if v.ownErr != nil {
		return
	}
	if _, err := v.open(signed, true); err != nil {
		c.fail(file+": không được ký bằng khóa nào trong thư mục keys/ của hồ sơ.",
			file+": not signed by any key listed in the dossier's keys/.")
	}
}

// trustErr turns an error from checking a signature into a finding: no
// trusted signature is "cannot tell", anything else is a failure.
func trustErr(c *claim, file string, err error) {
	if IsUnverified(err) {
		c.unknown(file+": không có chữ ký của khóa được tin cậy (thiếu khóa?).",
			file+": carries no signature by a trusted key (is a key missing?).")
		return
	}
	c.fail(fmt.Sprintf("%s: chữ ký hoặc định dạng không hợp lệ: %v", file, err),
		fmt.Sprintf("%s: invalid signature or format: %v", file, err))
}

func (v *verifier) intact() Claim {
	c := newClaim(ClaimIntact,
		"Hồ sơ còn nguyên vẹn: mọi tệp khớp manifest.json và manifest được ký bằng khóa của sổ cái.",
		"The dossier is intact: every file matches manifest.json and the manifest is signed by the log's key.")
	for _, p := range v.d.problems {
		c.fail(p.VI, p.EN)
	}
	if v.ownErr != nil {
		c.fail("Khóa trong hồ sơ không đọc được: "+v.ownErr.Error(), "The dossier's keys cannot be read: "+v.ownErr.Error())
	}
	if v.d.ManifestSig != nil {
		if err := v.d.checkSeal(v.trusted); err != nil {
			trustErr(c, "manifest.sig", err)
		}
		if v.ownErr == nil && v.d.checkSeal(v.own) != nil {
			c.fail("manifest.sig: không được ký bằng khóa nào trong thư mục keys/ của hồ sơ.",
				"manifest.sig: not signed by any key listed in the dossier's keys/.")
		}
	}
	return c.done()
}

func (v *verifier) included() Claim {
	c := newClaim(ClaimIncluded,
		"Mọi bản ghi (lá) đều nằm trong sổ cái: bằng chứng bao hàm khớp với điểm kiểm tra đã ký.",
		"Every leaf is in the log: its inclusion proof leads to a signed checkpoint.")
	if len(v.idx) == 0 {
		c.fail("Hồ sơ không có bản ghi nào.", "The dossier has no leaves.")
	}
	for _, i := range v.idx {
		file := fmt.Sprintf("receipts/%d.tlog-proof", i)
		if _, ok := v.d.Receipts[i]; !ok {
			c.fail("Thiếu "+file+".", file+" is missing.")
			continue
		}
		r, err := v.receipt(i)
		if err != nil {
			c.fail(file+": "+err.Error(), file+": "+err.Error())
			continue
		}
		if r.Index != i {
			c.fail(fmt.Sprintf("%s ghi chỉ số %d.", file, r.Index), fmt.Sprintf("%s is for index %d.", file, r.Index))
			continue
		}
		cp, err := v.checkReceipt(r, v.d.Leaves[i])
		if err != nil {
			trustErr(c, file, err)
			continue
		}
		if cp.Origin != v.d.Origin {
			c.fail(fmt.Sprintf("%s: sổ cái %q, không phải %q.", file, cp.Origin, v.d.Origin),
				fmt.Sprintf("%s: from log %q, not %q.", file, cp.Origin, v.d.Origin))
			continue
		}
		v.ownKey(c, file, r.Checkpoint)
		v.cps[i] = cp
	}
	for _, i := range sortedKeys(v.d.Receipts) {
		if _, ok := v.d.Leaves[i]; !ok {
			c.fail(fmt.Sprintf("receipts/%d.tlog-proof không có bản ghi tương ứng.", i),
				fmt.Sprintf("receipts/%d.tlog-proof has no matching leaf.", i))
		}
	}
	return c.done()
}

func (v *verifier) grew() Claim {
	c := newClaim(ClaimGrew,
		"Sổ cái chỉ được ghi thêm: mỗi điểm kiểm tra trong biên nhận nhất quán với điểm kiểm tra mới nhất.",
		"The log only grew: each receipt's checkpoint is consistent with the latest checkpoint.")
	latest, err := v.open(v.d.Checkpoint, false)
	if err != nil {
		trustErr(c, "checkpoint.txt", err)
		return c.done()
	}
	v.ownKey(c, "checkpoint.txt", v.d.Checkpoint)
	if latest.Origin != v.d.Origin {
		c.fail(fmt.Sprintf("checkpoint.txt thuộc sổ cái %q, không phải %q.", latest.Origin, v.d.Origin),
			fmt.Sprintf("checkpoint.txt is from log %q, not %q.", latest.Origin, v.d.Origin))
	}
	used := map[[2]uint64]bool{}
	for _, i := range v.idx {
		cp, ok := v.cps[i]
		if !ok {
			continue // claim 1 already says why
		}
		switch {
		case cp.Size > latest.Size:
			c.fail(fmt.Sprintf("Biên nhận %d có điểm kiểm tra lớn hơn (%d) điểm mới nhất (%d).", i, cp.Size, latest.Size),
				fmt.Sprintf("Receipt %d has a checkpoint (size %d) larger than the latest (%d).", i, cp.Size, latest.Size))
		case cp.Size == latest.Size:
			if cp.Root != latest.Root {
				c.fail(fmt.Sprintf("Phân nhánh: biên nhận %d và checkpoint.txt cùng kích thước %d nhưng khác gốc.", i, cp.Size),
					fmt.Sprintf("Fork: receipt %d and checkpoint.txt have size %d but different roots.", i, cp.Size))
			}
		default:
			key := [2]uint64{cp.Size, latest.Size}
			file := fmt.Sprintf("consistency/%d-%d.txt", key[0], key[1])
			raw, ok := v.d.Consistency[key]
			if !ok {
				c.fail("Thiếu "+file+".", file+" is missing.")
				continue
			}
			used[key] = true
			hashes, err := ParseHashes(raw)
			if err == nil {
				err = VerifyConsistency(cp, latest, hashes)
			}
			if err != nil {
				c.fail(fmt.Sprintf("%s: sổ cái không nhất quán (có thể bị viết lại): %v", file, err),
					fmt.Sprintf("%s: the log is not consistent (history may have been rewritten): %v", file, err))
			}
		}
	}
	// A file for a receipt whose checkpoint could not be checked is not
	// "unused": that receipt is already reported as cannot tell.
	for i := range v.d.Receipts {
		if r, err := v.receipt(i); err == nil {
			if i := bytes.Index(r.Checkpoint, []byte("\n\n")); i >= 0 {
				if cp, err := ParseCheckpointBody(r.Checkpoint[:i+1]); err == nil {
					used[[2]uint64{cp.Size, latest.Size}] = true
				}
			}
		}
	}
	// Proofs for witnessed checkpoints belong to the witness claim.
	for size := range v.d.Witnessed {
		used[[2]uint64{size, latest.Size}] = true
	}
	for _, k := range sortedPairs(v.d.Consistency) {
		if !used[k] {
			c.fail(fmt.Sprintf("consistency/%d-%d.txt không ứng với biên nhận nào.", k[0], k[1]),
				fmt.Sprintf("consistency/%d-%d.txt matches no receipt.", k[0], k[1]))
		}
	}
	return c.done()
}

func sortedPairs(m map[[2]uint64][]byte) [][2]uint64 {
	return slices.SortedFunc(maps.Keys(m), func(a, b [2]uint64) int {
		return cmp.Or(cmp.Compare(a[0], b[0]), cmp.Compare(a[1], b[1]))
	})
}

// checkReceipt is verifyReceipt with the checkpoint signature remembered.
func (v *verifier) checkReceipt(r Receipt, leaf []byte) (Checkpoint, error) {
	cp, err := v.open(r.Checkpoint, false)
	if err != nil {
		return Checkpoint{}, err
	}
	return cp, checkInclusion(r, leaf, cp)
}
