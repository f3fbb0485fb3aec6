package infra

import (
	"slices"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/secureserverless/framework/offline/fakeaws"
)

// Type tokens of the file functions' resources that other tests do not declare.
const (
	typeLambdaPermission  = "aws:lambda/permission:Permission"
	typeEventTarget       = "aws:cloudwatch/eventTarget:EventTarget"
	typeBucketNotify      = "aws:s3/bucketNotification:BucketNotification"
	typeQueue             = "aws:sqs/queue:Queue"
	typeEventInvokeConfig = "aws:lambda/functionEventInvokeConfig:FunctionEventInvokeConfig"
)

// fileFunctionNames are the short names of the file functions.
var fileFunctionNames = []string{"uploads", "files", "quarantine", "validate"}

// testPlatform is a platform run under mocks, with the ARNs its tests compare against.
type testPlatform struct {
	mocks     *fakeaws.Mocks
	bucketArn string
	keyArn    string
	queueArn  string
}

// newTestPlatform runs the platform under mocks with malware scanning on or off.
func newTestPlatform(t *testing.T, cacheDir string, scanning bool) testPlatform {
	t.Helper()
	mocks, err := runWithMocks(t, func(ctx *pulumi.Context) error {
		_, err := NewPlatform(ctx, "platform", PlatformArgs{
			NamePrefix: "app-test",
			SourceDir:  repoRoot(t),
			UserFiles:  UserFilesBucketArgs{DisableMalwareScanning: !scanning},
			Functions:  GoFunctionArgs{BuildCacheDir: cacheDir},
		})
		return err
	})
	require.NoError(t, err)
	return testPlatform{
		mocks:     mocks,
		bucketArn: find(t, mocks, "aws:s3/bucketV2:BucketV2", "platform-user-files").Outputs["arn"].StringValue(),
		keyArn:    find(t, mocks, typeKey, "platform-user-files-key").Outputs["arn"].StringValue(),
		queueArn:  find(t, mocks, typeQueue, "platform-validate-failures").Outputs["arn"].StringValue(),
	}
}

// roleArn returns the ARN of the role of a file function.
func (p testPlatform) roleArn(t *testing.T, short string) string {
	t.Helper()
	return find(t, p.mocks, typeRole, "platform-"+short+"-role").Outputs["arn"].StringValue()
}

// functionArn returns the ARN of a file function.
func (p testPlatform) functionArn(t *testing.T, short string) string {
	t.Helper()
	return find(t, p.mocks, typeLambdaFunction, "platform-"+short).Outputs["arn"].StringValue()
}

func TestPlatformFileFunctions(t *testing.T) {
	cacheDir := t.TempDir()
	scanned := newTestPlatform(t, cacheDir, true)
	unscanned := newTestPlatform(t, cacheDir, false)

	t.Run("role statements", func(t *testing.T) {
		testFileFunctionStatements(t, scanned)
	})
	t.Run("functions", func(t *testing.T) {
		testFileFunctionSettings(t, scanned, "true")
		testFileFunctionSettings(t, unscanned, "false")
	})
	t.Run("bucket policy", func(t *testing.T) {
		testBucketPolicyNamesRoles(t, scanned)
	})
	t.Run("scan result trigger", func(t *testing.T) {
		testScanResultTrigger(t, scanned)
	})
	t.Run("upload notification trigger", func(t *testing.T) {
		testUploadNotificationTrigger(t, unscanned)
	})
	t.Run("failure queue", func(t *testing.T) {
		testValidateFailureQueue(t, scanned)
	})
}

// expectedStatement is one statement of a role policy as a test expects it.
type expectedStatement struct {
	actions   []string
	resources []string
	condition map[string]any
}

