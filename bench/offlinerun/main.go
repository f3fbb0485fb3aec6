// Command offlinerun measures the offline run of a stack (offline/cmd/offline): the time of each operation
// (preview, up, no-change preview) and the peak memory of the whole process tree. That tree holds the
// Pulumi CLI, the program, the stand-in providers and the policy pack.
//
// The run uses a work folder of its own under the benchmark work folder, and removes the stack state there
// first, so every run creates the stack from nothing; the built plugins stay for the next run. The first
// run builds them, which the "prepare" row shows. An operation's time runs from the end of the step before
// it to the line where the command prints the operation's summary. The memory is sampled every 50 ms as the
// sum of the resident sets of the offline command and every process it started, directly or not.
//
// With -instances 1,2,4 the command runs the stack once for each count of platform instances (the
// offline command's -instances flag) and prints a table of the times and memory against the resource
// count, with the ratio of the up time per resource between the largest and the smallest stack.
//
// Usage: go run ./bench/offlinerun [-stack dev] [-instances 1,2,4]
package main

import (
	"bufio"
	"context"
	"flag"
	"fmt"
	"io"
	"log"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"github.com/secureserverless/framework/bench/internal/setup"
	"github.com/secureserverless/framework/bench/internal/stats"
)

// sampleInterval is the time between two memory samples of the process tree.
const sampleInterval = 50 * time.Millisecond

// Lines of the offline command's output: the summary after each operation, and the line after the tools
// are ready and the stack is open.
const (
	summaryPrefix = "== "
	preparedLine  = "Pulumi CLI"
)

func main() {
	stack := flag.String("stack", "dev", "stack to run, as for offline/cmd/offline")
	instances := flag.String("instances", "", "comma-separated platform instance counts, such as 1,2,4: "+
		"run the stack once for each count and print a scaling table (empty runs the stack once)")
	flag.Parse()
	log.SetFlags(0)
	counts, err := parseInstanceCounts(*instances)
	if err != nil {
		log.Fatal(err)
	}
	if err := run(context.Background(), *stack, counts); err != nil {
		log.Fatal(err)
	}
}

// phase is one operation of the run and when its summary was printed.
type phase struct {
	name     string
	finished time.Duration
	// resources is the sum of the counts under "resources by type:" in the operation's summary.
	resources int
}

// runResult is the measurement of one run of the offline command.
type runResult struct {
	instances  int
	phases     []phase
	total      time.Duration
	peak       int64
	loadBefore string
	loadAfter  string
}

func run(ctx context.Context, stack string, counts []int) error {
	root, err := setup.RepositoryRoot()
	if err != nil {
		return err
	}
	workDir, err := setup.WorkDir(root)
	if err != nil {
		return err
	}
	binary := filepath.Join(workDir, "offline")
	build := exec.CommandContext(ctx, "go", "build", "-o", binary, "./offline/cmd/offline")
	build.Dir = root
	if output, err := build.CombinedOutput(); err != nil {
		return fmt.Errorf("building the offline command failed: %w\n%s", err, output)
	}

	if len(counts) == 0 {
		result, err := runOffline(ctx, root, workDir, binary, stack, 1)
		if err != nil {
			return err
		}
		printReport(os.Stdout, stack, result)
		return nil
	}
	var results []runResult
	for _, count := range counts {
		result, err := runOffline(ctx, root, workDir, binary, stack, count)
		if err != nil {
			return err
		}
		results = append(results, result)
	}
	printScaling(os.Stdout, stack, results)
	return nil
}

// runOffline runs the offline command on a new stack with the given number of platform instances and
// measures it.
func runOffline(ctx context.Context, root, workDir, binary, stack string, instances int) (runResult, error) {
	result := runResult{instances: instances}
	offlineWork := filepath.Join(workDir, "offline-work")
	for _, stateDir := range []string{"state", "stacks", "reports"} {
		if err := os.RemoveAll(filepath.Join(offlineWork, stateDir)); err != nil {
			return result, fmt.Errorf("removing the state of an earlier run: %w", err)
		}
	}

	cmd := exec.CommandContext(ctx, binary, "-stack", stack, "-instances", strconv.Itoa(instances), "-work", offlineWork)
	cmd.Dir = root
	cmd.Stderr = os.Stderr
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return result, fmt.Errorf("connecting to the offline command's output: %w", err)
	}

	result.loadBefore = stats.LoadAverage()
	start := time.Now()
	if err := cmd.Start(); err != nil {
		return result, fmt.Errorf("starting the offline command: %w", err)
	}
	var peak atomic.Int64
	stopSampling := make(chan struct{})
	sampled := make(chan struct{})
	go func() {
		defer close(sampled)
		sampleTreeRSS(cmd.Process.Pid, &peak, stopSampling)
	}()

	var output strings.Builder
	scanner := bufio.NewScanner(stdout)
	scanner.Buffer(make([]byte, 64*1024), 1024*1024)
	countingResources := false
	for scanner.Scan() {
		line := scanner.Text()
		output.WriteString(line + "\n")
		if len(result.phases) == 0 && strings.HasPrefix(line, "stack ") && strings.Contains(line, preparedLine) {
			result.phases = append(result.phases, phase{name: "prepare tools, open stack", finished: time.Since(start)})
			continue
		}
		if name, found := strings.CutPrefix(line, summaryPrefix); found {
			result.phases = append(result.phases, phase{name: strings.TrimSuffix(name, " summary"), finished: time.Since(start)})
			continue
		}
		switch {
		case line == "resources by type:":
			countingResources = len(result.phases) > 0
		case countingResources && strings.HasPrefix(line, "  "):
			result.phases[len(result.phases)-1].resources += sumCounts(line)
		default:
			countingResources = false
		}
	}
	waitErr := cmd.Wait()
	result.total = time.Since(start)
	close(stopSampling)
	<-sampled
	result.peak = peak.Load()
	result.loadAfter = stats.LoadAverage()
	if waitErr != nil {
		return result, fmt.Errorf("offline run of stack %s with %d instances failed: %w\n%s",
			stack, instances, waitErr, output.String())
	}
	logName := "offlinerun-" + stack + ".log"
	if instances > 1 {
		logName = fmt.Sprintf("offlinerun-%s-x%d.log", stack, instances)
	}
	logPath := filepath.Join(workDir, logName)
	if err := os.WriteFile(logPath, []byte(output.String()), 0o644); err != nil {
		return result, fmt.Errorf("writing the offline command's output: %w", err)
	}
	fmt.Printf("output of the offline command: %s\n", logPath)
	return result, nil
}

