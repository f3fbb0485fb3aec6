// Command latency measures end-to-end request latency through the local API (functions/devapi) with its local
// S3 server (versitygw) and user pool (cognito-local), all on 127.0.0.1.
//
// It builds and starts devapi, which installs the local services on the first run, and reads the seeded
// users' ID tokens from its output. Then it sends a bounded load to each route in turn: a fixed number of
// requests from a fixed number of concurrent clients, stopped early after a time limit. Each request carries a valid bearer
// token, so the time includes the token's RS256 verification. The latency is measured by the client, from
// sending the request to reading the whole response body, over kept-alive connections.
//
// Usage: go run ./bench/latency [-requests 1000] [-concurrency 4]
package main

import (
	"bufio"
	"bytes"
	"context"
	"flag"
	"fmt"
	"io"
	"log"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/secureserverless/framework/bench/internal/setup"
	"github.com/secureserverless/framework/bench/internal/stats"
)

const (
	defaultRequests    = 1000
	defaultConcurrency = 4
	// warmupRequests are sent to each route before it is measured and not counted.
	warmupRequests = 50
	// routeTimeLimit stops the load on one route early.
	routeTimeLimit = 60 * time.Second
	// startTimeout bounds devapi's start, which installs versitygw on the first run (minutes on 2 cores).
	startTimeout = 15 * time.Minute
	// requestTimeout bounds one request.
	requestTimeout = 10 * time.Second
	// maxLatencyWithoutS3 is the target p99 of a route that calls no S3 API.
	maxLatencyWithoutS3 = 5 * time.Millisecond
	// missingFileID is a valid file id that no upload has, so GET /files/{id} costs one HeadObject.
	missingFileID = "3f2b6c1e-8d4a-4b7e-9c1d-2e5f6a7b8c9d"
)

// route is one request shape under load.
type route struct {
	Name       string
	Method     string
	Path       string
	Body       string
	User       string // seeded user whose token is sent; empty sends none
	WantStatus int
	S3Calls    string // the S3 API calls the handler makes, for the report
}

var routes = []route{
	{Name: "no token (rejected by the authorizer)", Method: http.MethodGet, Path: "/files",
		WantStatus: http.StatusUnauthorized, S3Calls: "none"},
	{Name: "POST /uploads (presigned POST)", Method: http.MethodPost, Path: "/uploads", User: "ALICE",
		Body:       `{"name": "notes.txt", "contentType": "text/plain", "size": 12}`,
		WantStatus: http.StatusCreated, S3Calls: "none"},
	{Name: "GET /files (empty list)", Method: http.MethodGet, Path: "/files", User: "ALICE",
		WantStatus: http.StatusOK, S3Calls: "ListObjectsV2"},
	{Name: "GET /files/{id} (missing file)", Method: http.MethodGet, Path: "/files/" + missingFileID, User: "ALICE",
		WantStatus: http.StatusNotFound, S3Calls: "HeadObject"},
	{Name: "GET /admin/quarantine (admin, empty)", Method: http.MethodGet, Path: "/admin/quarantine", User: "CAROL",
		WantStatus: http.StatusOK, S3Calls: "ListObjectsV2"},
}

// result is the measured load on one route.
type result struct {
	route
	latencies []time.Duration
	elapsed   time.Duration
	// cpu is the CPU time devapi used for the measured requests; the local services' CPU time is not in it.
	cpu time.Duration
}

func main() {
	requests := flag.Int("requests", defaultRequests, "measured requests per route")
	concurrency := flag.Int("concurrency", defaultConcurrency, "concurrent clients")
	flag.Parse()
	log.SetFlags(0)
	if *requests < 1 || *concurrency < 1 {
		log.Fatalf("-requests %d and -concurrency %d must be 1 or more", *requests, *concurrency)
	}
	if err := run(context.Background(), *requests, *concurrency); err != nil {
		log.Fatal(err)
	}
}

