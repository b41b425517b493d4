package sqlstore_test

import (
	"context"
	"errors"
	"slices"
	"sort"
	"testing"
	"time"

	"damlam/internal/i18n"
	"damlam/internal/problem"
	"damlam/internal/sqlstore"
	"damlam/internal/testdb"
	"damlam/internal/workflow"
)

// told lists, per person, the kinds of notice they hold on case id.
func (f *fixture) told(id string) map[string][]string {
	f.t.Helper()
	out := map[string][]string{}
	for who := range f.people {
		notes, err := f.store.Notifications(f.ctx, who)
		if err != nil {
			f.t.Fatal(err)
		}
		for _, n := range notes {
			if n.ProposalID == id {
				out[who] = append(out[who], n.Kind)
			}
		}
	}
	return out
}

// mailed lists the outbox's pending rows as person:kind, sorted.
func (f *fixture) mailed() []string {
	f.t.Helper()
	rows, err := f.store.OutboxList(f.ctx, nil, sqlstore.OutboxPending, 1000)
	if err != nil {
		f.t.Fatal(err)
	}
	var out []string
	for _, m := range rows {
		out = append(out, m.PersonID+":"+m.Kind)
	}
	sort.Strings(out)
	return out
}

func TestEachStepTellsThePeopleItConcerns(t *testing.T) {
	testdb.Each(t, func(t *testing.T, dialect, dsn string) {
		f := newFixture(t, dsn)
		// A deputy proposes: at the vote they are recused, and not invited.
		id := f.draft("dep1.bth", "BTH")
		f.do("dep1.bth", id, workflow.Submit, nil)
		if got := f.told(id); len(got) != 1 || !slices.Equal(got["head.bth"], []string{"submitted"}) {
			t.Fatalf("after submission: %v", got)
		}
		if got := f.mailed(); !slices.Equal(got, []string{"head.bth:submitted"}) {
			t.Fatalf("outbox after submission: %v", got)
		}
		f.do("head.bth", id, workflow.Convene, nil)
		if got := f.told(id); !slices.Equal(got["party.bth"], []string{"convened"}) || !slices.Equal(got["dep1.bth"], []string{"convened_proposer"}) || got["party.hcm"] != nil {
			t.Fatalf("after convening: %v", got)
		}
		f.do("party.bth", id, workflow.GivePartyOpinion, &workflow.PartyOpinionInput{Opinion: "agree", Text: "Đồng ý."})
		got := f.told(id)
		for _, who := range []string{"head.bth", "dep2.bth"} {
			if !slices.Contains(got[who], "vote_open") {
				t.Fatalf("%s not invited to vote: %v", who, got)
			}
		}
		if slices.Contains(got["dep1.bth"], "vote_open") {
			t.Fatalf("the recused proposer was invited to vote: %v", got)
		}
		notes, _ := f.store.NotificationsWhere(f.ctx, "dep2.bth", sqlstore.FilterUnread, 10)
		if n := notes[0]; !n.Urgent || n.Link != "/proposals/"+id+"/meeting" || n.Message.VI != "Mời biểu quyết đề xuất "+id+", hạn 07/12/2026: Vận động Nhân dân góp vốn làm đường hẻm" {
			t.Fatalf("invitation %+v", n)
		}
		before := f.mailed()
		// Refused steps write nothing: not theirs (403), not now (409),
		// bad input (422).
		for _, c := range []struct {
			who  string
			a    workflow.Action
			in   workflow.Input
			kind problem.Kind
		}{
			{"staff.bth", workflow.ApprovePilot, &workflow.ApprovePilotInput{}, problem.Forbidden},
			{"head.bth", workflow.AllocateResources, nil, problem.Conflict},
			{"head.bth", workflow.CastVote, &workflow.VoteInput{Ballot: "maybe"}, problem.Invalid},
		} {
			if _, err := f.try(c.who, id, c.a, c.in); problem.KindOf(err) != c.kind {
				t.Fatalf("%s by %s: %v, want %v", c.a, c.who, err, c.kind)
			}
		}
		for _, who := range []string{"head.bth", "dep2.bth"} {
			f.do(who, id, workflow.CastVote, &workflow.VoteInput{Ballot: workflow.Yes})
		}
		if after := f.mailed(); !slices.Equal(after, before) {
			t.Fatalf("refused steps or ballots mailed: %v, was %v", after, before)
		}
		f.do("head.bth", id, workflow.ApprovePilot, &workflow.ApprovePilotInput{Scope: fullContent("BTH").Pilot})
		got = f.told(id)
		if !slices.Contains(got["dep1.bth"], "approved_pilot") || !slices.Contains(got["inspector"], "approved_pilot") || slices.Contains(got["head.bth"], "approved_pilot") {
			t.Fatalf("after approval: %v", got)
		}
		unread, _ := f.store.UnreadCount(f.ctx, "dep1.bth")
		if unread != 2 {
			t.Fatalf("proposer's unread %d, want 2 (convened, approved)", unread)
		}
	})
}

