package run

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/common/apitype"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// platformType is the type token of the component package's top-level component.
const platformType = "secureserverless:index:Platform"

// prepareYAML returns paths with a fresh scratch folder and the tools of the YAML example: the YAML
// host next to the CLI and the component provider built from provider/ and installed.
func prepareYAML(t *testing.T) (Paths, Tools) {
	t.Helper()
	paths, tools := prepare(t)
	var log bytes.Buffer
	require.NoError(t, PrepareYAML(context.Background(), paths, tools, YAMLOptions{}, &log), log.String())
	return paths, tools
}

// descendantTypes counts, by type, the resources in the state whose parent chain reaches the resource
// with the given URN.
func descendantTypes(resources []apitype.ResourceV3, root string) map[string]int {
	parents := map[string]string{}
	for _, r := range resources {
		parents[string(r.URN)] = string(r.Parent)
	}
	counts := map[string]int{}
	for _, r := range resources {
		for parent := string(r.Parent); parent != ""; parent = parents[parent] {
			if parent == root {
				counts[string(r.Type)]++
				break
			}
		}
	}
	return counts
}

func TestYAMLHostNextToCLI(t *testing.T) {
	t.Parallel()
	paths, tools := prepareYAML(t)

	host := filepath.Join(tools.CLIRoot, "bin", "pulumi-language-yaml")
	info, err := os.Stat(host)
	require.NoError(t, err, "PrepareYAML puts the YAML host next to the CLI")
	assert.NotZero(t, info.Mode()&0o111, "%s is executable", host)

	installed := filepath.Join(paths.pulumiHome(), "plugins", "resource-secureserverless-v0.1.0",
		"pulumi-resource-secureserverless")
	assert.True(t, sameFile(installed, paths.ComponentProviderBinary()),
		"the plugin cache holds the provider binary that PrepareYAML built")

	// The command examples/yaml-platform/README.md shows for reading the installed package's schema.
	getSchema := exec.Command(filepath.Join(tools.CLIRoot, "bin", "pulumi"), "package", "get-schema",
		ComponentPackage+"@"+ComponentVersion)
	getSchema.Env = mergeEnv(os.Environ(), paths.engineEnv())
	out, err := getSchema.Output()
	require.NoError(t, err, "pulumi package get-schema of the installed plugin")
	var schema struct {
		Name      string         `json:"name"`
		Resources map[string]any `json:"resources"`
	}
	require.NoError(t, json.Unmarshal(out, &schema))
	assert.Equal(t, ComponentPackage, schema.Name)
	assert.Contains(t, schema.Resources, platformType)
}

