package main

import (
	"fmt"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

func TestSumCountsSkipsRefresh(t *testing.T) {
	cases := map[string]int{
		"  aws:s3/bucketV2:BucketV2                                               create 3":                     3,
		"  aws:apigateway/integration:Integration                                 refresh 15, same 15":          15,
		"  aws:lambda/function:Function                                           same 4, update 2":             6,
		"  aws:s3/bucketServerSideEncryptionConfigurationV2:BucketServerSideEncryptionConfigurationV2 create 3": 3,
	}
	for line, want := range cases {
		if got := sumCounts(line); got != want {
			t.Errorf("sumCounts(%q) = %d, want %d", line, got, want)
		}
	}
}

func TestParseInstanceCounts(t *testing.T) {
	counts, err := parseInstanceCounts("1, 2,4")
	if err != nil {
		t.Fatalf("parseInstanceCounts: %v", err)
	}
	if len(counts) != 3 || counts[0] != 1 || counts[1] != 2 || counts[2] != 4 {
		t.Errorf("parseInstanceCounts(\"1, 2,4\") = %v, want [1 2 4]", counts)
	}
	for _, invalid := range []string{"0", "1,,2", "two", "-1"} {
		if _, err := parseInstanceCounts(invalid); err == nil {
			t.Errorf("parseInstanceCounts(%q) returned no error", invalid)
		}
	}
}

func TestScalingRatio(t *testing.T) {
	result := func(instances, resources int, up time.Duration) runResult {
		return runResult{instances: instances, phases: []phase{
			{name: "prepare tools, open stack", finished: 10 * time.Second},
			{name: "preview", finished: 15 * time.Second, resources: resources},
			{name: "up", finished: 15*time.Second + up, resources: resources},
		}}
	}
	results := []runResult{
		result(2, 500, 30*time.Second),
		result(1, 250, 10*time.Second),
		result(4, 1000, 80*time.Second),
	}
	ratio, smallest, largest := scalingRatio(results)
	if smallest != 250 || largest != 1000 {
		t.Errorf("scalingRatio counts = %d, %d, want 250, 1000", smallest, largest)
	}
	// 8 s per 100 resources at 1,000 against 4 s per 100 at 250.
	if ratio < 1.999 || ratio > 2.001 {
		t.Errorf("scalingRatio = %.3f, want 2", ratio)
	}
	if got := results[1].upSecondsPer100(); got < 3.999 || got > 4.001 {
		t.Errorf("upSecondsPer100 = %.3f, want 4", got)
	}

	if ratio, _, _ := scalingRatio(results[:1]); ratio != 0 {
		t.Errorf("scalingRatio of one run = %.3f, want 0", ratio)
	}
}

func TestTreeRSSIncludesChildren(t *testing.T) {
	// A child in a process group of its own, as the Pulumi CLI starts its plugins.
	child := exec.Command("sleep", "30")
	child.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	if err := child.Start(); err != nil {
		t.Fatalf("starting sleep: %v", err)
	}
	defer func() {
		_ = child.Process.Kill()
		_ = child.Wait()
	}()

	// Until the child has run exec, its memory is a copy of the test's, and just after it is still empty.
	commPath := fmt.Sprintf("/proc/%d/comm", child.Process.Pid)
	var childRSS int64
	for deadline := time.Now().Add(5 * time.Second); ; time.Sleep(10 * time.Millisecond) {
		comm, err := os.ReadFile(commPath)
		if err == nil && strings.TrimSpace(string(comm)) == "sleep" {
			if childRSS = treeRSS(child.Process.Pid); childRSS > 0 {
				break
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("the child did not run sleep within 5 s: %s is %q, treeRSS(child) = %d", commPath, comm, childRSS)
		}
	}

	total := treeRSS(os.Getpid())
	own := ownRSS(t)
	// The test's own resident set moves by a few pages between the two reads.
	if tolerance := int64(1024 * 1024); total < own+childRSS-tolerance {
		t.Errorf("treeRSS(test) = %d, want about the test's own %d plus the child's %d", total, own, childRSS)
	}
}

// ownRSS returns the resident set of the test process in bytes, from /proc/self/statm.
func ownRSS(t *testing.T) int64 {
	t.Helper()
	content, err := os.ReadFile("/proc/self/statm")
	if err != nil {
		t.Fatalf("reading /proc/self/statm: %v", err)
	}
	fields := strings.Fields(string(content))
	if len(fields) < 2 {
		t.Fatalf("/proc/self/statm is %q, want at least 2 fields", content)
	}
	pages, err := strconv.ParseInt(fields[1], 10, 64)
	if err != nil {
		t.Fatalf("/proc/self/statm field 2 is %q: %v", fields[1], err)
	}
	return pages * int64(os.Getpagesize())
}
