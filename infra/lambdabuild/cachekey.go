package lambdabuild

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"hash"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
)

// cacheKeyFormat names the layout of the cache key. Change it whenever cacheKey or the zip layout changes, so
// that zips built by an older layout are not returned.
const cacheKeyFormat = "lambdabuild cache key v1"

// cacheKey returns the hex SHA-256 over every input that determines the bytes of the zip:
//
//   - the toolchain, the GOVERSION it reports, the fixed environment and the build flags;
//   - the Go version of this process, because its compress/flate writes the zip;
//   - go.mod and go.sum of the module at opts.Dir;
//   - for each package that is built from a directory in the checkout (the main module, local replacements
//     and vendored code), the import path and the name and content of each source file;
//   - for each package of a module from the module cache, the import path and module path@version, which
//     go.sum pins to one content.
//
// Standard library packages are covered by the toolchain version. Paths enter the key relative to their
// package, so a copy of the module at another path has the same key.
func cacheKey(opts Options, env goEnvironment, packages []listedPackage) (string, error) {
	key := sha256.New()
	writeField(key, "format", cacheKeyFormat)
	writeField(key, "toolchain", opts.Toolchain)
	writeField(key, "goversion", env.goVersion)
	for _, setting := range env.fixed {
		writeField(key, "env", setting)
	}
	for _, flag := range buildFlags {
		writeField(key, "flag", flag)
	}
	writeField(key, "zip writer", runtime.Version())

	for _, name := range []string{"go.mod", "go.sum"} {
		if err := writeFileDigest(key, name, filepath.Join(opts.Dir, name)); err != nil {
			return "", err
		}
	}

	for _, pkg := range packages {
		if pkg.Standard {
			continue
		}
		if !pkg.DepOnly {
			writeField(key, "main package", pkg.ImportPath)
		}

		module := pkg.Module
		if module != nil && module.Replace != nil {
			module = module.Replace
		}
		if module != nil && !module.Main && module.Version != "" && !isWithin(pkg.Dir, opts.Dir) {
			writeField(key, "module package", pkg.ImportPath+" "+module.Path+"@"+module.Version)
			continue
		}

		writeField(key, "source package", pkg.ImportPath)
		if err := writePackageFiles(key, pkg); err != nil {
			return "", err
		}
	}

	return hex.EncodeToString(key.Sum(nil)), nil
}

// writePackageFiles adds the name and content of every file of pkg that the compiler, the assembler or the
// linker reads.
func writePackageFiles(key hash.Hash, pkg listedPackage) error {
	var names []string
	for _, list := range [][]string{pkg.GoFiles, pkg.CgoFiles, pkg.SFiles, pkg.HFiles, pkg.SysoFiles, pkg.EmbedFiles} {
		names = append(names, list...)
	}
	slices.Sort(names)
	names = slices.Compact(names)

	for _, name := range names {
		if err := writeFileDigest(key, name, filepath.Join(pkg.Dir, filepath.FromSlash(name))); err != nil {
			return fmt.Errorf("hashing package %s: %w", pkg.ImportPath, err)
		}
	}
	return nil
}

// writeFileDigest adds name and the SHA-256 of the file at path. A missing file is recorded as absent, since go.sum
// may not exist in a module without dependencies.
func writeFileDigest(key hash.Hash, name, path string) error {
	file, err := os.Open(path)
	if errors.Is(err, os.ErrNotExist) {
		writeField(key, "absent file", name)
		return nil
	}
	if err != nil {
		return fmt.Errorf("reading %s for the Lambda build cache key: %w", path, err)
	}
	defer file.Close()

	content := sha256.New()
	if _, err := io.Copy(content, file); err != nil {
		return fmt.Errorf("reading %s for the Lambda build cache key: %w", path, err)
	}
	writeField(key, "file", name)
	writeField(key, "sha256", hex.EncodeToString(content.Sum(nil)))
	return nil
}

// writeField adds a label and a value with their lengths, so that no two field sequences hash the same bytes.
func writeField(key hash.Hash, label, value string) {
	fmt.Fprintf(key, "%d:%s=%d:%s\n", len(label), label, len(value), value)
}

// isWithin reports whether path is root or inside it.
func isWithin(path, root string) bool {
	relative, err := filepath.Rel(root, path)
	if err != nil {
		return false
	}
	return relative == "." || (relative != ".." && !strings.HasPrefix(relative, ".."+string(filepath.Separator)))
}
