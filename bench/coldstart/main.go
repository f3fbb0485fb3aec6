// Command coldstart measures the cold start of every Lambda function under functions/ and of a minimal
// reference handler under the AWS Lambda Runtime Interface Emulator on 127.0.0.1.
//
// Each function is built by infra/lambdabuild, as a deploy builds it, but for linux/amd64, because the
// emulator runs the binary on this machine. The arm64 build that is deployed is made only for its sizes. One cold start
// is a new emulator process with the function's bootstrap: the time runs from starting the emulator to the
// first invocation's response, and the peak memory is the bootstrap process's peak resident set. Runs go
// round-robin over the functions, so load from elsewhere on the machine spreads over all of them alike.
//
// The functions that call AWS on their first invocation reach a stub endpoint on 127.0.0.1 (AWS_ENDPOINT_URL)
// that answers every call at once with "not found", so the time holds the SDK's first call but no network.
//
// Usage: go run ./bench/coldstart [-runs 20]
package main

import (
	"archive/zip"
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/secureserverless/framework/bench/internal/setup"
	"github.com/secureserverless/framework/bench/internal/stats"
	"github.com/secureserverless/framework/infra/lambdabuild"
)

// Targets that the report marks: a cold start within 1.5x of the reference's, and zips under 6 MB.
const (
	maxRatioToReference = 1.5
	maxZipBytes         = 6_000_000
)

const (
	// defaultRuns is the number of measured cold starts of each function.
	defaultRuns = 20
	// readyTimeout bounds the wait for the emulator's two ports and for the first response.
	readyTimeout = 20 * time.Second
	// pollInterval is the wait between two connection attempts to a port that is not open yet.
	pollInterval = 200 * time.Microsecond
	// referenceName names the reference handler in the output.
	referenceName = "reference"
)

// function is one Lambda function to measure.
type function struct {
	// Name names the function in the output.
	Name string
	// Package is the Go package path relative to the repository root.
	Package string
	// Event is the file of the first invocation's payload, relative to the repository root. Empty sends "{}".
	Event string
	// Env holds the function's settings, which it needs to start.
	Env map[string]string
}

// bucketSettings are the settings of the file API functions and the validate function.
var bucketSettings = map[string]string{
	"USER_FILES_BUCKET":        "secure-serverless-user-files",
	"USER_FILES_BUCKET_REGION": "eu-west-1",
	"CORS_ALLOWED_ORIGINS":     "https://app.example.com",
}

// functions lists what is measured: the reference first, then every function under functions/.
var functions = []function{
	{Name: referenceName, Package: "./bench/coldstart/reference"},
	{Name: "me", Package: "./functions/me", Event: "functions/me/testdata/get-me-request.json",
		Env: map[string]string{"CORS_ALLOWED_ORIGINS": "https://app.example.com"}},
	{Name: "uploads", Package: "./functions/uploads", Event: "functions/uploads/testdata/post-uploads-request.json",
		Env: bucketSettings},
	{Name: "files", Package: "./functions/files", Event: "functions/files/testdata/get-files-request.json",
		Env: bucketSettings},
	{Name: "quarantine", Package: "./functions/quarantine",
		Event: "functions/quarantine/testdata/get-quarantine-admin-request.json", Env: bucketSettings},
	{Name: "validate", Package: "./functions/validate", Event: "functions/validate/testdata/s3-object-created.json",
		Env: bucketSettings},
	{Name: "originsecret", Package: "./functions/originsecret",
		Event: "functions/originsecret/testdata/create-secret-event.json",
		Env: map[string]string{
			"DISTRIBUTION_ID":  "E2EXAMPLE0DIST",
			"ORIGIN_ID":        "api-origin",
			"HEADER_NAME":      "x-origin-verify",
			"PATTERN_SET_NAME": "origin-verify",
			"PATTERN_SET_ID":   "a1b2c3d4-5678-90ab-cdef-EXAMPLE11111",
		}},
}

// measured holds the build and the cold starts of one function.
type measured struct {
	function
	zipBytes      map[string]int64 // by architecture
	binaryBytes   map[string]int64 // by architecture
	bootstrap     string           // extracted amd64 binary
	payload       []byte
	durations     []time.Duration
	initDurations []time.Duration
	peakRSS       []int64
	cpu           []time.Duration
	stubCalls     int64
}

