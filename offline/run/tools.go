// Package run drives the offline run: the real Pulumi engine, with stand-in aws and awsx providers and
// the compiled policy pack, runs the platform's program inline through the Automation API. Nothing in
// it calls AWS.
package run

import (
	"context"
	"crypto/sha256"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	"github.com/blang/semver"
)

// Versions the stand-ins report and the CLI the run builds. They match the modules in go.mod, because
// the engine loads the provider version that the SDK requests.
const (
	CLIVersion  = "3.276.0"
	AWSVersion  = "6.83.4"
	AWSXVersion = "2.22.0"
)

// Paths are the folders of one offline run. Everything lives under WorkDir, which git ignores.
type Paths struct {
	// RepoDir is the repository root (it holds go.mod and Pulumi.yaml).
	RepoDir string
	// WorkDir holds the CLI build, plugins and pack binary.
	WorkDir string
	// ScratchDir holds the stack copies, the state and the function build cache. It defaults to
	// WorkDir; tests point it at a folder of their own so that each starts from empty state.
	ScratchDir string
}

// WorkDirEnv names the environment variable that overrides the default work folder, so that
// several checkouts or parallel runs can keep their builds apart.
const WorkDirEnv = "SECURE_SERVERLESS_OFFLINE_DIR"

// NewPaths returns the paths for a repository. An empty workDir means $SECURE_SERVERLESS_OFFLINE_DIR
// when it is set, and <repo>/.offline otherwise.
func NewPaths(repoDir, workDir string) (Paths, error) {
	repo, err := filepath.Abs(repoDir)
	if err != nil {
		return Paths{}, fmt.Errorf("resolving repository directory %q: %w", repoDir, err)
	}
	if _, err := os.Stat(filepath.Join(repo, "Pulumi.yaml")); err != nil {
		return Paths{}, fmt.Errorf("%s is not the repository root: it has no Pulumi.yaml", repo)
	}
	if workDir == "" {
		workDir = os.Getenv(WorkDirEnv)
	}
	if workDir == "" {
		workDir = filepath.Join(repo, ".offline")
	}
	work, err := filepath.Abs(workDir)
	if err != nil {
		return Paths{}, fmt.Errorf("resolving work directory %q: %w", workDir, err)
	}
	return Paths{RepoDir: repo, WorkDir: work, ScratchDir: work}, nil
}

func (p Paths) cliRoot() string       { return filepath.Join(p.WorkDir, "cli") }
func (p Paths) builtCLI() string      { return filepath.Join(p.cliRoot(), "bin", "pulumi") }
func (p Paths) pulumiHome() string    { return filepath.Join(p.WorkDir, "pulumi-home") }
func (p Paths) binDir() string        { return filepath.Join(p.WorkDir, "bin") }
func (p Paths) stateDir() string      { return filepath.Join(p.ScratchDir, "state") }
func (p Paths) stacksDir() string     { return filepath.Join(p.ScratchDir, "stacks") }
func (p Paths) buildCacheDir() string { return filepath.Join(p.ScratchDir, "lambda-cache") }

// PolicyPackBinary is the compiled policy pack that the engine starts by path.
func (p Paths) PolicyPackBinary() string {
	return filepath.Join(p.binDir(), "secure-serverless-policy")
}

// Tools are the binaries an offline run needs, ready to use.
type Tools struct {
	// CLIRoot is the folder whose bin/pulumi the Automation API runs.
	CLIRoot    string
	CLIVersion string
	PolicyPack string
}

// Prepare finds or builds the Pulumi CLI, builds the stand-in providers and the policy pack, and
// installs the providers into the run's private plugin cache. Builds reuse Go's build cache, so a
// second Prepare takes seconds.
//
// Several processes may prepare the same work folder at once, because go test runs packages in
// parallel. Prepare therefore holds a lock on the folder. It replaces a binary or reinstalls a plugin
// only when its bytes changed, because an engine of another process may be running them.
func Prepare(ctx context.Context, paths Paths, log io.Writer) (Tools, error) {
	for _, dir := range []string{paths.binDir(), paths.pulumiHome(), paths.stateDir(), paths.stacksDir()} {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return Tools{}, fmt.Errorf("creating %s: %w", dir, err)
		}
	}
	unlock, err := lockDir(paths.WorkDir)
	if err != nil {
		return Tools{}, err
	}
	defer unlock()

	root, version, err := ensureCLI(ctx, paths, log)
	if err != nil {
		return Tools{}, err
	}

	started := time.Now()
	fmt.Fprintln(log, "building the stand-in aws and awsx providers and the policy pack (about 1 minute on a cold Go cache)")
	builds := []struct{ pkg, out string }{
		{"./offline/cmd/pulumi-resource-aws", filepath.Join(paths.binDir(), "pulumi-resource-aws")},
		{"./offline/cmd/pulumi-resource-awsx", filepath.Join(paths.binDir(), "pulumi-resource-awsx")},
		{"./policy", paths.PolicyPackBinary()},
	}
	for _, b := range builds {
		if err := buildIfChanged(ctx, paths.RepoDir, b.out, b.pkg); err != nil {
			return Tools{}, err
		}
	}
	fmt.Fprintf(log, "built in %s\n", time.Since(started).Round(time.Second))

	plugins := []struct{ name, version, binary string }{
		{"aws", AWSVersion, builds[0].out},
		{"awsx", AWSXVersion, builds[1].out},
	}
	for _, p := range plugins {
		if err := installResourcePlugin(ctx, paths, root, p.name, p.version, p.binary); err != nil {
			return Tools{}, err
		}
	}
	return Tools{CLIRoot: root, CLIVersion: version, PolicyPack: paths.PolicyPackBinary()}, nil
}

