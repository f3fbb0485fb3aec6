package lambdabuild

import (
	"archive/zip"
	"bytes"
	"context"
	"crypto/sha256"
	"debug/buildinfo"
	"debug/elf"
	"encoding/base64"
	"encoding/hex"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// testPackage is the main package of the test module under testdata/hellomod. It imports aws-lambda-go and
// an in-module package with an embedded file.
const testPackage = "./hello"

// testModuleDir returns the absolute path of the test module.
func testModuleDir(t testing.TB) string {
	t.Helper()

	dir, err := filepath.Abs(filepath.Join("testdata", "hellomod"))
	require.NoError(t, err)
	return dir
}

// copyTestModule copies the test module to a new directory and returns its path, for tests that change the
// source or need another checkout path.
func copyTestModule(t testing.TB) string {
	t.Helper()

	dir := filepath.Join(t.TempDir(), "another", "checkout")
	require.NoError(t, os.CopyFS(dir, os.DirFS(testModuleDir(t))))
	return dir
}

// build runs Build for testPackage in dir with a cache directory of the test.
func build(t testing.TB, dir, cacheDir string) Artifact {
	t.Helper()

	artifact, err := Build(context.Background(), Options{Dir: dir, Package: testPackage, CacheDir: cacheDir})
	require.NoError(t, err)
	return artifact
}

// readZip returns the entries of the zip at path and the content of the first one.
func readZip(t *testing.T, path string) ([]*zip.File, []byte) {
	t.Helper()

	reader, err := zip.OpenReader(path)
	require.NoError(t, err)
	t.Cleanup(func() { reader.Close() })
	require.NotEmpty(t, reader.File)

	entry, err := reader.File[0].Open()
	require.NoError(t, err)
	defer entry.Close()
	content, err := io.ReadAll(entry)
	require.NoError(t, err)
	return reader.File, content
}

func writeSource(t *testing.T, path, content string) {
	t.Helper()

	require.NoError(t, os.WriteFile(path, []byte(content), 0o644))
}

func TestBuildReproducible(t *testing.T) {
	dir := testModuleDir(t)

	first := build(t, dir, t.TempDir())
	second := build(t, dir, t.TempDir())

	assert.False(t, first.Cached)
	assert.False(t, second.Cached)
	assert.Equal(t, first.SHA256, second.SHA256)
	firstBytes, err := os.ReadFile(first.ZipPath)
	require.NoError(t, err)
	secondBytes, err := os.ReadFile(second.ZipPath)
	require.NoError(t, err)
	assert.True(t, bytes.Equal(firstBytes, secondBytes), "zip bytes differ")
}

func TestBuildSameBytesFromOtherPath(t *testing.T) {
	original := build(t, testModuleDir(t), t.TempDir())

	copied := build(t, copyTestModule(t), t.TempDir())

	assert.Equal(t, original.SHA256, copied.SHA256)
	assert.Equal(t, filepath.Base(original.ZipPath), filepath.Base(copied.ZipPath), "cache keys differ")
}

func TestBuildChecksums(t *testing.T) {
	artifact := build(t, testModuleDir(t), t.TempDir())

	content, err := os.ReadFile(artifact.ZipPath)
	require.NoError(t, err)
	sum := sha256.Sum256(content)
	assert.Equal(t, hex.EncodeToString(sum[:]), artifact.SHA256)
	assert.Equal(t, base64.StdEncoding.EncodeToString(sum[:]), artifact.Base64SHA256)
	assert.True(t, filepath.IsAbs(artifact.ZipPath))
}

func TestBuildZipLayout(t *testing.T) {
	artifact := build(t, testModuleDir(t), t.TempDir())

	files, _ := readZip(t, artifact.ZipPath)

	require.Len(t, files, 1)
	entry := files[0]
	assert.Equal(t, "bootstrap", entry.Name)
	assert.Equal(t, fs.FileMode(0o755), entry.Mode())
	assert.True(t, entry.Mode().IsRegular())
	assert.Equal(t, uint16(3), entry.CreatorVersion>>8, "creator is not Unix, so the mode is lost")
	assert.Equal(t, zip.Deflate, entry.Method)
	assert.True(t, entry.Modified.Equal(time.Date(1980, 1, 1, 0, 0, 0, 0, time.UTC)), "modified %v", entry.Modified)
}

func TestBuildBinary(t *testing.T) {
	tests := []struct {
		name        string
		arch        string
		wantMachine elf.Machine
		wantLevel   string
	}{
		{name: "arm64", arch: "arm64", wantMachine: elf.EM_AARCH64, wantLevel: "GOARM64=v8.0"},
		{name: "amd64", arch: "amd64", wantMachine: elf.EM_X86_64, wantLevel: "GOAMD64=v1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := testModuleDir(t)
			artifact, err := Build(context.Background(), Options{Dir: dir, Package: testPackage, Arch: tt.arch, CacheDir: t.TempDir()})
			require.NoError(t, err)
			_, binary := readZip(t, artifact.ZipPath)

			executable, err := elf.NewFile(bytes.NewReader(binary))
			require.NoError(t, err)
			assert.Equal(t, tt.wantMachine, executable.Machine)
			assert.Equal(t, elf.ELFCLASS64, executable.Class)
			assert.Equal(t, elf.ET_EXEC, executable.Type)
			assert.Nil(t, executable.Section(".note.go.buildid"), "Go build id note present")
			assert.Nil(t, executable.Section(".note.gnu.build-id"), "GNU build id note present")
			assert.Nil(t, executable.Section(".symtab"), "symbol table present")
			for _, section := range executable.Sections {
				assert.False(t, strings.HasPrefix(section.Name, ".debug") || strings.HasPrefix(section.Name, ".zdebug"),
					"DWARF section %s present", section.Name)
			}
			assert.False(t, bytes.Contains(binary, []byte(dir)), "binary contains the checkout path")

			info, err := buildinfo.Read(bytes.NewReader(binary))
			require.NoError(t, err)
			assert.Equal(t, DefaultToolchain, info.GoVersion)
			assert.Equal(t, "example.com/lambdabuild/hellomod/hello", info.Path)
			settings := make(map[string]string)
			for _, setting := range info.Settings {
				settings[setting.Key] = setting.Value
				assert.False(t, strings.HasPrefix(setting.Key, "vcs"), "VCS setting %s=%s", setting.Key, setting.Value)
			}
			assert.Equal(t, "true", settings["-trimpath"])
			assert.Equal(t, "0", settings["CGO_ENABLED"])
			assert.Equal(t, "lambda.norpc", settings["-tags"])
			// With -trimpath the go command leaves -ldflags out of the build info, because they may contain paths.
			assert.NotContains(t, settings, "-ldflags")
			assert.Equal(t, "linux", settings["GOOS"])
			assert.Equal(t, tt.arch, settings["GOARCH"])
			level, value, _ := strings.Cut(tt.wantLevel, "=")
			assert.Equal(t, value, settings[level])
			assert.NotContains(t, settings, "GOEXPERIMENT")
			assert.NotContains(t, settings, "-gcflags")
		})
	}
}

