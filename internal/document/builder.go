package document

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"damlam/internal/i18n"
	"damlam/internal/proof"
	"damlam/internal/workflow"
)

// builder writes one document of a case: the header the issuer gives, the
// texts each kind says.
type builder struct {
	c  Case
	ev workflow.Line
	is Issuer
}

// The legal bases every document of the procedure cites.
const (
	basisLocalGovt = "Căn cứ Luật Tổ chức chính quyền địa phương ngày 16 tháng 6 năm 2025;"
	basisDecree73  = "Căn cứ Nghị định số 73/2023/NĐ-CP ngày 29 tháng 9 năm 2023 của Chính phủ quy định về khuyến khích, bảo vệ cán bộ năng động, sáng tạo, dám nghĩ, dám làm, dám đột phá, dám chịu trách nhiệm vì lợi ích chung;"
	basisKL14      = "Căn cứ Kết luận số 14-KL/TW ngày 22 tháng 9 năm 2021 của Bộ Chính trị về chủ trương khuyến khích và bảo vệ cán bộ năng động, sáng tạo vì lợi ích chung;"
)

func (b *builder) base(k Kind, n int) Doc {
	lines := make([]string, len(b.is.Lines))
	copy(lines, b.is.Lines)
	return Doc{
		Governing: b.is.Governing,
		Issuer:    lines,
		Number:    n,
		Symbol:    Symbol(k, b.is),
		Place:     b.is.Place,
		Date:      b.ev.At,
	}
}

func (b *builder) fill(d *Doc, k Kind) error {
	switch k {
	case Minutes:
		return b.minutes(d)
	case Approval, PilotApproval:
		return b.approval(d, k == PilotApproval)
	case Override:
		return b.override(d)
	case ReturnNotice, RejectNotice:
		return b.notice(d, k == RejectNotice)
	case Suspension, Stopping, Adjustment:
		return b.change(d, k)
	case Inspection:
		return b.inspection(d)
	case Evaluation:
		return b.evaluation(d)
	case Protection:
		return b.protection(d)
	case RewardDecided:
		return b.reward(d)
	case Escalation:
		return b.escalation(d)
	case ProposalPlan:
		return b.plan(d)
	}
	return ErrNoDocument
}

// caseRef names the case as the documents do.
func (b *builder) caseRef() string {
	return fmt.Sprintf("đề xuất %s của đồng chí %s%s (hồ sơ %s)", quoted(b.c.Title), b.c.Proposer.Name, b.ofUnit(), b.c.ID)
}

func (b *builder) ofUnit() string {
	if b.c.ProposerUnit == "" {
		return ""
	}
	return ", " + lowerFirst(b.c.ProposerUnit)
}

// bases are the decision's legal bases: the law on local government for a
// People's Committee, Decree 73 (or Conclusion 14 for the Party's path),
// and the steps of the record it rests on.
func (b *builder) bases(extra ...string) []string {
	var out []string
	if b.is.Abbrev == "UBND" {
		out = append(out, basisLocalGovt)
	}
	basis := b.c.Content.Basis
	if b.c.Content.LegalBasis == "party" || basis != nil && basis.Instrument == "kl14" {
		out = append(out, basisKL14)
	}
	out = append(out, basisDecree73)
	if basis != nil && basis.Instrument != "kl14" && basis.Instrument != "nd73" {
		out = append(out, instrumentBasis(basis))
	}
	out = append(out, extra...)
	return out
}

// signer is the signature block of the person who took the step: the head
// signs in their title; a deputy signs "KT." for the head (Decree 30,
// Appendix I, §II.7). collective adds "TM." of the agency above it.
func (b *builder) signer(collective bool) Signer {
	var cap []string
	if collective {
		cap = append(cap, "TM. "+b.is.Body)
	}
	if b.c.Deputies[b.ev.Actor.ID] {
		cap = append(cap, "KT. "+b.is.Head, b.is.Deputy)
	} else {
		cap = append(cap, b.is.Head)
	}
	return Signer{Capacity: cap, Name: b.ev.Actor.Name}
}

// recipients are the usual "Nơi nhận": those who carry it out, the unit
// above (to report), the Party committee (to know), and the file.
func (b *builder) recipients(first ...string) []string {
	out := append([]string{}, first...)
	if b.c.Superior != nil && b.c.Superior.UnitID != b.is.UnitID {
		out = append(out, b.c.Superior.Body+" "+b.c.Superior.Name+" (để báo cáo)")
	}
	if b.is.Party != "" {
		out = append(out, b.is.Party+" (để biết)")
	}
	return append(out, "Lưu: VT, hồ sơ "+b.c.ID)
}

func date(t time.Time) string { return i18n.FormatDate(t) }

func day(s string) string {
	t, err := time.Parse("2006-01-02", s)
	if err != nil {
		return s
	}
	return t.Format("02/01/2006")
}

func vnd(n int64) string { return i18n.FormatVND(n, i18n.VI) }

func number(f float64) string {
	s := strconv.FormatFloat(f, 'f', -1, 64)
	whole, frac, _ := strings.Cut(s, ".")
	n, _ := strconv.ParseInt(whole, 10, 64)
	out := i18n.FormatInt(n, i18n.VI)
	if frac != "" {
		out += "," + frac
	}
	return out
}

