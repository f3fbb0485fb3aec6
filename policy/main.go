// Command policy serves the secure-serverless CrossGuard policy pack to the Pulumi engine.
//
// Users run it from source with `pulumi preview --policy-pack ./policy`. The engine can also start the
// compiled binary directly: `go build -o BIN ./policy`, then pass the absolute path of BIN.
package main

import (
	"fmt"
	"os"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi/policyx"

	"github.com/secureserverless/framework/policy/rules"
)

func main() {
	if err := policyx.Main(rules.NewPack); err != nil {
		fmt.Fprintf(os.Stderr, "serving policy pack %s: %v\n", rules.PackName, err)
		os.Exit(1)
	}
}
