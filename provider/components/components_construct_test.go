package components

import (
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/property"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/secureserverless/framework/infra"
)

// stringList returns an array property of the strings.
func stringList(values ...string) property.Value {
	items := make([]property.Value, len(values))
	for i, value := range values {
		items[i] = property.New(value)
	}
	return property.New(items)
}

func TestUserFilesBucketConstruct(t *testing.T) {
	mocks, state, err := construct(t, infra.UserFilesBucketType, "files", map[string]property.Value{
		"malwareScanning":  property.New(false),
		"uploaderRoleArns": stringList("arn:aws:iam::123456789012:role/uploads"),
		"corsOrigins":      stringList("https://app.example.com"),
	})
	require.NoError(t, err)

	assert.Len(t, mocks.ByType(infra.UserFilesBucketType), 1, "the bucket component is registered once")
	bucket := find(t, mocks, "aws:s3/bucketV2:BucketV2", "files")
	assert.Contains(t, bucket.Parent, infra.UserFilesBucketType+"::files")
	assert.Empty(t, mocks.ByType("aws:guardduty/malwareProtectionPlan:MalwareProtectionPlan"),
		"malwareScanning=false leaves the scanning plan out")
	policy := find(t, mocks, "aws:s3/bucketPolicy:BucketPolicy", "files-policy")
	assert.Contains(t, policy.Inputs["policy"].StringValue(), "arn:aws:iam::123456789012:role/uploads",
		"the bucket policy admits the uploader role")
	assert.Equal(t, bucket.Outputs["bucket"].StringValue(), state.Get("bucketName").AsString())
	assert.Equal(t, "", state.Get("scanResultRuleName").AsString())
}

func TestUserFilesBucketConstructInvalidInput(t *testing.T) {
	_, _, err := construct(t, infra.UserFilesBucketType, "files", map[string]property.Value{
		"encryption": property.New("DES"),
	})
	require.Error(t, err)
	assert.Contains(t, err.Error(), `invalid inputs of component secureserverless:storage:UserFilesBucket "files"`)
	assert.Contains(t, err.Error(), `encryption "DES"`)
}

func TestAuthConstruct(t *testing.T) {
	mocks, state, err := construct(t, infra.AuthType, "auth", map[string]property.Value{
		"namePrefix": property.New("yaml-app-dev"),
		"groups":     stringList("auditor"),
		"mfa":        property.New("OPTIONAL"),
	})
	require.NoError(t, err)

	pool := find(t, mocks, "aws:cognito/userPool:UserPool", "auth-user-pool")
	assert.Contains(t, pool.Parent, infra.AuthType+"::auth")
	assert.Equal(t, "yaml-app-dev-users", pool.Inputs["name"].StringValue())
	assert.Equal(t, "OPTIONAL", pool.Inputs["mfaConfiguration"].StringValue())
	assert.Equal(t, []string{"admin", "auditor", "user"}, stringsOf(state.Get("groupNames")))
	assert.Equal(t, pool.ID, state.Get("userPoolId").AsString())
}

func TestAuthConstructInvalidInput(t *testing.T) {
	_, _, err := construct(t, infra.AuthType, "auth", map[string]property.Value{
		"namePrefix": property.New("yaml-app-dev"),
		"mfa":        property.New("SMS"),
	})
	require.Error(t, err)
	assert.Contains(t, err.Error(), `invalid inputs of component secureserverless:identity:Auth "auth"`)
	assert.Contains(t, err.Error(), "mfa")
	assert.Contains(t, err.Error(), "SMS")
	assert.NotContains(t, err.Error(), "MFA ", "the message names the input, not infra's Go field")
}

func TestAuditConstruct(t *testing.T) {
	mocks, state, err := construct(t, infra.AuditType, "audit", map[string]property.Value{
		"namePrefix":          property.New("yaml-app-dev"),
		"dataEventBucketArns": stringList("arn:aws:s3:::user-files"),
	})
	require.NoError(t, err)

	trail := find(t, mocks, "aws:cloudtrail/trail:Trail", "audit")
	assert.Contains(t, trail.Parent, infra.AuditType+"::audit")
	assert.Equal(t, "yaml-app-dev-trail", trail.Inputs["name"].StringValue())
	assert.True(t, trail.Inputs["isMultiRegionTrail"].BoolValue())
	assert.Contains(t, trail.Inputs["eventSelectors"].String(), "arn:aws:s3:::user-files",
		"the trail records data events of the given bucket")
	assert.Equal(t, trail.Outputs["arn"].StringValue(), state.Get("trailArn").AsString())
}

