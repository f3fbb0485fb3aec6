package infra

import (
	"context"
	"encoding/json"
	"maps"
	"slices"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/secureserverless/framework/offline/fakeaws"
	"github.com/secureserverless/framework/policy/pack"
	"github.com/secureserverless/framework/policy/rules"
)

// Type tokens of the audit, monitoring, backup and baseline tests.
const (
	typeTrail                   = "aws:cloudtrail/trail:Trail"
	typeManagedPolicyAttachment = "aws:iam/rolePolicyAttachment:RolePolicyAttachment"
	typeTopic                   = "aws:sns/topic:Topic"
	typeTopicPolicy             = "aws:sns/topicPolicy:TopicPolicy"
	typeSubscription            = "aws:sns/topicSubscription:TopicSubscription"
	typeMetricFilter            = "aws:cloudwatch/logMetricFilter:LogMetricFilter"
	typeMetricAlarm             = "aws:cloudwatch/metricAlarm:MetricAlarm"
	typeDashboard               = "aws:cloudwatch/dashboard:Dashboard"
	typeBackupVault             = "aws:backup/vault:Vault"
	typeBackupPlan              = "aws:backup/plan:Plan"
	typeBackupSelection         = "aws:backup/selection:Selection"
	typeDetector                = "aws:guardduty/detector:Detector"
	typeDetectorFeature         = "aws:guardduty/detectorFeature:DetectorFeature"
	typeConfigRecorder          = "aws:cfg/recorder:Recorder"
	typeConfigChannel           = "aws:cfg/deliveryChannel:DeliveryChannel"
	typeConfigStatus            = "aws:cfg/recorderStatus:RecorderStatus"
	typeSecurityHub             = "aws:securityhub/account:Account"
	typeStandardsSubscription   = "aws:securityhub/standardsSubscription:StandardsSubscription"
	typeAnalyzer                = "aws:accessanalyzer/analyzer:Analyzer"
	typeAPIGatewayAccount       = "aws:apigateway/account:Account"
)

// Values of the audit tests.
const (
	auditTrailArn     = "arn:aws:cloudtrail:us-east-1:123456789012:trail/app-test-trail"
	auditLogGroupArn  = "arn:aws:logs:us-east-1:123456789012:log-group:/aws/cloudtrail/app-test"
	auditUserFilesArn = "arn:aws:s3:::user-files-1234567"
)

// auditOutputs are the resolved outputs of an Audit component.
type auditOutputs struct {
	trailArn, trailName, logGroupName, bucketName, keyArn, accessLogBucketName string
}

// newTestAudit creates an audit component named "audit" under mocks and returns its resolved outputs.
func newTestAudit(t *testing.T, args AuditArgs) (*fakeaws.Mocks, auditOutputs) {
	t.Helper()
	var outputs auditOutputs
	mocks, err := runWithMocks(t, func(ctx *pulumi.Context) error {
		audit, err := NewAudit(ctx, "audit", args)
		if err != nil {
			return err
		}
		pulumi.All(audit.TrailArn, audit.TrailName, audit.LogGroupName, audit.BucketName, audit.KeyArn,
			audit.AccessLogBucketName).ApplyT(func(values []any) error {
			outputs = auditOutputs{
				trailArn: values[0].(string), trailName: values[1].(string), logGroupName: values[2].(string),
				bucketName: values[3].(string), keyArn: values[4].(string), accessLogBucketName: values[5].(string),
			}
			return nil
		})
		return nil
	})
	require.NoError(t, err)
	return mocks, outputs
}

// auditError returns the error of NewAudit with the given arguments under mocks.
func auditError(t *testing.T, name string, args AuditArgs) error {
	t.Helper()
	_, err := runWithMocks(t, func(ctx *pulumi.Context) error {
		_, err := NewAudit(ctx, name, args)
		return err
	})
	return err
}

// packRun is the result of running the policy pack on the resources registered under mocks.
type packRun struct {
	// findings are the violations and unknowns, as "policy: type name: message".
	findings []string
	// ran counts the resources each resource policy checked, and 1 for each stack policy.
	ran map[string]int
}

