package components

import (
	"github.com/pulumi/pulumi-go-provider/infer"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/secureserverless/framework/infra"
)

// UserFilesBucket is the bucket of user uploads with its key, access log bucket and malware scanning.
type UserFilesBucket struct {
	pulumi.ResourceState

	BucketName         pulumi.StringOutput `pulumi:"bucketName"`
	BucketArn          pulumi.StringOutput `pulumi:"bucketArn"`
	KeyArn             pulumi.StringOutput `pulumi:"keyArn"`
	QuarantinePrefix   pulumi.StringOutput `pulumi:"quarantinePrefix"`
	FilesPrefix        pulumi.StringOutput `pulumi:"filesPrefix"`
	RejectedPrefix     pulumi.StringOutput `pulumi:"rejectedPrefix"`
	LogBucketName      pulumi.StringOutput `pulumi:"logBucketName"`
	LogBucketArn       pulumi.StringOutput `pulumi:"logBucketArn"`
	ScanResultRuleName pulumi.StringOutput `pulumi:"scanResultRuleName"`
}

// UserFilesBucketArgs are the inputs of the UserFilesBucket.
type UserFilesBucketArgs struct {
	Encryption               string                  `pulumi:"encryption,optional"`
	KmsKeyDeletionWindowDays int                     `pulumi:"kmsKeyDeletionWindowDays,optional"`
	NoncurrentVersionDays    int                     `pulumi:"noncurrentVersionDays,optional"`
	QuarantineExpirationDays int                     `pulumi:"quarantineExpirationDays,optional"`
	ObjectLockMode           string                  `pulumi:"objectLockMode,optional"`
	ObjectLockDays           int                     `pulumi:"objectLockDays,optional"`
	CorsOrigins              []string                `pulumi:"corsOrigins,optional"`
	MalwareScanning          *bool                   `pulumi:"malwareScanning,optional"`
	UploaderRoleArns         pulumi.StringArrayInput `pulumi:"uploaderRoleArns,optional"`
	ReaderRoleArns           pulumi.StringArrayInput `pulumi:"readerRoleArns,optional"`
	ProcessorRoleArns        pulumi.StringArrayInput `pulumi:"processorRoleArns,optional"`
	AccessLogRetentionDays   int                     `pulumi:"accessLogRetentionDays,optional"`
	ForceDestroy             bool                    `pulumi:"forceDestroy,optional"`
	Protect                  bool                    `pulumi:"protect,optional"`
}

// userFilesFields maps the fields of infra.UserFilesBucketArgs to the input names.
var userFilesFields = map[string]string{
	"Encryption": "encryption", "KMSKeyDeletionWindowDays": "kmsKeyDeletionWindowDays",
	"NoncurrentVersionDays": "noncurrentVersionDays", "QuarantineExpirationDays": "quarantineExpirationDays",
	"ObjectLockMode": "objectLockMode", "ObjectLockDays": "objectLockDays", "CorsOrigins": "corsOrigins",
	"RetentionDays": "accessLogRetentionDays", "ForceDestroy": "forceDestroy", "Protect": "protect",
}

// Annotate sets the descriptions and defaults of the inputs.
func (args *UserFilesBucketArgs) Annotate(a infer.Annotator) {
	a.Describe(&args.Encryption, "Default encryption: aws:kms (SSE-KMS with a key of the bucket's own and an S3 "+
		"bucket key) or AES256 (SSE-S3).")
	a.SetDefault(&args.Encryption, infra.EncryptionKMS)
	a.Describe(&args.KmsKeyDeletionWindowDays, "Waiting period in days, 7 to 30, before a scheduled deletion of "+
		"the bucket's key takes effect.")
	a.SetDefault(&args.KmsKeyDeletionWindowDays, infra.DefaultKMSKeyDeletionWindowDays)
	a.Describe(&args.NoncurrentVersionDays, "Days after which S3 deletes noncurrent versions of user files.")
	a.SetDefault(&args.NoncurrentVersionDays, infra.DefaultNoncurrentVersionDays)
	a.Describe(&args.QuarantineExpirationDays, "Days after which S3 expires uploads that are still in "+
		"quarantine or were rejected.")
	a.SetDefault(&args.QuarantineExpirationDays, infra.DefaultQuarantineExpirationDays)
	a.Describe(&args.ObjectLockMode, "S3 Object Lock default retention, GOVERNANCE or COMPLIANCE. Empty means no "+
		"Object Lock. S3 turns Object Lock on only when it creates a bucket, so changing it replaces the bucket.")
	a.SetDefault(&args.ObjectLockMode, "")
	a.Describe(&args.ObjectLockDays, "Days of the Object Lock default retention, 1 to 36500, with objectLockMode; "+
		"0 without.")
	a.SetDefault(&args.ObjectLockDays, 0)
	a.Describe(&args.CorsOrigins, "Front-end origins that may upload and download from a browser, such as "+
		"https://app.example.com. Empty means no CORS rule.")
	a.Describe(&args.MalwareScanning, "Scan every upload with GuardDuty Malware Protection for S3 and block reads "+
		"until the scan finds it clean.")
	a.SetDefault(&args.MalwareScanning, true)
	a.Describe(&args.UploaderRoleArns, "ARNs of the roles that write new uploads under the quarantine prefix, "+
		"such as the roleArn of a GoFunction. Empty admits none.")
	a.Describe(&args.ReaderRoleArns, "ARNs of the roles that read promoted files under the files prefix. Empty "+
		"admits none.")
	a.Describe(&args.ProcessorRoleArns, "ARNs of the roles that handle uploads before the scan verdict: read "+
		"quarantined uploads, promote and delete them. Empty admits none.")
	a.Describe(&args.AccessLogRetentionDays, "Days that the access log bucket keeps the S3 server access logs, "+
		"1 to 3650.")
	a.SetDefault(&args.AccessLogRetentionDays, infra.DefaultAccessLogRetentionDays)
	a.Describe(&args.ForceDestroy, "Let `pulumi destroy` delete the buckets while they still hold objects. Leave "+
		"it off outside development stacks.")
	a.SetDefault(&args.ForceDestroy, false)
	a.Describe(&args.Protect, "Protect the buckets and the key from `pulumi destroy` and keep them in AWS when "+
		"they leave the program.")
	a.SetDefault(&args.Protect, false)
}

