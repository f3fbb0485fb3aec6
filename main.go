// Command secure-serverless is the Pulumi program of the platform, run by `pulumi up` and `pulumi preview`.
package main

import (
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/secureserverless/framework/program"
)

func main() {
	pulumi.Run(program.Run)
}
