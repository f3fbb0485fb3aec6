// Command policyref measures the platform's policy pack beside three references, all driven over the
// analyzer protocol (gRPC on 127.0.0.1) with the same resources, and prints Markdown tables:
//
//   - floor: a do-nothing analyzer that returns an empty result to every call
//     (bench/policyref/floor), the cost of the transport alone;
//   - five rules in Go: bench/internal/fiverules served with the policy/pack machinery
//     (bench/policyref/gopack);
//   - the full Go pack: ./policy, configured with policy/config/dev.json;
//   - five rules in Node.js: the same rules for @pulumi/policy (bench/policyref/nodepack), started as
//     the Pulumi CLI starts a Node.js pack.
//
// The resources are the dev stack's, recorded by running the program under the fake AWS model (as
// policy/mutation's benchmark does) and repeated under new URNs up to -resources. Each analyzer is
// started -starts times. The start-up time is from process start to the first successful
// GetAnalyzerInfo, and the last start serves the measurement. After ConfigureStack and Configure, as the
// engine sends them before a preview, every round sends each resource once to Analyze, one call at a
// time. Each resource goes to the four analyzers in turn, so that a change of machine load touches all
// of them alike.
// Peak memory is the analyzer process's VmHWM after the last round.
//
// The first run installs @pulumi/policy and @pulumi/pulumi with npm ci into <offline dir>/bench/policyref-node
// (the offline dir is $SECURE_SERVERLESS_OFFLINE_DIR or .offline); later runs reuse it.
//
// Usage: go run ./bench/policyref [-resources 1000] [-rounds 5] [-starts 5]
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"time"

	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"

	"github.com/secureserverless/framework/bench/internal/setup"
	"github.com/secureserverless/framework/bench/internal/stats"
	"github.com/secureserverless/framework/policy/mutation"
)

const (
	defaultRounds = 5
	defaultStarts = 5

	// stack and project are the names that ConfigureStack and the Node.js pack's environment carry.
	stack   = "dev"
	project = mutation.Project
)

// Targets of the platform's pack, against the references measured in the same run.
const (
	targetGoToFloorRatio  = 1.3
	targetNodeToGoRatio   = 4.0
	targetP99             = time.Millisecond
	targetPeakRSSBytes    = 40 << 20
	targetPeakRSSAnalyses = 2000
)

// Row labels of the four analyzers.
const (
	labelFloor    = "do-nothing floor (Go)"
	labelGoFive   = "five rules, Go (policy/pack)"
	labelFullPack = "full pack, Go (./policy, dev.json)"
	labelNodeFive = "five rules, Node.js (@pulumi/policy)"
)

// logger writes to stderr. The standard logger's output did not reach stderr once the dev stack had
// been recorded under the Pulumi SDK's mocks, so the command writes through its own.
var logger = log.New(os.Stderr, "", 0)

// reference is one analyzer under measurement.
type reference struct {
	Label string
	// Command returns a new, unstarted process of the analyzer.
	Command func(ctx context.Context) *exec.Cmd
	// Config returns the Configure request's policy config, or nil to start every policy at the level
	// that GetAnalyzerInfo advertised.
	Config func(info *pulumirpc.AnalyzerInfo) (map[string]*pulumirpc.PolicyConfig, error)
}

// measurement is the figures of one analyzer.
type measurement struct {
	reference
	Startups  []time.Duration
	Latencies []time.Duration
	// Diagnostics counts the diagnostics of all rounds.
	Diagnostics int
	// FirstRound holds, per request of the first round, the analyzer's findings in a comparable form.
	FirstRound [][]string
	PeakRSS    int64
	Policies   int
	analyzer   *runningAnalyzer
}

func main() {
	resources := flag.Int("resources", mutation.BenchmarkResources, "resources per round, the dev stack's repeated under new URNs")
	rounds := flag.Int("rounds", defaultRounds, "rounds of Analyze calls over all resources, per analyzer")
	starts := flag.Int("starts", defaultStarts, "starts of each analyzer whose start-up time is measured")
	flag.Parse()
	if *resources < 1 || *rounds < 1 || *starts < 1 {
		logger.Fatalf("-resources %d, -rounds %d and -starts %d must be 1 or more", *resources, *rounds, *starts)
	}
	if err := run(context.Background(), *resources, *rounds, *starts); err != nil {
		logger.Fatal(err)
	}
}

