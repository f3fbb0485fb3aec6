package run

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/auto"
	"github.com/pulumi/pulumi/sdk/v3/go/common/apitype"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// These tests run the policy pack through the real engine with pack config files, as a user passes
// them with --policy-pack-config.

// writePolicyConfig writes a policy pack config file into the test's folder and returns its path.
func writePolicyConfig(t *testing.T, config map[string]any) string {
	t.Helper()
	data, err := json.MarshalIndent(config, "", "  ")
	require.NoError(t, err)
	path := filepath.Join(t.TempDir(), "policy-config.json")
	require.NoError(t, os.WriteFile(path, data, 0o644))
	return path
}

// devExceptions returns the exceptions of the dev stack's tracked policy config.
func devExceptions(t *testing.T) []any {
	t.Helper()
	paths, err := NewPaths(repoRoot(t), "")
	require.NoError(t, err)
	path := PolicyConfigPath(paths, "dev")
	require.NotEmpty(t, path, "the dev stack has a policy config")
	data, err := os.ReadFile(path)
	require.NoError(t, err)

	var config struct {
		Settings struct {
			Exceptions []any `json:"exceptions"`
		} `json:"pack-settings"`
	}
	require.NoError(t, json.Unmarshal(data, &config))
	return config.Settings.Exceptions
}

// violationsOf returns the violations of one policy.
func violationsOf(summary *Summary, policy string) []Violation {
	var found []Violation
	for _, v := range summary.Violations {
		if v.Policy == policy {
			found = append(found, v)
		}
	}
	return found
}

func TestPolicyUnknownValuesPreviewThenUp(t *testing.T) {
	t.Parallel()
	paths, tools := prepare(t)
	ctx := context.Background()
	stack, err := OpenStack(ctx, paths, tools, StackOptions{Stack: "dev"})
	require.NoError(t, err)

	var out bytes.Buffer
	preview, err := stack.Preview(ctx, &out)
	require.NoError(t, err, out.String())

	var unknownKey []Violation
	for _, v := range violationsOf(preview, "s3-bucket-encryption-kms") {
		if strings.Contains(v.Message, "cannot check rules[0].applyServerSideEncryptionByDefault.kmsMasterKeyId yet: "+
			"the value is unknown until the resource is created.") {
			unknownKey = append(unknownKey, v)
		}
	}
	// The user-files bucket and the trail bucket each have a key of their own.
	require.Len(t, unknownKey, 2, "the preview cannot know the ARN of a key it has not created:\n%s", out.String())
	var urns []string
	for _, v := range unknownKey {
		assert.Equal(t, "advisory", v.Level)
		urns = append(urns, v.URN[strings.LastIndex(v.URN, "::")+2:])
	}
	assert.ElementsMatch(t, []string{"platform-user-files-encryption", "platform-audit-encryption"}, urns)

	out.Reset()
	up, err := stack.Up(ctx, &out)
	require.NoError(t, err, out.String())
	for _, v := range up.Violations {
		assert.NotContains(t, v.Message, "cannot check", "every input is known during the update")
	}
	assert.Positive(t, up.Passed["s3-bucket-encryption-kms"], "the update judged the known key ARN")
}

