package infra

import (
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestPlatformComposesComponents(t *testing.T) {
	mocks, err := runWithMocks(t, func(ctx *pulumi.Context) error {
		_, err := NewPlatform(ctx, "platform", PlatformArgs{
			NamePrefix: "app-test",
			SourceDir:  repoRoot(t),
			Functions:  GoFunctionArgs{BuildCacheDir: t.TempDir()},
		})
		return err
	})
	require.NoError(t, err)

	network := find(t, mocks, NetworkType, "platform-network")
	assertParent(t, network, PlatformType, "platform")
	files := find(t, mocks, UserFilesBucketType, "platform-user-files")
	assertParent(t, files, PlatformType, "platform")
	me := find(t, mocks, GoFunctionType, "platform-me")
	assertParent(t, me, PlatformType, "platform")
	auth := find(t, mocks, AuthType, "platform-auth")
	assertParent(t, auth, PlatformType, "platform")
	pool := find(t, mocks, typeUserPool, "platform-auth-user-pool")
	assert.Equal(t, "app-test-users", pool.Inputs["name"].StringValue(), "the user pool takes the platform's prefix")
	function := find(t, mocks, "aws:lambda/function:Function", "platform-me")
	assert.Equal(t, "app-test-me", function.Inputs["name"].StringValue())

	vpcConfig := object(t, function.Inputs, "vpcConfig").Mappable()
	privateSubnets := find(t, mocks, typeAWSXVpc, "platform-network").Outputs["privateSubnetIds"].Mappable()
	assert.Equal(t, privateSubnets, vpcConfig["subnetIds"], "the function runs in the function subnets")
	functionGroup := find(t, mocks, typeSecurityGroup, "platform-network-functions")
	assert.Equal(t, []any{functionGroup.ID}, vpcConfig["securityGroupIds"])
	flowLogs := find(t, mocks, typeLogGroup, "platform-network-flow-logs")
	assert.Equal(t, "/vpc-flow-logs/app-test", flowLogs.Inputs["name"].StringValue(), "the network takes the platform's prefix")
}

func TestPlatformRequiresNamePrefix(t *testing.T) {
	_, err := runWithMocks(t, func(ctx *pulumi.Context) error {
		_, err := NewPlatform(ctx, "platform", PlatformArgs{SourceDir: repoRoot(t)})
		return err
	})
	require.Error(t, err)
	assert.Contains(t, err.Error(), "NamePrefix is empty")
}

func TestPlatformEncryptsFunctionLogs(t *testing.T) {
	mocks, err := runWithMocks(t, func(ctx *pulumi.Context) error {
		_, err := NewPlatform(ctx, "platform", PlatformArgs{
			NamePrefix: "app-test",
			SourceDir:  repoRoot(t),
			Functions:  GoFunctionArgs{BuildCacheDir: t.TempDir()},
		})
		return err
	})
	require.NoError(t, err)

	key := find(t, mocks, "aws:kms/key:Key", "platform-function-logs-key")
	assertParent(t, key, PlatformType, "platform")
	assert.True(t, key.Inputs["enableKeyRotation"].BoolValue())
	logs := statement(t, policyDocument(t, key.Inputs, "policy"), "CloudWatchLogsEncryptsPlatformLogGroups")
	assert.Equal(t, map[string]any{"Service": "logs.us-east-1.amazonaws.com"}, logs["Principal"])
	assert.Equal(t, map[string]any{"ArnLike": map[string]any{
		"kms:EncryptionContext:aws:logs:arn": []any{
			"arn:aws:logs:us-east-1:123456789012:log-group:/aws/lambda/app-test-*",
			"arn:aws:logs:us-east-1:123456789012:log-group:/aws/apigateway/app-test-*",
			"arn:aws:logs:us-east-1:123456789012:log-group:aws-waf-logs-app-test-*",
			"arn:aws:logs:us-east-1:123456789012:log-group:API-Gateway-Execution-Logs_*",
		},
	}}, logs["Condition"])

	group := find(t, mocks, "aws:cloudwatch/logGroup:LogGroup", "platform-me-logs")
	assert.Equal(t, key.Outputs["arn"].StringValue(), group.Inputs["kmsKeyId"].StringValue())
}