// Annotate sets the UserFilesBucket's token and the descriptions of its outputs.
func (b *UserFilesBucket) Annotate(a infer.Annotator) {
	setToken(a, infra.UserFilesBucketType)
	a.Describe(b, "A private, versioned, encrypted bucket for user files: uploads land under a quarantine prefix, "+
		"are scanned for malware and promoted or rejected, with server access logs in a bucket of their own and "+
		"a policy that admits only the given roles over TLS.")
	a.Describe(&b.BucketName, "Name of the bucket.")
	a.Describe(&b.BucketArn, "ARN of the bucket.")
	a.Describe(&b.KeyArn, "ARN of the bucket's KMS key, empty with AES256 encryption.")
	a.Describe(&b.QuarantinePrefix, "Key prefix where uploads wait for their checks.")
	a.Describe(&b.FilesPrefix, "Key prefix of the files that passed their checks.")
	a.Describe(&b.RejectedPrefix, "Key prefix of the uploads that failed their checks.")
	a.Describe(&b.LogBucketName, "Name of the access log bucket.")
	a.Describe(&b.LogBucketArn, "ARN of the access log bucket.")
	a.Describe(&b.ScanResultRuleName, "Name of the EventBridge rule of the scan results, empty without "+
		"malware scanning.")
}

// NewUserFilesBucket registers the UserFilesBucket and builds infra's bucket into it.
func NewUserFilesBucket(ctx *pulumi.Context, name string, args UserFilesBucketArgs, opts ...pulumi.ResourceOption,
) (*UserFilesBucket, error) {
	component := &UserFilesBucket{}
	if err := ctx.RegisterComponentResource(infra.UserFilesBucketType, name, component, opts...); err != nil {
		return nil, err
	}
	bucket, err := infra.BuildUserFilesBucket(ctx, name, infra.UserFilesBucketArgs{
		Encryption:               args.Encryption,
		KMSKeyDeletionWindowDays: args.KmsKeyDeletionWindowDays,
		NoncurrentVersionDays:    args.NoncurrentVersionDays,
		QuarantineExpirationDays: args.QuarantineExpirationDays,
		ObjectLockMode:           args.ObjectLockMode,
		ObjectLockDays:           args.ObjectLockDays,
		CorsOrigins:              args.CorsOrigins,
		DisableMalwareScanning:   args.MalwareScanning != nil && !*args.MalwareScanning,
		Access: infra.UserFilesAccess{
			Uploaders:  roleList(args.UploaderRoleArns),
			Readers:    roleList(args.ReaderRoleArns),
			Processors: roleList(args.ProcessorRoleArns),
		},
		AccessLogs:   infra.AccessLogBucketArgs{RetentionDays: args.AccessLogRetentionDays},
		ForceDestroy: args.ForceDestroy,
		Protect:      args.Protect,
	}, component)
	if err != nil {
		return nil, inputError(infra.UserFilesBucketType, name, err, userFilesFields)
	}

	component.BucketName = bucket.BucketName
	component.BucketArn = bucket.BucketArn
	component.KeyArn = bucket.KeyArn
	component.QuarantinePrefix = bucket.QuarantinePrefix
	component.FilesPrefix = bucket.FilesPrefix
	component.RejectedPrefix = bucket.RejectedPrefix
	component.LogBucketName = bucket.LogBucketName
	component.LogBucketArn = bucket.LogBucketArn
	component.ScanResultRuleName = bucket.ScanResultRuleName
	return component, nil
}

// roleList returns arns, or an empty list when the input is unset, so the bucket policy admits no role.
func roleList(arns pulumi.StringArrayInput) pulumi.StringArrayInput {
	if arns == nil {
		return pulumi.StringArray{}
	}
	return arns
}
