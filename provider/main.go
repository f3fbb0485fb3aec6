// Command pulumi-resource-secureserverless is the component provider of the secureserverless package:
// the platform's components for Pulumi programs in any language.
package main

import (
	"context"
	"fmt"
	"os"

	"github.com/secureserverless/framework/provider/components"
)

// Name is the package name, the first part of every type token.
const Name = "secureserverless"

// Version is the package version, set at build time with -ldflags "-X main.Version=<version>".
var Version = "0.1.0"

func main() {
	provider, err := components.NewProvider()
	if err != nil {
		fmt.Fprintf(os.Stderr, "building the %s provider: %v\n", Name, err)
		os.Exit(1)
	}
	if err := provider.Run(context.Background(), Name, Version); err != nil {
		fmt.Fprintf(os.Stderr, "running the %s provider: %v\n", Name, err)
		os.Exit(1)
	}
}