func TestYAMLExampleCycle(t *testing.T) {
	t.Parallel()
	paths, tools := prepareYAML(t)
	ctx := context.Background()
	stack, err := OpenYAMLStack(ctx, paths, tools, "dev")
	require.NoError(t, err)
	assert.Equal(t, filepath.Join(paths.RepoDir, "policy", "config", "dev.json"), stack.PolicyPackConfig)

	var out bytes.Buffer
	summaries, err := stack.Cycle(ctx, &out)
	require.NoError(t, err, out.String())
	require.Len(t, summaries, 3)
	preview, up, second := summaries[0], summaries[1], summaries[2]

	assert.Equal(t, 1, preview.Steps[platformType]["create"], "preview creates the Platform")
	assert.Equal(t, 1, up.Steps[platformType]["create"], "up creates the Platform")
	assert.Equal(t, 1, second.Steps[platformType]["same"], "second preview keeps the Platform")
	assert.Zero(t, second.Changes(), "second preview plans changes:\n%s", out.String())
	assert.Contains(t, out.String(), "pulumi:pulumi:Stack yaml-platform-dev",
		"the engine ran the YAML project, not the Go one")

	resources, err := stack.Resources(ctx)
	require.NoError(t, err)
	var platformURN string
	for _, r := range resources {
		if string(r.Type) == platformType {
			platformURN = string(r.URN)
		}
	}
	require.NotEmpty(t, platformURN, "the state holds the Platform")
	children := descendantTypes(resources, platformURN)
	for _, typ := range []string{
		"secureserverless:network:Network",
		"secureserverless:storage:UserFilesBucket",
		"secureserverless:identity:Auth",
		"secureserverless:compute:GoFunction",
		"secureserverless:api:RestApi",
		"aws:ec2/vpc:Vpc",
		"aws:s3/bucketV2:BucketV2",
		"aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock",
		"aws:kms/key:Key",
		"aws:cognito/userPool:UserPool",
		"aws:lambda/function:Function",
		"aws:iam/role:Role",
		"aws:apigateway/restApi:RestApi",
		"aws:wafv2/webAcl:WebAcl",
	} {
		assert.Positive(t, children[typ], "the Platform has a %s below it", typ)
		assert.Equal(t, children[typ], up.Steps[typ]["create"], "up created every %s in the state", typ)
	}

	assert.Contains(t, preview.Packs, "secure-serverless@0.1.0", "the policy pack analyzed the preview")
	assert.Empty(t, up.Mandatory(), out.String())
	assert.Positive(t, up.Passed["s3-bucket-has-public-access-block"])
	assert.Positive(t, up.Passed["lambda-function-log-group-managed"])
	var waived []string
	for _, v := range up.Violations {
		if strings.Contains(v.Message, "waived by exception") {
			waived = append(waived, v.Policy)
		}
	}
	assert.ElementsMatch(t, []string{"s3-bucket-encryption-kms", "cloudfront-viewer-tls12"}, waived,
		"the exceptions of policy/config/dev.json apply to the component's resources")

	outputs, err := stack.Outputs(ctx)
	require.NoError(t, err)
	assert.Regexp(t, `^https://[a-z0-9]{10}\.execute-api\.eu-west-1\.amazonaws\.com/v1$`, outputs["apiInvokeUrl"])
	assert.Regexp(t, `^platform-user-files-[0-9a-f]{7}$`, outputs["userFilesBucketName"])
	assert.Regexp(t, `^eu-west-1_[A-Za-z0-9]{9}$`, outputs["userPoolId"])
	assert.Regexp(t, `^[a-z0-9]{26}$`, outputs["userPoolClientId"])
}

// The YAML example passes its userFilesEncryption setting to the component. AES256 is a valid input,
// but the pack's s3-bucket-encryption-kms policy is mandatory for the user-files bucket, so the preview
// stops before anything is created.
func TestYAMLExampleWeakEncryptionBlocked(t *testing.T) {
	t.Parallel()
	paths, tools := prepareYAML(t)
	ctx := context.Background()
	stack, err := OpenYAMLStack(ctx, paths, tools, "dev")
	require.NoError(t, err)
	require.NoError(t, stack.SetConfig(ctx, "userFilesEncryption", "AES256"))

	var out bytes.Buffer
	preview, err := stack.Preview(ctx, &out)

	require.ErrorIs(t, err, ErrPolicyViolation, out.String())
	require.Len(t, preview.Mandatory(), 1, out.String())
	violation := preview.Mandatory()[0]
	assert.Equal(t, "s3-bucket-encryption-kms", violation.Policy)
	assert.Contains(t, violation.URN, "::yaml-platform::"+platformType+"$")
	assert.Contains(t, violation.URN, "aws:s3/bucketServerSideEncryptionConfigurationV2:"+
		"BucketServerSideEncryptionConfigurationV2::platform-user-files-encryption")
	assert.Contains(t, violation.Message, `"AES256"`)
	assert.Contains(t, out.String(), "s3-bucket-encryption-kms", "the CLI output shows the policy")

	resources, err := stack.Resources(ctx)
	require.NoError(t, err)
	assert.Empty(t, resources, "a blocked preview creates nothing")
}

func TestYAMLStackNameChecked(t *testing.T) {
	t.Parallel()
	paths, err := NewPaths(repoRoot(t), t.TempDir())
	require.NoError(t, err)

	assert.NoError(t, CheckYAMLStackName(paths, "dev"))
	err = CheckYAMLStackName(paths, "prod")
	require.Error(t, err)
	assert.Contains(t, err.Error(), "stack prod of the YAML example has no settings file")
	err = CheckYAMLStackName(paths, "../dev")
	require.Error(t, err)
	assert.Contains(t, err.Error(), `invalid stack name "../dev"`)
}
