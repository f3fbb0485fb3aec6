package infra

import (
	"encoding/json"
	"fmt"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/kms"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/s3"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// UserFilesBucketType is the type token of the user-files bucket component.
const UserFilesBucketType = "secureserverless:storage:UserFilesBucket"

// Defaults of UserFilesBucketArgs; a zero field means the default.
const (
	// DefaultNoncurrentVersionDays bounds how long an overwritten or deleted file stays recoverable.
	DefaultNoncurrentVersionDays = 30
	// DefaultKMSKeyDeletionWindowDays is the longest waiting period KMS allows before deleting a key.
	DefaultKMSKeyDeletionWindowDays = 30
	// abortIncompleteUploadDays removes the parts of multipart uploads that clients never finished.
	abortIncompleteUploadDays = 1
)

// UserFilesBucketArgs configures the user-files bucket.
type UserFilesBucketArgs struct {
	// NoncurrentVersionDays is the number of days after which S3 deletes noncurrent object versions.
	NoncurrentVersionDays int
	// KMSKeyDeletionWindowDays is the waiting period, 7 to 30 days, before a scheduled key deletion.
	KMSKeyDeletionWindowDays int
	// ForceDestroy lets `pulumi destroy` delete the bucket while it still holds objects.
	ForceDestroy bool
	// ExtraPolicyStatements are appended to the bucket policy after the TLS and encryption denies.
	ExtraPolicyStatements []map[string]any
}

// UserFilesBucket is an S3 bucket for files that users upload: KMS-encrypted with a key of its own,
// versioned, with ACLs disabled, every kind of public access blocked and a policy that rejects requests
// without TLS 1.2 or with another encryption than the bucket's key.
type UserFilesBucket struct {
	pulumi.ResourceState

	Bucket *s3.BucketV2
	Key    *kms.Key

	BucketName pulumi.StringOutput `pulumi:"bucketName"`
	BucketArn  pulumi.StringOutput `pulumi:"bucketArn"`
	KeyArn     pulumi.StringOutput `pulumi:"keyArn"`
}

// NewUserFilesBucket creates the bucket, its key and every security setting of the bucket.
func NewUserFilesBucket(ctx *pulumi.Context, name string, args UserFilesBucketArgs,
	opts ...pulumi.ResourceOption,
) (*UserFilesBucket, error) {
	if args.NoncurrentVersionDays == 0 {
		args.NoncurrentVersionDays = DefaultNoncurrentVersionDays
	}
	if args.KMSKeyDeletionWindowDays == 0 {
		args.KMSKeyDeletionWindowDays = DefaultKMSKeyDeletionWindowDays
	}
	if args.KMSKeyDeletionWindowDays < 7 || args.KMSKeyDeletionWindowDays > 30 {
		return nil, fmt.Errorf("user-files bucket %q: KMSKeyDeletionWindowDays is %d, must be 7 to 30",
			name, args.KMSKeyDeletionWindowDays)
	}

	component := &UserFilesBucket{}
	if err := ctx.RegisterComponentResource(UserFilesBucketType, name, component, opts...); err != nil {
		return nil, fmt.Errorf("registering user-files bucket %q: %w", name, err)
	}
	parent := pulumi.Parent(component)

	identity, err := aws.GetCallerIdentity(ctx, nil, pulumi.Parent(component))
	if err != nil {
		return nil, fmt.Errorf("reading the AWS account id: %w", err)
	}
	partition, err := aws.GetPartition(ctx, nil, pulumi.Parent(component))
	if err != nil {
		return nil, fmt.Errorf("reading the AWS partition: %w", err)
	}

	key, err := kms.NewKey(ctx, name+"-key", &kms.KeyArgs{
		Description:          pulumi.Sprintf("Encrypts the objects of the %s user-files bucket.", name),
		EnableKeyRotation:    pulumi.Bool(true),
		DeletionWindowInDays: pulumi.Int(args.KMSKeyDeletionWindowDays),
		Policy:               pulumi.String(accountRootKeyPolicy(partition.Partition, identity.AccountId)),
	}, parent)
	if err != nil {
		return nil, fmt.Errorf("creating KMS key of bucket %q: %w", name, err)
	}

	bucket, err := s3.NewBucketV2(ctx, name, &s3.BucketV2Args{
		ForceDestroy: pulumi.Bool(args.ForceDestroy),
	}, parent)
	if err != nil {
		return nil, fmt.Errorf("creating bucket %q: %w", name, err)
	}

	ownership, err := s3.NewBucketOwnershipControls(ctx, name+"-ownership", &s3.BucketOwnershipControlsArgs{
		Bucket: bucket.ID(),
		Rule: &s3.BucketOwnershipControlsRuleArgs{
			ObjectOwnership: pulumi.String("BucketOwnerEnforced"),
		},
	}, parent)
	if err != nil {
		return nil, fmt.Errorf("creating ownership controls of bucket %q: %w", name, err)
	}

	publicAccess, err := s3.NewBucketPublicAccessBlock(ctx, name+"-public-access", &s3.BucketPublicAccessBlockArgs{
		Bucket:                bucket.ID(),
		BlockPublicAcls:       pulumi.Bool(true),
		BlockPublicPolicy:     pulumi.Bool(true),
		IgnorePublicAcls:      pulumi.Bool(true),
		RestrictPublicBuckets: pulumi.Bool(true),
	}, parent)
	if err != nil {
		return nil, fmt.Errorf("creating public access block of bucket %q: %w", name, err)
	}

	_, err = s3.NewBucketServerSideEncryptionConfigurationV2(ctx, name+"-encryption",
		&s3.BucketServerSideEncryptionConfigurationV2Args{
			Bucket: bucket.ID(),
			Rules: s3.BucketServerSideEncryptionConfigurationV2RuleArray{
				&s3.BucketServerSideEncryptionConfigurationV2RuleArgs{
					ApplyServerSideEncryptionByDefault: &s3.BucketServerSideEncryptionConfigurationV2RuleApplyServerSideEncryptionByDefaultArgs{
						SseAlgorithm:   pulumi.String("aws:kms"),
						KmsMasterKeyId: key.Arn,
					},
					// An S3 bucket key cuts KMS requests, and their cost, by about 99% for busy buckets.
					BucketKeyEnabled: pulumi.Bool(true),
				},
			},
		}, parent)
	if err != nil {
		return nil, fmt.Errorf("creating encryption configuration of bucket %q: %w", name, err)
	}

	versioning, err := s3.NewBucketVersioningV2(ctx, name+"-versioning", &s3.BucketVersioningV2Args{
		Bucket: bucket.ID(),
		VersioningConfiguration: &s3.BucketVersioningV2VersioningConfigurationArgs{
			Status: pulumi.String("Enabled"),
		},
	}, parent)
	if err != nil {
		return nil, fmt.Errorf("creating versioning of bucket %q: %w", name, err)
	}

	_, err = s3.NewBucketLifecycleConfigurationV2(ctx, name+"-lifecycle", &s3.BucketLifecycleConfigurationV2Args{
		Bucket: bucket.ID(),
		Rules: s3.BucketLifecycleConfigurationV2RuleArray{
			&s3.BucketLifecycleConfigurationV2RuleArgs{
				Id:     pulumi.String("expire-noncurrent-versions"),
				Status: pulumi.String("Enabled"),
				Filter: &s3.BucketLifecycleConfigurationV2RuleFilterArgs{},
				NoncurrentVersionExpiration: &s3.BucketLifecycleConfigurationV2RuleNoncurrentVersionExpirationArgs{
					NoncurrentDays: pulumi.Int(args.NoncurrentVersionDays),
				},
				AbortIncompleteMultipartUpload: &s3.BucketLifecycleConfigurationV2RuleAbortIncompleteMultipartUploadArgs{
					DaysAfterInitiation: pulumi.Int(abortIncompleteUploadDays),
				},
			},
		},
	}, parent, pulumi.DependsOn([]pulumi.Resource{versioning}))
	if err != nil {
		return nil, fmt.Errorf("creating lifecycle configuration of bucket %q: %w", name, err)
	}

	policy := pulumi.All(bucket.Arn, key.Arn).ApplyT(func(values []any) (string, error) {
		return userFilesBucketPolicy(values[0].(string), values[1].(string), args.ExtraPolicyStatements)
	}).(pulumi.StringOutput)
	// S3 rejects a policy change while the public access block is being written, so the policy waits
	// for it and for the ownership controls.
	_, err = s3.NewBucketPolicy(ctx, name+"-policy", &s3.BucketPolicyArgs{
		Bucket: bucket.ID(),
		Policy: policy,
	}, parent, pulumi.DependsOn([]pulumi.Resource{publicAccess, ownership}))
	if err != nil {
		return nil, fmt.Errorf("creating policy of bucket %q: %w", name, err)
	}

	component.Bucket = bucket
	component.Key = key
	component.BucketName = bucket.Bucket
	component.BucketArn = bucket.Arn
	component.KeyArn = key.Arn
	if err := ctx.RegisterResourceOutputs(component, pulumi.Map{
		"bucketName": bucket.Bucket,
		"bucketArn":  bucket.Arn,
		"keyArn":     key.Arn,
	}); err != nil {
		return nil, fmt.Errorf("registering outputs of bucket %q: %w", name, err)
	}
	return component, nil
}

// accountRootKeyPolicy is the default KMS key policy: the account administers and uses the key through
// IAM policies, so each role gets only the key actions its own policy grants.
func accountRootKeyPolicy(partition, accountID string) string {
	document := map[string]any{
		"Version": "2012-10-17",
		"Statement": []map[string]any{{
			"Sid":       "AccountAdministersKeyThroughIAM",
			"Effect":    "Allow",
			"Principal": map[string]any{"AWS": fmt.Sprintf("arn:%s:iam::%s:root", partition, accountID)},
			"Action":    "kms:*",
			"Resource":  "*",
		}},
	}
	text, _ := json.Marshal(document) // A map of strings always marshals.
	return string(text)
}

// userFilesBucketPolicy denies plain HTTP, TLS older than 1.2 and uploads that ask for another
// encryption type or key than the bucket's KMS key. Uploads that name none get the bucket default.
func userFilesBucketPolicy(bucketArn, keyArn string, extra []map[string]any) (string, error) {
	resources := []string{bucketArn, bucketArn + "/*"}
	statements := []map[string]any{
		{
			"Sid":       "DenyInsecureTransport",
			"Effect":    "Deny",
			"Principal": "*",
			"Action":    "s3:*",
			"Resource":  resources,
			"Condition": map[string]any{"Bool": map[string]any{"aws:SecureTransport": "false"}},
		},
		{
			"Sid":       "DenyOutdatedTLS",
			"Effect":    "Deny",
			"Principal": "*",
			"Action":    "s3:*",
			"Resource":  resources,
			"Condition": map[string]any{"NumericLessThan": map[string]any{"s3:TlsVersion": "1.2"}},
		},
		{
			"Sid":       "DenyOtherEncryptionTypes",
			"Effect":    "Deny",
			"Principal": "*",
			"Action":    "s3:PutObject",
			"Resource":  bucketArn + "/*",
			"Condition": map[string]any{
				"StringNotEqualsIfExists": map[string]any{"s3:x-amz-server-side-encryption": "aws:kms"},
			},
		},
		{
			"Sid":       "DenyOtherEncryptionKeys",
			"Effect":    "Deny",
			"Principal": "*",
			"Action":    "s3:PutObject",
			"Resource":  bucketArn + "/*",
			"Condition": map[string]any{
				"StringNotEqualsIfExists": map[string]any{"s3:x-amz-server-side-encryption-aws-kms-key-id": keyArn},
			},
		},
	}
	statements = append(statements, extra...)
	text, err := json.Marshal(map[string]any{"Version": "2012-10-17", "Statement": statements})
	if err != nil {
		return "", fmt.Errorf("encoding bucket policy: %w", err)
	}
	return string(text), nil
}
