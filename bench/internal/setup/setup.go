// Package setup finds the repository and the benchmark work folder, and installs the AWS Lambda Runtime
// Interface Emulator that the cold-start benchmark runs the functions under.
package setup

import (
	"bytes"
	"context"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
)

// OfflineDirEnv names the environment variable that moves the offline work folder, as for the offline run and
// the local services.
const OfflineDirEnv = "SECURE_SERVERLESS_OFFLINE_DIR"

// The Runtime Interface Emulator, pinned. The module proxy serves it only as a pseudo-version, because its
// release tags are not valid Go module versions.
const (
	RIEModule  = "github.com/aws/aws-lambda-runtime-interface-emulator/cmd/aws-lambda-rie"
	RIEVersion = "v0.0.0-20261030222936-bef5c4ba774d"
)

// RepositoryRoot returns the nearest folder above the working directory that holds go.mod.
func RepositoryRoot() (string, error) {
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
			return "", fmt.Errorf("finding the repository root: no go.mod above %s; run from the repository", dir)
		}
		dir = parent
	}
}

// WorkDir returns <offline dir>/bench and creates it, where the offline dir is $SECURE_SERVERLESS_OFFLINE_DIR
// or .offline in the repository root, as for the offline run and the local services.
func WorkDir(root string) (string, error) {
	offline := filepath.Join(root, ".offline")
	if dir := os.Getenv(OfflineDirEnv); dir != "" {
		absolute, err := filepath.Abs(dir)
		if err != nil {
			return "", fmt.Errorf("resolving %s %q: %w", OfflineDirEnv, dir, err)
		}
		offline = absolute
	}
	dir := filepath.Join(offline, "bench")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", fmt.Errorf("creating the benchmark work folder: %w", err)
	}
	return dir, nil
}

// EnsureRIE returns the path of the aws-lambda-rie binary under workDir, and installs it there with
// `go install` from the module proxy first when it is missing.
//
// NOTE: two benchmark runs that install at the same time race; the later rename fails and that run stops.
func EnsureRIE(ctx context.Context, workDir string) (string, error) {
	installDir := filepath.Join(workDir, "rie", RIEVersion)
	binary := filepath.Join(installDir, "aws-lambda-rie")
	if _, err := os.Stat(binary); err == nil {
		return binary, nil
	}

	if err := os.MkdirAll(filepath.Dir(installDir), 0o755); err != nil {
		return "", fmt.Errorf("creating %s: %w", filepath.Dir(installDir), err)
	}
	staging, err := os.MkdirTemp(filepath.Dir(installDir), "staging-")
	if err != nil {
		return "", fmt.Errorf("creating a staging folder for the emulator: %w", err)
	}
	defer os.RemoveAll(staging)

	cmd := exec.CommandContext(ctx, "go", "install", "-trimpath", RIEModule+"@"+RIEVersion)
	// An empty GOFLAGS keeps flags such as -mod=vendor away from an install outside the module.
	cmd.Env = append(os.Environ(), "GOBIN="+staging, "GOFLAGS=", "CGO_ENABLED=0")
	var output bytes.Buffer
	cmd.Stdout = &output
	cmd.Stderr = &output
	if err := cmd.Run(); err != nil {
		return "", fmt.Errorf("running go install %s@%s failed: %w\n%s", RIEModule, RIEVersion, err,
			strings.TrimSpace(output.String()))
	}
	if err := os.Rename(staging, installDir); err != nil {
		return "", fmt.Errorf("moving the emulator install to %s: %w", installDir, err)
	}
	return binary, nil
}

// FreePort returns a TCP port on 127.0.0.1 that was free a moment ago.
func FreePort() (int, error) {
	listener, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, fmt.Errorf("finding a free port on 127.0.0.1: %w", err)
	}
	defer listener.Close()
	return listener.Addr().(*net.TCPAddr).Port, nil
}

// Folders are the folders a benchmark command works in.
type Folders struct {
	// Root is the repository root.
	Root string
	// Work is the benchmarks' work folder, which keeps installed tools between runs.
	Work string
	// Scratch is a new folder in Work for this run only. The command removes it when it ends.
	Scratch string
}

// NewFolders finds the repository root and the work folder and creates a scratch folder named after
// the command, such as "latency-".
func NewFolders(command string) (Folders, error) {
	root, err := RepositoryRoot()
	if err != nil {
		return Folders{}, err
	}
	work, err := WorkDir(root)
	if err != nil {
		return Folders{}, err
	}
	scratch, err := os.MkdirTemp(work, command+"-")
	if err != nil {
		return Folders{}, fmt.Errorf("creating the scratch folder of %s in %s: %w", command, work, err)
	}
	return Folders{Root: root, Work: work, Scratch: scratch}, nil
}
