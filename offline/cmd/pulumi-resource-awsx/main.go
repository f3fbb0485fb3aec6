// Command pulumi-resource-awsx is the stand-in awsx resource provider (reporting version 2.22.0) for running
// the Pulumi engine offline. It constructs awsx:ec2:Vpc components, whose children the stand-in aws provider
// then creates. Install it into a plugin cache with
//
//	pulumi plugin install resource awsx 2.22.0 --file pulumi-resource-awsx
package main

import (
	"fmt"
	"os"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi/provider"
	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"

	"github.com/secureserverless/framework/offline/standin"
)

func main() {
	err := provider.Main(standin.AWSXPackage, func(host *provider.HostClient) (pulumirpc.ResourceProviderServer, error) {
		return standin.NewAWSXProvider(host), nil
	})
	if err != nil {
		fmt.Fprintf(os.Stderr, "pulumi-resource-awsx: %v\n", err)
		os.Exit(1)
	}
}