// scopeItems writes an approved scope as the decision's list.
func (b *builder) scopeItems(s *proof.Scope) []Block {
	if s == nil {
		return nil
	}
	units := make([]string, len(s.Units))
	for i, u := range s.Units {
		units[i] = b.c.name(u)
	}
	out := []Block{
		{Style: Item, Text: "- Đơn vị, địa bàn thực hiện: " + strings.Join(units, "; ") + ";"},
		{Style: Item, Text: "- Thời gian thực hiện: từ ngày " + day(s.Start) + " đến ngày " + day(s.End) + ";"},
		{Style: Item, Text: "- Kinh phí tối đa: " + vnd(s.BudgetVND) + ";"},
	}
	for _, in := range s.Indicators {
		out = append(out, Block{Style: Item, Text: "- Chỉ tiêu: " + nfc(in.Name) + ", mục tiêu " + number(in.Target) + " " + nfc(in.Unit) + ";"})
	}
	for _, sc := range s.StopConditions {
		out = append(out, Block{Style: Item, Text: "- Điều kiện dừng: " + nfc(sc) + ";"})
	}
	for _, c := range s.Stops {
		out = append(out, Block{Style: Item, Text: "- Điều kiện dừng (kiểm tra theo từng báo cáo): " + stopText(c) + ";"})
	}
	return out
}

// stopText says a checkable stop condition as the decision writes it.
func stopText(c proof.StopCheck) string {
	switch c.Kind {
	case proof.StopIndicatorBelow:
		return nfc(c.Indicator) + " dưới " + number(c.Value)
	case proof.StopIndicatorAbove:
		return nfc(c.Indicator) + " trên " + number(c.Value)
	case proof.StopDate:
		return "đến ngày " + day(c.Date)
	case proof.StopSpending:
		return "chi tiêu đạt " + vnd(c.AmountVND)
	}
	return c.Kind
}

// minutesBasis cites the meeting the decision rests on.
func (b *builder) minutesBasis() []string {
	if !hasMinutes(b.ev) {
		return nil
	}
	return []string{"Căn cứ Biên bản họp tập thể lãnh đạo " + b.is.Body + " " + lowerFirst(b.is.Name) + " ngày " + date(b.ev.At) + ";"}
}

func (b *builder) partyOpinion(kind string) (workflow.PartyOpinionInput, time.Time, bool) {
	for i := len(b.c.History) - 1; i >= 0; i-- {
		ev := b.c.History[i]
		if ev.Seq < b.ev.Seq && ev.Type == kind {
			var in workflow.PartyOpinionInput
			if decodeInput(ev, &in) == nil {
				return in, ev.At, true
			}
		}
	}
	return workflow.PartyOpinionInput{}, time.Time{}, false
}

var opinionText = map[string]string{
	"agree":                 "thống nhất",
	"agree_with_conditions": "thống nhất có điều kiện",
	"disagree":              "không thống nhất",
}

func (b *builder) approval(d *Doc, pilot bool) error {
	var in workflow.ApproveInput
	if err := decodeInput(b.ev, &in); err != nil {
		return err
	}
	verb := "Phê duyệt phương án"
	d.Kind = "Quyết định"
	d.Subject = "Về việc phê duyệt phương án " + quoted(b.c.Title)
	if pilot {
		verb = "Cho phép thí điểm phương án"
		d.Subject = "Về việc cho phép thí điểm " + quoted(b.c.Title)
	}
	d.Authority = b.is.Authority
	extra := b.minutesBasis()
	if op, at, ok := b.partyOpinion("party.opinion_before_approval"); ok {
		extra = append(extra, "Căn cứ ý kiến của "+b.partyName()+" ngày "+date(at)+" ("+opinionText[op.Opinion]+");")
	}
	d.Bases = b.bases(append(extra, "Theo đề xuất của đồng chí "+b.c.Proposer.Name+b.ofUnit()+".")...)
	d.Enact = "QUYẾT ĐỊNH:"
	scope := payloadOf(b.ev).Scope
	first := verb + " " + quoted(b.c.Title) + " (hồ sơ " + b.c.ID + b.version() + ")"
	if scope != nil {
		first += " trong phạm vi sau:"
	} else {
		first += "."
	}
	d.Body = append(d.Body, Block{Lead: "Điều 1.", Text: first})
	d.Body = append(d.Body, b.scopeItems(scope)...)
	for _, p := range paragraphs(in.Note) {
		d.Body = append(d.Body, Block{Text: p})
	}
	d.Body = append(d.Body,
		Block{Lead: "Điều 2.", Text: "Đồng chí " + b.c.Proposer.Name + " và các cá nhân, đơn vị thực hiện có trách nhiệm triển khai đúng phương án và phạm vi được phê duyệt tại Điều 1; báo cáo tiến độ, khó khăn, vướng mắc trong quá trình thực hiện và báo cáo kết quả trong thời hạn 05 ngày làm việc kể từ ngày hoàn thành. Hoạt động ngoài phạm vi được phê duyệt không thuộc diện được bảo vệ theo Nghị định số 73/2023/NĐ-CP."},
		Block{Lead: "Điều 3.", Text: "Quyết định này có hiệu lực kể từ ngày ký. Văn phòng " + b.is.Body + " " + lowerFirst(b.is.Name) + ", đồng chí " + b.c.Proposer.Name + " và các cá nhân, đơn vị có liên quan chịu trách nhiệm thi hành Quyết định này."})
	d.Signers = []Signer{b.signer(false)}
	d.Recipients = b.recipients("Như Điều 3")
	return nil
}

