package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/newslint/newslint/rules"
	"github.com/newslint/newslint/server"
)

func runServe(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	var c common
	c.register(fs)
	addr := fs.String("addr", "127.0.0.1:8080", "address to listen on, host:port (only requests addressed to it are answered)")
	labels := fs.String("labels", "", "labels file to read and write (default: next to the first PATH, named PATH.labels.jsonl)")
	if code, ok := parseFlags(fs, args, stderr, "[--addr 127.0.0.1:8080] [--config rules.yaml] [flags] PATH..."); !ok {
		return code
	}
	if fs.NArg() == 0 {
		fmt.Fprintln(stderr, "newslint serve: no PATH given: name the files or directories of the corpus")
		return exitError
	}
	if c.noConfig {
		fmt.Fprintln(stderr, "newslint serve: --no-config: serve edits a rules file; name it with --config")
		return exitError
	}
	rulesPath, err := serveRulesPath(c.config)
	if err != nil {
		return fail(stderr, err)
	}
	// The walk settings (extensions) come from the rules file as it is on
	// disk; the built-in ones when it is missing or broken (the editor shows
	// its errors).
	set, err := rules.Load(rulesPath)
	if err != nil {
		if set, err = rules.Default(); err != nil {
			return fail(stderr, err)
		}
	}
	rc, err := c.runnerConfig(set)
	if err != nil {
		return fail(stderr, err)
	}
	start := time.Now()
	srv, err := server.New(server.Config{Paths: fs.Args(), Walk: rc.Walk, Read: rc.Read, Site: rc.Site, Corpus: rc.Corpus,
		RulesPath: rulesPath, LabelsPath: *labels, Workers: c.workers})
	if err != nil {
		return fail(stderr, err)
	}
	for _, e := range srv.Errors() {
		fmt.Fprintf(stderr, "newslint: %s\n", e)
	}
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return fail(stderr, err)
	}
	hosts := append([]string{*addr, ln.Addr().String()}, unspecifiedHosts(ln.Addr())...)
	fmt.Fprintf(stdout, "newslint serve: %d pages read and scored in %s\n", srv.Pages(), time.Since(start).Round(time.Millisecond))
	fmt.Fprintf(stdout, "  rules:  %s\n  labels: %s\n", rulesPath, srv.LabelsPath())
	fmt.Fprintf(stdout, "  open http://%s/ (Ctrl+C stops)\n", *addr)
	if tcp, ok := ln.Addr().(*net.TCPAddr); ok && !tcp.IP.IsLoopback() {
		fmt.Fprintf(stderr, "newslint serve: warning: %s is reachable from other machines; anyone who can reach it can read the corpus and write the rules\n", ln.Addr())
	}

	hs := &http.Server{Handler: srv.Handler(hosts...), ReadHeaderTimeout: 10 * time.Second}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	go func() {
		<-ctx.Done()
		sctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		hs.Shutdown(sctx)
	}()
	if err := hs.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
		return fail(stderr, err)
	}
	return exitOK
}

// serveRulesPath returns the rules file serve edits: --config, else the
// rules file found from the working directory, else a new .newslint.yaml
// in it. A path given is kept as given, as lint names it in messages.
func serveRulesPath(config string) (string, error) {
	if config != "" {
		return config, nil
	}
	wd, err := os.Getwd()
	if err != nil {
		return "", err
	}
	if p := rules.Find(wd); p != "" {
		return p, nil
	}
	return rules.ConfigNames[0], nil
}

// unspecifiedHosts returns, for a listener on all interfaces (0.0.0.0 or
// ::), the host:port of every interface address: an IP address cannot be
// rebound, unlike a host name.
func unspecifiedHosts(a net.Addr) []string {
	tcp, ok := a.(*net.TCPAddr)
	if !ok || !tcp.IP.IsUnspecified() {
		return nil
	}
	addrs, err := net.InterfaceAddrs()
	if err != nil {
		return nil
	}
	var out []string
	for _, ia := range addrs {
		if ipn, ok := ia.(*net.IPNet); ok {
			out = append(out, net.JoinHostPort(ipn.IP.String(), fmt.Sprint(tcp.Port)))
		}
	}
	return out
}