func TestPolicyException(t *testing.T) {
	t.Parallel()
	paths, tools := prepare(t)
	ctx := context.Background()
	stack, err := OpenStack(ctx, paths, tools, StackOptions{Stack: "dev"})
	require.NoError(t, err)
	// A retention of 3 days is one CloudWatch accepts but shorter than the pack's minimum of 7.
	require.NoError(t, stack.SetConfig(ctx, "secure-serverless:logRetentionDays", auto.ConfigValue{Value: "3"}))

	logGroupException := map[string]any{
		"id": "EXC-LOGS", "policy": "cloudwatch-log-group-retention",
		"type": "aws:cloudwatch/logGroup:LogGroup", "name": "platform-*",
		"reason":  "Development logs are throwaway and must not outlive the test data.",
		"expires": "2999-12-31", "approvedBy": "security@example.com",
	}

	tests := []struct {
		name       string
		exceptions []any
		wantErr    string
	}{
		{name: "without exception", wantErr: "retentionInDays is 3, expected at least 7 days."},
		{name: "with exception", exceptions: []any{logGroupException}},
		{
			name: "expired exception",
			exceptions: []any{map[string]any{
				"id": "EXC-OLD", "policy": "cloudwatch-log-group-retention", "name": "platform-*",
				"reason": "Development logs are throwaway and must not outlive the test data.", "expires": "2020-01-31",
			}},
			wantErr: `exception "EXC-OLD" expired on 2020-01-31: fix the resource, or renew the exception`,
		},
		{
			name: "policy that cannot be waived",
			exceptions: []any{map[string]any{
				"id": "EXC-ADMIN", "policy": "iam-no-admin-policy", "name": "platform-*",
				"reason": "The platform needs administrator access for the migration.",
			}},
			wantErr: `exception "EXC-ADMIN": policy "iam-no-admin-policy" cannot be waived: fix the resource instead`,
		},
		{
			name: "reason missing",
			exceptions: []any{map[string]any{
				"id": "EXC-NOREASON", "policy": "cloudwatch-log-group-retention", "name": "platform-*",
			}},
			wantErr: `exception "EXC-NOREASON": reason is missing: state why the resource cannot comply`,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			exceptions := append(devExceptions(t), tt.exceptions...)
			stack.PolicyPackConfig = writePolicyConfig(t, map[string]any{
				"pack-settings": map[string]any{"exceptions": exceptions},
			})

			var out bytes.Buffer
			preview, err := stack.Preview(ctx, &out)
			if tt.wantErr != "" {
				require.Error(t, err)
				assert.Contains(t, out.String()+err.Error(), tt.wantErr)
				return
			}
			require.NoError(t, err, out.String())

			waived := violationsOf(preview, "cloudwatch-log-group-retention")
			require.NotEmpty(t, waived, out.String())
			for _, v := range waived {
				assert.Equal(t, "advisory", v.Level)
				assert.Contains(t, v.Message, "waived by exception EXC-LOGS (approved by security@example.com, "+
					"expires 2999-12-31): Development logs are throwaway")
				assert.Contains(t, v.Message, "retentionInDays is 3, expected at least 7 days.")
			}
		})
	}
}

func TestPolicyProfile(t *testing.T) {
	t.Parallel()
	paths, tools := prepare(t)
	ctx := context.Background()
	stack, err := OpenStack(ctx, paths, tools, StackOptions{Stack: "dev"})
	require.NoError(t, err)

	// lambda-function-in-vpc is disabled in the baseline and mandatory in the hipaa profile. During
	// the first preview the function's subnets are unknown, so only the mandatory policy reports that
	// it cannot check them yet.
	tests := []struct {
		name     string
		profiles []any
		wantSeen bool
	}{
		{name: "baseline", profiles: nil, wantSeen: false},
		{name: "hipaa", profiles: []any{"hipaa"}, wantSeen: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			// The origin secret's rotation function calls the CloudFront API, which has no VPC endpoint,
			// so it runs outside the VPC; a stack with the hipaa profile waives the policy for it alone.
			exceptions := append(devExceptions(t), map[string]any{
				"id":     "EXC-ROTATION",
				"policy": "lambda-function-in-vpc",
				"type":   "aws:lambda/function:Function",
				"name":   "*-origin-secret-rotation",
				"reason": "The rotation function calls the CloudFront API, which has no VPC endpoint.",
			})
			settings := map[string]any{"exceptions": exceptions}
			if tt.profiles != nil {
				settings["profiles"] = tt.profiles
			}
			stack.PolicyPackConfig = writePolicyConfig(t, map[string]any{"pack-settings": settings})

			var out bytes.Buffer
			preview, err := stack.Preview(ctx, &out)
			require.NoError(t, err, out.String())

			inVPC := violationsOf(preview, "lambda-function-in-vpc")
			assert.Equal(t, tt.wantSeen, len(inVPC) > 0, out.String())
			for _, v := range inVPC {
				assert.Equal(t, "advisory", v.Level)
				if strings.HasSuffix(v.URN, "::platform-edge-origin-secret-rotation") {
					continue
				}
				assert.Contains(t, v.Message, "cannot check")
			}
		})
	}
}

