// Command secure-serverless-baseline is the Pulumi program of the account baseline, run by `pulumi up`
// and `pulumi preview` in this folder.
package main

import (
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/secureserverless/framework/baseline/program"
)

func main() {
	pulumi.Run(program.Run)
}
