package infra

import (
	"errors"
	"fmt"
	"regexp"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/backup"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/iam"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/kms"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// BackupType is the type token of the backup component.
const BackupType = "secureserverless:storage:Backup"

// Defaults of BackupArgs; a zero field means the default.
const (
	// DefaultBackupRetentionDays keeps five weeks of daily recovery points.
	DefaultBackupRetentionDays = 35
	// DefaultBackupSchedule starts a backup every day at 05:00 UTC.
	DefaultBackupSchedule = "cron(0 5 * * ? *)"
	// backupStartWindowMinutes is how long after the scheduled time a backup may start, 1 hour.
	backupStartWindowMinutes = 60
	// backupCompletionWindowMinutes is how long a backup may run before AWS Backup cancels it, 1 day.
	backupCompletionWindowMinutes = 24 * 60
	// maxBackupRetentionDays is 100 years.
	maxBackupRetentionDays = 36500
	// maxBackupNamePrefix keeps the vault name, <NamePrefix>-vault, within the 50 characters AWS Backup
	// accepts.
	maxBackupNamePrefix = 50 - len("-vault")
)

// backupPrincipal is the service that assumes the backup role.
const backupPrincipal = "backup.amazonaws.com"

// backupNamePrefix matches the name prefixes that give valid vault, plan and selection names.
var backupNamePrefix = regexp.MustCompile(`^[A-Za-z0-9_-]+$`)

// backupSchedule matches a cron or rate expression of AWS Backup, such as "cron(0 5 * * ? *)".
var backupSchedule = regexp.MustCompile(`^(cron|rate)\([^()]+\)$`)

// BackupS3ManagedPolicies are the AWS managed policies that let AWS Backup back up and restore S3 buckets.
var BackupS3ManagedPolicies = []string{
	"AWSBackupServiceRolePolicyForS3Backup",
	"AWSBackupServiceRolePolicyForS3Restore",
}

// BackupArgs configures the backup plan of a bucket.
type BackupArgs struct {
	// NamePrefix starts the names of the vault, <NamePrefix>-vault, the plan and the selection: letters,
	// digits, hyphens and underscores, at most 44 characters.
	NamePrefix string
	// BucketArn is the bucket to back up, such as UserFilesBucket.BucketArn. It needs versioning, which
	// AWS Backup requires of S3 buckets.
	BucketArn pulumi.StringInput
	// RetentionDays is how long AWS Backup keeps each recovery point, 1 to 36500. Defaults to
	// DefaultBackupRetentionDays.
	RetentionDays int
	// Schedule is when backups start, a cron or rate expression in UTC. Defaults to DefaultBackupSchedule.
	Schedule string
	// KMSKeyDeletionWindowDays is the waiting period, 7 to 30 days, before a scheduled deletion of the
	// vault's key. Defaults to DefaultKMSKeyDeletionWindowDays.
	KMSKeyDeletionWindowDays int
	// ForceDestroy lets `pulumi destroy` delete the vault while it still holds recovery points.
	ForceDestroy bool
	// Protect protects the vault and its key from `pulumi destroy` and keeps them in AWS when they leave
	// the program.
	Protect bool
}

// Backup is an AWS Backup vault encrypted with a key of its own, a daily plan and the selection of one
// bucket, with the role AWS Backup backs up and restores it with.
//
// The bucket's policy must admit the role, because AWS Backup reads every object and version and
// restores by writing objects. The role's ARN is RoleArn.
//
// To restore files:
//
//  1. List the recovery points, newest first:
//     aws backup list-recovery-points-by-backup-vault --backup-vault-name <VaultName>
//  2. Restore into a new bucket, never over the live one, with the role of this component:
//     aws backup start-restore-job --recovery-point-arn <recovery point ARN> --iam-role-arn <RoleArn>
//     --metadata '{"DestinationBucketName":"<new bucket>","NewBucket":"true","Encrypted":"true",
//     "EncryptionType":"SSE-KMS","KMSKey":"<key ARN>","CreationToken":"<unique token>"}'
//     To restore single objects, add "ItemsToRestore":"[\"s3://<bucket>/<key>\"]" with up to 5 S3 URIs.
//  3. Wait until aws backup describe-restore-job --restore-job-id <job id> reports COMPLETED.
//  4. Copy the objects you need back under the quarantine prefix, so the validation function and the
//     malware scan check them again before readers can fetch them.
//
// AWS Backup restores the current version of each object as of the recovery point, and a restore into an
// existing bucket never overwrites an object that exists there.
type Backup struct {
	pulumi.ResourceState

	Key       *kms.Key
	Vault     *backup.Vault
	Plan      *backup.Plan
	Selection *backup.Selection
	Role      *iam.Role

	VaultName pulumi.StringOutput `pulumi:"vaultName"`
	VaultArn  pulumi.StringOutput `pulumi:"vaultArn"`
	PlanId    pulumi.StringOutput `pulumi:"planId"`
	// RoleArn is the role AWS Backup backs up and restores with, which the bucket policy must admit.
	RoleArn pulumi.StringOutput `pulumi:"roleArn"`
	KeyArn  pulumi.StringOutput `pulumi:"keyArn"`
}

// NewBackup creates the key, the vault, the role with its policies, the plan and the selection, which
// waits for the role's policies because AWS Backup checks them when a backup starts.
func NewBackup(ctx *pulumi.Context, name string, args BackupArgs, opts ...pulumi.ResourceOption) (*Backup, error) {
	args, err := args.withDefaults(name)
	if err != nil {
		return nil, err
	}

	component := &Backup{}
	if err := ctx.RegisterComponentResource(BackupType, name, component, opts...); err != nil {
		return nil, fmt.Errorf("registering backup %q: %w", name, err)
	}
	parent := pulumi.Parent(component)
	stateful := append([]pulumi.ResourceOption{parent}, statefulOptions(args.Protect)...)

	account, err := lookupAccount(ctx, component)
	if err != nil {
		return nil, fmt.Errorf("backup %q: %w", name, err)
	}

	key, err := kms.NewKey(ctx, name+"-key", &kms.KeyArgs{
		Description:          pulumi.Sprintf("Encrypts the recovery points of the %s-vault backup vault.", args.NamePrefix),
		EnableKeyRotation:    pulumi.Bool(true),
		DeletionWindowInDays: pulumi.Int(args.KMSKeyDeletionWindowDays),
		Policy:               pulumi.String(keyPolicy(account)),
	}, stateful...)
	if err != nil {
		return nil, fmt.Errorf("creating the key of backup %q: %w", name, err)
	}

	vault, err := backup.NewVault(ctx, name+"-vault", &backup.VaultArgs{
		Name:         pulumi.String(args.NamePrefix + "-vault"),
		KmsKeyArn:    key.Arn,
		ForceDestroy: pulumi.Bool(args.ForceDestroy),
	}, stateful...)
	if err != nil {
		return nil, fmt.Errorf("creating the vault of backup %q: %w", name, err)
	}

	role, err := iam.NewRole(ctx, name+"-role", &iam.RoleArgs{
		Description:      pulumi.Sprintf("AWS Backup backs up and restores the bucket of the %s plan.", args.NamePrefix),
		AssumeRolePolicy: pulumi.String(backupTrustPolicy()),
	}, parent)
	if err != nil {
		return nil, fmt.Errorf("creating the role of backup %q: %w", name, err)
	}
	rolePolicies := []pulumi.Resource{}
	for _, policy := range BackupS3ManagedPolicies {
		attachment, err := iam.NewRolePolicyAttachment(ctx, name+"-"+policy, &iam.RolePolicyAttachmentArgs{
			Role:      role.Name,
			PolicyArn: pulumi.String(fmt.Sprintf("arn:%s:iam::aws:policy/%s", account.Partition, policy)),
		}, parent)
		if err != nil {
			return nil, fmt.Errorf("attaching %s to the role of backup %q: %w", policy, name, err)
		}
		rolePolicies = append(rolePolicies, attachment)
	}
	vaultKeyPolicy, err := iam.NewRolePolicy(ctx, name+"-vault-key", &iam.RolePolicyArgs{
		Role: role.ID(),
		Policy: key.Arn.ApplyT(func(keyArn string) string {
			return backupVaultKeyPolicy(account, keyArn)
		}).(pulumi.StringOutput),
	}, parent)
	if err != nil {
		return nil, fmt.Errorf("creating the vault key policy of backup %q: %w", name, err)
	}
	rolePolicies = append(rolePolicies, vaultKeyPolicy)

	plan, err := backup.NewPlan(ctx, name+"-plan", &backup.PlanArgs{
		Name: pulumi.String(args.NamePrefix + "-daily"),
		Rules: backup.PlanRuleArray{
			&backup.PlanRuleArgs{
				RuleName:         pulumi.String("daily"),
				TargetVaultName:  vault.Name,
				Schedule:         pulumi.String(args.Schedule),
				StartWindow:      pulumi.Int(backupStartWindowMinutes),
				CompletionWindow: pulumi.Int(backupCompletionWindowMinutes),
				Lifecycle: &backup.PlanRuleLifecycleArgs{
					DeleteAfter: pulumi.Int(args.RetentionDays),
				},
			},
		},
	}, parent)
	if err != nil {
		return nil, fmt.Errorf("creating the plan of backup %q: %w", name, err)
	}

	selection, err := backup.NewSelection(ctx, name+"-selection", &backup.SelectionArgs{
		Name:       pulumi.String(args.NamePrefix + "-bucket"),
		PlanId:     plan.ID(),
		IamRoleArn: role.Arn,
		Resources:  pulumi.StringArray{args.BucketArn},
	}, parent, pulumi.DependsOn(rolePolicies))
	if err != nil {
		return nil, fmt.Errorf("creating the selection of backup %q: %w", name, err)
	}

	component.Key = key
	component.Vault = vault
	component.Plan = plan
	component.Selection = selection
	component.Role = role
	component.VaultName = vault.Name
	component.VaultArn = vault.Arn
	component.PlanId = plan.ID().ToStringOutput()
	component.RoleArn = role.Arn
	component.KeyArn = key.Arn
	if err := ctx.RegisterResourceOutputs(component, pulumi.Map{
		"vaultName": component.VaultName,
		"vaultArn":  component.VaultArn,
		"planId":    component.PlanId,
		"roleArn":   component.RoleArn,
		"keyArn":    component.KeyArn,
	}); err != nil {
		return nil, fmt.Errorf("registering outputs of backup %q: %w", name, err)
	}
	return component, nil
}

// withDefaults fills the defaults and validates the arguments. It reports every invalid field at once.
func (args BackupArgs) withDefaults(name string) (BackupArgs, error) {
	if args.RetentionDays == 0 {
		args.RetentionDays = DefaultBackupRetentionDays
	}
	if args.Schedule == "" {
		args.Schedule = DefaultBackupSchedule
	}
	if args.KMSKeyDeletionWindowDays == 0 {
		args.KMSKeyDeletionWindowDays = DefaultKMSKeyDeletionWindowDays
	}

	var errs []error
	invalid := func(format string, values ...any) { errs = append(errs, fmt.Errorf(format, values...)) }
	if !backupNamePrefix.MatchString(args.NamePrefix) || len(args.NamePrefix) > maxBackupNamePrefix {
		invalid("NamePrefix %q is invalid; use 1 to %d letters, digits, hyphens and underscores, because "+
			"it starts the vault name", args.NamePrefix, maxBackupNamePrefix)
	}
	if args.BucketArn == nil {
		invalid("BucketArn is missing; set it to the ARN of the bucket to back up, such as UserFilesBucket.BucketArn")
	}
	if args.RetentionDays < 1 || args.RetentionDays > maxBackupRetentionDays {
		invalid("RetentionDays is %d, must be 1 to %d", args.RetentionDays, maxBackupRetentionDays)
	}
	if !backupSchedule.MatchString(args.Schedule) {
		invalid("Schedule %q is invalid; use a cron or rate expression in UTC, such as %q", args.Schedule,
			DefaultBackupSchedule)
	}
	if args.KMSKeyDeletionWindowDays < 7 || args.KMSKeyDeletionWindowDays > 30 {
		invalid("KMSKeyDeletionWindowDays is %d, must be 7 to 30", args.KMSKeyDeletionWindowDays)
	}
	if args.ForceDestroy && args.Protect {
		invalid("ForceDestroy and Protect are both set; ForceDestroy deletes the recovery points on destroy, " +
			"Protect forbids the destroy, so set only one")
	}
	if len(errs) > 0 {
		return args, fmt.Errorf("backup %q: %w", name, errors.Join(errs...))
	}
	return args, nil
}

// backupTrustPolicy lets AWS Backup assume the role.
func backupTrustPolicy() string {
	return mustMarshalPolicy([]map[string]any{{
		"Effect":    "Allow",
		"Principal": map[string]any{"Service": backupPrincipal},
		"Action":    "sts:AssumeRole",
	}})
}

// backupVaultKeyPolicy lets the role use the vault's key through AWS Backup only, which encrypts the
// recovery points with it. Grants are limited to those AWS Backup creates for its own resources.
//
// NOTE: whether S3 backups need these permissions besides the managed policies was not checked against AWS.
func backupVaultKeyPolicy(account awsAccount, keyArn string) string {
	throughBackup := map[string]any{"kms:ViaService": "backup." + account.Region + "." + account.DNSSuffix}
	return mustMarshalPolicy([]map[string]any{
		{
			"Sid":       "UseVaultKeyThroughBackup",
			"Effect":    "Allow",
			"Action":    []string{"kms:GenerateDataKey", "kms:Decrypt", "kms:DescribeKey"},
			"Resource":  keyArn,
			"Condition": map[string]any{"StringEquals": throughBackup},
		},
		{
			"Sid":      "GrantVaultKeyToBackup",
			"Effect":   "Allow",
			"Action":   "kms:CreateGrant",
			"Resource": keyArn,
			"Condition": map[string]any{
				"StringEquals": throughBackup,
				"Bool":         map[string]any{"kms:GrantIsForAWSResource": "true"},
			},
		},
	})
}