func (b *builder) version() string {
	if b.c.Version > 0 {
		return ", phiên bản " + strconv.Itoa(b.c.Version)
	}
	return ""
}

func (b *builder) partyName() string {
	if b.is.Party != "" {
		return b.is.Party
	}
	return "cấp ủy cùng cấp"
}

func (b *builder) override(d *Doc) error {
	var in workflow.OverrideInput
	if err := decodeInput(b.ev, &in); err != nil {
		return err
	}
	verb := "Phê duyệt phương án"
	if in.Pilot {
		verb = "Cho phép thí điểm phương án"
	}
	d.Kind = "Quyết định"
	d.Subject = "Về việc " + lowerFirst(verb) + " " + quoted(b.c.Title) + " sau khi tập thể lãnh đạo biểu quyết không đạt"
	d.Authority = b.is.Authority
	d.Bases = b.bases(append(b.minutesBasis(), "Xét đề xuất của đồng chí "+b.c.Proposer.Name+b.ofUnit()+".")...)
	d.Enact = "QUYẾT ĐỊNH:"
	scope := payloadOf(b.ev).Scope
	first := verb + " " + quoted(b.c.Title) + " (hồ sơ " + b.c.ID + b.version() + ")"
	if scope != nil {
		first += " trong phạm vi sau:"
	} else {
		first += "."
	}
	d.Body = append(d.Body, Block{Lead: "Điều 1.", Text: first})
	d.Body = append(d.Body, b.scopeItems(scope)...)
	d.Body = append(d.Body, Block{Text: "Lý do quyết định:"})
	for _, p := range paragraphs(in.Justification) {
		d.Body = append(d.Body, Block{Style: Italic, Text: p})
	}
	d.Body = append(d.Body,
		Block{Lead: "Điều 2.", Text: "Tập thể lãnh đạo đã biểu quyết không đạt quá 50% số thành viên tán thành; người ký Quyết định này quyết định bằng văn bản và chịu trách nhiệm cá nhân về quyết định của mình theo Nghị định số 73/2023/NĐ-CP."},
		Block{Lead: "Điều 3.", Text: "Đồng chí " + b.c.Proposer.Name + " và các cá nhân, đơn vị thực hiện có trách nhiệm triển khai đúng phương án và phạm vi tại Điều 1, báo cáo kết quả trong thời hạn 05 ngày làm việc kể từ ngày hoàn thành."},
		Block{Lead: "Điều 4.", Text: "Quyết định này có hiệu lực kể từ ngày ký. Các cá nhân, đơn vị có liên quan chịu trách nhiệm thi hành Quyết định này."})
	d.Signers = []Signer{b.signer(false)}
	d.Recipients = b.recipients("Như Điều 3, Điều 4")
	return nil
}

var ballotText = map[workflow.Ballot]string{
	workflow.Yes: "tán thành", workflow.No: "không tán thành", workflow.Abstain: "không biểu quyết", "": "vắng, không biểu quyết",
}

