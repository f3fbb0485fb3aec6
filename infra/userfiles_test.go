package infra

import (
	"encoding/json"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/secureserverless/framework/offline/fakeaws"
)

// Type tokens, account and role ARNs that the storage tests use.
const (
	typeBucket          = "aws:s3/bucketV2:BucketV2"
	typeOwnership       = "aws:s3/bucketOwnershipControls:BucketOwnershipControls"
	typePublicAccess    = "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock"
	typeEncryption      = "aws:s3/bucketServerSideEncryptionConfigurationV2:BucketServerSideEncryptionConfigurationV2"
	typeVersioning      = "aws:s3/bucketVersioningV2:BucketVersioningV2"
	typeObjectLock      = "aws:s3/bucketObjectLockConfigurationV2:BucketObjectLockConfigurationV2"
	typeLifecycle       = "aws:s3/bucketLifecycleConfigurationV2:BucketLifecycleConfigurationV2"
	typeCors            = "aws:s3/bucketCorsConfigurationV2:BucketCorsConfigurationV2"
	typeLogging         = "aws:s3/bucketLoggingV2:BucketLoggingV2"
	typeBucketPolicy    = "aws:s3/bucketPolicy:BucketPolicy"
	typeKey             = "aws:kms/key:Key"
	typeRole            = "aws:iam/role:Role"
	typeRolePolicy      = "aws:iam/rolePolicy:RolePolicy"
	typeMalwarePlan     = "aws:guardduty/malwareProtectionPlan:MalwareProtectionPlan"
	typeEventRule       = "aws:cloudwatch/eventRule:EventRule"
	testAccountID       = fakeaws.DefaultAccountID
	testRegion          = fakeaws.DefaultRegion
	uploaderRole        = "arn:aws:iam::123456789012:role/app-upload"
	readerRole          = "arn:aws:iam::123456789012:role/app-read"
	processorRole       = "arn:aws:iam::123456789012:role/app-promote"
	administratorRole   = "arn:aws:iam::123456789012:role/admin"
	scanStatusCondition = "s3:ExistingObjectTag/" + ScanStatusTag
)

// testAccess names one role of each kind.
func testAccess() UserFilesAccess {
	return UserFilesAccess{
		Uploaders:  pulumi.ToStringArray([]string{uploaderRole}),
		Readers:    pulumi.ToStringArray([]string{readerRole}),
		Processors: pulumi.ToStringArray([]string{processorRole}),
	}
}

// newTestUserFiles creates a user-files bucket named "files" under mocks.
func newTestUserFiles(t *testing.T, args UserFilesBucketArgs) *fakeaws.Mocks {
	t.Helper()
	mocks, err := runWithMocks(t, func(ctx *pulumi.Context) error {
		_, err := NewUserFilesBucket(ctx, "files", args)
		return err
	})
	require.NoError(t, err)
	return mocks
}

// bucketPolicyOf returns the decoded policy of the bucket policy resource with the logical name.
func bucketPolicyOf(t *testing.T, mocks *fakeaws.Mocks, name string) map[string]any {
	t.Helper()
	return policyDocument(t, find(t, mocks, typeBucketPolicy, name).Inputs, "policy")
}

