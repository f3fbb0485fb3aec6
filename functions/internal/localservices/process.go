package localservices

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"syscall"
	"time"
)

// Timeouts of starting and stopping a service.
const (
	// readyTimeout bounds the wait for a started service to respond to HTTP. versitygw responds after about
	// 50 ms and cognito-local after about 0.4 s on a 2-core machine.
	readyTimeout = 20 * time.Second
	// stopTimeout is how long Stop waits after SIGTERM before it sends SIGKILL.
	stopTimeout = 5 * time.Second
	// startAttempts is how often a start is tried when the chosen free port was taken in the meantime.
	startAttempts = 3
)

// Process is a running local service.
type Process struct {
	// Name names the service in messages.
	Name string
	// URL is the service's base URL on 127.0.0.1, without a trailing slash.
	URL string
	// LogPath is the file that receives the service's standard output and error.
	LogPath string

	cmd     *exec.Cmd
	exited  chan struct{}
	waitErr error
}

// PID returns the process id of the service.
func (p *Process) PID() int {
	return p.cmd.Process.Pid
}

// Stop ends the service by its process id: SIGTERM, then SIGKILL when it has not exited after 5 s. Stopping a
// service that already exited returns nil.
func (p *Process) Stop() error {
	select {
	case <-p.exited:
		return nil
	default:
	}

	if err := p.cmd.Process.Signal(syscall.SIGTERM); err != nil && !errors.Is(err, os.ErrProcessDone) {
		return fmt.Errorf("stopping %s (pid %d): %w", p.Name, p.PID(), err)
	}
	select {
	case <-p.exited:
		return nil
	case <-time.After(stopTimeout):
	}
	if err := p.cmd.Process.Kill(); err != nil && !errors.Is(err, os.ErrProcessDone) {
		return fmt.Errorf("killing %s (pid %d): %w", p.Name, p.PID(), err)
	}
	<-p.exited
	return nil
}

// Logs returns the end of the service's output, for failure messages.
func (p *Process) Logs() string {
	output, err := os.ReadFile(p.LogPath)
	if err != nil {
		return fmt.Sprintf("(no log: %v)", err)
	}
	return lastLines(string(output), 30)
}

// freePort returns a TCP port on 127.0.0.1 that was free a moment ago.
func freePort() (int, error) {
	listener, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, fmt.Errorf("finding a free port on 127.0.0.1: %w", err)
	}
	defer listener.Close()
	return listener.Addr().(*net.TCPAddr).Port, nil
}

// startOnFreePort starts the command that newCommand builds for a free port and waits until it responds to
// HTTP, trying another port when the process exits before it is ready.
func startOnFreePort(ctx context.Context, name, logPath string, newCommand func(port int) *exec.Cmd) (*Process, error) {
	var lastErr error
	for range startAttempts {
		port, err := freePort()
		if err != nil {
			return nil, err
		}
		process, err := start(ctx, name, logPath, port, newCommand(port))
		if err == nil {
			return process, nil
		}
		lastErr = err
		if ctx.Err() != nil {
			break
		}
	}
	return nil, lastErr
}

func start(ctx context.Context, name, logPath string, port int, cmd *exec.Cmd) (*Process, error) {
	logFile, err := os.OpenFile(logPath, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o644)
	if err != nil {
		return nil, fmt.Errorf("opening log file of %s: %w", name, err)
	}
	cmd.Stdout = logFile
	cmd.Stderr = logFile
	if err := cmd.Start(); err != nil {
		_ = logFile.Close()
		return nil, fmt.Errorf("starting %s: %w", name, err)
	}

	process := &Process{
		Name:    name,
		URL:     "http://127.0.0.1:" + strconv.Itoa(port),
		LogPath: logPath,
		cmd:     cmd,
		exited:  make(chan struct{}),
	}
	go func() {
		process.waitErr = cmd.Wait()
		_ = logFile.Close()
		close(process.exited)
	}()

	if err := process.waitReady(ctx); err != nil {
		_ = process.Stop()
		return nil, err
	}
	return process, nil
}