func (b *builder) minutes(d *Doc) error {
	var det workflow.DecisionDetails
	if err := decodeDetails(b.ev, &det); err != nil {
		return err
	}
	m := det.Minutes
	d.Kind = "Biên bản"
	d.Subject = "Họp tập thể lãnh đạo xem xét " + quoted(b.c.Title)
	at := b.ev.At.In(vietnam)
	where := b.is.Body + " " + lowerFirst(b.is.Name)
	d.Body = append(d.Body, Block{Text: fmt.Sprintf("Hôm nay, vào lúc %02d giờ %02d phút, ngày %s, tại trụ sở %s, tập thể lãnh đạo %s họp xem xét %s.",
		at.Hour(), at.Minute(), date(b.ev.At), where, where, b.caseRef())})
	d.Body = append(d.Body, Block{Style: Heading, Text: "I. THÀNH PHẦN"})
	chair := b.ev.Actor.Name
	for i, mv := range m.Members {
		role := b.is.Deputy
		if mv.Head {
			role = b.is.Head + ", chủ trì"
			chair = mv.Name
		}
		note := ""
		switch {
		case mv.Recused:
			note = " (người đề xuất, không biểu quyết)"
		case mv.Ballot == "":
			note = " (vắng)"
		}
		d.Body = append(d.Body, Block{Style: Item, Text: fmt.Sprintf("%d. Đồng chí %s, %s%s;", i+1, mv.Name, role, note)})
	}
	d.Body = append(d.Body, Block{Style: Heading, Text: "II. NỘI DUNG"})
	d.Body = append(d.Body, Block{Text: "Tập thể lãnh đạo nghe trình bày " + b.caseRef() + ", về: " + strings.TrimRight(nfc(firstNonEmpty(b.c.Content.Purpose, b.c.Content.Contents, b.c.Title)), ". ") + "."})
	if op, at, ok := b.partyOpinion("party.opinion_before_approval"); ok {
		d.Body = append(d.Body, Block{Text: "Ý kiến của " + b.partyName() + " ngày " + date(at) + ": " + opinionText[op.Opinion] + ". " + nfc(op.Text)})
	}
	d.Body = append(d.Body, Block{Style: Heading, Text: "III. KẾT QUẢ BIỂU QUYẾT"})
	for _, mv := range m.Members {
		if mv.Recused {
			continue
		}
		d.Body = append(d.Body, Block{Style: Item, Text: "- Đồng chí " + mv.Name + ": " + ballotText[mv.Ballot] + ";"})
	}
	d.Body = append(d.Body, Block{Text: fmt.Sprintf("Số thành viên có quyền biểu quyết: %d; tán thành: %d; không tán thành: %d; không biểu quyết: %d; vắng: %d.",
		m.Eligible, m.Yes, m.No, m.Abstain, m.Absent)})
	switch {
	case m.Tie:
		d.Body = append(d.Body, Block{Text: "Số thành viên tán thành bằng một nửa số thành viên có quyền biểu quyết; theo Nghị định số 73/2023/NĐ-CP, kết quả được quyết định theo ý kiến của người đứng đầu (" + ballotText[m.HeadVote] + "): đề xuất " + passed(m.Passed) + "."})
	default:
		d.Body = append(d.Body, Block{Text: "Kết quả: đề xuất " + passed(m.Passed) + " (cần trên 50% số thành viên có quyền biểu quyết tán thành)."})
	}
	d.Body = append(d.Body, Block{Style: Heading, Text: "IV. KẾT LUẬN"})
	var concl string
	switch b.ev.Type {
	case "proposal.approved":
		concl = "Đồng chí " + chair + " kết luận phê duyệt phương án đề xuất."
	case "proposal.approved_pilot":
		concl = "Đồng chí " + chair + " kết luận cho phép thí điểm phương án đề xuất trong phạm vi được phê duyệt."
	case "proposal.approved_override":
		concl = "Biểu quyết không đạt; đồng chí " + chair + " quyết định bằng văn bản và chịu trách nhiệm về quyết định của mình."
	case "proposal.returned":
		concl = "Đồng chí " + chair + " kết luận trả lại đề xuất để người đề xuất hoàn thiện."
	case "proposal.rejected":
		concl = "Đồng chí " + chair + " kết luận không chấp thuận đề xuất."
	}
	d.Body = append(d.Body, Block{Text: concl}, Block{Text: "Biên bản đã được đọc lại và thông qua tại cuộc họp."})
	d.Signers = []Signer{{Capacity: []string{"Thư ký"}}, {Capacity: []string{"Chủ trì"}, Name: chair}}
	return nil
}

func upperFirst(s string) string {
	for i, r := range s {
		return strings.ToUpper(string(r)) + s[i+len(string(r)):]
	}
	return s
}

func passed(ok bool) string {
	if ok {
		return "được thông qua"
	}
	return "không được thông qua"
}

func firstNonEmpty(ss ...string) string {
	for _, s := range ss {
		if strings.TrimSpace(s) != "" {
			return s
		}
	}
	return ""
}

func (b *builder) notice(d *Doc, reject bool) error {
	var in workflow.ReasonRequiredInput
	if err := decodeInput(b.ev, &in); err != nil {
		return err
	}
	d.Kind = "Thông báo"
	what := "trả lại để hoàn thiện"
	if reject {
		what = "không chấp thuận"
		d.Subject = "Về việc không chấp thuận đề xuất " + quoted(b.c.Title)
	} else {
		d.Subject = "Về việc trả lại đề xuất " + quoted(b.c.Title) + " để hoàn thiện"
	}
	d.Body = append(d.Body, Block{Text: b.is.Body + " " + lowerFirst(b.is.Name) + " đã nhận " + b.caseRef() + ". Sau khi xem xét, " + lowerFirst(b.is.Head) + " " + lowerFirst(b.is.Body) + " " + lowerFirst(b.is.Name) + " thông báo " + what + " đề xuất, với lý do như sau:"})
	for _, p := range paragraphs(in.Reason) {
		d.Body = append(d.Body, Block{Style: Italic, Text: p})
	}
	if reject {
		d.Body = append(d.Body, Block{Text: "Đề xuất không được triển khai. Người đề xuất có thể lập đề xuất mới khi có căn cứ khác."})
	} else {
		d.Body = append(d.Body, Block{Text: "Đề nghị đồng chí " + b.c.Proposer.Name + " hoàn thiện và trình lại đề xuất; thời hạn xem xét theo Nghị định số 73/2023/NĐ-CP được tính lại từ ngày trình lại."})
	}
	d.Body = append(d.Body, Block{Text: b.is.Body + " " + lowerFirst(b.is.Name) + " thông báo để đồng chí " + b.c.Proposer.Name + " và các đơn vị có liên quan biết, thực hiện."})
	d.Signers = []Signer{b.signer(false)}
	d.Recipients = b.recipients("Đồng chí " + b.c.Proposer.Name)
	return nil
}