func TestUserFilesBucketDefaults(t *testing.T) {
	mocks := newTestUserFiles(t, UserFilesBucketArgs{NoncurrentVersionDays: 7, Access: testAccess()})

	component := find(t, mocks, UserFilesBucketType, "files")
	assert.False(t, component.Custom)

	key := find(t, mocks, typeKey, "files-key")
	assertParent(t, key, UserFilesBucketType, "files")
	assert.True(t, key.Inputs["enableKeyRotation"].BoolValue())
	assert.Equal(t, float64(DefaultKMSKeyDeletionWindowDays), key.Inputs["deletionWindowInDays"].NumberValue())
	root := statement(t, policyDocument(t, key.Inputs, "policy"), "AccountAdministersKeyThroughIAM")
	assert.Equal(t, map[string]any{"AWS": "arn:aws:iam::123456789012:root"}, root["Principal"])
	keyArn := key.Outputs["arn"].StringValue()

	bucket := find(t, mocks, typeBucket, "files")
	assertParent(t, bucket, UserFilesBucketType, "files")
	assert.False(t, bucket.Inputs["forceDestroy"].BoolValue())
	assert.False(t, bucket.Inputs["objectLockEnabled"].BoolValue())
	assert.False(t, bucket.Protect)
	bucketName := bucket.ID

	ownership := find(t, mocks, typeOwnership, "files-ownership")
	assertParent(t, ownership, UserFilesBucketType, "files")
	assert.Equal(t, bucketName, ownership.Inputs["bucket"].StringValue())
	assert.Equal(t, "BucketOwnerEnforced", object(t, ownership.Inputs, "rule")["objectOwnership"].StringValue())

	block := find(t, mocks, typePublicAccess, "files-public-access")
	for _, setting := range []string{"blockPublicAcls", "blockPublicPolicy", "ignorePublicAcls", "restrictPublicBuckets"} {
		assert.True(t, block.Inputs[resource.PropertyKey(setting)].BoolValue(), "%s must be true", setting)
	}

	encryption := find(t, mocks, typeEncryption, "files-encryption")
	rules := encryption.Inputs["rules"].ArrayValue()
	require.Len(t, rules, 1)
	assert.True(t, rules[0].ObjectValue()["bucketKeyEnabled"].BoolValue())
	byDefault := object(t, rules[0].ObjectValue(), "applyServerSideEncryptionByDefault")
	assert.Equal(t, EncryptionKMS, byDefault["sseAlgorithm"].StringValue())
	assert.Equal(t, keyArn, byDefault["kmsMasterKeyId"].StringValue())

	versioning := find(t, mocks, typeVersioning, "files-versioning")
	assert.Equal(t, "Enabled", object(t, versioning.Inputs, "versioningConfiguration")["status"].StringValue())

	lifecycle := lifecycleRules(t, find(t, mocks, typeLifecycle, "files-lifecycle"))
	require.Len(t, lifecycle, 4, "no transition rule without Transitions")
	assert.Equal(t, float64(1), object(t, lifecycle["abort-incomplete-multipart-uploads"], "abortIncompleteMultipartUpload")["daysAfterInitiation"].NumberValue())
	assert.Equal(t, float64(7), object(t, lifecycle["expire-noncurrent-versions"], "noncurrentVersionExpiration")["noncurrentDays"].NumberValue())
	quarantine := lifecycle["expire-quarantined-uploads"]
	assert.Equal(t, QuarantinePrefix, object(t, quarantine, "filter")["prefix"].StringValue())
	assert.Equal(t, float64(DefaultQuarantineExpirationDays), object(t, quarantine, "expiration")["days"].NumberValue())
	rejected := lifecycle["expire-rejected-uploads"]
	assert.Equal(t, RejectedPrefix, object(t, rejected, "filter")["prefix"].StringValue())
	assert.Equal(t, float64(DefaultQuarantineExpirationDays), object(t, rejected, "expiration")["days"].NumberValue())

	_, hasCors := mocks.Find(typeCors, "files-cors")
	assert.False(t, hasCors, "no CORS rule without origins")
	_, hasObjectLock := mocks.Find(typeObjectLock, "files-object-lock")
	assert.False(t, hasObjectLock, "no Object Lock by default")

	logBucket := find(t, mocks, typeBucket, "files-access-logs")
	logging := find(t, mocks, typeLogging, "files-logging")
	assert.Equal(t, bucketName, logging.Inputs["bucket"].StringValue())
	assert.Equal(t, logBucket.ID, logging.Inputs["targetBucket"].StringValue())
	assert.Equal(t, DefaultAccessLogPrefix, logging.Inputs["targetPrefix"].StringValue())
	_, logsItself := mocks.Find(typeLogging, "files-access-logs-logging")
	assert.False(t, logsItself, "the log bucket does not log")
}

func TestAccessLogBucketSettings(t *testing.T) {
	mocks := newTestUserFiles(t, UserFilesBucketArgs{AccessLogs: AccessLogBucketArgs{RetentionDays: 90}})

	component := find(t, mocks, AccessLogBucketType, "files-access-logs")
	assertParent(t, component, UserFilesBucketType, "files")
	logBucket := find(t, mocks, typeBucket, "files-access-logs")
	assertParent(t, logBucket, AccessLogBucketType, "files-access-logs")
	userBucket := find(t, mocks, typeBucket, "files")

	ownership := find(t, mocks, typeOwnership, "files-access-logs-ownership")
	assert.Equal(t, "BucketOwnerEnforced", object(t, ownership.Inputs, "rule")["objectOwnership"].StringValue())
	block := find(t, mocks, typePublicAccess, "files-access-logs-public-access")
	for _, setting := range []string{"blockPublicAcls", "blockPublicPolicy", "ignorePublicAcls", "restrictPublicBuckets"} {
		assert.True(t, block.Inputs[resource.PropertyKey(setting)].BoolValue(), "%s must be true", setting)
	}
	versioning := find(t, mocks, typeVersioning, "files-access-logs-versioning")
	assert.Equal(t, "Enabled", object(t, versioning.Inputs, "versioningConfiguration")["status"].StringValue())

	// S3 delivers server access logs only to buckets with SSE-S3.
	encryption := find(t, mocks, typeEncryption, "files-access-logs-encryption")
	rule := encryption.Inputs["rules"].ArrayValue()[0].ObjectValue()
	byDefault := object(t, rule, "applyServerSideEncryptionByDefault")
	assert.Equal(t, EncryptionAES256, byDefault["sseAlgorithm"].StringValue())
	_, hasKey := byDefault["kmsMasterKeyId"]
	assert.False(t, hasKey)

	lifecycle := lifecycleRules(t, find(t, mocks, typeLifecycle, "files-access-logs-lifecycle"))
	assert.Equal(t, float64(90), object(t, lifecycle["expire-logs"], "expiration")["days"].NumberValue())

	doc := bucketPolicyOf(t, mocks, "files-access-logs-policy")
	logBucketArn := logBucket.Outputs["arn"].StringValue()
	assert.Equal(t, map[string]any{"Bool": map[string]any{"aws:SecureTransport": "false"}},
		statement(t, doc, "DenyInsecureTransport")["Condition"])
	assert.Equal(t, map[string]any{"NumericLessThan": map[string]any{"s3:TlsVersion": "1.2"}},
		statement(t, doc, "DenyOutdatedTLS")["Condition"])
	delivery := statement(t, doc, "AllowServerAccessLogDelivery")
	assert.Equal(t, map[string]any{"Service": "logging.s3.amazonaws.com"}, delivery["Principal"])
	assert.Equal(t, "s3:PutObject", delivery["Action"])
	assert.Equal(t, logBucketArn+"/"+DefaultAccessLogPrefix+"*", delivery["Resource"])
	assert.Equal(t, map[string]any{
		"ArnLike":      map[string]any{"aws:SourceArn": []any{userBucket.Outputs["arn"].StringValue()}},
		"StringEquals": map[string]any{"aws:SourceAccount": testAccountID},
	}, delivery["Condition"])
}