// installResourcePlugin installs binary as the resource plugin name at version into the run's plugin
// cache with `pulumi plugin install resource NAME VERSION --file BINARY --reinstall`, unless the
// installed plugin already has the same bytes.
func installResourcePlugin(ctx context.Context, paths Paths, cliRoot, name, version, binary string) error {
	installed := filepath.Join(paths.pulumiHome(), "plugins",
		"resource-"+name+"-v"+version, "pulumi-resource-"+name)
	if sameFile(installed, binary) {
		return nil
	}
	cmd := exec.CommandContext(ctx, filepath.Join(cliRoot, "bin", "pulumi"),
		"plugin", "install", "resource", name, version, "--file", binary, "--reinstall")
	cmd.Env = mergeEnv(os.Environ(), paths.engineEnv())
	if out, err := cmd.CombinedOutput(); err != nil {
		return fmt.Errorf("installing resource plugin %s %s from %s: %w\n%s", name, version, binary, err, out)
	}
	return nil
}

// lockDir takes an exclusive lock on dir/.prepare.lock and returns the function that releases it.
func lockDir(dir string) (func(), error) {
	path := filepath.Join(dir, ".prepare.lock")
	file, err := os.OpenFile(path, os.O_CREATE|os.O_RDWR, 0o644)
	if err != nil {
		return nil, fmt.Errorf("opening lock file %s: %w", path, err)
	}
	if err := syscall.Flock(int(file.Fd()), syscall.LOCK_EX); err != nil {
		file.Close()
		return nil, fmt.Errorf("locking %s: %w", path, err)
	}
	return func() {
		_ = syscall.Flock(int(file.Fd()), syscall.LOCK_UN)
		file.Close()
	}, nil
}

// buildIfChanged builds pkg with the go build flags into a temporary file next to out and renames it
// over out only when the bytes differ, so a process that is running out keeps a valid file.
func buildIfChanged(ctx context.Context, dir, out, pkg string, flags ...string) error {
	tmp := fmt.Sprintf("%s.tmp-%d", out, os.Getpid())
	if err := goBuild(ctx, dir, tmp, pkg, flags); err != nil {
		return err
	}
	if sameFile(out, tmp) {
		return os.Remove(tmp)
	}
	if err := os.Rename(tmp, out); err != nil {
		return fmt.Errorf("replacing %s: %w", out, err)
	}
	return nil
}

// sameFile reports whether both files exist and have the same bytes.
func sameFile(a, b string) bool {
	hashA, errA := fileHash(a)
	hashB, errB := fileHash(b)
	return errA == nil && errB == nil && hashA == hashB
}

func fileHash(path string) ([sha256.Size]byte, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return [sha256.Size]byte{}, err
	}
	return sha256.Sum256(data), nil
}

