package infra

import (
	"fmt"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/cloudwatch"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/guardduty"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/kms"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/s3"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// UserFilesBucketType is the type token of the user-files bucket component.
const UserFilesBucketType = "secureserverless:storage:UserFilesBucket"

// Key layout of the user-files bucket. Uploads land under QuarantinePrefix. The promotion step copies an
// upload under FilesPrefix once validation passes and the malware scan finds it clean, and readers read
// only there. Uploads that fail validation move under RejectedPrefix.
const (
	QuarantinePrefix = "quarantine/"
	FilesPrefix      = "files/"
	RejectedPrefix   = "rejected/"
)

// The object tag that GuardDuty Malware Protection for S3 writes after a scan, and its value for an
// object without threats. The other values are THREATS_FOUND, UNSUPPORTED, ACCESS_DENIED and FAILED.
const (
	ScanStatusTag   = "GuardDutyMalwareScanStatus"
	ScanStatusClean = "NO_THREATS_FOUND"
)

// Encryption modes of UserFilesBucketArgs.Encryption.
const (
	// EncryptionKMS is SSE-KMS with a customer managed key of the bucket's own and an S3 bucket key.
	EncryptionKMS = "aws:kms"
	// EncryptionAES256 is SSE-S3, with keys that S3 manages.
	EncryptionAES256 = "AES256"
)

// Object Lock modes of UserFilesBucketArgs.ObjectLockMode.
const (
	ObjectLockGovernance = "GOVERNANCE"
	ObjectLockCompliance = "COMPLIANCE"
)

// Defaults of UserFilesBucketArgs; a zero field means the default.
const (
	// DefaultNoncurrentVersionDays bounds how long an overwritten or deleted file stays recoverable.
	DefaultNoncurrentVersionDays = 30
	// DefaultKMSKeyDeletionWindowDays is the longest waiting period KMS allows before deleting a key.
	DefaultKMSKeyDeletionWindowDays = 30
	// DefaultQuarantineExpirationDays is how long an upload that was never promoted, such as one with
	// malware, stays under QuarantinePrefix or RejectedPrefix.
	DefaultQuarantineExpirationDays = 30
	// DefaultCorsMaxAgeSeconds is how long browsers cache the response to a CORS preflight request.
	DefaultCorsMaxAgeSeconds = 3600
	// abortIncompleteUploadDays removes the parts of multipart uploads that clients never finished.
	abortIncompleteUploadDays = 1
)

// DefaultUploadSignedHeaders are the request headers, besides host, that the upload presigner signs and
// browsers therefore send with a presigned upload. The bucket's CORS rule allows exactly these.
var DefaultUploadSignedHeaders = []string{"content-type"}

// CorsMethods are the HTTP methods the bucket's CORS rule allows: presigned uploads (PUT, or POST with
// a form) and presigned downloads.
var CorsMethods = []string{"PUT", "POST", "GET", "HEAD"}

// CorsExposedHeaders are the response headers browsers may read: the ETag that multipart uploads
// need to complete.
var CorsExposedHeaders = []string{"ETag"}

// StorageTransition moves the current versions of files under FilesPrefix to another storage class.
type StorageTransition struct {
	// Days after creation, at least 30 for STANDARD_IA and ONEZONE_IA.
	Days int
	// StorageClass is one of STANDARD_IA, ONEZONE_IA, INTELLIGENT_TIERING, GLACIER_IR, GLACIER and
	// DEEP_ARCHIVE.
	StorageClass string
}

// UserFilesAccess names, by role ARN, the roles that may use the objects of the bucket. No other
// principal may read or write them. The bucket policy names roles by aws:PrincipalArn, which does not
// require the role to exist, so ARNs built from planned role names work.
type UserFilesAccess struct {
	// Uploaders write new uploads under QuarantinePrefix, such as the function that presigns uploads.
	Uploaders pulumi.StringArrayInput
	// Readers read promoted files under FilesPrefix.
	Readers pulumi.StringArrayInput
	// Processors handle uploads before the scan verdict: the validation function and the promotion
	// step. They read quarantined uploads, copy them with their tags under FilesPrefix and delete them.
	Processors pulumi.StringArrayInput
}

// UserFilesBucketArgs configures the user-files bucket.
type UserFilesBucketArgs struct {
	// Encryption is EncryptionKMS (the default) or EncryptionAES256.
	Encryption string
	// KMSKeyDeletionWindowDays is the waiting period, 7 to 30 days, before a scheduled key deletion.
	KMSKeyDeletionWindowDays int
	// NoncurrentVersionDays is the number of days after which S3 deletes noncurrent object versions.
	NoncurrentVersionDays int
	// QuarantineExpirationDays is the number of days after which S3 expires uploads under
	// QuarantinePrefix and RejectedPrefix. Defaults to DefaultQuarantineExpirationDays.
	QuarantineExpirationDays int
	// Transitions move files under FilesPrefix to cheaper storage classes. None by default.
	Transitions []StorageTransition
	// ObjectLockMode turns on S3 Object Lock with a default retention: ObjectLockGovernance or
	// ObjectLockCompliance. Empty means no Object Lock. S3 turns Object Lock on only when it creates a
	// bucket, so changing this replaces the bucket.
	ObjectLockMode string
	// ObjectLockDays is the default retention in days, 1 to 36500, required with ObjectLockMode.
	ObjectLockDays int
	// CorsOrigins are the front-end origins that may upload and download from a browser, such as
	// "https://app.example.com". Empty means no CORS rule, so browsers cannot use presigned URLs.
	CorsOrigins []string
	// UploadSignedHeaders are the headers the upload presigner signs, lowercase. Defaults to
	// DefaultUploadSignedHeaders.
	UploadSignedHeaders []string
	// CorsMaxAgeSeconds defaults to DefaultCorsMaxAgeSeconds.
	CorsMaxAgeSeconds int
	// DisableMalwareScanning turns off GuardDuty Malware Protection for S3, which is on by default.
	DisableMalwareScanning bool
	// Access names the roles that may read and write the objects.
	Access UserFilesAccess
	// AccessLogs configures the bucket that receives the server access logs.
	AccessLogs AccessLogBucketArgs
	// ForceDestroy lets `pulumi destroy` delete the buckets while they still hold objects.
	ForceDestroy bool
	// Protect protects the buckets and the key from `pulumi destroy` and keeps them in AWS when they
	// leave the program.
	Protect bool
	// ExtraPolicyStatements are appended to the bucket policy after the statements of the component.
	ExtraPolicyStatements []map[string]any
}

// UserFilesBucket is the S3 bucket for files that users upload, with the settings a security review
// expects. It has default encryption, versioning, ACLs disabled, public access blocked and a TLS-only
// policy that lets only the named roles use objects. Server access logs go to a bucket of their own,
// lifecycle rules expire old data, and CORS admits the front-end origins. Unless turned off, GuardDuty
// scans every upload, and reads are blocked until the scan finds the object clean.
type UserFilesBucket struct {
	pulumi.ResourceState

	Bucket *s3.BucketV2
	// Key is nil with EncryptionAES256.
	Key        *kms.Key
	AccessLogs *AccessLogBucket
	// MalwareProtectionPlan and ScanResultRule are nil when malware scanning is off.
	MalwareProtectionPlan *guardduty.MalwareProtectionPlan
	ScanResultRule        *cloudwatch.EventRule

	BucketName pulumi.StringOutput `pulumi:"bucketName"`
	BucketArn  pulumi.StringOutput `pulumi:"bucketArn"`
	// KeyArn is "" with EncryptionAES256.
	KeyArn           pulumi.StringOutput `pulumi:"keyArn"`
	QuarantinePrefix pulumi.StringOutput `pulumi:"quarantinePrefix"`
	FilesPrefix      pulumi.StringOutput `pulumi:"filesPrefix"`
	RejectedPrefix   pulumi.StringOutput `pulumi:"rejectedPrefix"`
	LogBucketName    pulumi.StringOutput `pulumi:"logBucketName"`
	LogBucketArn     pulumi.StringOutput `pulumi:"logBucketArn"`
	// ScanResultRuleName is the EventBridge rule that matches the scan results of this bucket, for the
	// targets of the functions that act on them. It is "" when malware scanning is off.
	ScanResultRuleName pulumi.StringOutput `pulumi:"scanResultRuleName"`

	account    awsAccount
	encryption string
}

// NewUserFilesBucket creates the bucket, its key, its access log bucket, every setting of the bucket
// and, unless turned off, its malware scanning.
//
// S3 rejects concurrent changes to a new bucket's settings ("A conflicting conditional operation is
// currently in progress"), so each setting waits for the one before it: ownership controls, public
// access block, encryption, versioning, Object Lock, lifecycle, CORS, logging, policy and malware scanning.
func NewUserFilesBucket(ctx *pulumi.Context, name string, args UserFilesBucketArgs,
	opts ...pulumi.ResourceOption,
) (*UserFilesBucket, error) {
	args, err := args.withDefaults(name)
	if err != nil {
		return nil, err
	}

	component := &UserFilesBucket{encryption: args.Encryption}
	self, err := registerComponent(ctx, UserFilesBucketType, name, component, opts...)
	if err != nil {
		return nil, fmt.Errorf("registering user-files bucket %q: %w", name, err)
	}
	parent := pulumi.Parent(self)
	stateful := statefulOptions(args.Protect)

	account, err := lookupAccount(ctx, self)
	if err != nil {
		return nil, fmt.Errorf("user-files bucket %q: %w", name, err)
	}
	component.account = account

	keyArn := pulumi.String("").ToStringOutput()
	if args.Encryption == EncryptionKMS {
		key, err := kms.NewKey(ctx, name+"-key", &kms.KeyArgs{
			Description:          pulumi.Sprintf("Encrypts the objects of the %s user-files bucket.", name),
			EnableKeyRotation:    pulumi.Bool(true),
			DeletionWindowInDays: pulumi.Int(args.KMSKeyDeletionWindowDays),
			Policy:               pulumi.String(keyPolicy(account)),
		}, append([]pulumi.ResourceOption{parent}, stateful...)...)
		if err != nil {
			return nil, fmt.Errorf("creating KMS key of bucket %q: %w", name, err)
		}
		component.Key = key
		keyArn = key.Arn
	}

	bucket, err := s3.NewBucketV2(ctx, name, &s3.BucketV2Args{
		ForceDestroy:      pulumi.Bool(args.ForceDestroy),
		ObjectLockEnabled: pulumi.Bool(args.ObjectLockMode != ""),
	}, append([]pulumi.ResourceOption{parent}, stateful...)...)
	if err != nil {
		return nil, fmt.Errorf("creating bucket %q: %w", name, err)
	}
	component.Bucket = bucket

	accessLogArgs := args.AccessLogs
	accessLogArgs.SourceBucketArns = pulumi.StringArray{bucket.Arn}
	accessLogArgs.ForceDestroy = args.ForceDestroy
	accessLogArgs.Protect = args.Protect
	accessLogs, err := NewAccessLogBucket(ctx, name+"-access-logs", accessLogArgs, parent)
	if err != nil {
		return nil, err
	}
	component.AccessLogs = accessLogs

	last, err := configureUserFilesBucket(ctx, name, args, bucket, keyArn, accessLogs, parent)
	if err != nil {
		return nil, err
	}

	scanning := userFilesScanning{}
	if !args.DisableMalwareScanning {
		if scanning, err = newScanningRole(ctx, name, account, args, bucket, keyArn, parent); err != nil {
			return nil, err
		}
	}

	policy := userFilesPolicyInputs{
		bucketArn:    bucket.Arn,
		keyArn:       keyArn,
		encryption:   args.Encryption,
		scanning:     !args.DisableMalwareScanning,
		scannerRole:  scanning.roleArn(),
		access:       args.Access,
		extraEntries: args.ExtraPolicyStatements,
	}.document()
	// The policy waits for the public access block, because S3 rejects a policy change while the block
	// is being written, and for every other setting, so no two of them change the bucket at once.
	bucketPolicy, err := s3.NewBucketPolicy(ctx, name+"-policy", &s3.BucketPolicyArgs{
		Bucket: bucket.ID(),
		Policy: policy,
	}, parent, pulumi.DependsOn([]pulumi.Resource{last}))
	if err != nil {
		return nil, fmt.Errorf("creating policy of bucket %q: %w", name, err)
	}

	if !args.DisableMalwareScanning {
		if err := scanning.enable(ctx, name, bucket, bucketPolicy, parent); err != nil {
			return nil, err
		}
		component.MalwareProtectionPlan = scanning.plan
		component.ScanResultRule = scanning.rule
	}

	component.BucketName = bucket.Bucket
	component.BucketArn = bucket.Arn
	component.KeyArn = keyArn
	component.QuarantinePrefix = pulumi.String(QuarantinePrefix).ToStringOutput()
	component.FilesPrefix = pulumi.String(FilesPrefix).ToStringOutput()
	component.RejectedPrefix = pulumi.String(RejectedPrefix).ToStringOutput()
	component.LogBucketName = accessLogs.BucketName
	component.LogBucketArn = accessLogs.BucketArn
	component.ScanResultRuleName = pulumi.String("").ToStringOutput()
	if scanning.rule != nil {
		component.ScanResultRuleName = scanning.rule.Name
	}
	if err := registerOutputs(ctx, self, component, pulumi.Map{
		"bucketName":         component.BucketName,
		"bucketArn":          component.BucketArn,
		"keyArn":             component.KeyArn,
		"quarantinePrefix":   component.QuarantinePrefix,
		"filesPrefix":        component.FilesPrefix,
		"rejectedPrefix":     component.RejectedPrefix,
		"logBucketName":      component.LogBucketName,
		"logBucketArn":       component.LogBucketArn,
		"scanResultRuleName": component.ScanResultRuleName,
	}); err != nil {
		return nil, fmt.Errorf("registering outputs of bucket %q: %w", name, err)
	}
	return component, nil
}

// statefulOptions protects a resource that holds data and keeps it in AWS when it leaves the program.
func statefulOptions(protect bool) []pulumi.ResourceOption {
	if !protect {
		return nil
	}
	return []pulumi.ResourceOption{pulumi.Protect(true), pulumi.RetainOnDelete(true)}
}