func run(ctx context.Context, requests, concurrency int) error {
	folders, err := setup.NewFolders("latency")
	if err != nil {
		return err
	}
	defer os.RemoveAll(folders.Scratch)
	root, scratch := folders.Root, folders.Scratch

	binary := filepath.Join(scratch, "devapi")
	build := exec.CommandContext(ctx, "go", "build", "-o", binary, "./functions/devapi")
	build.Dir = root
	if output, err := build.CombinedOutput(); err != nil {
		return fmt.Errorf("building devapi failed: %w\n%s", err, output)
	}

	api, err := startDevAPI(ctx, binary, root)
	if err != nil {
		return err
	}
	defer api.stop()

	loadBefore := stats.LoadAverage()
	client := &http.Client{
		Timeout:   requestTimeout,
		Transport: &http.Transport{MaxIdleConnsPerHost: concurrency, MaxConnsPerHost: concurrency},
	}
	var results []result
	for _, r := range routes {
		if _, err := load(ctx, client, api, r, warmupRequests, concurrency); err != nil {
			return err
		}
		cpuBefore, err := stats.CPUTime(api.cmd.Process.Pid)
		if err != nil {
			return err
		}
		measured, err := load(ctx, client, api, r, requests, concurrency)
		if err != nil {
			return err
		}
		cpuAfter, err := stats.CPUTime(api.cmd.Process.Pid)
		if err != nil {
			return err
		}
		measured.cpu = cpuAfter - cpuBefore
		results = append(results, measured)
	}
	peak, err := stats.PeakRSS(api.cmd.Process.Pid)
	if err != nil {
		return err
	}
	printReport(os.Stdout, results, requests, concurrency, peak, loadBefore)
	return nil
}

// devAPI is a running devapi process.
type devAPI struct {
	cmd     *exec.Cmd
	baseURL string
	tokens  map[string]string // by upper-case user name
	done    chan struct{}
}

// startDevAPI starts devapi on a free port of 127.0.0.1 and waits until it prints the last seeded user's
// token, which it does once the local services are up.
func startDevAPI(ctx context.Context, binary, root string) (*devAPI, error) {
	port, err := setup.FreePort()
	if err != nil {
		return nil, err
	}
	cmd := exec.CommandContext(ctx, binary, "-addr", fmt.Sprintf("127.0.0.1:%d", port))
	cmd.Dir = root
	cmd.Stderr = io.Discard
	// A process group of its own, so devapi and the services it starts are stopped together.
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return nil, fmt.Errorf("connecting to devapi's output: %w", err)
	}
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("starting devapi: %w", err)
	}
	api := &devAPI{cmd: cmd, baseURL: fmt.Sprintf("http://127.0.0.1:%d", port), tokens: map[string]string{},
		done: make(chan struct{})}

	ready := make(chan error, 1)
	go func() {
		scanner := bufio.NewScanner(stdout)
		scanner.Buffer(make([]byte, 64*1024), 1024*1024)
		signalled := false
		for scanner.Scan() {
			name, token, found := strings.Cut(strings.TrimPrefix(scanner.Text(), "export TOKEN_"), "=")
			if !found || !strings.HasPrefix(scanner.Text(), "export TOKEN_") {
				continue
			}
			api.tokens[name] = token
			if name == "CAROL" && !signalled {
				signalled = true
				ready <- nil
			}
		}
		if !signalled {
			ready <- fmt.Errorf("devapi exited before it printed the users' tokens: %v", cmd.Wait())
		}
		close(api.done)
	}()

	select {
	case err := <-ready:
		if err != nil {
			api.stop()
			return nil, err
		}
	case <-time.After(startTimeout):
		api.stop()
		return nil, fmt.Errorf("devapi did not print the users' tokens within %v", startTimeout)
	}
	return api, nil
}

// stop sends SIGTERM to devapi's process group, so devapi stops its services and removes its state, and
// SIGKILL after 10 s.
func (a *devAPI) stop() {
	_ = syscall.Kill(-a.cmd.Process.Pid, syscall.SIGTERM)
	exited := make(chan struct{})
	go func() {
		_ = a.cmd.Wait()
		close(exited)
	}()
	select {
	case <-exited:
	case <-time.After(10 * time.Second):
		_ = syscall.Kill(-a.cmd.Process.Pid, syscall.SIGKILL)
		<-exited
	}
}

