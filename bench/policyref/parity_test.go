package main

import (
	"context"
	"net"
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

	"github.com/secureserverless/framework/bench/internal/fiverules"
	"github.com/secureserverless/framework/bench/internal/setup"
	"github.com/secureserverless/framework/policy/pack"
)

// craftedResource is one resource sent to both packs, with the policies expected to report it.
type craftedResource struct {
	Type     string
	Name     string
	Inputs   map[string]any
	Policies []string
}

const (
	typeBucket             = "aws:s3/bucket:Bucket"
	typeBucketV2           = "aws:s3/bucketV2:BucketV2"
	typeBucketACLV2        = "aws:s3/bucketAclV2:BucketAclV2"
	typeFunction           = "aws:lambda/function:Function"
	typeSecurityGroup      = "aws:ec2/securityGroup:SecurityGroup"
	typeSecurityGroupRule  = "aws:ec2/securityGroupRule:SecurityGroupRule"
	typeIngressRule        = "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule"
	typeRole               = "aws:iam/role:Role"
	typeRolePolicy         = "aws:iam/rolePolicy:RolePolicy"
	typeUserPolicy         = "aws:iam/userPolicy:UserPolicy"
	adminPolicyDocument    = `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}`
	readOnlyPolicyDocument = `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"},` +
		`{"Effect":"Deny","Action":"*","Resource":"*"}]}`
)

var inVPC = map[string]any{"subnetIds": []any{"subnet-1"}, "securityGroupIds": []any{"sg-1"}}

// craftedResources has a non-compliant resource for every branch of the five rules, and compliant
// neighbours that must pass.
var craftedResources = []craftedResource{
	{typeBucketV2, "public-read-bucket", map[string]any{"acl": "public-read"},
		[]string{fiverules.PolicyBucketNoPublicReadACL}},
	{typeBucket, "private-bucket", map[string]any{"acl": "private"}, nil},
	{typeBucketACLV2, "public-write-acl", map[string]any{"bucket": "b", "acl": "public-read-write"},
		[]string{fiverules.PolicyBucketNoPublicReadACL}},
	{typeFunction, "old-function", map[string]any{"runtime": "nodejs16.x"},
		[]string{fiverules.PolicyLambdaRuntimeNotDeprecated, fiverules.PolicyLambdaFunctionInVPC}},
	{typeFunction, "vpc-function", map[string]any{"runtime": "provided.al2023", "vpcConfig": inVPC}, nil},
	{typeFunction, "no-subnets", map[string]any{"runtime": "provided.al2023",
		"vpcConfig": map[string]any{"subnetIds": []any{}, "securityGroupIds": []any{"sg-1"}}},
		[]string{fiverules.PolicyLambdaFunctionInVPC}},
	{typeSecurityGroup, "ssh-open", map[string]any{"ingress": []any{
		map[string]any{"protocol": "tcp", "fromPort": 443, "toPort": 443, "cidrBlocks": []any{"0.0.0.0/0"}},
		map[string]any{"protocol": "tcp", "fromPort": 22, "toPort": 22, "cidrBlocks": []any{"10.0.0.0/8", "0.0.0.0/0"}},
	}}, []string{fiverules.PolicySecurityGroupNoPublicSSH}},
	{typeSecurityGroup, "all-open", map[string]any{"ingress": []any{
		map[string]any{"protocol": "-1", "fromPort": 0, "toPort": 0, "cidrBlocks": []any{"0.0.0.0/0"}},
	}}, []string{fiverules.PolicySecurityGroupNoPublicSSH}},
	{typeSecurityGroup, "ssh-private", map[string]any{"ingress": []any{
		map[string]any{"protocol": "tcp", "fromPort": 22, "toPort": 22, "cidrBlocks": []any{"10.0.0.0/8"}},
	}}, nil},
	{typeSecurityGroupRule, "tcp-range", map[string]any{"type": "ingress", "protocol": "tcp", "fromPort": 0,
		"toPort": 65535, "cidrBlocks": []any{"0.0.0.0/0"}, "securityGroupId": "sg-1"},
		[]string{fiverules.PolicySecurityGroupNoPublicSSH}},
	{typeSecurityGroupRule, "egress", map[string]any{"type": "egress", "protocol": "-1", "fromPort": 0,
		"toPort": 0, "cidrBlocks": []any{"0.0.0.0/0"}, "securityGroupId": "sg-1"}, nil},
	{typeIngressRule, "vpc-ssh", map[string]any{"ipProtocol": "tcp", "fromPort": 22, "toPort": 22,
		"cidrIpv4": "0.0.0.0/0", "securityGroupId": "sg-1"}, []string{fiverules.PolicySecurityGroupNoPublicSSH}},
	{typeRolePolicy, "admin-inline", map[string]any{"role": "r", "policy": adminPolicyDocument},
		[]string{fiverules.PolicyIAMInlinePolicyNoAdmin}},
	{typeUserPolicy, "admin-in-list", map[string]any{"user": "u", "policy": `{"Statement":{"Effect":"Allow",` +
		`"Action":["s3:GetObject","*"],"Resource":["*"]}}`}, []string{fiverules.PolicyIAMInlinePolicyNoAdmin}},
	{typeRole, "admin-role", map[string]any{"assumeRolePolicy": "{}", "inlinePolicies": []any{
		map[string]any{"name": "read", "policy": readOnlyPolicyDocument},
		map[string]any{"name": "admin", "policy": adminPolicyDocument},
	}}, []string{fiverules.PolicyIAMInlinePolicyNoAdmin}},
	{typeRolePolicy, "read-only", map[string]any{"role": "r", "policy": readOnlyPolicyDocument}, nil},
	{"aws:sns/topic:Topic", "topic", map[string]any{"name": "t"}, nil},
}

