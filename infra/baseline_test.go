package infra

import (
	"strings"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/secureserverless/framework/offline/fakeaws"
	"github.com/secureserverless/framework/policy/rules"
)

// baselineOutputs are the resolved outputs of a Baseline component.
type baselineOutputs struct {
	detectorID, recorderName, bucketName, securityHubArn, analyzerArn, apiGatewayRoleArn string
}

// allBaselineServices turns every service of the baseline on.
func allBaselineServices() BaselineArgs {
	return BaselineArgs{
		NamePrefix:               "app-baseline",
		GuardDuty:                GuardDutyBaselineArgs{Enabled: true},
		Config:                   ConfigBaselineArgs{Enabled: true},
		SecurityHub:              SecurityHubBaselineArgs{Enabled: true},
		AccessAnalyzer:           true,
		APIGatewayCloudWatchRole: true,
	}
}

// newTestBaseline creates a baseline named "baseline" under mocks and returns its resolved outputs.
func newTestBaseline(t *testing.T, args BaselineArgs) (*fakeaws.Mocks, baselineOutputs) {
	t.Helper()
	var outputs baselineOutputs
	mocks, err := runWithMocks(t, func(ctx *pulumi.Context) error {
		baseline, err := NewAccountBaseline(ctx, "baseline", args)
		if err != nil {
			return err
		}
		pulumi.All(baseline.DetectorId, baseline.ConfigRecorderName, baseline.ConfigBucketName, baseline.SecurityHubArn,
			baseline.AnalyzerArn, baseline.APIGatewayRoleArn).ApplyT(func(values []any) error {
			outputs = baselineOutputs{
				detectorID: values[0].(string), recorderName: values[1].(string), bucketName: values[2].(string),
				securityHubArn: values[3].(string), analyzerArn: values[4].(string), apiGatewayRoleArn: values[5].(string),
			}
			return nil
		})
		return nil
	})
	require.NoError(t, err)
	return mocks, outputs
}

// baselineError returns the error of NewAccountBaseline with the given arguments under mocks.
func baselineError(t *testing.T, name string, args BaselineArgs) error {
	t.Helper()
	_, err := runWithMocks(t, func(ctx *pulumi.Context) error {
		_, err := NewAccountBaseline(ctx, name, args)
		return err
	})
	return err
}

func TestBaselineEveryServiceOffByDefault(t *testing.T) {
	mocks, outputs := newTestBaseline(t, BaselineArgs{NamePrefix: "app-baseline"})

	for _, r := range mocks.Resources() {
		assert.False(t, r.Custom, "%s %s exists although every switch is off", r.Type, r.Name)
	}
	assert.Equal(t, baselineOutputs{}, outputs)
}

func TestBaselineGuardDuty(t *testing.T) {
	mocks, outputs := newTestBaseline(t, BaselineArgs{NamePrefix: "app-baseline", GuardDuty: GuardDutyBaselineArgs{Enabled: true}})

	detector := find(t, mocks, typeDetector, "baseline-guardduty")
	assertParent(t, detector, BaselineType, "baseline")
	assert.True(t, detector.Inputs["enable"].BoolValue())
	assert.Equal(t, GuardDutyFifteenMinutes, detector.Inputs["findingPublishingFrequency"].StringValue())
	assert.Equal(t, detector.ID, outputs.detectorID)

	features := map[string]string{}
	for _, feature := range mocks.ByType(typeDetectorFeature) {
		assertParent(t, feature, BaselineType, "baseline")
		assert.Equal(t, detector.ID, feature.Inputs["detectorId"].StringValue())
		features[feature.Inputs["name"].StringValue()] = feature.Inputs["status"].StringValue()
	}
	assert.Equal(t, map[string]string{"S3_DATA_EVENTS": "ENABLED", "LAMBDA_NETWORK_LOGS": "ENABLED"}, features)
	assert.Empty(t, mocks.ByType(typeConfigRecorder), "only GuardDuty is on")

	mocks, _ = newTestBaseline(t, BaselineArgs{NamePrefix: "app-baseline",
		GuardDuty: GuardDutyBaselineArgs{Enabled: true, FindingPublishingFrequency: GuardDutySixHours}})
	assert.Equal(t, GuardDutySixHours,
		find(t, mocks, typeDetector, "baseline-guardduty").Inputs["findingPublishingFrequency"].StringValue())
}