func testFileFunctionStatements(t *testing.T, p testPlatform) {
	objects := func(prefixes ...string) []string {
		arns := make([]string, len(prefixes))
		for i, prefix := range prefixes {
			arns[i] = p.bucketArn + "/" + prefix + "*"
		}
		return arns
	}
	prefixCondition := func(prefixes ...string) map[string]any {
		patterns := make([]any, len(prefixes))
		for i, prefix := range prefixes {
			patterns[i] = prefix + "*"
		}
		return map[string]any{"StringLike": map[string]any{"s3:prefix": patterns}}
	}
	viaS3 := map[string]any{"StringEquals": map[string]any{"kms:ViaService": "s3.us-east-1.amazonaws.com"}}
	all := []string{QuarantinePrefix, FilesPrefix, RejectedPrefix}

	tests := []struct {
		name       string
		statements map[string]expectedStatement
	}{
		{
			name: "uploads",
			statements: map[string]expectedStatement{
				"WriteUploads":   {actions: []string{"s3:PutObject"}, resources: objects(QuarantinePrefix)},
				"EncryptUploads": {actions: []string{"kms:GenerateDataKey"}, resources: []string{p.keyArn}, condition: viaS3},
			},
		},
		{
			name: "files",
			statements: map[string]expectedStatement{
				"ListUserPrefixes": {
					actions:   []string{"s3:ListBucket", "s3:ListBucketVersions"},
					resources: []string{p.bucketArn}, condition: prefixCondition(all...),
				},
				"DeleteFilesAndVersions": {
					actions: []string{"s3:DeleteObject", "s3:DeleteObjectVersion"}, resources: objects(all...),
				},
				"ReadFiles":    {actions: []string{"s3:GetObject"}, resources: objects(FilesPrefix)},
				"DecryptFiles": {actions: []string{"kms:Decrypt"}, resources: []string{p.keyArn}, condition: viaS3},
			},
		},
		{
			name: "quarantine",
			statements: map[string]expectedStatement{
				"ListRejectedUploads": {
					actions:   []string{"s3:ListBucket"},
					resources: []string{p.bucketArn}, condition: prefixCondition(RejectedPrefix),
				},
				"ReadRejectedMetadata": {actions: []string{"s3:GetObject"}, resources: objects(RejectedPrefix)},
			},
		},
		{
			name: "validate",
			statements: map[string]expectedStatement{
				"ListUserPrefixes": {
					actions: []string{"s3:ListBucket"}, resources: []string{p.bucketArn}, condition: prefixCondition(all...),
				},
				"ReadAndRemoveUploads": {
					actions:   []string{"s3:GetObject", "s3:GetObjectTagging", "s3:DeleteObject"},
					resources: objects(QuarantinePrefix),
				},
				"ReadAndRemoveUploadVersions": {
					actions:   []string{"s3:GetObjectVersion", "s3:GetObjectVersionTagging", "s3:DeleteObjectVersion"},
					resources: objects(QuarantinePrefix),
				},
				"WritePromotedAndRejectedFiles": {
					actions:   []string{"s3:PutObject", "s3:PutObjectTagging"},
					resources: objects(FilesPrefix, RejectedPrefix),
				},
				"ReadPromotedAndRejectedFiles": {
					actions: []string{"s3:GetObject"}, resources: objects(FilesPrefix, RejectedPrefix),
				},
				"UseBucketKey": {
					actions: []string{"kms:Decrypt", "kms:GenerateDataKey"}, resources: []string{p.keyArn}, condition: viaS3,
				},
				"SendFailedEvents": {actions: []string{"sqs:SendMessage"}, resources: []string{p.queueArn}},
			},
		},
	}
	// Every function role also writes its logs and manages its network interfaces in the VPC.
	common := []string{
		"WriteOwnLogs", "DescribeNetworkForVpcAccess", "CreateNetworkInterfacesInFunctionSubnets", "ManageNetworkInterfaces",
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			policy := find(t, p.mocks, typeRolePolicy, "platform-"+tt.name+"-policy")
			doc := policyDocument(t, policy.Inputs, "policy")

			var sids []string
			for _, raw := range doc["Statement"].([]any) {
				sids = append(sids, raw.(map[string]any)["Sid"].(string))
			}
			expectedSids := append([]string{}, common...)
			for sid := range tt.statements {
				expectedSids = append(expectedSids, sid)
			}
			assert.ElementsMatch(t, expectedSids, sids, "the role has exactly the listed statements")

			for sid, expected := range tt.statements {
				entry := statement(t, doc, sid)
				assert.Equal(t, expected.actions, stringsOf(entry["Action"]), "actions of %s", sid)
				assert.Equal(t, expected.resources, stringsOf(entry["Resource"]), "resources of %s", sid)
				if expected.condition == nil {
					assert.NotContains(t, entry, "Condition", "condition of %s", sid)
				} else {
					assert.Equal(t, expected.condition, entry["Condition"], "condition of %s", sid)
				}
			}
		})
	}
}

