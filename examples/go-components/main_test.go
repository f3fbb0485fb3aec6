package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/common/apitype"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/stretchr/testify/require"

	"github.com/secureserverless/framework/offline/run"
)

// TestExampleThroughTheEngine runs the example's preview, up and a no-change preview through the real
// Pulumi engine with the stand-in providers and the policy pack, as the offline run does for the
// platform. The first run builds the Pulumi CLI, which takes minutes.
func TestExampleThroughTheEngine(t *testing.T) {
	projectDir, err := os.Getwd()
	require.NoError(t, err)
	repoDir := filepath.Join(projectDir, "..", "..")
	paths, err := run.NewPaths(repoDir, "")
	require.NoError(t, err)
	paths.ScratchDir = t.TempDir()
	ctx := context.Background()
	var log bytes.Buffer
	tools, err := run.Prepare(ctx, paths, &log)
	require.NoError(t, err, log.String())

	stack, err := run.OpenProjectStack(ctx, paths, tools, run.ProjectOptions{
		Dir:     projectDir,
		Stack:   "dev",
		Program: func(ctx *pulumi.Context) error { return program(ctx, projectDir) },
	})
	require.NoError(t, err)
	summaries, err := stack.Cycle(ctx, &log)
	require.NoError(t, err, log.String())

	up := summaries[1]
	require.Empty(t, up.Mandatory(), "mandatory violations")
	require.NotEmpty(t, up.Packs, "the policy pack analyzed no resource")
	for _, v := range up.Violations {
		t.Logf("advisory: %+v", v)
	}
	for _, policy := range []string{"apigateway-stage-waf", "lambda-runtime-supported", "apigateway-method-authorization"} {
		require.Positive(t, up.Passed[policy], "policy %s checked no resource", policy)
	}

	outputs, err := stack.Outputs(ctx)
	require.NoError(t, err)
	url, _ := outputs["apiUrl"].Value.(string)
	require.True(t, strings.HasPrefix(url, "https://") && strings.HasSuffix(url, "/v1"), "apiUrl %q", url)
	require.Equal(t, "hello-api-dev-hello", outputs["helloFunctionName"].Value)

	exported, err := stack.Export(ctx)
	require.NoError(t, err)
	var deployment apitype.DeploymentV3
	require.NoError(t, json.Unmarshal(exported.Deployment, &deployment))
	var types []string
	for _, r := range deployment.Resources {
		types = append(types, string(r.Type))
		if r.Type == "aws:lambda/function:Function" {
			vpc, _ := r.Outputs["vpcConfig"].(map[string]any)
			subnets, _ := vpc["subnetIds"].([]any)
			require.Len(t, subnets, 2, "the function's subnets: %v", r.Outputs["vpcConfig"])
		}
	}
	for _, want := range []string{
		"secureserverless:network:Network", "secureserverless:identity:Auth",
		"secureserverless:monitoring:LogsKey", "secureserverless:compute:GoFunction",
		"secureserverless:api:RestApi", "secureserverless:api:Firewall",
		"aws:apigateway/authorizer:Authorizer", "aws:wafv2/webAclAssociation:WebAclAssociation",
	} {
		require.True(t, slices.Contains(types, want), "no %s in the state", want)
	}
}

func TestHandlerPackage(t *testing.T) {
	root := t.TempDir()
	project := filepath.Join(root, "deploy", "api")
	require.NoError(t, os.MkdirAll(project, 0o755))
	require.NoError(t, os.WriteFile(filepath.Join(root, "go.mod"), []byte("module example.com/x\n"), 0o644))
	moduleDir, pkg, err := handlerPackage(project, "hello")
	require.NoError(t, err)
	require.Equal(t, root, moduleDir)
	require.Equal(t, "./deploy/api/hello", pkg)

	_, _, err = handlerPackage(t.TempDir(), "hello")
	require.ErrorContains(t, err, "no go.mod")
}