// load sends count requests of r from concurrency clients and returns their latencies. It stops early after
// routeTimeLimit and fails on the first unexpected status.
func load(ctx context.Context, client *http.Client, api *devAPI, r route, count, concurrency int) (result, error) {
	ctx, cancel := context.WithTimeout(ctx, routeTimeLimit)
	defer cancel()

	token := ""
	if r.User != "" {
		token = api.tokens[r.User]
		if token == "" {
			return result{}, fmt.Errorf("devapi printed no token for user %s", r.User)
		}
	}

	jobs := make(chan struct{}, count)
	for i := 0; i < count; i++ {
		jobs <- struct{}{}
	}
	close(jobs)

	var mutex sync.Mutex
	var latencies []time.Duration
	var firstErr error
	var workers sync.WaitGroup
	start := time.Now()
	for i := 0; i < concurrency; i++ {
		workers.Add(1)
		go func() {
			defer workers.Done()
			for range jobs {
				if ctx.Err() != nil {
					return
				}
				latency, err := send(ctx, client, api.baseURL, r, token)
				mutex.Lock()
				if err != nil && firstErr == nil {
					firstErr = err
					cancel()
				}
				if err == nil {
					latencies = append(latencies, latency)
				}
				mutex.Unlock()
			}
		}()
	}
	workers.Wait()
	elapsed := time.Since(start)
	if firstErr != nil {
		return result{}, fmt.Errorf("%s: %w", r.Name, firstErr)
	}
	return result{route: r, latencies: latencies, elapsed: elapsed}, nil
}

// send sends one request and returns the time from sending it to reading the whole response.
func send(ctx context.Context, client *http.Client, baseURL string, r route, token string) (time.Duration, error) {
	var body io.Reader
	if r.Body != "" {
		body = bytes.NewReader([]byte(r.Body))
	}
	request, err := http.NewRequestWithContext(ctx, r.Method, baseURL+r.Path, body)
	if err != nil {
		return 0, err
	}
	if token != "" {
		request.Header.Set("Authorization", "Bearer "+token)
	}
	if r.Body != "" {
		request.Header.Set("Content-Type", "application/json")
	}

	start := time.Now()
	response, err := client.Do(request)
	if err != nil {
		return 0, err
	}
	content, err := io.ReadAll(response.Body)
	_ = response.Body.Close()
	latency := time.Since(start)
	if err != nil {
		return 0, fmt.Errorf("reading the response: %w", err)
	}
	if response.StatusCode != r.WantStatus {
		return 0, fmt.Errorf("%s %s returned HTTP %d, want %d: %s", r.Method, r.Path, response.StatusCode,
			r.WantStatus, content)
	}
	return latency, nil
}

func printReport(w io.Writer, results []result, requests, concurrency int, peak int64, loadBefore string) {
	fmt.Fprintf(w, "End-to-end latency through the local API, %d requests per route, concurrency %d\n",
		requests, concurrency)
	fmt.Fprintf(w, "Load average (1, 5, 15 min) before: %s, after: %s; devapi peak RSS %s MiB\n\n", loadBefore,
		stats.LoadAverage(), stats.MiB(peak))
	fmt.Fprintln(w, "| route | S3 calls | requests | p50 ms | p90 ms | p99 ms | max ms | requests/s "+
		"| devapi CPU µs/request | p99 target |")
	fmt.Fprintln(w, "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |")
	for _, r := range results {
		p99 := stats.Percentile(r.latencies, 99)
		target := "not applicable (calls S3)"
		if r.S3Calls == "none" {
			target = "under 5 ms: yes"
			if p99 >= maxLatencyWithoutS3 {
				target = "under 5 ms: no"
			}
		}
		fmt.Fprintf(w, "| %s | %s | %d | %s | %s | %s | %s | %.0f | %.0f | %s |\n", r.Name, r.S3Calls, len(r.latencies),
			formatMillisecondsPrecise(stats.Median(r.latencies)), formatMillisecondsPrecise(stats.Percentile(r.latencies, 90)),
			formatMillisecondsPrecise(p99), formatMillisecondsPrecise(stats.Percentile(r.latencies, 100)),
			float64(len(r.latencies))/r.elapsed.Seconds(),
			float64(r.cpu.Microseconds())/float64(len(r.latencies)), target)
	}
}

// formatMillisecondsPrecise formats d in milliseconds with two decimals.
func formatMillisecondsPrecise(d time.Duration) string {
	return fmt.Sprintf("%.2f", float64(d)/float64(time.Millisecond))
}