func (b *builder) change(d *Doc, k Kind) error {
	d.Kind = "Quyết định"
	d.Authority = b.is.Authority
	d.Enact = "QUYẾT ĐỊNH:"
	approved := b.lastApproval()
	if approved != "" {
		d.Bases = b.bases(approved)
	} else {
		d.Bases = b.bases()
	}
	ref := quoted(b.c.Title) + " (hồ sơ " + b.c.ID + ")"
	switch k {
	case Adjustment:
		var in workflow.AdjustInput
		if err := decodeInput(b.ev, &in); err != nil {
			return err
		}
		d.Subject = "Về việc điều chỉnh phạm vi thực hiện " + quoted(b.c.Title)
		d.Body = append(d.Body, Block{Lead: "Điều 1.", Text: "Điều chỉnh phạm vi thực hiện phương án " + ref + " như sau:"})
		d.Body = append(d.Body, b.scopeItems(&in.Scope)...)
		d.Body = append(d.Body, Block{Text: "Lý do điều chỉnh:"})
		for _, p := range paragraphs(in.Reason) {
			d.Body = append(d.Body, Block{Style: Italic, Text: p})
		}
		d.Body = append(d.Body, Block{Lead: "Điều 2.", Text: "Phạm vi tại Điều 1 thay thế phạm vi đã được phê duyệt trước đây kể từ ngày ký; hoạt động ngoài phạm vi này không thuộc diện được bảo vệ theo Nghị định số 73/2023/NĐ-CP."})
	case Suspension, Stopping:
		var in workflow.ReasonInput
		if err := decodeInput(b.ev, &in); err != nil {
			return err
		}
		verb, tail := "Tạm dừng", "Trong thời gian tạm dừng, các cá nhân, đơn vị không thực hiện hoạt động nào theo phương án cho đến khi có quyết định cho tiếp tục."
		if k == Stopping {
			verb, tail = "Dừng", "Đồng chí "+b.c.Proposer.Name+" báo cáo kết quả đã thực hiện và kinh phí đã sử dụng trong thời hạn 05 ngày làm việc kể từ ngày ký."
		}
		d.Subject = "Về việc " + lowerFirst(verb) + " thực hiện " + quoted(b.c.Title)
		d.Body = append(d.Body, Block{Lead: "Điều 1.", Text: verb + " thực hiện phương án " + ref + " kể từ ngày ký Quyết định này."})
		if ps := paragraphs(in.Reason); len(ps) > 0 {
			d.Body = append(d.Body, Block{Text: "Lý do:"})
			for _, p := range ps {
				d.Body = append(d.Body, Block{Style: Italic, Text: p})
			}
		}
		d.Body = append(d.Body, Block{Lead: "Điều 2.", Text: tail})
	}
	d.Body = append(d.Body, Block{Lead: "Điều 3.", Text: "Quyết định này có hiệu lực kể từ ngày ký. Đồng chí " + b.c.Proposer.Name + " và các cá nhân, đơn vị có liên quan chịu trách nhiệm thi hành Quyết định này."})
	d.Signers = []Signer{b.signer(false)}
	d.Recipients = b.recipients("Như Điều 3")
	return nil
}

// lastApproval cites the approval the change alters.
func (b *builder) lastApproval() string {
	for i := len(b.c.History) - 1; i >= 0; i-- {
		ev := b.c.History[i]
		if ev.Seq >= b.ev.Seq {
			continue
		}
		switch ev.Type {
		case "proposal.approved", "proposal.approved_pilot", "proposal.approved_override":
			return "Căn cứ quyết định phê duyệt phương án ngày " + date(ev.At) + ";"
		}
	}
	return ""
}

func (b *builder) inspection(d *Doc) error {
	var in workflow.InspectInput
	if err := decodeInput(b.ev, &in); err != nil {
		return err
	}
	d.Kind = "Biên bản"
	d.Subject = "Kiểm tra việc thực hiện " + quoted(b.c.Title)
	when := day(in.Date)
	d.Body = append(d.Body, Block{Text: "Ngày " + when + ", đồng chí " + b.ev.Actor.Name + " (" + b.is.Name + ") tiến hành kiểm tra việc thực hiện " + b.caseRef() + "."})
	d.Body = append(d.Body, Block{Style: Heading, Text: "I. KẾT QUẢ KIỂM TRA"})
	for _, p := range paragraphs(in.Findings) {
		d.Body = append(d.Body, Block{Text: p})
	}
	d.Body = append(d.Body, Block{Style: Heading, Text: "II. VI PHẠM VÀ BIỆN PHÁP KHẮC PHỤC"})
	if len(in.Violations) == 0 {
		d.Body = append(d.Body, Block{Text: "Không phát hiện vi phạm."})
	}
	for i, v := range in.Violations {
		d.Body = append(d.Body, Block{Lead: fmt.Sprintf("%d.", i+1), Text: nfc(v.Description) + " Biện pháp khắc phục: " + nfc(v.CorrectiveAction) + " Thời hạn khắc phục: " + day(v.Deadline) + "."})
	}
	d.Body = append(d.Body, Block{Text: "Biên bản được lập vào ngày " + date(b.ev.At) + " và được đọc lại cho các bên cùng nghe."})
	d.Signers = []Signer{{Capacity: []string{"Đại diện bên được kiểm tra"}, Name: b.c.Proposer.Name}, {Capacity: []string{"Người kiểm tra"}, Name: b.ev.Actor.Name}}
	d.Recipients = []string{b.c.Issuer.Body + " " + b.c.Issuer.Name, "Đồng chí " + b.c.Proposer.Name, "Lưu: VT, hồ sơ " + b.c.ID}
	return nil
}

