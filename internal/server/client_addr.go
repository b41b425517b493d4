package server

import (
	"net"
	"net/http"
	"net/netip"
	"strings"
)

// fromTrustedProxy reports whether the request's peer is one of the
// configured reverse proxies, whose forwarding headers are believed.
func (s *Server) fromTrustedProxy(r *http.Request) bool {
	ip, ok := peerAddr(r)
	return ok && s.trusted(ip)
}

func (s *Server) trusted(ip netip.Addr) bool {
	for _, p := range s.opts.TrustedProxies {
		if p.Contains(ip) {
			return true
		}
	}
	return false
}

func peerAddr(r *http.Request) (netip.Addr, bool) {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		host = r.RemoteAddr
	}
	ip, err := netip.ParseAddr(host)
	if err != nil {
		return netip.Addr{}, false
	}
	return ip.Unmap(), true
}

// clientAddr is the address a sign-in is counted under. A request from a
// trusted proxy is counted under the address the proxy saw: the nearest
// address in X-Forwarded-For that is not itself a trusted proxy (read
// from the right, since a client can write anything on the left). From
// anyone else the header is ignored, so a client cannot pick a fresh
// address for every guess.
func (s *Server) clientAddr(r *http.Request) string {
	ip, ok := peerAddr(r)
	if !ok {
		return r.RemoteAddr
	}
	if !s.trusted(ip) {
		return ip.String()
	}
	hops := r.Header.Values("X-Forwarded-For")
	for i := len(hops) - 1; i >= 0; i-- {
		parts := strings.Split(hops[i], ",")
		for j := len(parts) - 1; j >= 0; j-- {
			hop, err := netip.ParseAddr(strings.TrimSpace(parts[j]))
			if err != nil {
				return ip.String() // a garbled chain: count under the proxy
			}
			hop = hop.Unmap()
			if !s.trusted(hop) {
				return hop.String()
			}
			ip = hop
		}
	}
	return ip.String()
}

// secureRequest reports whether the browser reached us over HTTPS:
// directly, through a trusted proxy that says so, or because the
// deployment's public address is https (then a plain-HTTP cookie would
// only ever leak).
func (s *Server) secureRequest(r *http.Request) bool {
	if r.TLS != nil || strings.HasPrefix(strings.ToLower(s.opts.PublicURL), "https://") {
		return true
	}
	return s.fromTrustedProxy(r) && strings.EqualFold(strings.TrimSpace(lastValue(r.Header.Get("X-Forwarded-Proto"))), "https")
}

// lastValue is the last of a comma-separated header's values: the one
// the nearest proxy added.
func lastValue(h string) string {
	if i := strings.LastIndexByte(h, ','); i >= 0 {
		return h[i+1:]
	}
	return h
}
