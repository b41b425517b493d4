package main

import (
	"strings"
	"testing"

	"damlam/internal/server"
)

func TestWebFlags(t *testing.T) {
	for _, c := range []struct {
		proxies []string
		public  string
		want    string // the proxies read, or the error's start
	}{
		{[]string{"10.0.0.0/8"}, "", "[10.0.0.0/8]"},
		{[]string{"10.1.2.3/8, 192.168.1.5"}, "https://damlam.example.gov.vn", "[10.0.0.0/8 192.168.1.5/32]"},
		{[]string{"::1"}, "", "[::1/128]"},
		{[]string{"10.0.0.0/33"}, "", "--trusted-proxy"},
		{[]string{"proxy.local"}, "", "--trusted-proxy"},
		{nil, "damlam.example.gov.vn", "--public-url"},
		{nil, "ftp://damlam.example.gov.vn", "--public-url"},
	} {
		f := webFlags{proxies: c.proxies, publicURL: c.public}
		o, err := f.options(server.Options{})
		got := ""
		if err != nil {
			got = err.Error()
		} else {
			var s []string
			for _, p := range o.TrustedProxies {
				s = append(s, p.String())
			}
			got = "[" + strings.Join(s, " ") + "]"
			if o.PublicURL != c.public {
				t.Errorf("%v: public URL %q", c, o.PublicURL)
			}
		}
		if !strings.HasPrefix(got, c.want) {
			t.Errorf("%v: %s, want %s", c, got, c.want)
		}
	}
}
