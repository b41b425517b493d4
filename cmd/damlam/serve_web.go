package main

import (
	"flag"
	"fmt"
	"net/netip"
	"net/url"
	"os"
	"strings"

	"damlam/internal/server"
)

// webFlags are how the server meets the network in front of it: the
// reverse proxies it believes and the address users type.
type webFlags struct {
	proxies   multiFlag
	publicURL string
	// OpenID Connect: the provider, this client, and how people map.
	oidcIssuer, oidcClientID, oidcSecretFile string
	oidcEmail, noPasswords                   bool
}

func (f *webFlags) register(fs *flag.FlagSet) {
	fs.Var(&f.proxies, "trusted-proxy", "proxy ngược được tin (CIDR, lặp lại được): chỉ tin X-Forwarded-For và X-Forwarded-Proto từ các địa chỉ này / "+
		"a reverse proxy to believe (CIDR, repeatable): X-Forwarded-For and X-Forwarded-Proto are read only from these addresses")
	// The address users reach the server at is --public-url, registered
	// with the mail's flags (mailFlags): one address for links in mail and
	// for the cookies' Secure flag; serve copies it into publicURL.
	fs.StringVar(&f.oidcIssuer, "oidc-issuer", "", "nhà cung cấp định danh OpenID Connect (URL issuer) / the OpenID Connect provider's issuer URL")
	fs.StringVar(&f.oidcClientID, "oidc-client-id", "", "mã ứng dụng tại nhà cung cấp (hoặc biến DAMLAM_OIDC_CLIENT_ID) / the client id (or DAMLAM_OIDC_CLIENT_ID)")
	fs.StringVar(&f.oidcSecretFile, "oidc-client-secret-file", "", "tệp chứa khóa bí mật của ứng dụng (hoặc biến DAMLAM_OIDC_CLIENT_SECRET) / a file holding the client secret (or DAMLAM_OIDC_CLIENT_SECRET)")
	fs.BoolVar(&f.oidcEmail, "oidc-email", false, "cho đăng nhập theo thư điện tử đã xác minh của nhà cung cấp / sign a provider account in as the person with its verified e-mail")
	fs.BoolVar(&f.noPasswords, "no-passwords", false, "tắt mật khẩu riêng: chỉ đăng nhập qua nhà cung cấp định danh / local passwords off: sign in only through the provider")
}

// options turns the flags into the server's, refusing what would quietly
// weaken it: a proxy range that is not one, or a public address that is
// not absolute.
func (f *webFlags) options(o server.Options, getenv func(string) string) (server.Options, error) {
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
	if f.oidcIssuer != "" {
		c := &server.OIDC{Issuer: f.oidcIssuer, ClientID: f.oidcClientID, EmailClaim: f.oidcEmail}
		if c.ClientID == "" {
			c.ClientID = getenv("DAMLAM_OIDC_CLIENT_ID")
		}
		c.ClientSecret = getenv("DAMLAM_OIDC_CLIENT_SECRET")
		if f.oidcSecretFile != "" {
			b, err := os.ReadFile(f.oidcSecretFile)
			if err != nil {
				return o, fmt.Errorf("--oidc-client-secret-file: %w", err)
			}
			c.ClientSecret = strings.TrimSpace(string(b))
		}
		if u, err := url.Parse(c.Issuer); err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
			return o, fmt.Errorf("--oidc-issuer %q: cần địa chỉ đầy đủ / must be an absolute URL", c.Issuer)
		}
		if c.ClientID == "" || c.ClientSecret == "" {
			return o, fmt.Errorf("--oidc-issuer cần mã ứng dụng và khóa bí mật / needs a client id and secret (--oidc-client-id, --oidc-client-secret-file or DAMLAM_OIDC_CLIENT_ID, DAMLAM_OIDC_CLIENT_SECRET)")
		}
		o.OIDC = c
	}
	if f.noPasswords {
		if o.OIDC == nil {
			return o, fmt.Errorf("--no-passwords cần --oidc-issuer: không ai đăng nhập được / needs --oidc-issuer, or nobody could sign in")
		}
		o.NoPasswords = true
	}
	return o, nil
}
