package main

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"

	"github.com/spf13/cobra"

	"github.com/zohoaep/zohoaep/scenarios/convert"
)

func cassetteCommand() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "cassette",
		Short: "Work with cassettes recorded by zohoaep proxy",
		Example: `  zohoaep proxy --upstream http://127.0.0.1:9595 --cassette session.json
  zohoaep cassette scenario session.json -o scenarios/catalog/refresh-after-outage.yaml`,
	}
	cmd.AddCommand(cassetteScenarioCommand())
	return cmd
}

var scenarioID = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)

func cassetteScenarioCommand() *cobra.Command {
	var out, id, title string
	cmd := &cobra.Command{
		Use:   "scenario CASSETTE",
		Short: "Turn a recorded cassette into a scenario file of the catalogue",
		Long: `scenario reads a cassette (zohoaep proxy --cassette) and writes a scenario: the client's steps
and roles inferred from its exchanges, the world they met (an expired hour, a revoked refresh
token, 5xx answers as fault rules, denied consent, refused IPs, the sandbox, module and scopes
used), each step's outcome as recorded, and journal checks over the calls made. Recorded
secrets, tokens, codes and ids are never copied. What could not be reproduced is written as
comments at the top of the file and on stderr: read the scenario before adding it to
scenarios/catalog/.`,
		Example: `  zohoaep cassette scenario session.json -o scenarios/catalog/refresh-after-outage.yaml
  zohoaep scenarios run --client builtin:reference --only refresh-after-outage`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			c, err := readCassette(args[0])
			if err != nil {
				return err
			}
			if id == "" && out != "" {
				if name := strings.TrimSuffix(filepath.Base(out), ".yaml"); scenarioID.MatchString(name) {
					id = name
				}
			}
			if id != "" && !scenarioID.MatchString(id) {
				return fmt.Errorf("--id %q: want lower-case words joined by hyphens", id)
			}
			conv, err := convert.Cassette(c, convert.Options{ID: id, Title: title})
			if err != nil {
				return err
			}
			doc, err := conv.YAML(filepath.Base(args[0]))
			if err != nil {
				return err
			}
			for _, n := range conv.Notes {
				fmt.Fprintln(cmd.ErrOrStderr(), "note:", n)
			}
			if out == "" {
				_, err := cmd.OutOrStdout().Write(doc)
				return err
			}
			if err := os.WriteFile(out, doc, 0o644); err != nil {
				return err
			}
			fmt.Fprintf(cmd.OutOrStdout(), "wrote scenario %s (%d steps, %d journal checks) to %s\n", conv.Scenario.ID, len(conv.Scenario.Steps), len(conv.Scenario.Journal), out)
			return nil
		},
	}
	cmd.Flags().StringVarP(&out, "output", "o", "", "file to write (default: stdout); its name is the scenario's id unless --id says otherwise")
	cmd.Flags().StringVar(&id, "id", "", "the scenario's id (default: the output file's name, or recorded-session)")
	cmd.Flags().StringVar(&title, "title", "", "the scenario's title (default: the steps, as recorded)")
	return cmd
}
