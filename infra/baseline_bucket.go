package infra

import (
	"fmt"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/s3"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// deliveryBucketArgs configures a bucket that an AWS service delivers logs to: the CloudTrail trail of
// the audit component and the AWS Config delivery channel of the account baseline.
type deliveryBucketArgs struct {
	// keyArn is the customer managed key of the bucket's default SSE-KMS encryption.
	keyArn pulumi.StringOutput
	// expirationDays is how long S3 keeps each delivered object.
	expirationDays int
	// noncurrentVersionDays is how long S3 keeps an overwritten or deleted object.
	noncurrentVersionDays int
	// objectLockMode and objectLockDays set a default Object Lock retention. An empty mode means none.
	objectLockMode string
	objectLockDays int
	// accessLogs turns S3 server access logging on, into a bucket of its own. Nil means none.
	accessLogs *AccessLogBucketArgs
	// serviceStatements returns the bucket policy statements that let the service deliver, given the
	// bucket's ARN.
	serviceStatements func(bucketArn string) []map[string]any
	forceDestroy      bool
	protect           bool
}

// deliveryBucket is a private, versioned, SSE-KMS encrypted bucket whose policy admits TLS 1.2 or later
// only and lets one AWS service deliver.
type deliveryBucket struct {
	bucket *s3.BucketV2
	policy *s3.BucketPolicy
	// accessLogs is nil without access logging.
	accessLogs *AccessLogBucket
}

// newDeliveryBucket creates the bucket and its settings one after another, as S3 rejects concurrent
// changes to a new bucket's settings, ending with the bucket policy.
//
// The bucket key stays off. With a bucket key, S3 calls KMS with the bucket's ARN as encryption context
// instead of the context that the delivering service sends, and the key policies check that context.
// The services write a few objects per region every few minutes, so the KMS requests cost little.
func newDeliveryBucket(ctx *pulumi.Context, name string, args deliveryBucketArgs, parent pulumi.ResourceOption,
) (*deliveryBucket, error) {
	stateful := append([]pulumi.ResourceOption{parent}, statefulOptions(args.protect)...)
	bucket, err := s3.NewBucketV2(ctx, name, &s3.BucketV2Args{
		ForceDestroy:      pulumi.Bool(args.forceDestroy),
		ObjectLockEnabled: pulumi.Bool(args.objectLockMode != ""),
	}, stateful...)
	if err != nil {
		return nil, fmt.Errorf("creating bucket %q: %w", name, err)
	}
	delivery := &deliveryBucket{bucket: bucket}
	var last pulumi.Resource = bucket
	after := func() pulumi.ResourceOption { return pulumi.DependsOn([]pulumi.Resource{last}) }

	if last, err = s3.NewBucketOwnershipControls(ctx, name+"-ownership", &s3.BucketOwnershipControlsArgs{
		Bucket: bucket.ID(),
		Rule:   &s3.BucketOwnershipControlsRuleArgs{ObjectOwnership: pulumi.String("BucketOwnerEnforced")},
	}, parent, after()); err != nil {
		return nil, fmt.Errorf("creating ownership controls of bucket %q: %w", name, err)
	}

	if last, err = s3.NewBucketPublicAccessBlock(ctx, name+"-public-access", &s3.BucketPublicAccessBlockArgs{
		Bucket:                bucket.ID(),
		BlockPublicAcls:       pulumi.Bool(true),
		BlockPublicPolicy:     pulumi.Bool(true),
		IgnorePublicAcls:      pulumi.Bool(true),
		RestrictPublicBuckets: pulumi.Bool(true),
	}, parent, after()); err != nil {
		return nil, fmt.Errorf("creating public access block of bucket %q: %w", name, err)
	}

	if last, err = s3.NewBucketServerSideEncryptionConfigurationV2(ctx, name+"-encryption",
		&s3.BucketServerSideEncryptionConfigurationV2Args{
			Bucket: bucket.ID(),
			Rules: s3.BucketServerSideEncryptionConfigurationV2RuleArray{
				&s3.BucketServerSideEncryptionConfigurationV2RuleArgs{
					ApplyServerSideEncryptionByDefault: &s3.BucketServerSideEncryptionConfigurationV2RuleApplyServerSideEncryptionByDefaultArgs{
						SseAlgorithm:   pulumi.String(EncryptionKMS),
						KmsMasterKeyId: args.keyArn,
					},
					BucketKeyEnabled: pulumi.Bool(false),
				},
			},
		}, parent, after()); err != nil {
		return nil, fmt.Errorf("creating encryption configuration of bucket %q: %w", name, err)
	}

	if last, err = s3.NewBucketVersioningV2(ctx, name+"-versioning", &s3.BucketVersioningV2Args{
		Bucket:                  bucket.ID(),
		VersioningConfiguration: &s3.BucketVersioningV2VersioningConfigurationArgs{Status: pulumi.String("Enabled")},
	}, parent, after()); err != nil {
		return nil, fmt.Errorf("creating versioning of bucket %q: %w", name, err)
	}

	if args.objectLockMode != "" {
		if last, err = s3.NewBucketObjectLockConfigurationV2(ctx, name+"-object-lock",
			&s3.BucketObjectLockConfigurationV2Args{
				Bucket: bucket.ID(),
				Rule: &s3.BucketObjectLockConfigurationV2RuleArgs{
					DefaultRetention: &s3.BucketObjectLockConfigurationV2RuleDefaultRetentionArgs{
						Mode: pulumi.String(args.objectLockMode),
						Days: pulumi.Int(args.objectLockDays),
					},
				},
			}, parent, after()); err != nil {
			return nil, fmt.Errorf("creating Object Lock configuration of bucket %q: %w", name, err)
		}
	}

	if last, err = s3.NewBucketLifecycleConfigurationV2(ctx, name+"-lifecycle", &s3.BucketLifecycleConfigurationV2Args{
		Bucket: bucket.ID(),
		Rules: s3.BucketLifecycleConfigurationV2RuleArray{
			&s3.BucketLifecycleConfigurationV2RuleArgs{
				Id:         pulumi.String("expire-delivered-logs"),
				Status:     pulumi.String("Enabled"),
				Filter:     &s3.BucketLifecycleConfigurationV2RuleFilterArgs{},
				Expiration: &s3.BucketLifecycleConfigurationV2RuleExpirationArgs{Days: pulumi.Int(args.expirationDays)},
				NoncurrentVersionExpiration: &s3.BucketLifecycleConfigurationV2RuleNoncurrentVersionExpirationArgs{
					NoncurrentDays: pulumi.Int(args.noncurrentVersionDays),
				},
				AbortIncompleteMultipartUpload: &s3.BucketLifecycleConfigurationV2RuleAbortIncompleteMultipartUploadArgs{
					DaysAfterInitiation: pulumi.Int(abortIncompleteUploadDays),
				},
			},
		},
	}, parent, after()); err != nil {
		return nil, fmt.Errorf("creating lifecycle configuration of bucket %q: %w", name, err)
	}

	if args.accessLogs != nil {
		accessLogArgs := *args.accessLogs
		accessLogArgs.SourceBucketArns = pulumi.StringArray{bucket.Arn}
		accessLogArgs.ForceDestroy = args.forceDestroy
		accessLogArgs.Protect = args.protect
		accessLogs, err := NewAccessLogBucket(ctx, name+"-access-logs", accessLogArgs, parent)
		if err != nil {
			return nil, err
		}
		delivery.accessLogs = accessLogs
		// Logging waits for the log bucket's policy too, which lets S3 deliver the logs.
		if last, err = s3.NewBucketLoggingV2(ctx, name+"-logging", &s3.BucketLoggingV2Args{
			Bucket:       bucket.ID(),
			TargetBucket: accessLogs.Bucket.ID(),
			TargetPrefix: pulumi.String(accessLogs.Prefix),
		}, parent, pulumi.DependsOn([]pulumi.Resource{last, accessLogs.Policy})); err != nil {
			return nil, fmt.Errorf("creating access logging of bucket %q: %w", name, err)
		}
	}

	policy := bucket.Arn.ApplyT(func(bucketArn string) string {
		return deliveryBucketPolicy(bucketArn, args.serviceStatements(bucketArn))
	}).(pulumi.StringOutput)
	// The policy waits for the public access block, because S3 rejects a policy change while the block
	// is being written, and for every other setting, so no two of them change the bucket at once.
	if delivery.policy, err = s3.NewBucketPolicy(ctx, name+"-policy", &s3.BucketPolicyArgs{
		Bucket: bucket.ID(),
		Policy: policy,
	}, parent, after()); err != nil {
		return nil, fmt.Errorf("creating policy of bucket %q: %w", name, err)
	}
	return delivery, nil
}

// deliveryBucketPolicy denies requests without TLS 1.2 or later and adds the service's statements.
func deliveryBucketPolicy(bucketArn string, serviceStatements []map[string]any) string {
	objects := bucketArn + "/*"
	statements := []map[string]any{
		{
			"Sid":       "DenyInsecureTransport",
			"Effect":    "Deny",
			"Principal": "*",
			"Action":    "s3:*",
			"Resource":  []string{bucketArn, objects},
			"Condition": map[string]any{"Bool": map[string]any{"aws:SecureTransport": "false"}},
		},
		{
			"Sid":       "DenyOutdatedTLS",
			"Effect":    "Deny",
			"Principal": "*",
			"Action":    "s3:*",
			"Resource":  []string{bucketArn, objects},
			"Condition": map[string]any{"NumericLessThan": map[string]any{"s3:TlsVersion": "1.2"}},
		},
	}
	return mustMarshalPolicy(append(statements, serviceStatements...))
}

// validateObjectLock checks an Object Lock mode and retention. An empty mode means no Object Lock and
// needs zero days.
func validateObjectLock(mode string, days int) error {
	switch mode {
	case "":
		if days != 0 {
			return fmt.Errorf("ObjectLockDays is %d without ObjectLockMode; set ObjectLockMode to %s or %s",
				days, ObjectLockGovernance, ObjectLockCompliance)
		}
	case ObjectLockGovernance, ObjectLockCompliance:
		if days < 1 || days > maxObjectLockDays {
			return fmt.Errorf("ObjectLockDays is %d, must be 1 to %d with ObjectLockMode %s", days,
				maxObjectLockDays, mode)
		}
	default:
		return fmt.Errorf("ObjectLockMode %q is invalid; use %s, %s or leave it empty", mode,
			ObjectLockGovernance, ObjectLockCompliance)
	}
	return nil
}