// ensureCLI returns the root of a Pulumi CLI at CLIVersion or newer: one on PATH, one built before, or
// one it builds now from the module proxy in the tools/pulumicli module.
func ensureCLI(ctx context.Context, paths Paths, log io.Writer) (root, version string, err error) {
	if onPath, err := exec.LookPath("pulumi"); err == nil {
		if v, ok := suitableCLI(ctx, onPath); ok {
			resolved, err := filepath.EvalSymlinks(onPath)
			if err == nil && filepath.Base(filepath.Dir(resolved)) == "bin" {
				fmt.Fprintf(log, "using the Pulumi CLI %s at %s\n", v, resolved)
				return filepath.Dir(filepath.Dir(resolved)), v, nil
			}
		}
	}
	if v, ok := suitableCLI(ctx, paths.builtCLI()); ok {
		return paths.cliRoot(), v, nil
	}

	started := time.Now()
	fmt.Fprintf(log, "building the Pulumi CLI v%s from source in tools/pulumicli "+
		"(about 4 to 6 minutes and 2.5 GB of memory the first time; later runs reuse it)\n", CLIVersion)
	ldflags := "-X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=v" + CLIVersion
	err = goBuild(ctx, filepath.Join(paths.RepoDir, "tools", "pulumicli"), paths.builtCLI(),
		"github.com/pulumi/pulumi/pkg/v3/cmd/pulumi", []string{"-ldflags", ldflags})
	if err != nil {
		return "", "", err
	}
	v, ok := suitableCLI(ctx, paths.builtCLI())
	if !ok {
		return "", "", fmt.Errorf("the Pulumi CLI built at %s does not report version v%s", paths.builtCLI(), CLIVersion)
	}
	fmt.Fprintf(log, "built the Pulumi CLI %s in %s\n", v, time.Since(started).Round(time.Second))
	return paths.cliRoot(), v, nil
}

// suitableCLI reports whether the binary runs and reports CLIVersion or a newer 3.x version.
func suitableCLI(ctx context.Context, binary string) (string, bool) {
	cmd := exec.CommandContext(ctx, binary, "version")
	cmd.Env = mergeEnv(os.Environ(), map[string]string{"PULUMI_SKIP_UPDATE_CHECK": "true"})
	out, err := cmd.Output()
	if err != nil {
		return "", false
	}
	text := strings.TrimSpace(string(out))
	got, err := semver.ParseTolerant(text)
	if err != nil {
		return "", false
	}
	want := semver.MustParse(CLIVersion)
	return text, got.Major == want.Major && got.GTE(want)
}

// goBuild builds pkg in dir into out.
func goBuild(ctx context.Context, dir, out, pkg string, flags []string) error {
	args := append([]string{"build", "-o", out}, flags...)
	args = append(args, pkg)
	cmd := exec.CommandContext(ctx, "go", args...)
	cmd.Dir = dir
	if output, err := cmd.CombinedOutput(); err != nil {
		return fmt.Errorf("building %s in %s: %w\n%s", pkg, dir, err, output)
	}
	return nil
}

// engineEnv is the environment of every CLI call: a private plugin cache, a local file backend, no
// update checks and no plugin downloads, so a missing plugin fails at once with a clear message.
func (p Paths) engineEnv() map[string]string {
	return map[string]string{
		"PULUMI_HOME":        p.pulumiHome(),
		"PULUMI_BACKEND_URL": "file://" + p.stateDir(),
		// The offline state holds no real secret; a fixed passphrase keeps runs repeatable.
		"PULUMI_CONFIG_PASSPHRASE":                    "offline-run-only",
		"PULUMI_SKIP_UPDATE_CHECK":                    "true",
		"PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION": "true",
		"PULUMI_IGNORE_AMBIENT_PLUGINS":               "true",
	}
}

// mergeEnv returns base with the given variables set, replacing earlier values.
func mergeEnv(base []string, vars map[string]string) []string {
	out := make([]string, 0, len(base)+len(vars))
	for _, kv := range base {
		name, _, _ := strings.Cut(kv, "=")
		if _, replaced := vars[name]; !replaced {
			out = append(out, kv)
		}
	}
	for name, value := range vars {
		out = append(out, name+"="+value)
	}
	return out
}

// The component package that the YAML example uses: the provider in provider/ serves it as the resource
// plugin pulumi-resource-secureserverless.
const (
	ComponentPackage = "secureserverless"
	ComponentVersion = "0.1.0"
)

// yamlHostPackage is the YAML language host, built from the tools/pulumiyaml module, which pins
// pulumi-yaml v1.25.0. That version does not compile against the pulumi/pkg of tools/pulumicli.
const yamlHostPackage = "github.com/pulumi/pulumi-yaml/cmd/pulumi-language-yaml"

// ComponentProviderBinary is the component provider that PrepareYAML builds and installs.
func (p Paths) ComponentProviderBinary() string {
	return filepath.Join(p.binDir(), "pulumi-resource-"+ComponentPackage)
}

// YAMLOptions change how PrepareYAML gets the component provider.
type YAMLOptions struct {
	// ProviderBinary, when set, is installed as the component provider in place of a build from
	// provider/, such as the binary that `make provider` writes to provider/bin/.
	ProviderBinary string
}