func testFileFunctionSettings(t *testing.T, p testPlatform, scanning string) {
	bucketName := find(t, p.mocks, "aws:s3/bucketV2:BucketV2", "platform-user-files").Outputs["bucket"].StringValue()
	privateSubnets := find(t, p.mocks, typeAWSXVpc, "platform-network").Outputs["privateSubnetIds"].Mappable()
	for _, short := range fileFunctionNames {
		function := find(t, p.mocks, typeLambdaFunction, "platform-"+short)
		assertParent(t, function, GoFunctionType, "platform-"+short)
		assert.Equal(t, "app-test-"+short, function.Inputs["name"].StringValue())
		assert.Equal(t, privateSubnets, object(t, function.Inputs, "vpcConfig").Mappable()["subnetIds"],
			"%s runs in the private subnets", short)

		environment := object(t, object(t, function.Inputs, "environment"), "variables").Mappable()
		assert.Equal(t, map[string]any{
			"USER_FILES_BUCKET":        bucketName,
			"QUARANTINE_PREFIX":        QuarantinePrefix,
			"FILES_PREFIX":             FilesPrefix,
			"REJECTED_PREFIX":          RejectedPrefix,
			"MALWARE_SCANNING_ENABLED": scanning,
		}, environment, "environment of %s", short)
	}
}

func testBucketPolicyNamesRoles(t *testing.T, p testPlatform) {
	doc := policyDocument(t, find(t, p.mocks, typeBucketPolicy, "platform-user-files-policy").Inputs, "policy")
	others := statement(t, doc, "DenyObjectAccessToOtherPrincipals")
	exempt := stringsOf(others["Condition"].(map[string]any)["ArnNotLike"].(map[string]any)["aws:PrincipalArn"])
	for _, short := range fileFunctionNames {
		assert.Contains(t, exempt, p.roleArn(t, short), "the bucket policy admits the %s role", short)
	}

	beforeScan := statement(t, doc, "DenyReadsBeforeCleanScan")
	preVerdict := stringsOf(beforeScan["Condition"].(map[string]any)["ArnNotLike"].(map[string]any)["aws:PrincipalArn"])
	assert.Contains(t, preVerdict, p.roleArn(t, "validate"), "validate reads uploads before the verdict")
	assert.Contains(t, preVerdict, p.roleArn(t, "quarantine"), "quarantine reads rejected uploads of any verdict")
	assert.NotContains(t, preVerdict, p.roleArn(t, "files"), "files reads only clean files")
	assert.NotContains(t, preVerdict, p.roleArn(t, "uploads"), "uploads never reads")

	files := p.roleArn(t, "files")
	tests := []struct {
		name    string
		request s3Request
		denied  []string
	}{
		{
			name:    "files deletes a version",
			request: secureRequest("s3:DeleteObjectVersion", p.bucketArn+"/"+QuarantinePrefix+"sub/id", files),
		},
		{
			name:    "files deletes an object",
			request: secureRequest("s3:DeleteObject", p.bucketArn+"/"+FilesPrefix+"sub/id", files),
		},
		{
			name:    "files lists versions",
			request: secureRequest("s3:ListBucketVersions", p.bucketArn, files).with("s3:prefix", RejectedPrefix+"sub/"),
		},
		{
			name:    "files lists objects",
			request: secureRequest("s3:ListBucket", p.bucketArn, files).with("s3:prefix", FilesPrefix+"sub/"),
		},
		{
			name: "files reads a clean file",
			request: secureRequest("s3:GetObject", p.bucketArn+"/"+FilesPrefix+"sub/id", files).
				with("s3:ExistingObjectTag/"+ScanStatusTag, ScanStatusClean),
		},
		{
			name: "files reads an infected file",
			request: secureRequest("s3:GetObject", p.bucketArn+"/"+RejectedPrefix+"sub/id", files).
				with("s3:ExistingObjectTag/"+ScanStatusTag, "THREATS_FOUND"),
			denied: []string{"DenyReadsBeforeCleanScan"},
		},
		{
			name: "quarantine reads an infected file",
			request: secureRequest("s3:GetObject", p.bucketArn+"/"+RejectedPrefix+"sub/id", p.roleArn(t, "quarantine")).
				with("s3:ExistingObjectTag/"+ScanStatusTag, "THREATS_FOUND"),
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.denied, denyingStatements(t, doc, tt.request))
		})
	}
}

