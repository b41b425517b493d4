// Command damlam-verify checks a damlam case dossier offline and says,
// claim by claim, in Vietnamese and English, what holds. It opens no
// database and no network connection; the only trust it needs is the log's
// public key, given with --key.
//
// It gives two verdicts: whether the record is authentic and complete, and
// whether the actions it records stayed inside the approved scope.
//
// Exit status: 0 authentic, and every action inside its scope; 1 not
// authentic (some claim about the record fails, or the dossier is
// damaged); 2 cannot tell (a key or a file is missing, or no key was
// given); 3 authentic, and some action outside its approved scope.
package main

import (
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"damlam/internal/proof"

	"golang.org/x/mod/sumdb/note"
)

func main() { os.Exit(run(os.Args[1:], os.Stdout, os.Stderr)) }

const (
	exitValid   = 0
	exitInvalid = 1
	exitUnknown = 2
)

const usage = `Cách dùng / usage:
  damlam-verify [--json] --key LOG.vkey [--key OLD.vkey]... [--witness-key W.vkey]... HOSO.zip
  damlam-verify checkpoint --key LOG.vkey [--proof PROOF.txt] ARCHIVED.txt LATEST.txt

Kiểm tra ngoại tuyến hồ sơ sáng kiến xuất từ damlam, từng khẳng định một:
hồ sơ còn nguyên vẹn; mọi bản ghi nằm trong sổ cái; sổ cái chỉ được ghi thêm;
chuỗi hồ sơ không đứt; hồ sơ nghiệp vụ khớp mã băm; mọi tài liệu (phiên bản
nội dung đã trình, tệp đính kèm) khớp mã băm sổ cái ghi; phê duyệt có trước
hành động; hành động nằm trong phạm vi được phê duyệt. Tệp bị thiếu, bị tráo
hoặc bị sửa được nêu tên.

Checks a damlam case dossier offline, claim by claim: the dossier is intact;
every leaf is in the log; the log only grew; the case chain is unbroken;
records match their digests; every document (submitted content versions,
attachments) matches the digest the log names; approvals precede actions;
actions stayed in their approved scope. A missing, swapped or altered file
is named.

--key FILE   public key of the log (a note verifier key, one line), obtained
             independently of the dossier (the agency's website, an official
             letter). Repeat for older keys after a key rotation.
             Without --key the keys inside the dossier are used and the result
             is at best "cannot tell": the dossier would be vouching for itself.
--witness-key FILE
             cosignature key of an independent witness (an inspection agency's
             witness). Adds a claim: by when each leaf existed, as the witness
             attests. Repeatable.
--json       print the report as JSON.

"checkpoint" compares a checkpoint you archived earlier with a newer one
and, with the consistency proof (one base64 hash per line, as served by
/api/log/consistency), tells whether the log was rewritten or forked.

Hai kết luận / two verdicts: (1) hồ sơ xác thực và đầy đủ / the record is
authentic and complete; (2) hành động nằm trong phạm vi được duyệt / the
actions stayed inside the approved scope.

Exit status / mã thoát: 0 xác thực, trong phạm vi / authentic, inside the
scope; 1 không xác thực / not authentic; 2 không xác định được / cannot tell;
3 xác thực nhưng có hành động ngoài phạm vi / authentic, but some action
outside the approved scope.
`

// keyFlags collects repeated --key files.
type keyFlags []string

func (k *keyFlags) String() string     { return strings.Join(*k, ",") }
func (k *keyFlags) Set(s string) error { *k = append(*k, s); return nil }

