// Command offlinerun measures the offline run of a stack (offline/cmd/offline): the time of each operation
// (preview, up, no-change preview) and the peak memory of the whole process tree. That tree holds the
// Pulumi CLI, the program, the stand-in providers and the policy pack.
//
// The run uses a work folder of its own under the benchmark work folder, and removes the stack state there
// first, so every run creates the stack from nothing; the built plugins stay for the next run. The first
// run builds them, which the "prepare" row shows. An operation's time runs from the end of the step before
// it to the line where the command prints the operation's summary. The memory is sampled every 50 ms as the
// sum of the resident sets of every process in the run's process group.
//
// Usage: go run ./bench/offlinerun [-stack dev]
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
	"syscall"
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
	flag.Parse()
	log.SetFlags(0)
	if err := run(context.Background(), *stack); err != nil {
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

func run(ctx context.Context, stack string) error {
	root, err := setup.RepositoryRoot()
	if err != nil {
		return err
	}
	workDir, err := setup.WorkDir(root)
	if err != nil {
		return err
	}
	offlineWork := filepath.Join(workDir, "offline-work")
	for _, stateDir := range []string{"state", "stacks", "reports"} {
		if err := os.RemoveAll(filepath.Join(offlineWork, stateDir)); err != nil {
			return fmt.Errorf("removing the state of an earlier run: %w", err)
		}
	}
	binary := filepath.Join(workDir, "offline")
	build := exec.CommandContext(ctx, "go", "build", "-o", binary, "./offline/cmd/offline")
	build.Dir = root
	if output, err := build.CombinedOutput(); err != nil {
		return fmt.Errorf("building the offline command failed: %w\n%s", err, output)
	}

	cmd := exec.CommandContext(ctx, binary, "-stack", stack, "-work", offlineWork)
	cmd.Dir = root
	// A process group of its own, so the memory samples find every process of the run.
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	cmd.Stderr = os.Stderr
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return fmt.Errorf("connecting to the offline command's output: %w", err)
	}

	loadBefore := stats.LoadAverage()
	start := time.Now()
	if err := cmd.Start(); err != nil {
		return fmt.Errorf("starting the offline command: %w", err)
	}
	var peak atomic.Int64
	stopSampling := make(chan struct{})
	sampled := make(chan struct{})
	go func() {
		defer close(sampled)
		sampleGroupRSS(cmd.Process.Pid, &peak, stopSampling)
	}()

	var phases []phase
	var output strings.Builder
	scanner := bufio.NewScanner(stdout)
	scanner.Buffer(make([]byte, 64*1024), 1024*1024)
	countingResources := false
	for scanner.Scan() {
		line := scanner.Text()
		output.WriteString(line + "\n")
		if len(phases) == 0 && strings.HasPrefix(line, "stack ") && strings.Contains(line, preparedLine) {
			phases = append(phases, phase{name: "prepare tools, open stack", finished: time.Since(start)})
			continue
		}
		if name, found := strings.CutPrefix(line, summaryPrefix); found {
			phases = append(phases, phase{name: strings.TrimSuffix(name, " summary"), finished: time.Since(start)})
			continue
		}
		switch {
		case line == "resources by type:":
			countingResources = len(phases) > 0
		case countingResources && strings.HasPrefix(line, "  "):
			phases[len(phases)-1].resources += sumCounts(line)
		default:
			countingResources = false
		}
	}
	waitErr := cmd.Wait()
	total := time.Since(start)
	close(stopSampling)
	<-sampled
	if waitErr != nil {
		return fmt.Errorf("offline run of stack %s failed: %w\n%s", stack, waitErr, output.String())
	}
	logPath := filepath.Join(workDir, "offlinerun-"+stack+".log")
	if err := os.WriteFile(logPath, []byte(output.String()), 0o644); err != nil {
		return fmt.Errorf("writing the offline command's output: %w", err)
	}
	fmt.Printf("output of the offline command: %s\n", logPath)

	printReport(os.Stdout, stack, phases, total, peak.Load(), loadBefore)
	return nil
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

// sampleGroupRSS stores in peak the largest sum of the resident sets of the processes in process group pgid,
// sampled every sampleInterval until stop is closed.
func sampleGroupRSS(pgid int, peak *atomic.Int64, stop <-chan struct{}) {
	ticker := time.NewTicker(sampleInterval)
	defer ticker.Stop()
	for {
		if sum := groupRSS(pgid); sum > peak.Load() {
			peak.Store(sum)
		}
		select {
		case <-stop:
			return
		case <-ticker.C:
		}
	}
}

// groupRSS returns the sum of the resident sets of the processes in process group pgid, in bytes.
func groupRSS(pgid int) int64 {
	entries, err := os.ReadDir("/proc")
	if err != nil {
		return 0
	}
	pageSize := int64(os.Getpagesize())
	var sum int64
	for _, entry := range entries {
		pid, err := strconv.Atoi(entry.Name())
		if err != nil {
			continue
		}
		content, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
		if err != nil {
			continue
		}
		// After the command name in brackets: state is field 0, pgrp field 2 and rss (in pages) field 21.
		closing := strings.LastIndexByte(string(content), ')')
		if closing < 0 {
			continue
		}
		fields := strings.Fields(string(content[closing+1:]))
		if len(fields) < 22 || fields[2] != strconv.Itoa(pgid) {
			continue
		}
		pages, err := strconv.ParseInt(fields[21], 10, 64)
		if err == nil {
			sum += pages * pageSize
		}
	}
	return sum
}

func printReport(w io.Writer, stack string, phases []phase, total time.Duration, peak int64, loadBefore string) {
	fmt.Fprintf(w, "Offline run of stack %s\n", stack)
	fmt.Fprintf(w, "Load average (1, 5, 15 min) before: %s, after: %s\n\n", loadBefore, stats.LoadAverage())
	fmt.Fprintln(w, "| operation | resources | s |")
	fmt.Fprintln(w, "| --- | ---: | ---: |")
	var previous time.Duration
	for _, p := range phases {
		resources := ""
		if p.resources > 0 {
			resources = strconv.Itoa(p.resources)
		}
		fmt.Fprintf(w, "| %s | %s | %.1f |\n", p.name, resources, (p.finished - previous).Seconds())
		previous = p.finished
	}
	fmt.Fprintf(w, "| whole command | | %.1f |\n\n", total.Seconds())
	fmt.Fprintf(w, "Peak memory of the process tree: %s MiB\n", stats.MiB(peak))
}