func TestBuildCacheHit(t *testing.T) {
	dir := testModuleDir(t)
	cacheDir := t.TempDir()
	first := build(t, dir, cacheDir)
	compilesBefore := compileCount.Load()

	second := build(t, dir, cacheDir)

	assert.False(t, first.Cached)
	assert.True(t, second.Cached)
	assert.Equal(t, compilesBefore, compileCount.Load(), "a cache hit ran the compiler")
	assert.Equal(t, first, Artifact{ZipPath: second.ZipPath, SHA256: second.SHA256, Base64SHA256: second.Base64SHA256})
}

func TestBuildSourceChangeMisses(t *testing.T) {
	tests := []struct {
		name        string
		file        string
		content     string
		wantNewHash bool
	}{
		{
			name: "main package",
			file: "hello/main.go",
			content: `package main

import (
	"context"

	"github.com/aws/aws-lambda-go/lambda"

	"example.com/lambdabuild/hellomod/greeting"
)

func handle(ctx context.Context, name string) (string, error) {
	return greeting.For(name) + "!", nil
}

func main() {
	lambda.Start(handle)
}
`,
			wantNewHash: true,
		},
		{
			name: "in-module dependency",
			file: "greeting/greeting.go",
			content: `package greeting

import (
	_ "embed"
	"strings"
)

//go:embed message.txt
var message string

func For(name string) string {
	return strings.TrimSpace(message) + "; " + name
}
`,
			wantNewHash: true,
		},
		{name: "embedded file", file: "greeting/message.txt", content: "Good morning\n", wantNewHash: true},
		{name: "go.mod", file: "go.mod", content: "module example.com/lambdabuild/hellomod\n\ngo 1.26\n\nrequire github.com/aws/aws-lambda-go v1.55.1\n\n// changed\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := copyTestModule(t)
			cacheDir := t.TempDir()
			before := build(t, dir, cacheDir)
			writeSource(t, filepath.Join(dir, filepath.FromSlash(tt.file)), tt.content)
			compilesBefore := compileCount.Load()

			after := build(t, dir, cacheDir)

			assert.False(t, after.Cached)
			assert.Equal(t, compilesBefore+1, compileCount.Load())
			assert.NotEqual(t, before.ZipPath, after.ZipPath, "cache key did not change")
			if tt.wantNewHash {
				assert.NotEqual(t, before.SHA256, after.SHA256)
			}
		})
	}
}

