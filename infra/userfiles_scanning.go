package infra

import (
	"encoding/json"
	"fmt"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/cloudwatch"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/guardduty"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/iam"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/s3"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// guardDutyScanPrincipal is the service that assumes the role of a malware protection plan.
const guardDutyScanPrincipal = "malware-protection-plan.guardduty.amazonaws.com"

// guardDutyManagedRulePrefix starts the names of the EventBridge rules that GuardDuty creates and
// manages to receive the bucket's object events.
const guardDutyManagedRulePrefix = "DO-NOT-DELETE-AmazonGuardDutyMalwareProtectionS3"

// guardDutyValidationObject is the key of the object GuardDuty writes to check its access to the bucket.
const guardDutyValidationObject = "malware-protection-resource-validation-object"

// ScanResultDetailType is the detail-type of the EventBridge events GuardDuty sends for each scanned object.
const ScanResultDetailType = "GuardDuty Malware Protection Object Scan Result"

// userFilesScanning is the malware scanning of a bucket: GuardDuty's role, the plan and the rule that
// matches scan results.
type userFilesScanning struct {
	role       *iam.Role
	rolePolicy *iam.RolePolicy
	plan       *guardduty.MalwareProtectionPlan
	rule       *cloudwatch.EventRule
}

// roleArn returns the ARN of GuardDuty's role, or "" when scanning is off.
func (s userFilesScanning) roleArn() pulumi.StringOutput {
	if s.role == nil {
		return pulumi.String("").ToStringOutput()
	}
	return s.role.Arn
}

// newScanningRole creates the role GuardDuty scans the bucket with, scoped to QuarantinePrefix, the
// bucket's event notifications, its managed EventBridge rule and, with SSE-KMS, the bucket key through S3.
// The bucket policy names the role, so it exists before the policy.
func newScanningRole(ctx *pulumi.Context, name string, account awsAccount, args UserFilesBucketArgs,
	bucket *s3.BucketV2, keyArn pulumi.StringOutput, parent pulumi.ResourceOption,
) (userFilesScanning, error) {
	role, err := iam.NewRole(ctx, name+"-malware-scan", &iam.RoleArgs{
		Description:      pulumi.Sprintf("GuardDuty Malware Protection scans the uploads of the %s bucket.", name),
		AssumeRolePolicy: pulumi.String(scanningTrustPolicy(account)),
	}, parent)
	if err != nil {
		return userFilesScanning{}, fmt.Errorf("creating the malware scanning role of bucket %q: %w", name, err)
	}

	policy := pulumi.All(bucket.Arn, keyArn).ApplyT(func(values []any) string {
		return scanningRolePolicy(account, values[0].(string), values[1].(string))
	}).(pulumi.StringOutput)
	rolePolicy, err := iam.NewRolePolicy(ctx, name+"-malware-scan", &iam.RolePolicyArgs{
		Role:   role.ID(),
		Policy: policy,
	}, parent)
	if err != nil {
		return userFilesScanning{}, fmt.Errorf("creating the malware scanning policy of bucket %q: %w", name, err)
	}
	return userFilesScanning{role: role, rolePolicy: rolePolicy}, nil
}

// enable creates the malware protection plan, which tags every scanned upload with ScanStatusTag, and
// the EventBridge rule for its results. The plan waits for its role policy and for the bucket policy,
// because GuardDuty checks its access and changes the bucket's event notifications when it starts.
func (s *userFilesScanning) enable(ctx *pulumi.Context, name string, bucket *s3.BucketV2, bucketPolicy *s3.BucketPolicy,
	parent pulumi.ResourceOption,
) error {
	plan, err := guardduty.NewMalwareProtectionPlan(ctx, name+"-malware-scan", &guardduty.MalwareProtectionPlanArgs{
		Role: s.role.Arn,
		ProtectedResource: &guardduty.MalwareProtectionPlanProtectedResourceArgs{
			S3Bucket: &guardduty.MalwareProtectionPlanProtectedResourceS3BucketArgs{
				BucketName:     bucket.Bucket,
				ObjectPrefixes: pulumi.StringArray{pulumi.String(QuarantinePrefix)},
			},
		},
		Actions: guardduty.MalwareProtectionPlanActionArray{
			&guardduty.MalwareProtectionPlanActionArgs{
				Taggings: guardduty.MalwareProtectionPlanActionTaggingArray{
					&guardduty.MalwareProtectionPlanActionTaggingArgs{Status: pulumi.String("ENABLED")},
				},
			},
		},
	}, parent, pulumi.DependsOn([]pulumi.Resource{s.rolePolicy, bucketPolicy}))
	if err != nil {
		return fmt.Errorf("creating the malware protection plan of bucket %q: %w", name, err)
	}
	s.plan = plan

	pattern := bucket.Bucket.ApplyT(scanResultPattern).(pulumi.StringOutput)
	rule, err := cloudwatch.NewEventRule(ctx, name+"-scan-results", &cloudwatch.EventRuleArgs{
		Description:  pulumi.Sprintf("Malware scan results of the %s bucket, for the functions that act on them.", name),
		EventPattern: pattern,
	}, parent)
	if err != nil {
		return fmt.Errorf("creating the scan result rule of bucket %q: %w", name, err)
	}
	s.rule = rule
	return nil
}

// scanResultPattern returns the EventBridge pattern of the scan results for the bucket.
func scanResultPattern(bucketName string) (string, error) {
	pattern := map[string]any{
		"source":      []string{"aws.guardduty"},
		"detail-type": []string{ScanResultDetailType},
		"detail": map[string]any{
			"s3ObjectDetails": map[string]any{"bucketName": []string{bucketName}},
		},
	}
	text, err := json.Marshal(pattern)
	if err != nil {
		return "", fmt.Errorf("encoding the scan result pattern: %w", err)
	}
	return string(text), nil
}

// scanningTrustPolicy lets GuardDuty assume the role for malware protection plans of this account only.
func scanningTrustPolicy(account awsAccount) string {
	return mustMarshalPolicy([]map[string]any{{
		"Effect":    "Allow",
		"Principal": map[string]any{"Service": guardDutyScanPrincipal},
		"Action":    "sts:AssumeRole",
		"Condition": map[string]any{
			"StringEquals": map[string]any{"aws:SourceAccount": account.ID},
			"ArnLike":      map[string]any{"aws:SourceArn": account.arn("guardduty", "malware-protection-plan/*")},
		},
	}})
}

// scanningRolePolicy returns the permissions GuardDuty needs to scan and tag the uploads under
// QuarantinePrefix. keyArn is "" with SSE-S3, which needs no key permission.
func scanningRolePolicy(account awsAccount, bucketArn, keyArn string) string {
	managedRules := account.arn("events", "rule/"+guardDutyManagedRulePrefix+"*")
	uploads := bucketArn + "/" + QuarantinePrefix + "*"
	statements := []map[string]any{
		{
			"Sid":       "ManageGuardDutyEventRule",
			"Effect":    "Allow",
			"Action":    []string{"events:PutRule", "events:DeleteRule", "events:PutTargets", "events:RemoveTargets"},
			"Resource":  managedRules,
			"Condition": map[string]any{"StringLike": map[string]any{"events:ManagedBy": guardDutyScanPrincipal}},
		},
		{
			"Sid":      "ReadGuardDutyEventRule",
			"Effect":   "Allow",
			"Action":   []string{"events:DescribeRule", "events:ListTargetsByRule"},
			"Resource": managedRules,
		},
		{
			"Sid":      "SendBucketEventsToEventBridge",
			"Effect":   "Allow",
			"Action":   []string{"s3:PutBucketNotification", "s3:GetBucketNotification"},
			"Resource": bucketArn,
		},
		{
			// GuardDuty lists the bucket to check that the account owns it.
			"Sid":      "CheckBucketOwnership",
			"Effect":   "Allow",
			"Action":   "s3:ListBucket",
			"Resource": bucketArn,
		},
		{
			"Sid":      "WriteValidationObject",
			"Effect":   "Allow",
			"Action":   "s3:PutObject",
			"Resource": bucketArn + "/" + guardDutyValidationObject,
		},
		{
			"Sid":      "ScanUploads",
			"Effect":   "Allow",
			"Action":   []string{"s3:GetObject", "s3:GetObjectVersion"},
			"Resource": uploads,
		},
		{
			"Sid":    "TagScannedUploads",
			"Effect": "Allow",
			"Action": []string{
				"s3:PutObjectTagging", "s3:GetObjectTagging", "s3:PutObjectVersionTagging", "s3:GetObjectVersionTagging",
			},
			"Resource": uploads,
		},
	}
	if keyArn != "" {
		statements = append(statements, map[string]any{
			"Sid":       "DecryptUploadsThroughS3",
			"Effect":    "Allow",
			"Action":    []string{"kms:GenerateDataKey", "kms:Decrypt"},
			"Resource":  keyArn,
			"Condition": map[string]any{"StringEquals": map[string]any{"kms:ViaService": s3ViaService(account)}},
		})
	}
	return mustMarshalPolicy(statements)
}

// s3ViaService is the kms:ViaService value of KMS requests that S3 makes in the region.
func s3ViaService(account awsAccount) string {
	return "s3." + account.Region + "." + account.DNSSuffix
}
