// Package localservices installs and runs the local services that the integration tests and the local API use
// in place of AWS: versitygw as the S3 server and cognito-local as the Cognito user pool. Both listen on
// 127.0.0.1 only, on free ports, and are stopped by process id.
//
// The installs are cached under the offline work folder ($SECURE_SERVERLESS_OFFLINE_DIR, or .offline/ at the
// repository root), so only the first run on a machine downloads and builds them. versitygw comes from the Go
// module proxy with `go install`, cognito-local from the npm registry with `npm install`.
package localservices

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"time"
)

// Pinned versions of the local services.
const (
	VersityGWModule     = "github.com/versity/versitygw/cmd/versitygw"
	VersityGWVersion    = "v1.8.0"
	CognitoLocalPackage = "cognito-local"
	CognitoLocalVersion = "5.3.0"
)

// OfflineDirEnv names the environment variable that moves the offline work folder, as for the offline run.
const OfflineDirEnv = "SECURE_SERVERLESS_OFFLINE_DIR"

// installTimeout bounds one install. A cold `go install` of versitygw took 4 min 36 s on a 2-core machine
// shared with other builds; npm install of cognito-local about 10 s.
const installTimeout = 15 * time.Minute

// CacheDir returns the folder that holds the installs: <offline dir>/local-services, where the offline dir is
// $SECURE_SERVERLESS_OFFLINE_DIR or .offline in the repository root above the working directory.
func CacheDir() (string, error) {
	if dir := os.Getenv(OfflineDirEnv); dir != "" {
		absolute, err := filepath.Abs(dir)
		if err != nil {
			return "", fmt.Errorf("resolving %s %q: %w", OfflineDirEnv, dir, err)
		}
		return filepath.Join(absolute, "local-services"), nil
	}
	root, err := repositoryRoot()
	if err != nil {
		return "", err
	}
	return filepath.Join(root, ".offline", "local-services"), nil
}

// repositoryRoot returns the nearest folder above the working directory that holds go.mod.
func repositoryRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", fmt.Errorf("finding the repository root: %w", err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", fmt.Errorf("finding the repository root: no go.mod above the working directory; set %s", OfflineDirEnv)
		}
		dir = parent
	}
}

// VersityGWInstallCommand is the command that EnsureVersityGW runs, for messages.
func VersityGWInstallCommand() string {
	return fmt.Sprintf(`go install -trimpath -ldflags="-s -w" %s@%s`, VersityGWModule, VersityGWVersion)
}

// CognitoLocalInstallCommand is the command that EnsureCognitoLocal runs, for messages.
func CognitoLocalInstallCommand() string {
	return fmt.Sprintf("npm install --no-audit --no-fund %s@%s", CognitoLocalPackage, CognitoLocalVersion)
}

// EnsureVersityGW returns the path of the versitygw binary under cacheDir, and installs it there with
// `go install` first when it is missing. Concurrent callers, also in other processes, wait for one install.
func EnsureVersityGW(ctx context.Context, cacheDir string) (string, error) {
	installDir := filepath.Join(cacheDir, "versitygw", VersityGWVersion)
	binary := filepath.Join(installDir, "bin", "versitygw")
	install := func(ctx context.Context, staging string) error {
		goBinary, err := exec.LookPath("go")
		if err != nil {
			return fmt.Errorf("finding the go command: %w", err)
		}
		cmd := exec.CommandContext(ctx, goBinary, "install", "-trimpath", "-ldflags=-s -w", VersityGWModule+"@"+VersityGWVersion)
		// An empty GOFLAGS keeps a developer's flags, such as -mod=vendor, away from an install outside the
		// module.
		cmd.Env = append(os.Environ(), "GOBIN="+filepath.Join(staging, "bin"), "GOFLAGS=", "CGO_ENABLED=0")
		return run(cmd, VersityGWInstallCommand())
	}
	if err := ensureInstalled(ctx, installDir, binary, install); err != nil {
		return "", err
	}
	return binary, nil
}

