package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"text/tabwriter"
	"time"

	clusterv1alpha1 "github.com/karmada-io/karmada/pkg/apis/cluster/v1alpha1"
	"github.com/spf13/cobra"
	"k8s.io/apimachinery/pkg/runtime"
	"sigs.k8s.io/controller-runtime/pkg/client"

	"github.com/fleetkit/fleetkit/fleet"
	"github.com/fleetkit/fleetkit/fleet/karmada"
)

func newFleetCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "fleet",
		Short: "Fleet membership: render members as Karmada Clusters, register them with a Karmada control plane",
		Example: "  fleetctl fleet render --sample -o yaml\n" +
			"  fleetctl fleet register -f fleet.yaml --karmada-kubeconfig karmada.kubeconfig --kubeconfig-dir members/",
	}
	cmd.AddCommand(newFleetRenderCmd(), newFleetRegisterCmd())
	return cmd
}

// loadFleet reads a fleet file, or returns the seed fleet with --sample.
func loadFleet(path string, sample bool) (fleet.Fleet, error) {
	if sample {
		if path != "" {
			return fleet.Fleet{}, errors.New("pass either -f FILE or --sample, not both")
		}
		return fleet.Sample(), nil
	}
	data, err := readFile(path)
	if err != nil {
		return fleet.Fleet{}, err
	}
	f, err := fleet.Load(data)
	if err != nil {
		return fleet.Fleet{}, fmt.Errorf("%s: %w", path, err)
	}
	return f, nil
}

func newFleetRenderCmd() *cobra.Command {
	var file, format, secretNS string
	var sample bool
	cmd := &cobra.Command{
		Use:   "render",
		Short: "Render every member as a push-mode cluster.karmada.io/v1alpha1 Cluster (no credentials)",
		Long: `render reads a fleet file (name, members with region, zone (or zones), provider, labels, taints,
apiEndpoint, capacity; the format is fleet.Load's) and renders every member as the push-mode
Karmada Cluster that fleet register would create, without credentials.

Output: -o json and -o yaml print one v1 List of cluster.karmada.io/v1alpha1 Clusters.`,
		Example: "  fleetctl fleet render --sample\n  fleetctl fleet render -f fleet.yaml -o yaml",
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			f, err := loadFleet(file, sample)
			if err != nil {
				return err
			}
			opts := karmada.Options{SecretNamespace: secretNS}
			var clusters []*clusterv1alpha1.Cluster
			for _, m := range f.Members {
				c, err := karmada.ClusterFor(m, nil, opts)
				if err != nil {
					return err
				}
				clusters = append(clusters, c)
			}
			return printClusters(cmd.OutOrStdout(), format, clusters)
		},
	}
	cmd.Flags().StringVarP(&file, "file", "f", "", "fleet file (YAML or JSON)")
	cmd.Flags().BoolVar(&sample, "sample", false, "use the embedded seed fleet")
	cmd.Flags().StringVar(&secretNS, "secret-namespace", karmada.DefaultSecretNamespace, "namespace of the members' credential Secrets")
	addOutputFlag(cmd, &format)
	addExample(cmd, "fleet render", "fleet.yaml")
	return cmd
}

func printClusters(w io.Writer, format string, clusters []*clusterv1alpha1.Cluster) error {
	return printObjects(w, format, clusters, func(w io.Writer) error {
		tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
		fmt.Fprintln(tw, "CLUSTER\tSYNC\tENDPOINT\tPROVIDER\tREGION\tZONE\tTAINTS\tSECRET")
		for _, c := range clusters {
			s := c.Spec
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%d\t%s/%s\n", c.Name, s.SyncMode, s.APIEndpoint, dash(s.Provider),
				dash(s.Region), dash(strings.Join(s.Zones, ",")), len(s.Taints), s.SecretRef.Namespace, s.SecretRef.Name)
		}
		return tw.Flush()
	})
}

