// Command offline runs the platform's program through the real Pulumi engine on this machine, with
// stand-in aws and awsx providers and the compiled policy pack: preview, up, and a preview that must
// plan no changes. With -project yaml it runs the Pulumi YAML example, which uses the component
// package, through plain CLI commands. It calls no AWS API.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"time"

	"github.com/secureserverless/framework/offline/run"
	"github.com/secureserverless/framework/policy/report"
	"github.com/secureserverless/framework/program"
)

func main() {
	err := mainErr()
	if errors.Is(err, flag.ErrHelp) {
		return
	}
	if err != nil {
		fmt.Fprintf(os.Stderr, "offline run failed: %v\n", err)
		os.Exit(1)
	}
}

func mainErr() error {
	// A flag set of its own keeps the logging flags that the Pulumi SDK registers out of -help.
	flags := flag.NewFlagSet("offline", flag.ContinueOnError)
	stack := flags.String("stack", "dev", "stack to run; its settings come from Pulumi.<stack>.yaml")
	variant := flags.String("variant", "", fmt.Sprintf("non-compliant variant to run instead, one of %q", program.Variants))
	project := flags.String("project", "app", `project to run: "app" (the platform, Pulumi.yaml at the root), `+
		`"baseline" (the account baseline in baseline/) or "yaml" (the Pulumi YAML program in `+run.YAMLExampleDir+
		`, which uses the component package built from provider/)`)
	providerBinary := flags.String("provider-binary", "", "component provider binary that -project yaml installs "+
		"instead of building provider/, such as provider/bin/pulumi-resource-"+run.ComponentPackage)
	repo := flags.String("repo", ".", "repository root, where Pulumi.yaml and go.mod are")
	instances := flags.Int("instances", 1, "number of platform instances in the app project's program, "+
		"for benchmarks of stack size; more than 1 runs in the stack <stack>-x<instances>")
	work := flags.String("work", "", "work folder for the CLI build, plugins and state (default $"+
		run.WorkDirEnv+" or <repo>/.offline)")
	if err := flags.Parse(os.Args[1:]); err != nil {
		return err
	}

	v, err := program.ParseVariant(*variant)
	if err != nil {
		return err
	}
	if *instances < 1 {
		return fmt.Errorf("-instances %d is invalid; use 1 or more", *instances)
	}
	checkName := run.CheckStackName
	switch *project {
	case "app":
	case "baseline", "yaml":
		if v != program.VariantNone {
			return fmt.Errorf("-variant %s applies to the app project only; remove it or use -project app", *variant)
		}
		if *instances != 1 {
			return fmt.Errorf("-instances %d applies to the app project only; remove it or use -project app", *instances)
		}
		checkName = run.CheckBaselineStackName
		if *project == "yaml" {
			checkName = run.CheckYAMLStackName
		}
	default:
		return fmt.Errorf(`-project %q is unknown; use "app", "baseline" or "yaml"`, *project)
	}
	if *providerBinary != "" && *project != "yaml" {
		return fmt.Errorf("-provider-binary applies to the yaml project only; remove it or use -project yaml")
	}
	paths, err := run.NewPaths(*repo, *work)
	if err != nil {
		return err
	}
	if err := checkName(paths, *stack); err != nil {
		return err
	}

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	started := time.Now()

	tools, err := run.Prepare(ctx, paths, os.Stdout)
	if err != nil {
		return err
	}
	s, err := openStack(ctx, paths, tools, *project, run.StackOptions{Stack: *stack, Variant: v, Instances: *instances},
		run.YAMLOptions{ProviderBinary: *providerBinary})
	if err != nil {
		return err
	}
	fmt.Printf("stack %s in %s, Pulumi CLI %s, policy pack %s\n", s.name, s.workDir, tools.CLIVersion, tools.PolicyPack)

	// Each operation's event log and policy reports go to a folder of the stack's own, emptied first
	// so that it holds this run's files only.
	reportsDir := filepath.Join(paths.ReportsDir(), s.reportsName)
	if err := os.RemoveAll(reportsDir); err != nil {
		return fmt.Errorf("removing the reports of an earlier run in %s: %w", reportsDir, err)
	}
	s.setEventLogDir(reportsDir)

	summaries, err := s.cycle(ctx, os.Stdout)
	if reportErr := writeReports(summaries); reportErr != nil {
		err = errors.Join(err, reportErr)
	}
	if errors.Is(err, run.ErrPolicyViolation) {
		fmt.Println("\nthe policy pack stopped the deploy; nothing was created for the violating resource")
	}
	if err != nil {
		return err
	}
	fmt.Printf("\noffline run of stack %s passed in %s: preview, up and a no-change preview, with the policy pack enforced\n",
		s.name, time.Since(started).Round(time.Second))
	return nil
}