// waitReady polls the service until any HTTP response arrives.
func (p *Process) waitReady(ctx context.Context) error {
	client := &http.Client{Timeout: time.Second}
	deadline := time.Now().Add(readyTimeout)
	for time.Now().Before(deadline) {
		select {
		case <-p.exited:
			return fmt.Errorf("%s exited before it was ready (%v); its output:\n%s", p.Name, p.waitErr, p.Logs())
		case <-ctx.Done():
			return fmt.Errorf("waiting for %s: %w", p.Name, ctx.Err())
		default:
		}
		resp, err := client.Get(p.URL + "/")
		if err == nil {
			_ = resp.Body.Close()
			return nil
		}
		time.Sleep(25 * time.Millisecond)
	}
	return fmt.Errorf("%s did not respond on %s within %s; its output:\n%s", p.Name, p.URL, readyTimeout, p.Logs())
}

// VersityGWOptions configures StartVersityGW.
type VersityGWOptions struct {
	// Binary is the path that EnsureVersityGW returned.
	Binary string
	// Dir holds the buckets, the object versions, the IAM data and the log. It must be on a file system with
	// extended attributes, which the posix backend stores metadata in.
	Dir string
	// AccessKey and SecretKey are the root user's credentials.
	AccessKey string
	SecretKey string
	// Region is the region the server signs for. Empty means us-east-1.
	Region string
}

// StartVersityGW starts versitygw with the posix backend and versioning on 127.0.0.1.
func StartVersityGW(ctx context.Context, opts VersityGWOptions) (*Process, error) {
	if opts.Region == "" {
		opts.Region = "us-east-1"
	}
	dataDir := filepath.Join(opts.Dir, "data")
	versionsDir := filepath.Join(opts.Dir, "versions")
	iamDir := filepath.Join(opts.Dir, "iam")
	for _, dir := range []string{dataDir, versionsDir, iamDir} {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return nil, fmt.Errorf("creating %s: %w", dir, err)
		}
	}

	return startOnFreePort(ctx, "versitygw", filepath.Join(opts.Dir, "versitygw.log"), func(port int) *exec.Cmd {
		args := []string{
			"--port", "127.0.0.1:" + strconv.Itoa(port),
			"--access", opts.AccessKey,
			"--secret", opts.SecretKey,
			"--region", opts.Region,
			"--iam-dir", iamDir,
			"--quiet",
		}
		args = append(args, "posix", "--versioning-dir", versionsDir, dataDir)
		cmd := exec.Command(opts.Binary, args...)
		// The credentials go on the command line, which versitygw requires; they are throwaway test values.
		cmd.Env = os.Environ()
		return cmd
	})
}

// cognitoLocalConfig lets user pools accept plain user names: cognito-local otherwise treats every user name
// as an email address.
const cognitoLocalConfig = `{"UserPoolDefaults":{"UsernameAttributes":[]}}`

// StartCognitoLocal starts cognito-local from script (the path EnsureCognitoLocal returned) on 127.0.0.1, with
// its state in dir/.cognito.
func StartCognitoLocal(ctx context.Context, script, dir string) (*Process, error) {
	stateDir := filepath.Join(dir, ".cognito")
	if err := os.MkdirAll(stateDir, 0o755); err != nil {
		return nil, fmt.Errorf("creating %s: %w", stateDir, err)
	}
	if err := os.WriteFile(filepath.Join(stateDir, "config.json"), []byte(cognitoLocalConfig), 0o644); err != nil {
		return nil, fmt.Errorf("writing cognito-local config: %w", err)
	}

	return startOnFreePort(ctx, "cognito-local", filepath.Join(dir, "cognito-local.log"), func(port int) *exec.Cmd {
		cmd := exec.Command("node", script)
		cmd.Dir = dir
		cmd.Env = append(os.Environ(), "HOST=127.0.0.1", "PORT="+strconv.Itoa(port))
		return cmd
	})
}
