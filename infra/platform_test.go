package infra

import (
	"path/filepath"
	"strings"
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

func TestPlatformFunctionArchives(t *testing.T) {
	archives := map[string]string{}
	for _, name := range PlatformFunctionNames {
		archives[name] = writeBootstrapZip(t)
	}
	mocks, err := runWithMocks(t, func(ctx *pulumi.Context) error {
		_, err := NewPlatform(ctx, "platform", PlatformArgs{
			NamePrefix:       "app-test",
			FunctionArchives: archives,
			Edge:             EdgeArgs{Enabled: true},
		})
		return err
	})
	require.NoError(t, err, "every function has an archive, so no SourceDir is needed")

	for short, resourceName := range map[string]string{
		"me": "platform-me", "uploads": "platform-uploads", "files": "platform-files",
		"quarantine": "platform-quarantine", "validate": "platform-validate",
		"originsecret": "platform-edge-origin-secret-rotation",
	} {
		function := find(t, mocks, "aws:lambda/function:Function", resourceName)
		assert.Equal(t, archives[short], function.Inputs["code"].ArchiveValue().Path, "function %s", short)
	}
}

func TestPlatformFunctionArchivesInvalid(t *testing.T) {
	tests := []struct {
		name     string
		args     PlatformArgs
		contains []string
	}{
		{"unknown function", PlatformArgs{NamePrefix: "app-test", SourceDir: repoRoot(t),
			FunctionArchives: map[string]string{"report": "/tmp/report.zip"}},
			[]string{`FunctionArchives has an archive of "report"`, "use one of me, uploads"}},
		{"empty path", PlatformArgs{NamePrefix: "app-test", SourceDir: repoRoot(t),
			FunctionArchives: map[string]string{"me": ""}},
			[]string{`FunctionArchives["me"] is empty`}},
		{"no source for missing archives", PlatformArgs{NamePrefix: "app-test",
			FunctionArchives: map[string]string{"me": "/tmp/me.zip"}},
			[]string{"SourceDir is empty", "no archive of uploads, files, quarantine, validate;"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := runWithMocks(t, func(ctx *pulumi.Context) error {
				_, err := NewPlatform(ctx, "platform", tt.args)
				return err
			})
			require.Error(t, err)
			for _, text := range tt.contains {
				assert.Contains(t, err.Error(), text)
			}
		})
	}
}

func TestBuildPlatformIntoHost(t *testing.T) {
	mocks, err := runWithMocks(t, func(ctx *pulumi.Context) error {
		host := &struct{ pulumi.ResourceState }{}
		if err := ctx.RegisterComponentResource(PlatformType, "hosted", host); err != nil {
			return err
		}
		platform, err := BuildPlatform(ctx, "hosted", PlatformArgs{
			NamePrefix: "app-test",
			SourceDir:  repoRoot(t),
			Functions:  GoFunctionArgs{BuildCacheDir: t.TempDir()},
		}, host)
		if err != nil {
			return err
		}
		if platform.Network == nil || platform.MeFunction == nil {
			t.Error("BuildPlatform returned a Platform without its components")
		}
		return ctx.RegisterResourceOutputs(host, pulumi.Map{})
	})
	require.NoError(t, err)

	assert.Len(t, mocks.ByType(PlatformType), 1, "the platform is the host, not a second component")
	network := find(t, mocks, NetworkType, "hosted-network")
	assertParent(t, network, PlatformType, "hosted")
}

// platformArchives returns an archive of every platform function, all the same zip.
func platformArchives(zipPath string) map[string]string {
	archives := map[string]string{}
	for _, name := range PlatformFunctionNames {
		archives[name] = zipPath
	}
	return archives
}

func TestPlatformRejectsBeforeRegistering(t *testing.T) {
	arm64Zip := builtArchive(t, "arm64")
	amd64Zip := builtArchive(t, "amd64")
	longPrefix := strings.Repeat("a", 60)
	missing := filepath.Join(t.TempDir(), "does-not-exist.zip")
	tests := []struct {
		name     string
		platform string
		args     PlatformArgs
		contains []string
	}{
		{"edge name prefix", "platform", PlatformArgs{NamePrefix: "My_App",
			FunctionArchives: platformArchives(arm64Zip), Edge: EdgeArgs{Enabled: true}},
			[]string{`edge "platform-edge": NamePrefix "My_App" is invalid; use at most 40 lowercase letters`}},
		{"function name length", "platform", PlatformArgs{NamePrefix: longPrefix,
			FunctionArchives: platformArchives(arm64Zip)},
			[]string{
				`function "platform-uploads": FunctionName "` + longPrefix + `-uploads" has 68 characters, ` +
					"Lambda allows 64",
				`function "platform-quarantine": FunctionName "` + longPrefix + `-quarantine" has 71 characters`,
			}},
		{"backup vault name", "platform", PlatformArgs{NamePrefix: strings.Repeat("b", 45),
			FunctionArchives: platformArchives(arm64Zip), BackupEnabled: true},
			[]string{`backup "platform-backup": NamePrefix "` + strings.Repeat("b", 45) + `" is invalid; use 1 to 44`}},
		{"bucket name", "Platform", PlatformArgs{NamePrefix: "app-test",
			FunctionArchives: platformArchives(arm64Zip)},
			[]string{`user-files bucket "Platform-user-files"`, "lowercase letters, digits and hyphens"}},
		{"missing archive", "platform", PlatformArgs{NamePrefix: "app-test", SourceDir: repoRoot(t),
			FunctionArchives: map[string]string{"me": missing}},
			[]string{`function "platform-me": Archive "` + missing + `"`, "reading Lambda zip"}},
		{"archive for another machine", "platform", PlatformArgs{NamePrefix: "app-test",
			FunctionArchives: platformArchives(amd64Zip)},
			[]string{`function "platform-me": Archive "` + amd64Zip + `"`, "ELF executable for EM_X86_64",
				"the function runs on arm64"}},
		{"every error together", "platform", PlatformArgs{NamePrefix: "My_App", SourceDir: repoRoot(t),
			FunctionArchives: map[string]string{"me": missing, "uploads": amd64Zip}, Edge: EdgeArgs{Enabled: true}},
			[]string{`NamePrefix "My_App" is invalid`, `Archive "` + missing + `"`, `Archive "` + amd64Zip + `"`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			mocks, err := runWithMocks(t, func(ctx *pulumi.Context) error {
				_, err := NewPlatform(ctx, tt.platform, tt.args)
				return err
			})
			require.Error(t, err)
			for _, text := range tt.contains {
				assert.Contains(t, err.Error(), text)
			}
			assert.Empty(t, mocks.Resources(), "the platform fails before it registers anything")
		})
	}
}

func TestBuildPlatformRejectsBeforeRegistering(t *testing.T) {
	mocks, err := runWithMocks(t, func(ctx *pulumi.Context) error {
		_, err := BuildPlatform(ctx, "hosted", PlatformArgs{NamePrefix: "My_App",
			FunctionArchives: platformArchives(builtArchive(t, "arm64")), Edge: EdgeArgs{Enabled: true}}, nil)
		return err
	})
	require.Error(t, err)
	assert.Contains(t, err.Error(), `NamePrefix "My_App" is invalid`)
	assert.Empty(t, mocks.Resources())
}

func TestPlatformEdgeRuleOnlyWithEdge(t *testing.T) {
	mocks, err := runWithMocks(t, func(ctx *pulumi.Context) error {
		_, err := NewPlatform(ctx, "platform", PlatformArgs{
			NamePrefix:       "My_App",
			FunctionArchives: platformArchives(builtArchive(t, "arm64")),
		})
		return err
	})
	require.NoError(t, err, "without the edge, no component limits the prefix to lowercase")
	function := find(t, mocks, "aws:lambda/function:Function", "platform-me")
	assert.Equal(t, "My_App-me", function.Inputs["name"].StringValue())
}

func TestPlatformValidateAcceptsEveryPart(t *testing.T) {
	args := PlatformArgs{
		NamePrefix:       "app-test",
		FunctionArchives: platformArchives(builtArchive(t, "amd64")),
		Functions:        GoFunctionArgs{Architecture: "x86_64"},
		API: RestAPIArgs{UsagePlans: []APIUsagePlan{{Name: "partners", RateLimit: 10, BurstLimit: 20, QuotaLimit: 1000, QuotaPeriod: "DAY",
			Clients: []string{"billing"}}}},
		APIKeyRequired: true,
		Edge:           EdgeArgs{Enabled: true},
		AuditEnabled:   true,
		BackupEnabled:  true,
	}
	assert.NoError(t, args.Validate("platform"), "the placeholders satisfy every component's validator")

	args.NamePrefix = "App_Test"
	err := args.Validate("platform")
	require.Error(t, err)
	assert.Contains(t, err.Error(), `edge "platform-edge": NamePrefix "App_Test" is invalid`)
}