func TestBuildUnrelatedFileHits(t *testing.T) {
	dir := copyTestModule(t)
	cacheDir := t.TempDir()
	before := build(t, dir, cacheDir)
	writeSource(t, filepath.Join(dir, "README.md"), "not part of any package\n")
	writeSource(t, filepath.Join(dir, "hello", "main_test.go"), "package main\n")

	after := build(t, dir, cacheDir)

	assert.True(t, after.Cached)
	assert.Equal(t, before.ZipPath, after.ZipPath)
}

func TestBuildCompileError(t *testing.T) {
	tests := []struct {
		name       string
		file       string
		content    string
		wantOutput []string
	}{
		{
			name:       "syntax error",
			file:       "hello/main.go",
			content:    "package main\n\nfunc main() {\n\tif {\n}\n",
			wantOutput: []string{"main.go:4", "syntax error"},
		},
		{
			name:       "type error in dependency",
			file:       "greeting/greeting.go",
			content:    "package greeting\n\nfunc For(name string) string {\n\treturn undefinedName\n}\n",
			wantOutput: []string{"greeting.go:4", "undefined: undefinedName"},
		},
		{
			name:       "missing import",
			file:       "greeting/greeting.go",
			content:    "package greeting\n\nimport \"example.com/not/required\"\n\nfunc For(name string) string {\n\treturn required.X\n}\n",
			wantOutput: []string{"example.com/not/required"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := copyTestModule(t)
			cacheDir := t.TempDir()
			writeSource(t, filepath.Join(dir, filepath.FromSlash(tt.file)), tt.content)

			_, err := Build(context.Background(), Options{Dir: dir, Package: testPackage, CacheDir: cacheDir})

			var compileErr *CompileError
			require.ErrorAs(t, err, &compileErr)
			assert.Equal(t, testPackage, compileErr.Package)
			for _, want := range tt.wantOutput {
				assert.Contains(t, compileErr.Output, want)
			}
			assert.True(t, strings.HasPrefix(err.Error(), "compiling Lambda package ./hello:\n"), "message: %s", err)
			entries, err := os.ReadDir(cacheDir)
			require.NoError(t, err)
			assert.Empty(t, entries, "a failed build left files in the cache")
		})
	}
}

