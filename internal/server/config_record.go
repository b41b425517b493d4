package server

import (
	"strings"
)

// SecurityConfig is the security-relevant part of o, as serve records it
// at each start (sqlstore.RecordConfig) so that the administrators see on
// /admin/access when and how it changed: the OpenID Connect provider and
// client id (never the secret), whether passwords are on, the trusted
// proxies, the public address and the mail server without its password.
func SecurityConfig(o Options) map[string]string {
	cfg := map[string]string{
		"passwords":       "on",
		"oidc_issuer":     "",
		"oidc_client_id":  "",
		"oidc_email":      "off",
		"trusted_proxies": "",
		"public_url":      o.PublicURL,
		"smtp":            "",
	}
	if o.NoPasswords {
		cfg["passwords"] = "off"
	}
	if o.OIDC != nil {
		cfg["oidc_issuer"], cfg["oidc_client_id"] = o.OIDC.Issuer, o.OIDC.ClientID
		if o.OIDC.EmailClaim {
			cfg["oidc_email"] = "on"
		}
	}
	var proxies []string
	for _, p := range o.TrustedProxies {
		proxies = append(proxies, p.String())
	}
	cfg["trusted_proxies"] = strings.Join(proxies, ", ")
	if o.Mail {
		cfg["smtp"] = o.SMTP
	}
	return cfg
}
