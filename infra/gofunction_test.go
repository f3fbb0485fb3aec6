package infra

import (
	"archive/zip"
	"context"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/kms"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/secureserverless/framework/infra/lambdabuild"
)

func meFunctionArgs(t *testing.T) GoFunctionArgs {
	t.Helper()
	return GoFunctionArgs{
		FunctionName:     "app-test-me",
		Description:      "test function",
		SourceDir:        repoRoot(t),
		Package:          "./functions/me",
		LogRetentionDays: 14,
		BuildCacheDir:    t.TempDir(),
	}
}

func TestGoFunctionResources(t *testing.T) {
	args := meFunctionArgs(t)
	args.Environment = map[string]string{"STAGE": "test"}
	args.Statements = []PolicyStatement{{
		Sid:       "ReadFiles",
		Actions:   []string{"s3:GetObject"},
		Resources: pulumi.StringArray{pulumi.String("arn:aws:s3:::files/*")},
	}}
	mocks, err := runWithMocks(t, func(ctx *pulumi.Context) error {
		_, err := NewGoFunction(ctx, "me", args)
		return err
	})
	require.NoError(t, err)

	logGroup := find(t, mocks, "aws:cloudwatch/logGroup:LogGroup", "me-logs")
	assertParent(t, logGroup, GoFunctionType, "me")
	assert.Equal(t, "/aws/lambda/app-test-me", logGroup.Inputs["name"].StringValue())
	assert.Equal(t, float64(14), logGroup.Inputs["retentionInDays"].NumberValue())

	role := find(t, mocks, "aws:iam/role:Role", "me-role")
	assertParent(t, role, GoFunctionType, "me")
	trust := policyDocument(t, role.Inputs, "assumeRolePolicy")
	trustStatements := trust["Statement"].([]any)
	require.Len(t, trustStatements, 1)
	assert.Equal(t, map[string]any{"Service": "lambda.amazonaws.com"}, trustStatements[0].(map[string]any)["Principal"])

	rolePolicy := find(t, mocks, "aws:iam/rolePolicy:RolePolicy", "me-policy")
	assertParent(t, rolePolicy, GoFunctionType, "me")
	assert.Equal(t, role.ID, rolePolicy.Inputs["role"].StringValue())
	doc := policyDocument(t, rolePolicy.Inputs, "policy")
	require.Len(t, doc["Statement"].([]any), 2, "only the log statement and the given statement")
	logs := statement(t, doc, "WriteOwnLogs")
	assert.Equal(t, []any{"logs:CreateLogStream", "logs:PutLogEvents"}, logs["Action"])
	assert.Equal(t, logGroup.Outputs["arn"].StringValue()+":*", logs["Resource"])
	read := statement(t, doc, "ReadFiles")
	assert.Equal(t, []any{"s3:GetObject"}, read["Action"])
	assert.Equal(t, []any{"arn:aws:s3:::files/*"}, read["Resource"])

	function := find(t, mocks, "aws:lambda/function:Function", "me")
	assertParent(t, function, GoFunctionType, "me")
	in := function.Inputs
	assert.Equal(t, "app-test-me", in["name"].StringValue())
	assert.Equal(t, "provided.al2023", in["runtime"].StringValue())
	assert.Equal(t, "bootstrap", in["handler"].StringValue())
	require.Len(t, in["architectures"].ArrayValue(), 1)
	assert.Equal(t, "arm64", in["architectures"].ArrayValue()[0].StringValue())
	assert.Equal(t, role.Outputs["arn"].StringValue(), in["role"].StringValue())
	assert.Equal(t, float64(DefaultFunctionMemoryMB), in["memorySize"].NumberValue())
	assert.Equal(t, float64(DefaultFunctionTimeout), in["timeout"].NumberValue())
	assert.Equal(t, "test", object(t, object(t, in, "environment"), "variables")["STAGE"].StringValue())
	logging := object(t, in, "loggingConfig")
	assert.Equal(t, "JSON", logging["logFormat"].StringValue())
	assert.Equal(t, "/aws/lambda/app-test-me", logging["logGroup"].StringValue())
	require.True(t, in["code"].IsArchive(), "code is an archive")
	assert.FileExists(t, in["code"].ArchiveValue().Path)
	assert.NotEmpty(t, in["sourceCodeHash"].StringValue())
}

