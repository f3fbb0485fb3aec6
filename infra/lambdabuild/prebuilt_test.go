package lambdabuild

import (
	"archive/zip"
	"context"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// writeTestZip writes a zip with one entry of the given name and mode and returns its path.
func writeTestZip(t *testing.T, name string, mode os.FileMode) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "function.zip")
	file, err := os.Create(path)
	require.NoError(t, err)
	archive := zip.NewWriter(file)
	header := &zip.FileHeader{Name: name, Method: zip.Deflate}
	header.SetMode(mode)
	entry, err := archive.CreateHeader(header)
	require.NoError(t, err)
	_, err = entry.Write([]byte("#!/bin/sh\n"))
	require.NoError(t, err)
	require.NoError(t, archive.Close())
	require.NoError(t, file.Close())
	return path
}

func TestOpenPrebuiltChecksums(t *testing.T) {
	path := writeTestZip(t, BinaryName, 0o755)
	content, err := os.ReadFile(path)
	require.NoError(t, err)
	sum := sha256.Sum256(content)

	artifact, err := Open(path)
	require.NoError(t, err)
	assert.Equal(t, path, artifact.ZipPath)
	assert.Equal(t, base64.StdEncoding.EncodeToString(sum[:]), artifact.Base64SHA256)
	assert.Len(t, artifact.SHA256, 64)
	assert.False(t, artifact.Cached, "a prebuilt zip does not come from the build cache")
}

func TestOpenPrebuiltRelativePath(t *testing.T) {
	path := writeTestZip(t, BinaryName, 0o755)
	t.Chdir(filepath.Dir(path))

	artifact, err := Open(filepath.Base(path))
	require.NoError(t, err)
	assert.Equal(t, path, artifact.ZipPath, "the path is made absolute for the engine")
}

func TestOpenPrebuiltRejects(t *testing.T) {
	notZip := filepath.Join(t.TempDir(), "function.zip")
	require.NoError(t, os.WriteFile(notZip, []byte("not a zip"), 0o644))

	tests := []struct {
		name, path, message string
	}{
		{"no bootstrap", writeTestZip(t, "main", 0o755), "no bootstrap entry"},
		{"not executable", writeTestZip(t, BinaryName, 0o644), "without execute permission"},
		{"not a zip", notZip, "zip the function's executable"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Open(tt.path)
			require.Error(t, err)
			assert.True(t, errors.Is(err, ErrInvalidArchive), "error %v wraps ErrInvalidArchive", err)
			assert.Contains(t, err.Error(), tt.message)
			assert.Contains(t, err.Error(), tt.path)
		})
	}
}

func TestOpenPrebuiltMissingFile(t *testing.T) {
	missing := filepath.Join(t.TempDir(), "absent.zip")
	_, err := Open(missing)
	require.Error(t, err)
	assert.ErrorIs(t, err, os.ErrNotExist)
	assert.Contains(t, err.Error(), "go run ./functions/cmd/archives")
}

// buildTestArchive builds the handler of testdata/hellomod for goarch and returns its zip's path.
func buildTestArchive(t *testing.T, goarch string) string {
	t.Helper()
	dir, err := filepath.Abs(filepath.Join("testdata", "hellomod"))
	require.NoError(t, err)
	artifact, err := Build(context.Background(), Options{Dir: dir, Package: "./hello", Arch: goarch,
		CacheDir: t.TempDir()})
	require.NoError(t, err)
	return artifact.ZipPath
}

func TestOpenForArchitecture(t *testing.T) {
	arm64Zip := buildTestArchive(t, "arm64")
	amd64Zip := buildTestArchive(t, "amd64")

	_, err := OpenFor(arm64Zip, "arm64")
	require.NoError(t, err)
	_, err = OpenFor(amd64Zip, "amd64")
	require.NoError(t, err)

	_, err = OpenFor(amd64Zip, "arm64")
	require.Error(t, err)
	assert.ErrorIs(t, err, ErrInvalidArchive)
	assert.Contains(t, err.Error(), amd64Zip)
	assert.Contains(t, err.Error(), "bootstrap is an ELF executable for EM_X86_64, but the function runs on "+
		"arm64, which needs EM_AARCH64")
	assert.Contains(t, err.Error(), "provider/archives/zips/arm64/")

	_, err = OpenFor(arm64Zip, "amd64")
	require.Error(t, err)
	assert.Contains(t, err.Error(), "ELF executable for EM_AARCH64, but the function runs on x86_64, which "+
		"needs EM_X86_64")
	assert.Contains(t, err.Error(), "provider/archives/zips/x86_64/")
}

func TestOpenForScriptAndUnknownArch(t *testing.T) {
	script := writeTestZip(t, BinaryName, 0o755)
	_, err := OpenFor(script, "arm64")
	require.NoError(t, err, "a shell script bootstrap runs on either architecture")

	_, err = OpenFor(script, "386")
	require.Error(t, err)
	assert.Contains(t, err.Error(), `Arch "386" is not a Lambda architecture`)

	_, err = OpenFor(filepath.Join(t.TempDir(), "absent.zip"), "arm64")
	require.Error(t, err)
	assert.Contains(t, err.Error(), "reading Lambda zip")
}
