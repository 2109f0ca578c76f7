package main

import (
	"fmt"
	"io"
	"runtime"
	"runtime/debug"

	"github.com/spf13/cobra"
)

// versionInfo is what `fleetctl version` prints.
type versionInfo struct {
	Module    string `json:"module"`
	Version   string `json:"version"`
	GoVersion string `json:"goVersion"`
	Platform  string `json:"platform"`
}

func newVersionCmd() *cobra.Command {
	var format string
	cmd := &cobra.Command{
		Use:   "version",
		Short: "Print fleetctl's version",
		Long: `version prints the module, version, Go version and platform fleetctl was built with.

Output: -o json and -o yaml print one document: {module, version, goVersion, platform}.`,
		Example: "  fleetctl version\n  fleetctl version -o json",
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			v := currentVersion()
			return printOutput(cmd.OutOrStdout(), format, v, func(w io.Writer) error {
				_, err := fmt.Fprintf(w, "fleetctl %s (%s, %s, %s)\n", v.Version, v.Module, v.GoVersion, v.Platform)
				return err
			})
		},
	}
	addOutputFlag(cmd, &format)
	return cmd
}

func currentVersion() versionInfo {
	v := versionInfo{Module: "github.com/fleetkit/fleetkit", Version: "(devel)", GoVersion: runtime.Version(),
		Platform: runtime.GOOS + "/" + runtime.GOARCH}
	if info, ok := debug.ReadBuildInfo(); ok && info.Main.Version != "" {
		v.Version = info.Main.Version
	}
	return v
}
