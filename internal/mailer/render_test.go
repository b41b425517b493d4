package mailer

import (
	"flag"
	"os"
	"path/filepath"
	"testing"
	"time"

	"damlam/internal/i18n"
	"damlam/internal/sqlstore"
)

var update = flag.Bool("update", false, "rewrite the golden letters in testdata")

// TestLetterGolden keeps the letters people receive in testdata, so that a
// change to what they read shows up in review (go test -run Golden -update).
func TestLetterGolden(t *testing.T) {
	vote := sqlstore.Mail{ID: "m_2", Name: "Bùi Thị Hạnh", To: "pct2.bth@demo.damlam.vn", Kind: "vote_open", ProposalID: "DX-2026-000012",
		Title: "Vận động Nhân dân góp vốn làm đường hẻm 45 <khu phố 3>", DueDate: "2026-12-07", Link: "/proposals/DX-2026-000012/meeting", Urgent: true}
	digest := sqlstore.Mail{ID: "dg", Name: "Phan Văn Lợi", Kind: sqlstore.KindDigest, DueDate: "2026-12-03", Digest: []sqlstore.Notification{
		{ProposalID: "DX-2026-000012", Link: "/proposals/DX-2026-000012", Message: i18n.T("notify.convened", "DX-2026-000012", "Đường hẻm 45", "")},
		{ProposalID: "DX-2026-000013", Link: "/proposals/DX-2026-000013", Urgent: true, Message: i18n.T("notify.remind_due_day", "DX-2026-000013", "Nạo vét kênh", "03/12/2026")},
	}}
	voteEN, digestEN := vote, digest
	voteEN.Lang, digestEN.Lang = "en", "en"
	invite := sqlstore.Mail{ID: "ob-1", Name: "Lê Văn Mới", To: "moi1.bth@demo.damlam.vn", Kind: sqlstore.KindInviteMail,
		Link: "/invite/bi-mat-mot-lan", ExpiresAt: time.Date(2026, 12, 8, 2, 0, 0, 0, time.UTC)}
	reset := invite
	reset.Kind = sqlstore.KindResetMail
	for name, m := range map[string]sqlstore.Mail{"vote": vote, "digest": digest, "vote-en": voteEN, "digest-en": digestEN, "invite": invite, "reset": reset} {
		l := Render(m, "https://damlam.example.vn")
		got := "Subject: " + l.Subject + "\n\n" + l.Text + "\n----- HTML -----\n" + l.HTML
		path := filepath.Join("testdata", "letter-"+name+".txt")
		if *update {
			if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		want, err := os.ReadFile(path)
		if err != nil {
			t.Fatalf("%v (run go test -run Golden -update)", err)
		}
		if got != string(want) {
			t.Errorf("%s differs from %s:\n%s", name, path, got)
		}
	}
}