func TestBaselineConfigRecorder(t *testing.T) {
	mocks, outputs := newTestBaseline(t, BaselineArgs{NamePrefix: "app-baseline", Config: ConfigBaselineArgs{Enabled: true}})

	role := find(t, mocks, typeRole, "baseline-config")
	trust := policyDocument(t, role.Inputs, "assumeRolePolicy")["Statement"].([]any)[0].(map[string]any)
	assert.Equal(t, map[string]any{"Service": "config.amazonaws.com"}, trust["Principal"])
	assert.Equal(t, map[string]any{"StringEquals": map[string]any{"aws:SourceAccount": testAccountID}}, trust["Condition"])
	recording := find(t, mocks, typeManagedPolicyAttachment, "baseline-config")
	assert.Equal(t, "arn:aws:iam::aws:policy/service-role/AWS_ConfigRole", recording.Inputs["policyArn"].StringValue())

	recorder := find(t, mocks, typeConfigRecorder, "baseline-config")
	assertParent(t, recorder, BaselineType, "baseline")
	assert.Equal(t, "app-baseline", recorder.Inputs["name"].StringValue())
	assert.Equal(t, role.Outputs["arn"].StringValue(), recorder.Inputs["roleArn"].StringValue())
	group := object(t, recorder.Inputs, "recordingGroup")
	assert.True(t, group["allSupported"].BoolValue())
	assert.True(t, group["includeGlobalResourceTypes"].BoolValue())

	key := find(t, mocks, typeKey, "baseline-config-key")
	bucket := find(t, mocks, typeBucket, "baseline-config")
	channel := find(t, mocks, typeConfigChannel, "baseline-config")
	assert.Equal(t, bucket.ID, channel.Inputs["s3BucketName"].StringValue())
	assert.Equal(t, configDeliveryPrefix, channel.Inputs["s3KeyPrefix"].StringValue())
	assert.Equal(t, key.Outputs["arn"].StringValue(), channel.Inputs["s3KmsKeyArn"].StringValue())
	assert.Equal(t, DefaultConfigSnapshotFrequency,
		object(t, channel.Inputs, "snapshotDeliveryProperties")["deliveryFrequency"].StringValue())
	assert.True(t, channel.DependsOn(typeConfigRecorder, "baseline-config"), "AWS Config needs the recorder first")
	assert.True(t, channel.DependsOn(typeBucketPolicy, "baseline-config-policy"), "AWS Config checks the bucket")

	status := find(t, mocks, typeConfigStatus, "baseline-config")
	assert.Equal(t, "app-baseline", status.Inputs["name"].StringValue())
	assert.True(t, status.Inputs["isEnabled"].BoolValue())
	assert.True(t, status.DependsOn(typeConfigChannel, "baseline-config"), "recording starts after the channel exists")

	assert.Equal(t, "app-baseline", outputs.recorderName)
	assert.Equal(t, bucket.ID, outputs.bucketName)
}

func TestBaselineConfigDelivery(t *testing.T) {
	mocks, _ := newTestBaseline(t, BaselineArgs{NamePrefix: "app-baseline", Config: ConfigBaselineArgs{Enabled: true}})
	bucketArn := find(t, mocks, typeBucket, "baseline-config").Outputs["arn"].StringValue()
	keyArn := find(t, mocks, typeKey, "baseline-config-key").Outputs["arn"].StringValue()
	delivered := bucketArn + "/config/AWSLogs/123456789012/Config/*"
	sourceAccount := map[string]any{"aws:SourceAccount": testAccountID}

	doc := bucketPolicyOf(t, mocks, "baseline-config-policy")
	assert.Equal(t, map[string]any{"StringEquals": sourceAccount}, statement(t, doc, "ConfigChecksBucketAcl")["Condition"])
	assert.Equal(t, "s3:ListBucket", statement(t, doc, "ConfigChecksBucketExists")["Action"])
	deliver := statement(t, doc, "ConfigDeliversHistory")
	assert.Equal(t, map[string]any{"Service": "config.amazonaws.com"}, deliver["Principal"])
	assert.Equal(t, delivered, deliver["Resource"])
	assert.Equal(t, map[string]any{"StringEquals": map[string]any{
		"s3:x-amz-acl": "bucket-owner-full-control", "aws:SourceAccount": testAccountID,
	}}, deliver["Condition"])
	assert.Contains(t, denyingStatements(t, doc,
		secureRequest("s3:GetObject", bucketArn+"/config/x", administratorRole).with("aws:SecureTransport", "false")),
		"DenyInsecureTransport")

	role := policyDocument(t, find(t, mocks, typeRolePolicy, "baseline-config-delivery").Inputs, "policy")
	assert.Equal(t, delivered, statement(t, role, "DeliverHistory")["Resource"])
	encrypt := statement(t, role, "EncryptHistoryThroughS3")
	assert.Equal(t, keyArn, encrypt["Resource"])
	assert.Equal(t, map[string]any{"StringEquals": map[string]any{"kms:ViaService": "s3.us-east-1.amazonaws.com"}},
		encrypt["Condition"])

	key := statement(t, policyDocument(t, find(t, mocks, typeKey, "baseline-config-key").Inputs, "policy"),
		"ConfigEncryptsDeliveries")
	assert.Equal(t, map[string]any{"StringEquals": sourceAccount}, key["Condition"])

	expire := lifecycleRules(t, find(t, mocks, typeLifecycle, "baseline-config-lifecycle"))["expire-delivered-logs"]
	assert.Equal(t, float64(DefaultConfigRetentionDays), expire["expiration"].ObjectValue()["days"].NumberValue())
}

