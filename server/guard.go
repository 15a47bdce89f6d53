package server

import (
	"net"
	"net/http"
	"strings"
)

// Guard serves next only to requests addressed to one of hosts. A local
// server that reads pages and writes files must not answer a web page the
// user happens to visit:
//
//   - DNS rebinding: a hostile name re-pointed at 127.0.0.1 reaches the
//     server with its own name in the Host header. Requests whose Host is
//     not one of hosts (or a loopback spelling of the same port when the
//     server listens on loopback) get 403.
//   - Cross-site requests: a request whose Origin is not http://<host> for
//     one of those hosts gets 403, and so does one a browser marks
//     Sec-Fetch-Site: cross-site or same-site, except a plain navigation to
//     the application (following a link to it).
//   - Form posts: requests that change state must be JSON (application/json
//     cannot be sent cross-site without a CORS preflight, which is never
//     granted); others get 415.
//
// Responses forbid framing and load scripts, styles and data only from
// the server itself.
func Guard(next http.Handler, hosts ...string) http.Handler {
	allowed := map[string]bool{}
	for _, h := range hosts {
		for _, a := range spellings(h) {
			allowed[strings.ToLower(a)] = true
		}
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Content-Security-Policy", "default-src 'self'; img-src 'self' data:; frame-ancestors 'none'; base-uri 'none'; form-action 'none'")
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("X-Frame-Options", "DENY")
		h.Set("Referrer-Policy", "no-referrer")
		h.Set("Cross-Origin-Resource-Policy", "same-origin")
		if !allowed[strings.ToLower(r.Host)] {
			http.Error(w, "403 forbidden: the Host header does not name this server", http.StatusForbidden)
			return
		}
		if o := r.Header.Get("Origin"); o != "" {
			host, ok := strings.CutPrefix(strings.ToLower(o), "http://")
			if !ok || !allowed[host] {
				http.Error(w, "403 forbidden: cross-origin request", http.StatusForbidden)
				return
			}
		}
		safe := r.Method == http.MethodGet || r.Method == http.MethodHead
		switch r.Header.Get("Sec-Fetch-Site") {
		case "cross-site", "same-site":
			if !safe || r.Header.Get("Sec-Fetch-Mode") != "navigate" || strings.HasPrefix(r.URL.Path, "/api/") {
				http.Error(w, "403 forbidden: cross-site request", http.StatusForbidden)
				return
			}
		}
		if !safe {
			ct := r.Header.Get("Content-Type")
			if i := strings.IndexByte(ct, ';'); i >= 0 {
				ct = ct[:i]
			}
			if strings.TrimSpace(strings.ToLower(ct)) != "application/json" {
				http.Error(w, "415 unsupported media type: send application/json", http.StatusUnsupportedMediaType)
				return
			}
		}
		next.ServeHTTP(w, r)
	})
}

// spellings returns the Host values that address hostport: itself and,
// for a loopback address, the other loopback names with the same port.
func spellings(hostport string) []string {
	out := []string{hostport}
	host, port, err := net.SplitHostPort(hostport)
	if err != nil {
		return out
	}
	ip := net.ParseIP(host)
	if host == "localhost" || (ip != nil && ip.IsLoopback()) {
		for _, h := range []string{"127.0.0.1", "localhost", "[::1]"} {
			out = append(out, h+":"+port)
		}
	}
	if port == "80" {
		for _, s := range out {
			out = append(out, strings.TrimSuffix(s, ":80"))
		}
	}
	return out
}