func main() {
	runs := flag.Int("runs", defaultRuns, "measured cold starts of each function")
	flag.Parse()
	log.SetFlags(0)
	if *runs < 1 {
		log.Fatalf("-runs %d is invalid; use 1 or more", *runs)
	}
	if err := run(context.Background(), *runs); err != nil {
		log.Fatal(err)
	}
}

func run(ctx context.Context, runs int) error {
	root, err := setup.RepositoryRoot()
	if err != nil {
		return err
	}
	workDir, err := setup.WorkDir(root)
	if err != nil {
		return err
	}
	emulator, err := setup.EnsureRIE(ctx, workDir)
	if err != nil {
		return err
	}
	binDir, err := os.MkdirTemp(workDir, "coldstart-")
	if err != nil {
		return fmt.Errorf("creating a folder for the bootstraps: %w", err)
	}
	defer os.RemoveAll(binDir)

	stub, stubCalls, err := startStub()
	if err != nil {
		return err
	}
	defer stub.Close()

	loadBefore := stats.LoadAverage()
	results := make([]*measured, 0, len(functions))
	for _, fn := range functions {
		result, err := build(ctx, root, workDir, binDir, fn)
		if err != nil {
			return err
		}
		results = append(results, result)
	}

	endpoint := "http://" + stub.Addr().String()
	// One start of each function that is not counted, so every binary is in the page cache.
	for _, result := range results {
		if _, err := coldStart(ctx, emulator, endpoint, result); err != nil {
			return err
		}
	}
	for i := 0; i < runs; i++ {
		for _, result := range results {
			before := stubCalls.Load()
			sample, err := coldStart(ctx, emulator, endpoint, result)
			if err != nil {
				return err
			}
			result.stubCalls += stubCalls.Load() - before
			result.durations = append(result.durations, sample.duration)
			if sample.initDuration > 0 {
				result.initDurations = append(result.initDurations, sample.initDuration)
			}
			result.peakRSS = append(result.peakRSS, sample.peakRSS)
			result.cpu = append(result.cpu, sample.cpu)
		}
	}

	printReport(os.Stdout, results, runs, loadBefore)
	return nil
}

// build compiles fn for both architectures with lambdabuild and extracts the amd64 bootstrap into binDir.
func build(ctx context.Context, root, workDir, binDir string, fn function) (*measured, error) {
	result := &measured{function: fn, zipBytes: map[string]int64{}, binaryBytes: map[string]int64{}}
	for _, arch := range []string{"amd64", "arm64"} {
		artifact, err := lambdabuild.Build(ctx, lambdabuild.Options{
			Dir: root, Package: fn.Package, Arch: arch, CacheDir: filepath.Join(workDir, "lambda-cache"),
		})
		if err != nil {
			return nil, fmt.Errorf("building %s for %s: %w", fn.Name, arch, err)
		}
		info, err := os.Stat(artifact.ZipPath)
		if err != nil {
			return nil, fmt.Errorf("reading the size of %s: %w", artifact.ZipPath, err)
		}
		result.zipBytes[arch] = info.Size()

		destination := ""
		if arch == "amd64" {
			destination = filepath.Join(binDir, fn.Name, lambdabuild.BinaryName)
			result.bootstrap = destination
		}
		size, err := extractBootstrap(artifact.ZipPath, destination)
		if err != nil {
			return nil, err
		}
		result.binaryBytes[arch] = size
	}

	result.payload = []byte("{}")
	if fn.Event != "" {
		payload, err := os.ReadFile(filepath.Join(root, fn.Event))
		if err != nil {
			return nil, fmt.Errorf("reading the event of %s: %w", fn.Name, err)
		}
		result.payload = payload
	}
	return result, nil
}

// extractBootstrap returns the uncompressed size of the bootstrap entry of the zip at zipPath, and writes the
// entry to destination as an executable unless destination is empty.
func extractBootstrap(zipPath, destination string) (int64, error) {
	archive, err := zip.OpenReader(zipPath)
	if err != nil {
		return 0, fmt.Errorf("opening %s: %w", zipPath, err)
	}
	defer archive.Close()

	for _, entry := range archive.File {
		if entry.Name != lambdabuild.BinaryName {
			continue
		}
		size := int64(entry.UncompressedSize64)
		if destination == "" {
			return size, nil
		}
		if err := writeEntry(entry, destination); err != nil {
			return 0, err
		}
		return size, nil
	}
	return 0, fmt.Errorf("%s has no %s entry", zipPath, lambdabuild.BinaryName)
}

