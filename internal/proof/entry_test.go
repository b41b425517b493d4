package proof

import (
	"strings"
	"testing"
	"time"
)

func sampleEntry() Entry {
	return Entry{Type: "proposal.approved", Case: "HS-2026-0042", Seq: 3, Prev: 17,
		Time:  time.Date(2026, 11, 28, 14, 30, 0, 123456789, time.FixedZone("ICT", 7*3600)),
		Actor: "9f3a", State: "APPROVED",
		Fields: []Field{{"scope.sha256", strings.Repeat("ab", 32)}, {"doc.sha256", "02"}, {"doc.sha256", "01"}}}
}

func TestEntryMarshalGolden(t *testing.T) {
	got, err := sampleEntry().Marshal()
	if err != nil {
		t.Fatal(err)
	}
	want := "damlam-leaf v1\ntype proposal.approved\ncase HS-2026-0042\nseq 3\nprev 17\n" +
		"time 2026-11-28T07:30:00.123456789Z\nactor 9f3a\nstate APPROVED\n" +
		"doc.sha256 01\ndoc.sha256 02\nscope.sha256 " + strings.Repeat("ab", 32) + "\n"
	if string(got) != want {
		t.Fatalf("got\n%s\nwant\n%s", got, want)
	}
	e, err := ParseEntry(got)
	if err != nil {
		t.Fatal(err)
	}
	again, _ := e.Marshal()
	if string(again) != want || !e.Time.Equal(sampleEntry().Time) || e.Prev != 17 {
		t.Fatalf("round trip changed the entry: %+v", e)
	}
}

func TestEntryMarshalRejects(t *testing.T) {
	for name, edit := range map[string]func(*Entry){
		"bad type":        func(e *Entry) { e.Type = "Proposal Approved" },
		"empty case":      func(e *Entry) { e.Case = "" },
		"case with space": func(e *Entry) { e.Case = "HS 1" },
		"seq zero":        func(e *Entry) { e.Seq = 0 },
		"first with prev": func(e *Entry) { e.Seq = 1 },
		"later w/o prev":  func(e *Entry) { e.Prev = -1 },
		"zero time":       func(e *Entry) { e.Time = time.Time{} },
		"year 10000":      func(e *Entry) { e.Time = time.Date(10000, 1, 1, 0, 0, 0, 0, time.UTC) },
		"actor a name":    func(e *Entry) { e.Actor = "Nguyen Van A" },
		"empty state":     func(e *Entry) { e.State = "" },
		"bad key":         func(e *Entry) { e.Fields = []Field{{"Doc", "x"}} },
		"empty value":     func(e *Entry) { e.Fields = []Field{{"doc", ""}} },
		"newline value":   func(e *Entry) { e.Fields = []Field{{"doc", "a\nb"}} },
		"cr value":        func(e *Entry) { e.Fields = []Field{{"doc", "a\rb"}} },
		"line separator":  func(e *Entry) { e.Fields = []Field{{"doc", "a\u2028b"}} },
		"bad utf8":        func(e *Entry) { e.Fields = []Field{{"doc", "a\xffb"}} },
		"duplicate":       func(e *Entry) { e.Fields = []Field{{"doc", "a"}, {"doc", "a"}} },
	} {
		e := sampleEntry()
		edit(&e)
		if _, err := e.Marshal(); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
}

func TestParseEntryRejectsNonCanonical(t *testing.T) {
	good, _ := sampleEntry().Marshal()
	g := string(good)
	for name, bad := range map[string]string{
		"crlf":           strings.ReplaceAll(g, "\n", "\r\n"),
		"no final nl":    strings.TrimSuffix(g, "\n"),
		"unsorted":       strings.Replace(g, "doc.sha256 01\ndoc.sha256 02\n", "doc.sha256 02\ndoc.sha256 01\n", 1),
		"seq zero pad":   strings.Replace(g, "seq 3\n", "seq 03\n", 1),
		"prev plus":      strings.Replace(g, "prev 17\n", "prev +17\n", 1),
		"offset time":    strings.Replace(g, "07:30:00.123456789Z", "14:30:00.123456789+07:00", 1),
		"trailing zero":  strings.Replace(g, ".123456789Z", ".1234567890Z", 1),
		"v2 header":      strings.Replace(g, "v1", "v2", 1),
		"swapped header": strings.Replace(g, "type proposal.approved\ncase HS-2026-0042\n", "case HS-2026-0042\ntype proposal.approved\n", 1),
		"double space":   strings.Replace(g, "state APPROVED", "state  APPROVED", 1),
		"blank line":     g + "\n",
		"field no value": g + "doc.sha256\n",
	} {
		if _, err := ParseEntry([]byte(bad)); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
}

func TestLeafHashIsRFC6962(t *testing.T) {
	// SHA-256 of a single zero byte: the hash of the empty leaf.
	if got := LeafHash(nil); got != [32]byte(unhex(t, rfcLeafHashes[0])) {
		t.Fatalf("LeafHash(empty) = %x", got)
	}
}