func run(ctx context.Context, resources, rounds, starts int) error {
	folders, err := setup.NewFolders("policyref")
	if err != nil {
		return err
	}
	defer os.RemoveAll(folders.Scratch)
	root, workDir, scratch := folders.Root, folders.Work, folders.Scratch

	binaries, err := buildAnalyzers(ctx, root, scratch)
	if err != nil {
		return err
	}
	node, err := nodeVersion(ctx)
	if err != nil {
		return err
	}
	nodeDir, err := installNodePack(ctx, root, workDir)
	if err != nil {
		return err
	}

	recorded, err := mutation.RecordDevStack(root)
	if err != nil {
		return err
	}
	requests, err := mutation.RepeatedAnalyzeRequests(recorded, resources)
	if err != nil {
		return err
	}

	engine, err := serveEngine()
	if err != nil {
		return err
	}
	defer engine.Stop()

	references := []reference{
		{Label: labelFloor, Command: binaryCommand(binaries["floor"])},
		{Label: labelGoFive, Command: binaryCommand(binaries["gopack"])},
		{Label: labelFullPack, Command: binaryCommand(binaries["policy"]),
			Config: func(info *pulumirpc.AnalyzerInfo) (map[string]*pulumirpc.PolicyConfig, error) {
				return mutation.PackConfig(filepath.Join(root, "policy", "config", "dev.json"), info)
			}},
		{Label: labelNodeFive, Command: func(ctx context.Context) *exec.Cmd {
			return nodePackCommand(ctx, nodeDir, engine.Address)
		}},
	}

	loadBefore := stats.LoadAverage()
	measurements, err := measureAll(ctx, references, requests, rounds, starts)
	if err != nil {
		return err
	}
	loadAfter := stats.LoadAverage()

	fmt.Printf("## Policy throughput\n\n")
	fmt.Printf("%s, %d CPUs, %s, Node.js %s. Load average (1, 5, 15 minutes) %s before, %s after.\n\n",
		time.Now().UTC().Format("2006-01-02 15:04 MST"), runtime.NumCPU(), runtime.Version(), node, loadBefore, loadAfter)
	fmt.Printf("Rounds: %d, each sending %d resources (the dev stack's %d, repeated) one at a time to Analyze, "+
		"each resource to the four analyzers in turn. "+
		"Start-up is the median of %d starts.\n\n", rounds, len(requests), len(recorded.Resources), starts)
	printTables(os.Stdout, measurements, rounds*len(requests))
	agree := printAgreement(os.Stdout, measurements)
	fmt.Printf("\nEngine Log calls from the Node.js pack: %d.\n", engine.Messages())
	if !agree {
		return errors.New("the Go and Node.js five-rule packs reported different violations, so their figures " +
			"do not compare the same work: fix bench/internal/fiverules or bench/policyref/nodepack/index.js")
	}
	return nil
}

// buildAnalyzers builds the Go analyzers into dir and returns their paths by name: floor, gopack and
// policy.
func buildAnalyzers(ctx context.Context, root, dir string) (map[string]string, error) {
	packages := map[string]string{
		"floor":  "./bench/policyref/floor",
		"gopack": "./bench/policyref/gopack",
		"policy": "./policy",
	}
	binaries := map[string]string{}
	for name, pkg := range packages {
		binary := filepath.Join(dir, name)
		if err := goBuild(ctx, root, binary, pkg); err != nil {
			return nil, err
		}
		binaries[name] = binary
	}
	return binaries, nil
}

// goBuild builds the package pkg of the module at root into binary.
func goBuild(ctx context.Context, root, binary, pkg string) error {
	build := exec.CommandContext(ctx, "go", "build", "-o", binary, pkg)
	build.Dir = root
	if output, err := build.CombinedOutput(); err != nil {
		return fmt.Errorf("building %s failed: %w\n%s", pkg, err, output)
	}
	return nil
}

// binaryCommand returns a function that creates the process of a Go analyzer binary. It runs without
// the engine's address argument, which the Go analyzers do not read.
func binaryCommand(binary string) func(context.Context) *exec.Cmd {
	return func(ctx context.Context) *exec.Cmd {
		return exec.CommandContext(ctx, binary)
	}
}