func TestGoFunctionX86Build(t *testing.T) {
	args := meFunctionArgs(t)
	args.Architecture = "x86_64"
	mocks, err := runWithMocks(t, func(ctx *pulumi.Context) error {
		_, err := NewGoFunction(ctx, "me", args)
		return err
	})
	require.NoError(t, err)
	function := find(t, mocks, "aws:lambda/function:Function", "me")
	assert.Equal(t, "x86_64", function.Inputs["architectures"].ArrayValue()[0].StringValue())
}

func TestGoFunctionInvalidArgs(t *testing.T) {
	tests := []struct {
		name    string
		change  func(*GoFunctionArgs)
		message string
	}{
		{"empty name", func(a *GoFunctionArgs) { a.FunctionName = "" }, `function "me": FunctionName is empty`},
		{"name too long", func(a *GoFunctionArgs) { a.FunctionName = string(make([]byte, 65)) }, "has 65 characters, Lambda allows 64"},
		{"empty package", func(a *GoFunctionArgs) { a.Package = "" }, "Package is empty"},
		{"empty source dir", func(a *GoFunctionArgs) { a.SourceDir = "" }, "SourceDir is empty"},
		{"unknown architecture", func(a *GoFunctionArgs) { a.Architecture = "arm32" }, `Architecture "arm32" is invalid; use arm64 or x86_64`},
		{"VPC without subnets", func(a *GoFunctionArgs) {
			a.Vpc = &FunctionVpcConfig{SecurityGroupIds: pulumi.ToStringArray([]string{"sg-1"})}
		}, "Vpc needs SubnetIds and SecurityGroupIds; use Network.FunctionVpcConfig"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			args := meFunctionArgs(t)
			tt.change(&args)
			_, err := runWithMocks(t, func(ctx *pulumi.Context) error {
				_, err := NewGoFunction(ctx, "me", args)
				return err
			})
			require.Error(t, err)
			assert.Contains(t, err.Error(), tt.message)
		})
	}
}

func TestGoFunctionCompileError(t *testing.T) {
	dir := t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(dir, "go.mod"), []byte("module example.com/broken\n\ngo 1.26\n"), 0o644))
	require.NoError(t, os.MkdirAll(filepath.Join(dir, "fn"), 0o755))
	require.NoError(t, os.WriteFile(filepath.Join(dir, "fn", "main.go"), []byte("package main\n\nfunc main() { undefinedCall() }\n"), 0o644))

	args := meFunctionArgs(t)
	args.SourceDir = dir
	args.Package = "./fn"
	mocks, err := runWithMocks(t, func(ctx *pulumi.Context) error {
		_, err := NewGoFunction(ctx, "broken", args)
		return err
	})
	require.Error(t, err)
	var compileErr *lambdabuild.CompileError
	require.True(t, errors.As(err, &compileErr), "error %v is a compile error", err)
	assert.Contains(t, err.Error(), "./fn")
	assert.Contains(t, err.Error(), "undefined: undefinedCall")
	assert.Empty(t, mocks.ByType("aws:lambda/function:Function"), "no function is registered")
}

func TestGoFunctionInVpc(t *testing.T) {
	args := helloFunctionArgs(t)
	args.Statements = []PolicyStatement{{
		Sid:       "ReadFiles",
		Actions:   []string{"s3:GetObject"},
		Resources: pulumi.StringArray{pulumi.String("arn:aws:s3:::files/*")},
		Condition: map[string]any{"Bool": map[string]any{"aws:SecureTransport": "true"}},
	}}
	mocks, err := runWithMocks(t, func(ctx *pulumi.Context) error {
		key, err := kms.NewKey(ctx, "ordering", &kms.KeyArgs{})
		if err != nil {
			return err
		}
		args.Vpc = &FunctionVpcConfig{
			SubnetIds:        pulumi.ToStringArray([]string{"subnet-0a", "subnet-0b"}),
			SecurityGroupIds: pulumi.ToStringArray([]string{"sg-0f"}),
			DependsOn:        []pulumi.Resource{key},
		}
		_, err = NewGoFunction(ctx, "me", args)
		return err
	})
	require.NoError(t, err)

	function := find(t, mocks, "aws:lambda/function:Function", "me")
	vpcConfig := object(t, function.Inputs, "vpcConfig").Mappable()
	assert.Equal(t, []any{"subnet-0a", "subnet-0b"}, vpcConfig["subnetIds"])
	assert.Equal(t, []any{"sg-0f"}, vpcConfig["securityGroupIds"])
	assert.True(t, function.DependsOn("aws:kms/key:Key", "ordering"), "the function waits for VpcConfig.DependsOn")
	assert.True(t, function.DependsOn("aws:iam/rolePolicy:RolePolicy", "me-policy"), "and for its permissions")

	doc := policyDocument(t, find(t, mocks, "aws:iam/rolePolicy:RolePolicy", "me-policy").Inputs, "policy")
	require.Len(t, doc["Statement"].([]any), 5, "logs, three network interface statements and the given one")
	describe := statement(t, doc, "DescribeNetworkForVpcAccess")
	assert.Equal(t, []any{"ec2:DescribeNetworkInterfaces", "ec2:DescribeSubnets"}, describe["Action"])
	assert.Equal(t, []any{"*"}, describe["Resource"], "EC2 describe actions take no resource")
	create := statement(t, doc, "CreateNetworkInterfacesInFunctionSubnets")
	assert.Equal(t, []any{"ec2:CreateNetworkInterface"}, create["Action"])
	assert.Equal(t, []any{
		"arn:aws:ec2:us-east-1:123456789012:network-interface/*",
		"arn:aws:ec2:us-east-1:123456789012:subnet/subnet-0a",
		"arn:aws:ec2:us-east-1:123456789012:subnet/subnet-0b",
		"arn:aws:ec2:us-east-1:123456789012:security-group/sg-0f",
	}, create["Resource"])
	manage := statement(t, doc, "ManageNetworkInterfaces")
	assert.Equal(t, []any{"ec2:DeleteNetworkInterface", "ec2:AssignPrivateIpAddresses", "ec2:UnassignPrivateIpAddresses"},
		manage["Action"])
	assert.Equal(t, []any{"arn:aws:ec2:us-east-1:123456789012:network-interface/*"}, manage["Resource"])
	read := statement(t, doc, "ReadFiles")
	assert.Equal(t, map[string]any{"Bool": map[string]any{"aws:SecureTransport": "true"}}, read["Condition"])
}

