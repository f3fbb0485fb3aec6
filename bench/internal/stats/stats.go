// Package stats summarises the samples that the benchmark commands measure: nearest-rank percentiles of
// durations and the peak resident set size of a process.
package stats

import (
	"bufio"
	"fmt"
	"os"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Percentile returns the nearest-rank p-th percentile (0 < p <= 100) of samples: the smallest sample that is
// greater than or equal to p percent of them. It returns 0 for no samples. samples is not modified.
func Percentile(samples []time.Duration, p float64) time.Duration {
	if len(samples) == 0 {
		return 0
	}
	sorted := slices.Clone(samples)
	slices.Sort(sorted)
	rank := int(float64(len(sorted))*p/100 + 0.999999)
	rank = max(1, min(rank, len(sorted)))
	return sorted[rank-1]
}

// Median returns the 50th percentile of samples by Percentile's nearest-rank rule.
func Median(samples []time.Duration) time.Duration {
	return Percentile(samples, 50)
}

// Milliseconds formats d in milliseconds with one decimal, such as "15.1".
func Milliseconds(d time.Duration) string {
	return strconv.FormatFloat(float64(d)/float64(time.Millisecond), 'f', 1, 64)
}

// PeakRSS returns the peak resident set size (VmHWM in /proc/PID/status) of the running process pid, in
// bytes. It works on Linux only.
func PeakRSS(pid int) (int64, error) {
	return statusKilobytes(pid, "VmHWM:")
}

func statusKilobytes(pid int, field string) (int64, error) {
	path := fmt.Sprintf("/proc/%d/status", pid)
	file, err := os.Open(path)
	if err != nil {
		return 0, fmt.Errorf("reading the memory of process %d: %w", pid, err)
	}
	defer file.Close()

	scanner := bufio.NewScanner(file)
	for scanner.Scan() {
		line := scanner.Text()
		if !strings.HasPrefix(line, field) {
			continue
		}
		fields := strings.Fields(strings.TrimPrefix(line, field))
		if len(fields) != 2 || fields[1] != "kB" {
			return 0, fmt.Errorf("unexpected %s line in %s: %q", field, path, line)
		}
		kilobytes, err := strconv.ParseInt(fields[0], 10, 64)
		if err != nil {
			return 0, fmt.Errorf("parsing %s in %s: %w", field, path, err)
		}
		return kilobytes * 1024, nil
	}
	if err := scanner.Err(); err != nil {
		return 0, fmt.Errorf("reading %s: %w", path, err)
	}
	return 0, fmt.Errorf("%s has no %s line", path, field)
}

// Children returns the process ids of the direct children of pid, from /proc/PID/task/*/children.
func Children(pid int) ([]int, error) {
	tasks, err := os.ReadDir(fmt.Sprintf("/proc/%d/task", pid))
	if err != nil {
		return nil, fmt.Errorf("listing the threads of process %d: %w", pid, err)
	}
	var children []int
	for _, task := range tasks {
		content, err := os.ReadFile(fmt.Sprintf("/proc/%d/task/%s/children", pid, task.Name()))
		if err != nil {
			// A thread that ended since the listing has no file any more.
			continue
		}
		for _, field := range strings.Fields(string(content)) {
			child, err := strconv.Atoi(field)
			if err != nil {
				return nil, fmt.Errorf("parsing a child id of process %d: %q", pid, field)
			}
			children = append(children, child)
		}
	}
	return children, nil
}

// MiB formats a byte count in mebibytes with one decimal.
func MiB(bytes int64) string {
	return strconv.FormatFloat(float64(bytes)/(1<<20), 'f', 1, 64)
}

// MB formats a byte count in megabytes (10^6 bytes) with two decimals.
func MB(bytes int64) string {
	return strconv.FormatFloat(float64(bytes)/1e6, 'f', 2, 64)
}

// LoadAverage returns the 1, 5 and 15 minute load averages from /proc/loadavg, such as "1.02 0.88 0.70", or
// "unknown" when the file cannot be read.
func LoadAverage() string {
	content, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "unknown"
	}
	fields := strings.Fields(string(content))
	if len(fields) < 3 {
		return "unknown"
	}
	return strings.Join(fields[:3], " ")
}

// clockTicksPerSecond is USER_HZ, the unit of the CPU times in /proc/PID/stat, which is 100 on Linux for
// x86-64 and arm64.
const clockTicksPerSecond = 100

// CPUTime returns the user plus system CPU time that process pid has used so far, from /proc/PID/stat, with
// a resolution of 10 ms. It works on Linux only.
func CPUTime(pid int) (time.Duration, error) {
	path := fmt.Sprintf("/proc/%d/stat", pid)
	content, err := os.ReadFile(path)
	if err != nil {
		return 0, fmt.Errorf("reading the CPU time of process %d: %w", pid, err)
	}
	// The command name in brackets may contain spaces, so the fields are counted after its closing bracket:
	// utime and stime are fields 14 and 15 of the line, which are 12 and 13 after the bracket.
	closing := strings.LastIndexByte(string(content), ')')
	if closing < 0 {
		return 0, fmt.Errorf("unexpected content of %s: %q", path, content)
	}
	fields := strings.Fields(string(content[closing+1:]))
	if len(fields) < 13 {
		return 0, fmt.Errorf("%s has %d fields after the command name, want at least 13", path, len(fields))
	}
	var ticks int64
	for _, field := range fields[11:13] {
		value, err := strconv.ParseInt(field, 10, 64)
		if err != nil {
			return 0, fmt.Errorf("parsing the CPU time in %s: %w", path, err)
		}
		ticks += value
	}
	return time.Duration(ticks) * time.Second / clockTicksPerSecond, nil
}

// ThreadCPUTime returns the CPU time that the live threads of process pid have used so far, in nanoseconds
// from /proc/PID/task/*/schedstat. Unlike CPUTime it is not rounded to clock ticks, but it leaves out threads
// that have exited. It works on Linux only.
func ThreadCPUTime(pid int) (time.Duration, error) {
	tasks, err := os.ReadDir(fmt.Sprintf("/proc/%d/task", pid))
	if err != nil {
		return 0, fmt.Errorf("listing the threads of process %d: %w", pid, err)
	}
	var total time.Duration
	for _, task := range tasks {
		content, err := os.ReadFile(fmt.Sprintf("/proc/%d/task/%s/schedstat", pid, task.Name()))
		if err != nil {
			// A thread that ended since the listing has no file any more.
			continue
		}
		fields := strings.Fields(string(content))
		if len(fields) == 0 {
			continue
		}
		nanoseconds, err := strconv.ParseInt(fields[0], 10, 64)
		if err != nil {
			return 0, fmt.Errorf("parsing the schedstat of thread %s of process %d: %w", task.Name(), pid, err)
		}
		total += time.Duration(nanoseconds)
	}
	return total, nil
}
