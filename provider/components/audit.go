package components

import (
	"github.com/pulumi/pulumi-go-provider/infer"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/secureserverless/framework/infra"
)

// Audit is a multi-region CloudTrail trail with an encrypted bucket and log group.
type Audit struct {
	pulumi.ResourceState

	TrailArn            pulumi.StringOutput `pulumi:"trailArn"`
	TrailName           pulumi.StringOutput `pulumi:"trailName"`
	LogGroupName        pulumi.StringOutput `pulumi:"logGroupName"`
	LogGroupArn         pulumi.StringOutput `pulumi:"logGroupArn"`
	BucketName          pulumi.StringOutput `pulumi:"bucketName"`
	BucketArn           pulumi.StringOutput `pulumi:"bucketArn"`
	KeyArn              pulumi.StringOutput `pulumi:"keyArn"`
	AccessLogBucketName pulumi.StringOutput `pulumi:"accessLogBucketName"`
}

// AuditArgs are the inputs of the Audit.
type AuditArgs struct {
	NamePrefix               string                  `pulumi:"namePrefix"`
	DataEventBucketArns      pulumi.StringArrayInput `pulumi:"dataEventBucketArns,optional"`
	LogRetentionDays         int                     `pulumi:"logRetentionDays,optional"`
	BucketRetentionDays      int                     `pulumi:"bucketRetentionDays,optional"`
	NoncurrentVersionDays    int                     `pulumi:"noncurrentVersionDays,optional"`
	KmsKeyDeletionWindowDays int                     `pulumi:"kmsKeyDeletionWindowDays,optional"`
	ObjectLockMode           string                  `pulumi:"objectLockMode,optional"`
	ObjectLockDays           int                     `pulumi:"objectLockDays,optional"`
	AccessLogging            bool                    `pulumi:"accessLogging,optional"`
	ForceDestroy             bool                    `pulumi:"forceDestroy,optional"`
	Protect                  bool                    `pulumi:"protect,optional"`
}

// auditFields maps the fields of infra.AuditArgs to the input names.
var auditFields = map[string]string{
	"NamePrefix": "namePrefix", "LogRetentionDays": "logRetentionDays", "BucketRetentionDays": "bucketRetentionDays",
	"NoncurrentVersionDays": "noncurrentVersionDays", "KMSKeyDeletionWindowDays": "kmsKeyDeletionWindowDays",
	"ObjectLockMode": "objectLockMode", "ObjectLockDays": "objectLockDays", "ForceDestroy": "forceDestroy",
	"Protect": "protect",
}

// Annotate sets the descriptions and defaults of the inputs.
func (args *AuditArgs) Annotate(a infer.Annotator) {
	a.Describe(&args.NamePrefix, "Start of the trail name, <namePrefix>-trail, and of the log group name, "+
		"/aws/cloudtrail/<namePrefix>.")
	a.Describe(&args.DataEventBucketArns, "ARNs of buckets whose object reads and writes the trail records as S3 "+
		"data events, such as the bucketArn of a UserFilesBucket. AWS bills data events by the number delivered. "+
		"Empty records management events only.")
	a.Describe(&args.LogRetentionDays, "Days that the log group keeps events, a retention period CloudWatch "+
		"accepts.")
	a.SetDefault(&args.LogRetentionDays, infra.DefaultTrailLogRetentionDays)
	a.Describe(&args.BucketRetentionDays, "Days that the bucket keeps log files, 1 to 3650.")
	a.SetDefault(&args.BucketRetentionDays, infra.DefaultTrailBucketRetentionDays)
	a.Describe(&args.NoncurrentVersionDays, "Days that a deleted or overwritten log file stays recoverable, at "+
		"least 1.")
	a.SetDefault(&args.NoncurrentVersionDays, infra.DefaultTrailNoncurrentVersionDays)
	a.Describe(&args.KmsKeyDeletionWindowDays, "Waiting period in days, 7 to 30, before a scheduled deletion of "+
		"the trail's key takes effect.")
	a.SetDefault(&args.KmsKeyDeletionWindowDays, infra.DefaultKMSKeyDeletionWindowDays)
	a.Describe(&args.ObjectLockMode, "S3 Object Lock default retention of the log files, GOVERNANCE or "+
		"COMPLIANCE. Empty means no Object Lock; changing it replaces the bucket.")
	a.SetDefault(&args.ObjectLockMode, "")
	a.Describe(&args.ObjectLockDays, "Days of the Object Lock default retention, 1 to 36500, with objectLockMode; "+
		"0 without.")
	a.SetDefault(&args.ObjectLockDays, 0)
	a.Describe(&args.AccessLogging, "Send the S3 server access logs of the trail bucket to a bucket of its own.")
	a.SetDefault(&args.AccessLogging, false)
	a.Describe(&args.ForceDestroy, "Let `pulumi destroy` delete the buckets while they still hold objects.")
	a.SetDefault(&args.ForceDestroy, false)
	a.Describe(&args.Protect, "Protect the buckets, the key and the log group from `pulumi destroy` and keep them "+
		"in AWS when they leave the program.")
	a.SetDefault(&args.Protect, false)
}