func TestGoFunctionOutsideVpc(t *testing.T) {
	mocks, err := runWithMocks(t, func(ctx *pulumi.Context) error {
		_, err := NewGoFunction(ctx, "me", helloFunctionArgs(t))
		return err
	})
	require.NoError(t, err)

	_, inVpc := find(t, mocks, "aws:lambda/function:Function", "me").Inputs["vpcConfig"]
	assert.False(t, inVpc)
	doc := policyDocument(t, find(t, mocks, "aws:iam/rolePolicy:RolePolicy", "me-policy").Inputs, "policy")
	for _, raw := range doc["Statement"].([]any) {
		assert.NotContains(t, stringsOf(raw.(map[string]any)["Action"]), "ec2:CreateNetworkInterface")
	}
}

// writeBootstrapZip writes a deployment zip whose only entry is an executable bootstrap.
func writeBootstrapZip(t *testing.T) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "me.zip")
	file, err := os.Create(path)
	require.NoError(t, err)
	archive := zip.NewWriter(file)
	header := &zip.FileHeader{Name: lambdabuild.BinaryName, Method: zip.Deflate}
	header.SetMode(0o755)
	entry, err := archive.CreateHeader(header)
	require.NoError(t, err)
	_, err = entry.Write([]byte("prebuilt bootstrap"))
	require.NoError(t, err)
	require.NoError(t, archive.Close())
	require.NoError(t, file.Close())
	return path
}

func TestGoFunctionArchive(t *testing.T) {
	zipPath := writeBootstrapZip(t)
	content, err := os.ReadFile(zipPath)
	require.NoError(t, err)
	sum := sha256.Sum256(content)

	args := meFunctionArgs(t)
	args.SourceDir, args.Package = "", ""
	args.Archive = zipPath
	mocks, err := runWithMocks(t, func(ctx *pulumi.Context) error {
		_, err := NewGoFunction(ctx, "me", args)
		return err
	})
	require.NoError(t, err)

	function := find(t, mocks, "aws:lambda/function:Function", "me")
	require.True(t, function.Inputs["code"].IsArchive(), "code is an archive")
	assert.Equal(t, zipPath, function.Inputs["code"].ArchiveValue().Path, "the function deploys the prebuilt zip")
	assert.Equal(t, base64.StdEncoding.EncodeToString(sum[:]), function.Inputs["sourceCodeHash"].StringValue())
}