func newFleetRegisterCmd() *cobra.Command {
	var file, format, karmadaKubeconfig, kubeconfigDir, secretNS string
	var kubeconfigs []string
	var unregister []string
	timeout := 2 * time.Minute
	cmd := &cobra.Command{
		Use:   "register",
		Short: "Register the fleet's members with a Karmada control plane (push mode), idempotently",
		Long: `register creates or updates, for every member of the fleet file, a push-mode Karmada Cluster
and a Secret with the token and CA bundle from the member's kubeconfig. Every kubeconfig is checked
before anything is written; credentials are never printed. --unregister NAME removes members.

It waits for the Karmada API server (--karmada-kubeconfig) to answer every read, create, update and
delete, at most --timeout in all; the members themselves are not contacted.

Output: -o json and -o yaml print one document, {"members": [{member, cluster, secret}]}: what
happened to each member's Cluster and Secret. Registration says created, updated or unchanged;
--unregister says deleted, absent (the API server answered that the object does not exist),
refused (the object is not fleetkit's; nothing of that member is deleted) or kept (left because
its partner was refused). A refusal does not stop the other members, but the command then fails:
its error, on stderr, says what was done to each member.`,
		Example: "  fleetctl fleet register -f fleet.yaml --karmada-kubeconfig karmada.kubeconfig --kubeconfig-dir members/\n" +
			"  fleetctl fleet register -f fleet.yaml --karmada-kubeconfig k.yaml --kubeconfig serving-sh=sh.kubeconfig\n" +
			"  fleetctl fleet register --karmada-kubeconfig k.yaml --unregister edge-store-003 --timeout 30s",
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if karmadaKubeconfig == "" {
				return errors.New("--karmada-kubeconfig is required")
			}
			if timeout <= 0 {
				return fmt.Errorf("--timeout must be positive, got %s", timeout)
			}
			var f fleet.Fleet
			var creds map[string][]byte
			if len(unregister) == 0 || file != "" {
				var err error
				if f, err = loadFleet(file, false); err != nil {
					return err
				}
				if creds, err = memberKubeconfigs(f, kubeconfigDir, kubeconfigs); err != nil {
					return err
				}
			}
			opts := karmada.Options{SecretNamespace: secretNS}
			if err := karmada.CheckFleet(f, creds, opts); err != nil { // every member valid before connecting
				return err
			}
			r, host, err := newRegistrar(karmadaKubeconfig, opts)
			if err != nil {
				return err
			}
			ctx, cancel := context.WithTimeout(cmd.Context(), timeout)
			defer cancel()
			err = registerAndReport(ctx, cmd.OutOrStdout(), format, r, f, creds, unregister)
			if err != nil && errors.Is(ctx.Err(), context.DeadlineExceeded) {
				return fmt.Errorf("gave up after --timeout %s waiting for the Karmada API server at %s: %w", timeout, host, err)
			}
			return err
		},
	}
	cmd.Flags().StringVarP(&file, "file", "f", "", "fleet file (YAML or JSON)")
	cmd.Flags().StringVar(&karmadaKubeconfig, "karmada-kubeconfig", "", "kubeconfig of the Karmada control plane")
	cmd.Flags().StringVar(&kubeconfigDir, "kubeconfig-dir", "", "directory holding MEMBER.kubeconfig for each member")
	cmd.Flags().StringArrayVar(&kubeconfigs, "kubeconfig", nil, "MEMBER=PATH of one member's kubeconfig (repeatable; overrides --kubeconfig-dir)")
	cmd.Flags().StringArrayVar(&unregister, "unregister", nil, "member to unregister (repeatable)")
	cmd.Flags().StringVar(&secretNS, "secret-namespace", karmada.DefaultSecretNamespace, "namespace of the members' credential Secrets")
	cmd.Flags().DurationVar(&timeout, "timeout", timeout, "how long to wait, in all, for the Karmada API server to answer")
	addOutputFlag(cmd, &format)
	addExample(cmd, "fleet register", "fleet.yaml")
	return cmd
}

