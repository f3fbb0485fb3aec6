package lambdabuild

import (
	"archive/zip"
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"
)

// zipModified is the modification time of the zip entry. 1980-01-01 is the earliest time that the MS-DOS
// date fields of a zip header can store, and a fixed time keeps the zip bytes independent of the build time.
var zipModified = time.Date(1980, time.January, 1, 0, 0, 0, 0, time.UTC)

// zipEntryMode is the Unix mode of the bootstrap entry. Lambda needs the executable bits to run it.
const zipEntryMode = 0o755

// buildZip compiles the package and stores its zip at zipPath. The binary and the zip are written in a
// temporary directory inside the cache directory, and the zip is then renamed into place. A reader therefore
// never sees a partial file, and when two processes build the same key, the later rename replaces a complete
// zip with an identical one.
func buildZip(ctx context.Context, opts Options, env goEnvironment, zipPath string) error {
	if err := os.MkdirAll(opts.CacheDir, 0o755); err != nil {
		return fmt.Errorf("creating Lambda build cache directory: %w", err)
	}
	tempDir, err := os.MkdirTemp(opts.CacheDir, ".build-")
	if err != nil {
		return fmt.Errorf("creating a temporary directory in the Lambda build cache: %w", err)
	}
	defer os.RemoveAll(tempDir)

	binaryPath := filepath.Join(tempDir, BinaryName)
	if err := compile(ctx, opts, env, binaryPath); err != nil {
		return err
	}

	tempZip := filepath.Join(tempDir, "lambda.zip")
	if err := writeZip(binaryPath, tempZip); err != nil {
		return err
	}
	if err := os.Rename(tempZip, zipPath); err != nil {
		return fmt.Errorf("moving the Lambda zip into the cache: %w", err)
	}
	return nil
}

// writeZip writes a zip at zipPath with the single entry bootstrap, containing the file at binaryPath. Every
// header field is fixed, so the same binary gives the same zip bytes with the same compress/flate version.
func writeZip(binaryPath, zipPath string) (err error) {
	binary, err := os.Open(binaryPath)
	if err != nil {
		return fmt.Errorf("opening compiled Lambda binary: %w", err)
	}
	defer binary.Close()

	file, err := os.OpenFile(zipPath, os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o644)
	if err != nil {
		return fmt.Errorf("creating Lambda zip: %w", err)
	}
	defer func() {
		if closeErr := file.Close(); closeErr != nil && err == nil {
			err = fmt.Errorf("closing Lambda zip %s: %w", zipPath, closeErr)
		}
	}()

	archive := zip.NewWriter(file)
	header := &zip.FileHeader{
		Name:     BinaryName,
		Method:   zip.Deflate,
		Modified: zipModified,
	}
	header.SetMode(zipEntryMode)

	entry, err := archive.CreateHeader(header)
	if err != nil {
		return fmt.Errorf("adding %s to Lambda zip: %w", BinaryName, err)
	}
	if _, err := io.Copy(entry, binary); err != nil {
		return fmt.Errorf("compressing %s into Lambda zip: %w", BinaryName, err)
	}
	if err := archive.Close(); err != nil {
		return fmt.Errorf("finishing Lambda zip %s: %w", zipPath, err)
	}
	if err := file.Sync(); err != nil {
		return fmt.Errorf("flushing Lambda zip %s to disk: %w", zipPath, err)
	}
	return nil
}
