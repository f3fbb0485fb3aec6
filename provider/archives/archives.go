// Package archives supplies the deployment zips of the platform's functions to the Platform component.
// `make provider` builds them into the zips folder, which the provider binary embeds. A binary built
// without that step embeds none and builds the functions from the repository it was built from.
package archives

import (
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"runtime"
	"slices"
	"strings"

	"github.com/secureserverless/framework/infra"
)

//go:embed zips
var embeddedFiles embed.FS

// cacheSubdirectory is the folder under os.UserCacheDir that holds the embedded zips written to disk.
const cacheSubdirectory = "secure-serverless/provider-archives"

// rootModule is the module path of the repository that holds the functions' source.
const rootModule = "github.com/secureserverless/framework"

// Functions is the code of the platform's functions: a zip per function in Archives and, for the
// functions without one, the Go module at SourceDir.
type Functions struct {
	SourceDir string
	Archives  map[string]string
}

// Resolve returns the code of every platform function for the Lambda architecture (arm64 or x86_64).
// A path in overrides wins; otherwise the embedded zip is written to a cache file named by its SHA-256
// and used. Functions without either are built from the repository source the binary was built from,
// and Resolve fails when that source is not on this machine.
func Resolve(architecture string, overrides map[string]string) (Functions, error) {
	functions := Functions{Archives: map[string]string{}}
	var missing []string
	for _, name := range infra.PlatformFunctionNames {
		if archive, ok := overrides[name]; ok {
			functions.Archives[name] = archive
			continue
		}
		archive, err := cachedArchive(architecture, name)
		if err != nil {
			return Functions{}, err
		}
		if archive == "" {
			missing = append(missing, name)
			continue
		}
		functions.Archives[name] = archive
	}
	// Unknown names in overrides are passed on, so the platform rejects them with its own message.
	for name, archive := range overrides {
		if !slices.Contains(infra.PlatformFunctionNames, name) {
			functions.Archives[name] = archive
		}
	}
	if len(missing) == 0 {
		return functions, nil
	}

	sourceDir, ok := repositorySource()
	if !ok {
		return Functions{}, fmt.Errorf("the provider binary embeds no %s archive of the functions %s and the "+
			"repository it was built from is not on this machine; build the provider with `make provider`, "+
			"which embeds them, or set functionArchives to prebuilt zips",
			architecture, strings.Join(missing, ", "))
	}
	functions.SourceDir = sourceDir
	return functions, nil
}

// Embedded returns the names of the functions whose zips the binary embeds for the architecture.
func Embedded(architecture string) []string {
	var names []string
	for _, name := range infra.PlatformFunctionNames {
		if _, err := fs.Stat(embeddedFiles, embeddedPath(architecture, name)); err == nil {
			names = append(names, name)
		}
	}
	return names
}

// embeddedPath returns the path of a function's zip in the embedded folder.
func embeddedPath(architecture, name string) string {
	return path.Join("zips", architecture, name+".zip")
}

// cachedArchive writes the embedded zip of a function to the cache and returns its path, or "" when
// the binary embeds no zip of it. The file name is the zip's SHA-256, so a file that exists already
// holds the same bytes and is reused.
func cachedArchive(architecture, name string) (string, error) {
	content, err := embeddedFiles.ReadFile(embeddedPath(architecture, name))
	if errors.Is(err, fs.ErrNotExist) {
		return "", nil
	}
	if err != nil {
		return "", fmt.Errorf("reading the embedded archive of function %s: %w", name, err)
	}

	cacheRoot, err := os.UserCacheDir()
	if err != nil {
		return "", fmt.Errorf("finding the cache folder for the function archives: %w; set HOME or XDG_CACHE_HOME", err)
	}
	sum := sha256.Sum256(content)
	dir := filepath.Join(cacheRoot, cacheSubdirectory)
	target := filepath.Join(dir, hex.EncodeToString(sum[:])+".zip")
	if _, err := os.Stat(target); err == nil {
		return target, nil
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", fmt.Errorf("creating the cache folder of the function archives: %w", err)
	}
	// Writing to a temporary file and renaming it means no reader ever sees a partial zip.
	temp, err := os.CreateTemp(dir, ".archive-")
	if err != nil {
		return "", fmt.Errorf("creating a temporary file for the archive of function %s: %w", name, err)
	}
	defer os.Remove(temp.Name())
	if _, err := temp.Write(content); err != nil {
		temp.Close()
		return "", fmt.Errorf("writing the archive of function %s: %w", name, err)
	}
	if err := temp.Close(); err != nil {
		return "", fmt.Errorf("writing the archive of function %s: %w", name, err)
	}
	if err := os.Rename(temp.Name(), target); err != nil {
		return "", fmt.Errorf("moving the archive of function %s into the cache: %w", name, err)
	}
	return target, nil
}

// repositorySource returns the root of the repository this package was compiled from, when it is still
// on this machine. The compiler records the absolute path of this file unless the build used -trimpath.
func repositorySource() (string, bool) {
	_, file, _, ok := runtime.Caller(0)
	if !ok || !filepath.IsAbs(file) {
		return "", false
	}
	root := filepath.Dir(filepath.Dir(filepath.Dir(file)))
	goMod, err := os.ReadFile(filepath.Join(root, "go.mod"))
	if err != nil {
		return "", false
	}
	firstLine, _, _ := strings.Cut(string(goMod), "\n")
	if strings.TrimSpace(firstLine) != "module "+rootModule {
		return "", false
	}
	return root, true
}