func TestBaselineConfigSettings(t *testing.T) {
	mocks, _ := newTestBaseline(t, BaselineArgs{NamePrefix: "app-baseline", Config: ConfigBaselineArgs{
		Enabled: true, ExcludeGlobalResourceTypes: true, SnapshotFrequency: "Six_Hours", RetentionDays: 400,
		NoncurrentVersionDays: 3,
	}, KMSKeyDeletionWindowDays: 8, Protect: true})

	recorder := find(t, mocks, typeConfigRecorder, "baseline-config")
	assert.False(t, object(t, recorder.Inputs, "recordingGroup")["includeGlobalResourceTypes"].BoolValue())
	channel := find(t, mocks, typeConfigChannel, "baseline-config")
	assert.Equal(t, "Six_Hours", object(t, channel.Inputs, "snapshotDeliveryProperties")["deliveryFrequency"].StringValue())
	expire := lifecycleRules(t, find(t, mocks, typeLifecycle, "baseline-config-lifecycle"))["expire-delivered-logs"]
	assert.Equal(t, float64(400), expire["expiration"].ObjectValue()["days"].NumberValue())
	assert.Equal(t, float64(3), expire["noncurrentVersionExpiration"].ObjectValue()["noncurrentDays"].NumberValue())
	key := find(t, mocks, typeKey, "baseline-config-key")
	assert.Equal(t, float64(8), key.Inputs["deletionWindowInDays"].NumberValue())
	bucket := find(t, mocks, typeBucket, "baseline-config")
	assert.True(t, bucket.Protect)
	assert.True(t, key.Protect)
}

func TestBaselineSecurityHub(t *testing.T) {
	mocks, outputs := newTestBaseline(t, BaselineArgs{NamePrefix: "app-baseline", SecurityHub: SecurityHubBaselineArgs{Enabled: true}})

	hub := find(t, mocks, typeSecurityHub, "baseline-securityhub")
	assertParent(t, hub, BaselineType, "baseline")
	assert.False(t, hub.Inputs["enableDefaultStandards"].BoolValue(), "the stack manages the standards")
	assert.Equal(t, "SECURITY_CONTROL", hub.Inputs["controlFindingGenerator"].StringValue())
	assert.Equal(t, "arn:aws:securityhub:us-east-1:123456789012:hub/default", outputs.securityHubArn)

	standards := map[string]string{}
	for _, subscription := range mocks.ByType(typeStandardsSubscription) {
		assert.True(t, subscription.DependsOn(typeSecurityHub, "baseline-securityhub"), subscription.Name)
		standards[subscription.Name] = subscription.Inputs["standardsArn"].StringValue()
	}
	assert.Equal(t, map[string]string{
		"baseline-securityhub-fsbp": "arn:aws:securityhub:us-east-1::standards/aws-foundational-security-best-practices/v/1.0.0",
		"baseline-securityhub-cis":  "arn:aws:securityhub:us-east-1::standards/cis-aws-foundations-benchmark/v/3.0.0",
	}, standards)

	mocks, _ = newTestBaseline(t, BaselineArgs{NamePrefix: "app-baseline",
		SecurityHub: SecurityHubBaselineArgs{Enabled: true, CISVersion: "1.2.0"}})
	assert.Equal(t, "arn:aws:securityhub:::ruleset/cis-aws-foundations-benchmark/v/1.2.0",
		find(t, mocks, typeStandardsSubscription, "baseline-securityhub-cis").Inputs["standardsArn"].StringValue())
}