// memberKubeconfigs reads each member's kubeconfig from --kubeconfig MEMBER=PATH or --kubeconfig-dir.
func memberKubeconfigs(f fleet.Fleet, dir string, pairs []string) (map[string][]byte, error) {
	paths := map[string]string{}
	if dir != "" {
		for _, m := range f.Members {
			paths[m.Name] = filepath.Join(dir, m.Name+".kubeconfig")
		}
	}
	for _, p := range pairs {
		name, path, ok := strings.Cut(p, "=")
		if !ok || name == "" || path == "" {
			return nil, fmt.Errorf("--kubeconfig %q: want MEMBER=PATH", p)
		}
		if _, member := f.Member(name); !member {
			return nil, fmt.Errorf("--kubeconfig %q: no member %q in fleet %s", p, name, f.Name)
		}
		paths[name] = path
	}
	out := make(map[string][]byte, len(paths))
	for _, m := range f.Members {
		path, ok := paths[m.Name]
		if !ok {
			return nil, fmt.Errorf("member %s: no kubeconfig (use --kubeconfig-dir or --kubeconfig %s=PATH)", m.Name, m.Name)
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return nil, fmt.Errorf("member %s: %w", m.Name, err)
		}
		out[m.Name] = data
	}
	return out, nil
}

// newRegistrar connects to the Karmada API server of kubeconfigPath; host is its address, for messages.
func newRegistrar(kubeconfigPath string, opts karmada.Options) (r *karmada.Registrar, host string, err error) {
	cfg, err := restConfig("--karmada-kubeconfig", kubeconfigPath)
	if err != nil {
		return nil, "", err
	}
	scheme := runtime.NewScheme()
	if err := karmada.AddToScheme(scheme); err != nil {
		return nil, "", err
	}
	c, err := client.New(cfg, client.Options{Scheme: scheme})
	if err != nil {
		return nil, "", fmt.Errorf("connect to Karmada: %w", err)
	}
	r, err = karmada.New(c, opts)
	return r, cfg.Host, err
}

// registerOutput is the document of fleet register with -o json and yaml.
type registerOutput struct {
	Members []registrationRow `json:"members"`
}

// registrationRow is one line of register's report; it never carries credentials.
type registrationRow struct {
	Member  string `json:"member"`
	Cluster string `json:"cluster"`
	Secret  string `json:"secret"`
}

func registerAndReport(ctx context.Context, w io.Writer, format string, r *karmada.Registrar, f fleet.Fleet,
	creds map[string][]byte, unregister []string) error {
	rows := []registrationRow{}
	for _, m := range f.Members {
		res, err := r.Register(ctx, m, creds[m.Name])
		if err != nil {
			return &registerError{done: rows, err: err}
		}
		rows = append(rows, registrationRow{Member: m.Name, Cluster: string(res.Cluster), Secret: string(res.Secret)})
	}
	rows, err := unregisterMembers(ctx, r, unregister, rows)
	if err != nil {
		return &registerError{done: rows, err: err}
	}
	return printOutput(w, format, registerOutput{Members: rows}, func(w io.Writer) error {
		tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
		fmt.Fprintln(tw, "MEMBER\tCLUSTER\tSECRET")
		for _, row := range rows {
			fmt.Fprintf(tw, "%s\t%s\t%s\n", row.Member, row.Cluster, row.Secret)
		}
		return tw.Flush()
	})
}

// unregisterMembers removes each member and adds a row saying what happened to its Cluster and Secret:
// deleted, absent, refused (not fleetkit's: the member is left whole) or kept. A refusal does not stop
// the others; it is returned at the end. Any other error stops at once.
func unregisterMembers(ctx context.Context, r *karmada.Registrar, names []string, rows []registrationRow) ([]registrationRow, error) {
	var refused []error
	for _, name := range names {
		res, err := r.Unregister(ctx, name)
		if err != nil && !errors.Is(err, karmada.ErrNotManaged) {
			return rows, err
		}
		refused = append(refused, err)
		rows = append(rows, registrationRow{Member: name, Cluster: string(res.Cluster), Secret: string(res.Secret)})
	}
	return rows, errors.Join(refused...)
}

// registerError is a failed fleet register. Errors go to stderr and stdout stays empty, so the message
// also says what was done to each member before or besides the failure.
type registerError struct {
	done []registrationRow
	err  error
}

// Error implements error.
func (e *registerError) Error() string {
	if len(e.done) == 0 {
		return e.err.Error()
	}
	parts := make([]string, len(e.done))
	for i, row := range e.done {
		parts[i] = fmt.Sprintf("%s (cluster %s, secret %s)", row.Member, dash(row.Cluster), dash(row.Secret))
	}
	return fmt.Sprintf("%v; done: %s", e.err, strings.Join(parts, ", "))
}

// Unwrap returns the cause.
func (e *registerError) Unwrap() error { return e.err }
