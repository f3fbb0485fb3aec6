package infra

import (
	"errors"
	"fmt"
	"regexp"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/cloudtrail"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/cloudwatch"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/iam"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/kms"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// AuditType is the type token of the audit trail component.
const AuditType = "secureserverless:monitoring:Audit"

// Defaults of AuditArgs; a zero field means the default.
const (
	// DefaultTrailLogRetentionDays keeps three months of events searchable in CloudWatch Logs, the part
	// of the audit log that PCI DSS v4.0.1 requirement 10.5.1 requires to be immediately available.
	DefaultTrailLogRetentionDays = 90
	// DefaultTrailBucketRetentionDays keeps a year of log files in S3, the audit log history that PCI DSS
	// v4.0.1 requirement 10.5.1 requires.
	DefaultTrailBucketRetentionDays = 365
	// DefaultTrailNoncurrentVersionDays is how long a deleted or overwritten log file stays recoverable.
	DefaultTrailNoncurrentVersionDays = 30
	// maxTrailBucketRetentionDays is ten years.
	maxTrailBucketRetentionDays = 3650
)

// cloudTrailPrincipal is the service that writes the trail's log files and assumes its CloudWatch Logs role.
const cloudTrailPrincipal = "cloudtrail.amazonaws.com"

// S3DataEventType is the resource type of the trail's data events for objects.
const S3DataEventType = "AWS::S3::Object"

// trailName matches the trail names CloudTrail accepts: letters, digits, periods, underscores and
// hyphens, starting and ending with a letter or digit, 3 to 128 characters.
var trailName = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._-]{1,126}[A-Za-z0-9]$`)

// AuditArgs configures the trail, its bucket, key and log group.
type AuditArgs struct {
	// NamePrefix starts the trail name, <NamePrefix>-trail, and the log group name,
	// /aws/cloudtrail/<NamePrefix>.
	NamePrefix string
	// DataEventBucketArns are buckets whose object reads and writes the trail records as S3 data events,
	// such as the user-files bucket. Nil records management events only.
	// NOTE: AWS bills data events by the number that the trail delivers, so a busy bucket adds cost.
	DataEventBucketArns pulumi.StringArrayInput
	// LogRetentionDays is how long the log group keeps events, a value CloudWatch Logs accepts (see
	// CloudWatchRetentionDays). Defaults to DefaultTrailLogRetentionDays.
	LogRetentionDays int
	// BucketRetentionDays is how long the bucket keeps log files, 1 to 3650. Defaults to
	// DefaultTrailBucketRetentionDays.
	BucketRetentionDays int
	// NoncurrentVersionDays is how long a deleted or overwritten log file stays recoverable, at least 1.
	// Defaults to DefaultTrailNoncurrentVersionDays.
	NoncurrentVersionDays int
	// KMSKeyDeletionWindowDays is the waiting period, 7 to 30 days, before a scheduled key deletion.
	// Defaults to DefaultKMSKeyDeletionWindowDays.
	KMSKeyDeletionWindowDays int
	// ObjectLockMode turns on S3 Object Lock for the log files with a default retention:
	// ObjectLockGovernance or ObjectLockCompliance. Empty means no Object Lock. S3 turns Object Lock on
	// only when it creates a bucket, so changing this replaces the bucket.
	ObjectLockMode string
	// ObjectLockDays is the default retention in days, 1 to 36500, required with ObjectLockMode.
	ObjectLockDays int
	// AccessLogging sends the S3 server access logs of the trail bucket to a bucket of its own.
	AccessLogging bool
	// AccessLogs configures that bucket when AccessLogging is on.
	AccessLogs AccessLogBucketArgs
	// ForceDestroy lets `pulumi destroy` delete the buckets while they still hold objects.
	ForceDestroy bool
	// Protect protects the buckets, the key and the log group from `pulumi destroy` and keeps them in AWS
	// when they leave the program.
	Protect bool
}

// Audit is a multi-region CloudTrail trail with global service events and log file validation. It
// encrypts its log files with a key of its own and delivers them to a bucket that passes every bucket
// rule of the policy pack. It also sends its events to an encrypted CloudWatch Logs log group, where
// metric filters and alarms can watch them.
//
// NOTE: CloudTrail records the first copy of management events in an account and region for free and
// bills every further trail that records them, such as the trail of a second stack in the same account.
type Audit struct {
	pulumi.ResourceState

	Trail    *cloudtrail.Trail
	Key      *kms.Key
	LogGroup *cloudwatch.LogGroup
	// LogsRole is the role CloudTrail assumes to write to the log group.
	LogsRole *iam.Role

	TrailArn     pulumi.StringOutput `pulumi:"trailArn"`
	TrailName    pulumi.StringOutput `pulumi:"trailName"`
	LogGroupName pulumi.StringOutput `pulumi:"logGroupName"`
	LogGroupArn  pulumi.StringOutput `pulumi:"logGroupArn"`
	BucketName   pulumi.StringOutput `pulumi:"bucketName"`
	BucketArn    pulumi.StringOutput `pulumi:"bucketArn"`
	// KeyArn is the key that encrypts the log files and the log group. Readers of the log files need
	// kms:Decrypt on it.
	KeyArn pulumi.StringOutput `pulumi:"keyArn"`
	// AccessLogBucketName is "" without access logging.
	AccessLogBucketName pulumi.StringOutput `pulumi:"accessLogBucketName"`
}

// auditNames are the names and ARNs that the key and bucket policies name before the trail exists.
type auditNames struct {
	trailName, trailArn       string
	logGroupName, logGroupArn string
}

// newAuditNames returns the names of the trail and its log group for the name prefix.
func newAuditNames(account awsAccount, namePrefix string) auditNames {
	names := auditNames{
		trailName:    namePrefix + "-trail",
		logGroupName: "/aws/cloudtrail/" + namePrefix,
	}
	names.trailArn = account.arn("cloudtrail", "trail/"+names.trailName)
	names.logGroupArn = account.arn("logs", "log-group:"+names.logGroupName)
	return names
}

// NewAudit creates the key, the bucket, the log group with the role CloudTrail writes to it with, and
// the trail, which waits for all of them because CloudTrail checks its access when it starts.
func NewAudit(ctx *pulumi.Context, name string, args AuditArgs, opts ...pulumi.ResourceOption) (*Audit, error) {
	args, err := args.withDefaults(name)
	if err != nil {
		return nil, err
	}

	component := &Audit{}
	self, err := registerComponent(ctx, AuditType, name, component, opts...)
	if err != nil {
		return nil, fmt.Errorf("registering audit %q: %w", name, err)
	}
	parent := pulumi.Parent(self)
	stateful := append([]pulumi.ResourceOption{parent}, statefulOptions(args.Protect)...)

	account, err := lookupAccount(ctx, self)
	if err != nil {
		return nil, fmt.Errorf("audit %q: %w", name, err)
	}
	names := newAuditNames(account, args.NamePrefix)

	key, err := kms.NewKey(ctx, name+"-key", &kms.KeyArgs{
		Description:          pulumi.Sprintf("Encrypts the log files and log group of the %s trail.", names.trailName),
		EnableKeyRotation:    pulumi.Bool(true),
		DeletionWindowInDays: pulumi.Int(args.KMSKeyDeletionWindowDays),
		Policy:               pulumi.String(auditKeyPolicy(account, names)),
	}, stateful...)
	if err != nil {
		return nil, fmt.Errorf("creating the key of audit %q: %w", name, err)
	}

	bucketArgs := deliveryBucketArgs{
		keyArn:                key.Arn,
		expirationDays:        args.BucketRetentionDays,
		noncurrentVersionDays: args.NoncurrentVersionDays,
		objectLockMode:        args.ObjectLockMode,
		objectLockDays:        args.ObjectLockDays,
		serviceStatements: func(bucketArn string) []map[string]any {
			return trailBucketStatements(account, names, bucketArn)
		},
		forceDestroy: args.ForceDestroy,
		protect:      args.Protect,
	}
	if args.AccessLogging {
		bucketArgs.accessLogs = &args.AccessLogs
	}
	bucket, err := newDeliveryBucket(ctx, name, bucketArgs, parent)
	if err != nil {
		return nil, err
	}

	logGroup, err := cloudwatch.NewLogGroup(ctx, name+"-logs", &cloudwatch.LogGroupArgs{
		Name:            pulumi.String(names.logGroupName),
		RetentionInDays: pulumi.Int(args.LogRetentionDays),
		KmsKeyId:        key.Arn,
	}, stateful...)
	if err != nil {
		return nil, fmt.Errorf("creating the log group of audit %q: %w", name, err)
	}

	role, err := iam.NewRole(ctx, name+"-logs-role", &iam.RoleArgs{
		Description:      pulumi.Sprintf("CloudTrail writes the events of %s to its log group.", names.trailName),
		AssumeRolePolicy: pulumi.String(trailLogsTrustPolicy()),
	}, parent)
	if err != nil {
		return nil, fmt.Errorf("creating the log group role of audit %q: %w", name, err)
	}
	rolePolicy, err := iam.NewRolePolicy(ctx, name+"-logs-role", &iam.RolePolicyArgs{
		Role:   role.ID(),
		Policy: pulumi.String(trailLogsRolePolicy(account, names)),
	}, parent)
	if err != nil {
		return nil, fmt.Errorf("creating the log group role policy of audit %q: %w", name, err)
	}

	trail, err := cloudtrail.NewTrail(ctx, name, &cloudtrail.TrailArgs{
		Name:                       pulumi.String(names.trailName),
		S3BucketName:               bucket.bucket.ID(),
		KmsKeyId:                   key.Arn,
		IsMultiRegionTrail:         pulumi.Bool(true),
		IncludeGlobalServiceEvents: pulumi.Bool(true),
		EnableLogFileValidation:    pulumi.Bool(true),
		EnableLogging:              pulumi.Bool(true),
		// CloudTrail requires the log stream wildcard after the group's ARN.
		CloudWatchLogsGroupArn: pulumi.Sprintf("%s:*", logGroup.Arn),
		CloudWatchLogsRoleArn:  role.Arn,
		EventSelectors:         trailEventSelectors(args.DataEventBucketArns),
	}, parent, pulumi.DependsOn([]pulumi.Resource{bucket.policy, rolePolicy}))
	if err != nil {
		return nil, fmt.Errorf("creating the trail of audit %q: %w", name, err)
	}

	component.Trail = trail
	component.Key = key
	component.LogGroup = logGroup
	component.LogsRole = role
	component.TrailArn = trail.Arn
	component.TrailName = trail.Name
	component.LogGroupName = logGroup.Name
	component.LogGroupArn = logGroup.Arn
	component.BucketName = bucket.bucket.Bucket
	component.BucketArn = bucket.bucket.Arn
	component.KeyArn = key.Arn
	component.AccessLogBucketName = pulumi.String("").ToStringOutput()
	if bucket.accessLogs != nil {
		component.AccessLogBucketName = bucket.accessLogs.BucketName
	}
	if err := registerOutputs(ctx, self, component, pulumi.Map{
		"trailArn":            component.TrailArn,
		"trailName":           component.TrailName,
		"logGroupName":        component.LogGroupName,
		"logGroupArn":         component.LogGroupArn,
		"bucketName":          component.BucketName,
		"bucketArn":           component.BucketArn,
		"keyArn":              component.KeyArn,
		"accessLogBucketName": component.AccessLogBucketName,
	}); err != nil {
		return nil, fmt.Errorf("registering outputs of audit %q: %w", name, err)
	}
	return component, nil
}

// withDefaults fills the defaults and validates the arguments. It reports every invalid field at once.
func (args AuditArgs) withDefaults(name string) (AuditArgs, error) {
	if args.LogRetentionDays == 0 {
		args.LogRetentionDays = DefaultTrailLogRetentionDays
	}
	if args.BucketRetentionDays == 0 {
		args.BucketRetentionDays = DefaultTrailBucketRetentionDays
	}
	if args.NoncurrentVersionDays == 0 {
		args.NoncurrentVersionDays = DefaultTrailNoncurrentVersionDays
	}
	if args.KMSKeyDeletionWindowDays == 0 {
		args.KMSKeyDeletionWindowDays = DefaultKMSKeyDeletionWindowDays
	}

	var errs []error
	invalid := func(format string, values ...any) { errs = append(errs, fmt.Errorf(format, values...)) }
	if !bucketComponentName.MatchString(name) || len(name) > maxBucketComponentName {
		invalid("the name must be %d characters at most, of lowercase letters, digits and hyphens, "+
			"because it starts the bucket names; use a name such as \"audit\"", maxBucketComponentName)
	}
	if args.NamePrefix == "" {
		invalid("NamePrefix is empty; set it to <project>-<stack>")
	} else if !trailName.MatchString(args.NamePrefix + "-trail") {
		invalid("NamePrefix %q gives the trail name %q, which CloudTrail rejects; use letters, digits, "+
			"periods, underscores and hyphens, starting with a letter or digit, at most 122 characters",
			args.NamePrefix, args.NamePrefix+"-trail")
	}
	if !validRetentionDays(args.LogRetentionDays) {
		invalid("LogRetentionDays is %d, which CloudWatch Logs does not accept; use one of %v",
			args.LogRetentionDays, CloudWatchRetentionDays)
	}
	if args.BucketRetentionDays < 1 || args.BucketRetentionDays > maxTrailBucketRetentionDays {
		invalid("BucketRetentionDays is %d, must be 1 to %d", args.BucketRetentionDays, maxTrailBucketRetentionDays)
	}
	if args.NoncurrentVersionDays < 1 {
		invalid("NoncurrentVersionDays is %d, must be at least 1", args.NoncurrentVersionDays)
	}
	if args.KMSKeyDeletionWindowDays < 7 || args.KMSKeyDeletionWindowDays > 30 {
		invalid("KMSKeyDeletionWindowDays is %d, must be 7 to 30", args.KMSKeyDeletionWindowDays)
	}
	if err := validateObjectLock(args.ObjectLockMode, args.ObjectLockDays); err != nil {
		errs = append(errs, err)
	}
	if args.AccessLogging {
		if err := args.AccessLogs.validate(); err != nil {
			errs = append(errs, err)
		}
	}
	if args.ForceDestroy && args.Protect {
		invalid("ForceDestroy and Protect are both set; ForceDestroy empties the buckets on destroy, " +
			"Protect forbids the destroy, so set only one")
	}
	if len(errs) > 0 {
		return args, fmt.Errorf("audit %q: %w", name, errors.Join(errs...))
	}
	return args, nil
}

// trailEventSelectors returns the event selector that records management events and, when buckets are
// given, the S3 data events of their objects. Nil buckets leave the trail's default selector in place.
func trailEventSelectors(buckets pulumi.StringArrayInput) cloudtrail.TrailEventSelectorArrayInput {
	if buckets == nil {
		return nil
	}
	// A value of "<bucket ARN>/" selects every object of the bucket.
	objects := buckets.ToStringArrayOutput().ApplyT(func(arns []string) []string {
		values := make([]string, len(arns))
		for i, arn := range arns {
			values[i] = arn + "/"
		}
		return values
	}).(pulumi.StringArrayOutput)
	return cloudtrail.TrailEventSelectorArray{
		&cloudtrail.TrailEventSelectorArgs{
			ReadWriteType:           pulumi.String("All"),
			IncludeManagementEvents: pulumi.Bool(true),
			DataResources: cloudtrail.TrailEventSelectorDataResourceArray{
				&cloudtrail.TrailEventSelectorDataResourceArgs{
					Type:   pulumi.String(S3DataEventType),
					Values: objects,
				},
			},
		},
	}
}

// auditKeyPolicy lets CloudTrail encrypt the trail's log files and CloudWatch Logs encrypt the trail's log
// group. Each statement names the trail or the group, so the key serves no other trail or group.
func auditKeyPolicy(account awsAccount, names auditNames) string {
	sourceTrail := map[string]any{"aws:SourceArn": names.trailArn}
	return keyPolicy(account,
		map[string]any{
			"Sid":       "CloudTrailEncryptsLogFiles",
			"Effect":    "Allow",
			"Principal": map[string]any{"Service": cloudTrailPrincipal},
			"Action":    "kms:GenerateDataKey*",
			"Resource":  "*",
			"Condition": map[string]any{
				"StringEquals": sourceTrail,
				"StringLike": map[string]any{
					"kms:EncryptionContext:aws:cloudtrail:arn": fmt.Sprintf("arn:%s:cloudtrail:*:%s:trail/*",
						account.Partition, account.ID),
				},
			},
		},
		map[string]any{
			"Sid":       "CloudTrailDescribesKey",
			"Effect":    "Allow",
			"Principal": map[string]any{"Service": cloudTrailPrincipal},
			"Action":    "kms:DescribeKey",
			"Resource":  "*",
			"Condition": map[string]any{"StringEquals": sourceTrail},
		},
		map[string]any{
			"Sid":       "CloudWatchLogsEncryptsTrailLogGroup",
			"Effect":    "Allow",
			"Principal": map[string]any{"Service": "logs." + account.Region + "." + account.DNSSuffix},
			"Action": []string{
				"kms:Encrypt", "kms:Decrypt", "kms:ReEncryptFrom", "kms:ReEncryptTo",
				"kms:GenerateDataKey", "kms:GenerateDataKeyWithoutPlaintext", "kms:DescribeKey",
			},
			"Resource": "*",
			"Condition": map[string]any{
				"ArnEquals": map[string]any{"kms:EncryptionContext:aws:logs:arn": names.logGroupArn},
			},
		},
	)
}

// trailBucketStatements let CloudTrail check the bucket's ACL and write the log and digest files of this
// trail under AWSLogs/<account>/, as the bucket policy AWS documents for trails does.
func trailBucketStatements(account awsAccount, names auditNames, bucketArn string) []map[string]any {
	sourceTrail := map[string]any{"aws:SourceArn": names.trailArn}
	return []map[string]any{
		{
			"Sid":       "CloudTrailChecksBucketAcl",
			"Effect":    "Allow",
			"Principal": map[string]any{"Service": cloudTrailPrincipal},
			"Action":    "s3:GetBucketAcl",
			"Resource":  bucketArn,
			"Condition": map[string]any{"StringEquals": sourceTrail},
		},
		{
			"Sid":       "CloudTrailWritesLogFiles",
			"Effect":    "Allow",
			"Principal": map[string]any{"Service": cloudTrailPrincipal},
			"Action":    "s3:PutObject",
			"Resource":  bucketArn + "/AWSLogs/" + account.ID + "/*",
			"Condition": map[string]any{
				"StringEquals": map[string]any{
					"s3:x-amz-acl":  "bucket-owner-full-control",
					"aws:SourceArn": names.trailArn,
				},
			},
		},
	}
}

// trailLogsTrustPolicy lets CloudTrail assume the log group role. The trust has no condition, because
// CloudTrail's documentation states that this role supports neither aws:SourceArn nor aws:SourceAccount.
func trailLogsTrustPolicy() string {
	return mustMarshalPolicy([]map[string]any{{
		"Effect":    "Allow",
		"Principal": map[string]any{"Service": cloudTrailPrincipal},
		"Action":    "sts:AssumeRole",
	}})
}

// trailLogsRolePolicy lets CloudTrail create and write the log streams it names
// <account>_CloudTrail_<region> in the trail's log group, one for each region of a multi-region trail.
func trailLogsRolePolicy(account awsAccount, names auditNames) string {
	return mustMarshalPolicy([]map[string]any{{
		"Sid":      "WriteTrailLogStreams",
		"Effect":   "Allow",
		"Action":   []string{"logs:CreateLogStream", "logs:PutLogEvents"},
		"Resource": names.logGroupArn + ":log-stream:" + account.ID + "_CloudTrail_*",
	}})
}