func TestUserFilesBucketPolicy(t *testing.T) {
	mocks := newTestUserFiles(t, UserFilesBucketArgs{Access: testAccess()})
	bucketArn := find(t, mocks, typeBucket, "files").Outputs["arn"].StringValue()
	keyArn := find(t, mocks, typeKey, "files-key").Outputs["arn"].StringValue()
	scannerRole := find(t, mocks, typeRole, "files-malware-scan").Outputs["arn"].StringValue()
	doc := bucketPolicyOf(t, mocks, "files-policy")
	objects := bucketArn + "/*"

	tls := statement(t, doc, "DenyInsecureTransport")
	assert.Equal(t, "*", tls["Principal"])
	assert.Equal(t, []any{bucketArn, objects}, tls["Resource"])
	assert.Equal(t, map[string]any{"Bool": map[string]any{"aws:SecureTransport": "false"}}, tls["Condition"])
	assert.Equal(t, map[string]any{"NumericLessThan": map[string]any{"s3:TlsVersion": "1.2"}},
		statement(t, doc, "DenyOutdatedTLS")["Condition"])
	assert.Equal(t, map[string]any{
		"Null":            map[string]any{"s3:x-amz-server-side-encryption": "false"},
		"StringNotEquals": map[string]any{"s3:x-amz-server-side-encryption": "aws:kms"},
	}, statement(t, doc, "DenyOtherEncryptionTypes")["Condition"])
	assert.Equal(t, map[string]any{
		"Null":            map[string]any{"s3:x-amz-server-side-encryption-aws-kms-key-id": "false"},
		"StringNotEquals": map[string]any{"s3:x-amz-server-side-encryption-aws-kms-key-id": keyArn},
	}, statement(t, doc, "DenyOtherEncryptionKeys")["Condition"])

	others := statement(t, doc, "DenyObjectAccessToOtherPrincipals")
	assert.Equal(t, []any{"s3:GetObject", "s3:GetObjectVersion", "s3:PutObject"}, others["Action"])
	assert.Equal(t, map[string]any{"ArnNotLike": map[string]any{"aws:PrincipalArn": []any{
		uploaderRole, readerRole, processorRole, scannerRole,
	}}}, others["Condition"])

	beforeScan := statement(t, doc, "DenyReadsBeforeCleanScan")
	assert.Equal(t, []any{"s3:GetObject", "s3:GetObjectVersion"}, beforeScan["Action"])
	assert.Equal(t, map[string]any{
		"StringNotEquals": map[string]any{scanStatusCondition: ScanStatusClean},
		"ArnNotLike":      map[string]any{"aws:PrincipalArn": []any{processorRole, scannerRole}},
	}, beforeScan["Condition"])
	assert.Equal(t, "Deny", statement(t, doc, "DenyScanVerdictChanges")["Effect"])
	assert.Equal(t, "Deny", statement(t, doc, "DenyScanVerdictOnUpload")["Effect"])
}

