package mutation

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
	"github.com/stretchr/testify/require"
	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials/insecure"
	"google.golang.org/protobuf/types/known/emptypb"
)

// BenchmarkAnalyze sends 1,000 resources of the dev stack (its 200-odd resources repeated under new
// URNs) one by one to the Analyze method of the pack binary, served over gRPC on 127.0.0.1 as the
// engine starts it, configured with policy/config/dev.json. It reports the per-resource p50 and p99
// latency of the round trip and the pack process's peak resident memory (VmHWM):
//
//	go test ./policy/mutation -run '^$' -bench BenchmarkAnalyze -benchtime 5x
func BenchmarkAnalyze(b *testing.B) {
	stack := recordDevStack(b)
	requests := benchmarkRequests(b, stack)
	client, pid := startPackBinary(b)
	ctx := context.Background()

	info, err := client.GetAnalyzerInfo(ctx, &emptypb.Empty{})
	require.NoError(b, err)
	config, err := PackConfig(filepath.Join(repositoryRoot(b), "policy", "config", "dev.json"), info)
	require.NoError(b, err)
	_, err = client.Configure(ctx, &pulumirpc.ConfigureAnalyzerRequest{PolicyConfig: config})
	require.NoError(b, err)

	latencies := make([]time.Duration, 0, b.N*len(requests))
	diagnostics := 0
	b.ResetTimer()
	for range b.N {
		for _, request := range requests {
			start := time.Now()
			response, err := client.Analyze(ctx, request)
			latencies = append(latencies, time.Since(start))
			if err != nil {
				b.Fatalf("analyzing %s: %v", request.GetUrn(), err)
			}
			diagnostics += len(response.GetDiagnostics())
		}
	}
	b.StopTimer()

	slices.Sort(latencies)
	p50 := percentile(latencies, 50)
	p99 := percentile(latencies, 99)
	peak := peakResidentBytes(b, pid)
	b.ReportMetric(float64(p50.Microseconds()), "p50-µs/resource")
	b.ReportMetric(float64(p99.Microseconds()), "p99-µs/resource")
	b.ReportMetric(float64(peak)/(1<<20), "peak-RSS-MiB")
	b.ReportMetric(float64(diagnostics)/float64(b.N), "diagnostics/op")
	fmt.Printf("Analyze over gRPC, %d resources x %d: p50 %s, p99 %s per resource; pack peak RSS %.1f MiB\n",
		len(requests), b.N, p50, p99, float64(peak)/(1<<20))
}

// benchmarkRequests repeats the stack's resources under distinct URNs until there are
// BenchmarkResources of them.
func benchmarkRequests(b *testing.B, stack *Stack) []*pulumirpc.AnalyzeRequest {
	b.Helper()
	requests, err := RepeatedAnalyzeRequests(stack, BenchmarkResources)
	require.NoError(b, err)
	return requests
}

// startPackBinary builds ./policy, starts it as the engine does, and returns a client connected to
// the port it prints, and its process id. The process is stopped when the benchmark ends.
func startPackBinary(b *testing.B) (pulumirpc.AnalyzerClient, int) {
	b.Helper()
	binary := filepath.Join(b.TempDir(), "policy-pack")
	build := exec.Command("go", "build", "-o", binary, "./policy")
	build.Dir = repositoryRoot(b)
	output, err := build.CombinedOutput()
	require.NoError(b, err, "building ./policy: %s", output)

	ctx, cancel := context.WithCancel(context.Background())
	process := exec.CommandContext(ctx, binary)
	var stderr bytes.Buffer
	process.Stderr = &stderr
	stdout, err := process.StdoutPipe()
	require.NoError(b, err)
	require.NoError(b, process.Start())
	b.Cleanup(func() {
		cancel()
		_ = process.Wait()
	})

	port, err := bufio.NewReader(stdout).ReadString('\n')
	require.NoError(b, err, "reading the port that the pack prints: %s", stderr.String())
	connection, err := grpc.NewClient("127.0.0.1:"+strings.TrimSpace(port),
		grpc.WithTransportCredentials(insecure.NewCredentials()))
	require.NoError(b, err)
	b.Cleanup(func() { _ = connection.Close() })
	return pulumirpc.NewAnalyzerClient(connection), process.Process.Pid
}

// percentile returns the nearest-rank percentile of sorted durations.
func percentile(sorted []time.Duration, p int) time.Duration {
	if len(sorted) == 0 {
		return 0
	}
	rank := (p*len(sorted) + 99) / 100
	return sorted[max(rank-1, 0)]
}

// peakResidentBytes reads the peak resident set size (VmHWM) of a process from /proc.
func peakResidentBytes(b *testing.B, pid int) int64 {
	b.Helper()
	status, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	require.NoError(b, err, "reading the pack's memory use needs Linux /proc")
	for line := range strings.SplitSeq(string(status), "\n") {
		if value, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			kilobytes, err := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(value), " kB"), 10, 64)
			require.NoError(b, err, "parsing %q", line)
			return kilobytes * 1024
		}
	}
	b.Fatalf("no VmHWM line in /proc/%d/status", pid)
	return 0
}
