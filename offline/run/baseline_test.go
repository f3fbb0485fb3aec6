package run

import (
	"bytes"
	"context"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/auto"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// baselineTypes are the resources that the dev baseline stack, with every service on, creates.
var baselineTypes = []string{
	"aws:guardduty/detector:Detector",
	"aws:guardduty/detectorFeature:DetectorFeature",
	"aws:cfg/recorder:Recorder",
	"aws:cfg/deliveryChannel:DeliveryChannel",
	"aws:cfg/recorderStatus:RecorderStatus",
	"aws:s3/bucketV2:BucketV2",
	"aws:s3/bucketPolicy:BucketPolicy",
	"aws:kms/key:Key",
	"aws:securityhub/account:Account",
	"aws:securityhub/standardsSubscription:StandardsSubscription",
	"aws:accessanalyzer/analyzer:Analyzer",
	"aws:apigateway/account:Account",
	"aws:iam/role:Role",
}

func TestBaselineStackCycle(t *testing.T) {
	t.Parallel()
	paths, tools := prepare(t)
	ctx := context.Background()
	stack, err := OpenBaselineStack(ctx, paths, tools, "dev")
	require.NoError(t, err)

	var out bytes.Buffer
	summaries, err := stack.Cycle(ctx, &out)
	require.NoError(t, err, out.String())
	require.Len(t, summaries, 3)
	preview, up, second := summaries[0], summaries[1], summaries[2]

	for _, typ := range baselineTypes {
		created := preview.Steps[typ]["create"]
		assert.Positive(t, created, "preview creates a %s", typ)
		assert.Equal(t, created, up.Steps[typ]["create"], "up creates every %s the preview planned", typ)
		assert.Equal(t, created, second.Steps[typ]["same"], "second preview keeps every %s", typ)
	}
	assert.Zero(t, second.Changes(), "second preview plans changes:\n%s", out.String())
	assert.Empty(t, preview.Mandatory())
	assert.Empty(t, up.Mandatory())
	assert.Contains(t, preview.Packs, "secure-serverless@0.1.0", "the policy pack analyzed the preview")
	assert.Positive(t, up.Passed["guardduty-detector-enabled"])
	assert.Positive(t, up.Passed["config-recorder-enabled"])
	assert.Positive(t, up.Passed["s3-bucket-policy-tls-only"])
	assert.Zero(t, up.Failed["guardduty-detector-enabled"]+up.Failed["config-recorder-enabled"])

	outputs, err := stack.Outputs(ctx)
	require.NoError(t, err)
	assert.Regexp(t, `^[0-9a-f]{32}$`, outputs["guardDutyDetectorId"].Value)
	assert.Equal(t, "secure-serverless-baseline-dev", outputs["configRecorderName"].Value)
	assert.Equal(t, "arn:aws:securityhub:eu-west-1:123456789012:hub/default", outputs["securityHubArn"].Value)
	assert.Contains(t, outputs["apiGatewayCloudWatchRoleArn"].Value, ":role/")
}

// A recorder that leaves out the global resource types breaks config-recorder-enabled under the pack's
// default config, so the preview stops before anything is created.
func TestBaselineRecorderWithoutGlobalTypesBlocked(t *testing.T) {
	t.Parallel()
	paths, tools := prepare(t)
	ctx := context.Background()
	stack, err := OpenBaselineStack(ctx, paths, tools, "dev")
	require.NoError(t, err)
	require.NoError(t, stack.SetConfig(ctx, "secure-serverless-baseline:awsConfigGlobalResourceTypes",
		auto.ConfigValue{Value: "false"}))

	var out bytes.Buffer
	preview, err := stack.Preview(ctx, &out)

	require.ErrorIs(t, err, ErrPolicyViolation, out.String())
	require.Len(t, preview.Mandatory(), 1, out.String())
	violation := preview.Mandatory()[0]
	assert.Equal(t, "config-recorder-enabled", violation.Policy)
	assert.Contains(t, violation.URN, "aws:cfg/recorder:Recorder::baseline-config")
	assert.Contains(t, violation.Message, "includeGlobalResourceTypes is false")
	assert.Empty(t, stateTypes(t, stack), "a blocked preview creates nothing")
}

func TestBaselineStackNameChecked(t *testing.T) {
	t.Parallel()
	paths, err := NewPaths(repoRoot(t), t.TempDir())
	require.NoError(t, err)

	assert.NoError(t, CheckBaselineStackName(paths, "dev"))
	err = CheckBaselineStackName(paths, "prod")
	require.Error(t, err)
	assert.Contains(t, err.Error(), "baseline stack prod has no settings file")
	err = CheckBaselineStackName(paths, "../dev")
	require.Error(t, err)
	assert.Contains(t, err.Error(), `invalid stack name "../dev"`)
}