func writeEntry(entry *zip.File, destination string) error {
	if err := os.MkdirAll(filepath.Dir(destination), 0o755); err != nil {
		return fmt.Errorf("creating %s: %w", filepath.Dir(destination), err)
	}
	reader, err := entry.Open()
	if err != nil {
		return fmt.Errorf("opening zip entry %s: %w", entry.Name, err)
	}
	defer reader.Close()
	file, err := os.OpenFile(destination, os.O_CREATE|os.O_TRUNC|os.O_WRONLY, 0o755)
	if err != nil {
		return fmt.Errorf("creating %s: %w", destination, err)
	}
	if _, err := io.Copy(file, reader); err != nil {
		_ = file.Close()
		return fmt.Errorf("writing %s: %w", destination, err)
	}
	return file.Close()
}

// sample is one cold start.
type sample struct {
	duration     time.Duration
	initDuration time.Duration // from the emulator's INIT REPORT line; 0 when it printed none
	peakRSS      int64
	// cpu is the bootstrap's CPU time up to the response, which load from other processes does not
	// lengthen as it lengthens the wall time.
	cpu time.Duration
}

// initReportPattern matches the emulator's INIT REPORT log line, which times the runtime from its start to
// its first request for work.
var initReportPattern = regexp.MustCompile(`INIT REPORT\(durationMs: ([0-9.]+)\)`)

// coldStart starts a new emulator with fn's bootstrap, waits for its invoke port and its Runtime API port,
// invokes the function once and stops the emulator and the bootstrap.
func coldStart(ctx context.Context, emulator, endpoint string, fn *measured) (sample, error) {
	invokePort, err := setup.FreePort()
	if err != nil {
		return sample{}, err
	}
	runtimePort, err := setup.FreePort()
	if err != nil {
		return sample{}, err
	}

	cmd := exec.CommandContext(ctx, emulator,
		"--runtime-interface-emulator-address", fmt.Sprintf("127.0.0.1:%d", invokePort),
		"--runtime-api-address", fmt.Sprintf("127.0.0.1:%d", runtimePort),
		fn.bootstrap)
	cmd.Dir = filepath.Dir(fn.bootstrap)
	cmd.Env = functionEnvironment(endpoint, fn.Env)
	var output lockedBuffer
	cmd.Stdout = &output
	cmd.Stderr = &output
	// A process group of its own, so the emulator and the bootstrap it starts are stopped together.
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}

	start := time.Now()
	if err := cmd.Start(); err != nil {
		return sample{}, fmt.Errorf("starting the emulator for %s: %w", fn.Name, err)
	}
	defer func() {
		_ = syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
		_ = cmd.Wait()
	}()

	deadline := start.Add(readyTimeout)
	for _, port := range []int{invokePort, runtimePort} {
		if err := waitForPort(port, deadline); err != nil {
			return sample{}, fmt.Errorf("%s: %w\n%s", fn.Name, err, output.String())
		}
	}
	body, err := invoke(ctx, invokePort, fn.payload, deadline)
	if err != nil {
		return sample{}, fmt.Errorf("invoking %s: %w\n%s", fn.Name, err, output.String())
	}
	duration := time.Since(start)
	if err := checkResponse(fn.Name, body); err != nil {
		return sample{}, fmt.Errorf("%w\nemulator output:\n%s", err, output.String())
	}

	bootstrap, err := bootstrapPID(cmd.Process.Pid)
	if err != nil {
		return sample{}, fmt.Errorf("%s: %w", fn.Name, err)
	}
	peak, err := stats.PeakRSS(bootstrap)
	if err != nil {
		return sample{}, fmt.Errorf("%s: %w", fn.Name, err)
	}
	cpu, err := stats.ThreadCPUTime(bootstrap)
	if err != nil {
		return sample{}, fmt.Errorf("%s: %w", fn.Name, err)
	}
	result := sample{duration: duration, peakRSS: peak, cpu: cpu}
	// The emulator may write the line a moment after the response; a missing line leaves the field 0.
	if match := initReportPattern.FindStringSubmatch(output.String()); match != nil {
		milliseconds, err := strconv.ParseFloat(match[1], 64)
		if err == nil {
			result.initDuration = time.Duration(milliseconds * float64(time.Millisecond))
		}
	}
	return result, nil
}

