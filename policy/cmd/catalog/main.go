// Command catalog writes POLICIES.md, the catalog of the secure-serverless policy pack, from the
// registered pack. Run it from the repository root:
//
//	go run ./policy/cmd/catalog
//
// A test in this folder fails when POLICIES.md and the pack disagree.
package main

import (
	"flag"
	"fmt"
	"os"

	"github.com/secureserverless/framework/policy/rules"
)

// generator is the command that the catalog names as its source.
const generator = "go run ./policy/cmd/catalog"

func main() {
	out := flag.String("out", "POLICIES.md", "path of the catalog file to write")
	flag.Parse()

	if err := writeCatalog(*out); err != nil {
		fmt.Fprintf(os.Stderr, "catalog: %v\n", err)
		os.Exit(1)
	}
}

// catalog renders the catalog of the registered pack.
func catalog() ([]byte, error) {
	p, err := rules.NewPack()
	if err != nil {
		return nil, err
	}
	return p.Catalog(generator), nil
}

func writeCatalog(path string) error {
	content, err := catalog()
	if err != nil {
		return err
	}
	if err := os.WriteFile(path, content, 0o644); err != nil {
		return fmt.Errorf("writing catalog %s: %w", path, err)
	}
	return nil
}
