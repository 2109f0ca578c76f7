package dividebench

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"

	"github.com/fleetkit/fleetkit/distribute"
)

// Divider is one binary's division engine.
type Divider struct {
	// Name is the binary's name, for its usage message.
	Name string
	// Engine names the code that divides, on the table's summary line (e.g. "karmada AssignReplicas").
	Engine string
	// Divide divides req.
	Divide func(req distribute.Request) ([]distribute.Assignment, error)
}

// Run divides the request file named by -f in args (- reads stdin) with d and writes the table to
// stdout.
func Run(args []string, stdin io.Reader, stdout io.Writer, d Divider) error {
	fs := flag.NewFlagSet(d.Name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	file := fs.String("f", "", "division request (YAML or JSON, - for stdin), as `fleetctl divide -f` reads")
	usage := fmt.Errorf("usage: %s -f FILE (a division request, YAML or JSON; - reads stdin)", d.Name)
	if err := fs.Parse(args); errors.Is(err, flag.ErrHelp) {
		return usage
	} else if err != nil {
		return err
	}
	if *file == "" || fs.NArg() > 0 {
		return usage
	}
	data, err := read(*file, stdin)
	if err != nil {
		return err
	}
	req, err := distribute.DecodeRequest(data)
	if err != nil {
		return fmt.Errorf("%s: %w", *file, err)
	}
	got, err := d.Divide(req)
	if err != nil {
		return fmt.Errorf("%s: %w", *file, err)
	}
	return WriteTable(stdout, d.Engine, req, got)
}

// ErrNoInput reports a -f - with nothing to read from.
var ErrNoInput = errors.New("dividebench: no standard input")

func read(path string, stdin io.Reader) ([]byte, error) {
	if path != "-" {
		return os.ReadFile(path)
	}
	if stdin == nil {
		return nil, ErrNoInput
	}
	return io.ReadAll(stdin)
}
