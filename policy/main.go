// Command policy serves the secure-serverless CrossGuard policy pack to the Pulumi engine.
//
// Users run it from source with `pulumi preview --policy-pack ./policy`. The engine can also start the
// compiled binary directly: `go build -o BIN ./policy`, then pass the absolute path of BIN.
package main

import (
	"fmt"
	"os"

	"github.com/secureserverless/framework/policy/pack"
	"github.com/secureserverless/framework/policy/rules"
)

//go:generate go run ./cmd/catalog -out ../POLICIES.md -matrices compliance

func main() {
	p, err := rules.NewPack()
	if err != nil {
		fmt.Fprintf(os.Stderr, "building policy pack %s: %v\n", rules.PackName, err)
		os.Exit(1)
	}
	if err := pack.Main(p); err != nil {
		fmt.Fprintf(os.Stderr, "serving policy pack %s: %v\n", rules.PackName, err)
		os.Exit(1)
	}
}