func TestPreferencesDecideWhatIsMailed(t *testing.T) {
	testdb.Each(t, func(t *testing.T, dialect, dsn string) {
		f := newFixture(t, dsn)
		if err := f.store.SetMailPreference(f.ctx, "head.bth", "sometimes"); problem.KindOf(err) != problem.Invalid {
			t.Fatalf("a bad preference: %v", err)
		}
		if err := f.store.SetMailPreference(f.ctx, "head.bth", sqlstore.MailNone); err != nil {
			t.Fatal(err)
		}
		if err := f.store.SetMailPreference(f.ctx, "party.bth", sqlstore.MailDigest); err != nil {
			t.Fatal(err)
		}
		if got, _ := f.store.MailPreference(f.ctx, "party.bth"); got != sqlstore.MailDigest {
			t.Fatalf("preference %q", got)
		}
		id := f.draft("dep1.bth", "BTH")
		f.do("dep1.bth", id, workflow.Submit, nil)
		if got := f.mailed(); len(got) != 0 {
			t.Fatalf("mailed someone who wants no mail: %v", got)
		}
		if got := f.told(id); !slices.Equal(got["head.bth"], []string{"submitted"}) {
			t.Fatalf("no in-app notice without mail: %v", got)
		}
		f.do("head.bth", id, workflow.Convene, nil)
		f.do("party.bth", id, workflow.GivePartyOpinion, &workflow.PartyOpinionInput{Opinion: "agree", Text: "Đồng ý."})
		// The vote is urgent: mailed to the head too; the Party committee's
		// notice waits for its digest.
		if got := f.mailed(); !slices.Equal(got, []string{"dep1.bth:convened_proposer", "dep2.bth:vote_open", "head.bth:vote_open"}) {
			t.Fatalf("outbox %v", got)
		}
		f.clock.Set(time.Date(2026, 11, 27, 6, 0, 0, 0, ict))
		if n, err := f.store.QueueDigests(f.ctx); n != 0 || err != nil {
			t.Fatalf("a digest before 7 o'clock: %d %v", n, err)
		}
		f.clock.Set(time.Date(2026, 11, 27, 7, 5, 0, 0, ict))
		if n, err := f.store.QueueDigests(f.ctx); n != 1 || err != nil {
			t.Fatalf("digests %d %v", n, err)
		}
		if n, err := f.store.QueueDigests(f.ctx); n != 0 || err != nil {
			t.Fatalf("a second digest the same day: %d %v", n, err)
		}
		var digest sqlstore.Mail
		for {
			m, err := f.store.DeliverOne(f.ctx, func(_ context.Context, m sqlstore.Mail) error {
				if m.Kind == sqlstore.KindDigest {
					digest = m
				}
				return nil
			})
			if errors.Is(err, sqlstore.ErrNoMail) {
				break
			}
			if err != nil {
				t.Fatal(err, m)
			}
		}
		if digest.PersonID != "party.bth" || len(digest.Digest) != 1 || digest.Digest[0].Kind != "convened" || digest.DueDate != "2026-11-27" {
			t.Fatalf("digest %+v", digest)
		}
		if got := f.mailed(); len(got) != 0 {
			t.Fatalf("still pending after delivery: %v", got)
		}
	})
}