func TestPolicyPackConfigUnknownName(t *testing.T) {
	t.Parallel()
	paths, tools := prepare(t)
	ctx := context.Background()
	stack, err := OpenStack(ctx, paths, tools, StackOptions{Stack: "dev"})
	require.NoError(t, err)
	stack.PolicyPackConfig = writePolicyConfig(t, map[string]any{"s3-bucket-no-public-acls": "mandatory"})

	var out bytes.Buffer
	_, err = stack.Preview(ctx, &out)
	require.Error(t, err)
	message := out.String() + err.Error()
	assert.Contains(t, message, unknownNameMessage)
	assert.Contains(t, message, "s3-bucket-no-public-acl,", "the valid names include the near miss")
}

// unknownNameMessage is the start of the error for a config that names "s3-bucket-no-public-acls".
const unknownNameMessage = `unknown policy names "s3-bucket-no-public-acls": use the names of the pack's ` +
	`policies, "all" or "pack-settings"; valid policy names are `

func TestPolicyAnalyze(t *testing.T) {
	t.Parallel()
	paths, tools := prepare(t)
	ctx := context.Background()
	stack, err := OpenStack(ctx, paths, tools, StackOptions{Stack: "dev"})
	require.NoError(t, err)

	var out bytes.Buffer
	_, err = stack.Up(ctx, &out)
	require.NoError(t, err, out.String())

	out.Reset()
	require.NoError(t, stack.AnalyzePolicies(ctx, &out), out.String())
	assert.Contains(t, out.String(), "s3-bucket-encryption-kms", "the waived violation is reported")
	assert.Contains(t, out.String(), "EXC-1")

	// `pulumi policy analyze` loads the packs only when the stack has resources, so this case needs
	// the update above.
	t.Run("unknown policy name", func(t *testing.T) {
		devConfig := stack.PolicyPackConfig
		t.Cleanup(func() { stack.PolicyPackConfig = devConfig })
		stack.PolicyPackConfig = writePolicyConfig(t, map[string]any{"s3-bucket-no-public-acls": "mandatory"})

		var out bytes.Buffer
		err := stack.AnalyzePolicies(ctx, &out)
		require.Error(t, err)
		assert.NotErrorIs(t, err, ErrPolicyViolation)
		assert.Contains(t, out.String(), unknownNameMessage)
	})

	// Turn off the rotation of the user-files key in the stored state, as a change made outside
	// Pulumi and imported would, and analyze again.
	exported, err := stack.Export(ctx)
	require.NoError(t, err)
	var deployment apitype.DeploymentV3
	require.NoError(t, json.Unmarshal(exported.Deployment, &deployment))
	changed := 0
	for i, r := range deployment.Resources {
		if string(r.Type) == "aws:kms/key:Key" {
			deployment.Resources[i].Inputs["enableKeyRotation"] = false
			changed++
		}
	}
	require.Positive(t, changed, "the dev stack has a KMS key")
	exported.Deployment, err = json.Marshal(deployment)
	require.NoError(t, err)
	require.NoError(t, stack.Import(ctx, exported))

	out.Reset()
	err = stack.AnalyzePolicies(ctx, &out)
	require.ErrorIs(t, err, ErrPolicyViolation, out.String())
	assert.Contains(t, out.String(), "kms-key-rotation-enabled")
	assert.Contains(t, out.String(), "enableKeyRotation is false, expected true.")
}
