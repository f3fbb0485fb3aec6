// Command hello-api is a Pulumi program that builds a team's own API from the secure-serverless
// components: a private network, a Cognito user pool, a Go function in the VPC, and a REST API with the
// Cognito authorizer and a web ACL. Run it with `pulumi up` in this folder.
package main

import (
	"fmt"
	"os"
	"path/filepath"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/secureserverless/framework/infra"
)

func main() {
	pulumi.Run(func(ctx *pulumi.Context) error {
		dir, err := os.Getwd()
		if err != nil {
			return err
		}
		return program(ctx, dir)
	})
}

// program declares the stack. projectDir is the folder of Pulumi.yaml; the handler sits in its hello/
// folder.
func program(ctx *pulumi.Context, projectDir string) error {
	moduleDir, handler, err := handlerPackage(projectDir, "hello")
	if err != nil {
		return err
	}
	prefix := ctx.Project() + "-" + ctx.Stack()

	network, err := infra.NewNetwork(ctx, "network", infra.NetworkArgs{NamePrefix: prefix})
	if err != nil {
		return err
	}
	auth, err := infra.NewAuth(ctx, "auth", infra.AuthArgs{NamePrefix: prefix})
	if err != nil {
		return err
	}
	logs, err := infra.NewLogsKey(ctx, "logs", infra.LogsKeyArgs{NamePrefix: prefix})
	if err != nil {
		return err
	}
	hello, err := infra.NewGoFunction(ctx, "hello", infra.GoFunctionArgs{
		FunctionName: prefix + "-hello",
		Description:  "GET /hello: returns the caller's subject and groups.",
		SourceDir:    moduleDir,
		Package:      handler,
		LogsKeyArn:   logs.KeyArn,
		Vpc:          network.FunctionVpcConfig(),
	})
	if err != nil {
		return err
	}
	api, err := infra.NewRestAPI(ctx, "api", infra.RestAPIArgs{
		NamePrefix:  prefix,
		UserPoolArn: auth.UserPoolArn,
		Routes:      []infra.APIRoute{{Method: "GET", Path: "/hello", Function: hello}},
		LogsKeyArn:  logs.KeyArn,
	})
	if err != nil {
		return err
	}
	if _, err := infra.NewAPIFirewall(ctx, "firewall", infra.APIFirewallArgs{
		NamePrefix: prefix,
		StageArn:   api.StageArn,
		LogsKeyArn: logs.KeyArn,
	}); err != nil {
		return err
	}

	ctx.Export("apiUrl", api.InvokeUrl)
	ctx.Export("userPoolId", auth.UserPoolId)
	ctx.Export("userPoolClientId", auth.ClientId)
	ctx.Export("helloFunctionName", hello.FunctionName)
	return nil
}

// handlerPackage returns the root of the Go module that holds projectDir and the handler's package path
// relative to it, such as "./examples/go-components/hello", which GoFunction builds.
func handlerPackage(projectDir, handlerDir string) (moduleDir, pkg string, err error) {
	for dir := projectDir; ; dir = filepath.Dir(dir) {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			rel, err := filepath.Rel(dir, filepath.Join(projectDir, handlerDir))
			if err != nil {
				return "", "", err
			}
			return dir, "./" + filepath.ToSlash(rel), nil
		}
		if filepath.Dir(dir) == dir {
			return "", "", fmt.Errorf("no go.mod in %s or above it: run the program from a folder of a Go module",
				projectDir)
		}
	}
}