// TestLanguageIsEachPersons: the language of a person's mail and notices
// is Vietnamese until they choose; choosing it keeps their mail choice and
// the other way round; a bad one is refused; the delivery worker sees it,
// and a notice's text is written in it.
func TestLanguageIsEachPersons(t *testing.T) {
	testdb.Each(t, func(t *testing.T, dialect, dsn string) {
		f := newFixture(t, dsn)
		if got, err := f.store.LangPreference(f.ctx, "head.bth"); got != i18n.VI || err != nil {
			t.Fatalf("default language %q %v", got, err)
		}
		if err := f.store.SetLangPreference(f.ctx, "head.bth", "fr"); problem.KindOf(err) != problem.Invalid {
			t.Fatalf("a bad language: %v", err)
		}
		if err := f.store.SetMailPreference(f.ctx, "head.bth", sqlstore.MailDigest); err != nil {
			t.Fatal(err)
		}
		if err := f.store.SetLangPreference(f.ctx, "head.bth", "en"); err != nil {
			t.Fatal(err)
		}
		if err := f.store.SetLangPreference(f.ctx, "dep2.bth", "en"); err != nil { // no row before
			t.Fatal(err)
		}
		if err := f.store.SetMailPreference(f.ctx, "dep2.bth", sqlstore.MailEvery); err != nil {
			t.Fatal(err)
		}
		for who, want := range map[string][2]string{"head.bth": {sqlstore.MailDigest, "en"}, "dep2.bth": {sqlstore.MailEvery, "en"}, "party.bth": {sqlstore.MailEvery, "vi"}} {
			mail, _ := f.store.MailPreference(f.ctx, who)
			lang, _ := f.store.LangPreference(f.ctx, who)
			if mail != want[0] || string(lang) != want[1] {
				t.Fatalf("%s: %s, %s; want %v", who, mail, lang, want)
			}
		}
		id := f.draft("dep1.bth", "BTH")
		f.do("dep1.bth", id, workflow.Submit, nil)
		notes, err := f.store.Notifications(f.ctx, "head.bth")
		if err != nil || len(notes) != 1 || notes[0].Text != notes[0].Message.EN || notes[0].Text == notes[0].Message.VI {
			t.Fatalf("head's notices %+v %v", notes, err)
		}
		f.do("head.bth", id, workflow.Convene, nil)
		// The vote is urgent: mailed to the head whatever their digest.
		f.do("party.bth", id, workflow.GivePartyOpinion, &workflow.PartyOpinionInput{Opinion: "agree", Text: "Đồng ý."})
		langs := map[string]string{}
		for {
			m, err := f.store.DeliverOne(f.ctx, func(context.Context, sqlstore.Mail) error { return nil })
			if errors.Is(err, sqlstore.ErrNoMail) {
				break
			}
			if err != nil {
				t.Fatal(err)
			}
			langs[m.PersonID] = m.Lang
		}
		if langs["party.bth"] != "vi" || langs["dep1.bth"] != "vi" || langs["head.bth"] != "en" || langs["dep2.bth"] != "en" || len(langs) != 4 {
			t.Fatalf("the worker's languages %v", langs)
		}
		if notes, _ := f.store.Notifications(f.ctx, "party.bth"); len(notes) != 1 || notes[0].Text != notes[0].Message.VI {
			t.Fatalf("party's notices %+v", notes)
		}
	})
}