var resultText = map[workflow.Result]string{
	workflow.Completed: "hoàn thành", workflow.PartlyCompleted: "hoàn thành một phần", workflow.NotCompleted: "không hoàn thành",
}

func yesNo(ok bool, yes, no string) string {
	if ok {
		return yes
	}
	return no
}

func (b *builder) evaluation(d *Doc) error {
	var in workflow.EvaluationInput
	if err := decodeInput(b.ev, &in); err != nil {
		return err
	}
	d.Kind = "Kết luận"
	d.Subject = "Đánh giá kết quả thực hiện " + quoted(b.c.Title)
	extra := []string{}
	if op, at, ok := b.partyOpinion("party.opinion_before_evaluation"); ok {
		extra = append(extra, "Căn cứ ý kiến của "+b.partyName()+" ngày "+date(at)+" ("+opinionText[op.Opinion]+");")
	}
	d.Bases = b.bases(extra...)
	d.Body = append(d.Body, Block{Text: "Tập thể lãnh đạo " + b.is.Body + " " + lowerFirst(b.is.Name) + " đánh giá kết quả thực hiện " + b.caseRef() + " theo Điều 11 Nghị định số 73/2023/NĐ-CP, kết luận như sau:"})
	d.Body = append(d.Body, Block{Lead: "1. Kết quả:", Text: resultText[in.Result] + "."})
	for _, p := range paragraphs(in.Summary) {
		d.Body = append(d.Body, Block{Text: p})
	}
	d.Body = append(d.Body, Block{Lead: "2. Việc thực hiện:", Text: ""})
	d.Body = append(d.Body,
		Block{Style: Item, Text: "- " + yesNo(in.FollowedPlan, "Thực hiện đúng", "Không thực hiện đúng") + " phương án được phê duyệt;"},
		Block{Style: Item, Text: "- Động cơ " + yesNo(in.HonestMotive, "trong sáng", "không trong sáng") + ", " + yesNo(in.CommonGood, "vì lợi ích chung", "không vì lợi ích chung") + ";"},
		Block{Style: Item, Text: "- " + yesNo(in.SelfInterest, "Có", "Không có") + " yếu tố vụ lợi;"},
		Block{Style: Item, Text: "- " + yesNo(in.WithinCompetence, "Đúng", "Không đúng") + " thẩm quyền; " + yesNo(in.NoContravention, "không trái", "trái") + " quy định của Đảng, pháp luật;"})
	if in.Damage {
		dmg := "- Có thiệt hại: " + nfc(in.DamageText)
		if in.DamageVND > 0 {
			dmg += " (ước tính " + vnd(in.DamageVND) + ")"
		}
		d.Body = append(d.Body, Block{Style: Item, Text: dmg + "."})
	} else {
		d.Body = append(d.Body, Block{Style: Item, Text: "- Không gây thiệt hại."})
	}
	if s := nfc(in.ObjectiveCauses); s != "" {
		d.Body = append(d.Body, Block{Lead: "3. Nguyên nhân khách quan:", Text: s})
	}
	if s := nfc(in.SubjectiveCauses); s != "" {
		d.Body = append(d.Body, Block{Lead: "4. Nguyên nhân chủ quan:", Text: s})
	}
	d.Signers = []Signer{b.signer(true)}
	d.Recipients = b.recipients("Đồng chí " + b.c.Proposer.Name)
	return nil
}

var outcomeText = map[workflow.Outcome]string{
	workflow.NotCovered:         "không thuộc diện được bảo vệ theo Nghị định số 73/2023/NĐ-CP; áp dụng quy định chung về trách nhiệm",
	workflow.NoLiability:        "không bị xử lý trách nhiệm",
	workflow.LiabilityExcluded:  "được loại trừ trách nhiệm",
	workflow.ConsiderMitigation: "được xem xét loại trừ, miễn hoặc giảm nhẹ trách nhiệm",
	workflow.NotProtected:       "không được bảo vệ",
}

func (b *builder) protection(d *Doc) error {
	var det workflow.ProtectionDetails
	if err := decodeDetails(b.ev, &det); err != nil {
		return err
	}
	d.Kind = "Kết luận"
	d.Subject = "Về việc xác định trách nhiệm và bảo vệ cán bộ đối với " + quoted(b.c.Title)
	d.Bases = b.bases("Căn cứ kết quả đánh giá việc thực hiện phương án;")
	d.Body = append(d.Body, Block{Text: "Trên cơ sở hồ sơ và kết quả đánh giá " + b.caseRef() + ", " + lowerFirst(b.is.Body) + " " + lowerFirst(b.is.Name) + " kết luận:"})
	d.Body = append(d.Body, Block{Lead: "1.", Text: "Đồng chí " + b.c.Proposer.Name + " " + outcomeText[det.Determination.Outcome] + "."})
	if det.Determination.Reason.VI != "" {
		d.Body = append(d.Body, Block{Lead: "2. Lý do:", Text: nfc(det.Determination.Reason.VI)})
	}
	d.Body = append(d.Body, Block{Lead: "3. Điều, khoản áp dụng:", Text: nfc(det.Determination.Basis) + "."})
	f := det.Facts
	d.Body = append(d.Body, Block{Lead: "4. Các căn cứ đã xem xét:", Text: fmt.Sprintf("%s trình tự, thủ tục; %s thẩm quyền; kết quả %s; %s phương án; %d hoạt động ngoài phạm vi được phê duyệt.",
		yesNo(f.WentThroughProcedure, "đúng", "không đúng"), yesNo(f.WithinCompetence, "đúng", "không đúng"), resultText[f.Result],
		yesNo(f.FollowedPlan, "thực hiện đúng", "không thực hiện đúng"), f.OutsideScopeActions)})
	d.Body = append(d.Body, Block{Text: "Cơ quan có thẩm quyền xử lý kỷ luật xem xét, ghi nhận kết quả cuối cùng theo quy định."})
	d.Signers = []Signer{b.signer(true)}
	d.Recipients = b.recipients("Đồng chí "+b.c.Proposer.Name, "Cơ quan có thẩm quyền xử lý kỷ luật")
	return nil
}

