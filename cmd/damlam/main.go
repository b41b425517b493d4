// Command damlam runs the Decree 73 procedure for encouraging and
// protecting cadres who innovate, with a verifiable record of every
// decision. `damlam --help` lists the commands.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"

	"damlam/internal/problem"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Getenv, os.Stdin, os.Stdout, os.Stderr); err != nil {
		if errors.Is(err, errUsage) {
			os.Exit(2)
		}
		fmt.Fprintln(os.Stderr, "damlam:", describe(err))
		os.Exit(1)
	}
}

var errUsage = errors.New("usage")

// describe prints a user error in both languages with its fields.
func describe(err error) string {
	var pe *problem.Error
	if !errors.As(err, &pe) || pe.Kind == problem.Internal {
		return err.Error()
	}
	s := pe.Message.VI + " / " + pe.Message.EN
	for _, f := range pe.Fields {
		s += "\n  " + f.Field + ": " + f.Message.VI + " / " + f.Message.EN
	}
	return s
}

type command struct {
	name, summary string
	run           func(ctx context.Context, env *env, args []string) error
}

// env is what a command may touch: no globals, so tests run commands
// side by side.
type env struct {
	getenv func(string) string
	stdin  io.Reader
	stdout io.Writer
	stderr io.Writer
}

func commands() []command {
	return []command{
		{"serve", "chạy máy chủ web và API / run the web server and API", cmdServe},
		{"demo", "tạo dữ liệu mẫu rồi chạy máy chủ / load demo data, then serve", cmdDemo},
		{"import", "nhập đơn vị hoặc người dùng từ CSV / import units or people from CSV", cmdImport},
		{"user", "thêm người dùng, đặt mật khẩu / add users, set passwords", cmdUser},
		{"token", "cấp mã truy cập API cho người dùng / issue an API token", cmdToken},
		{"dossier", "xuất hồ sơ chứng cứ của một đề xuất / export a case's dossier", cmdDossier},
		{"document", "xuất một văn bản chính thức (PDF) của hồ sơ / write one of a case's official documents (PDF)", cmdDocument},
		{"audit", "kiểm tra toàn bộ sổ ghi với dữ liệu / audit the log against the data", cmdAudit},
		{"escalate", "chuyển các việc quá hạn lên cấp trên / escalate overdue cases", cmdEscalate},
		{"remind", "nhắc việc sắp đến hạn và gửi thư trong hộp thư đi / remind of due dates, and send the outbox", cmdRemind},
		{"lifecycle", "in bảng chuyển trạng thái / print the transition table", cmdLifecycle},
		{"gen", "tạo bộ dữ liệu cỡ phường, tỉnh hoặc cả nước / generate a ward-, province- or country-sized dataset", cmdGen},
		{"bench", "đo hiệu năng trên bộ dữ liệu đã tạo / benchmark a generated dataset against the targets", cmdBench},
		{"migrate-data", "chuyển dữ liệu và sổ ghi từ SQLite sang PostgreSQL / move data and log from SQLite to PostgreSQL", cmdMigrateData},
		{"rotate-key", "đổi khóa ký của sổ ghi / rotate the log's signing key", cmdRotateKey},
		{"keys", "in khóa công khai của sổ ghi / print the log's verifier keys", cmdKeys},
		{"witness", "chạy một nhân chứng độc lập cho sổ ghi / run an independent witness for a log", cmdWitness},
	}
}

func run(ctx context.Context, args []string, getenv func(string) string, stdin io.Reader, stdout, stderr io.Writer) error {
	e := &env{getenv: getenv, stdin: stdin, stdout: stdout, stderr: stderr}
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" || args[0] == "help" {
		usage(stdout)
		if len(args) == 0 {
			return errUsage
		}
		return nil
	}
	for _, c := range commands() {
		if c.name == args[0] {
			return c.run(ctx, e, args[1:])
		}
	}
	fmt.Fprintf(stderr, "damlam: không có lệnh %q / unknown command %q\n\n", args[0], args[0])
	usage(stderr)
	return errUsage
}

func usage(w io.Writer) {
	fmt.Fprint(w, `damlam — khuyến khích và bảo vệ cán bộ dám nghĩ, dám làm (Nghị định 73/2023/NĐ-CP)
damlam — encourage and protect cadres who dare to act, with a verifiable record

Cách dùng / usage: damlam <lệnh/command> [tùy chọn/options]

`)
	for _, c := range commands() {
		fmt.Fprintf(w, "  %-10s %s\n", c.name, c.summary)
	}
	fmt.Fprint(w, `
"damlam <lệnh> --help" giải thích từng lệnh / explains each command.
`)
}
