package infra

import (
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestUserFilesBucketSecuritySettings(t *testing.T) {
	mocks, err := runWithMocks(t, func(ctx *pulumi.Context) error {
		_, err := NewUserFilesBucket(ctx, "files", UserFilesBucketArgs{NoncurrentVersionDays: 7})
		return err
	})
	require.NoError(t, err)

	component := find(t, mocks, UserFilesBucketType, "files")
	assert.False(t, component.Custom)

	key := find(t, mocks, "aws:kms/key:Key", "files-key")
	assertParent(t, key, UserFilesBucketType, "files")
	assert.True(t, key.Inputs["enableKeyRotation"].BoolValue())
	assert.Equal(t, float64(DefaultKMSKeyDeletionWindowDays), key.Inputs["deletionWindowInDays"].NumberValue())
	keyPolicy := policyDocument(t, key.Inputs, "policy")
	root := statement(t, keyPolicy, "AccountAdministersKeyThroughIAM")
	assert.Equal(t, map[string]any{"AWS": "arn:aws:iam::123456789012:root"}, root["Principal"])
	keyArn := key.Outputs["arn"].StringValue()

	bucket := find(t, mocks, "aws:s3/bucketV2:BucketV2", "files")
	assertParent(t, bucket, UserFilesBucketType, "files")
	assert.False(t, bucket.Inputs["forceDestroy"].BoolValue())
	bucketName := bucket.ID
	bucketArn := bucket.Outputs["arn"].StringValue()

	ownership := find(t, mocks, "aws:s3/bucketOwnershipControls:BucketOwnershipControls", "files-ownership")
	assertParent(t, ownership, UserFilesBucketType, "files")
	assert.Equal(t, bucketName, ownership.Inputs["bucket"].StringValue())
	assert.Equal(t, "BucketOwnerEnforced", object(t, ownership.Inputs, "rule")["objectOwnership"].StringValue())

	block := find(t, mocks, "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock", "files-public-access")
	assertParent(t, block, UserFilesBucketType, "files")
	for _, setting := range []string{"blockPublicAcls", "blockPublicPolicy", "ignorePublicAcls", "restrictPublicBuckets"} {
		assert.True(t, block.Inputs[resource.PropertyKey(setting)].BoolValue(), "%s must be true", setting)
	}

	encryption := find(t, mocks, "aws:s3/bucketServerSideEncryptionConfigurationV2:BucketServerSideEncryptionConfigurationV2", "files-encryption")
	assertParent(t, encryption, UserFilesBucketType, "files")
	rules := encryption.Inputs["rules"].ArrayValue()
	require.Len(t, rules, 1)
	rule := rules[0].ObjectValue()
	assert.True(t, rule["bucketKeyEnabled"].BoolValue())
	byDefault := object(t, rule, "applyServerSideEncryptionByDefault")
	assert.Equal(t, "aws:kms", byDefault["sseAlgorithm"].StringValue())
	assert.Equal(t, keyArn, byDefault["kmsMasterKeyId"].StringValue())

	versioning := find(t, mocks, "aws:s3/bucketVersioningV2:BucketVersioningV2", "files-versioning")
	assert.Equal(t, "Enabled", object(t, versioning.Inputs, "versioningConfiguration")["status"].StringValue())

	lifecycle := find(t, mocks, "aws:s3/bucketLifecycleConfigurationV2:BucketLifecycleConfigurationV2", "files-lifecycle")
	lifecycleRule := lifecycle.Inputs["rules"].ArrayValue()[0].ObjectValue()
	assert.Equal(t, float64(7), object(t, lifecycleRule, "noncurrentVersionExpiration")["noncurrentDays"].NumberValue())
	assert.Equal(t, float64(1), object(t, lifecycleRule, "abortIncompleteMultipartUpload")["daysAfterInitiation"].NumberValue())

	policy := find(t, mocks, "aws:s3/bucketPolicy:BucketPolicy", "files-policy")
	assertParent(t, policy, UserFilesBucketType, "files")
	doc := policyDocument(t, policy.Inputs, "policy")
	tls := statement(t, doc, "DenyInsecureTransport")
	assert.Equal(t, "Deny", tls["Effect"])
	assert.Equal(t, "*", tls["Principal"])
	assert.Equal(t, []any{bucketArn, bucketArn + "/*"}, tls["Resource"])
	assert.Equal(t, map[string]any{"Bool": map[string]any{"aws:SecureTransport": "false"}}, tls["Condition"])
	oldTLS := statement(t, doc, "DenyOutdatedTLS")
	assert.Equal(t, map[string]any{"NumericLessThan": map[string]any{"s3:TlsVersion": "1.2"}}, oldTLS["Condition"])
	otherKeys := statement(t, doc, "DenyOtherEncryptionKeys")
	assert.Equal(t, map[string]any{"StringNotEqualsIfExists": map[string]any{
		"s3:x-amz-server-side-encryption-aws-kms-key-id": keyArn,
	}}, otherKeys["Condition"])
	otherTypes := statement(t, doc, "DenyOtherEncryptionTypes")
	assert.Equal(t, map[string]any{"StringNotEqualsIfExists": map[string]any{
		"s3:x-amz-server-side-encryption": "aws:kms",
	}}, otherTypes["Condition"])
}

func TestUserFilesBucketInvalidDeletionWindow(t *testing.T) {
	_, err := runWithMocks(t, func(ctx *pulumi.Context) error {
		_, err := NewUserFilesBucket(ctx, "files", UserFilesBucketArgs{KMSKeyDeletionWindowDays: 3})
		return err
	})
	require.Error(t, err)
	assert.Contains(t, err.Error(), `user-files bucket "files": KMSKeyDeletionWindowDays is 3, must be 7 to 30`)
}

func TestUserFilesBucketExtraStatements(t *testing.T) {
	extra := map[string]any{
		"Sid":       "AllowReader",
		"Effect":    "Allow",
		"Principal": map[string]any{"AWS": "arn:aws:iam::123456789012:role/reader"},
		"Action":    "s3:GetObject",
		"Resource":  "*",
	}
	mocks, err := runWithMocks(t, func(ctx *pulumi.Context) error {
		_, err := NewUserFilesBucket(ctx, "files", UserFilesBucketArgs{ExtraPolicyStatements: []map[string]any{extra}})
		return err
	})
	require.NoError(t, err)
	doc := policyDocument(t, find(t, mocks, "aws:s3/bucketPolicy:BucketPolicy", "files-policy").Inputs, "policy")
	assert.Equal(t, "s3:GetObject", statement(t, doc, "AllowReader")["Action"])
	assert.Equal(t, "Deny", statement(t, doc, "DenyInsecureTransport")["Effect"], "the TLS deny stays")
}
