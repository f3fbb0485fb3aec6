package fiverules

import (
	"context"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/common/resource/plugin"
	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"google.golang.org/protobuf/types/known/emptypb"

	"github.com/secureserverless/framework/policy/pack"
)

// configuredServer returns the pack's server configured as the engine configures it for a preview:
// every policy at its advertised level.
func configuredServer(t *testing.T) *pack.Server {
	t.Helper()
	p, err := NewPack()
	require.NoError(t, err)
	server := pack.NewServer(p)
	ctx := context.Background()

	_, err = server.ConfigureStack(ctx, &pulumirpc.AnalyzerStackConfigureRequest{Stack: "dev", DryRun: true})
	require.NoError(t, err)
	info, err := server.GetAnalyzerInfo(ctx, &emptypb.Empty{})
	require.NoError(t, err)
	config := map[string]*pulumirpc.PolicyConfig{}
	for _, policy := range info.GetPolicies() {
		config[policy.GetName()] = &pulumirpc.PolicyConfig{EnforcementLevel: policy.GetEnforcementLevel()}
	}
	_, err = server.Configure(ctx, &pulumirpc.ConfigureAnalyzerRequest{PolicyConfig: config})
	require.NoError(t, err)
	return server
}

func analyze(t *testing.T, server *pack.Server, resourceType string, inputs resource.PropertyMap) []*pulumirpc.AnalyzeDiagnostic {
	t.Helper()
	properties, err := plugin.MarshalProperties(inputs, plugin.MarshalOptions{KeepUnknowns: true})
	require.NoError(t, err)
	response, err := server.Analyze(context.Background(), &pulumirpc.AnalyzeRequest{
		Type: resourceType, Name: "subject", Urn: "urn:pulumi:dev::p::" + resourceType + "::subject", Properties: properties,
	})
	require.NoError(t, err)
	return response.GetDiagnostics()
}

func TestPackIsValidAndMandatory(t *testing.T) {
	p, err := NewPack()
	require.NoError(t, err)
	assert.Len(t, p.Policies(), 5)
	for _, policy := range p.Policies() {
		assert.Equal(t, pack.EnforcementLevelMandatory, p.Level(policy), policy.Name)
	}
}

func TestUnknownRuntimeIsAdvisoryInPreview(t *testing.T) {
	server := configuredServer(t)
	inputs := resource.PropertyMap{
		"runtime": resource.MakeComputed(resource.NewStringProperty("")),
		"vpcConfig": resource.NewObjectProperty(resource.NewPropertyMapFromMap(map[string]any{
			"subnetIds": []any{"subnet-1"}, "securityGroupIds": []any{"sg-1"},
		})),
	}

	diagnostics := analyze(t, server, typeLambdaFunction, inputs)
	require.Len(t, diagnostics, 1)
	assert.Equal(t, PolicyLambdaRuntimeNotDeprecated, diagnostics[0].GetPolicyName())
	assert.Equal(t, pulumirpc.EnforcementLevel_ADVISORY, diagnostics[0].GetEnforcementLevel())
	assert.Contains(t, diagnostics[0].GetMessage(), "cannot check runtime yet")
}

func TestInvalidPolicyDocumentIsNotViolation(t *testing.T) {
	server := configuredServer(t)
	inputs := resource.NewPropertyMapFromMap(map[string]any{"role": "r", "policy": `{"Statement": [`})

	assert.Empty(t, analyze(t, server, typeIAMRolePolicy, inputs))
}

func TestDeprecatedRuntimeIsMandatoryViolation(t *testing.T) {
	server := configuredServer(t)
	inputs := resource.NewPropertyMapFromMap(map[string]any{"runtime": "go1.x", "vpcConfig": map[string]any{
		"subnetIds": []any{"subnet-1"}, "securityGroupIds": []any{"sg-1"},
	}})

	diagnostics := analyze(t, server, typeLambdaFunction, inputs)
	require.Len(t, diagnostics, 1)
	assert.Equal(t, pulumirpc.EnforcementLevel_MANDATORY, diagnostics[0].GetEnforcementLevel())
	assert.Equal(t, "Lambda functions must not use a deprecated runtime.\n"+
		`aws:lambda/function:Function "subject": runtime is "go1.x", which AWS Lambda has deprecated, `+
		"expected a supported runtime.", diagnostics[0].GetMessage())
}
