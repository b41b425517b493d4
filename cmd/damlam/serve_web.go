package main

import (
	"flag"
	"fmt"
	"net/netip"
	"net/url"
	"strings"

	"damlam/internal/server"
)

// webFlags are how the server meets the network in front of it: the
// reverse proxies it believes and the address users type.
type webFlags struct {
	proxies   multiFlag
	publicURL string
}

func (f *webFlags) register(fs *flag.FlagSet) {
	fs.Var(&f.proxies, "trusted-proxy", "proxy ngược được tin (CIDR, lặp lại được): chỉ tin X-Forwarded-For và X-Forwarded-Proto từ các địa chỉ này / "+
		"a reverse proxy to believe (CIDR, repeatable): X-Forwarded-For and X-Forwarded-Proto are read only from these addresses")
	fs.StringVar(&f.publicURL, "public-url", "", "địa chỉ người dùng truy cập, ví dụ https://damlam.tinh.gov.vn; https làm cookie chỉ gửi qua TLS / "+
		"the address users reach the server at, e.g. https://damlam.example.gov.vn; https makes cookies Secure")
}

// options turns the flags into the server's, refusing what would quietly
// weaken it: a proxy range that is not one, or a public address that is
// not absolute.
func (f *webFlags) options(o server.Options) (server.Options, error) {
	for _, p := range f.proxies {
		for _, part := range strings.Split(p, ",") {
			part = strings.TrimSpace(part)
			if part == "" {
				continue
			}
			pre, err := netip.ParsePrefix(part)
			if err != nil {
				addr, aerr := netip.ParseAddr(part)
				if aerr != nil {
					return o, fmt.Errorf("--trusted-proxy %q: không phải CIDR / not a CIDR range: %v", part, err)
				}
				pre = netip.PrefixFrom(addr, addr.BitLen())
			}
			o.TrustedProxies = append(o.TrustedProxies, pre.Masked())
		}
	}
	if f.publicURL != "" {
		u, err := url.Parse(f.publicURL)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			return o, fmt.Errorf("--public-url %q: cần địa chỉ đầy đủ http(s)://… / must be an absolute http(s) address", f.publicURL)
		}
		o.PublicURL = f.publicURL
	}
	return o, nil
}