// Annotate sets the Audit's token and the descriptions of its outputs.
func (c *Audit) Annotate(a infer.Annotator) {
	setToken(a, infra.AuditType)
	a.Describe(c, "A multi-region CloudTrail trail with log file validation, delivered to a KMS-encrypted, "+
		"versioned bucket and to a CloudWatch Logs group.")
	a.Describe(&c.TrailArn, "ARN of the trail.")
	a.Describe(&c.TrailName, "Name of the trail.")
	a.Describe(&c.LogGroupName, "Name of the trail's log group.")
	a.Describe(&c.LogGroupArn, "ARN of the trail's log group.")
	a.Describe(&c.BucketName, "Name of the trail's bucket.")
	a.Describe(&c.BucketArn, "ARN of the trail's bucket.")
	a.Describe(&c.KeyArn, "ARN of the KMS key of the trail.")
	a.Describe(&c.AccessLogBucketName, "Name of the access log bucket of the trail bucket, empty without "+
		"accessLogging.")
}

// NewAudit registers the Audit and builds infra's trail into it.
func NewAudit(ctx *pulumi.Context, name string, args AuditArgs, opts ...pulumi.ResourceOption) (*Audit, error) {
	component := &Audit{}
	if err := ctx.RegisterComponentResource(infra.AuditType, name, component, opts...); err != nil {
		return nil, err
	}
	audit, err := infra.BuildAudit(ctx, name, infra.AuditArgs{
		NamePrefix:               args.NamePrefix,
		DataEventBucketArns:      args.DataEventBucketArns,
		LogRetentionDays:         args.LogRetentionDays,
		BucketRetentionDays:      args.BucketRetentionDays,
		NoncurrentVersionDays:    args.NoncurrentVersionDays,
		KMSKeyDeletionWindowDays: args.KmsKeyDeletionWindowDays,
		ObjectLockMode:           args.ObjectLockMode,
		ObjectLockDays:           args.ObjectLockDays,
		AccessLogging:            args.AccessLogging,
		ForceDestroy:             args.ForceDestroy,
		Protect:                  args.Protect,
	}, component)
	if err != nil {
		return nil, inputError(infra.AuditType, name, err, auditFields)
	}

	component.TrailArn = audit.TrailArn
	component.TrailName = audit.TrailName
	component.LogGroupName = audit.LogGroupName
	component.LogGroupArn = audit.LogGroupArn
	component.BucketName = audit.BucketName
	component.BucketArn = audit.BucketArn
	component.KeyArn = audit.KeyArn
	component.AccessLogBucketName = audit.AccessLogBucketName
	return component, nil
}