func TestAccountBaselineConstruct(t *testing.T) {
	mocks, state, err := construct(t, infra.BaselineType, "baseline", map[string]property.Value{
		"namePrefix":     property.New("yaml-baseline"),
		"guardDuty":      property.New(true),
		"accessAnalyzer": property.New(true),
	})
	require.NoError(t, err)

	detector := find(t, mocks, "aws:guardduty/detector:Detector", "baseline-guardduty")
	assert.Contains(t, detector.Parent, infra.BaselineType+"::baseline")
	assert.Equal(t, detector.ID, state.Get("detectorId").AsString())
	assert.NotEmpty(t, state.Get("analyzerArn").AsString())
	assert.Equal(t, "", state.Get("configRecorderName").AsString(), "config is off by default")
}

func TestAccountBaselineConstructInvalidInput(t *testing.T) {
	_, _, err := construct(t, infra.BaselineType, "baseline", map[string]property.Value{
		"namePrefix":            property.New("yaml-baseline"),
		"securityHub":           property.New(true),
		"securityHubCisVersion": property.New("9.9.9"),
	})
	require.Error(t, err)
	assert.Contains(t, err.Error(), "securityHubCisVersion")
	assert.Contains(t, err.Error(), "9.9.9")
}

func TestGitHubDeployRoleConstruct(t *testing.T) {
	mocks, state, err := construct(t, infra.GitHubDeployRoleType, "github", map[string]property.Value{
		"repository": property.New("octo-org/secure-serverless"),
		"branches":   stringList("main"),
		"deploy": property.New(map[string]property.Value{
			"managedPolicyArns": stringList("arn:aws:iam::aws:policy/PowerUserAccess"),
		}),
	})
	require.NoError(t, err)

	assert.Len(t, mocks.ByType(infra.GitHubDeployRoleType), 1, "the component is registered once")
	roles := mocks.ByType("aws:iam/role:Role")
	require.Len(t, roles, 1, "only the deploy role without previewRole")
	assert.Contains(t, roles[0].Parent, infra.GitHubDeployRoleType+"::github")
	assert.Contains(t, roles[0].Inputs["assumeRolePolicy"].StringValue(), "repo:octo-org/secure-serverless:ref:refs/heads/main")
	assert.Equal(t, roles[0].Outputs["arn"].StringValue(), state.Get("deployRoleArn").AsString())
	assert.Equal(t, "", state.Get("previewRoleArn").AsString())
}

func TestGitHubDeployRoleConstructInvalidInput(t *testing.T) {
	_, _, err := construct(t, infra.GitHubDeployRoleType, "github", map[string]property.Value{
		"repository": property.New("not a repository"),
		"branches":   stringList("main"),
		"deploy": property.New(map[string]property.Value{
			"managedPolicyArns": stringList("arn:aws:iam::aws:policy/PowerUserAccess"),
		}),
	})
	require.Error(t, err)
	assert.Contains(t, err.Error(), "repository")
	assert.Contains(t, err.Error(), "not a repository")
}

// stringsOf returns the strings of an array property.
func stringsOf(value property.Value) []string {
	var out []string
	for _, item := range value.AsArray().AsSlice() {
		out = append(out, item.AsString())
	}
	return out
}

func TestLogsKeyConstruct(t *testing.T) {
	mocks, state, err := construct(t, infra.LogsKeyType, "logs", map[string]property.Value{
		"namePrefix": property.New("yaml-app-dev"),
	})
	require.NoError(t, err)

	key := find(t, mocks, "aws:kms/key:Key", "logs-function-logs-key")
	assert.Contains(t, key.Parent, infra.LogsKeyType+"::logs")
	assert.True(t, key.Inputs["enableKeyRotation"].BoolValue())
	assert.Equal(t, float64(infra.DefaultKMSKeyDeletionWindowDays), key.Inputs["deletionWindowInDays"].NumberValue())
	assert.Contains(t, key.Inputs["policy"].StringValue(), "/aws/lambda/yaml-app-dev-*")
	assert.Equal(t, key.Outputs["arn"].StringValue(), state.Get("keyArn").AsString())
}

func TestLogsKeyConstructInvalidInput(t *testing.T) {
	_, _, err := construct(t, infra.LogsKeyType, "logs", map[string]property.Value{
		"namePrefix":         property.New("yaml app"),
		"deletionWindowDays": property.New(3.0),
	})
	require.Error(t, err)
	assert.Contains(t, err.Error(), `invalid inputs of component secureserverless:monitoring:LogsKey "logs"`)
	assert.Contains(t, err.Error(), `namePrefix "yaml app" is invalid`)
}
