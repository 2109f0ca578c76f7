package main

import (
	"embed"
	"fmt"
	"strings"

	"github.com/spf13/cobra"
)

// samples holds a runnable input file for every command that reads one; TestEveryExampleRuns runs each
// through its command.
//
//go:embed samples/*.yaml
var samples embed.FS

// sampleFile returns the embedded sample name; the names are fixed at build time, so a missing one is a
// programming error caught by the tests.
func sampleFile(name string) string {
	data, err := samples.ReadFile("samples/" + name)
	if err != nil {
		panic(fmt.Sprintf("fleetctl: no embedded sample %s: %v", name, err))
	}
	return string(data)
}

// addExample gives cmd (invoked as "fleetctl path") an --example flag that prints the sample input file
// name instead of running, and shows the file in --help after the command's examples.
func addExample(cmd *cobra.Command, path, name string) {
	text := sampleFile(name)
	var show bool
	cmd.Flags().BoolVar(&show, "example", false, "print a sample input file ("+name+") and exit")
	indented := "  " + strings.ReplaceAll(strings.TrimRight(text, "\n"), "\n", "\n  ")
	cmd.Example += fmt.Sprintf("\n  fleetctl %s --example > %s\n\n  # %s\n%s", path, name, name, indented)
	args, run := cmd.Args, cmd.RunE
	cmd.Args = func(c *cobra.Command, a []string) error {
		if show || args == nil {
			return nil
		}
		return args(c, a)
	}
	cmd.RunE = func(c *cobra.Command, a []string) error {
		if show {
			_, err := fmt.Fprint(c.OutOrStdout(), text)
			return err
		}
		return run(c, a)
	}
}