func run(args []string, stdout, stderr io.Writer) int {
	if len(args) > 0 && args[0] == "checkpoint" {
		return runCheckpoint(args[1:], stdout, stderr)
	}
	fs := flag.NewFlagSet("damlam-verify", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var keys keyFlags
	fs.Var(&keys, "key", "log public key file (repeatable)")
	var witnessKeys keyFlags
	fs.Var(&witnessKeys, "witness-key", "witness cosignature key file (repeatable)")
	asJSON := fs.Bool("json", false, "print JSON")
	fs.Usage = func() { fmt.Fprint(stdout, usage) }
	pos, err := parseInterleaved(fs, args)
	if errors.Is(err, flag.ErrHelp) {
		return exitValid
	}
	if err != nil || len(pos) != 1 {
		fmt.Fprint(stderr, usage)
		return exitUnknown
	}
	raw, err := os.ReadFile(pos[0])
	if err != nil {
		fmt.Fprintf(stderr, "Không đọc được hồ sơ / cannot read the dossier: %v\n", err)
		return exitUnknown
	}
	trusted, err := loadKeys(keys)
	if err != nil {
		fmt.Fprintf(stderr, "Khóa không hợp lệ / bad key: %v\n", err)
		return exitUnknown
	}
	witnesses, err := loadWitnessKeys(witnessKeys)
	if err != nil {
		fmt.Fprintf(stderr, "Khóa nhân chứng không hợp lệ / bad witness key: %v\n", err)
		return exitUnknown
	}
	rep, selfKeys := verify(raw, trusted, witnesses)
	selfTrust := trusted == nil
	if *asJSON {
		out := struct {
			proof.Report
			Overall proof.Status `json:"overall"`
			verdicts
			TrustsItself bool `json:"trust_anchor_is_dossier"`
		}{rep, overall(rep, selfTrust), verdictsOf(rep, selfTrust), selfTrust}
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		enc.Encode(out)
	} else {
		if selfTrust {
			fmt.Fprint(stdout, banner)
			for _, k := range selfKeys {
				fmt.Fprintf(stdout, "!!! khóa trong hồ sơ / key in the dossier: %s\n", k)
			}
			fmt.Fprintln(stdout)
		}
		printReport(stdout, rep, selfTrust)
	}
	return verdictsOf(rep, selfTrust).exit() // verdict.go
}

// verify reads and checks a dossier. A damaged archive is reported as a
// failed first claim, so a one-byte change anywhere still reads "invalid".
// With no trusted keys it falls back to the dossier's own, and returns them.
func verify(raw []byte, trusted note.Verifiers, witnesses []*proof.CosignatureVerifier) (proof.Report, []string) {
	d, err := proof.ReadZip(strings.NewReader(string(raw)), int64(len(raw)))
	if err != nil {
		return proof.Report{Claims: []proof.Claim{{ID: proof.ClaimIntact,
			VI: "Hồ sơ còn nguyên vẹn.", EN: "The dossier is intact.", Status: proof.Fails,
			Detail: err.Error(), DetailVI: "Tệp hồ sơ bị hỏng hoặc bị sửa: " + err.Error()}}}, nil
	}
	var own []string
	if trusted == nil {
		if trusted, own, err = d.KeyVerifiers(); err != nil {
			trusted = note.VerifierList()
		}
	}
	return proof.VerifyWithWitnesses(d, trusted, witnesses), own
}

// loadWitnessKeys reads witnesses' cosignature keys, one per line.
func loadWitnessKeys(files []string) ([]*proof.CosignatureVerifier, error) {
	var out []*proof.CosignatureVerifier
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			return nil, err
		}
		for _, line := range strings.Split(strings.TrimSpace(string(b)), "\n") {
			if line = strings.TrimSpace(line); line == "" {
				continue
			}
			v, err := proof.NewCosignatureVerifier(line)
			if err != nil {
				return nil, fmt.Errorf("%s: %w", f, err)
			}
			out = append(out, v)
		}
	}
	return out, nil
}

// overall downgrades "valid" to "cannot tell" when the only keys were the
// dossier's own: anyone can make a self-consistent dossier with a new key.
func overall(r proof.Report, selfTrust bool) proof.Status {
	s := r.Overall()
	if s == proof.Holds && selfTrust {
		return proof.CannotTell
	}
	return s
}

func exitCode(s proof.Status) int {
	switch s {
	case proof.Holds:
		return exitValid
	case proof.Fails:
		return exitInvalid
	}
	return exitUnknown
}

func loadKeys(files []string) (note.Verifiers, error) {
	if len(files) == 0 {
		return nil, nil
	}
	var vs []note.Verifier
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			return nil, err
		}
		for _, line := range strings.Split(strings.TrimSpace(string(b)), "\n") {
			if line = strings.TrimSpace(line); line == "" {
				continue
			}
			v, err := proof.NewVerifier(line)
			if err != nil {
				return nil, fmt.Errorf("%s: %w", f, err)
			}
			vs = append(vs, v)
		}
	}
	return note.VerifierList(vs...), nil
}

// parseInterleaved lets flags follow the file name, as people type them.
func parseInterleaved(fs *flag.FlagSet, args []string) ([]string, error) {
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, err
		}
		if fs.NArg() == 0 {
			return pos, nil
		}
		pos = append(pos, fs.Arg(0))
		args = fs.Args()[1:]
	}
}
