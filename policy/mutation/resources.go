package mutation

import (
	"fmt"
	"os"
	"path/filepath"
	"strconv"

	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"

	"github.com/secureserverless/framework/program"
)

// BenchmarkResources is the number of resources that the Analyze benchmarks send per round.
const BenchmarkResources = 1000

// RecordDevStack runs the platform's program in the repository at root under the fake AWS model, with
// the dev stack's settings from Pulumi.dev.yaml, and returns the resources it registered. It builds
// the function archives into a temporary folder and removes it afterwards. It sets PULUMI_CONFIG for
// the run, as Record does, so calls must not overlap.
func RecordDevStack(root string) (*Stack, error) {
	config, err := StackConfig(filepath.Join(root, "Pulumi.dev.yaml"))
	if err != nil {
		return nil, err
	}
	cacheDir, err := os.MkdirTemp("", "mutation-build")
	if err != nil {
		return nil, fmt.Errorf("creating the function build folder: %w", err)
	}
	defer os.RemoveAll(cacheDir)
	return Record(program.New(program.Options{SourceDir: root, BuildCacheDir: cacheDir}), "dev", config)
}

// RepeatedAnalyzeRequests returns count Analyze requests for the stack's resources in registration
// order. When count exceeds the stack, the resources repeat, and copy n (from 1) gets the suffix "-n"
// on its URN and name, so that every request names a distinct resource.
func RepeatedAnalyzeRequests(stack *Stack, count int) ([]*pulumirpc.AnalyzeRequest, error) {
	if len(stack.Resources) == 0 {
		return nil, fmt.Errorf("the stack has no resources to repeat into %d requests", count)
	}
	requests := make([]*pulumirpc.AnalyzeRequest, 0, count)
	for i := 0; len(requests) < count; i++ {
		r := stack.Resources[i%len(stack.Resources)]
		if copyNumber := i / len(stack.Resources); copyNumber > 0 {
			r.URN += "-" + strconv.Itoa(copyNumber)
			r.Name += "-" + strconv.Itoa(copyNumber)
		}
		request, err := AnalyzeRequest(r)
		if err != nil {
			return nil, err
		}
		requests = append(requests, request)
	}
	return requests, nil
}