func TestUserFilesObjectAccessByRole(t *testing.T) {
	mocks := newTestUserFiles(t, UserFilesBucketArgs{Access: testAccess()})
	bucketArn := find(t, mocks, typeBucket, "files").Outputs["arn"].StringValue()
	scannerRole := find(t, mocks, typeRole, "files-malware-scan").Outputs["arn"].StringValue()
	doc := bucketPolicyOf(t, mocks, "files-policy")
	upload := bucketArn + "/" + QuarantinePrefix + "user-1/report.pdf"
	file := bucketArn + "/" + FilesPrefix + "user-1/report.pdf"
	clean := func(r s3Request) s3Request { return r.with(scanStatusCondition, ScanStatusClean) }

	tests := []struct {
		name       string
		request    s3Request
		wantDenied bool
	}{
		{"uploader writes an upload", secureRequest("s3:PutObject", upload, uploaderRole), false},
		{"reader reads a clean file", clean(secureRequest("s3:GetObject", file, readerRole)), false},
		{"reader reads an unscanned upload", secureRequest("s3:GetObject", upload, readerRole), true},
		{"reader reads an infected upload", secureRequest("s3:GetObject", upload, readerRole).with(scanStatusCondition, "THREATS_FOUND"), true},
		{"processor reads before the verdict", secureRequest("s3:GetObject", upload, processorRole), false},
		{"scanner reads before the verdict", secureRequest("s3:GetObject", upload, scannerRole), false},
		{"scanner tags a scanned upload", secureRequest("s3:PutObjectTagging", upload, scannerRole), false},
		{"administrator reads a clean file", clean(secureRequest("s3:GetObject", file, administratorRole)), true},
		{"administrator writes a file", secureRequest("s3:PutObject", file, administratorRole), true},
		{"administrator deletes a file", secureRequest("s3:DeleteObject", file, administratorRole), false},
		{"uploader forges the verdict tag", secureRequest("s3:PutObjectTagging", upload, uploaderRole), true},
		{"uploader sends the verdict tag", secureRequest("s3:PutObject", upload, uploaderRole).with("s3:RequestObjectTagKeys", ScanStatusTag), true},
		{"reader over plain HTTP", clean(secureRequest("s3:GetObject", file, readerRole)).with("aws:SecureTransport", "false"), true},
		{"reader over TLS 1.1", clean(secureRequest("s3:GetObject", file, readerRole)).with("s3:TlsVersion", "1.1"), true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			denied := denyingStatements(t, doc, tt.request)

			assert.Equal(t, tt.wantDenied, len(denied) > 0, "denying statements: %v", denied)
		})
	}
}

func TestBrowserUploadWithoutEncryptionHeader(t *testing.T) {
	tests := []struct {
		name       string
		encryption string
	}{
		{"SSE-KMS", EncryptionKMS},
		{"SSE-S3", EncryptionAES256},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			mocks := newTestUserFiles(t, UserFilesBucketArgs{Encryption: tt.encryption, Access: testAccess()})
			bucketArn := find(t, mocks, typeBucket, "files").Outputs["arn"].StringValue()
			doc := bucketPolicyOf(t, mocks, "files-policy")
			// A browser sends a presigned upload with only the signed headers, so no encryption header.
			browserUpload := secureRequest("s3:PutObject", bucketArn+"/"+QuarantinePrefix+"a.png", uploaderRole)

			assert.Empty(t, denyingStatements(t, doc, browserUpload))
			otherEncryption := browserUpload.with("s3:x-amz-server-side-encryption", "aws:kms:dsse")
			assert.Contains(t, denyingStatements(t, doc, otherEncryption), "DenyOtherEncryptionTypes",
				"an upload that asks for another encryption is still denied")
		})
	}
}

