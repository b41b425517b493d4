package sqlstore_test

import (
	"damlam/internal/org"
	"strings"
	"testing"

	"damlam/internal/problem"
	"damlam/internal/testdb"
)

func TestImportIsAllOrNothing(t *testing.T) {
	testdb.Each(t, func(t *testing.T, dialect, dsn string) {
		f := newFixture(t, dsn)
		count := func(table string) int {
			var n int
			f.db.QueryRowContext(f.ctx, "SELECT count(*) FROM "+table).Scan(&n)
			return n
		}
		cases := []struct {
			name, csv string
			lines     []string
		}{
			{"unknown parent", "id,parent_id,name,kind,party_committee\nTD,HCM,Phường Tân Định,ward,\nX,NOWHERE,Phường X,ward,\n", []string{"line 3"}},
			{"two bad lines", "id,parent_id,name,kind,party_committee\nbad id,HCM,Tên,ward,\nY,HCM,,ward,\nZ,HCM,Phường Z,ward,\n", []string{"line 2", "line 3"}},
			{"duplicate id", "id,parent_id,name,kind,party_committee\nBTH,HCM,Trùng,ward,\n", []string{"line 2"}},
			{"short line", "id,parent_id,name,kind,party_committee\nQ,HCM\n", []string{"line 2"}},
		}
		for _, c := range cases {
			before := count("units")
			_, err := f.store.ImportUnits(f.ctx, nil, strings.NewReader(c.csv), org.Operator)
			pe := problem.As(err)
			if pe.Kind != problem.Invalid {
				t.Fatalf("%s: %v", c.name, err)
			}
			var named []string
			for _, fe := range pe.Fields {
				named = append(named, fe.Field)
				if fe.Message.VI == "" || fe.Message.EN == "" {
					t.Errorf("%s: %s has no message", c.name, fe.Field)
				}
			}
			if strings.Join(named, ",") != strings.Join(c.lines, ",") {
				t.Errorf("%s: named %v, want %v", c.name, named, c.lines)
			}
			if count("units") != before {
				t.Fatalf("%s: a file with a bad line imported something", c.name)
			}
		}
		n, err := f.store.ImportUnits(f.ctx, nil, strings.NewReader("id,parent_id,name,kind,party_committee\nTD,HCM,Phường Tân Định,ward,Đảng ủy phường Tân Định\nTD-1,TD,Khu phố 1,agency,\n"), org.Operator)
		if err != nil || n != 2 {
			t.Fatalf("good file: %d %v", n, err)
		}
		n, err = f.store.ImportPeople(f.ctx, nil, strings.NewReader("id,name,email,unit_id,position,roles\nct.td,Chủ tịch Tân Định,ct.td@test.vn,TD,head,\ndu.td,Đảng ủy viên,du.td@test.vn,TD,staff,party_committee\n"), org.Operator)
		if err != nil || n != 2 {
			t.Fatalf("people: %d %v", n, err)
		}
		if _, err := f.store.ImportPeople(f.ctx, nil, strings.NewReader("id,name,email,unit_id,position,roles\nx.td,X,x@test.vn,TD,boss,\n"), org.Operator); problem.KindOf(err) != problem.Invalid {
			t.Fatalf("bad position: %v", err)
		}
	})
}

// FuzzImportUnits: arbitrary files never panic, and either import
// completely or leave the units unchanged.
func FuzzImportUnits(f *testing.F) {
	fx := newFixture(f, testdb.SQLite(f))
	for _, s := range []string{
		"id,parent_id,name,kind,party_committee\nA,HCM,Phường A,ward,\n",
		"id,parent_id,name,kind,party_committee\n\"unterminated,HCM,x,ward,\n",
		"\ufeffid,parent_id,name,kind,party_committee\nB,,Gốc,nation,\n",
		"", "id\n", "id,parent_id,name,kind,party_committee\nC,C,self,ward,\n",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, data string) {
		var before int
		fx.db.QueryRowContext(fx.ctx, "SELECT count(*) FROM units").Scan(&before)
		n, err := fx.store.ImportUnits(fx.ctx, nil, strings.NewReader(data), org.Operator)
		var after int
		fx.db.QueryRowContext(fx.ctx, "SELECT count(*) FROM units").Scan(&after)
		if err != nil && after != before {
			t.Fatalf("failed import changed units: %d → %d (%v)", before, after, err)
		}
		if err == nil && after != before+n {
			t.Fatalf("imported %d but units went %d → %d", n, before, after)
		}
		if err != nil && problem.KindOf(err) == problem.Internal {
			t.Fatalf("internal error on user input: %v", err)
		}
	})
}
