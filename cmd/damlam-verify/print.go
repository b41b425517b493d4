package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"damlam/internal/proof"
)

const banner = `!!! CẢNH BÁO: không có --key. Kết quả dựa trên khóa nằm TRONG hồ sơ, tức là hồ sơ
!!! tự bảo đảm cho chính nó. Hãy lấy khóa công khai của sổ cái từ nguồn độc lập
!!! (cổng thông tin của cơ quan, công văn) và chạy lại với --key.
!!! WARNING: no --key given. The result rests on the keys INSIDE the dossier: the
!!! dossier is vouching for itself. Obtain the log's public key independently
!!! (the agency's website, an official letter) and run again with --key.
`

// printReport writes the claims, Vietnamese first, then the verdict.
func printReport(w io.Writer, r proof.Report, selfTrust bool) {
	if r.Case != "" {
		fmt.Fprintf(w, "Hồ sơ / case: %s   Sổ cái / log: %s   Bản ghi / leaves: %d\n\n", r.Case, r.Origin, r.Leaves)
	}
	for i, c := range r.Claims {
		fmt.Fprintf(w, "%d. [%s / %s] %s\n", i+1, c.Status.VI(), strings.ToUpper(c.Status.String()), c.VI)
		fmt.Fprintf(w, "   %s\n", c.EN)
		vi, en := strings.Split(c.DetailVI, "\n"), strings.Split(c.Detail, "\n")
		for j := range en {
			if en[j] == "" {
				continue
			}
			if j < len(vi) && vi[j] != en[j] {
				fmt.Fprintf(w, "     - %s\n       %s\n", vi[j], en[j])
			} else {
				fmt.Fprintf(w, "     - %s\n", en[j])
			}
		}
		fmt.Fprintln(w)
	}
	if r.Case != "" {
		verdictsOf(r, selfTrust).print(w) // verdict.go
		return
	}
	switch overall(r, selfTrust) {
	case proof.Holds:
		fmt.Fprintln(w, "KẾT LUẬN: HỢP LỆ — mọi khẳng định đều đúng.\nVERDICT: VALID — every claim holds.")
	case proof.Fails:
		fmt.Fprintln(w, "KẾT LUẬN: KHÔNG HỢP LỆ — có khẳng định sai (xem trên).\nVERDICT: INVALID — a claim fails (see above).")
	default:
		fmt.Fprintln(w, "KẾT LUẬN: KHÔNG XÁC ĐỊNH ĐƯỢC — thiếu khóa tin cậy hoặc tệp.\nVERDICT: CANNOT TELL — a trusted key or a file is missing.")
	}
}

// runCheckpoint compares an archived checkpoint with a newer one.
func runCheckpoint(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("damlam-verify checkpoint", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var keys keyFlags
	fs.Var(&keys, "key", "log public key file (repeatable)")
	proofFile := fs.String("proof", "", "consistency proof file")
	fs.Usage = func() { fmt.Fprint(stdout, usage) }
	pos, err := parseInterleaved(fs, args)
	if errors.Is(err, flag.ErrHelp) {
		return exitValid
	}
	if err != nil || len(pos) != 2 || len(keys) == 0 {
		fmt.Fprint(stderr, usage)
		return exitUnknown
	}
	trusted, err := loadKeys(keys)
	if err != nil {
		fmt.Fprintf(stderr, "Khóa không hợp lệ / bad key: %v\n", err)
		return exitUnknown
	}
	archived, err1 := os.ReadFile(pos[0])
	latest, err2 := os.ReadFile(pos[1])
	if err := errors.Join(err1, err2); err != nil {
		fmt.Fprintf(stderr, "Không đọc được / cannot read: %v\n", err)
		return exitUnknown
	}
	var hashes [][32]byte
	if *proofFile != "" {
		b, err := os.ReadFile(*proofFile)
		if err == nil {
			hashes, err = proof.ParseHashes(b)
		}
		if err != nil {
			fmt.Fprintf(stderr, "Bằng chứng không đọc được / bad proof: %v\n", err)
			return exitUnknown
		}
	}
	c := proof.CheckFork(archived, latest, hashes, trusted)
	printReport(stdout, proof.Report{Claims: []proof.Claim{c}}, false)
	return exitCode(c.Status)
}