// runPolicyPack runs every policy of the pack that is not disabled on the custom resources registered
// under mocks, as the pack server does: resource policies on each resource's inputs, stack policies on
// all outputs. A policy gets the defaults of its config schema, overlaid with config[policy name].
func runPolicyPack(t *testing.T, mocks *fakeaws.Mocks, config map[string]map[string]any) packRun {
	t.Helper()
	var withInputs, withOutputs []pack.Resource
	for _, r := range mocks.Resources() {
		if !r.Custom {
			continue
		}
		base := pack.Resource{Type: r.Type, Name: r.Name, Parent: r.Parent, URN: r.Type + "::" + r.Name}
		in, out := base, base
		in.Properties = resource.FromResourcePropertyMap(r.Inputs)
		out.Properties = resource.FromResourcePropertyMap(r.Outputs)
		withInputs = append(withInputs, in)
		withOutputs = append(withOutputs, out)
	}

	run := packRun{ran: map[string]int{}}
	record := func(policy string, found pack.Findings) {
		for _, violation := range found.Violations {
			run.findings = append(run.findings, policy+": "+violation.URN+": "+violation.Message)
		}
		for _, unknown := range found.Unknowns {
			run.findings = append(run.findings, policy+": "+unknown.URN+": unknown "+unknown.Property)
		}
	}
	for _, policy := range rules.All() {
		if policy.EnforcementLevel == pack.EnforcementLevelDisabled {
			continue
		}
		settings := defaultPolicyConfig(t, policy)
		maps.Copy(settings, config[policy.Name])
		if policy.IsStackPolicy() {
			found, err := policy.CheckStack(context.Background(), &pack.StackCheck{Resources: withOutputs, Config: settings})
			require.NoError(t, err, policy.Name)
			record(policy.Name, found)
			run.ran[policy.Name]++
			continue
		}
		for _, r := range withInputs {
			if !slices.Contains(policy.ResourceTypes, r.Type) {
				continue
			}
			found, err := policy.CheckResource(context.Background(), &pack.ResourceCheck{Resource: r, Config: settings})
			require.NoError(t, err, "%s on %s", policy.Name, r.URN)
			record(policy.Name, found)
			run.ran[policy.Name]++
		}
	}
	return run
}

// defaultPolicyConfig returns the defaults of a policy's config schema, decoded from JSON as the pack
// server passes them.
func defaultPolicyConfig(t *testing.T, policy *pack.Policy) map[string]any {
	t.Helper()
	defaults := map[string]any{}
	if policy.ConfigSchema != nil {
		for name, property := range policy.ConfigSchema.Properties {
			if value, ok := property["default"]; ok {
				defaults[name] = value
			}
		}
	}
	encoded, err := json.Marshal(defaults)
	require.NoError(t, err)
	decoded := map[string]any{}
	require.NoError(t, json.Unmarshal(encoded, &decoded))
	return decoded
}

func TestAuditTrailDefaults(t *testing.T) {
	mocks, outputs := newTestAudit(t, AuditArgs{NamePrefix: "app-test"})

	component := find(t, mocks, AuditType, "audit")
	assert.False(t, component.Custom)

	trail := find(t, mocks, typeTrail, "audit")
	assertParent(t, trail, AuditType, "audit")
	assert.Equal(t, "app-test-trail", trail.Inputs["name"].StringValue())
	assert.True(t, trail.Inputs["isMultiRegionTrail"].BoolValue())
	assert.True(t, trail.Inputs["includeGlobalServiceEvents"].BoolValue())
	assert.True(t, trail.Inputs["enableLogFileValidation"].BoolValue())
	assert.True(t, trail.Inputs["enableLogging"].BoolValue())
	assert.False(t, trail.Inputs["isOrganizationTrail"].BoolValue())
	assert.NotContains(t, trail.Inputs, resource.PropertyKey("eventSelectors"), "management events only")

	key := find(t, mocks, typeKey, "audit-key")
	assert.Equal(t, key.Outputs["arn"].StringValue(), trail.Inputs["kmsKeyId"].StringValue())
	bucket := find(t, mocks, typeBucket, "audit")
	assert.Equal(t, bucket.ID, trail.Inputs["s3BucketName"].StringValue())
	assert.Equal(t, auditLogGroupArn+":*", trail.Inputs["cloudWatchLogsGroupArn"].StringValue())
	role := find(t, mocks, typeRole, "audit-logs-role")
	assert.Equal(t, role.Outputs["arn"].StringValue(), trail.Inputs["cloudWatchLogsRoleArn"].StringValue())
	assert.True(t, trail.DependsOn(typeBucketPolicy, "audit-policy"), "CloudTrail checks the bucket policy")
	assert.True(t, trail.DependsOn(typeRolePolicy, "audit-logs-role"), "CloudTrail checks the role")

	group := find(t, mocks, typeLogGroup, "audit-logs")
	assertParent(t, group, AuditType, "audit")
	assert.Equal(t, "/aws/cloudtrail/app-test", group.Inputs["name"].StringValue())
	assert.Equal(t, float64(DefaultTrailLogRetentionDays), group.Inputs["retentionInDays"].NumberValue())
	assert.Equal(t, key.Outputs["arn"].StringValue(), group.Inputs["kmsKeyId"].StringValue())

	assert.Equal(t, auditTrailArn, outputs.trailArn)
	assert.Equal(t, "app-test-trail", outputs.trailName)
	assert.Equal(t, "/aws/cloudtrail/app-test", outputs.logGroupName)
	assert.Equal(t, bucket.ID, outputs.bucketName)
	assert.Equal(t, key.Outputs["arn"].StringValue(), outputs.keyArn)
	assert.Empty(t, outputs.accessLogBucketName)
}