func TestDemandedEncryptionHeaderBreaksUploads(t *testing.T) {
	// The check above can fail: policies that demand the header deny the same browser upload, whether
	// they test for a missing header or compare it with a negated operator.
	tests := []struct {
		name      string
		condition map[string]any
	}{
		{"missing header", map[string]any{"Null": map[string]any{"s3:x-amz-server-side-encryption": "true"}}},
		{"negated comparison", map[string]any{"StringNotEquals": map[string]any{"s3:x-amz-server-side-encryption": "aws:kms"}}},
		{"negated comparison if exists", map[string]any{"StringNotEqualsIfExists": map[string]any{"s3:x-amz-server-side-encryption": "aws:kms"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			demanding := map[string]any{"Statement": []any{map[string]any{
				"Sid":       "DenyUnencryptedUploads",
				"Effect":    "Deny",
				"Principal": "*",
				"Action":    "s3:PutObject",
				"Resource":  "arn:aws:s3:::files/*",
				"Condition": tt.condition,
			}}}
			browserUpload := secureRequest("s3:PutObject", "arn:aws:s3:::files/quarantine/a.png", uploaderRole)

			assert.Equal(t, []string{"DenyUnencryptedUploads"}, denyingStatements(t, demanding, browserUpload))
		})
	}
}

func TestUserFilesCorsAllowsSignedHeaders(t *testing.T) {
	tests := []struct {
		name          string
		signedHeaders []string
		wantHeaders   []any
	}{
		{"default signed headers", nil, []any{"content-type"}},
		{"checksum signed too", []string{"content-type", "x-amz-checksum-sha256"}, []any{"content-type", "x-amz-checksum-sha256"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			mocks := newTestUserFiles(t, UserFilesBucketArgs{
				CorsOrigins:         []string{"https://app.example.com", "http://localhost:5173"},
				UploadSignedHeaders: tt.signedHeaders,
			})

			cors := find(t, mocks, typeCors, "files-cors")
			assertParent(t, cors, UserFilesBucketType, "files")
			rules := cors.Inputs["corsRules"].ArrayValue()
			require.Len(t, rules, 1)
			rule := rules[0].ObjectValue().Mappable()
			assert.Equal(t, tt.wantHeaders, rule["allowedHeaders"], "exactly the headers the presigner signs")
			assert.Equal(t, []any{"PUT", "POST", "GET", "HEAD"}, rule["allowedMethods"])
			assert.Equal(t, []any{"https://app.example.com", "http://localhost:5173"}, rule["allowedOrigins"])
			assert.Equal(t, []any{"ETag"}, rule["exposeHeaders"])
			assert.Equal(t, float64(DefaultCorsMaxAgeSeconds), rule["maxAgeSeconds"])
			encoded, err := json.Marshal(rule)
			require.NoError(t, err)
			assert.NotContains(t, string(encoded), "*", "no wildcard anywhere in the rule")
		})
	}
}

func TestBucketSettingsCreatedInOrder(t *testing.T) {
	mocks := newTestUserFiles(t, UserFilesBucketArgs{
		CorsOrigins:    []string{"https://app.example.com"},
		ObjectLockMode: ObjectLockGovernance, ObjectLockDays: 30,
	})

	chain := []struct{ typ, name string }{
		{typeBucket, "files"},
		{typeOwnership, "files-ownership"},
		{typePublicAccess, "files-public-access"},
		{typeEncryption, "files-encryption"},
		{typeVersioning, "files-versioning"},
		{typeObjectLock, "files-object-lock"},
		{typeLifecycle, "files-lifecycle"},
		{typeCors, "files-cors"},
		{typeLogging, "files-logging"},
		{typeBucketPolicy, "files-policy"},
		{typeMalwarePlan, "files-malware-scan"},
	}
	for i := 1; i < len(chain); i++ {
		current := find(t, mocks, chain[i].typ, chain[i].name)
		assert.True(t, current.DependsOn(chain[i-1].typ, chain[i-1].name),
			"%s waits for %s", chain[i].name, chain[i-1].name)
	}

	logs := []struct{ typ, name string }{
		{typeBucket, "files-access-logs"},
		{typeOwnership, "files-access-logs-ownership"},
		{typePublicAccess, "files-access-logs-public-access"},
		{typeEncryption, "files-access-logs-encryption"},
		{typeVersioning, "files-access-logs-versioning"},
		{typeLifecycle, "files-access-logs-lifecycle"},
		{typeBucketPolicy, "files-access-logs-policy"},
	}
	for i := 1; i < len(logs); i++ {
		current := find(t, mocks, logs[i].typ, logs[i].name)
		assert.True(t, current.DependsOn(logs[i-1].typ, logs[i-1].name),
			"%s waits for %s", logs[i].name, logs[i-1].name)
	}
	logging := find(t, mocks, typeLogging, "files-logging")
	assert.True(t, logging.DependsOn(typeBucketPolicy, "files-access-logs-policy"),
		"logging waits for the policy that lets S3 deliver the logs")
	plan := find(t, mocks, typeMalwarePlan, "files-malware-scan")
	assert.True(t, plan.DependsOn(typeRolePolicy, "files-malware-scan"), "the plan waits for its role's permissions")
}

func TestUserFilesMalwareScanning(t *testing.T) {
	mocks := newTestUserFiles(t, UserFilesBucketArgs{})
	bucket := find(t, mocks, typeBucket, "files")
	bucketArn := bucket.Outputs["arn"].StringValue()
	keyArn := find(t, mocks, typeKey, "files-key").Outputs["arn"].StringValue()

	role := find(t, mocks, typeRole, "files-malware-scan")
	assertParent(t, role, UserFilesBucketType, "files")
	trust := policyDocument(t, role.Inputs, "assumeRolePolicy")["Statement"].([]any)[0].(map[string]any)
	assert.Equal(t, map[string]any{"Service": "malware-protection-plan.guardduty.amazonaws.com"}, trust["Principal"])
	assert.Equal(t, map[string]any{
		"StringEquals": map[string]any{"aws:SourceAccount": testAccountID},
		"ArnLike":      map[string]any{"aws:SourceArn": "arn:aws:guardduty:us-east-1:123456789012:malware-protection-plan/*"},
	}, trust["Condition"])

	rolePolicy := policyDocument(t, find(t, mocks, typeRolePolicy, "files-malware-scan").Inputs, "policy")
	uploads := bucketArn + "/" + QuarantinePrefix + "*"
	assert.Equal(t, uploads, statement(t, rolePolicy, "ScanUploads")["Resource"])
	assert.Equal(t, uploads, statement(t, rolePolicy, "TagScannedUploads")["Resource"])
	assert.Equal(t, bucketArn+"/malware-protection-resource-validation-object",
		statement(t, rolePolicy, "WriteValidationObject")["Resource"])
	assert.Equal(t, bucketArn, statement(t, rolePolicy, "SendBucketEventsToEventBridge")["Resource"])
	rules := statement(t, rolePolicy, "ManageGuardDutyEventRule")
	assert.Equal(t, "arn:aws:events:us-east-1:123456789012:rule/DO-NOT-DELETE-AmazonGuardDutyMalwareProtectionS3*", rules["Resource"])
	assert.Equal(t, map[string]any{"StringLike": map[string]any{"events:ManagedBy": "malware-protection-plan.guardduty.amazonaws.com"}},
		rules["Condition"])
	decrypt := statement(t, rolePolicy, "DecryptUploadsThroughS3")
	assert.Equal(t, keyArn, decrypt["Resource"])
	assert.Equal(t, map[string]any{"StringEquals": map[string]any{"kms:ViaService": "s3.us-east-1.amazonaws.com"}}, decrypt["Condition"])
	for _, raw := range rolePolicy["Statement"].([]any) {
		resources := stringsOf(raw.(map[string]any)["Resource"])
		assert.NotContains(t, resources, "*", "statement %v has a resource", raw.(map[string]any)["Sid"])
	}

	plan := find(t, mocks, typeMalwarePlan, "files-malware-scan")
	assert.Equal(t, role.Outputs["arn"].StringValue(), plan.Inputs["role"].StringValue())
	protected := object(t, object(t, plan.Inputs, "protectedResource"), "s3Bucket").Mappable()
	assert.Equal(t, bucket.ID, protected["bucketName"])
	assert.Equal(t, []any{QuarantinePrefix}, protected["objectPrefixes"])
	tagging := plan.Inputs["actions"].ArrayValue()[0].ObjectValue()["taggings"].ArrayValue()[0].ObjectValue()
	assert.Equal(t, "ENABLED", tagging["status"].StringValue(), "GuardDuty tags each scanned object")

	rule := find(t, mocks, typeEventRule, "files-scan-results")
	assertParent(t, rule, UserFilesBucketType, "files")
	var pattern map[string]any
	require.NoError(t, json.Unmarshal([]byte(rule.Inputs["eventPattern"].StringValue()), &pattern))
	assert.Equal(t, map[string]any{
		"source":      []any{"aws.guardduty"},
		"detail-type": []any{ScanResultDetailType},
		"detail":      map[string]any{"s3ObjectDetails": map[string]any{"bucketName": []any{bucket.ID}}},
	}, pattern)
}

func TestUserFilesWithoutMalwareScanning(t *testing.T) {
	mocks := newTestUserFiles(t, UserFilesBucketArgs{DisableMalwareScanning: true, Access: testAccess()})

	assert.Empty(t, mocks.ByType(typeMalwarePlan))
	assert.Empty(t, mocks.ByType(typeEventRule))
	_, hasRole := mocks.Find(typeRole, "files-malware-scan")
	assert.False(t, hasRole)
	doc := bucketPolicyOf(t, mocks, "files-policy")
	for _, raw := range doc["Statement"].([]any) {
		assert.NotContains(t, []string{"DenyReadsBeforeCleanScan", "DenyScanVerdictChanges", "DenyScanVerdictOnUpload"},
			raw.(map[string]any)["Sid"])
	}
	assert.Equal(t, map[string]any{"ArnNotLike": map[string]any{"aws:PrincipalArn": []any{uploaderRole, readerRole, processorRole}}},
		statement(t, doc, "DenyObjectAccessToOtherPrincipals")["Condition"])
}

func TestUserFilesSSES3(t *testing.T) {
	mocks := newTestUserFiles(t, UserFilesBucketArgs{Encryption: EncryptionAES256})

	assert.Empty(t, mocks.ByType(typeKey), "no customer managed key")
	rule := find(t, mocks, typeEncryption, "files-encryption").Inputs["rules"].ArrayValue()[0].ObjectValue()
	assert.False(t, rule["bucketKeyEnabled"].BoolValue())
	byDefault := object(t, rule, "applyServerSideEncryptionByDefault")
	assert.Equal(t, EncryptionAES256, byDefault["sseAlgorithm"].StringValue())
	_, hasKey := byDefault["kmsMasterKeyId"]
	assert.False(t, hasKey)

	doc := bucketPolicyOf(t, mocks, "files-policy")
	assert.Equal(t, map[string]any{
		"Null":            map[string]any{"s3:x-amz-server-side-encryption": "false"},
		"StringNotEquals": map[string]any{"s3:x-amz-server-side-encryption": "AES256"},
	}, statement(t, doc, "DenyOtherEncryptionTypes")["Condition"])
	for _, raw := range doc["Statement"].([]any) {
		assert.NotEqual(t, "DenyOtherEncryptionKeys", raw.(map[string]any)["Sid"])
	}
	rolePolicy := policyDocument(t, find(t, mocks, typeRolePolicy, "files-malware-scan").Inputs, "policy")
	for _, raw := range rolePolicy["Statement"].([]any) {
		assert.NotEqual(t, "DecryptUploadsThroughS3", raw.(map[string]any)["Sid"])
	}
}

func TestUserFilesOptionalSettings(t *testing.T) {
	mocks := newTestUserFiles(t, UserFilesBucketArgs{
		ObjectLockMode: ObjectLockCompliance, ObjectLockDays: 365,
		QuarantineExpirationDays: 3,
		Transitions: []StorageTransition{
			{Days: 30, StorageClass: "STANDARD_IA"}, {Days: 180, StorageClass: "GLACIER_IR"},
		},
	})

	assert.True(t, find(t, mocks, typeBucket, "files").Inputs["objectLockEnabled"].BoolValue())
	lock := find(t, mocks, typeObjectLock, "files-object-lock")
	retention := object(t, object(t, lock.Inputs, "rule"), "defaultRetention")
	assert.Equal(t, ObjectLockCompliance, retention["mode"].StringValue())
	assert.Equal(t, float64(365), retention["days"].NumberValue())

	lifecycle := lifecycleRules(t, find(t, mocks, typeLifecycle, "files-lifecycle"))
	assert.Equal(t, float64(3), object(t, lifecycle["expire-quarantined-uploads"], "expiration")["days"].NumberValue())
	assert.Equal(t, float64(3), object(t, lifecycle["expire-rejected-uploads"], "expiration")["days"].NumberValue())
	transitions := lifecycle["transition-files"]
	assert.Equal(t, FilesPrefix, object(t, transitions, "filter")["prefix"].StringValue())
	assert.Equal(t, []any{
		map[string]any{"days": float64(30), "storageClass": "STANDARD_IA"},
		map[string]any{"days": float64(180), "storageClass": "GLACIER_IR"},
	}, transitions["transitions"].Mappable())
}

func TestUserFilesProtect(t *testing.T) {
	mocks := newTestUserFiles(t, UserFilesBucketArgs{Protect: true})

	for _, r := range []struct{ typ, name string }{
		{typeBucket, "files"}, {typeKey, "files-key"}, {typeBucket, "files-access-logs"},
	} {
		stateful := find(t, mocks, r.typ, r.name)
		assert.True(t, stateful.Protect, "%s is protected", r.name)
		assert.True(t, stateful.RetainOnDelete, "%s is retained", r.name)
	}
	assert.False(t, find(t, mocks, typeBucketPolicy, "files-policy").Protect, "settings stay replaceable")
}

func TestUserFilesBucketExtraStatements(t *testing.T) {
	extra := map[string]any{
		"Sid":       "AllowReader",
		"Effect":    "Allow",
		"Principal": map[string]any{"AWS": "arn:aws:iam::123456789012:role/reader"},
		"Action":    "s3:GetObject",
		"Resource":  "*",
	}
	mocks := newTestUserFiles(t, UserFilesBucketArgs{ExtraPolicyStatements: []map[string]any{extra}})

	doc := bucketPolicyOf(t, mocks, "files-policy")
	assert.Equal(t, "s3:GetObject", statement(t, doc, "AllowReader")["Action"])
	assert.Equal(t, "Deny", statement(t, doc, "DenyInsecureTransport")["Effect"], "the TLS deny stays")
}

func TestUserFilesBucketInvalidArgs(t *testing.T) {
	tests := []struct {
		name          string
		componentName string
		args          UserFilesBucketArgs
		message       string
	}{
		{name: "deletion window", args: UserFilesBucketArgs{KMSKeyDeletionWindowDays: 3},
			message: "KMSKeyDeletionWindowDays is 3, must be 7 to 30"},
		{name: "encryption", args: UserFilesBucketArgs{Encryption: "SSE-C"},
			message: `Encryption "SSE-C" is invalid; use "aws:kms" or "AES256"`},
		{name: "wildcard origin", args: UserFilesBucketArgs{CorsOrigins: []string{"*"}},
			message: `CorsOrigins has "*"; use an origin such as https://app.example.com`},
		{name: "wildcard subdomain", args: UserFilesBucketArgs{CorsOrigins: []string{"https://*.example.com"}},
			message: `CorsOrigins has "https://*.example.com"`},
		{name: "origin with path", args: UserFilesBucketArgs{CorsOrigins: []string{"https://app.example.com/"}},
			message: `CorsOrigins has "https://app.example.com/"`},
		{name: "plain http origin", args: UserFilesBucketArgs{CorsOrigins: []string{"http://app.example.com"}},
			message: `CorsOrigins has "http://app.example.com"`},
		{name: "wildcard signed header", args: UserFilesBucketArgs{UploadSignedHeaders: []string{"*"}},
			message: `UploadSignedHeaders has "*"`},
		{name: "uppercase signed header", args: UserFilesBucketArgs{UploadSignedHeaders: []string{"Content-Type"}},
			message: `UploadSignedHeaders has "Content-Type"`},
		{name: "object lock mode", args: UserFilesBucketArgs{ObjectLockMode: "LEGAL_HOLD", ObjectLockDays: 1},
			message: `ObjectLockMode "LEGAL_HOLD" is invalid`},
		{name: "object lock without days", args: UserFilesBucketArgs{ObjectLockMode: ObjectLockGovernance},
			message: "ObjectLockDays is 0, must be 1 to 36500 with ObjectLockMode GOVERNANCE"},
		{name: "object lock days without mode", args: UserFilesBucketArgs{ObjectLockDays: 30},
			message: "ObjectLockDays is 30 without ObjectLockMode"},
		{name: "storage class", args: UserFilesBucketArgs{Transitions: []StorageTransition{{Days: 30, StorageClass: "COLD"}}},
			message: `Transitions has storage class "COLD"`},
		{name: "transition too early", args: UserFilesBucketArgs{Transitions: []StorageTransition{{Days: 7, StorageClass: "STANDARD_IA"}}},
			message: "Transitions moves files to STANDARD_IA after 7 days; S3 needs at least 30"},
		{name: "force destroy and protect", args: UserFilesBucketArgs{ForceDestroy: true, Protect: true},
			message: "ForceDestroy and Protect are both set"},
		{name: "log retention", args: UserFilesBucketArgs{AccessLogs: AccessLogBucketArgs{RetentionDays: 5000}},
			message: "AccessLogs.RetentionDays is 5000, must be 1 to 3650"},
		{name: "dotted name", componentName: "user.files", message: "the name must be 43 characters at most, of lowercase letters"},
		{name: "long name", componentName: "a-very-long-component-name-for-the-user-files-bucket",
			message: "the name must be 43 characters at most"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			name := tt.componentName
			if name == "" {
				name = "files"
			}
			mocks, err := runWithMocks(t, func(ctx *pulumi.Context) error {
				_, err := NewUserFilesBucket(ctx, name, tt.args)
				return err
			})

			require.Error(t, err)
			assert.Contains(t, err.Error(), `user-files bucket "`+name+`": `)
			assert.Contains(t, err.Error(), tt.message)
			assert.Empty(t, mocks.Resources(), "nothing is registered with invalid arguments")
		})
	}
}

