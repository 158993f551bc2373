package main

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"os"
	"time"

	"github.com/spf13/cobra"

	"github.com/zohoaep/zohoaep/contracts/cassette"
	"github.com/zohoaep/zohoaep/contracts/proxy"
	"github.com/zohoaep/zohoaep/internal/graceful"
)

func proxyCommand() *cobra.Command {
	var upstream, addr, out string
	cmd := &cobra.Command{
		Use:   "proxy",
		Short: "Forward to an upstream, validate both directions, record a redacted cassette",
		Example: `  # put the proxy between your client and an emulator (or a vendor sandbox), then Ctrl-C
  zohoaep proxy --upstream http://127.0.0.1:9595 --addr 127.0.0.1:9596 --cassette session.json

  # the real vendors behind one address with the emulator's URL layout: point a client
  # configured for zohoaep at the proxy instead, and record the whole session
  zohoaep proxy --upstream vendors --cassette session.json`,
		Long: `proxy listens on --addr and forwards every request to --upstream (a vendor, a sandbox or
another emulator), judges the request and the answer against the contracts (each violation is
printed), and on exit (Ctrl-C) writes the session to --cassette with secrets, tokens and personal
data replaced by pseudonyms of the same shape. zohoaep replay serves it back.

--upstream vendors forwards by the emulator's URL layout to the vendors' production hosts: /crm
to www.zohoapis.com, every other path to accounts.zoho.com, and under /dc/{eu,in,au,cn,jp,ca,sa,
uk,ae} to that data centre's hosts; /ims to ims-na1.adobelogin.com and /data to platform.adobe.io.
Answers that name a vendor host name the proxy instead, with the data centre's prefix, so the
client stays behind it and one cassette holds the whole session in order.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			log := cmd.ErrOrStderr()
			p, err := proxy.New(proxy.Options{Upstream: upstream, OnExchange: func(x cassette.Interaction) {
				verdict := "not described by the contracts"
				if x.Verdict != nil {
					verdict = x.Verdict.Summary()
				}
				fmt.Fprintf(log, "%s %s %d %s\n", x.Request.Method, x.Request.Path, x.Response.Status, verdict)
			}})
			if err != nil {
				return err
			}
			if err := listenUntilDone(cmd.Context(), addr, p, func(url string) {
				fmt.Fprintf(cmd.OutOrStdout(), "zohoaep proxy on %s -> %s, recording to %s\n", url, upstream, out)
			}); err != nil {
				return err
			}
			return writeCassette(out, p.Cassette())
		},
	}
	cmd.Flags().StringVar(&upstream, "upstream", "", `where to forward (required): a URL, e.g. https://accounts.zoho.com or http://127.0.0.1:9595, or "vendors"`)
	cmd.Flags().StringVar(&addr, "addr", "127.0.0.1:9596", "address to listen on (loopback by default)")
	cmd.Flags().StringVar(&out, "cassette", "cassette.json", "file the session is written to on exit")
	_ = cmd.MarkFlagRequired("upstream")
	return cmd
}

func writeCassette(path string, c *cassette.Cassette) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	if err := c.Write(f); err != nil {
		_ = f.Close()
		return err
	}
	return f.Close()
}

func replayCommand() *cobra.Command {
	var addr string
	cmd := &cobra.Command{
		Use:     "replay CASSETTE",
		Short:   "Serve a recorded cassette back",
		Example: `  zohoaep replay session.json --addr 127.0.0.1:9597`,
		Long: `replay answers each request with the next recorded answer to the same method, path and query
keys, in the order recorded (the last one again once they are used up); a request the cassette
has no answer for gets 404 {"error":"not_recorded"}.`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			c, err := readCassette(args[0])
			if err != nil {
				return err
			}
			return listenUntilDone(cmd.Context(), addr, cassette.Handler(c), func(url string) {
				fmt.Fprintf(cmd.OutOrStdout(), "zohoaep replay of %s (%d interactions) on %s\n", args[0], len(c.Interactions), url)
			})
		},
	}
	cmd.Flags().StringVar(&addr, "addr", "127.0.0.1:9597", "address to listen on (loopback by default)")
	return cmd
}

// listenUntilDone serves h on addr until ctx ends.
func listenUntilDone(ctx context.Context, addr string, h http.Handler, started func(url string)) error {
	l, err := net.Listen("tcp", addr)
	if err != nil {
		return err
	}
	srv := &http.Server{Handler: h, ReadHeaderTimeout: 10 * time.Second}
	graceful.Track(srv)
	done := make(chan error, 1)
	go func() { done <- srv.Serve(l) }()
	started("http://" + l.Addr().String())
	select {
	case <-ctx.Done():
	case err := <-done:
		return err
	}
	return graceful.Shutdown(srv, 5*time.Second)
}

// readCassette reads and parses a cassette file (zohoaep proxy --cassette).
func readCassette(path string) (*cassette.Cassette, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	return cassette.Parse(data)
}
