package localservices

import (
	"context"
	"errors"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// helperModeEnv makes the test binary act as a service instead of running tests.
const helperModeEnv = "LOCALSERVICES_TEST_HELPER"

func TestMain(m *testing.M) {
	switch os.Getenv(helperModeEnv) {
	case "serve":
		// Serve HTTP on the port in PORT until killed, like a local service.
		_ = http.ListenAndServe("127.0.0.1:"+os.Getenv("PORT"), http.NotFoundHandler())
		os.Exit(0)
	case "exit":
		os.Exit(3)
	}
	os.Exit(m.Run())
}

func helperCommand(mode string) func(port int) *exec.Cmd {
	return func(port int) *exec.Cmd {
		cmd := exec.Command(os.Args[0])
		cmd.Env = append(os.Environ(), helperModeEnv+"="+mode, "PORT="+strconv.Itoa(port))
		return cmd
	}
}

func TestCacheDirFromEnvironment(t *testing.T) {
	dir := t.TempDir()
	t.Setenv(OfflineDirEnv, dir)

	got, err := CacheDir()

	require.NoError(t, err)
	assert.Equal(t, filepath.Join(dir, "local-services"), got)
}

func TestCacheDirInRepository(t *testing.T) {
	t.Setenv(OfflineDirEnv, "")
	root, err := filepath.Abs(filepath.Join("..", "..", ".."))
	require.NoError(t, err)
	require.FileExists(t, filepath.Join(root, "go.mod"))

	got, err := CacheDir()

	require.NoError(t, err)
	assert.Equal(t, filepath.Join(root, ".offline", "local-services"), got)
}

func TestEnsureInstalledInstallsOnce(t *testing.T) {
	parent := t.TempDir()
	installDir := filepath.Join(parent, "tool", "v1")
	want := filepath.Join(installDir, "bin", "tool")
	var installs atomic.Int32
	install := func(_ context.Context, staging string) error {
		installs.Add(1)
		require.NoError(t, os.MkdirAll(filepath.Join(staging, "bin"), 0o755))
		return os.WriteFile(filepath.Join(staging, "bin", "tool"), []byte("#!/bin/true\n"), 0o755)
	}

	var wg sync.WaitGroup
	for range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			assert.NoError(t, ensureInstalled(context.Background(), installDir, want, install))
		}()
	}
	wg.Wait()
	require.NoError(t, ensureInstalled(context.Background(), installDir, want, install))

	assert.Equal(t, int32(1), installs.Load())
	assert.FileExists(t, want)
	entries, err := os.ReadDir(filepath.Dir(installDir))
	require.NoError(t, err)
	for _, entry := range entries {
		assert.NotContains(t, entry.Name(), "staging", "no staging folder may stay behind")
	}
}

func TestEnsureInstalledFailureLeavesNothing(t *testing.T) {
	installDir := filepath.Join(t.TempDir(), "tool", "v1")
	want := filepath.Join(installDir, "bin", "tool")
	failing := func(_ context.Context, staging string) error {
		require.NoError(t, os.WriteFile(filepath.Join(staging, "partial"), []byte("x"), 0o644))
		return errors.New("registry unreachable")
	}

	err := ensureInstalled(context.Background(), installDir, want, failing)

	assert.ErrorContains(t, err, "registry unreachable")
	assert.NoDirExists(t, installDir)
}

func TestInstallCommandsNameVersions(t *testing.T) {
	assert.Equal(t, `go install -trimpath -ldflags="-s -w" github.com/versity/versitygw/cmd/versitygw@v1.8.0`, VersityGWInstallCommand())
	assert.Equal(t, "npm install --no-audit --no-fund cognito-local@5.3.0", CognitoLocalInstallCommand())
}

func TestStartAndStopByPID(t *testing.T) {
	logPath := filepath.Join(t.TempDir(), "service.log")

	process, err := startOnFreePort(context.Background(), "helper", logPath, helperCommand("serve"))
	require.NoError(t, err)
	pid := process.PID()
	resp, getErr := http.Get(process.URL + "/")
	stopErr := process.Stop()

	require.NoError(t, getErr)
	_ = resp.Body.Close()
	assert.Equal(t, http.StatusNotFound, resp.StatusCode)
	host, _, err := net.SplitHostPort(process.URL[len("http://"):])
	require.NoError(t, err)
	assert.Equal(t, "127.0.0.1", host)
	require.NoError(t, stopErr)
	assert.ErrorIs(t, syscall.Kill(pid, 0), syscall.ESRCH, "the process must be gone after Stop")
	assert.NoError(t, process.Stop(), "stopping twice is harmless")
}

func TestStartReportsEarlyExit(t *testing.T) {
	logPath := filepath.Join(t.TempDir(), "service.log")

	process, err := startOnFreePort(context.Background(), "helper", logPath, helperCommand("exit"))

	assert.Nil(t, process)
	assert.ErrorContains(t, err, "helper exited before it was ready")
}
