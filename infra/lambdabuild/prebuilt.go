package lambdabuild

import (
	"archive/zip"
	"bytes"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"path/filepath"
)

// ErrInvalidArchive is wrapped by the error of Open when the file is not a deployment zip that the
// provided.al2023 runtime can run.
var ErrInvalidArchive = errors.New("invalid Lambda deployment zip")

// Open checks a prebuilt deployment zip and returns it as an Artifact. The zip must hold an executable
// regular file named bootstrap at its root, which the provided.al2023 runtime runs. Other entries are
// allowed. path is made absolute, because the engine reads the file later from its own working directory.
func Open(path string) (Artifact, error) {
	absolute, err := filepath.Abs(path)
	if err != nil {
		return Artifact{}, fmt.Errorf("resolving the path of Lambda zip %s: %w", path, err)
	}
	content, err := os.ReadFile(absolute)
	if err != nil {
		return Artifact{}, fmt.Errorf("reading Lambda zip: %w; build it with `go run ./functions/cmd/archives` "+
			"or set the path of an existing zip", err)
	}
	reader, err := zip.NewReader(bytes.NewReader(content), int64(len(content)))
	if err != nil {
		return Artifact{}, fmt.Errorf("%w %s: %v; zip the function's executable as %s", ErrInvalidArchive,
			absolute, err, BinaryName)
	}
	var bootstrap *zip.File
	for _, file := range reader.File {
		if file.Name == BinaryName {
			bootstrap = file
		}
	}
	switch {
	case bootstrap == nil:
		return Artifact{}, fmt.Errorf("%w %s: no %s entry at the root; zip the function's executable as %s",
			ErrInvalidArchive, absolute, BinaryName, BinaryName)
	case !bootstrap.Mode().IsRegular():
		return Artifact{}, fmt.Errorf("%w %s: %s is not a regular file; zip the executable itself",
			ErrInvalidArchive, absolute, BinaryName)
	case bootstrap.Mode().Perm()&0o111 == 0:
		return Artifact{}, fmt.Errorf("%w %s: %s has mode %v without execute permission; zip it with mode 0755",
			ErrInvalidArchive, absolute, BinaryName, bootstrap.Mode().Perm())
	}

	sum := sha256.Sum256(content)
	return Artifact{
		ZipPath:      absolute,
		SHA256:       hex.EncodeToString(sum[:]),
		Base64SHA256: base64.StdEncoding.EncodeToString(sum[:]),
	}, nil
}
