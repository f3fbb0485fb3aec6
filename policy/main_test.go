package main

import (
	"bufio"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/common/resource/plugin"
	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials/insecure"
	"google.golang.org/protobuf/types/known/emptypb"
	"gopkg.in/yaml.v3"

	"github.com/secureserverless/framework/policy/rules"
)

func TestPolicyPackProjectFile(t *testing.T) {
	data, err := os.ReadFile("PulumiPolicy.yaml")
	require.NoError(t, err)

	var project struct {
		Runtime     string `yaml:"runtime"`
		Version     string `yaml:"version"`
		Description string `yaml:"description"`
	}
	require.NoError(t, yaml.Unmarshal(data, &project))

	assert.Equal(t, "go", project.Runtime)
	assert.Equal(t, rules.PackVersion, project.Version)
	assert.NotEmpty(t, project.Description)
}

// TestPackBinary builds the pack, starts it as the engine does and talks to it over the analyzer
// protocol, so it covers main, the pack server and the conversion of unknown values on the wire.
func TestPackBinary(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()

	binary := filepath.Join(t.TempDir(), "secure-serverless-policy")
	build := exec.CommandContext(ctx, "go", "build", "-o", binary, ".")
	output, err := build.CombinedOutput()
	require.NoError(t, err, "go build ./policy: %s", output)

	client := startPack(ctx, t, binary)
	p, err := rules.NewPack()
	require.NoError(t, err)

	// `pulumi policy analyze` and `pulumi policy publish` ask for the pack's info without sending
	// ConfigureStack first.
	t.Run("info before configure stack", func(t *testing.T) {
		plugin, err := client.GetPluginInfo(ctx, &emptypb.Empty{})
		require.NoError(t, err)
		assert.Equal(t, rules.PackVersion, plugin.GetVersion())

		info, err := client.GetAnalyzerInfo(ctx, &emptypb.Empty{})
		require.NoError(t, err)

		assert.Equal(t, rules.PackName, info.GetName())
		assert.Equal(t, rules.PackVersion, info.GetVersion())
		assert.True(t, info.GetSupportsConfig())

		levels := map[string]pulumirpc.EnforcementLevel{}
		for _, policy := range info.GetPolicies() {
			levels[policy.GetName()] = policy.GetEnforcementLevel()
			assert.NotEqual(t, pulumirpc.PolicySeverity_POLICY_SEVERITY_UNSPECIFIED, policy.GetSeverity(), policy.GetName())
			assert.NotEmpty(t, policy.GetRemediationSteps(), policy.GetName())
			assert.NotEmpty(t, policy.GetTags(), policy.GetName())
		}
		require.Len(t, levels, len(p.Policies()))
		for _, policy := range p.Policies() {
			assert.Equal(t, p.Level(policy) == "mandatory", levels[policy.Name] == pulumirpc.EnforcementLevel_MANDATORY,
				policy.Name)
		}
	})

	_, err = client.Handshake(ctx, &pulumirpc.AnalyzerHandshakeRequest{})
	require.NoError(t, err)
	_, err = client.ConfigureStack(ctx, &pulumirpc.AnalyzerStackConfigureRequest{
		Stack: "dev", Project: "secure-serverless", Organization: "organization", DryRun: true,
	})
	require.NoError(t, err)

	t.Run("violation", func(t *testing.T) {
		diagnostics := analyze(ctx, t, client, "aws:cloudwatch/logGroup:LogGroup", resource.PropertyMap{
			"name":            resource.NewProperty("/aws/lambda/upload"),
			"retentionInDays": resource.NewProperty(0.0),
			"kmsKeyId":        resource.NewProperty("arn:aws:kms:eu-west-1:111122223333:key/0000"),
		})

		require.Len(t, diagnostics, 1)
		diagnostic := diagnostics[0]
		assert.Equal(t, rules.PolicyCloudWatchLogGroupRetention, diagnostic.GetPolicyName())
		assert.Equal(t, pulumirpc.EnforcementLevel_MANDATORY, diagnostic.GetEnforcementLevel())
		assert.Equal(t, pulumirpc.PolicySeverity_POLICY_SEVERITY_MEDIUM, diagnostic.GetSeverity())
		assert.Equal(t, analyzedURN, diagnostic.GetUrn())
		assert.True(t, strings.HasSuffix(diagnostic.GetMessage(),
			"\naws:cloudwatch/logGroup:LogGroup \"under-test\": retentionInDays is 0, so log events never expire, "+
				"expected at least 7 days."), diagnostic.GetMessage())
	})

	// Each resource holds unknown values where its policies read, as in a first preview. The
	// mandatory policies report that they cannot check the value yet, as advisory; nothing fails.
	unknown := resource.MakeComputed(resource.NewProperty(""))
	unknownSecretOutput := resource.NewProperty(resource.Output{Known: false, Secret: true})
	unknownResources := []struct {
		name         string
		resourceType string
		props        resource.PropertyMap
	}{
		{name: "bucket acl", resourceType: "aws:s3/bucketAclV2:BucketAclV2", props: resource.PropertyMap{
			"acl": unknown,
			"accessControlPolicy": resource.NewProperty(resource.PropertyMap{
				"grants": resource.NewProperty([]resource.PropertyValue{unknown}),
			}),
		}},
		{name: "bucket", resourceType: "aws:s3/bucketV2:BucketV2", props: resource.PropertyMap{
			"acl": unknownSecretOutput, "grants": unknown,
		}},
		{name: "public access block", resourceType: "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock",
			props: resource.PropertyMap{
				"blockPublicAcls": unknown, "blockPublicPolicy": unknown,
				"ignorePublicAcls": unknown, "restrictPublicBuckets": unknownSecretOutput,
			}},
		{name: "encryption", resourceType: "aws:s3/bucketServerSideEncryptionConfigurationV2:BucketServerSideEncryptionConfigurationV2",
			props: resource.PropertyMap{"rules": resource.NewProperty([]resource.PropertyValue{
				resource.NewProperty(resource.PropertyMap{
					"applyServerSideEncryptionByDefault": resource.NewProperty(resource.PropertyMap{
						"sseAlgorithm": resource.NewProperty("aws:kms"), "kmsMasterKeyId": unknown,
					}),
				}),
			})}},
		{name: "versioning", resourceType: "aws:s3/bucketVersioningV2:BucketVersioningV2", props: resource.PropertyMap{
			"versioningConfiguration": unknown,
		}},
		{name: "ownership", resourceType: "aws:s3/bucketOwnershipControls:BucketOwnershipControls", props: resource.PropertyMap{
			"rule": resource.NewProperty(resource.PropertyMap{"objectOwnership": unknown}),
		}},
		{name: "bucket policy", resourceType: "aws:s3/bucketPolicy:BucketPolicy", props: resource.PropertyMap{
			"bucket": unknown, "policy": unknownSecretOutput,
		}},
		{name: "kms key", resourceType: "aws:kms/key:Key", props: resource.PropertyMap{
			"enableKeyRotation": unknown,
			"policy":            resource.NewProperty(`{"Version":"2012-10-17","Statement":[]}`),
		}},
		{name: "function", resourceType: "aws:lambda/function:Function", props: resource.PropertyMap{
			"runtime": unknown, "loggingConfig": unknown,
		}},
		{name: "log group", resourceType: "aws:cloudwatch/logGroup:LogGroup", props: resource.PropertyMap{
			"retentionInDays": unknown, "kmsKeyId": unknown,
		}},
		{name: "role policy", resourceType: "aws:iam/rolePolicy:RolePolicy", props: resource.PropertyMap{
			"role": unknown, "policy": unknown,
		}},
		{name: "security group", resourceType: "aws:ec2/securityGroup:SecurityGroup", props: resource.PropertyMap{
			"description": resource.NewProperty("SSH from an address known after creation"),
			"ingress": resource.NewProperty([]resource.PropertyValue{resource.NewProperty(resource.PropertyMap{
				"description": resource.NewProperty("SSH"),
				"protocol":    resource.NewProperty("tcp"), "fromPort": unknown, "toPort": resource.NewProperty(22.0),
				"cidrBlocks": resource.NewProperty([]resource.PropertyValue{resource.NewProperty("0.0.0.0/0")}),
			})}),
		}},
		{name: "ingress rule", resourceType: "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule",
			props: resource.PropertyMap{
				"description": resource.NewProperty("All traffic from an address known after creation"),
				"ipProtocol":  resource.NewProperty("-1"), "cidrIpv4": unknown,
			}},
	}
	// reportingPolicies are the mandatory policies that report each resource's unknown values. The
	// advisory policies, such as the versioning policy, report their unknown values as not applicable
	// instead.
	reportingPolicies := map[string][]string{
		"bucket acl":          {rules.PolicyS3BucketNoPublicACL},
		"bucket":              {rules.PolicyS3BucketNoPublicACL},
		"public access block": {rules.PolicyS3PublicAccessBlockEnabled},
		"encryption":          {rules.PolicyS3BucketEncryptionKMS},
		"versioning":          nil,
		"ownership":           {rules.PolicyS3BucketOwnerEnforced},
		"bucket policy": {rules.PolicyS3BucketPolicyTLSOnly, rules.PolicyS3BucketPolicyNoPublicPrincipal,
			rules.PolicyCloudFrontS3OriginAccessControl},
		"kms key":        {rules.PolicyKMSKeyRotationEnabled},
		"function":       {rules.PolicyLambdaRuntimeSupported},
		"log group":      {rules.PolicyCloudWatchLogGroupRetention},
		"role policy":    {rules.PolicyIAMNoAdminPolicy, rules.PolicyIAMNoWildcardActions},
		"security group": {rules.PolicyEC2NoPublicIngress},
		"ingress rule":   {rules.PolicyEC2NoPublicIngress},
	}
	for _, tc := range unknownResources {
		t.Run("unknown "+tc.name, func(t *testing.T) {
			want, listed := reportingPolicies[tc.name]
			require.True(t, listed, "the case needs its reporting policies")

			diagnostics := analyze(ctx, t, client, tc.resourceType, tc.props)
			var reported []string
			for _, diagnostic := range diagnostics {
				reported = append(reported, diagnostic.GetPolicyName())
				assert.Equal(t, pulumirpc.EnforcementLevel_ADVISORY, diagnostic.GetEnforcementLevel(), diagnostic.GetMessage())
				assert.Contains(t, diagnostic.GetMessage(), "yet: the value is unknown until the resource is created.")
			}
			assert.ElementsMatch(t, want, slices.Compact(slices.Sorted(slices.Values(reported))))
		})
	}
}