// sumCounts returns the number of resources in a summary line such as
// "  aws:s3/bucketV2:BucketV2    refresh 2, same 2": the sum of the counts of every step but refresh, because a
// refreshed resource has a second step (same, update, replace or delete) as well.
func sumCounts(line string) int {
	fields := strings.Fields(strings.ReplaceAll(line, ",", " "))
	sum := 0
	for i := 2; i < len(fields); i += 2 {
		if fields[i-1] == "refresh" {
			continue
		}
		if count, err := strconv.Atoi(fields[i]); err == nil {
			sum += count
		}
	}
	return sum
}

// sampleTreeRSS stores in peak the largest sum of the resident sets of process root and its descendants,
// sampled every sampleInterval until stop is closed.
func sampleTreeRSS(root int, peak *atomic.Int64, stop <-chan struct{}) {
	ticker := time.NewTicker(sampleInterval)
	defer ticker.Stop()
	for {
		if sum := treeRSS(root); sum > peak.Load() {
			peak.Store(sum)
		}
		select {
		case <-stop:
			return
		case <-ticker.C:
		}
	}
}

// treeRSS returns the sum of the resident sets of process root and its descendants, in bytes. It follows
// parent ids, not the process group, because the Pulumi CLI starts each plugin in a process group of
// its own (cmdutil.RegisterProcessGroup in the Pulumi SDK v3.276.0).
func treeRSS(root int) int64 {
	entries, err := os.ReadDir("/proc")
	if err != nil {
		return 0
	}
	type process struct {
		parent int
		rss    int64
	}
	processes := map[int]process{}
	pageSize := int64(os.Getpagesize())
	for _, entry := range entries {
		pid, err := strconv.Atoi(entry.Name())
		if err != nil {
			continue
		}
		content, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
		if err != nil {
			continue
		}
		// After the command name in brackets: state is field 0, ppid field 1 and rss (in pages) field 21.
		closing := strings.LastIndexByte(string(content), ')')
		if closing < 0 {
			continue
		}
		fields := strings.Fields(string(content[closing+1:]))
		if len(fields) < 22 {
			continue
		}
		parent, parentErr := strconv.Atoi(fields[1])
		pages, pagesErr := strconv.ParseInt(fields[21], 10, 64)
		if parentErr != nil || pagesErr != nil {
			continue
		}
		processes[pid] = process{parent: parent, rss: pages * pageSize}
	}

	children := map[int][]int{}
	for pid, p := range processes {
		children[p.parent] = append(children[p.parent], pid)
	}
	var sum int64
	queue := []int{root}
	for len(queue) > 0 {
		pid := queue[0]
		queue = queue[1:]
		sum += processes[pid].rss
		queue = append(queue, children[pid]...)
	}
	return sum
}

func printReport(w io.Writer, stack string, result runResult) {
	fmt.Fprintf(w, "Offline run of stack %s\n", stack)
	fmt.Fprintf(w, "Load average (1, 5, 15 min) before: %s, after: %s\n\n", result.loadBefore, result.loadAfter)
	fmt.Fprintln(w, "| operation | resources | s |")
	fmt.Fprintln(w, "| --- | ---: | ---: |")
	var previous time.Duration
	for _, p := range result.phases {
		resources := ""
		if p.resources > 0 {
			resources = strconv.Itoa(p.resources)
		}
		fmt.Fprintf(w, "| %s | %s | %.1f |\n", p.name, resources, (p.finished - previous).Seconds())
		previous = p.finished
	}
	fmt.Fprintf(w, "| whole command | | %.1f |\n\n", result.total.Seconds())
	fmt.Fprintf(w, "Peak memory of the process tree: %s MiB\n", stats.MiB(result.peak))
}