// measureAll starts and configures every analyzer, sends each request to every analyzer in turn for
// the given number of rounds, and stops the analyzers.
func measureAll(
	ctx context.Context, references []reference, requests []*pulumirpc.AnalyzeRequest, rounds, starts int,
) ([]*measurement, error) {
	measurements := make([]*measurement, 0, len(references))
	defer func() {
		for _, m := range measurements {
			if m.analyzer != nil {
				m.analyzer.Stop()
			}
		}
	}()

	for _, ref := range references {
		m := &measurement{reference: ref}
		measurements = append(measurements, m)
		for i := range starts {
			analyzer, err := startAnalyzer(ctx, ref.Command(ctx))
			if err != nil {
				return nil, fmt.Errorf("starting %s: %w", ref.Label, err)
			}
			m.Startups = append(m.Startups, analyzer.Startup)
			if i < starts-1 {
				analyzer.Stop()
				continue
			}
			m.analyzer = analyzer
		}
		m.Policies = len(m.analyzer.Info.GetPolicies())

		var config map[string]*pulumirpc.PolicyConfig
		if ref.Config != nil {
			var err error
			if config, err = ref.Config(m.analyzer.Info); err != nil {
				return nil, err
			}
		}
		if err := m.analyzer.configureAsEngine(ctx, stack, project, config); err != nil {
			return nil, err
		}
	}

	for round := range rounds {
		for _, request := range requests {
			for _, m := range measurements {
				if err := m.analyze(ctx, request, round == 0); err != nil {
					return nil, fmt.Errorf("%s: %w\nstderr:\n%s", m.Label, err, m.analyzer.Stderr())
				}
			}
		}
	}

	for _, m := range measurements {
		peak, err := stats.PeakRSS(m.analyzer.PID)
		if err != nil {
			return nil, err
		}
		m.PeakRSS = peak
	}
	return measurements, nil
}

// analyze sends one request, records the round trip, and keeps the findings when record is set.
func (m *measurement) analyze(ctx context.Context, request *pulumirpc.AnalyzeRequest, record bool) error {
	start := time.Now()
	response, err := m.analyzer.Client.Analyze(ctx, request)
	m.Latencies = append(m.Latencies, time.Since(start))
	if err != nil {
		return fmt.Errorf("analyzing %s failed: %w", request.GetUrn(), err)
	}
	m.Diagnostics += len(response.GetDiagnostics())
	if record {
		m.FirstRound = append(m.FirstRound, findingKeys(response))
	}
	return nil
}

// findingKeys returns the diagnostics of one response as sorted "policy: message" strings, so that the
// responses of two packs compare equal when they report the same violations.
func findingKeys(response *pulumirpc.AnalyzeResponse) []string {
	keys := make([]string, 0, len(response.GetDiagnostics()))
	for _, diagnostic := range response.GetDiagnostics() {
		keys = append(keys, diagnostic.GetPolicyName()+": "+diagnostic.GetMessage())
	}
	slices.Sort(keys)
	return keys
}

// byLabel returns the measurement with the given label.
func byLabel(measurements []*measurement, label string) *measurement {
	for _, m := range measurements {
		if m.Label == label {
			return m
		}
	}
	return nil
}

// printAgreement states whether the Go and Node.js five-rule packs reported the same violations on
// every resource of the first round, shows the first resource where they differ, and returns whether
// they agree.
func printAgreement(out io.Writer, measurements []*measurement) bool {
	goFive, nodeFive := byLabel(measurements, labelGoFive), byLabel(measurements, labelNodeFive)
	differing, first := 0, -1
	for i := range goFive.FirstRound {
		if !slices.Equal(goFive.FirstRound[i], nodeFive.FirstRound[i]) {
			differing++
			if first < 0 {
				first = i
			}
		}
	}
	if differing == 0 {
		fmt.Fprintf(out, "\nThe Go and Node.js five-rule packs reported the same violations on all %d resources.\n",
			len(goFive.FirstRound))
		return true
	}
	fmt.Fprintf(out, "\nThe Go and Node.js five-rule packs disagree on %d of %d resources. The first, request %d:\n"+
		"Go: %s\nNode.js: %s\n", differing, len(goFive.FirstRound), first,
		strings.Join(goFive.FirstRound[first], " | "), strings.Join(nodeFive.FirstRound[first], " | "))
	return false
}
