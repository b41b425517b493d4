package mailer

import (
	"bytes"
	"html/template"
	"strings"
	texttemplate "text/template"

	"damlam/internal/i18n"
	"damlam/internal/sqlstore"
	"damlam/internal/workflow"
)

// Letter is a mail's text: a subject and two parts saying the same, in
// the recipient's language (Mail.Lang: Vietnamese unless they chose
// English).
type Letter struct {
	Subject string
	Text    string
	HTML    string
}

// item is one notice in a letter.
type item struct {
	Message string
	Due     string
	URL     string
	Urgent  bool
}

// Render writes the letter for outbox row m; base is the site's address
// (http://host:port), to which the notice's link is appended.
func Render(m sqlstore.Mail, base string) Letter {
	lang := i18n.ParseLang(m.Lang)
	in := func(msg i18n.Message) string { return msg.In(lang) }
	base = strings.TrimRight(base, "/")
	if sqlstore.IsLinkMail(m.Kind) {
		return renderLink(m, base)
	}
	var items []item
	var subject i18n.Message
	if m.Kind == sqlstore.KindDigest {
		for _, n := range m.Digest {
			items = append(items, item{Message: in(n.Message), Due: sqlstore.DisplayDate(n.DueDate), URL: base + n.Link, Urgent: n.Urgent})
		}
		key := "mail.digest"
		if len(items) == 1 {
			key = "mail.digest_one"
		}
		subject = i18n.T(key, sqlstore.DisplayDate(m.DueDate), len(items))
	} else {
		subject = workflow.NoticeMessage(m.Kind, m.ProposalID, m.Title, sqlstore.DisplayDate(m.DueDate))
		link := m.Link
		if link == "" {
			link = "/proposals/" + m.ProposalID
		}
		items = []item{{Message: in(subject), Due: sqlstore.DisplayDate(m.DueDate), URL: base + link, Urgent: m.Urgent}}
	}
	d := letterData{Lang: string(lang), Hello: in(i18n.T("mail.hello", m.Name)), Items: items, Open: in(i18n.T("mail.open")),
		Footer: in(i18n.T("mail.footer")), Urgent: in(i18n.T("web.notify.urgent"))}
	var text, html bytes.Buffer
	if err := textTmpl.Execute(&text, d); err != nil {
		panic(err) // the templates are fixed and their data plain strings
	}
	if err := htmlTmpl.Execute(&html, d); err != nil {
		panic(err)
	}
	return Letter{Subject: oneLine(in(subject)), Text: text.String(), HTML: html.String()}
}

type letterData struct {
	Lang, Hello, Open, Footer, Urgent string
	Items                             []item
}

// oneLine keeps a subject on one line whatever a title holds.
func oneLine(s string) string {
	return strings.Join(strings.Fields(s), " ")
}

var textTmpl = texttemplate.Must(texttemplate.New("text").Parse(`{{.Hello}}
{{range .Items}}
{{if .Urgent}}[{{$.Urgent}}] {{end}}{{.Message}}
{{$.Open}}: {{.URL}}
{{end}}
* * *
{{.Footer}}
`))

var htmlTmpl = template.Must(template.New("html").Parse(`<!DOCTYPE html>
<html lang="{{.Lang}}"><head><meta charset="utf-8"></head>
<body style="font-family: sans-serif">
<p>{{.Hello}}</p>
<ul>{{range .Items}}
<li>{{if .Urgent}}<strong>{{$.Urgent}}:</strong> {{end}}{{.Message}} — <a href="{{.URL}}">{{$.Open}}</a></li>{{end}}
</ul>
<hr>
<p style="color: #555; font-size: small">{{.Footer}}</p>
</body></html>
`))

// renderLink writes the mail that carries a one-time link: to the person
// alone, with when it stops working.
func renderLink(m sqlstore.Mail, base string) Letter {
	d := linkData{Hello: i18n.T("mail.hello", m.Name), Lead: i18n.T("mail." + m.Kind + ".lead"), URL: base + m.Link,
		Once: i18n.T("mail.link.once", i18n.FormatDateTime(m.ExpiresAt)), Footer: i18n.T("mail.link.footer")}
	var text, html bytes.Buffer
	if err := linkTextTmpl.Execute(&text, d); err != nil {
		panic(err)
	}
	if err := linkHTMLTmpl.Execute(&html, d); err != nil {
		panic(err)
	}
	return Letter{Subject: i18n.T("mail." + m.Kind + ".subject").VI, Text: text.String(), HTML: html.String()}
}

type linkData struct {
	Hello, Lead, Once, Footer i18n.Message
	URL                       string
}

var linkTextTmpl = texttemplate.Must(texttemplate.New("text").Parse(`{{.Hello.VI}}

{{.Lead.VI}}
{{.URL}}
{{.Once.VI}}

* * *

{{.Hello.EN}}

{{.Lead.EN}}
{{.URL}}
{{.Once.EN}}

{{.Footer.VI}}
{{.Footer.EN}}
`))

var linkHTMLTmpl = template.Must(template.New("html").Parse(`<!DOCTYPE html>
<html lang="vi"><head><meta charset="utf-8"></head>
<body style="font-family: sans-serif">
<p>{{.Hello.VI}}</p>
<p>{{.Lead.VI}}</p>
<p><a href="{{.URL}}">{{.URL}}</a></p>
<p>{{.Once.VI}}</p>
<hr>
<div lang="en">
<p>{{.Hello.EN}}</p>
<p>{{.Lead.EN}}</p>
<p><a href="{{.URL}}">{{.URL}}</a></p>
<p>{{.Once.EN}}</p>
</div>
<p style="color: #555; font-size: small">{{.Footer.VI}}<br>{{.Footer.EN}}</p>
</body></html>
`))
