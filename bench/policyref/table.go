package main

import (
	"fmt"
	"io"
	"strconv"
	"time"

	"github.com/secureserverless/framework/bench/internal/stats"
)

// printTables prints the per-analyzer figures and the ratios that the targets name. analyses is the
// number of Analyze calls each analyzer served.
func printTables(out io.Writer, measurements []*measurement, analyses int) {
	fmt.Fprintln(out, "| analyzer | policies | start-up | p50 per resource | p99 per resource | "+
		"p50, first round only | peak RSS | diagnostics per round |")
	fmt.Fprintln(out, "|---|---|---|---|---|---|---|---|")
	rounds := 1
	if len(measurements) > 0 && len(measurements[0].FirstRound) > 0 {
		rounds = len(measurements[0].Latencies) / len(measurements[0].FirstRound)
	}
	for _, m := range measurements {
		firstRound := m.Latencies[:len(m.FirstRound)]
		fmt.Fprintf(out, "| %s | %d | %s ms | %s | %s | %s | %s MiB | %d |\n", m.Label, m.Policies,
			stats.Milliseconds(stats.Median(m.Startups)), latency(p50(m)), latency(p99(m)),
			latency(stats.Percentile(firstRound, 50)), stats.MiB(m.PeakRSS), m.Diagnostics/rounds)
	}

	floor, goFive := byLabel(measurements, labelFloor), byLabel(measurements, labelGoFive)
	full, nodeFive := byLabel(measurements, labelFullPack), byLabel(measurements, labelNodeFive)
	fmt.Fprintln(out)
	fmt.Fprintln(out, "| target | figure | met |")
	fmt.Fprintln(out, "|---|---|---|")
	ratioRow(out, "full Go pack p50 / floor p50, at most "+ratio(targetGoToFloorRatio), p50(full), p50(floor),
		func(r float64) bool { return r <= targetGoToFloorRatio })
	ratioRow(out, "five-rule Go p50 / floor p50, at most "+ratio(targetGoToFloorRatio), p50(goFive), p50(floor),
		func(r float64) bool { return r <= targetGoToFloorRatio })
	ratioRow(out, "five-rule Node.js p50 / five-rule Go p50, at least "+ratio(targetNodeToGoRatio), p50(nodeFive), p50(goFive),
		func(r float64) bool { return r >= targetNodeToGoRatio })
	ratioRow(out, "five-rule Node.js p50 / full Go pack p50, at least "+ratio(targetNodeToGoRatio), p50(nodeFive), p50(full),
		func(r float64) bool { return r >= targetNodeToGoRatio })
	fmt.Fprintf(out, "| full Go pack p99, under %s | %s | %s |\n", latency(targetP99), latency(p99(full)),
		yesNo(p99(full) < targetP99))
	peakMet := "no figure: fewer analyses than the target names"
	if analyses >= targetPeakRSSAnalyses {
		peakMet = yesNo(full.PeakRSS < targetPeakRSSBytes)
	}
	fmt.Fprintf(out, "| full Go pack peak RSS after %d analyses, under %s MiB | %s MiB | %s |\n", analyses,
		stats.MiB(targetPeakRSSBytes), stats.MiB(full.PeakRSS), peakMet)
}

func p50(m *measurement) time.Duration { return stats.Percentile(m.Latencies, 50) }
func p99(m *measurement) time.Duration { return stats.Percentile(m.Latencies, 99) }

// ratioRow prints numerator / denominator and whether met accepts it.
func ratioRow(out io.Writer, name string, numerator, denominator time.Duration, met func(float64) bool) {
	r := float64(numerator) / float64(denominator)
	fmt.Fprintf(out, "| %s | %s | %s |\n", name, ratio(r), yesNo(met(r)))
}

// latency formats d in microseconds below a millisecond and in milliseconds with two decimals above.
func latency(d time.Duration) string {
	if d < time.Millisecond {
		return strconv.FormatInt(d.Microseconds(), 10) + " µs"
	}
	return strconv.FormatFloat(float64(d)/float64(time.Millisecond), 'f', 2, 64) + " ms"
}

func ratio(r float64) string {
	return strconv.FormatFloat(r, 'f', 2, 64) + "x"
}

func yesNo(met bool) string {
	if met {
		return "yes"
	}
	return "no"
}
