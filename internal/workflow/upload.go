package workflow

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"damlam/internal/problem"
)

// FileFacts are what the store reads, in the attachment's transaction,
// of the space already used: by the person adding the file, and by the
// unit whose case it is.
type FileFacts struct {
	PersonBytes, UnitBytes int64
}

// Quota bounds the attachments one person adds and one unit's cases
// hold, so that one account (or one stolen one) cannot fill the disk
// every unit shares. Zero means no bound.
type Quota struct {
	PerPerson, PerUnit int64
}

// DefaultQuota is 2 GiB a person and 20 GiB a unit: a hundred full-size
// files for one cadre, a thousand for a ward's cases.
var DefaultQuota = Quota{PerPerson: 2 << 30, PerUnit: 20 << 30}

// CheckQuota refuses a file of size bytes that would take the adder or
// the unit past q.
func CheckQuota(q Quota, size int64, f FileFacts) error {
	if q.PerPerson > 0 && f.PersonBytes+size > q.PerPerson {
		return problem.New(problem.Invalid, "quota_person", q.PerPerson>>20)
	}
	if q.PerUnit > 0 && f.UnitBytes+size > q.PerUnit {
		return problem.New(problem.Invalid, "quota_unit", q.PerUnit>>20)
	}
	return nil
}

// maxFileName bounds a stored file name in bytes, as most file systems do.
const maxFileName = 255

// FileName is the name an attachment is kept under: the last part of
// whatever path the browser or script sent (either separator), in NFC
// (a Vietnamese name typed on a Mac arrives decomposed), without control
// or invisible format characters (a right-to-left override can make
// "hợp-đồng‮fdp.exe" read as a PDF), without leading or trailing spaces
// and dots, and at most 255 bytes with its extension kept. An empty
// result is refused.
func FileName(name string) (string, error) {
	name = strings.ToValidUTF8(name, "")
	if i := strings.LastIndexAny(name, `/\`); i >= 0 {
		name = name[i+1:]
	}
	name = norm.NFC.String(name)
	name = strings.Map(func(c rune) rune {
		switch {
		case unicode.IsControl(c), unicode.Is(unicode.Cf, c):
			return -1
		case unicode.IsSpace(c):
			return ' '
		}
		return c
	}, name)
	name = strings.Trim(name, " .")
	if len(name) > maxFileName {
		ext := ""
		if i := strings.LastIndexByte(name, '.'); i > 0 && len(name)-i <= 16 {
			ext = name[i:]
		}
		keep := maxFileName - len(ext)
		for keep > 0 && !utf8.RuneStart(name[keep]) {
			keep--
		}
		name = strings.TrimRight(name[:keep], " .") + ext
	}
	if name == "" {
		var f problem.Fields
		f.Add("name", "field.file_name")
		return "", f.Err()
	}
	return name, nil
}
