package run

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"runtime"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/auto"
	"github.com/pulumi/pulumi/sdk/v3/go/common/apitype"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/secureserverless/framework/program"
)

// These tests drive the real Pulumi engine. The first run builds the Pulumi CLI into the repository's
// .offline folder, which takes minutes; later runs reuse it.

func repoRoot(t *testing.T) string {
	t.Helper()
	_, file, _, ok := runtime.Caller(0)
	require.True(t, ok)
	return filepath.Join(filepath.Dir(file), "..", "..")
}

// prepare returns paths with a fresh scratch folder and the tools built.
func prepare(t *testing.T) (Paths, Tools) {
	t.Helper()
	paths, err := NewPaths(repoRoot(t), "")
	require.NoError(t, err)
	paths.ScratchDir = t.TempDir()
	var log bytes.Buffer
	tools, err := Prepare(context.Background(), paths, &log)
	require.NoError(t, err, log.String())
	return paths, tools
}

// stateTypes returns the resource types in the stack's state.
func stateTypes(t *testing.T, s *Stack) []string {
	t.Helper()
	exported, err := s.Export(context.Background())
	require.NoError(t, err)
	var deployment apitype.DeploymentV3
	require.NoError(t, json.Unmarshal(exported.Deployment, &deployment))
	var types []string
	for _, r := range deployment.Resources {
		types = append(types, string(r.Type))
	}
	return types
}

func TestDevStackCycle(t *testing.T) {
	t.Parallel()
	paths, tools := prepare(t)
	ctx := context.Background()
	stack, err := OpenStack(ctx, paths, tools, StackOptions{Stack: "dev"})
	require.NoError(t, err)

	var out bytes.Buffer
	summaries, err := stack.Cycle(ctx, &out)
	require.NoError(t, err, out.String())
	require.Len(t, summaries, 3)
	preview, up, second := summaries[0], summaries[1], summaries[2]

	for _, typ := range []string{
		"aws:s3/bucketV2:BucketV2",
		"aws:s3/bucketPolicy:BucketPolicy",
		"aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock",
		"aws:kms/key:Key",
		"aws:lambda/function:Function",
		"aws:iam/role:Role",
		"aws:cloudwatch/logGroup:LogGroup",
	} {
		created := preview.Steps[typ]["create"]
		assert.Positive(t, created, "preview creates a %s", typ)
		assert.Equal(t, created, up.Steps[typ]["create"], "up creates every %s the preview planned", typ)
		assert.Equal(t, created, second.Steps[typ]["same"], "second preview keeps every %s", typ)
	}
	assert.Zero(t, second.Changes(), "second preview plans changes:\n%s", out.String())
	assert.Empty(t, preview.Mandatory())
	assert.Contains(t, preview.Packs, "secure-serverless@0.1.0", "the policy pack analyzed the preview")
	assert.Positive(t, preview.Passed["s3-public-access-block-enabled"])
	assert.Positive(t, up.Passed["kms-key-rotation-enabled"])

	outputs, err := stack.Outputs(ctx)
	require.NoError(t, err)
	assert.Equal(t, "secure-serverless-dev-me", outputs["meFunctionName"].Value)
	assert.Contains(t, outputs["meFunctionArn"].Value, ":function:secure-serverless-dev-me")
	assert.Equal(t, "/aws/lambda/secure-serverless-dev-me", outputs["meFunctionLogGroup"].Value)
}

func TestPublicBucketACLBlocked(t *testing.T) {
	t.Parallel()
	paths, tools := prepare(t)
	ctx := context.Background()
	stack, err := OpenStack(ctx, paths, tools, StackOptions{Stack: "dev", Variant: program.VariantPublicBucketACL})
	require.NoError(t, err)

	var out bytes.Buffer
	preview, err := stack.Preview(ctx, &out)
	require.ErrorIs(t, err, ErrPolicyViolation, out.String())
	require.Len(t, preview.Mandatory(), 1, out.String())
	violation := preview.Mandatory()[0]
	assert.Equal(t, "s3-bucket-no-public-acl", violation.Policy)
	assert.Contains(t, violation.URN, "aws:s3/bucketAclV2:BucketAclV2::user-files-public-acl")
	assert.Contains(t, violation.Message, "public-read")
	assert.Contains(t, out.String(), "s3-bucket-no-public-acl", "the engine output shows the policy")
	assert.Empty(t, stateTypes(t, stack), "a blocked preview creates nothing")

	out.Reset()
	up, err := stack.Up(ctx, &out)
	require.ErrorIs(t, err, ErrPolicyViolation, out.String())
	assert.Equal(t, "s3-bucket-no-public-acl", up.Mandatory()[0].Policy)
	assert.NotContains(t, stateTypes(t, stack), "aws:s3/bucketAclV2:BucketAclV2",
		"up stopped before creating the public ACL")
}

