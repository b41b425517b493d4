package main

import (
	"fmt"
	"io"

	"damlam/internal/proof"
)

// exitOutsideScope: the dossier is authentic and complete, and it shows
// actions outside their approved scope. Distinct from exitInvalid, which
// says the record itself cannot be trusted.
const exitOutsideScope = 3

// verdicts are the two answers the verifier gives: is the record
// authentic and complete, and did the actions stay inside the approved
// scope. The second is asked only of an authentic record.
type verdicts struct {
	Authenticity proof.Status `json:"authenticity"`
	Compliance   proof.Status `json:"compliance"`
}

func verdictsOf(r proof.Report, selfTrust bool) verdicts {
	v := verdicts{Authenticity: r.Authenticity(), Compliance: r.Compliance()}
	if selfTrust && v.Authenticity == proof.Holds {
		v.Authenticity, v.Compliance = proof.CannotTell, proof.CannotTell
	}
	return v
}

// exit is the status the two verdicts give: 0 authentic and inside the
// scope, 1 not authentic, 2 cannot tell, 3 authentic but outside the scope.
func (v verdicts) exit() int {
	switch {
	case v.Authenticity == proof.Fails:
		return exitInvalid
	case v.Authenticity != proof.Holds:
		return exitUnknown
	case v.Compliance == proof.Fails:
		return exitOutsideScope
	case v.Compliance != proof.Holds:
		return exitUnknown
	}
	return exitValid
}

// print writes the two verdicts, Vietnamese first.
func (v verdicts) print(w io.Writer) {
	switch v.Authenticity {
	case proof.Holds:
		fmt.Fprintln(w, "KẾT LUẬN 1 — TÍNH XÁC THỰC: HỒ SƠ XÁC THỰC VÀ ĐẦY ĐỦ — không bị sửa, mọi quyết định đều có trong sổ cái.\nVERDICT 1 — AUTHENTICITY: AUTHENTIC AND COMPLETE — nothing was altered; every decision is in the log.")
	case proof.Fails:
		fmt.Fprintln(w, "KẾT LUẬN 1 — TÍNH XÁC THỰC: KHÔNG XÁC THỰC — hồ sơ bị sửa, thiếu hoặc không khớp sổ cái (xem trên). Không dựa vào nội dung hồ sơ này.\nVERDICT 1 — AUTHENTICITY: NOT AUTHENTIC — the record was altered, is incomplete or does not match the log (see above). Do not rely on its contents.")
	default:
		fmt.Fprintln(w, "KẾT LUẬN 1 — TÍNH XÁC THỰC: KHÔNG XÁC ĐỊNH ĐƯỢC — thiếu khóa tin cậy hoặc tệp.\nVERDICT 1 — AUTHENTICITY: CANNOT TELL — a trusted key or a file is missing.")
	}
	switch v.Compliance {
	case proof.Holds:
		fmt.Fprintln(w, "KẾT LUẬN 2 — PHẠM VI: MỌI HÀNH ĐỘNG NẰM TRONG PHẠM VI ĐƯỢC PHÊ DUYỆT.\nVERDICT 2 — SCOPE: EVERY ACTION STAYED INSIDE THE APPROVED SCOPE.")
	case proof.Fails:
		fmt.Fprintln(w, "KẾT LUẬN 2 — PHẠM VI: CÓ HÀNH ĐỘNG NGOÀI PHẠM VI ĐƯỢC PHÊ DUYỆT (xem khẳng định về phạm vi ở trên). Hồ sơ là thật: chính hồ sơ ghi nhận việc vượt phạm vi; đây không phải dấu hiệu giả mạo.\nVERDICT 2 — SCOPE: SOME ACTIONS WERE OUTSIDE THE APPROVED SCOPE (see the scope claim above). The record is genuine: it itself shows the overstep; this is not a sign of forgery.")
	default:
		fmt.Fprintln(w, "KẾT LUẬN 2 — PHẠM VI: KHÔNG XÁC ĐỊNH ĐƯỢC — chỉ kết luận được về phạm vi trên một hồ sơ xác thực.\nVERDICT 2 — SCOPE: CANNOT TELL — the scope can only be judged on an authentic record.")
	}
}
