// Command pulumi-resource-aws is the stand-in aws resource provider (reporting version 6.83.4) for running
// the Pulumi engine offline. Install it into a plugin cache with
//
//	pulumi plugin install resource aws 6.83.4 --file pulumi-resource-aws
//
// The engine starts it with the address of its host service and reads the port it listens on from stdout.
package main

import (
	"fmt"
	"os"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi/provider"
	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"

	"github.com/secureserverless/framework/offline/standin"
)

func main() {
	err := provider.Main(standin.AWSPackage, func(*provider.HostClient) (pulumirpc.ResourceProviderServer, error) {
		return standin.NewAWSProvider(), nil
	})
	if err != nil {
		fmt.Fprintf(os.Stderr, "pulumi-resource-aws: %v\n", err)
		os.Exit(1)
	}
}
