package lambdabuild

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync/atomic"
	"time"
)

// buildFlags are the flags of every go build. -trimpath and -buildvcs=false keep checkout paths and VCS state
// out of the binary, -s -w drop the symbol table and DWARF, and an empty -buildid removes the build id note,
// which would otherwise change with every action graph. lambda.norpc leaves the net/rpc code of the
// aws-lambda-go Go 1.x runtime out, which provided.al2023 does not use.
var buildFlags = []string{
	"-trimpath",
	"-buildvcs=false",
	"-tags=lambda.norpc",
	"-ldflags=-s -w -buildid=",
}

// carriedVariables are the go environment variables that Build takes over from the caller's environment,
// including the user's go env file. They control where modules and the build cache come from but do not change
// the compiled bytes. Every other GO* and CGO_* variable is replaced or removed.
var carriedVariables = []string{
	"GOPROXY", "GONOPROXY", "GOSUMDB", "GONOSUMDB", "GOPRIVATE", "GOINSECURE", "GOVCS", "GOAUTH",
	"GOMODCACHE", "GOCACHE", "GOCACHEPROG", "GOPATH", "GOTMPDIR",
}

// commandWaitDelay bounds the wait for the output pipes of a go command after its context is cancelled and
// the command is killed, because a compiler subprocess can keep them open.
const commandWaitDelay = 10 * time.Second

// compileCount counts go build runs, so tests can tell a cache hit from a compilation.
var compileCount atomic.Int64

// goEnvironment is the environment of the go list and go build runs of one Build.
type goEnvironment struct {
	// variables is the complete process environment passed to the go command.
	variables []string
	// fixed are the KEY=VALUE settings that change the compiled bytes, sorted, for the cache key.
	fixed []string
	// goVersion is GOVERSION as reported by the pinned toolchain.
	goVersion string
}

// buildEnvironment returns the go command environment for opts.
//
// GOENV=off makes the go command ignore the user's go env file, which may set GOFLAGS, GOEXPERIMENT or
// GOAMD64. An empty environment variable cannot override that file, because the go command treats empty as
// unset. The module and cache settings of the caller are read once with `go env` and passed on explicitly.
func buildEnvironment(ctx context.Context, opts Options) (goEnvironment, error) {
	callerEnv := append(os.Environ(), "GOTOOLCHAIN="+opts.Toolchain)
	args := append([]string{"env", "-json", "GOVERSION"}, carriedVariables...)
	stdout, stderr, err := runGo(ctx, opts.Dir, callerEnv, args...)
	if err != nil {
		return goEnvironment{}, fmt.Errorf("reading the go environment with toolchain %s: %w\n%s",
			opts.Toolchain, err, strings.TrimSpace(string(stderr)))
	}

	var settings map[string]string
	if err := json.Unmarshal(stdout, &settings); err != nil {
		return goEnvironment{}, fmt.Errorf("decoding go env output: %w", err)
	}
	if settings["GOVERSION"] != opts.Toolchain {
		return goEnvironment{}, fmt.Errorf("checking the Go toolchain: GOTOOLCHAIN=%s runs %q instead, so install %s or set Options.Toolchain to the release in use",
			opts.Toolchain, settings["GOVERSION"], opts.Toolchain)
	}

	fixed := fixedVariables(opts)
	variables := withoutGoVariables(os.Environ())
	variables = append(variables, fixed...)
	for _, name := range carriedVariables {
		if value := settings[name]; value != "" {
			variables = append(variables, name+"="+value)
		}
	}

	env := goEnvironment{
		variables: variables,
		fixed:     fixed,
		goVersion: settings["GOVERSION"],
	}
	return env, nil
}

// fixedVariables returns the settings that determine the compiled bytes besides the source and the flags.
// GOEXPERIMENT and GOFLAGS are left unset, so they have their defaults.
func fixedVariables(opts Options) []string {
	fixed := []string{
		"CGO_ENABLED=0",
		"GO111MODULE=on",
		"GOARCH=" + opts.Arch,
		"GOENV=off",
		"GOFIPS140=off",
		"GOOS=linux",
		"GOTOOLCHAIN=" + opts.Toolchain,
		"GOWORK=off",
	}
	// The baseline instruction sets that every Lambda host supports. These are the go command's defaults,
	// set explicitly because the caller's environment may raise them.
	switch opts.Arch {
	case "arm64":
		fixed = append(fixed, "GOARM64=v8.0")
	case "amd64":
		fixed = append(fixed, "GOAMD64=v1")
	}
	slices.Sort(fixed)
	return fixed
}

// withoutGoVariables returns environ without GO* and CGO_* variables and without the C toolchain variables
// that cgo reads.
func withoutGoVariables(environ []string) []string {
	var remaining []string
	for _, entry := range environ {
		name, _, _ := strings.Cut(entry, "=")
		switch {
		case strings.HasPrefix(name, "GO"), strings.HasPrefix(name, "CGO_"):
		case name == "CC", name == "CXX", name == "PKG_CONFIG":
		default:
			remaining = append(remaining, entry)
		}
	}
	return remaining
}

