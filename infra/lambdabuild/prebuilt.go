package lambdabuild

import (
	"archive/zip"
	"bytes"
	"crypto/sha256"
	"debug/elf"
	"encoding/base64"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
)

// ErrInvalidArchive is wrapped by the error of Open and OpenFor when the file is not a deployment zip
// that the provided.al2023 runtime can run.
var ErrInvalidArchive = errors.New("invalid Lambda deployment zip")

// Open checks a prebuilt deployment zip and returns it as an Artifact. The zip must hold an executable
// regular file named bootstrap at its root, which the provided.al2023 runtime runs. Other entries are
// allowed. path is made absolute, because the engine reads the file later from its own working directory.
func Open(path string) (Artifact, error) {
	artifact, _, err := open(path)
	return artifact, err
}

// OpenFor checks a prebuilt deployment zip like Open and also that its bootstrap runs on arch, a GOARCH
// ("arm64" or "amd64"). An ELF bootstrap must have the machine of arch in its header. Another bootstrap,
// such as a shell script, runs on either architecture and passes.
func OpenFor(path, arch string) (Artifact, error) {
	want, known := elfMachines[arch]
	if !known {
		return Artifact{}, fmt.Errorf("Arch %q is not a Lambda architecture; use \"arm64\" or \"amd64\"", arch)
	}
	artifact, bootstrap, err := open(path)
	if err != nil {
		return Artifact{}, err
	}
	machine, isELF, err := elfMachine(bootstrap)
	if err != nil {
		return Artifact{}, fmt.Errorf("%w %s: reading %s: %v", ErrInvalidArchive, artifact.ZipPath, BinaryName, err)
	}
	if isELF && machine != want {
		return Artifact{}, fmt.Errorf("%w %s: %s is an ELF executable for %s, but the function runs on %s, "+
			"which needs %s; use the zip built for %s, such as the one under provider/archives/zips/%s/, or "+
			"rebuild the zips with `go run ./functions/cmd/archives`", ErrInvalidArchive, artifact.ZipPath,
			BinaryName, machine, lambdaArchitectures[arch], want, lambdaArchitectures[arch], lambdaArchitectures[arch])
	}
	return artifact, nil
}

// elfMachines maps each GOARCH that Lambda runs to the e_machine of its ELF executables.
var elfMachines = map[string]elf.Machine{"arm64": elf.EM_AARCH64, "amd64": elf.EM_X86_64}

// lambdaArchitectures maps each GOARCH that Lambda runs to Lambda's name of the architecture.
var lambdaArchitectures = map[string]string{"arm64": "arm64", "amd64": "x86_64"}

// elfMachine returns the e_machine field of the file when it starts with the ELF magic number, and
// isELF false for any other file.
func elfMachine(file *zip.File) (machine elf.Machine, isELF bool, err error) {
	reader, err := file.Open()
	if err != nil {
		return 0, false, err
	}
	defer reader.Close()
	// e_machine is the 2 bytes at offset 18 in both the 32-bit and the 64-bit ELF header, after the
	// 16 bytes of e_ident and the 2 bytes of e_type.
	header := make([]byte, 20)
	n, err := io.ReadFull(reader, header)
	if err != nil && !errors.Is(err, io.ErrUnexpectedEOF) && !errors.Is(err, io.EOF) {
		return 0, false, err
	}
	if n < len(header) || string(header[:len(elf.ELFMAG)]) != elf.ELFMAG {
		return 0, false, nil
	}
	var order binary.ByteOrder = binary.LittleEndian
	if elf.Data(header[elf.EI_DATA]) == elf.ELFDATA2MSB {
		order = binary.BigEndian
	}
	return elf.Machine(order.Uint16(header[18:20])), true, nil
}

// open checks a prebuilt deployment zip and returns it as an Artifact with its bootstrap entry.
func open(path string) (Artifact, *zip.File, error) {
	absolute, err := filepath.Abs(path)
	if err != nil {
		return Artifact{}, nil, fmt.Errorf("resolving the path of Lambda zip %s: %w", path, err)
	}
	content, err := os.ReadFile(absolute)
	if err != nil {
		return Artifact{}, nil, fmt.Errorf("reading Lambda zip: %w; build it with `go run ./functions/cmd/archives` "+
			"or set the path of an existing zip", err)
	}
	reader, err := zip.NewReader(bytes.NewReader(content), int64(len(content)))
	if err != nil {
		return Artifact{}, nil, fmt.Errorf("%w %s: %v; zip the function's executable as %s", ErrInvalidArchive,
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
		return Artifact{}, nil, fmt.Errorf("%w %s: no %s entry at the root; zip the function's executable as %s",
			ErrInvalidArchive, absolute, BinaryName, BinaryName)
	case !bootstrap.Mode().IsRegular():
		return Artifact{}, nil, fmt.Errorf("%w %s: %s is not a regular file; zip the executable itself",
			ErrInvalidArchive, absolute, BinaryName)
	case bootstrap.Mode().Perm()&0o111 == 0:
		return Artifact{}, nil, fmt.Errorf("%w %s: %s has mode %v without execute permission; zip it with mode 0755",
			ErrInvalidArchive, absolute, BinaryName, bootstrap.Mode().Perm())
	}

	sum := sha256.Sum256(content)
	return Artifact{
		ZipPath:      absolute,
		SHA256:       hex.EncodeToString(sum[:]),
		Base64SHA256: base64.StdEncoding.EncodeToString(sum[:]),
	}, bootstrap, nil
}