func TestUserFilesInvalidArgsReportedTogether(t *testing.T) {
	_, err := runWithMocks(t, func(ctx *pulumi.Context) error {
		_, err := NewUserFilesBucket(ctx, "files", UserFilesBucketArgs{
			Encryption: "SSE-C", CorsOrigins: []string{"*"},
		})
		return err
	})

	require.Error(t, err)
	assert.Contains(t, err.Error(), "Encryption")
	assert.Contains(t, err.Error(), "CorsOrigins")
}

func TestUserFilesAccessStatements(t *testing.T) {
	tests := []struct {
		name       string
		encryption string
		statements func(*UserFilesBucket) []PolicyStatement
		want       map[string][]any
		wantKey    map[string][]any
	}{
		{
			name: "uploads", encryption: EncryptionKMS,
			statements: (*UserFilesBucket).UploadStatements,
			want:       map[string][]any{"WriteUploads": {"s3:PutObject"}},
			wantKey:    map[string][]any{"EncryptUploads": {"kms:GenerateDataKey"}},
		},
		{
			name: "reads", encryption: EncryptionKMS,
			statements: (*UserFilesBucket).ReadStatements,
			want:       map[string][]any{"ReadFiles": {"s3:GetObject"}},
			wantKey:    map[string][]any{"DecryptFiles": {"kms:Decrypt"}},
		},
		{
			name: "processing", encryption: EncryptionKMS,
			statements: (*UserFilesBucket).ProcessingStatements,
			want: map[string][]any{
				"ReadAndRemoveUploads":          {"s3:GetObject", "s3:GetObjectTagging", "s3:DeleteObject"},
				"WritePromotedAndRejectedFiles": {"s3:PutObject", "s3:PutObjectTagging"},
			},
			wantKey: map[string][]any{"UseBucketKey": {"kms:Decrypt", "kms:GenerateDataKey"}},
		},
		{
			name: "uploads with SSE-S3", encryption: EncryptionAES256,
			statements: (*UserFilesBucket).UploadStatements,
			want:       map[string][]any{"WriteUploads": {"s3:PutObject"}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			args := helloFunctionArgs(t)
			mocks, err := runWithMocks(t, func(ctx *pulumi.Context) error {
				files, err := NewUserFilesBucket(ctx, "files", UserFilesBucketArgs{Encryption: tt.encryption})
				if err != nil {
					return err
				}
				args.Statements = tt.statements(files)
				_, err = NewGoFunction(ctx, "me", args)
				return err
			})
			require.NoError(t, err)

			bucketArn := find(t, mocks, typeBucket, "files").Outputs["arn"].StringValue()
			doc := policyDocument(t, find(t, mocks, typeRolePolicy, "me-policy").Inputs, "policy")
			require.Len(t, doc["Statement"].([]any), 1+len(tt.want)+len(tt.wantKey), "the log statement and these only")
			prefixes := map[string][]string{
				"WriteUploads": {QuarantinePrefix}, "ReadFiles": {FilesPrefix},
				"ReadAndRemoveUploads": {QuarantinePrefix}, "WritePromotedAndRejectedFiles": {FilesPrefix, RejectedPrefix},
			}
			for sid, actions := range tt.want {
				granted := statement(t, doc, sid)
				assert.Equal(t, actions, granted["Action"])
				var resources []any
				for _, prefix := range prefixes[sid] {
					resources = append(resources, bucketArn+"/"+prefix+"*")
				}
				assert.Equal(t, resources, granted["Resource"])
			}
			for sid, actions := range tt.wantKey {
				granted := statement(t, doc, sid)
				assert.Equal(t, actions, granted["Action"])
				assert.Equal(t, []any{find(t, mocks, typeKey, "files-key").Outputs["arn"].StringValue()}, granted["Resource"])
				assert.Equal(t, map[string]any{"StringEquals": map[string]any{"kms:ViaService": "s3.us-east-1.amazonaws.com"}},
					granted["Condition"])
			}
		})
	}
}

// lifecycleRules returns the rules of a lifecycle configuration by id.
func lifecycleRules(t *testing.T, lifecycle fakeaws.MockResource) map[string]resource.PropertyMap {
	t.Helper()
	rules := map[string]resource.PropertyMap{}
	for _, rule := range lifecycle.Inputs["rules"].ArrayValue() {
		fields := rule.ObjectValue()
		assert.Equal(t, "Enabled", fields["status"].StringValue())
		rules[fields["id"].StringValue()] = fields
	}
	return rules
}