func TestGoFunctionArchiveInvalid(t *testing.T) {
	zipPath := writeBootstrapZip(t)
	tests := []struct {
		name     string
		modify   func(*GoFunctionArgs)
		contains []string
	}{
		{"archive and package", func(a *GoFunctionArgs) { a.Archive = zipPath },
			[]string{"Archive " + `"` + zipPath + `"`, "Package", "set either Archive or SourceDir and Package"}},
		{"archive and source only", func(a *GoFunctionArgs) { a.Archive, a.Package = zipPath, "" },
			[]string{"SourceDir", "set either Archive or SourceDir and Package"}},
		{"neither", func(a *GoFunctionArgs) { a.SourceDir, a.Package = "", "" },
			[]string{"Package is empty", "or set Archive to a prebuilt zip"}},
		{"missing file", func(a *GoFunctionArgs) {
			a.SourceDir, a.Package, a.Archive = "", "", filepath.Join(t.TempDir(), "absent.zip")
		}, []string{"Archive", "absent.zip", "no such file"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			args := meFunctionArgs(t)
			tt.modify(&args)
			_, err := runWithMocks(t, func(ctx *pulumi.Context) error {
				_, err := NewGoFunction(ctx, "me", args)
				return err
			})
			require.Error(t, err)
			for _, text := range tt.contains {
				assert.Contains(t, err.Error(), text)
			}
		})
	}
}

// builtArchive builds the handler of the lambdabuild test module for goarch, "arm64" or "amd64", and
// returns the path of its deployment zip, whose bootstrap is a real ELF executable of that machine.
func builtArchive(t *testing.T, goarch string) string {
	t.Helper()
	artifact, err := lambdabuild.Build(context.Background(), lambdabuild.Options{
		Dir:      filepath.Join(repoRoot(t), "infra", "lambdabuild", "testdata", "hellomod"),
		Package:  "./hello",
		Arch:     goarch,
		CacheDir: t.TempDir(),
	})
	require.NoError(t, err)
	return artifact.ZipPath
}

func TestGoFunctionArchiveArchitecture(t *testing.T) {
	arm64Zip := builtArchive(t, "arm64")
	amd64Zip := builtArchive(t, "amd64")
	tests := []struct {
		name         string
		archive      string
		architecture string
		contains     []string
	}{
		{"x86-64 zip on arm64", amd64Zip, "", []string{
			`function "me": Archive "` + amd64Zip + `"`, "ELF executable for EM_X86_64",
			"the function runs on arm64, which needs EM_AARCH64", "provider/archives/zips/arm64/",
			"go run ./functions/cmd/archives",
		}},
		{"arm64 zip on x86_64", arm64Zip, "x86_64", []string{
			`Archive "` + arm64Zip + `"`, "ELF executable for EM_AARCH64",
			"the function runs on x86_64, which needs EM_X86_64", "provider/archives/zips/x86_64/",
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			args := meFunctionArgs(t)
			args.SourceDir, args.Package = "", ""
			args.Archive = tt.archive
			args.Architecture = tt.architecture
			mocks, err := runWithMocks(t, func(ctx *pulumi.Context) error {
				_, err := NewGoFunction(ctx, "me", args)
				return err
			})
			require.Error(t, err)
			assert.ErrorIs(t, err, lambdabuild.ErrInvalidArchive)
			for _, text := range tt.contains {
				assert.Contains(t, err.Error(), text)
			}
			assert.Empty(t, mocks.Resources(), "a zip for the wrong machine fails before anything is registered")
		})
	}
}

func TestGoFunctionArchiveMatchingArchitecture(t *testing.T) {
	for _, tt := range []struct{ goarch, architecture string }{{"arm64", "arm64"}, {"amd64", "x86_64"}} {
		t.Run(tt.architecture, func(t *testing.T) {
			args := meFunctionArgs(t)
			args.SourceDir, args.Package = "", ""
			args.Archive = builtArchive(t, tt.goarch)
			args.Architecture = tt.architecture
			mocks, err := runWithMocks(t, func(ctx *pulumi.Context) error {
				_, err := NewGoFunction(ctx, "me", args)
				return err
			})
			require.NoError(t, err)
			function := find(t, mocks, "aws:lambda/function:Function", "me")
			assert.Equal(t, []any{tt.architecture}, function.Inputs["architectures"].Mappable())
		})
	}
}

func TestGoFunctionInvalidArchiveRegistersNothing(t *testing.T) {
	args := meFunctionArgs(t)
	args.SourceDir, args.Package = "", ""
	args.Archive = filepath.Join(t.TempDir(), "does-not-exist.zip")
	mocks, err := runWithMocks(t, func(ctx *pulumi.Context) error {
		_, err := NewGoFunction(ctx, "me", args)
		return err
	})
	require.Error(t, err)
	assert.Contains(t, err.Error(), "reading Lambda zip")
	assert.Contains(t, err.Error(), "does-not-exist.zip")
	assert.Empty(t, mocks.Resources(), "a missing zip fails before anything is registered")
}
