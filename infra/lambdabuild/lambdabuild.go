// Package lambdabuild compiles a Go Lambda function for the provided.al2023 runtime and packages it as a
// deployment zip whose bytes depend only on the source, the toolchain and the target architecture.
//
// Two builds of the same source give the same zip, on any machine and from any checkout path, so the
// Lambda's CodeSha256 changes only when the code does and a deploy updates only the functions that changed.
// Finished zips are cached by a key over all inputs of the build, so an unchanged function costs one
// `go env` and one `go list` call but no compilation.
//
// Build is safe for concurrent use.
package lambdabuild

import (
	"context"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
)

// DefaultToolchain is the Go toolchain every function is built with, pinned so that a team's clones
// build the same bytes (a different Go version changes the binary and redeploys every function).
const DefaultToolchain = "go1.26.8"

// DefaultArch is the Lambda instruction set architecture used when Options.Arch is empty.
const DefaultArch = "arm64"

// BinaryName is the file that the provided.al2023 runtime runs, and the only entry of the zip.
const BinaryName = "bootstrap"

// cacheSubdirectory is the directory under os.UserCacheDir that holds the cached zips by default.
const cacheSubdirectory = "secure-serverless/lambda"

// ErrInvalidOptions is wrapped by the error of Build when Options has a missing or invalid field. The message
// names the field, the value and the accepted values.
var ErrInvalidOptions = errors.New("invalid Lambda build options")

// Options selects the package to build and how.
type Options struct {
	Dir       string // module root (contains go.mod); package paths resolve from here. Required, absolute.
	Package   string // Go package path relative to Dir, e.g. "./functions/me". Required.
	Arch      string // "arm64" (default) or "amd64"
	Toolchain string // default DefaultToolchain; passed as GOTOOLCHAIN so the go command uses exactly it
	CacheDir  string // default <os.UserCacheDir()>/secure-serverless/lambda
}

// Artifact is a deployment zip with its checksums.
type Artifact struct {
	// ZipPath is the absolute path of the zip in the cache directory. The file is never rewritten in place,
	// so it stays valid while the cache directory is kept.
	ZipPath string
	// SHA256 is the hex-encoded SHA-256 of the zip bytes.
	SHA256 string
	// Base64SHA256 is the base64-encoded SHA-256 of the zip bytes, the form of Lambda's CodeSha256 and of
	// the SourceCodeHash input of lambda.Function in pulumi-aws v6.
	Base64SHA256 string
	// Cached is true when the zip came from the cache without running the compiler.
	Cached bool
}

// CompileError is returned by Build when the go command fails to build the package. Output is the combined
// output of the go command, which names the files and lines at fault.
type CompileError struct {
	Package string
	Output  string
}

func (e *CompileError) Error() string {
	return fmt.Sprintf("compiling Lambda package %s:\n%s", e.Package, strings.TrimRight(e.Output, "\n"))
}

// toolchainPattern matches exact Go release names such as go1.26.8 or go1.27rc1. GOTOOLCHAIN values such as
// "local", "auto" or "go1.26.8+auto" are rejected, because with them the go command may run the installed Go
// or the version that go.mod requests.
var toolchainPattern = regexp.MustCompile(`^go1\.[0-9]+(\.[0-9]+|rc[0-9]+)?$`)

// Build compiles the main package opts.Package of the module at opts.Dir for Linux and opts.Arch, and returns
// the deployment zip. A zip cached for the same inputs is returned without compiling.
//
// Errors: a missing or invalid option wraps ErrInvalidOptions, a package path that does not exist wraps
// fs.ErrNotExist, and a failing compilation returns a *CompileError with the go command's output.
func Build(ctx context.Context, opts Options) (Artifact, error) {
	opts, err := opts.withDefaults()
	if err != nil {
		return Artifact{}, err
	}
	if err := opts.validate(); err != nil {
		return Artifact{}, err
	}

	env, err := buildEnvironment(ctx, opts)
	if err != nil {
		return Artifact{}, err
	}

	packages, err := listPackages(ctx, opts, env)
	if err != nil {
		return Artifact{}, err
	}
	if err := checkMainPackage(opts, packages); err != nil {
		return Artifact{}, err
	}
	if problems := packageErrors(packages); problems != "" {
		return Artifact{}, compileForErrorOutput(ctx, opts, env, problems)
	}

	key, err := cacheKey(opts, env, packages)
	if err != nil {
		return Artifact{}, err
	}

	unlock, err := keyLocks.lock(ctx, key)
	if err != nil {
		return Artifact{}, fmt.Errorf("waiting for another build of Lambda package %s: %w", opts.Package, err)
	}
	defer unlock()

	zipPath := filepath.Join(opts.CacheDir, key+".zip")
	if artifact, ok, err := readCached(zipPath); err != nil || ok {
		return artifact, err
	}

	if err := buildZip(ctx, opts, env, zipPath); err != nil {
		return Artifact{}, err
	}
	artifact, _, err := readCached(zipPath)
	if err != nil {
		return Artifact{}, err
	}
	artifact.Cached = false
	return artifact, nil
}

