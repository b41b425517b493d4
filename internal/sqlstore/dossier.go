package sqlstore

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"

	"damlam/internal/i18n"
	"damlam/internal/ledger"
	"damlam/internal/org"
	"damlam/internal/proof"
	"damlam/internal/workflow"
)

// Dossier assembles the case's verifiable dossier for a reader of the case:
// every leaf with its receipt and proofs, the business record behind each
// leaf, the approved scopes, and a readable summary in both languages.
func (s *Store) Dossier(ctx context.Context, actor *org.Person, id string) (*proof.Dossier, error) {
	view, err := s.Proposal(ctx, actor, id)
	if err != nil {
		return nil, err
	}
	return s.dossier(ctx, view)
}

// DossierAsSystem builds a dossier without a reader (the command line).
func (s *Store) DossierAsSystem(ctx context.Context, id string) (*proof.Dossier, error) {
	c, err := s.loadCase(ctx, s.db, id, false)
	if err != nil {
		return nil, err
	}
	view, err := s.view(ctx, nil, c)
	if err != nil {
		return nil, err
	}
	return s.dossier(ctx, view)
}

func (s *Store) dossier(ctx context.Context, v *ProposalView) (*proof.Dossier, error) {
	extra := ledger.DossierExtras{Records: map[int64][]byte{}, Scopes: map[int64][]byte{}, Attachments: map[string][]byte{}}
	for _, ev := range v.History {
		extra.Records[ev.LogIndex] = []byte(ev.Payload)
		var p leafPayload
		if err := json.Unmarshal(ev.Payload, &p); err != nil {
			return nil, err
		}
		if p.Scope != nil {
			extra.Scopes[ev.LogIndex] = p.Scope.Canonical()
		}
	}
	for _, a := range v.Attachments {
		data, err := s.readBlob(a.SHA256)
		if err != nil {
			return nil, fmt.Errorf("attachment %s: %w", a.SHA256, err)
		}
		extra.Attachments[a.SHA256+safeExt(a.Name)] = data
	}
	var leaves []int64
	for _, ev := range v.History {
		leaves = append(leaves, ev.LogIndex)
	}
	var err error
	if extra.Witnessed, err = s.witnessedFor(ctx, leaves); err != nil {
		return nil, err
	}
	extra.SummaryVI = []byte(summary(v, i18n.VI))
	extra.SummaryEN = []byte(summary(v, i18n.EN))
	return s.log.BuildDossier(ctx, v.ID, extra)
}

func safeExt(name string) string {
	i := strings.LastIndexByte(name, '.')
	if i < 0 || len(name)-i > 8 {
		return ""
	}
	ext := strings.ToLower(name[i:])
	for _, r := range ext[1:] {
		if !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9') {
			return ""
		}
	}
	return ext
}

// summary is the dossier's readable account: what was approved, by whom,
// within which scope, when, and what protection the record supports.
func summary(v *ProposalView, lang i18n.Lang) string {
	var b strings.Builder
	vi := lang == i18n.VI
	t := func(viText, enText string) string {
		if vi {
			return viText
		}
		return enText
	}
	fmt.Fprintf(&b, "%s %s\n%s\n\n", t("HỒ SƠ ĐỀ XUẤT", "PROPOSAL DOSSIER"), v.ID, v.Title)
	fmt.Fprintf(&b, "%s: %s (%s)\n", t("Đơn vị", "Unit"), v.UnitName, v.UnitID)
	fmt.Fprintf(&b, "%s: %s\n", t("Cán bộ đề xuất", "Proposer"), v.Proposer.Name)
	fmt.Fprintf(&b, "%s: %s\n", t("Cấp quyết định", "Decided by"), v.DeciderName)
	fmt.Fprintf(&b, "%s: %s\n\n", t("Trạng thái", "State"), v.StateLabel.In(lang))
	for _, ev := range v.History {
		if !workflow.ApprovalEvents[ev.Type] {
			continue
		}
		var p struct {
			Scope   *proof.Scope `json:"scope"`
			Details struct {
				Minutes *workflow.Minutes `json:"minutes"`
			} `json:"details"`
		}
		json.Unmarshal(ev.Payload, &p)
		fmt.Fprintf(&b, "%s — %s %s, %s %s (%s %d)\n", ev.Label.In(lang), t("bởi", "by"), ev.Actor.Name,
			t("lúc", "at"), i18n.FormatDateTime(ev.At), t("sổ ghi số", "log index"), ev.LogIndex)
		if m := p.Details.Minutes; m != nil {
			fmt.Fprintf(&b, "  %s: %d/%d %s, %d %s, %d %s%s\n", t("Biểu quyết", "Vote"), m.Yes, m.Eligible, t("tán thành", "in favour"),
				m.No, t("không tán thành", "against"), m.Absent+m.Abstain, t("không biểu quyết", "not voting"),
				map[bool]string{true: t(" (hòa, theo ý kiến người đứng đầu)", " (tie, decided by the head's vote)"), false: ""}[m.Tie])
		}
		if sc := p.Scope; sc != nil {
			fmt.Fprintf(&b, "  %s: %s; %s %s %s %s; %s %s\n", t("Phạm vi", "Scope"), strings.Join(sc.Units, ", "),
				t("từ", "from"), sc.Start, t("đến", "to"), sc.End, t("kinh phí", "budget"), i18n.FormatVND(sc.BudgetVND, lang))
		}
	}
	fmt.Fprintf(&b, "\n%s: %d\n", t("Số hành động ngoài phạm vi được duyệt", "Actions outside the approved scope"), v.OutsideScope)
	if v.Result != "" {
		fmt.Fprintf(&b, "%s: %s\n", t("Kết quả đánh giá", "Evaluation"), v.Result)
	}
	if v.Protection != "" {
		fmt.Fprintf(&b, "%s: %s\n", t("Xác định việc bảo vệ", "Protection"), i18n.T("outcome."+string(v.Protection)).In(lang))
	}
	fmt.Fprintf(&b, "\n%s\n", t("Kiểm tra ngoại tuyến: damlam-verify --key <khóa công khai của sổ ghi> <tệp hồ sơ>.zip",
		"Verify offline: damlam-verify --key <the log's public key> <dossier>.zip"))
	return b.String()
}