func TestAuditBucketDefaults(t *testing.T) {
	mocks, _ := newTestAudit(t, AuditArgs{NamePrefix: "app-test"})
	key := find(t, mocks, typeKey, "audit-key")
	bucket := find(t, mocks, typeBucket, "audit")
	assertParent(t, bucket, AuditType, "audit")
	assert.False(t, bucket.Inputs["objectLockEnabled"].BoolValue())
	assert.False(t, bucket.Inputs["forceDestroy"].BoolValue())

	ownership := find(t, mocks, typeOwnership, "audit-ownership")
	assert.Equal(t, "BucketOwnerEnforced", object(t, ownership.Inputs, "rule")["objectOwnership"].StringValue())
	block := find(t, mocks, typePublicAccess, "audit-public-access")
	for _, setting := range []resource.PropertyKey{"blockPublicAcls", "blockPublicPolicy", "ignorePublicAcls", "restrictPublicBuckets"} {
		assert.True(t, block.Inputs[setting].BoolValue(), setting)
	}
	encryption := find(t, mocks, typeEncryption, "audit-encryption")
	rule := encryption.Inputs["rules"].ArrayValue()[0].ObjectValue()
	byDefault := rule["applyServerSideEncryptionByDefault"].ObjectValue()
	assert.Equal(t, EncryptionKMS, byDefault["sseAlgorithm"].StringValue())
	assert.Equal(t, key.Outputs["arn"].StringValue(), byDefault["kmsMasterKeyId"].StringValue())
	assert.False(t, rule["bucketKeyEnabled"].BoolValue())
	versioning := find(t, mocks, typeVersioning, "audit-versioning")
	assert.Equal(t, "Enabled", object(t, versioning.Inputs, "versioningConfiguration")["status"].StringValue())

	expire := lifecycleRules(t, find(t, mocks, typeLifecycle, "audit-lifecycle"))["expire-delivered-logs"]
	require.NotNil(t, expire)
	assert.Equal(t, float64(DefaultTrailBucketRetentionDays), expire["expiration"].ObjectValue()["days"].NumberValue())
	assert.Equal(t, float64(DefaultTrailNoncurrentVersionDays),
		expire["noncurrentVersionExpiration"].ObjectValue()["noncurrentDays"].NumberValue())

	assert.Empty(t, mocks.ByType(typeObjectLock))
	assert.Empty(t, mocks.ByType(typeLogging), "no access logging by default")
	assert.Empty(t, mocks.ByType(AccessLogBucketType))
}

