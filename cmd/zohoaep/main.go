// Command zohoaep runs the zohoaep emulator and its tools. It is wiring
// only: flags and ZOHOAEP_* variables become emulator.Options, and the
// library does the work.
package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"
	_ "time/tzdata" // time zones in a static binary on a scratch image

	"github.com/spf13/cobra"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	go func() {
		<-ctx.Done()
		stop() // the first signal shuts down gracefully; a second one ends the process at once
	}()
	code := execute(ctx, rootCommand(), os.Args[1:], os.Environ(), os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

func rootCommand() *cobra.Command {
	root := newRoot()
	root.AddCommand(serveCommand())
	root.AddCommand(healthCommand())
	root.AddCommand(seedCommand())
	root.AddCommand(scenariosCommand())
	root.AddCommand(benchCommand())
	root.AddCommand(contractsCommand(), proxyCommand(), replayCommand(), bundleCommand())
	return root
}