// analyzedURN is the URN of every resource that TestPackBinary analyzes.
const analyzedURN = "urn:pulumi:dev::secure-serverless::resource::under-test"

// startPack starts the pack binary, reads the port that it prints and returns a client connected to
// it. The process is killed when the test ends.
func startPack(ctx context.Context, t *testing.T, binary string) pulumirpc.AnalyzerClient {
	t.Helper()

	pack := exec.CommandContext(ctx, binary)
	pack.Stderr = os.Stderr
	stdout, err := pack.StdoutPipe()
	require.NoError(t, err)
	require.NoError(t, pack.Start())
	t.Cleanup(func() {
		_ = pack.Process.Kill()
		_ = pack.Wait()
	})

	port, err := bufio.NewReader(stdout).ReadString('\n')
	require.NoError(t, err, "reading the port that the pack prints")

	connection, err := grpc.NewClient("127.0.0.1:"+strings.TrimSpace(port),
		grpc.WithTransportCredentials(insecure.NewCredentials()))
	require.NoError(t, err)
	t.Cleanup(func() { _ = connection.Close() })

	return pulumirpc.NewAnalyzerClient(connection)
}

// analyze sends one resource to the pack, keeping unknown and secret values as the engine does.
func analyze(
	ctx context.Context, t *testing.T, client pulumirpc.AnalyzerClient, resourceType string, props resource.PropertyMap,
) []*pulumirpc.AnalyzeDiagnostic {
	t.Helper()

	properties, err := plugin.MarshalProperties(props, plugin.MarshalOptions{
		KeepUnknowns: true, KeepSecrets: true, KeepOutputValues: true,
	})
	require.NoError(t, err)

	response, err := client.Analyze(ctx, &pulumirpc.AnalyzeRequest{
		Type: resourceType, Properties: properties, Urn: analyzedURN, Name: "under-test",
	})
	require.NoError(t, err)
	return response.GetDiagnostics()
}