// EnsureCognitoLocal returns the path of cognito-local's start script under cacheDir, and installs the package
// there with npm first when it is missing. It needs node and npm on PATH.
func EnsureCognitoLocal(ctx context.Context, cacheDir string) (string, error) {
	installDir := filepath.Join(cacheDir, "cognito-local", CognitoLocalVersion)
	script := filepath.Join(installDir, "node_modules", "cognito-local", "lib", "bin", "start.js")
	install := func(ctx context.Context, staging string) error {
		for _, tool := range []string{"node", "npm"} {
			if _, err := exec.LookPath(tool); err != nil {
				return fmt.Errorf("finding %s: %w; install Node.js 20 or newer with npm", tool, err)
			}
		}
		cmd := exec.CommandContext(ctx, "npm", "install", "--no-audit", "--no-fund", "--no-save", "--ignore-scripts",
			"--prefix", staging, CognitoLocalPackage+"@"+CognitoLocalVersion)
		cmd.Env = append(os.Environ(), "NPM_CONFIG_UPDATE_NOTIFIER=false")
		return run(cmd, CognitoLocalInstallCommand())
	}
	if err := ensureInstalled(ctx, installDir, script, install); err != nil {
		return "", err
	}
	return script, nil
}

// ensureInstalled runs install into a staging folder and renames it to installDir, unless want already
// exists. A lock file next to installDir keeps concurrent installs, also from other processes, apart.
func ensureInstalled(ctx context.Context, installDir, want string, install func(ctx context.Context, staging string) error) error {
	if _, err := os.Stat(want); err == nil {
		return nil
	}

	parent := filepath.Dir(installDir)
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return fmt.Errorf("creating %s: %w", parent, err)
	}
	unlock, err := lockFile(ctx, installDir+".lock")
	if err != nil {
		return err
	}
	defer unlock()

	// Another process may have finished the install while this one waited for the lock.
	if _, err := os.Stat(want); err == nil {
		return nil
	}

	staging, err := os.MkdirTemp(parent, filepath.Base(installDir)+".staging-")
	if err != nil {
		return fmt.Errorf("creating a staging folder in %s: %w", parent, err)
	}
	defer os.RemoveAll(staging)

	installCtx, cancel := context.WithTimeout(ctx, installTimeout)
	defer cancel()
	if err := install(installCtx, staging); err != nil {
		return err
	}
	if err := os.RemoveAll(installDir); err != nil {
		return fmt.Errorf("removing the incomplete install %s: %w", installDir, err)
	}
	if err := os.Rename(staging, installDir); err != nil {
		return fmt.Errorf("moving the install to %s: %w", installDir, err)
	}
	if _, err := os.Stat(want); err != nil {
		return fmt.Errorf("install finished but %s is missing: %w", want, err)
	}
	return nil
}

// lockFile takes an exclusive flock on path, waiting until ctx ends, and returns the function that releases
// it.
func lockFile(ctx context.Context, path string) (func(), error) {
	file, err := os.OpenFile(path, os.O_CREATE|os.O_RDWR, 0o644)
	if err != nil {
		return nil, fmt.Errorf("opening lock file %s: %w", path, err)
	}
	for {
		err := syscall.Flock(int(file.Fd()), syscall.LOCK_EX|syscall.LOCK_NB)
		if err == nil {
			return func() {
				_ = syscall.Flock(int(file.Fd()), syscall.LOCK_UN)
				_ = file.Close()
			}, nil
		}
		if !errors.Is(err, syscall.EWOULDBLOCK) {
			_ = file.Close()
			return nil, fmt.Errorf("locking %s: %w", path, err)
		}
		select {
		case <-ctx.Done():
			_ = file.Close()
			return nil, fmt.Errorf("waiting for lock %s: %w", path, ctx.Err())
		case <-time.After(200 * time.Millisecond):
		}
	}
}

// run runs cmd and returns an error that names the command a person can run instead, with the end of its
// output.
func run(cmd *exec.Cmd, description string) error {
	var output bytes.Buffer
	cmd.Stdout = &output
	cmd.Stderr = &output
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("running %s failed: %w\n%s", description, err, lastLines(output.String(), 20))
	}
	return nil
}

func lastLines(text string, count int) string {
	lines := strings.Split(strings.TrimRight(text, "\n"), "\n")
	if len(lines) > count {
		lines = lines[len(lines)-count:]
	}
	return strings.Join(lines, "\n")
}
