// Command gopack serves the five-rule reference pack of bench/internal/fiverules to the Pulumi engine,
// as policy/main.go serves the platform's pack: gRPC on 127.0.0.1, with the port on the first line of
// stdout.
package main

import (
	"fmt"
	"os"

	"github.com/secureserverless/framework/bench/internal/fiverules"
	"github.com/secureserverless/framework/policy/pack"
)

func main() {
	p, err := fiverules.NewPack()
	if err != nil {
		fmt.Fprintf(os.Stderr, "building policy pack %s: %v\n", fiverules.PackName, err)
		os.Exit(1)
	}
	if err := pack.Main(p); err != nil {
		fmt.Fprintf(os.Stderr, "serving policy pack %s: %v\n", fiverules.PackName, err)
		os.Exit(1)
	}
}