func TestAuditBucketPolicy(t *testing.T) {
	mocks, _ := newTestAudit(t, AuditArgs{NamePrefix: "app-test"})
	bucket := find(t, mocks, typeBucket, "audit")
	bucketArn := bucket.Outputs["arn"].StringValue()
	doc := bucketPolicyOf(t, mocks, "audit-policy")

	acl := statement(t, doc, "CloudTrailChecksBucketAcl")
	assert.Equal(t, map[string]any{"Service": "cloudtrail.amazonaws.com"}, acl["Principal"])
	assert.Equal(t, "s3:GetBucketAcl", acl["Action"])
	assert.Equal(t, bucketArn, acl["Resource"])
	assert.Equal(t, map[string]any{"StringEquals": map[string]any{"aws:SourceArn": auditTrailArn}}, acl["Condition"])

	write := statement(t, doc, "CloudTrailWritesLogFiles")
	assert.Equal(t, "s3:PutObject", write["Action"])
	assert.Equal(t, bucketArn+"/AWSLogs/123456789012/*", write["Resource"])
	assert.Equal(t, map[string]any{"StringEquals": map[string]any{
		"s3:x-amz-acl": "bucket-owner-full-control", "aws:SourceArn": auditTrailArn,
	}}, write["Condition"])

	logFile := bucketArn + "/AWSLogs/123456789012/CloudTrail/us-east-1/2024/01/01/file.json.gz"
	assert.Empty(t, denyingStatements(t, doc, secureRequest("s3:PutObject", logFile, "")),
		"CloudTrail writes over TLS")
	plain := secureRequest("s3:GetObject", logFile, administratorRole).with("aws:SecureTransport", "false")
	assert.Contains(t, denyingStatements(t, doc, plain), "DenyInsecureTransport")
	old := secureRequest("s3:GetObject", logFile, administratorRole).with("s3:TlsVersion", "1.1")
	assert.Contains(t, denyingStatements(t, doc, old), "DenyOutdatedTLS")
}

func TestAuditKeyPolicy(t *testing.T) {
	mocks, _ := newTestAudit(t, AuditArgs{NamePrefix: "app-test"})
	key := find(t, mocks, typeKey, "audit-key")
	assert.True(t, key.Inputs["enableKeyRotation"].BoolValue())
	assert.Equal(t, float64(DefaultKMSKeyDeletionWindowDays), key.Inputs["deletionWindowInDays"].NumberValue())
	doc := policyDocument(t, key.Inputs, "policy")

	root := statement(t, doc, "AccountAdministersKeyThroughIAM")
	assert.Equal(t, map[string]any{"AWS": "arn:aws:iam::123456789012:root"}, root["Principal"])
	encrypt := statement(t, doc, "CloudTrailEncryptsLogFiles")
	assert.Equal(t, map[string]any{"Service": "cloudtrail.amazonaws.com"}, encrypt["Principal"])
	assert.Equal(t, "kms:GenerateDataKey*", encrypt["Action"])
	assert.Equal(t, map[string]any{
		"StringEquals": map[string]any{"aws:SourceArn": auditTrailArn},
		"StringLike": map[string]any{
			"kms:EncryptionContext:aws:cloudtrail:arn": "arn:aws:cloudtrail:*:123456789012:trail/*",
		},
	}, encrypt["Condition"])
	describe := statement(t, doc, "CloudTrailDescribesKey")
	assert.Equal(t, "kms:DescribeKey", describe["Action"])
	assert.Equal(t, map[string]any{"StringEquals": map[string]any{"aws:SourceArn": auditTrailArn}}, describe["Condition"])
	logs := statement(t, doc, "CloudWatchLogsEncryptsTrailLogGroup")
	assert.Equal(t, map[string]any{"Service": "logs.us-east-1.amazonaws.com"}, logs["Principal"])
	assert.Equal(t, map[string]any{"ArnEquals": map[string]any{"kms:EncryptionContext:aws:logs:arn": auditLogGroupArn}},
		logs["Condition"])
}

func TestAuditLogGroupRole(t *testing.T) {
	mocks, _ := newTestAudit(t, AuditArgs{NamePrefix: "app-test"})

	role := find(t, mocks, typeRole, "audit-logs-role")
	assertParent(t, role, AuditType, "audit")
	trust := policyDocument(t, role.Inputs, "assumeRolePolicy")["Statement"].([]any)
	require.Len(t, trust, 1)
	assert.Equal(t, map[string]any{"Service": "cloudtrail.amazonaws.com"}, trust[0].(map[string]any)["Principal"])
	assert.Equal(t, "sts:AssumeRole", trust[0].(map[string]any)["Action"])

	policy := find(t, mocks, typeRolePolicy, "audit-logs-role")
	assert.Equal(t, role.ID, policy.Inputs["role"].StringValue())
	write := statement(t, policyDocument(t, policy.Inputs, "policy"), "WriteTrailLogStreams")
	assert.Equal(t, []any{"logs:CreateLogStream", "logs:PutLogEvents"}, write["Action"])
	assert.Equal(t, auditLogGroupArn+":log-stream:123456789012_CloudTrail_*", write["Resource"])
}