var rewardText = map[string]string{
	"praise":               "biểu dương",
	"commendation":         "khen thưởng",
	"early_salary_step":    "nâng bậc lương trước thời hạn",
	"appointment_priority": "ưu tiên khi xem xét bổ nhiệm",
}

func (b *builder) reward(d *Doc) error {
	var in workflow.RewardInput
	if err := decodeInput(b.ev, &in); err != nil {
		return err
	}
	who := b.c.name(in.Recipient)
	d.Kind = "Quyết định"
	d.Subject = "Về việc " + rewardText[in.Kind] + " cán bộ năng động, sáng tạo vì lợi ích chung"
	d.Authority = b.is.Authority
	d.Bases = b.bases("Căn cứ kết quả đánh giá và kết luận về việc bảo vệ cán bộ đối với " + quoted(b.c.Title) + ";")
	d.Enact = "QUYẾT ĐỊNH:"
	d.Body = append(d.Body, Block{Lead: "Điều 1.", Text: upperFirst(rewardText[in.Kind]) + " đồng chí " + who + " đã có thành tích trong việc đề xuất và thực hiện phương án " + quoted(b.c.Title) + " (hồ sơ " + b.c.ID + "), theo Điều 10 Nghị định số 73/2023/NĐ-CP."})
	if s := nfc(in.Decision); s != "" {
		d.Body = append(d.Body, Block{Text: "Hình thức, mức khen thưởng theo " + s + "."})
	}
	for _, p := range paragraphs(in.Note) {
		d.Body = append(d.Body, Block{Text: p})
	}
	d.Body = append(d.Body, Block{Lead: "Điều 2.", Text: "Quyết định này có hiệu lực kể từ ngày ký. Đồng chí " + who + " và các cá nhân, đơn vị có liên quan chịu trách nhiệm thi hành Quyết định này."})
	d.Signers = []Signer{b.signer(false)}
	d.Recipients = b.recipients("Như Điều 2")
	return nil
}

func (b *builder) escalation(d *Doc) error {
	var det workflow.EscalationDetails
	if err := decodeDetails(b.ev, &det); err != nil {
		return err
	}
	d.Kind = "Thông báo"
	d.Subject = "Về việc đề xuất " + quoted(b.c.Title) + " quá hạn giải quyết"
	state := det.State.Label().VI
	d.Body = append(d.Body, Block{Text: b.caseRef() + ", đang ở bước “" + state + "” tại " + b.c.Issuer.Body + " " + lowerFirst(b.c.Issuer.Name) + ", đã quá hạn giải quyết ngày " + day(det.DueDate) + " theo thời hạn tính bằng ngày làm việc của Nghị định số 73/2023/NĐ-CP."})
	d.Body = append(d.Body, Block{Text: "Thông báo đến người đứng đầu cơ quan cấp trên để xem xét, chỉ đạo giải quyết."})
	var told []string
	for _, id := range det.Notified {
		told = append(told, b.c.name(id))
	}
	if len(told) > 0 {
		d.Body = append(d.Body, Block{Text: "Người nhận thông báo: " + strings.Join(told, "; ") + "."})
	}
	d.Body = append(d.Body, Block{Style: Italic, Text: "Thông báo này do hệ thống lập tự động khi hết hạn, không có chữ ký; nội dung được ghi trong sổ ghi của hồ sơ."})
	d.Signers = nil
	rs := []string{b.c.Issuer.Head + " " + b.c.Issuer.Body + " " + lowerFirst(b.c.Issuer.Name)}
	rs = append(rs, told...)
	d.Recipients = append(rs, "Lưu: hồ sơ "+b.c.ID)
	return nil
}

var (
	bottleneckText = map[string]string{"missing": "chưa có quy định", "unclear": "quy định chưa rõ", "outdated": "quy định đã lạc hậu"}
	levelText      = map[string]string{"government": "Chính phủ", "prime_minister": "Thủ tướng Chính phủ", "ministry": "bộ, ngành", "locality": "địa phương"}
)