// lockedBuffer is a bytes.Buffer that the emulator's output goroutine writes to while coldStart reads it.
type lockedBuffer struct {
	mutex  sync.Mutex
	buffer bytes.Buffer
}

func (b *lockedBuffer) Write(p []byte) (int, error) {
	b.mutex.Lock()
	defer b.mutex.Unlock()
	return b.buffer.Write(p)
}

func (b *lockedBuffer) String() string {
	b.mutex.Lock()
	defer b.mutex.Unlock()
	return b.buffer.String()
}

// functionEnvironment returns the emulator's environment, which it passes on to the bootstrap: the process
// environment without AWS settings, fake credentials, a region, the stub endpoint and settings.
func functionEnvironment(endpoint string, settings map[string]string) []string {
	var env []string
	for _, variable := range os.Environ() {
		if strings.HasPrefix(variable, "AWS_") {
			continue
		}
		env = append(env, variable)
	}
	env = append(env,
		"AWS_REGION=eu-west-1",
		"AWS_DEFAULT_REGION=eu-west-1",
		"AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE",
		"AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
		"AWS_SESSION_TOKEN=bench-session-token",
		"AWS_ENDPOINT_URL="+endpoint,
		"AWS_EC2_METADATA_DISABLED=true",
		"AWS_LAMBDA_FUNCTION_MEMORY_SIZE=256",
		"LOG_LEVEL=info",
	)
	for name, value := range settings {
		env = append(env, name+"="+value)
	}
	return env
}

// waitForPort waits until a TCP connection to 127.0.0.1:port succeeds, or returns an error at deadline.
func waitForPort(port int, deadline time.Time) error {
	address := fmt.Sprintf("127.0.0.1:%d", port)
	for {
		connection, err := net.DialTimeout("tcp", address, time.Second)
		if err == nil {
			return connection.Close()
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("port %s not open after %v: %w", address, readyTimeout, err)
		}
		time.Sleep(pollInterval)
	}
}

// invoke sends payload to the emulator's invoke API and returns the response body.
func invoke(ctx context.Context, port int, payload []byte, deadline time.Time) ([]byte, error) {
	ctx, cancel := context.WithDeadline(ctx, deadline)
	defer cancel()
	url := fmt.Sprintf("http://127.0.0.1:%d/2015-03-31/functions/function/invocations", port)
	request, err := http.NewRequestWithContext(ctx, http.MethodPost, url, bytes.NewReader(payload))
	if err != nil {
		return nil, err
	}
	// A new connection for every start, as the emulator is new too.
	client := &http.Client{Transport: &http.Transport{DisableKeepAlives: true}}
	response, err := client.Do(request)
	if err != nil {
		return nil, err
	}
	defer response.Body.Close()
	body, err := io.ReadAll(response.Body)
	if err != nil {
		return nil, fmt.Errorf("reading the response: %w", err)
	}
	if response.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("emulator returned HTTP %d: %s", response.StatusCode, body)
	}
	return body, nil
}

// checkResponse rejects an empty response, which means that the bootstrap exited before it responded.
func checkResponse(name string, body []byte) error {
	if len(bytes.TrimSpace(body)) == 0 {
		return fmt.Errorf("%s returned an empty response", name)
	}
	return nil
}

// bootstrapPID returns the process id of the emulator's one child process, the bootstrap.
func bootstrapPID(emulatorPID int) (int, error) {
	children, err := stats.Children(emulatorPID)
	if err != nil {
		return 0, err
	}
	if len(children) != 1 {
		return 0, fmt.Errorf("emulator process %d has %d child processes, want 1 (the bootstrap)",
			emulatorPID, len(children))
	}
	return children[0], nil
}

