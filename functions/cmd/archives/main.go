// Command archives builds the deployment zips of the platform's functions for both Lambda architectures,
// as <out>/<architecture>/<function>.zip. The component package embeds them (see `make provider`).
//
// Usage, from the repository root:
//
//	go run ./functions/cmd/archives -out provider/archives/zips
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log"
	"os"
	"path/filepath"

	"github.com/secureserverless/framework/infra"
	"github.com/secureserverless/framework/infra/lambdabuild"
)

// architectures maps each Lambda architecture name to its GOARCH.
var architectures = []struct{ lambda, goarch string }{
	{"arm64", "arm64"},
	{"x86_64", "amd64"},
}

func main() {
	out := flag.String("out", "provider/archives/zips", "folder that receives <architecture>/<function>.zip")
	source := flag.String("source", ".", "root of the Go module that holds ./functions")
	cacheDir := flag.String("cache", "", "Lambda build cache folder; empty means the default of lambdabuild")
	flag.Parse()

	if err := run(context.Background(), *source, *out, *cacheDir); err != nil {
		log.Fatal(err)
	}
}

// run builds every platform function for every architecture and copies the zips into out.
func run(ctx context.Context, source, out, cacheDir string) error {
	sourceDir, err := filepath.Abs(source)
	if err != nil {
		return fmt.Errorf("resolving the source folder %s: %w", source, err)
	}
	for _, arch := range architectures {
		dir := filepath.Join(out, arch.lambda)
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return fmt.Errorf("creating %s: %w", dir, err)
		}
		for _, name := range infra.PlatformFunctionNames {
			artifact, err := lambdabuild.Build(ctx, lambdabuild.Options{
				Dir:      sourceDir,
				Package:  "./functions/" + name,
				Arch:     arch.goarch,
				CacheDir: cacheDir,
			})
			if err != nil {
				return fmt.Errorf("building function %s for %s: %w", name, arch.lambda, err)
			}
			target := filepath.Join(dir, name+".zip")
			if err := copyFile(artifact.ZipPath, target); err != nil {
				return err
			}
			log.Printf("wrote %s (sha256 %s)", target, artifact.SHA256)
		}
	}
	return nil
}

// copyFile copies src to dst through a temporary file, so an interrupted run leaves no partial zip.
func copyFile(src, dst string) error {
	in, err := os.Open(src)
	if err != nil {
		return fmt.Errorf("opening built zip %s: %w", src, err)
	}
	defer in.Close()
	temp, err := os.CreateTemp(filepath.Dir(dst), ".zip-")
	if err != nil {
		return fmt.Errorf("creating a temporary file next to %s: %w", dst, err)
	}
	defer os.Remove(temp.Name())
	if _, err := io.Copy(temp, in); err != nil {
		temp.Close()
		return fmt.Errorf("copying %s to %s: %w", src, dst, err)
	}
	if err := temp.Close(); err != nil {
		return fmt.Errorf("writing %s: %w", dst, err)
	}
	// CreateTemp creates the file with mode 0600; a zip is build output that anyone may read.
	if err := os.Chmod(temp.Name(), 0o644); err != nil {
		return fmt.Errorf("setting the mode of %s: %w", dst, err)
	}
	if err := os.Rename(temp.Name(), dst); err != nil {
		return fmt.Errorf("moving the zip into %s: %w", dst, err)
	}
	return nil
}