// plan is the proposal as submitted (Tờ trình), with the contents Art. 7
// asks for, in its order, addressed to the deciding unit's head.
func (b *builder) plan(d *Doc) error {
	var det workflow.SubmitDetails
	if err := decodeDetails(b.ev, &det); err != nil {
		return err
	}
	c := b.c.Content
	d.Kind = "Tờ trình"
	d.Subject = "Về việc đề xuất " + quoted(b.c.Title)
	d.Date = b.ev.At
	to := b.c.Issuer.Head + " " + b.c.Issuer.Body + " " + lowerFirst(b.c.Issuer.Name)
	if det.Routed && b.c.Superior != nil {
		to = b.c.Superior.Head + " " + b.c.Superior.Body + " " + lowerFirst(b.c.Superior.Name)
	}
	d.Body = append(d.Body, Block{Style: Heading, Text: "Kính gửi: " + to})
	d.Bases = nil
	para := func(lead, text string) {
		ps := paragraphs(text)
		if len(ps) == 0 {
			return
		}
		d.Body = append(d.Body, Block{Lead: lead, Text: ps[0]})
		for _, p := range ps[1:] {
			d.Body = append(d.Body, Block{Text: p})
		}
	}
	d.Body = append(d.Body, Block{Text: "Thực hiện Nghị định số 73/2023/NĐ-CP ngày 29 tháng 9 năm 2023 của Chính phủ, đồng chí " + b.c.Proposer.Name + b.ofUnit() + " trình phương án đề xuất " + quoted(b.c.Title) + " (hồ sơ " + b.c.ID + ", phiên bản " + strconv.Itoa(det.Version) + "), với các nội dung sau:"})
	d.Body = append(d.Body, Block{Style: Heading, Text: "1. VƯỚNG MẮC CẦN THÁO GỠ"})
	d.Body = append(d.Body, Block{Text: upperFirst(bottleneckText[c.Bottleneck.Kind]) + " (cấp " + levelText[c.Bottleneck.Level] + "): " + nfc(c.Bottleneck.Rule)})
	d.Body = append(d.Body, Block{Style: Heading, Text: "2. SỰ CẦN THIẾT, MỤC ĐÍCH, YÊU CẦU"})
	para("Sự cần thiết:", c.Necessity)
	para("Mục đích:", c.Purpose)
	para("Yêu cầu:", c.Requirements)
	d.Body = append(d.Body, Block{Style: Heading, Text: "3. NỘI DUNG, NHIỆM VỤ, GIẢI PHÁP"})
	para("Nội dung:", c.Contents)
	para("Phạm vi:", c.ScopeText)
	for i, t := range c.Tasks {
		who := ""
		if t.Assignee != "" {
			who = " — " + b.c.name(t.Assignee)
		}
		d.Body = append(d.Body, Block{Style: Item, Text: fmt.Sprintf("%d. %s%s;", i+1, nfc(t.Description), who)})
	}
	d.Body = append(d.Body, Block{Style: Heading, Text: "4. THỜI GIAN, NGUỒN LỰC, TÍNH KHẢ THI"})
	para("Thời gian:", c.Timeline)
	res := "kinh phí " + vnd(c.Resources.MoneyVND)
	if s := nfc(c.Resources.People); s != "" {
		res += "; nhân lực: " + s
	}
	if s := nfc(c.Resources.Equipment); s != "" {
		res += "; trang thiết bị: " + s
	}
	d.Body = append(d.Body, Block{Lead: "Nguồn lực:", Text: res + "."})
	para("Tính khả thi:", c.Feasibility)
	d.Body = append(d.Body, Block{Style: Heading, Text: "5. TÁC ĐỘNG VÀ HIỆU QUẢ DỰ KIẾN"})
	para("Tác động tích cực:", c.PositiveImpacts)
	para("Tác động tiêu cực:", c.NegativeImpacts)
	para("Hiệu quả:", c.Effectiveness)
	if c.PilotRequested && c.Pilot != nil {
		d.Body = append(d.Body, Block{Style: Heading, Text: "6. ĐỀ NGHỊ THÍ ĐIỂM"})
		d.Body = append(d.Body, Block{Text: "Đề nghị cho phép thí điểm trong phạm vi sau:"})
		d.Body = append(d.Body, b.scopeItems(c.Pilot)...)
	}
	if len(det.Files) > 0 {
		d.Body = append(d.Body, Block{Style: Heading, Text: "TÀI LIỆU KÈM THEO"})
		for i, f := range det.Files {
			d.Body = append(d.Body, Block{Style: Item, Text: fmt.Sprintf("%d. %s (SHA-256 %s);", i+1, nfc(f.Name), f.SHA256)})
		}
	}
	d.Body = append(d.Body, Block{Text: "Kính trình " + lowerFirst(to) + " xem xét, quyết định."})
	d.Signers = []Signer{{Capacity: []string{"Người đề xuất"}, Name: b.c.Proposer.Name}}
	d.Recipients = []string{"Như trên", "Lưu: hồ sơ " + b.c.ID}
	return nil
}

// instrumentBasis cites the instrument a case names beside the decree:
// "Căn cứ <trích yếu> số <số> ngày <ngày> của <cơ quan>, <điều>;".
func instrumentBasis(b *workflow.BasisRef) string {
	line := "Căn cứ " + b.Title + " số " + b.Number
	if d, err := time.Parse("2006-01-02", b.IssuedOn); err == nil {
		line += " ngày " + date(d)
	}
	line += " của " + b.Issuer
	if b.Article != "" {
		line += ", " + b.Article
	}
	return line + ";"
}