func TestBuildMissingPackage(t *testing.T) {
	dir := testModuleDir(t)

	_, err := Build(context.Background(), Options{Dir: dir, Package: "./functions/missing", CacheDir: t.TempDir()})

	require.Error(t, err)
	assert.ErrorIs(t, err, fs.ErrNotExist)
	assert.Contains(t, err.Error(), "./functions/missing")
	assert.Contains(t, err.Error(), "module root "+dir)
}

func TestBuildInvalidOptions(t *testing.T) {
	dir := testModuleDir(t)
	tests := []struct {
		name        string
		opts        Options
		wantMessage string
	}{
		{name: "empty dir", opts: Options{Package: testPackage}, wantMessage: "Dir is empty"},
		{name: "relative dir", opts: Options{Dir: "testdata/hellomod", Package: testPackage}, wantMessage: `Dir "testdata/hellomod" is relative`},
		{name: "dir without go.mod", opts: Options{Dir: filepath.Join(dir, "hello"), Package: "."}, wantMessage: "is not a module root"},
		{name: "empty package", opts: Options{Dir: dir}, wantMessage: "Package is empty"},
		{name: "import path as package", opts: Options{Dir: dir, Package: "hello"}, wantMessage: `Package "hello" is not a relative path`},
		{name: "pattern as package", opts: Options{Dir: dir, Package: "./..."}, wantMessage: `Package "./..." is a pattern`},
		{name: "unknown arch", opts: Options{Dir: dir, Package: testPackage, Arch: "x86_64"}, wantMessage: `Arch "x86_64"`},
		{name: "local toolchain", opts: Options{Dir: dir, Package: testPackage, Toolchain: "local"}, wantMessage: `Toolchain "local"`},
		{name: "auto toolchain", opts: Options{Dir: dir, Package: testPackage, Toolchain: "go1.26.8+auto"}, wantMessage: `Toolchain "go1.26.8+auto"`},
		{name: "relative cache dir", opts: Options{Dir: dir, Package: testPackage, CacheDir: "cache"}, wantMessage: `CacheDir "cache" is relative`},
		{name: "file as package", opts: Options{Dir: dir, Package: "./go.mod"}, wantMessage: "which is not a directory"},
		{name: "library package", opts: Options{Dir: dir, Package: "./greeting"}, wantMessage: "not a main package"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.opts.CacheDir == "" {
				tt.opts.CacheDir = t.TempDir()
			}

			_, err := Build(context.Background(), tt.opts)

			require.Error(t, err)
			assert.ErrorIs(t, err, ErrInvalidOptions)
			assert.Contains(t, err.Error(), tt.wantMessage)
		})
	}
}

func TestBuildIgnoresCallerGoSettings(t *testing.T) {
	dir := testModuleDir(t)
	clean := build(t, dir, t.TempDir())
	envFile := filepath.Join(t.TempDir(), "go.env")
	writeSource(t, envFile, "GOFLAGS=-gcflags=all=-N\nGOARM64=v9.0\n")

	tests := []struct {
		name      string
		variables map[string]string
	}{
		{
			name: "environment variables",
			variables: map[string]string{
				"GOFLAGS":     "-gcflags=all=-N -ldflags=-X=main.injected=1 -tags=netgo",
				"GOARM64":     "v9.0",
				"CGO_ENABLED": "1",
				"GOWORK":      filepath.Join(t.TempDir(), "go.work"),
			},
		},
		{
			name:      "go env file",
			variables: map[string]string{"GOENV": envFile},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for name, value := range tt.variables {
				t.Setenv(name, value)
			}

			polluted := build(t, dir, t.TempDir())

			assert.Equal(t, clean.SHA256, polluted.SHA256)
		})
	}
}

