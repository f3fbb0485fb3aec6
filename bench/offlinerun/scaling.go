package main

import (
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/secureserverless/framework/bench/internal/stats"
)

// linearTolerance is the maximum ratio of the up time per resource between the largest and the smallest
// stack that the verdict still calls linear. A ratio below 1 means that fixed costs, such as starting
// the providers, are spread over more resources.
const linearTolerance = 1.25

// Names of the operations in the offline command's summaries.
const (
	previewOperation = "preview"
	upOperation      = "up"
)

// parseInstanceCounts parses the -instances flag, such as "1,2,4". An empty value returns no counts.
func parseInstanceCounts(value string) ([]int, error) {
	if strings.TrimSpace(value) == "" {
		return nil, nil
	}
	var counts []int
	for _, field := range strings.Split(value, ",") {
		count, err := strconv.Atoi(strings.TrimSpace(field))
		if err != nil || count < 1 {
			return nil, fmt.Errorf("-instances %q is invalid: %q is not a whole number of 1 or more; "+
				"use comma-separated counts such as 1,2,4", value, field)
		}
		counts = append(counts, count)
	}
	return counts, nil
}

// operation returns the time and the resource count of the nth operation (from 1) with the given name,
// and false when the run printed fewer summaries of that name. The no-change preview is the second
// "preview".
func (r runResult) operation(name string, nth int) (time.Duration, int, bool) {
	var previous time.Duration
	seen := 0
	for _, p := range r.phases {
		if p.name == name {
			seen++
			if seen == nth {
				return p.finished - previous, p.resources, true
			}
		}
		previous = p.finished
	}
	return 0, 0, false
}

// upSecondsPer100 returns the up time per 100 resources of the up operation, or 0 when the run has no up
// summary or no resources.
func (r runResult) upSecondsPer100() float64 {
	up, resources, ok := r.operation(upOperation, 1)
	if !ok || resources == 0 {
		return 0
	}
	return up.Seconds() * 100 / float64(resources)
}

// scalingRatio returns the up time per resource of the run with the most resources divided by that of the
// run with the fewest, with both runs' resource counts. It returns a ratio of 0 when fewer than two
// resource counts have an up time.
func scalingRatio(results []runResult) (ratio float64, smallest, largest int) {
	var small, large runResult
	for _, result := range results {
		_, resources, _ := result.operation(upOperation, 1)
		if result.upSecondsPer100() == 0 {
			continue
		}
		if smallest == 0 || resources < smallest {
			small, smallest = result, resources
		}
		if resources > largest {
			large, largest = result, resources
		}
	}
	if smallest == largest {
		return 0, smallest, largest
	}
	return large.upSecondsPer100() / small.upSecondsPer100(), smallest, largest
}

func printScaling(w io.Writer, stack string, results []runResult) {
	fmt.Fprintf(w, "Offline run scaling of stack %s\n\n", stack)
	fmt.Fprintln(w, "| instances | resources | preview s | up s | no-change preview s | peak MiB | up s per 100 resources | load before | load after |")
	fmt.Fprintln(w, "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- | --- |")
	for _, result := range results {
		preview, _, _ := result.operation(previewOperation, 1)
		up, resources, _ := result.operation(upOperation, 1)
		noChange, _, _ := result.operation(previewOperation, 2)
		fmt.Fprintf(w, "| %d | %d | %.1f | %.1f | %.1f | %s | %.2f | %s | %s |\n", result.instances, resources,
			preview.Seconds(), up.Seconds(), noChange.Seconds(), stats.MiB(result.peak), result.upSecondsPer100(),
			result.loadBefore, result.loadAfter)
	}
	fmt.Fprintln(w)

	ratio, smallest, largest := scalingRatio(results)
	switch {
	case ratio == 0:
		fmt.Fprintln(w, "Verdict: not enough runs with different resource counts to judge the scaling.")
	case ratio <= linearTolerance:
		fmt.Fprintf(w, "Verdict: linear. The up time per resource at %d resources is %.2f times that at %d "+
			"(linear means at most %.2f).\n", largest, ratio, smallest, linearTolerance)
	default:
		fmt.Fprintf(w, "Verdict: faster than linear. The up time per resource at %d resources is %.2f times "+
			"that at %d (linear means at most %.2f).\n", largest, ratio, smallest, linearTolerance)
	}

	fmt.Fprintln(w, "\n```mermaid\nxychart-beta")
	fmt.Fprintln(w, `    title "Offline run: up time against resources"`)
	var resources, upSeconds []string
	for _, result := range results {
		up, count, _ := result.operation(upOperation, 1)
		resources = append(resources, strconv.Itoa(count))
		upSeconds = append(upSeconds, fmt.Sprintf("%.1f", up.Seconds()))
	}
	fmt.Fprintf(w, "    x-axis \"resources\" [%s]\n", strings.Join(resources, ", "))
	fmt.Fprintln(w, `    y-axis "up s"`)
	fmt.Fprintf(w, "    line [%s]\n```\n", strings.Join(upSeconds, ", "))
}