// TestFiveRulesSameInGoAndNode sends the crafted resources, and a function with each deprecated
// runtime, to the Go pack and to the Node.js pack over gRPC, and checks that both report the
// expected policies with the same messages.
func TestFiveRulesSameInGoAndNode(t *testing.T) {
	ctx := context.Background()
	resources := slices.Clone(craftedResources)
	for _, runtime := range fiverules.DeprecatedLambdaRuntimes {
		resources = append(resources, craftedResource{typeFunction, "runtime-" + runtime,
			map[string]any{"runtime": runtime, "vpcConfig": inVPC}, []string{fiverules.PolicyLambdaRuntimeNotDeprecated}})
	}

	goPack := serveGoFiveRules(t)
	nodePack := startNodeFiveRules(t)
	require.NoError(t, goPack.configureAsEngine(ctx, stack, project, nil))
	require.NoError(t, nodePack.configureAsEngine(ctx, stack, project, nil))
	assert.Equal(t, policyNames(goPack.Info), policyNames(nodePack.Info), "policy names")
	assert.Equal(t, goPack.Info.GetName(), nodePack.Info.GetName(), "pack name")
	assert.Equal(t, goPack.Info.GetVersion(), nodePack.Info.GetVersion(), "pack version")

	for _, crafted := range resources {
		request := craftedRequest(t, crafted)
		goResponse, err := goPack.Client.Analyze(ctx, request)
		require.NoError(t, err, crafted.Name)
		nodeResponse, err := nodePack.Client.Analyze(ctx, request)
		require.NoError(t, err, crafted.Name)

		assert.Equal(t, findingKeys(goResponse), findingKeys(nodeResponse), "findings on %s", crafted.Name)
		assert.ElementsMatch(t, crafted.Policies, reportedPolicies(goResponse), "Go policies on %s", crafted.Name)
		assert.ElementsMatch(t, crafted.Policies, reportedPolicies(nodeResponse), "Node.js policies on %s", crafted.Name)
		for _, diagnostic := range nodeResponse.GetDiagnostics() {
			assert.Equal(t, pulumirpc.EnforcementLevel_MANDATORY, diagnostic.GetEnforcementLevel(), crafted.Name)
		}
	}

	response, err := nodePack.Client.Analyze(ctx, craftedRequest(t, craftedResources[0]))
	require.NoError(t, err)
	require.Len(t, response.GetDiagnostics(), 1)
	assert.Equal(t, "S3 buckets must not have a public-read canned ACL.\n"+
		`aws:s3/bucketV2:BucketV2 "public-read-bucket": acl is "public-read", `+
		`expected a canned ACL without public read access such as "private".`,
		response.GetDiagnostics()[0].GetMessage())
}

