package main

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"io"
	"os/exec"
	"strings"
	"sync"
	"time"

	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials/insecure"
	"google.golang.org/protobuf/types/known/emptypb"
	"google.golang.org/protobuf/types/known/structpb"
)

const (
	// startTimeout bounds an analyzer's start: the port line and the first successful GetAnalyzerInfo.
	startTimeout = 2 * time.Minute
	// infoRetryInterval is the pause between GetAnalyzerInfo attempts while the analyzer starts.
	infoRetryInterval = time.Millisecond
	// callTimeout bounds one call of the analyzer protocol.
	callTimeout = 30 * time.Second
)

// runningAnalyzer is an analyzer process that the harness started and connected to.
type runningAnalyzer struct {
	Client pulumirpc.AnalyzerClient
	Info   *pulumirpc.AnalyzerInfo
	PID    int
	// Startup is the time from process start to the first successful GetAnalyzerInfo.
	Startup time.Duration

	command    *exec.Cmd
	connection *grpc.ClientConn
	stderr     *lockedBuffer
	waited     chan error
}

// startAnalyzer starts command as the engine starts an analyzer plugin: it reads the port from the
// first line of stdout, connects to 127.0.0.1 on that port and calls GetAnalyzerInfo until it succeeds.
func startAnalyzer(ctx context.Context, command *exec.Cmd) (*runningAnalyzer, error) {
	stderr := &lockedBuffer{}
	command.Stderr = stderr
	stdout, err := command.StdoutPipe()
	if err != nil {
		return nil, err
	}

	started := time.Now()
	if err := command.Start(); err != nil {
		return nil, fmt.Errorf("starting %s: %w", command.Path, err)
	}
	analyzer := &runningAnalyzer{PID: command.Process.Pid, command: command, stderr: stderr, waited: make(chan error, 1)}

	ports := make(chan string, 1)
	go func() {
		reader := bufio.NewReader(stdout)
		line, err := reader.ReadString('\n')
		if err != nil {
			line = ""
		}
		ports <- strings.TrimSpace(line)
		// Drain the rest of stdout, so that a pack that prints more does not block on a full pipe.
		_, _ = io.Copy(io.Discard, reader)
		analyzer.waited <- command.Wait()
	}()

	fail := func(err error) (*runningAnalyzer, error) {
		analyzer.Stop()
		return nil, fmt.Errorf("%w\nstderr of %s:\n%s", err, command.Path, stderr.String())
	}

	var port string
	select {
	case port = <-ports:
	case <-time.After(startTimeout):
		return fail(fmt.Errorf("timed out after %s waiting for the port of %s", startTimeout, command.Path))
	}
	if port == "" {
		return fail(fmt.Errorf("%s exited or closed stdout before it printed its port", command.Path))
	}

	connection, err := grpc.NewClient("127.0.0.1:"+port, grpc.WithTransportCredentials(insecure.NewCredentials()))
	if err != nil {
		return fail(fmt.Errorf("connecting to port %s: %w", port, err))
	}
	analyzer.connection = connection
	analyzer.Client = pulumirpc.NewAnalyzerClient(connection)

	deadline := started.Add(startTimeout)
	for {
		callCtx, cancel := context.WithTimeout(ctx, callTimeout)
		info, err := analyzer.Client.GetAnalyzerInfo(callCtx, &emptypb.Empty{})
		cancel()
		if err == nil {
			analyzer.Startup = time.Since(started)
			analyzer.Info = info
			return analyzer, nil
		}
		if time.Now().After(deadline) {
			return fail(fmt.Errorf("GetAnalyzerInfo on port %s still failed after %s: %w", port, startTimeout, err))
		}
		time.Sleep(infoRetryInterval)
	}
}

// Stop ends the analyzer process and waits for it.
func (a *runningAnalyzer) Stop() {
	if a.connection != nil {
		_ = a.connection.Close()
	}
	_ = a.command.Process.Kill()
	select {
	case <-a.waited:
	case <-time.After(10 * time.Second):
	}
}

// Stderr returns what the analyzer wrote to stderr so far.
func (a *runningAnalyzer) Stderr() string {
	return a.stderr.String()
}

// configureAsEngine sends ConfigureStack and then Configure, as the engine does before a preview: the
// stack's name, project and dry-run flag, then config (nil starts every policy at the level that
// GetAnalyzerInfo advertised).
func (a *runningAnalyzer) configureAsEngine(
	ctx context.Context, stack, project string, config map[string]*pulumirpc.PolicyConfig,
) error {
	callCtx, cancel := context.WithTimeout(ctx, callTimeout)
	defer cancel()
	_, err := a.Client.ConfigureStack(callCtx, &pulumirpc.AnalyzerStackConfigureRequest{
		Stack: stack, Project: project, DryRun: true,
	})
	if err != nil {
		return fmt.Errorf("ConfigureStack of %s failed: %w", a.Info.GetName(), err)
	}

	if config == nil {
		config = map[string]*pulumirpc.PolicyConfig{}
		for _, policy := range a.Info.GetPolicies() {
			// The engine always sends properties, and @pulumi/policy fails on a config without them.
			config[policy.GetName()] = &pulumirpc.PolicyConfig{
				EnforcementLevel: policy.GetEnforcementLevel(),
				Properties:       &structpb.Struct{},
			}
		}
	}
	if _, err := a.Client.Configure(callCtx, &pulumirpc.ConfigureAnalyzerRequest{PolicyConfig: config}); err != nil {
		return fmt.Errorf("Configure of %s failed: %w", a.Info.GetName(), err)
	}
	return nil
}

// lockedBuffer collects a process's stderr while other goroutines read it.
type lockedBuffer struct {
	mu     sync.Mutex
	buffer bytes.Buffer
}

func (b *lockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buffer.Write(p)
}

func (b *lockedBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buffer.String()
}
