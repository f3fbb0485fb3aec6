// Command platformgen writes components/platform_inputs.go from the config block of the project file.
// Run it from the provider module: go run ./cmd/platformgen.
package main

import (
	"log"
	"os"

	"github.com/secureserverless/framework/provider/internal/platformgen"
)

func main() {
	project, err := os.ReadFile("../Pulumi.yaml")
	if err != nil {
		log.Fatalf("reading the project file: %v; run the command in the provider folder", err)
	}
	source, err := platformgen.Generate(project)
	if err != nil {
		log.Fatal(err)
	}
	if err := os.WriteFile(platformgen.OutputFile, source, 0o644); err != nil {
		log.Fatalf("writing %s: %v", platformgen.OutputFile, err)
	}
}