func policyNames(info *pulumirpc.AnalyzerInfo) []string {
	var names []string
	for _, policy := range info.GetPolicies() {
		names = append(names, policy.GetName())
	}
	slices.Sort(names)
	return names
}

func reportedPolicies(response *pulumirpc.AnalyzeResponse) []string {
	var names []string
	for _, diagnostic := range response.GetDiagnostics() {
		if !slices.Contains(names, diagnostic.GetPolicyName()) {
			names = append(names, diagnostic.GetPolicyName())
		}
	}
	return names
}

func craftedRequest(t *testing.T, crafted craftedResource) *pulumirpc.AnalyzeRequest {
	t.Helper()
	properties, err := plugin.MarshalProperties(resource.NewPropertyMapFromMap(crafted.Inputs),
		plugin.MarshalOptions{KeepUnknowns: true, KeepSecrets: true})
	require.NoError(t, err)
	urn := "urn:pulumi:" + stack + "::" + project + "::" + crafted.Type + "::" + crafted.Name
	// The engine always sends options, and @pulumi/policy rejects a request without them.
	return &pulumirpc.AnalyzeRequest{
		Type: crafted.Type, Name: crafted.Name, Urn: urn, Properties: properties,
		Options: &pulumirpc.AnalyzerResourceOptions{},
	}
}

// serveGoFiveRules serves the Go five-rule pack in process over gRPC on 127.0.0.1, as the gopack
// command serves it.
func serveGoFiveRules(t *testing.T) *runningAnalyzer {
	t.Helper()
	p, err := fiverules.NewPack()
	require.NoError(t, err)
	listener, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	server := grpc.NewServer()
	pulumirpc.RegisterAnalyzerServer(server, pack.NewServer(p))
	go func() { _ = server.Serve(listener) }()
	t.Cleanup(server.Stop)

	connection, err := grpc.NewClient(listener.Addr().String(), grpc.WithTransportCredentials(insecure.NewCredentials()))
	require.NoError(t, err)
	t.Cleanup(func() { _ = connection.Close() })
	client := pulumirpc.NewAnalyzerClient(connection)
	info, err := client.GetAnalyzerInfo(context.Background(), &emptypb.Empty{})
	require.NoError(t, err)
	return &runningAnalyzer{Client: client, Info: info}
}

// startNodeFiveRules installs the Node.js pack into the work folder, unless an earlier run did, and
// starts it as the Pulumi CLI does, with an engine service for its log messages.
func startNodeFiveRules(t *testing.T) *runningAnalyzer {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
	t.Cleanup(cancel)
	root, err := setup.RepositoryRoot()
	require.NoError(t, err)
	workDir, err := setup.WorkDir(root)
	require.NoError(t, err)
	dir, err := installNodePack(ctx, root, workDir)
	require.NoError(t, err)

	engine, err := serveEngine()
	require.NoError(t, err)
	t.Cleanup(engine.Stop)
	analyzer, err := startAnalyzer(ctx, nodePackCommand(ctx, dir, engine.Address))
	require.NoError(t, err)
	t.Cleanup(func() {
		analyzer.Stop()
		if t.Failed() {
			t.Logf("stderr of the Node.js pack:\n%s", strings.TrimSpace(analyzer.Stderr()))
		}
	})
	return analyzer
}