func TestInvalidSettingsRejected(t *testing.T) {
	t.Parallel()
	paths, tools := prepare(t)
	ctx := context.Background()

	tests := []struct {
		name    string
		key     string
		value   string
		message string
	}{
		{
			name:    "retention not accepted by CloudWatch",
			key:     "secure-serverless:logRetentionDays",
			value:   "13",
			message: "invalid stack setting secure-serverless:logRetentionDays=13: accepted values are 1, 3, 5, 7, 14",
		},
		{
			name:    "timeout over the API limit",
			key:     "secure-serverless:lambdaTimeoutSeconds",
			value:   "60",
			message: "invalid stack setting secure-serverless:lambdaTimeoutSeconds=60: accepted values are 1 to 29",
		},
		{
			name:    "retention of the wrong type",
			key:     "secure-serverless:logRetentionDays",
			value:   "two weeks",
			message: "must be of type 'integer'",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			stack, err := OpenStack(ctx, paths, tools, StackOptions{Stack: "dev"})
			require.NoError(t, err)
			require.NoError(t, stack.SetConfig(ctx, tt.key, auto.ConfigValue{Value: tt.value}))

			var out bytes.Buffer
			_, err = stack.Preview(ctx, &out)
			require.Error(t, err)
			assert.Contains(t, out.String()+err.Error(), tt.message)
		})
	}
}

func TestStackSettingsKeepSalt(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		source string
		copy   string
		want   string
	}{
		{
			name:   "first copy",
			source: "config:\n  a: b\n",
			want:   "config:\n  a: b\n",
		},
		{
			name:   "salt of the work copy kept",
			source: "config:\n  a: b\n",
			copy:   "encryptionsalt: v1:abc\nconfig:\n  a: old\n",
			want:   "encryptionsalt: v1:abc\nconfig:\n  a: b\n",
		},
		{
			name:   "salt of a real deployment dropped",
			source: "encryptionsalt: v1:real\nconfig:\n  a: b\n",
			copy:   "encryptionsalt: v1:offline\nconfig:\n  a: b\n",
			want:   "encryptionsalt: v1:offline\nconfig:\n  a: b\n",
		},
		{
			name:   "KMS secrets provider of a real deployment dropped",
			source: "secretsprovider: awskms://alias/x\nencryptedkey: abc\nconfig:\n  a: b\n",
			want:   "config:\n  a: b\n",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			src := filepath.Join(dir, "Pulumi.dev.yaml")
			dst := filepath.Join(dir, "copy.yaml")
			require.NoError(t, os.WriteFile(src, []byte(tt.source), 0o644))
			if tt.copy != "" {
				require.NoError(t, os.WriteFile(dst, []byte(tt.copy), 0o644))
			}

			require.NoError(t, copyStackSettings(src, dst))
			got, err := os.ReadFile(dst)
			require.NoError(t, err)
			assert.Equal(t, tt.want, string(got))
		})
	}
}

func TestCopyStackSettingsRejectsSecrets(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	src := filepath.Join(dir, "Pulumi.dev.yaml")
	dst := filepath.Join(dir, "copy.yaml")
	source := "config:\n  app:alertHttpsUrls:\n    - secure: v1:abc\n"
	require.NoError(t, os.WriteFile(src, []byte(source), 0o644))

	err := copyStackSettings(src, dst)

	require.Error(t, err)
	assert.Contains(t, err.Error(), "line 3 hold a secret, which the offline run cannot decrypt")
	assert.NoFileExists(t, dst, "nothing is written")
}