// startStub starts the stand-in AWS endpoint: S3 calls get 404 NoSuchKey (an empty listing for
// ListObjectsV2), JSON-protocol calls get 400 ResourceNotFoundException. The counter counts requests.
func startStub() (net.Listener, *atomic.Int64, error) {
	listener, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, nil, fmt.Errorf("starting the stub AWS endpoint: %w", err)
	}
	calls := &atomic.Int64{}
	handler := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		calls.Add(1)
		_, _ = io.Copy(io.Discard, r.Body)
		switch {
		case r.Header.Get("X-Amz-Target") != "":
			w.Header().Set("Content-Type", "application/x-amz-json-1.1")
			w.WriteHeader(http.StatusBadRequest)
			_, _ = io.WriteString(w, `{"__type":"ResourceNotFoundException","message":"stub endpoint"}`)
		case r.Method == http.MethodGet && r.URL.Query().Get("list-type") == "2":
			w.Header().Set("Content-Type", "application/xml")
			_, _ = io.WriteString(w, `<?xml version="1.0" encoding="UTF-8"?>`+
				`<ListBucketResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/">`+
				`<Name>secure-serverless-user-files</Name><KeyCount>0</KeyCount><MaxKeys>1000</MaxKeys>`+
				`<IsTruncated>false</IsTruncated></ListBucketResult>`)
		default:
			w.Header().Set("Content-Type", "application/xml")
			w.WriteHeader(http.StatusNotFound)
			if r.Method != http.MethodHead {
				_, _ = io.WriteString(w, `<?xml version="1.0" encoding="UTF-8"?>`+
					`<Error><Code>NoSuchKey</Code><Message>stub endpoint</Message></Error>`)
			}
		}
	})
	server := &http.Server{Handler: handler, ReadHeaderTimeout: 5 * time.Second}
	go func() {
		if err := server.Serve(listener); err != nil && !errors.Is(err, net.ErrClosed) {
			log.Printf("stub AWS endpoint stopped: %v", err)
		}
	}()
	return listener, calls, nil
}

// printReport writes the results as Markdown tables.
func printReport(w io.Writer, results []*measured, runs int, loadBefore string) {
	reference := results[0]
	referenceMedian := stats.Median(reference.durations)
	referenceInit := stats.Median(reference.initDurations)

	fmt.Fprintf(w, "Cold start under the Runtime Interface Emulator %s, linux/amd64, %d runs each\n\n",
		setup.RIEVersion, runs)
	fmt.Fprintf(w, "Load average (1, 5, 15 min) before: %s, after: %s\n\n", loadBefore, stats.LoadAverage())
	referenceCPU := stats.Median(reference.cpu)
	fmt.Fprintln(w, "| function | median ms | p95 ms | ratio to reference | init median ms | init ratio "+
		"| CPU median ms | CPU ratio | peak RSS MiB | AWS calls per start |")
	fmt.Fprintln(w, "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
	for _, result := range results {
		median := stats.Median(result.durations)
		initMedian := stats.Median(result.initDurations)
		ratio := float64(median) / float64(referenceMedian)
		initRatio := "-"
		if referenceInit > 0 && initMedian > 0 {
			initRatio = fmt.Sprintf("%.2f", float64(initMedian)/float64(referenceInit))
		}
		initText := "-"
		if len(result.initDurations) > 0 {
			initText = stats.Milliseconds(initMedian)
		}
		marker := ""
		if ratio > maxRatioToReference {
			marker = " (over 1.5)"
		}
		cpuMedian := stats.Median(result.cpu)
		fmt.Fprintf(w, "| %s | %s | %s | %.2f%s | %s | %s | %s | %.2f | %s | %.0f |\n", result.Name,
			stats.Milliseconds(median), stats.Milliseconds(stats.Percentile(result.durations, 95)),
			ratio, marker, initText, initRatio, stats.Milliseconds(cpuMedian),
			float64(cpuMedian)/float64(referenceCPU), stats.MiB(maxInt64(result.peakRSS)),
			float64(result.stubCalls)/float64(len(result.durations)))
	}

	fmt.Fprintln(w)
	fmt.Fprintln(w, "| function | amd64 binary MB | amd64 zip MB | arm64 binary MB | arm64 zip MB | zip under 6 MB |")
	fmt.Fprintln(w, "| --- | ---: | ---: | ---: | ---: | --- |")
	for _, result := range results {
		under := "yes"
		if result.zipBytes["amd64"] >= maxZipBytes || result.zipBytes["arm64"] >= maxZipBytes {
			under = "no"
		}
		fmt.Fprintf(w, "| %s | %s | %s | %s | %s | %s |\n", result.Name,
			stats.MB(result.binaryBytes["amd64"]), stats.MB(result.zipBytes["amd64"]),
			stats.MB(result.binaryBytes["arm64"]), stats.MB(result.zipBytes["arm64"]), under)
	}
}

func maxInt64(values []int64) int64 {
	var largest int64
	for _, value := range values {
		largest = max(largest, value)
	}
	return largest
}
