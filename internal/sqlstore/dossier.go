package sqlstore

import (
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"strings"
	"unicode"

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
	extra := ledger.DossierExtras{Records: map[int64][]byte{}, Scopes: map[int64][]byte{}, Versions: map[int64][]byte{},
		Attachments: map[string][]byte{}}
	docs, err := s.dossierDocuments(ctx, v, &extra)
	if err != nil {
		return nil, err
	}
	if extra.Official, err = s.officialFiles(ctx, v.ID); err != nil {
		return nil, err
	}
	var leaves []int64
	for _, ev := range v.History {
		leaves = append(leaves, ev.LogIndex)
	}
	if extra.Witnessed, err = s.witnessedFor(ctx, leaves); err != nil {
		return nil, err
	}
	extra.SummaryVI = []byte(summary(v, docs, i18n.VI))
	extra.SummaryEN = []byte(summary(v, docs, i18n.EN))
	return s.log.BuildDossier(ctx, v.ID, extra)
}

// dossierPayload is what a dossier reads from an event's payload: the keys
// that name documents, besides leafPayload's scope.
type dossierPayload struct {
	Scope   *proof.Scope    `json:"scope"`
	Docs    []string        `json:"docs"`
	Details json.RawMessage `json:"details"`
}

// submittedContent is what a submission's details say of the content it sent.
type submittedContent struct {
	Version       int64  `json:"version"`
	ContentSHA256 string `json:"content_sha256"`
}

// dossierDoc is one document in a dossier, for the summary: which file, and
// what it is to a reader.
type dossierDoc struct {
	file, name string
	logIndex   int64
	version    int64 // content versions; 0 for attachments
}

// dossierDocuments fills extra with every document the case's log names,
// as the log names it: each event's payload (records/), each approved scope,
// the content each submission hashed (versions/, from proposal_versions)
// and each attachment a leaf's doc.sha256 names (attachments/, from the
// attachments folder), under its digest. An attachment linked to the case
// but named by no submission yet is no evidence and stays out. A version or
// a file that no longer matches its digest stops the export, naming the
// row or file: the dossier would otherwise carry it to an inspector, who
// would rightly find it invalid, while the audit can say what happened.
func (s *Store) dossierDocuments(ctx context.Context, v *ProposalView, extra *ledger.DossierExtras) ([]dossierDoc, error) {
	var docs []dossierDoc
	wantVersion := map[int64]submittedContent{}
	versionAt := map[int64]int64{}
	docAt := map[string]int64{}
	var docOrder []string
	for _, ev := range v.History {
		extra.Records[ev.LogIndex] = []byte(ev.Payload)
		var p dossierPayload
		if err := json.Unmarshal(ev.Payload, &p); err != nil {
			return nil, fmt.Errorf("events %s seq %d: payload: %w", v.ID, ev.Seq, err)
		}
		if p.Scope != nil {
			extra.Scopes[ev.LogIndex] = p.Scope.Canonical()
		}
		for _, d := range p.Docs {
			if _, ok := docAt[d]; !ok {
				docAt[d] = ev.LogIndex
				docOrder = append(docOrder, d)
			}
		}
		var sub submittedContent
		if len(p.Details) > 0 && p.Details[0] == '{' && json.Unmarshal(p.Details, &sub) == nil && sub.ContentSHA256 != "" {
			wantVersion[sub.Version] = sub
			versionAt[sub.Version] = ev.LogIndex
		}
	}
	if len(wantVersion) > 0 {
		rows, err := s.db.QueryContext(ctx, `SELECT version, content FROM proposal_versions WHERE proposal_id = $1 ORDER BY version`, v.ID)
		if err != nil {
			return nil, err
		}
		for rows.Next() {
			var n int64
			var content string
			if err := rows.Scan(&n, &content); err != nil {
				rows.Close()
				return nil, err
			}
			sub, ok := wantVersion[n]
			if !ok {
				continue
			}
			if got := sha256Hex([]byte(content)); got != sub.ContentSHA256 {
				rows.Close()
				return nil, fmt.Errorf("proposal_versions %s version %d: content: SHA-256 %s differs from content_sha256 %s logged at log index %d (run damlam audit)",
					v.ID, n, got, sub.ContentSHA256, versionAt[n])
			}
			extra.Versions[n] = []byte(content)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, err
		}
	}
	for _, n := range slices.Sorted(maps.Keys(wantVersion)) {
		if _, ok := extra.Versions[n]; !ok {
			return nil, fmt.Errorf("proposal_versions %s version %d: missing, submitted at log index %d (run damlam audit)", v.ID, n, versionAt[n])
		}
		docs = append(docs, dossierDoc{file: fmt.Sprintf("versions/%d.json", n), logIndex: versionAt[n], version: n})
	}
	names := map[string]string{}
	for _, a := range v.Attachments {
		names[a.SHA256] = a.Name
	}
	for _, sum := range docOrder {
		data, err := s.readBlob(sum)
		if err != nil {
			return nil, fmt.Errorf("attachments %s (doc.sha256 at log index %d): %w (run damlam audit)", sum, docAt[sum], err)
		}
		file := sum + safeExt(names[sum])
		extra.Attachments[file] = data
		docs = append(docs, dossierDoc{file: "attachments/" + file, name: names[sum], logIndex: docAt[sum]})
	}
	return docs, nil
}

// safeExt is the extension a dossier keeps of an attachment's name: "." and
// 1 to 7 of [a-z0-9] (lower-cased), or nothing; the dossier format accepts
// no other (see proof.DossierFormat).
func safeExt(name string) string {
	i := strings.LastIndexByte(name, '.')
	if i < 0 || len(name)-i > 8 || len(name)-i < 2 {
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
func summary(v *ProposalView, docs []dossierDoc, lang i18n.Lang) string {
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
		if !proof.IsApproval(ev.Type) {
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
	if len(docs) > 0 {
		fmt.Fprintf(&b, "\n%s\n", t("Tài liệu trong hồ sơ (mỗi tệp khớp mã băm sổ ghi nêu):", "Documents in this dossier (each matches the digest the log names):"))
		for _, d := range docs {
			if d.version > 0 {
				fmt.Fprintf(&b, "  %s — %s %d (%s %d)\n", d.file, t("nội dung phiên bản", "content, version"), d.version, t("trình ở sổ ghi số", "submitted at log index"), d.logIndex)
			} else {
				name := strings.Map(func(r rune) rune {
					if unicode.IsControl(r) {
						return ' ' // an uploaded name must not start a line of its own
					}
					return r
				}, d.name)
				if name == "" {
					name = t("tệp đính kèm", "attachment")
				}
				fmt.Fprintf(&b, "  %s — %s (%s %d)\n", d.file, name, t("nêu ở sổ ghi số", "named at log index"), d.logIndex)
			}
		}
	}
	if v.Rules != nil {
		fmt.Fprintf(&b, "\n%s: %s (%s v%d; %s; SHA-256 %s)\n", t("Bộ quy định áp dụng", "Rule set applied"),
			v.Rules.Name, v.Rules.ID, v.Rules.Version, v.Rules.Instrument, v.RulesSHA256)
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