func TestBuildUnavailableToolchain(t *testing.T) {
	t.Setenv("GOPROXY", "off")

	_, err := Build(context.Background(), Options{
		Dir:       testModuleDir(t),
		Package:   testPackage,
		Toolchain: "go1.26.1",
		CacheDir:  t.TempDir(),
	})

	require.Error(t, err)
	assert.Contains(t, err.Error(), "toolchain go1.26.1")
}

func TestBuildCancelledContext(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()

	_, err := Build(ctx, Options{Dir: testModuleDir(t), Package: testPackage, CacheDir: t.TempDir()})

	assert.ErrorIs(t, err, context.Canceled)
}

func TestBuildConcurrentSameKey(t *testing.T) {
	dir := copyTestModule(t)
	cacheDir := t.TempDir()
	compilesBefore := compileCount.Load()

	const builds = 4
	artifacts := make([]Artifact, builds)
	errs := make([]error, builds)
	var wg sync.WaitGroup
	for i := range builds {
		wg.Go(func() {
			artifacts[i], errs[i] = Build(context.Background(), Options{Dir: dir, Package: testPackage, CacheDir: cacheDir})
		})
	}
	wg.Wait()

	compiled := 0
	for i := range builds {
		require.NoError(t, errs[i])
		assert.Equal(t, artifacts[0].SHA256, artifacts[i].SHA256)
		if !artifacts[i].Cached {
			compiled++
		}
	}
	assert.Equal(t, 1, compiled)
	assert.Equal(t, compilesBefore+1, compileCount.Load())
	entries, err := os.ReadDir(cacheDir)
	require.NoError(t, err)
	assert.Len(t, entries, 1, "cache contains temporary files")
}

func TestBuildFunctionsMe(t *testing.T) {
	repositoryRoot, err := filepath.Abs(filepath.Join("..", ".."))
	require.NoError(t, err)

	artifact, err := Build(context.Background(), Options{Dir: repositoryRoot, Package: "./functions/me", CacheDir: t.TempDir()})

	require.NoError(t, err)
	_, binary := readZip(t, artifact.ZipPath)
	executable, err := elf.NewFile(bytes.NewReader(binary))
	require.NoError(t, err)
	assert.Equal(t, elf.EM_AARCH64, executable.Machine)
	info, err := buildinfo.Read(bytes.NewReader(binary))
	require.NoError(t, err)
	assert.Equal(t, "github.com/secureserverless/framework/functions/me", info.Path)
}

func TestKeyedMutexCancelWhileWaiting(t *testing.T) {
	locks := &keyedMutex{locks: make(map[string]*keyLock)}
	unlock, err := locks.lock(context.Background(), "key")
	require.NoError(t, err)

	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Millisecond)
	defer cancel()
	_, err = locks.lock(ctx, "key")
	assert.ErrorIs(t, err, context.DeadlineExceeded)

	otherUnlock, err := locks.lock(context.Background(), "other key")
	require.NoError(t, err, "a held key blocked another key")
	otherUnlock()

	unlock()
	unlockAgain, err := locks.lock(context.Background(), "key")
	require.NoError(t, err)
	unlockAgain()
	assert.Empty(t, locks.locks, "released keys remain in the map")
}

func TestCompileErrorMessage(t *testing.T) {
	err := &CompileError{Package: "./functions/me", Output: "# example\nmain.go:3:1: syntax error\n"}

	assert.Equal(t, "compiling Lambda package ./functions/me:\n# example\nmain.go:3:1: syntax error", err.Error())
}

func BenchmarkBuildCached(b *testing.B) {
	opts := Options{Dir: testModuleDir(b), Package: testPackage, CacheDir: b.TempDir()}
	_, err := Build(context.Background(), opts)
	require.NoError(b, err)

	for b.Loop() {
		artifact, err := Build(context.Background(), opts)
		if err != nil {
			b.Fatal(err)
		}
		if !artifact.Cached {
			b.Fatal("Build missed the cache")
		}
	}
}
