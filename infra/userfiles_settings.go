package infra

import (
	"errors"
	"fmt"
	"maps"
	"net/url"
	"regexp"
	"slices"
	"strings"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/s3"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// storageClasses are the storage classes a StorageTransition accepts, with the fewest days S3 allows
// before the transition.
var storageClasses = map[string]int{
	"STANDARD_IA": 30, "ONEZONE_IA": 30, "INTELLIGENT_TIERING": 0, "GLACIER_IR": 0, "GLACIER": 0, "DEEP_ARCHIVE": 0,
}

// maxObjectLockDays is the longest default retention S3 accepts, 100 years.
const maxObjectLockDays = 36500

// maxBucketComponentName keeps the autonamed buckets within S3's 63 characters: the access log bucket
// adds "-access-logs" (12) and the aws provider "-" and 7 hex characters to the component name.
const maxBucketComponentName = 63 - len("-access-logs") - 8

// bucketComponentName matches the component names that give valid bucket names: lowercase letters,
// digits and hyphens. Dots would break TLS for virtual-hosted requests, whose host names the *.s3
// wildcard certificate must cover.
var bucketComponentName = regexp.MustCompile(`^[a-z0-9][a-z0-9-]*[a-z0-9]$`)

// headerName matches an HTTP header name in lowercase.
var headerName = regexp.MustCompile("^[a-z0-9!#$%&'*+.^_`|~-]+$")

// withDefaults fills the defaults and validates the arguments. It reports every invalid field at once.
func (args UserFilesBucketArgs) withDefaults(name string) (UserFilesBucketArgs, error) {
	if args.Encryption == "" {
		args.Encryption = EncryptionKMS
	}
	if args.NoncurrentVersionDays == 0 {
		args.NoncurrentVersionDays = DefaultNoncurrentVersionDays
	}
	if args.KMSKeyDeletionWindowDays == 0 {
		args.KMSKeyDeletionWindowDays = DefaultKMSKeyDeletionWindowDays
	}
	if args.QuarantineExpirationDays == 0 {
		args.QuarantineExpirationDays = DefaultQuarantineExpirationDays
	}
	if args.UploadSignedHeaders == nil {
		args.UploadSignedHeaders = DefaultUploadSignedHeaders
	}
	if args.CorsMaxAgeSeconds == 0 {
		args.CorsMaxAgeSeconds = DefaultCorsMaxAgeSeconds
	}

	var errs []error
	invalid := func(format string, values ...any) { errs = append(errs, fmt.Errorf(format, values...)) }
	if !bucketComponentName.MatchString(name) || len(name) > maxBucketComponentName {
		invalid("the name must be %d characters at most, of lowercase letters, digits and hyphens, "+
			"because it starts the bucket names; use a name such as \"user-files\"", maxBucketComponentName)
	}
	if args.Encryption != EncryptionKMS && args.Encryption != EncryptionAES256 {
		invalid("Encryption %q is invalid; use %q or %q", args.Encryption, EncryptionKMS, EncryptionAES256)
	}
	if args.KMSKeyDeletionWindowDays < 7 || args.KMSKeyDeletionWindowDays > 30 {
		invalid("KMSKeyDeletionWindowDays is %d, must be 7 to 30", args.KMSKeyDeletionWindowDays)
	}
	if args.NoncurrentVersionDays < 1 {
		invalid("NoncurrentVersionDays is %d, must be at least 1", args.NoncurrentVersionDays)
	}
	if args.QuarantineExpirationDays < 1 {
		invalid("QuarantineExpirationDays is %d, must be at least 1", args.QuarantineExpirationDays)
	}
	for _, transition := range args.Transitions {
		minimum, known := storageClasses[transition.StorageClass]
		switch {
		case !known:
			invalid("Transitions has storage class %q; use one of %s", transition.StorageClass,
				strings.Join(slices.Sorted(maps.Keys(storageClasses)), ", "))
		case transition.Days < max(minimum, 1):
			invalid("Transitions moves files to %s after %d days; S3 needs at least %d",
				transition.StorageClass, transition.Days, max(minimum, 1))
		}
	}
	switch args.ObjectLockMode {
	case "":
		if args.ObjectLockDays != 0 {
			invalid("ObjectLockDays is %d without ObjectLockMode; set ObjectLockMode to %s or %s",
				args.ObjectLockDays, ObjectLockGovernance, ObjectLockCompliance)
		}
	case ObjectLockGovernance, ObjectLockCompliance:
		if args.ObjectLockDays < 1 || args.ObjectLockDays > maxObjectLockDays {
			invalid("ObjectLockDays is %d, must be 1 to %d with ObjectLockMode %s",
				args.ObjectLockDays, maxObjectLockDays, args.ObjectLockMode)
		}
	default:
		invalid("ObjectLockMode %q is invalid; use %s, %s or leave it empty",
			args.ObjectLockMode, ObjectLockGovernance, ObjectLockCompliance)
	}
	for _, origin := range args.CorsOrigins {
		if err := ValidateCorsOrigin(origin); err != nil {
			errs = append(errs, err)
		}
	}
	if len(args.UploadSignedHeaders) == 0 {
		invalid("UploadSignedHeaders is empty; name the headers the presigner signs, such as %q",
			DefaultUploadSignedHeaders)
	}
	for _, header := range args.UploadSignedHeaders {
		if !headerName.MatchString(header) || strings.Contains(header, "*") {
			invalid("UploadSignedHeaders has %q; use the lowercase names of the signed headers, never a wildcard", header)
		}
	}
	if args.CorsMaxAgeSeconds < 0 {
		invalid("CorsMaxAgeSeconds is %d, must not be negative", args.CorsMaxAgeSeconds)
	}
	if args.ForceDestroy && args.Protect {
		invalid("ForceDestroy and Protect are both set; ForceDestroy empties the buckets on destroy, " +
			"Protect forbids the destroy, so set only one")
	}
	if err := args.AccessLogs.validate(); err != nil {
		errs = append(errs, err)
	}
	if len(errs) > 0 {
		return args, fmt.Errorf("user-files bucket %q: %w", name, errors.Join(errs...))
	}
	return args, nil
}

// ValidateCorsOrigin accepts an https origin, or an http origin on localhost for development, without
// wildcard, path, query or trailing slash, in lowercase.
func ValidateCorsOrigin(origin string) error {
	invalid := fmt.Errorf("CorsOrigins has %q; use an origin such as https://app.example.com, "+
		"without wildcard, path or trailing slash (http only for localhost)", origin)
	if strings.Contains(origin, "*") {
		return invalid
	}
	parsed, err := url.Parse(origin)
	if err != nil || parsed.Host == "" || parsed.Path != "" || parsed.RawQuery != "" || parsed.Fragment != "" ||
		parsed.User != nil || strings.ToLower(origin) != origin {
		return invalid
	}
	switch {
	case parsed.Scheme == "https":
		return nil
	case parsed.Scheme == "http" && (parsed.Hostname() == "localhost" || parsed.Hostname() == "127.0.0.1"):
		return nil
	default:
		return invalid
	}
}

// configureUserFilesBucket creates the settings of the bucket one after another and returns the last
// one, which the bucket policy waits for.
func configureUserFilesBucket(ctx *pulumi.Context, name string, args UserFilesBucketArgs, bucket *s3.BucketV2,
	keyArn pulumi.StringOutput, accessLogs *AccessLogBucket, parent pulumi.ResourceOption,
) (pulumi.Resource, error) {
	var last pulumi.Resource = bucket
	after := func() pulumi.ResourceOption { return pulumi.DependsOn([]pulumi.Resource{last}) }

	ownership, err := s3.NewBucketOwnershipControls(ctx, name+"-ownership", &s3.BucketOwnershipControlsArgs{
		Bucket: bucket.ID(),
		Rule:   &s3.BucketOwnershipControlsRuleArgs{ObjectOwnership: pulumi.String("BucketOwnerEnforced")},
	}, parent, after())
	if err != nil {
		return nil, fmt.Errorf("creating ownership controls of bucket %q: %w", name, err)
	}
	last = ownership

	publicAccess, err := s3.NewBucketPublicAccessBlock(ctx, name+"-public-access", &s3.BucketPublicAccessBlockArgs{
		Bucket:                bucket.ID(),
		BlockPublicAcls:       pulumi.Bool(true),
		BlockPublicPolicy:     pulumi.Bool(true),
		IgnorePublicAcls:      pulumi.Bool(true),
		RestrictPublicBuckets: pulumi.Bool(true),
	}, parent, after())
	if err != nil {
		return nil, fmt.Errorf("creating public access block of bucket %q: %w", name, err)
	}
	last = publicAccess

	byDefault := &s3.BucketServerSideEncryptionConfigurationV2RuleApplyServerSideEncryptionByDefaultArgs{
		SseAlgorithm: pulumi.String(args.Encryption),
	}
	if args.Encryption == EncryptionKMS {
		byDefault.KmsMasterKeyId = keyArn
	}
	encryption, err := s3.NewBucketServerSideEncryptionConfigurationV2(ctx, name+"-encryption",
		&s3.BucketServerSideEncryptionConfigurationV2Args{
			Bucket: bucket.ID(),
			Rules: s3.BucketServerSideEncryptionConfigurationV2RuleArray{
				&s3.BucketServerSideEncryptionConfigurationV2RuleArgs{
					ApplyServerSideEncryptionByDefault: byDefault,
					// An S3 bucket key cuts KMS requests, and their cost, by about 99% for busy buckets.
					BucketKeyEnabled: pulumi.Bool(args.Encryption == EncryptionKMS),
				},
			},
		}, parent, after())
	if err != nil {
		return nil, fmt.Errorf("creating encryption configuration of bucket %q: %w", name, err)
	}
	last = encryption

	versioning, err := s3.NewBucketVersioningV2(ctx, name+"-versioning", &s3.BucketVersioningV2Args{
		Bucket:                  bucket.ID(),
		VersioningConfiguration: &s3.BucketVersioningV2VersioningConfigurationArgs{Status: pulumi.String("Enabled")},
	}, parent, after())
	if err != nil {
		return nil, fmt.Errorf("creating versioning of bucket %q: %w", name, err)
	}
	last = versioning

	if args.ObjectLockMode != "" {
		objectLock, err := s3.NewBucketObjectLockConfigurationV2(ctx, name+"-object-lock",
			&s3.BucketObjectLockConfigurationV2Args{
				Bucket: bucket.ID(),
				Rule: &s3.BucketObjectLockConfigurationV2RuleArgs{
					DefaultRetention: &s3.BucketObjectLockConfigurationV2RuleDefaultRetentionArgs{
						Mode: pulumi.String(args.ObjectLockMode),
						Days: pulumi.Int(args.ObjectLockDays),
					},
				},
			}, parent, after())
		if err != nil {
			return nil, fmt.Errorf("creating Object Lock configuration of bucket %q: %w", name, err)
		}
		last = objectLock
	}

	lifecycle, err := s3.NewBucketLifecycleConfigurationV2(ctx, name+"-lifecycle", &s3.BucketLifecycleConfigurationV2Args{
		Bucket: bucket.ID(),
		Rules:  userFilesLifecycleRules(args),
	}, parent, after())
	if err != nil {
		return nil, fmt.Errorf("creating lifecycle configuration of bucket %q: %w", name, err)
	}
	last = lifecycle

	if len(args.CorsOrigins) > 0 {
		cors, err := s3.NewBucketCorsConfigurationV2(ctx, name+"-cors", &s3.BucketCorsConfigurationV2Args{
			Bucket: bucket.ID(),
			CorsRules: s3.BucketCorsConfigurationV2CorsRuleArray{
				&s3.BucketCorsConfigurationV2CorsRuleArgs{
					Id:             pulumi.String("browser-uploads"),
					AllowedOrigins: pulumi.ToStringArray(args.CorsOrigins),
					AllowedMethods: pulumi.ToStringArray(CorsMethods),
					AllowedHeaders: pulumi.ToStringArray(args.UploadSignedHeaders),
					ExposeHeaders:  pulumi.ToStringArray(CorsExposedHeaders),
					MaxAgeSeconds:  pulumi.Int(args.CorsMaxAgeSeconds),
				},
			},
		}, parent, after())
		if err != nil {
			return nil, fmt.Errorf("creating CORS configuration of bucket %q: %w", name, err)
		}
		last = cors
	}

	// Logging waits for the log bucket's policy too, which lets S3 deliver the logs.
	logging, err := s3.NewBucketLoggingV2(ctx, name+"-logging", &s3.BucketLoggingV2Args{
		Bucket:       bucket.ID(),
		TargetBucket: accessLogs.Bucket.ID(),
		TargetPrefix: pulumi.String(accessLogs.Prefix),
	}, parent, pulumi.DependsOn([]pulumi.Resource{last, accessLogs.Policy}))
	if err != nil {
		return nil, fmt.Errorf("creating access logging of bucket %q: %w", name, err)
	}
	return logging, nil
}

// userFilesLifecycleRules returns the lifecycle rules: abort incomplete multipart uploads, expire
// noncurrent versions, expire uploads that stay in quarantine or were rejected, and the transitions of
// files.
func userFilesLifecycleRules(args UserFilesBucketArgs) s3.BucketLifecycleConfigurationV2RuleArray {
	rules := s3.BucketLifecycleConfigurationV2RuleArray{
		&s3.BucketLifecycleConfigurationV2RuleArgs{
			Id:     pulumi.String("abort-incomplete-multipart-uploads"),
			Status: pulumi.String("Enabled"),
			Filter: &s3.BucketLifecycleConfigurationV2RuleFilterArgs{},
			AbortIncompleteMultipartUpload: &s3.BucketLifecycleConfigurationV2RuleAbortIncompleteMultipartUploadArgs{
				DaysAfterInitiation: pulumi.Int(abortIncompleteUploadDays),
			},
		},
		&s3.BucketLifecycleConfigurationV2RuleArgs{
			Id:     pulumi.String("expire-noncurrent-versions"),
			Status: pulumi.String("Enabled"),
			Filter: &s3.BucketLifecycleConfigurationV2RuleFilterArgs{},
			NoncurrentVersionExpiration: &s3.BucketLifecycleConfigurationV2RuleNoncurrentVersionExpirationArgs{
				NoncurrentDays: pulumi.Int(args.NoncurrentVersionDays),
			},
		},
		&s3.BucketLifecycleConfigurationV2RuleArgs{
			Id:     pulumi.String("expire-quarantined-uploads"),
			Status: pulumi.String("Enabled"),
			Filter: &s3.BucketLifecycleConfigurationV2RuleFilterArgs{Prefix: pulumi.String(QuarantinePrefix)},
			Expiration: &s3.BucketLifecycleConfigurationV2RuleExpirationArgs{
				Days: pulumi.Int(args.QuarantineExpirationDays),
			},
		},
		&s3.BucketLifecycleConfigurationV2RuleArgs{
			Id:     pulumi.String("expire-rejected-uploads"),
			Status: pulumi.String("Enabled"),
			Filter: &s3.BucketLifecycleConfigurationV2RuleFilterArgs{Prefix: pulumi.String(RejectedPrefix)},
			Expiration: &s3.BucketLifecycleConfigurationV2RuleExpirationArgs{
				Days: pulumi.Int(args.QuarantineExpirationDays),
			},
		},
	}
	if len(args.Transitions) > 0 {
		transitions := s3.BucketLifecycleConfigurationV2RuleTransitionArray{}
		for _, transition := range args.Transitions {
			transitions = append(transitions, &s3.BucketLifecycleConfigurationV2RuleTransitionArgs{
				Days:         pulumi.Int(transition.Days),
				StorageClass: pulumi.String(transition.StorageClass),
			})
		}
		rules = append(rules, &s3.BucketLifecycleConfigurationV2RuleArgs{
			Id:          pulumi.String("transition-files"),
			Status:      pulumi.String("Enabled"),
			Filter:      &s3.BucketLifecycleConfigurationV2RuleFilterArgs{Prefix: pulumi.String(FilesPrefix)},
			Transitions: transitions,
		})
	}
	return rules
}