// listedPackage is the subset of `go list -json` output that the cache key and the checks use.
type listedPackage struct {
	ImportPath string
	Name       string
	Dir        string
	Standard   bool
	DepOnly    bool
	Module     *listedModule
	GoFiles    []string
	CgoFiles   []string
	SFiles     []string
	HFiles     []string
	SysoFiles  []string
	EmbedFiles []string
	Error      *struct{ Err string }
}

type listedModule struct {
	Path    string
	Version string
	Dir     string
	Main    bool
	Replace *listedModule
}

// listFields are the fields of listedPackage, passed to `go list -json=` so it computes no others.
const listFields = "ImportPath,Name,Dir,Standard,DepOnly,Module,GoFiles,CgoFiles,SFiles,HFiles,SysoFiles,EmbedFiles,Error"

// listPackages returns opts.Package and all its dependencies, dependencies first, as the go command resolves
// them for the build. Errors in packages, such as a missing import, are returned inside the packages.
func listPackages(ctx context.Context, opts Options, env goEnvironment) ([]listedPackage, error) {
	args := []string{"list", "-e", "-deps", "-json=" + listFields}
	args = append(args, buildFlags...)
	args = append(args, opts.Package)

	stdout, stderr, err := runGo(ctx, opts.Dir, env.variables, args...)
	if err != nil {
		if ctx.Err() != nil {
			return nil, fmt.Errorf("listing dependencies of Lambda package %s: %w", opts.Package, ctx.Err())
		}
		var exitErr *exec.ExitError
		if errors.As(err, &exitErr) {
			return nil, &CompileError{Package: opts.Package, Output: string(stderr)}
		}
		return nil, fmt.Errorf("listing dependencies of Lambda package %s: %w", opts.Package, err)
	}

	var packages []listedPackage
	decoder := json.NewDecoder(bytes.NewReader(stdout))
	for {
		var pkg listedPackage
		err := decoder.Decode(&pkg)
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("decoding go list output for Lambda package %s: %w", opts.Package, err)
		}
		packages = append(packages, pkg)
	}
	return packages, nil
}

// checkMainPackage returns an error wrapping ErrInvalidOptions when the listed target package is not a
// command. A target with errors passes, so that the compiler reports them.
func checkMainPackage(opts Options, packages []listedPackage) error {
	for _, pkg := range packages {
		if pkg.DepOnly {
			continue
		}
		if pkg.Error == nil && pkg.Name != "main" {
			return fmt.Errorf("%w: Package %s is package %s, not a main package; Lambda runs a command",
				ErrInvalidOptions, opts.Package, pkg.Name)
		}
		return nil
	}
	return fmt.Errorf("listing Lambda package %s: go list returned no target package", opts.Package)
}

// packageErrors returns the errors that go list found in the packages, one per line, or "".
func packageErrors(packages []listedPackage) string {
	var problems []string
	for _, pkg := range packages {
		if pkg.Error != nil {
			problems = append(problems, pkg.Error.Err)
		}
	}
	return strings.Join(problems, "\n")
}

// compile runs go build for opts.Package and writes the binary to outputPath.
func compile(ctx context.Context, opts Options, env goEnvironment, outputPath string) error {
	compileCount.Add(1)

	args := []string{"build", "-o", outputPath}
	args = append(args, buildFlags...)
	args = append(args, opts.Package)

	stdout, stderr, err := runGo(ctx, opts.Dir, env.variables, args...)
	if err == nil {
		return nil
	}
	if ctx.Err() != nil {
		return fmt.Errorf("compiling Lambda package %s: %w", opts.Package, ctx.Err())
	}
	var exitErr *exec.ExitError
	if errors.As(err, &exitErr) {
		output := string(stderr)
		if len(stdout) > 0 {
			output = string(stdout) + output
		}
		return &CompileError{Package: opts.Package, Output: output}
	}
	return fmt.Errorf("compiling Lambda package %s: %w", opts.Package, err)
}

// compileForErrorOutput compiles a package in which go list found errors and returns a *CompileError. The
// go build output is used when the build fails as expected, because it has the compiler's messages.
func compileForErrorOutput(ctx context.Context, opts Options, env goEnvironment, listErrors string) error {
	tempDir, err := os.MkdirTemp("", "lambdabuild-")
	if err != nil {
		return fmt.Errorf("creating a temporary directory to compile Lambda package %s: %w", opts.Package, err)
	}
	defer os.RemoveAll(tempDir)

	if err := compile(ctx, opts, env, filepath.Join(tempDir, BinaryName)); err != nil {
		return err
	}
	return &CompileError{Package: opts.Package, Output: listErrors}
}

// runGo runs the go command in dir with env and returns its standard output and standard error.
func runGo(ctx context.Context, dir string, env []string, args ...string) ([]byte, []byte, error) {
	goPath, err := exec.LookPath("go")
	if err != nil {
		return nil, nil, fmt.Errorf("finding the go command: %w; install Go or add it to PATH", err)
	}

	var stdout, stderr bytes.Buffer
	cmd := exec.CommandContext(ctx, goPath, args...)
	cmd.Dir = dir
	cmd.Env = env
	cmd.Stdout = &stdout
	cmd.Stderr = &stderr
	cmd.WaitDelay = commandWaitDelay

	err = cmd.Run()
	return stdout.Bytes(), stderr.Bytes(), err
}
