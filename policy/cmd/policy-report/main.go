// Command policy-report turns a Pulumi engine event log into policy reports: JSON, SARIF 2.1.0 for
// code-scanning uploads, and a Markdown summary for pull-request comments.
//
//	pulumi preview --policy-pack ./policy --event-log events.jsonl
//	policy-report -event-log events.jsonl -json report.json -sarif report.sarif -markdown report.md
//
// Reporting is not enforcement: the exit code is 0 whatever the findings, unless -fail-on is set. Exit
// codes: 0 reports written, 1 the event log could not be read or a report could not be written,
// 2 invalid flags, 3 a violation at or above the -fail-on level.
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"

	"github.com/secureserverless/framework/policy/report"
)

// Exit codes.
const (
	exitOK       = 0
	exitError    = 1
	exitUsage    = 2
	exitFindings = 3
)

// Values of -fail-on.
const (
	failOnNone      = "none"
	failOnMandatory = "mandatory"
	failOnAdvisory  = "advisory"
)

// stdoutPath is the output path that means standard output.
const stdoutPath = "-"

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

type options struct {
	eventLog    string
	outputs     report.Outputs
	projectFile string
	category    string
	failOn      string
}

func parseFlags(args []string, stderr io.Writer) (options, error) {
	var opts options
	flags := flag.NewFlagSet("policy-report", flag.ContinueOnError)
	flags.SetOutput(stderr)
	flags.Usage = func() {
		fmt.Fprintf(stderr, "Usage: policy-report -event-log FILE [-json OUT] [-sarif OUT] [-markdown OUT] [flags]\n\n"+
			"Reads the event log that `pulumi preview --event-log FILE` or `pulumi up --event-log FILE` wrote\n"+
			"and writes the requested reports. Without an output flag it prints the Markdown summary.\n\n")
		flags.PrintDefaults()
	}
	flags.StringVar(&opts.eventLog, "event-log", "", "event log to read (required)")
	flags.StringVar(&opts.outputs.JSON, "json", "", "write the JSON report to this file (\"-\" for standard output)")
	flags.StringVar(&opts.outputs.SARIF, "sarif", "", "write the SARIF 2.1.0 report to this file (\"-\" for standard output)")
	flags.StringVar(&opts.outputs.Markdown, "markdown", "", "write the Markdown summary to this file (\"-\" for standard output)")
	flags.StringVar(&opts.projectFile, "project-file", report.DefaultProjectFile,
		"path of Pulumi.yaml relative to the repository root; SARIF results point at it")
	flags.StringVar(&opts.category, "sarif-category", "",
		"SARIF automationDetails category (default pulumi-policy/<project>/<stack>)")
	flags.StringVar(&opts.failOn, "fail-on", failOnNone,
		"exit with code 3 on a violation without an exception at this level or above: none, mandatory or advisory")
	if err := flags.Parse(args); err != nil {
		return opts, err
	}

	if flags.NArg() > 0 {
		return opts, fmt.Errorf("unexpected argument %q: pass the event log with -event-log", flags.Arg(0))
	}
	if opts.eventLog == "" {
		return opts, errors.New("missing -event-log: pass the file that `pulumi preview --event-log FILE` wrote")
	}
	switch opts.failOn {
	case failOnNone, failOnMandatory, failOnAdvisory:
	default:
		return opts, fmt.Errorf("invalid -fail-on %q: use none, mandatory or advisory", opts.failOn)
	}
	sarifOpts := report.SARIFOptions{ProjectFile: opts.projectFile, Category: opts.category}
	if err := sarifOpts.Validate(); err != nil {
		return opts, fmt.Errorf("-project-file: %w", err)
	}
	stdoutCount := 0
	for _, path := range []string{opts.outputs.JSON, opts.outputs.SARIF, opts.outputs.Markdown} {
		if path == stdoutPath {
			stdoutCount++
		}
	}
	if stdoutCount > 1 {
		return opts, errors.New("more than one report goes to standard output (\"-\"): send at most one there and the others to files")
	}
	if opts.outputs == (report.Outputs{}) {
		opts.outputs.Markdown = stdoutPath
	}
	return opts, nil
}

func run(args []string, stdout, stderr io.Writer) int {
	opts, err := parseFlags(args, stderr)
	if errors.Is(err, flag.ErrHelp) {
		return exitOK
	}
	if err != nil {
		fmt.Fprintf(stderr, "policy-report: %v\n", err)
		return exitUsage
	}

	log, err := report.ReadEventLogFile(opts.eventLog)
	if err != nil {
		fmt.Fprintf(stderr, "policy-report: %v\n", err)
		return exitError
	}
	rep := report.New(log)
	if !rep.EventLog.Complete {
		fmt.Fprintf(stderr, "policy-report: warning: event log %s ends before the operation's summary event "+
			"(the run was cancelled or failed to finish); the reports cover only the events it holds\n", opts.eventLog)
	}

	if err := writeReports(rep, opts, stdout); err != nil {
		fmt.Fprintf(stderr, "policy-report: %v\n", err)
		return exitError
	}

	if n := failingViolations(rep, opts.failOn); n > 0 {
		fmt.Fprintf(stderr, "policy-report: %d violation(s) at level %s or above without an exception (-fail-on %s)\n",
			n, opts.failOn, opts.failOn)
		return exitFindings
	}
	return exitOK
}

// writeReports writes the file outputs through report.WriteFiles and the one marked "-" to stdout.
func writeReports(rep *report.Report, opts options, stdout io.Writer) error {
	sarifOpts := report.SARIFOptions{ProjectFile: opts.projectFile, Category: opts.category}
	files := opts.outputs
	var toStdout func(io.Writer) error
	switch stdoutPath {
	case files.JSON:
		files.JSON, toStdout = "", rep.WriteJSON
	case files.SARIF:
		files.SARIF, toStdout = "", func(w io.Writer) error { return rep.WriteSARIF(w, sarifOpts) }
	case files.Markdown:
		files.Markdown, toStdout = "", rep.WriteMarkdown
	}

	var errs []error
	if err := rep.WriteFiles(files, sarifOpts); err != nil {
		errs = append(errs, err)
	}
	if toStdout != nil {
		if err := toStdout(stdout); err != nil {
			errs = append(errs, err)
		}
	}
	return errors.Join(errs...)
}

// failingViolations counts the violations without an exception at the -fail-on level or above.
func failingViolations(rep *report.Report, failOn string) int {
	n := 0
	for _, v := range rep.Violations {
		if len(v.Exceptions) > 0 {
			continue
		}
		switch failOn {
		case failOnMandatory:
			if v.Blocking {
				n++
			}
		case failOnAdvisory:
			if v.Level() == report.LevelMandatory || v.Level() == report.LevelAdvisory {
				n++
			}
		}
	}
	return n
}
