package stats

import (
	"os"
	"testing"
	"time"
)

func TestPercentileNearestRank(t *testing.T) {
	samples := make([]time.Duration, 20)
	for i := range samples {
		// 20 ms down to 1 ms, so the function must sort.
		samples[i] = time.Duration(20-i) * time.Millisecond
	}

	if got := Median(samples); got != 10*time.Millisecond {
		t.Errorf("Median = %v, want 10ms", got)
	}
	if got := Percentile(samples, 95); got != 19*time.Millisecond {
		t.Errorf("Percentile(95) = %v, want 19ms", got)
	}
	if got := Percentile(samples, 100); got != 20*time.Millisecond {
		t.Errorf("Percentile(100) = %v, want 20ms", got)
	}
	if samples[0] != 20*time.Millisecond {
		t.Errorf("Percentile sorted its input: samples[0] = %v", samples[0])
	}
}

func TestPercentileEmpty(t *testing.T) {
	if got := Percentile(nil, 50); got != 0 {
		t.Errorf("Percentile(nil) = %v, want 0", got)
	}
}

func TestPeakRSSOwnProcess(t *testing.T) {
	peak, err := PeakRSS(os.Getpid())
	if err != nil {
		t.Fatal(err)
	}
	// A Go test binary holds at least a megabyte resident and far less than a gigabyte.
	if peak < 1<<20 || peak > 1<<30 {
		t.Errorf("PeakRSS = %d bytes, want between 1 MiB and 1 GiB", peak)
	}
}

func TestCPUTimeGrowsWithWork(t *testing.T) {
	before, err := CPUTime(os.Getpid())
	if err != nil {
		t.Fatal(err)
	}

	// Spin until the CPU time moves by one clock tick, for at most 5 s of wall time, which is enough on a
	// loaded machine too.
	after := before
	deadline := time.Now().Add(5 * time.Second)
	for after == before && time.Now().Before(deadline) {
		for i := 0; i < 1_000_000; i++ {
			sink += i
		}
		if after, err = CPUTime(os.Getpid()); err != nil {
			t.Fatal(err)
		}
	}
	if after <= before {
		t.Errorf("CPUTime after 5 s of work = %v, want more than %v", after, before)
	}
}

// sink keeps the spin loop from being optimised away.
var sink int

func TestThreadCPUTimeGrowsWithWork(t *testing.T) {
	before, err := ThreadCPUTime(os.Getpid())
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 10_000_000; i++ {
		sink += i
	}
	after, err := ThreadCPUTime(os.Getpid())
	if err != nil {
		t.Fatal(err)
	}
	if after <= before {
		t.Errorf("ThreadCPUTime after work = %v, want more than %v", after, before)
	}
}
