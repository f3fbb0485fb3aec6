// Command offline runs the platform's program through the real Pulumi engine on this machine, with
// stand-in aws and awsx providers and the compiled policy pack: preview, up, and a preview that must
// plan no changes. It calls no AWS API.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"time"

	"github.com/secureserverless/framework/offline/run"
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
	repo := flags.String("repo", ".", "repository root, where Pulumi.yaml and go.mod are")
	work := flags.String("work", "", "work folder for the CLI build, plugins and state (default $"+
		run.WorkDirEnv+" or <repo>/.offline)")
	if err := flags.Parse(os.Args[1:]); err != nil {
		return err
	}

	v, err := program.ParseVariant(*variant)
	if err != nil {
		return err
	}
	paths, err := run.NewPaths(*repo, *work)
	if err != nil {
		return err
	}
	if err := run.CheckStackName(paths, *stack); err != nil {
		return err
	}

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	started := time.Now()

	tools, err := run.Prepare(ctx, paths, os.Stdout)
	if err != nil {
		return err
	}
	s, err := run.OpenStack(ctx, paths, tools, run.StackOptions{Stack: *stack, Variant: v})
	if err != nil {
		return err
	}
	fmt.Printf("stack %s in %s, Pulumi CLI %s, policy pack %s\n", s.Name, s.WorkDir, tools.CLIVersion, tools.PolicyPack)

	_, err = s.Cycle(ctx, os.Stdout)
	if errors.Is(err, run.ErrPolicyViolation) {
		fmt.Println("\nthe policy pack stopped the deploy; nothing was created for the violating resource")
	}
	if err != nil {
		return err
	}
	fmt.Printf("\noffline run of stack %s passed in %s: preview, up and a no-change preview, with the policy pack enforced\n",
		s.Name, time.Since(started).Round(time.Second))
	return nil
}