// offlineStack is a stack of one of the projects, opened and ready for its cycle.
type offlineStack struct {
	name    string
	workDir string
	// reportsName names the stack's folder of event logs and policy reports.
	reportsName    string
	setEventLogDir func(string)
	cycle          func(context.Context, io.Writer) ([]*run.Summary, error)
}

// openStack opens the stack of the project: a Go project run inline through the Automation API, or
// the YAML example run through CLI commands, after PrepareYAML has readied its tools.
func openStack(ctx context.Context, paths run.Paths, tools run.Tools, project string, opts run.StackOptions,
	yamlOpts run.YAMLOptions) (*offlineStack, error) {
	if project == "yaml" {
		if err := run.PrepareYAML(ctx, paths, tools, yamlOpts, os.Stdout); err != nil {
			return nil, err
		}
		s, err := run.OpenYAMLStack(ctx, paths, tools, opts.Stack)
		if err != nil {
			return nil, err
		}
		return &offlineStack{
			name: s.Name, workDir: s.WorkDir, reportsName: "yaml-" + s.Name,
			setEventLogDir: func(dir string) { s.EventLogDir = dir },
			cycle:          s.Cycle,
		}, nil
	}

	var s *run.Stack
	var err error
	reportsName := ""
	if project == "baseline" {
		s, err = run.OpenBaselineStack(ctx, paths, tools, opts.Stack)
		reportsName = "baseline-" + opts.Stack
	} else {
		s, err = run.OpenStack(ctx, paths, tools, opts)
	}
	if err != nil {
		return nil, err
	}
	if reportsName == "" {
		reportsName = s.Name
	}
	return &offlineStack{
		name: s.Name, workDir: s.WorkDir, reportsName: reportsName,
		setEventLogDir: func(dir string) { s.EventLogDir = dir },
		cycle:          s.Cycle,
	}, nil
}

// writeReports turns the event log of each operation into JSON, SARIF and Markdown policy reports
// next to it and prints their paths. An operation that failed before the engine sent any event has
// an empty log and gets no report.
func writeReports(summaries []*run.Summary) error {
	var errs []error
	for _, summary := range summaries {
		if summary == nil || summary.EventLog == "" {
			continue
		}
		log, err := report.ReadEventLogFile(summary.EventLog)
		if errors.Is(err, report.ErrNoEvents) {
			fmt.Printf("\nno %s policy reports: the event log %s holds no event\n", summary.Operation, summary.EventLog)
			continue
		}
		if err != nil {
			errs = append(errs, err)
			continue
		}
		base := strings.TrimSuffix(summary.EventLog, ".events.jsonl")
		out := report.Outputs{JSON: base + ".json", SARIF: base + ".sarif", Markdown: base + ".md"}
		if err := report.New(log).WriteFiles(out, report.SARIFOptions{}); err != nil {
			errs = append(errs, err)
			continue
		}
		fmt.Printf("\n%s policy reports:\n  event log  %s\n  JSON       %s\n  SARIF      %s\n  Markdown   %s\n",
			summary.Operation, summary.EventLog, out.JSON, out.SARIF, out.Markdown)
	}
	return errors.Join(errs...)
}
