// Command catalog writes POLICIES.md, the catalog of the secure-serverless policy pack, and one
// control matrix per compliance framework in policy/compliance/, from the registered pack. Run it
// from the repository root:
//
//	go run ./policy/cmd/catalog
//
// A test in this folder fails when the committed files and the pack disagree.
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/secureserverless/framework/policy/pack"
	"github.com/secureserverless/framework/policy/rules"
)

// generator is the command that the generated files name as their source.
const generator = "go run ./policy/cmd/catalog"

// matrixFolder is the folder of the control matrices, relative to the repository root.
const matrixFolder = "policy/compliance"

func main() {
	os.Exit(run(os.Args[1:], os.Stderr))
}

// run parses args, writes the generated files and returns the exit code: 0 after writing or after
// -h, 1 when writing failed, 2 for invalid flags. Usage and errors go to stderr.
func run(args []string, stderr io.Writer) int {
	// A flag set of its own keeps the logging flags that the Pulumi SDK registers out of -h.
	flags := flag.NewFlagSet("catalog", flag.ContinueOnError)
	flags.SetOutput(stderr)
	out := flags.String("out", "POLICIES.md", "path of the catalog file to write")
	matrices := flags.String("matrices", matrixFolder, "folder to write the control matrices to, one <framework>.md each")
	if err := flags.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	if flags.NArg() > 0 {
		fmt.Fprintf(stderr, "catalog: unexpected argument %q: the command takes only flags, such as -out PATH\n", flags.Arg(0))
		flags.Usage()
		return 2
	}

	if err := writeAll(*out, *matrices); err != nil {
		fmt.Fprintf(stderr, "catalog: %v\n", err)
		return 1
	}
	return 0
}

// generatedFiles renders every generated file of the registered pack, keyed by its path relative to
// the repository root.
func generatedFiles() (map[string][]byte, error) {
	p, err := rules.NewPack()
	if err != nil {
		return nil, err
	}

	files := map[string][]byte{"POLICIES.md": catalogPage(p)}
	for _, framework := range pack.ControlFrameworks {
		matrix, err := p.ControlMatrix(framework.Key, generator)
		if err != nil {
			return nil, err
		}
		files[matrixPath(framework.Key)] = matrix
	}
	return files, nil
}

// catalogPage is the pack's catalog followed by the list of control matrices and the declined candidate
// rules. Every other candidate rule is a policy of the pack.
func catalogPage(p *pack.Pack) []byte {
	var b strings.Builder
	b.Write(p.Catalog(generator))

	b.WriteString("\n## Compliance control matrices\n\n")
	b.WriteString("Each policy above lists the controls it supports and who states each mapping. One page per " +
		"framework turns this around: control, then the policies that support it.\n\n")
	for _, framework := range pack.ControlFrameworks {
		fmt.Fprintf(&b, "- [%s %s](%s)\n", framework.Name, framework.Version, matrixPath(framework.Key))
	}

	writeCandidates(&b, "Declined rules", "candidate rules are left out of the pack on purpose, each for the reason given.",
		rules.Declined())
	return []byte(b.String())
}

// writeCandidates lists candidate rules that the pack does not implement, with the reason.
func writeCandidates(b *strings.Builder, title, summary string, candidates []rules.CandidateRule) {
	fmt.Fprintf(b, "\n## %s\n\n%d %s\n\n", title, len(candidates), summary)
	b.WriteString("| Candidate | Resource types | Reason |\n|---|---|---|\n")
	for _, rule := range candidates {
		fmt.Fprintf(b, "| %s | %s | %s |\n", rule.Check, rule.ResourceTypes, rule.Reason)
	}
}

func matrixPath(frameworkKey string) string {
	return filepath.ToSlash(filepath.Join(matrixFolder, frameworkKey+".md"))
}

// writeAll writes the catalog to catalogPath and the matrices into matricesFolder.
func writeAll(catalogPath, matricesFolder string) error {
	files, err := generatedFiles()
	if err != nil {
		return err
	}
	if err := os.MkdirAll(matricesFolder, 0o755); err != nil {
		return fmt.Errorf("creating matrix folder %s: %w", matricesFolder, err)
	}
	for name, content := range files {
		path := catalogPath
		if name != "POLICIES.md" {
			path = filepath.Join(matricesFolder, filepath.Base(name))
		}
		if err := os.WriteFile(path, content, 0o644); err != nil {
			return fmt.Errorf("writing %s: %w", path, err)
		}
	}
	return nil
}