func TestAuditDataEvents(t *testing.T) {
	other := "arn:aws:s3:::reports-7654321"
	mocks, _ := newTestAudit(t, AuditArgs{
		NamePrefix:          "app-test",
		DataEventBucketArns: pulumi.ToStringArray([]string{auditUserFilesArn, other}),
	})

	trail := find(t, mocks, typeTrail, "audit")
	selectors := trail.Inputs["eventSelectors"].ArrayValue()
	require.Len(t, selectors, 1)
	selector := selectors[0].ObjectValue()
	assert.Equal(t, "All", selector["readWriteType"].StringValue())
	assert.True(t, selector["includeManagementEvents"].BoolValue(), "data events come on top of management events")
	resources := selector["dataResources"].ArrayValue()
	require.Len(t, resources, 1)
	assert.Equal(t, S3DataEventType, resources[0].ObjectValue()["type"].StringValue())
	assert.Equal(t, []string{auditUserFilesArn + "/", other + "/"}, authStrings(t, resources[0].ObjectValue(), "values"))
}

func TestAuditSettings(t *testing.T) {
	mocks, outputs := newTestAudit(t, AuditArgs{
		NamePrefix:               "app-test",
		LogRetentionDays:         365,
		BucketRetentionDays:      2555,
		NoncurrentVersionDays:    7,
		KMSKeyDeletionWindowDays: 10,
		ObjectLockMode:           ObjectLockCompliance,
		ObjectLockDays:           400,
		AccessLogging:            true,
		AccessLogs:               AccessLogBucketArgs{RetentionDays: 90},
		Protect:                  true,
	})

	group := find(t, mocks, typeLogGroup, "audit-logs")
	assert.Equal(t, float64(365), group.Inputs["retentionInDays"].NumberValue())
	key := find(t, mocks, typeKey, "audit-key")
	assert.Equal(t, float64(10), key.Inputs["deletionWindowInDays"].NumberValue())
	expire := lifecycleRules(t, find(t, mocks, typeLifecycle, "audit-lifecycle"))["expire-delivered-logs"]
	assert.Equal(t, float64(2555), expire["expiration"].ObjectValue()["days"].NumberValue())
	assert.Equal(t, float64(7), expire["noncurrentVersionExpiration"].ObjectValue()["noncurrentDays"].NumberValue())

	bucket := find(t, mocks, typeBucket, "audit")
	assert.True(t, bucket.Inputs["objectLockEnabled"].BoolValue())
	lock := find(t, mocks, typeObjectLock, "audit-object-lock")
	retention := object(t, object(t, lock.Inputs, "rule"), "defaultRetention")
	assert.Equal(t, ObjectLockCompliance, retention["mode"].StringValue())
	assert.Equal(t, float64(400), retention["days"].NumberValue())

	logBucket := find(t, mocks, typeBucket, "audit-access-logs")
	logging := find(t, mocks, typeLogging, "audit-logging")
	assert.Equal(t, bucket.ID, logging.Inputs["bucket"].StringValue())
	assert.Equal(t, logBucket.ID, logging.Inputs["targetBucket"].StringValue())
	assert.Equal(t, logBucket.ID, outputs.accessLogBucketName)
	logExpiry := lifecycleRules(t, find(t, mocks, typeLifecycle, "audit-access-logs-lifecycle"))["expire-logs"]
	assert.Equal(t, float64(90), logExpiry["expiration"].ObjectValue()["days"].NumberValue())

	for _, protected := range []fakeaws.MockResource{bucket, key, group, logBucket} {
		assert.True(t, protected.Protect, "%s %s is protected", protected.Type, protected.Name)
		assert.True(t, protected.RetainOnDelete, "%s %s is retained", protected.Type, protected.Name)
	}
}

