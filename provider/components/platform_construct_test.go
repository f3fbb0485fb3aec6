package components

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/property"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/secureserverless/framework/infra"
	"github.com/secureserverless/framework/infra/lambdabuild"
)

func TestPlatformConstruct(t *testing.T) {
	mocks, state, err := construct(t, infra.PlatformType, "platform", map[string]property.Value{
		"namePrefix":        property.New("yaml-app-dev"),
		"lambdaMemoryMb":    property.New(512.0),
		"auditTrailEnabled": property.New(false),
		"authGroups":        property.New([]property.Value{property.New("auditor")}),
	})
	require.NoError(t, err)

	assert.Len(t, mocks.ByType(infra.PlatformType), 1, "the Platform is registered once, not nested in itself")
	network := find(t, mocks, infra.NetworkType, "platform-network")
	assert.Contains(t, network.Parent, infra.PlatformType+"::platform")

	function := find(t, mocks, "aws:lambda/function:Function", "platform-me")
	assert.Equal(t, "yaml-app-dev-me", function.Inputs["name"].StringValue())
	assert.Equal(t, 512.0, function.Inputs["memorySize"].NumberValue(), "lambdaMemoryMb reaches the functions")
	assert.Empty(t, mocks.ByType("aws:cloudtrail/trail:Trail"), "auditTrailEnabled=false leaves the trail out")
	group := find(t, mocks, "aws:cognito/userGroup:UserGroup", "platform-auth-group-auditor")
	assert.Equal(t, "auditor", group.Inputs["name"].StringValue())

	assert.Equal(t, "yaml-app-dev-me", state.Get("meFunctionName").AsString(), "the outputs carry the functions")
	assert.NotEmpty(t, state.Get("vpcId").AsString())
	assert.Equal(t, "", state.Get("auditTrailArn").AsString(), "a part that is off gives an empty output")
	assert.NotEmpty(t, state.Get("edgeUrl").AsString(), "the edge is on by default")
}

func TestPlatformConstructInvalidInput(t *testing.T) {
	longPrefix := strings.Repeat("a", 54)
	amd64Zip := buildArchive(t, "amd64")
	tests := []struct {
		name     string
		inputs   map[string]property.Value
		contains []string
	}{
		{"retention", map[string]property.Value{
			"namePrefix":       property.New("yaml-app-dev"),
			"logRetentionDays": property.New(8.0),
		}, []string{"invalid input logRetentionDays=8 of component secureserverless:index:Platform",
			"accepted values are 1, 3, 5, 7, 14", "set the component's logRetentionDays input"}},
		{"architecture", map[string]property.Value{
			"namePrefix":         property.New("yaml-app-dev"),
			"lambdaArchitecture": property.New("arm"),
		}, []string{"invalid input lambdaArchitecture=arm", "accepted values are arm64, x86_64"}},
		{"list entry", map[string]property.Value{
			"namePrefix":     property.New("yaml-app-dev"),
			"apiCorsOrigins": property.New([]property.Value{property.New("http://app.example.com")}),
		}, []string{"invalid input apiCorsOrigins=http://app.example.com", "one entry of the list apiCorsOrigins"}},
		{"empty name prefix", map[string]property.Value{
			"namePrefix": property.New(" "),
		}, []string{`invalid input namePrefix=" "`, "set it to the start of every physical name"}},
		{"unknown archive", map[string]property.Value{
			"namePrefix":       property.New("yaml-app-dev"),
			"functionArchives": property.New(map[string]property.Value{"report": property.New("/tmp/report.zip")}),
		}, []string{`functionArchives has an archive of "report"`, "use one of me, uploads"}},
		{"name prefix for the edge", map[string]property.Value{
			"namePrefix": property.New("My_App"),
		}, []string{`edge "platform-edge": namePrefix "My_App" is invalid; use at most 40 lowercase letters`}},
		{"long name prefix", map[string]property.Value{
			"namePrefix":  property.New(longPrefix),
			"edgeEnabled": property.New(false),
		}, []string{`function "platform-quarantine": function name "` + longPrefix + `-quarantine" has 65 ` +
			"characters, Lambda allows 64; use a shorter namePrefix"}},
		{"missing archive", map[string]property.Value{
			"namePrefix":       property.New("yaml-app-dev"),
			"functionArchives": property.New(map[string]property.Value{"me": property.New("./does-not-exist.zip")}),
		}, []string{`function "platform-me": functionArchives entry "./does-not-exist.zip"`, "reading Lambda zip"}},
		{"archive for another machine", map[string]property.Value{
			"namePrefix":       property.New("yaml-app-dev"),
			"functionArchives": property.New(map[string]property.Value{"uploads": property.New(amd64Zip)}),
		}, []string{`function "platform-uploads": functionArchives entry "` + amd64Zip + `"`,
			"ELF executable for EM_X86_64, but the function runs on arm64"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			mocks, _, err := construct(t, infra.PlatformType, "platform", tt.inputs)
			require.Error(t, err)
			for _, text := range tt.contains {
				assert.Contains(t, err.Error(), text)
			}
			for _, goName := range []string{"NamePrefix", "FunctionArchives", "Archive ", "FunctionName",
				"project or stack name"} {
				assert.NotContains(t, err.Error(), goName, "the message names the inputs, not infra's Go fields")
			}
			assert.Empty(t, mocks.Resources(), "the Platform fails before anything is registered")
		})
	}
}

// buildArchive builds the handler of infra's lambdabuild test module for goarch and returns the path of
// its deployment zip.
func buildArchive(t *testing.T, goarch string) string {
	t.Helper()
	dir, err := filepath.Abs(filepath.Join("..", "..", "infra", "lambdabuild", "testdata", "hellomod"))
	require.NoError(t, err)
	artifact, err := lambdabuild.Build(context.Background(), lambdabuild.Options{Dir: dir, Package: "./hello",
		Arch: goarch, CacheDir: t.TempDir()})
	require.NoError(t, err)
	return artifact.ZipPath
}

func TestPlatformConstructLongestPrefixWithoutEdge(t *testing.T) {
	prefix := strings.Repeat("a", 53)
	mocks, _, err := construct(t, infra.PlatformType, "platform", map[string]property.Value{
		"namePrefix":  property.New(prefix),
		"edgeEnabled": property.New(false),
	})
	require.NoError(t, err, "53 characters is the longest prefix the functions accept")
	function := find(t, mocks, "aws:lambda/function:Function", "platform-quarantine")
	assert.Equal(t, prefix+"-quarantine", function.Inputs["name"].StringValue())
}
