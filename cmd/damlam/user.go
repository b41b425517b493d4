package main

import (
	"bufio"
	"context"
	"damlam/internal/casework"
	"fmt"
	"strings"
	"time"

	"damlam/internal/org"
	"damlam/internal/sqlstore"
)

func cmdUser(ctx context.Context, e *env, args []string) error {
	fs := newFlagSet(e, "user", `user add --id ID --name NAME --email EMAIL [--unit UNIT --position head|deputy|staff] [--role ROLE]... [--password-stdin]
       damlam user passwd --id ID [--password-stdin]
       damlam user invite --id ID [--reset] [--mail | --public-url URL]

  Mật khẩu đọc từ đầu vào chuẩn, không bao giờ từ tham số dòng lệnh (tránh lộ trong lịch sử lệnh).
  The password is read from standard input, never from an argument (it would leak into shell history).`)
	var d dataFlags
	d.register(fs, e)
	id := fs.String("id", "", "mã người dùng / person id")
	name := fs.String("name", "", "họ và tên / full name")
	email := fs.String("email", "", "thư điện tử / email")
	unit := fs.String("unit", "", "đơn vị công tác / unit id")
	position := fs.String("position", "staff", "chức vụ / position: head, deputy, staff")
	fromStdin := fs.Bool("password-stdin", false, "đọc mật khẩu từ đầu vào chuẩn / read the password from standard input")
	reset := fs.Bool("reset", false, "đường dẫn đặt lại mật khẩu thay vì lời mời / a password reset link instead of an invitation")
	byMail := fs.Bool("mail", false, "gửi đường dẫn qua hộp thư đi (máy chủ có --smtp sẽ gửi) thay vì in ra / put the link in the outbox for the server's mailer (--smtp) instead of printing it")
	publicURL := fs.String("public-url", "http://127.0.0.1:8080", "địa chỉ người dùng truy cập máy chủ / the address users reach the server at")
	var roles multiFlag
	fs.Var(&roles, "role", "vai trò trên đơn vị / role over --unit (repeatable): "+roleNames())
	if len(args) == 0 || (args[0] != "add" && args[0] != "passwd" && args[0] != "invite") {
		fs.Usage()
		if len(args) > 0 && (args[0] == "--help" || args[0] == "-h") {
			return nil
		}
		return errUsage
	}
	sub := args[0]
	if ok, err := parse(fs, args[1:]); !ok {
		return err
	}
	a, err := d.open(ctx, nowFunc(e))
	if err != nil {
		return err
	}
	defer a.Close()
	password := ""
	if *fromStdin {
		password = readPassword(e)
	}
	if sub == "invite" {
		return userInvite(ctx, e, a, *id, *reset, *byMail, *publicURL)
	}
	if sub == "passwd" {
		if err := a.store.SetPassword(ctx, *id, password); err != nil {
			return err
		}
		fmt.Fprintln(e.stdout, "đã đặt mật khẩu / password set")
		return nil
	}
	in := sqlstore.PersonInput{ID: *id, Name: *name, Email: *email, Password: password}
	if *unit != "" {
		in.Seats = []sqlstore.SeatInput{{UnitID: *unit, Position: org.Position(*position)}}
		for _, r := range roles {
			in.Grants = append(in.Grants, sqlstore.GrantInput{Role: org.Role(r), UnitID: *unit})
		}
	}
	p, err := casework.New(a.store).CreatePerson(ctx, nil, in)
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "đã thêm / added %s <%s>\n", p.ID, p.Email)
	return nil
}

// readPassword reads one line from standard input (may be empty: a person
// without a password signs in only with a token).
func readPassword(e *env) string {
	if e.stdin == nil {
		return ""
	}
	line, _ := bufio.NewReader(e.stdin).ReadString('\n')
	return strings.TrimRight(line, "\r\n")
}

type multiFlag []string

func (m *multiFlag) String() string     { return strings.Join(*m, ",") }
func (m *multiFlag) Set(v string) error { *m = append(*m, v); return nil }

func roleNames() string {
	var s []string
	for _, r := range org.Roles {
		s = append(s, string(r))
	}
	return strings.Join(s, ", ")
}

func cmdToken(ctx context.Context, e *env, args []string) error {
	fs := newFlagSet(e, "token", "token --id PERSON [--days 30]")
	var d dataFlags
	d.register(fs, e)
	id := fs.String("id", "", "mã người dùng / person id")
	days := fs.Int("days", 30, "hiệu lực (ngày) / validity in days")
	if ok, err := parse(fs, args); !ok {
		return err
	}
	if *id == "" || *days < 1 {
		fs.Usage()
		return errUsage
	}
	a, err := d.open(ctx, nowFunc(e))
	if err != nil {
		return err
	}
	defer a.Close()
	if _, err := a.store.Person(ctx, *id); err != nil {
		return err
	}
	token, err := a.store.IssueToken(ctx, *id, sqlstore.TokenAPI, time.Duration(*days)*24*time.Hour)
	if err != nil {
		return err
	}
	fmt.Fprintln(e.stdout, token)
	return nil
}