func TestAuditRejectsInvalidArgs(t *testing.T) {
	valid := AuditArgs{NamePrefix: "app-test"}
	tests := []struct {
		name    string
		logical string
		change  func(*AuditArgs)
		message string
	}{
		{"retention CloudWatch rejects", "audit", func(a *AuditArgs) { a.LogRetentionDays = 13 },
			"LogRetentionDays is 13, which CloudWatch Logs does not accept"},
		{"empty name prefix", "audit", func(a *AuditArgs) { a.NamePrefix = "" }, "NamePrefix is empty"},
		{"name prefix CloudTrail rejects", "audit", func(a *AuditArgs) { a.NamePrefix = "app test" },
			`NamePrefix "app test" gives the trail name "app test-trail"`},
		{"bucket retention too long", "audit", func(a *AuditArgs) { a.BucketRetentionDays = 4000 },
			"BucketRetentionDays is 4000, must be 1 to 3650"},
		{"negative noncurrent days", "audit", func(a *AuditArgs) { a.NoncurrentVersionDays = -1 },
			"NoncurrentVersionDays is -1"},
		{"key deletion window", "audit", func(a *AuditArgs) { a.KMSKeyDeletionWindowDays = 5 },
			"KMSKeyDeletionWindowDays is 5, must be 7 to 30"},
		{"lock days without mode", "audit", func(a *AuditArgs) { a.ObjectLockDays = 30 },
			"ObjectLockDays is 30 without ObjectLockMode"},
		{"unknown lock mode", "audit", func(a *AuditArgs) { a.ObjectLockMode = "LEGAL_HOLD"; a.ObjectLockDays = 1 },
			`ObjectLockMode "LEGAL_HOLD" is invalid`},
		{"access log retention", "audit", func(a *AuditArgs) { a.AccessLogging = true; a.AccessLogs.RetentionDays = 5000 },
			"AccessLogs.RetentionDays is 5000"},
		{"force destroy and protect", "audit", func(a *AuditArgs) { a.ForceDestroy = true; a.Protect = true },
			"ForceDestroy and Protect are both set"},
		{"component name with capitals", "Audit", func(*AuditArgs) {}, "because it starts the bucket names"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			args := valid
			tt.change(&args)

			err := auditError(t, tt.logical, args)

			require.Error(t, err)
			assert.Contains(t, err.Error(), tt.message)
			assert.Contains(t, err.Error(), `audit "`+tt.logical+`"`)
		})
	}
}

func TestAuditPassesPackPolicies(t *testing.T) {
	variants := map[string]AuditArgs{
		"defaults": {NamePrefix: "app-test"},
		"data events, Object Lock and access logs": {
			NamePrefix:          "app-test",
			DataEventBucketArns: pulumi.ToStringArray([]string{auditUserFilesArn}),
			ObjectLockMode:      ObjectLockGovernance,
			ObjectLockDays:      30,
			AccessLogging:       true,
		},
	}
	for name, args := range variants {
		t.Run(name, func(t *testing.T) {
			mocks, _ := newTestAudit(t, args)

			// The access log bucket uses SSE-S3, because S3 log delivery needs it, and the stacks' pack
			// config waives s3-bucket-encryption-kms for it by name.
			run := runPolicyPack(t, mocks, nil)
			var findings []string
			for _, finding := range run.findings {
				if finding != rules.PolicyS3BucketEncryptionKMS+": "+typeEncryption+"::audit-access-logs-encryption: "+
					`rules[0].applyServerSideEncryptionByDefault.sseAlgorithm is "AES256", expected "aws:kms" or "aws:kms:dsse".` {
					findings = append(findings, finding)
				}
			}

			assert.Empty(t, findings)
			for _, policy := range []string{
				rules.PolicyCloudTrailMultiRegion, rules.PolicyCloudTrailLogFileValidation,
				rules.PolicyCloudTrailEncryptionKMS, rules.PolicyCloudTrailCloudWatchLogs,
			} {
				assert.Equal(t, 1, run.ran[policy], "%s checked the trail", policy)
			}
			assert.Positive(t, run.ran[rules.PolicyS3BucketPolicyTLSOnly])
			assert.Positive(t, run.ran[rules.PolicyS3BucketEncryptionKMS])
			assert.Equal(t, 1, run.ran[rules.PolicyS3BucketHasPublicAccessBlock])
			assert.Positive(t, run.ran[rules.PolicyCloudWatchLogGroupRetention])
		})
	}
}

// The pack run must report a trail that breaks a policy, or the passing run above proves nothing.
func TestAuditPackRunCatchesViolations(t *testing.T) {
	mocks, _ := newTestAudit(t, AuditArgs{NamePrefix: "app-test"})
	trail := find(t, mocks, typeTrail, "audit")
	trail.Inputs["enableLogFileValidation"] = resource.NewBoolProperty(false)

	run := runPolicyPack(t, mocks, nil)

	assert.Contains(t, run.findings, rules.PolicyCloudTrailLogFileValidation+": "+typeTrail+"::audit: "+
		"enableLogFileValidation is false, expected true.")
}