// PrepareYAML readies tools from Prepare for the YAML example: it puts the YAML language host next to
// the CLI, builds the component provider and installs it into the run's plugin cache. The CLI treats
// yaml as a bundled language plugin (`pulumi plugin install language yaml` is rejected) and looks for
// pulumi-language-yaml in the folder of its own binary, so the host cannot go into the plugin cache.
//
// PrepareYAML builds the host only for a CLI that an offline run built (see builtByOfflineRun). Any
// other CLI is taken for a standard install, which ships the host already. Like Prepare, it holds the
// work folder's lock and replaces or reinstalls a binary only when its bytes changed.
func PrepareYAML(ctx context.Context, paths Paths, tools Tools, opts YAMLOptions, log io.Writer) error {
	unlock, err := lockDir(paths.WorkDir)
	if err != nil {
		return err
	}
	defer unlock()

	if err := ensureYAMLHost(ctx, paths, tools, log); err != nil {
		return err
	}
	binary := opts.ProviderBinary
	if binary == "" {
		binary = paths.ComponentProviderBinary()
		started := time.Now()
		fmt.Fprintln(log, "building the function archives and the component provider from provider/ "+
			"(about 5 minutes on a cold Go cache)")
		if err := buildComponentProvider(ctx, paths, binary); err != nil {
			return err
		}
		fmt.Fprintf(log, "built in %s\n", time.Since(started).Round(time.Second))
	}
	if _, err := os.Stat(binary); err != nil {
		return fmt.Errorf("component provider binary not found: %w (build it with `make provider`, "+
			"or let PrepareYAML build it from provider/)", err)
	}
	return installResourcePlugin(ctx, paths, tools.CLIRoot, ComponentPackage, ComponentVersion, binary)
}

// ensureYAMLHost builds pulumi-language-yaml next to a CLI that an offline run built, and checks that
// any other CLI has one.
func ensureYAMLHost(ctx context.Context, paths Paths, tools Tools, log io.Writer) error {
	host := filepath.Join(tools.CLIRoot, "bin", "pulumi-language-yaml")
	if !builtByOfflineRun(paths, tools.CLIRoot) {
		if _, err := os.Stat(host); err != nil {
			return fmt.Errorf("the Pulumi CLI in %s has no YAML language host %s: use a standard install, "+
				"which ships it, or take that CLI off PATH so the offline run builds its own", tools.CLIRoot, host)
		}
		return nil
	}
	started := time.Now()
	fmt.Fprintln(log, "building the YAML language host in tools/pulumiyaml (about 2 minutes on a cold Go cache)")
	if err := buildIfChanged(ctx, filepath.Join(paths.RepoDir, "tools", "pulumiyaml"), host, yamlHostPackage); err != nil {
		return err
	}
	fmt.Fprintf(log, "built in %s\n", time.Since(started).Round(time.Second))
	return nil
}

// builtByOfflineRun reports whether the CLI in root is one that Prepare built: the one of this work
// folder, or the one of another work folder put on PATH so that it is not built twice. Prepare builds
// the CLI into WORK/cli and keeps its lock file in WORK.
func builtByOfflineRun(paths Paths, root string) bool {
	if root == paths.cliRoot() {
		return true
	}
	if filepath.Base(root) != "cli" {
		return false
	}
	_, err := os.Stat(filepath.Join(filepath.Dir(root), ".prepare.lock"))
	return err == nil
}

// buildComponentProvider builds the component provider from provider/ into out the way `make provider`
// does: it builds the functions' deployment zips into provider/archives/zips, which the binary embeds,
// and then the binary with the package version set through main.Version.
//
// NOTE: the zips folder is shared by every work folder of the repository, so two runs that build the
// provider at the same moment may embed each other's zips. Both builds use the same source, so the
// zips match unless the functions change in between.
func buildComponentProvider(ctx context.Context, paths Paths, out string) error {
	cmd := exec.CommandContext(ctx, "go", "run", "./functions/cmd/archives", "-out", componentArchivesDir)
	cmd.Dir = paths.RepoDir
	if output, err := cmd.CombinedOutput(); err != nil {
		return fmt.Errorf("building the function archives of the component provider into %s: %w\n%s",
			componentArchivesDir, err, output)
	}
	// Without -trimpath, which `make provider` adds for release binaries, the build reuses the packages
	// that `go test` in provider/ compiles, and a cold CI run compiles the provider's dependencies once.
	ldflags := "-s -w -X main.Version=" + ComponentVersion
	return buildIfChanged(ctx, filepath.Join(paths.RepoDir, "provider"), out, ".", "-ldflags", ldflags)
}

// componentArchivesDir is the folder, relative to the repository root, whose zips the component
// provider embeds.
const componentArchivesDir = "provider/archives/zips"