func testScanResultTrigger(t *testing.T, p testPlatform) {
	rule := find(t, p.mocks, typeEventRule, "platform-user-files-scan-results")
	target := find(t, p.mocks, typeEventTarget, "platform-validate-scan-results")
	assertParent(t, target, PlatformType, "platform")
	assert.Equal(t, rule.Outputs["name"].StringValue(), target.Inputs["rule"].StringValue())
	assert.Equal(t, p.functionArn(t, "validate"), target.Inputs["arn"].StringValue())

	permission := find(t, p.mocks, typeLambdaPermission, "platform-validate-scan-results")
	assert.Equal(t, "lambda:InvokeFunction", permission.Inputs["action"].StringValue())
	assert.Equal(t, "app-test-validate", permission.Inputs["function"].StringValue())
	assert.Equal(t, "events.amazonaws.com", permission.Inputs["principal"].StringValue())
	assert.Equal(t, rule.Outputs["arn"].StringValue(), permission.Inputs["sourceArn"].StringValue())

	assert.Empty(t, p.mocks.ByType(typeBucketNotify), "GuardDuty owns the notifications while scanning is on")
}

func testUploadNotificationTrigger(t *testing.T, p testPlatform) {
	for _, target := range p.mocks.ByType(typeEventTarget) {
		assert.NotEqual(t, "app-test-validate", target.Inputs["arn"].StringValue(),
			"no scan results reach the validate function without scanning: %s", target.Name)
		assert.NotContains(t, target.Inputs["arn"].StringValue(), ":function:app-test-validate",
			"no scan results reach the validate function without scanning: %s", target.Name)
	}

	permission := find(t, p.mocks, typeLambdaPermission, "platform-validate-uploads")
	assert.Equal(t, "lambda:InvokeFunction", permission.Inputs["action"].StringValue())
	assert.Equal(t, "app-test-validate", permission.Inputs["function"].StringValue())
	assert.Equal(t, "s3.amazonaws.com", permission.Inputs["principal"].StringValue())
	assert.Equal(t, p.bucketArn, permission.Inputs["sourceArn"].StringValue())
	assert.Equal(t, "123456789012", permission.Inputs["sourceAccount"].StringValue())

	notification := find(t, p.mocks, typeBucketNotify, "platform-validate-uploads")
	permissionURN := "urn:pulumi:test::secure-serverless::" + PlatformType + "$" + typeLambdaPermission + "::platform-validate-uploads"
	bucketID := find(t, p.mocks, "aws:s3/bucketV2:BucketV2", "platform-user-files").ID
	assert.Equal(t, bucketID, notification.Inputs["bucket"].StringValue())
	subscriptions := notification.Inputs["lambdaFunctions"].ArrayValue()
	require.Len(t, subscriptions, 1)
	subscription := subscriptions[0].ObjectValue().Mappable()
	assert.Equal(t, p.functionArn(t, "validate"), subscription["lambdaFunctionArn"])
	assert.Equal(t, []any{"s3:ObjectCreated:*"}, subscription["events"])
	assert.Equal(t, QuarantinePrefix, subscription["filterPrefix"])
	assert.True(t, slices.Contains(notification.Dependencies, permissionURN),
		"the notification waits for the permission S3 checks")
}

func testValidateFailureQueue(t *testing.T, p testPlatform) {
	queue := find(t, p.mocks, typeQueue, "platform-validate-failures")
	assertParent(t, queue, PlatformType, "platform")
	assert.True(t, queue.Inputs["sqsManagedSseEnabled"].BoolValue(), "the queue is encrypted with SSE-SQS")
	assert.Equal(t, 1209600.0, queue.Inputs["messageRetentionSeconds"].NumberValue())

	config := find(t, p.mocks, typeEventInvokeConfig, "platform-validate-invocations")
	assert.Equal(t, "app-test-validate", config.Inputs["functionName"].StringValue())
	assert.Equal(t, 2.0, config.Inputs["maximumRetryAttempts"].NumberValue())
	assert.Equal(t, 21600.0, config.Inputs["maximumEventAgeInSeconds"].NumberValue())
	onFailure := object(t, object(t, config.Inputs, "destinationConfig"), "onFailure")
	assert.Equal(t, resource.NewStringProperty(p.queueArn), onFailure["destination"])
}