func TestBaselineAccessAnalyzerAndAPIGateway(t *testing.T) {
	mocks, outputs := newTestBaseline(t, BaselineArgs{
		NamePrefix: "app-baseline", AccessAnalyzer: true, APIGatewayCloudWatchRole: true,
	})

	analyzer := find(t, mocks, typeAnalyzer, "baseline-access-analyzer")
	assert.Equal(t, "app-baseline-account", analyzer.Inputs["analyzerName"].StringValue())
	assert.Equal(t, "ACCOUNT", analyzer.Inputs["type"].StringValue())
	assert.Equal(t, "arn:aws:access-analyzer:us-east-1:123456789012:analyzer/app-baseline-account", outputs.analyzerArn)

	role := find(t, mocks, typeRole, "baseline-apigateway-cloudwatch")
	trust := policyDocument(t, role.Inputs, "assumeRolePolicy")["Statement"].([]any)[0].(map[string]any)
	assert.Equal(t, map[string]any{"Service": "apigateway.amazonaws.com"}, trust["Principal"])
	attachment := find(t, mocks, typeManagedPolicyAttachment, "baseline-apigateway-cloudwatch")
	assert.Equal(t, "arn:aws:iam::aws:policy/service-role/AmazonAPIGatewayPushToCloudWatchLogs",
		attachment.Inputs["policyArn"].StringValue())
	settings := find(t, mocks, typeAPIGatewayAccount, "baseline-apigateway-account")
	assert.Equal(t, role.Outputs["arn"].StringValue(), settings.Inputs["cloudwatchRoleArn"].StringValue())
	assert.True(t, settings.DependsOn(typeManagedPolicyAttachment, "baseline-apigateway-cloudwatch"),
		"API Gateway checks the role's permissions")
	assert.Equal(t, role.Outputs["arn"].StringValue(), outputs.apiGatewayRoleArn)
}

func TestBaselineRejectsInvalidArgs(t *testing.T) {
	tests := []struct {
		name    string
		logical string
		change  func(*BaselineArgs)
		message string
	}{
		{"publishing frequency", "baseline", func(a *BaselineArgs) { a.GuardDuty.FindingPublishingFrequency = "DAILY" },
			`GuardDuty.FindingPublishingFrequency "DAILY" is invalid; use FIFTEEN_MINUTES, ONE_HOUR, SIX_HOURS`},
		{"snapshot frequency", "baseline", func(a *BaselineArgs) { a.Config.SnapshotFrequency = "Daily" },
			`Config.SnapshotFrequency "Daily" is invalid`},
		{"retention", "baseline", func(a *BaselineArgs) { a.Config.RetentionDays = 4000 },
			"Config.RetentionDays is 4000, must be 1 to 3650"},
		{"CIS version", "baseline", func(a *BaselineArgs) { a.SecurityHub.CISVersion = "1.3.0" },
			`SecurityHub.CISVersion "1.3.0" is invalid; use 1.2.0, 1.4.0, 3.0.0`},
		{"name prefix", "baseline", func(a *BaselineArgs) { a.NamePrefix = "-baseline" }, `NamePrefix "-baseline" is invalid`},
		{"key deletion window", "baseline", func(a *BaselineArgs) { a.KMSKeyDeletionWindowDays = 40 },
			"KMSKeyDeletionWindowDays is 40"},
		{"force destroy and protect", "baseline", func(a *BaselineArgs) { a.ForceDestroy = true; a.Protect = true },
			"ForceDestroy and Protect are both set"},
		{"component name", "Baseline", func(*BaselineArgs) {}, "because it starts the Config bucket's name"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			args := allBaselineServices()
			tt.change(&args)

			err := baselineError(t, tt.logical, args)

			require.Error(t, err)
			assert.Contains(t, err.Error(), tt.message)
			assert.Contains(t, err.Error(), `account baseline "`+tt.logical+`"`)
		})
	}
}

func TestBaselinePassesPackPolicies(t *testing.T) {
	mocks, _ := newTestBaseline(t, allBaselineServices())

	run := runPolicyPack(t, mocks, nil)

	assert.Empty(t, run.findings)
	assert.Equal(t, 1, run.ran[rules.PolicyGuardDutyDetectorEnabled])
	assert.Equal(t, 1, run.ran[rules.PolicyConfigRecorderEnabled])
	assert.Equal(t, 1, run.ran[rules.PolicyS3BucketPolicyTLSOnly])
	assert.Equal(t, 1, run.ran[rules.PolicyS3BucketEncryptionKMS])
}

// Recording without the global resource types breaks config-recorder-enabled unless the pack config
// lets a region leave them out, as AWS recommends for every region but one.
func TestBaselineGlobalResourceTypesAndPack(t *testing.T) {
	args := allBaselineServices()
	args.Config.ExcludeGlobalResourceTypes = true
	mocks, _ := newTestBaseline(t, args)

	run := runPolicyPack(t, mocks, nil)
	require.Len(t, run.findings, 1)
	assert.True(t, strings.HasPrefix(run.findings[0], rules.PolicyConfigRecorderEnabled+": "), run.findings[0])
	assert.Contains(t, run.findings[0], "recordingGroup.includeGlobalResourceTypes is false, expected true.")

	waived := runPolicyPack(t, mocks, map[string]map[string]any{
		rules.PolicyConfigRecorderEnabled: {rules.ConfigRequireGlobalResourceTypes: false},
	})
	assert.Empty(t, waived.findings)
}
