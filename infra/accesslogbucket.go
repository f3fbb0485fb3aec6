package infra

import (
	"fmt"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/s3"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// AccessLogBucketType is the type token of the access log bucket component.
const AccessLogBucketType = "secureserverless:storage:AccessLogBucket"

// Defaults of AccessLogBucketArgs; a zero field means the default.
const (
	// DefaultAccessLogRetentionDays is how long the access logs are kept.
	DefaultAccessLogRetentionDays = 365
	// DefaultAccessLogPrefix starts the keys of the delivered logs.
	DefaultAccessLogPrefix = "s3-access/"
	// maxAccessLogRetentionDays is ten years.
	maxAccessLogRetentionDays = 3650
	// accessLogNoncurrentDays removes expired and overwritten logs a day after they stop being current.
	accessLogNoncurrentDays = 1
)

// s3LoggingPrincipal is the service that delivers S3 server access logs.
const s3LoggingPrincipal = "logging.s3.amazonaws.com"

// AccessLogBucketArgs configures the bucket that receives S3 server access logs.
type AccessLogBucketArgs struct {
	// RetentionDays is how long logs are kept, 1 to 3650 days. Defaults to DefaultAccessLogRetentionDays.
	RetentionDays int
	// SourceBucketArns are the buckets whose logs S3 may deliver here. No other bucket can write logs.
	SourceBucketArns pulumi.StringArrayInput
	// ForceDestroy lets `pulumi destroy` delete the bucket while it still holds logs.
	ForceDestroy bool
	// Protect protects the bucket from `pulumi destroy` and keeps it in AWS when it leaves the program.
	Protect bool
	// DeliveryStatements returns more statements of the bucket policy for other log deliveries, such as
	// CloudFront's, given the bucket's ARN. Nil adds none.
	DeliveryStatements func(bucketArn string) []map[string]any
}

// AccessLogBucket is a private, versioned bucket that receives S3 server access logs.
//
// It uses SSE-S3, because S3 server access log delivery does not write to buckets with SSE-KMS default
// encryption. It logs nowhere itself, because a bucket that logs to itself writes a log object for
// every log object.
type AccessLogBucket struct {
	pulumi.ResourceState

	Bucket *s3.BucketV2
	Policy *s3.BucketPolicy
	// Prefix starts the keys of the delivered logs.
	Prefix string

	BucketName pulumi.StringOutput `pulumi:"bucketName"`
	BucketArn  pulumi.StringOutput `pulumi:"bucketArn"`
}

// validate checks the fields the caller sets; the owner of the logged bucket sets the others.
func (args AccessLogBucketArgs) validate() error {
	if args.RetentionDays != 0 && (args.RetentionDays < 1 || args.RetentionDays > maxAccessLogRetentionDays) {
		return fmt.Errorf("AccessLogs.RetentionDays is %d, must be 1 to %d", args.RetentionDays, maxAccessLogRetentionDays)
	}
	return nil
}

// NewAccessLogBucket creates the bucket and its settings one after another, as S3 rejects concurrent
// changes to a new bucket's settings, ending with the policy that lets S3 deliver the logs.
func NewAccessLogBucket(ctx *pulumi.Context, name string, args AccessLogBucketArgs, opts ...pulumi.ResourceOption,
) (*AccessLogBucket, error) {
	if args.RetentionDays == 0 {
		args.RetentionDays = DefaultAccessLogRetentionDays
	}
	if err := args.validate(); err != nil {
		return nil, fmt.Errorf("access log bucket %q: %w", name, err)
	}
	if args.SourceBucketArns == nil {
		return nil, fmt.Errorf("access log bucket %q: SourceBucketArns is empty; name the buckets that log here", name)
	}

	component := &AccessLogBucket{Prefix: DefaultAccessLogPrefix}
	if err := ctx.RegisterComponentResource(AccessLogBucketType, name, component, opts...); err != nil {
		return nil, fmt.Errorf("registering access log bucket %q: %w", name, err)
	}
	parent := pulumi.Parent(component)

	account, err := lookupAccount(ctx, component)
	if err != nil {
		return nil, fmt.Errorf("access log bucket %q: %w", name, err)
	}

	bucket, err := s3.NewBucketV2(ctx, name, &s3.BucketV2Args{
		ForceDestroy: pulumi.Bool(args.ForceDestroy),
	}, append([]pulumi.ResourceOption{parent}, statefulOptions(args.Protect)...)...)
	if err != nil {
		return nil, fmt.Errorf("creating bucket %q: %w", name, err)
	}
	component.Bucket = bucket
	var last pulumi.Resource = bucket
	after := func() pulumi.ResourceOption { return pulumi.DependsOn([]pulumi.Resource{last}) }

	// Log delivery works with ACLs disabled, because the bucket policy grants it.
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
						SseAlgorithm: pulumi.String(EncryptionAES256),
					},
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

	if last, err = s3.NewBucketLifecycleConfigurationV2(ctx, name+"-lifecycle", &s3.BucketLifecycleConfigurationV2Args{
		Bucket: bucket.ID(),
		Rules: s3.BucketLifecycleConfigurationV2RuleArray{
			&s3.BucketLifecycleConfigurationV2RuleArgs{
				Id:         pulumi.String("expire-logs"),
				Status:     pulumi.String("Enabled"),
				Filter:     &s3.BucketLifecycleConfigurationV2RuleFilterArgs{},
				Expiration: &s3.BucketLifecycleConfigurationV2RuleExpirationArgs{Days: pulumi.Int(args.RetentionDays)},
				NoncurrentVersionExpiration: &s3.BucketLifecycleConfigurationV2RuleNoncurrentVersionExpirationArgs{
					NoncurrentDays: pulumi.Int(accessLogNoncurrentDays),
				},
				AbortIncompleteMultipartUpload: &s3.BucketLifecycleConfigurationV2RuleAbortIncompleteMultipartUploadArgs{
					DaysAfterInitiation: pulumi.Int(abortIncompleteUploadDays),
				},
			},
		},
	}, parent, after()); err != nil {
		return nil, fmt.Errorf("creating lifecycle configuration of bucket %q: %w", name, err)
	}

	policy := pulumi.All(bucket.Arn, args.SourceBucketArns.ToStringArrayOutput()).ApplyT(func(values []any) string {
		bucketArn := values[0].(string)
		var extra []map[string]any
		if args.DeliveryStatements != nil {
			extra = args.DeliveryStatements(bucketArn)
		}
		return accessLogBucketPolicy(account, bucketArn, values[1].([]string), component.Prefix, extra...)
	}).(pulumi.StringOutput)
	bucketPolicy, err := s3.NewBucketPolicy(ctx, name+"-policy", &s3.BucketPolicyArgs{
		Bucket: bucket.ID(),
		Policy: policy,
	}, parent, after())
	if err != nil {
		return nil, fmt.Errorf("creating policy of bucket %q: %w", name, err)
	}
	component.Policy = bucketPolicy

	component.BucketName = bucket.Bucket
	component.BucketArn = bucket.Arn
	if err := ctx.RegisterResourceOutputs(component, pulumi.Map{
		"bucketName": bucket.Bucket,
		"bucketArn":  bucket.Arn,
	}); err != nil {
		return nil, fmt.Errorf("registering outputs of bucket %q: %w", name, err)
	}
	return component, nil
}

// accessLogBucketPolicy denies requests without TLS 1.2 and lets S3 deliver the logs of the source
// buckets of this account under the prefix, followed by the extra statements.
func accessLogBucketPolicy(account awsAccount, bucketArn string, sources []string, prefix string,
	extra ...map[string]any,
) string {
	objects := bucketArn + "/*"
	return mustMarshalPolicy(append([]map[string]any{
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
		{
			"Sid":       "AllowServerAccessLogDelivery",
			"Effect":    "Allow",
			"Principal": map[string]any{"Service": s3LoggingPrincipal},
			"Action":    "s3:PutObject",
			"Resource":  bucketArn + "/" + prefix + "*",
			"Condition": map[string]any{
				"ArnLike":      map[string]any{"aws:SourceArn": sources},
				"StringEquals": map[string]any{"aws:SourceAccount": account.ID},
			},
		},
	}, extra...))
}