// withDefaults returns opts with empty optional fields set to their defaults.
func (opts Options) withDefaults() (Options, error) {
	if opts.Arch == "" {
		opts.Arch = DefaultArch
	}
	if opts.Toolchain == "" {
		opts.Toolchain = DefaultToolchain
	}
	if opts.CacheDir == "" {
		userCache, err := os.UserCacheDir()
		if err != nil {
			return Options{}, fmt.Errorf("finding the default Lambda build cache directory: %w; set Options.CacheDir", err)
		}
		opts.CacheDir = filepath.Join(userCache, filepath.FromSlash(cacheSubdirectory))
	}
	return opts, nil
}

// validate checks the options after defaults are applied, and that Dir and the package directory exist.
func (opts Options) validate() error {
	if opts.Dir == "" {
		return fmt.Errorf("%w: Dir is empty; set it to the absolute path of the module root", ErrInvalidOptions)
	}
	if !filepath.IsAbs(opts.Dir) {
		return fmt.Errorf("%w: Dir %q is relative; set it to the absolute path of the module root",
			ErrInvalidOptions, opts.Dir)
	}
	if _, err := os.Stat(filepath.Join(opts.Dir, "go.mod")); err != nil {
		return fmt.Errorf("%w: Dir %q is not a module root: %w", ErrInvalidOptions, opts.Dir, err)
	}

	if opts.Package == "" {
		return fmt.Errorf("%w: Package is empty; set it to a path relative to Dir such as \"./functions/me\"",
			ErrInvalidOptions)
	}
	if !isRelativePackagePath(opts.Package) {
		return fmt.Errorf("%w: Package %q is not a relative path; start it with \"./\", as in \"./functions/me\"",
			ErrInvalidOptions, opts.Package)
	}
	if strings.Contains(opts.Package, "...") {
		return fmt.Errorf("%w: Package %q is a pattern; name exactly one package", ErrInvalidOptions, opts.Package)
	}

	if opts.Arch != "arm64" && opts.Arch != "amd64" {
		return fmt.Errorf("%w: Arch %q is not a Lambda architecture; use \"arm64\" or \"amd64\"",
			ErrInvalidOptions, opts.Arch)
	}
	if !toolchainPattern.MatchString(opts.Toolchain) {
		return fmt.Errorf("%w: Toolchain %q is not an exact Go release; use a name such as %q",
			ErrInvalidOptions, opts.Toolchain, DefaultToolchain)
	}
	if !filepath.IsAbs(opts.CacheDir) {
		return fmt.Errorf("%w: CacheDir %q is relative; set it to an absolute path", ErrInvalidOptions, opts.CacheDir)
	}

	packageDir := filepath.Join(opts.Dir, filepath.FromSlash(opts.Package))
	info, err := os.Stat(packageDir)
	if err != nil {
		return fmt.Errorf("resolving Lambda package %s from module root %s: %w", opts.Package, opts.Dir, err)
	}
	if !info.IsDir() {
		return fmt.Errorf("%w: Package %s resolves to %s in module root %s, which is not a directory",
			ErrInvalidOptions, opts.Package, packageDir, opts.Dir)
	}
	return nil
}

func isRelativePackagePath(path string) bool {
	return path == "." || path == ".." || strings.HasPrefix(path, "./") || strings.HasPrefix(path, "../")
}

// readCached returns the artifact for the zip at path, and false when no such file exists.
func readCached(path string) (Artifact, bool, error) {
	content, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) {
		return Artifact{}, false, nil
	}
	if err != nil {
		return Artifact{}, false, fmt.Errorf("reading cached Lambda zip %s: %w", path, err)
	}

	sum := sha256.Sum256(content)
	artifact := Artifact{
		ZipPath:      path,
		SHA256:       hex.EncodeToString(sum[:]),
		Base64SHA256: base64.StdEncoding.EncodeToString(sum[:]),
		Cached:       true,
	}
	return artifact, true, nil
}
