// Command zohoaep runs the zohoaep emulator and its tools. It is wiring
// only: flags become emulator.Options, and the library does the work.
package main

import (
	"context"
	"fmt"
	"os"
	"os/signal"
	"syscall"
	_ "time/tzdata" // time zones in a static binary on a scratch image

	"github.com/spf13/cobra"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := rootCommand().ExecuteContext(ctx); err != nil {
		fmt.Fprintln(os.Stderr, "zohoaep:", err)
		os.Exit(1)
	}
}

func rootCommand() *cobra.Command {
	root := &cobra.Command{
		Use:           "zohoaep",
		Short:         "Offline emulator and contract-test harness for Zoho CRM to Adobe Experience Platform",
		SilenceUsage:  true,
		SilenceErrors: true,
	}
	root.AddCommand(serveCommand())
	root.AddCommand(seedCommand())
	root.AddCommand(scenariosCommand())
	root.AddCommand(benchCommand())
	root.AddCommand(contractsCommand(), proxyCommand(), replayCommand(), bundleCommand())
	root.AddCommand(cassetteCommand())
	return root
}
