package infra

import (
	"fmt"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/cfg"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/iam"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/kms"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// configDeliveryPrefix starts the keys AWS Config delivers to, before AWSLogs/<account>/Config/.
const configDeliveryPrefix = "config"

// baselineConfig is AWS Config: the recorder, its role, the delivery channel and its encrypted bucket.
type baselineConfig struct {
	key      *kms.Key
	bucket   *deliveryBucket
	role     *iam.Role
	recorder *cfg.Recorder
	channel  *cfg.DeliveryChannel
	status   *cfg.RecorderStatus
}

// newBaselineConfig creates the key, the bucket, the role, the recorder, the delivery channel and the
// recorder status that starts recording. AWS Config needs the recorder before the channel, and the
// channel before recording starts.
func newBaselineConfig(ctx *pulumi.Context, name string, args BaselineArgs, account awsAccount,
	parent pulumi.ResourceOption,
) (*baselineConfig, error) {
	stateful := append([]pulumi.ResourceOption{parent}, statefulOptions(args.Protect)...)
	config := &baselineConfig{}
	var err error

	config.key, err = kms.NewKey(ctx, name+"-config-key", &kms.KeyArgs{
		Description:          pulumi.Sprintf("Encrypts the AWS Config history of %s.", args.NamePrefix),
		EnableKeyRotation:    pulumi.Bool(true),
		DeletionWindowInDays: pulumi.Int(args.KMSKeyDeletionWindowDays),
		Policy:               pulumi.String(configKeyPolicy(account)),
	}, stateful...)
	if err != nil {
		return nil, fmt.Errorf("creating the Config key of account baseline %q: %w", name, err)
	}

	config.bucket, err = newDeliveryBucket(ctx, name+"-config", deliveryBucketArgs{
		keyArn:                config.key.Arn,
		expirationDays:        args.Config.RetentionDays,
		noncurrentVersionDays: args.Config.NoncurrentVersionDays,
		serviceStatements: func(bucketArn string) []map[string]any {
			return configBucketStatements(account, bucketArn)
		},
		forceDestroy: args.ForceDestroy,
		protect:      args.Protect,
	}, parent)
	if err != nil {
		return nil, err
	}

	config.role, err = iam.NewRole(ctx, name+"-config", &iam.RoleArgs{
		Description:      pulumi.Sprintf("AWS Config records the resources of %s and delivers their history.", args.NamePrefix),
		AssumeRolePolicy: pulumi.String(configTrustPolicy(account)),
	}, parent)
	if err != nil {
		return nil, fmt.Errorf("creating the Config role of account baseline %q: %w", name, err)
	}
	recording, err := iam.NewRolePolicyAttachment(ctx, name+"-config", &iam.RolePolicyAttachmentArgs{
		Role:      config.role.Name,
		PolicyArn: pulumi.String(fmt.Sprintf("arn:%s:iam::aws:policy/service-role/AWS_ConfigRole", account.Partition)),
	}, parent)
	if err != nil {
		return nil, fmt.Errorf("attaching AWS_ConfigRole in account baseline %q: %w", name, err)
	}
	delivery, err := iam.NewRolePolicy(ctx, name+"-config-delivery", &iam.RolePolicyArgs{
		Role: config.role.ID(),
		Policy: pulumi.All(config.bucket.bucket.Arn, config.key.Arn).ApplyT(func(values []any) string {
			return configDeliveryPolicy(account, values[0].(string), values[1].(string))
		}).(pulumi.StringOutput),
	}, parent)
	if err != nil {
		return nil, fmt.Errorf("creating the Config delivery policy of account baseline %q: %w", name, err)
	}

	includeGlobal := !args.Config.ExcludeGlobalResourceTypes
	config.recorder, err = cfg.NewRecorder(ctx, name+"-config", &cfg.RecorderArgs{
		Name:    pulumi.String(args.NamePrefix),
		RoleArn: config.role.Arn,
		RecordingGroup: &cfg.RecorderRecordingGroupArgs{
			AllSupported:               pulumi.Bool(true),
			IncludeGlobalResourceTypes: pulumi.Bool(includeGlobal),
		},
	}, parent, pulumi.DependsOn([]pulumi.Resource{recording}))
	if err != nil {
		return nil, fmt.Errorf("creating the Config recorder of account baseline %q: %w", name, err)
	}

	config.channel, err = cfg.NewDeliveryChannel(ctx, name+"-config", &cfg.DeliveryChannelArgs{
		Name:         pulumi.String(args.NamePrefix),
		S3BucketName: config.bucket.bucket.Bucket,
		S3KeyPrefix:  pulumi.String(configDeliveryPrefix),
		S3KmsKeyArn:  config.key.Arn,
		SnapshotDeliveryProperties: &cfg.DeliveryChannelSnapshotDeliveryPropertiesArgs{
			DeliveryFrequency: pulumi.String(args.Config.SnapshotFrequency),
		},
	}, parent, pulumi.DependsOn([]pulumi.Resource{config.recorder, config.bucket.policy, delivery}))
	if err != nil {
		return nil, fmt.Errorf("creating the Config delivery channel of account baseline %q: %w", name, err)
	}

	config.status, err = cfg.NewRecorderStatus(ctx, name+"-config", &cfg.RecorderStatusArgs{
		Name:      config.recorder.Name,
		IsEnabled: pulumi.Bool(true),
	}, parent, pulumi.DependsOn([]pulumi.Resource{config.channel}))
	if err != nil {
		return nil, fmt.Errorf("starting the Config recorder of account baseline %q: %w", name, err)
	}
	return config, nil
}

// configKeyPolicy lets AWS Config encrypt the history it delivers for this account.
func configKeyPolicy(account awsAccount) string {
	return keyPolicy(account, map[string]any{
		"Sid":       "ConfigEncryptsDeliveries",
		"Effect":    "Allow",
		"Principal": map[string]any{"Service": configPrincipal},
		"Action":    []string{"kms:Decrypt", "kms:GenerateDataKey"},
		"Resource":  "*",
		"Condition": map[string]any{"StringEquals": map[string]any{"aws:SourceAccount": account.ID}},
	})
}

// configBucketStatements let AWS Config check the bucket and deliver this account's history under
// config/AWSLogs/<account>/Config/, as the bucket policy AWS documents for delivery channels does.
func configBucketStatements(account awsAccount, bucketArn string) []map[string]any {
	sourceAccount := map[string]any{"aws:SourceAccount": account.ID}
	return []map[string]any{
		{
			"Sid":       "ConfigChecksBucketAcl",
			"Effect":    "Allow",
			"Principal": map[string]any{"Service": configPrincipal},
			"Action":    "s3:GetBucketAcl",
			"Resource":  bucketArn,
			"Condition": map[string]any{"StringEquals": sourceAccount},
		},
		{
			"Sid":       "ConfigChecksBucketExists",
			"Effect":    "Allow",
			"Principal": map[string]any{"Service": configPrincipal},
			"Action":    "s3:ListBucket",
			"Resource":  bucketArn,
			"Condition": map[string]any{"StringEquals": sourceAccount},
		},
		{
			"Sid":       "ConfigDeliversHistory",
			"Effect":    "Allow",
			"Principal": map[string]any{"Service": configPrincipal},
			"Action":    "s3:PutObject",
			"Resource":  configDeliveryObjects(account, bucketArn),
			"Condition": map[string]any{
				"StringEquals": map[string]any{
					"s3:x-amz-acl":      "bucket-owner-full-control",
					"aws:SourceAccount": account.ID,
				},
			},
		},
	}
}

// configDeliveryObjects is the ARN pattern of the objects AWS Config delivers for the account.
func configDeliveryObjects(account awsAccount, bucketArn string) string {
	return bucketArn + "/" + configDeliveryPrefix + "/AWSLogs/" + account.ID + "/Config/*"
}

// configTrustPolicy lets AWS Config assume the role for this account only.
func configTrustPolicy(account awsAccount) string {
	return mustMarshalPolicy([]map[string]any{{
		"Effect":    "Allow",
		"Principal": map[string]any{"Service": configPrincipal},
		"Action":    "sts:AssumeRole",
		"Condition": map[string]any{"StringEquals": map[string]any{"aws:SourceAccount": account.ID}},
	}})
}

// configDeliveryPolicy lets the recorder's role check the bucket, deliver under the Config prefix and
// encrypt with the bucket's key through S3.
func configDeliveryPolicy(account awsAccount, bucketArn, keyArn string) string {
	return mustMarshalPolicy([]map[string]any{
		{
			"Sid":      "CheckDeliveryBucket",
			"Effect":   "Allow",
			"Action":   []string{"s3:GetBucketAcl", "s3:ListBucket"},
			"Resource": bucketArn,
		},
		{
			"Sid":       "DeliverHistory",
			"Effect":    "Allow",
			"Action":    "s3:PutObject",
			"Resource":  configDeliveryObjects(account, bucketArn),
			"Condition": map[string]any{"StringEquals": map[string]any{"s3:x-amz-acl": "bucket-owner-full-control"}},
		},
		{
			"Sid":       "EncryptHistoryThroughS3",
			"Effect":    "Allow",
			"Action":    []string{"kms:Decrypt", "kms:GenerateDataKey"},
			"Resource":  keyArn,
			"Condition": map[string]any{"StringEquals": map[string]any{"kms:ViaService": s3ViaService(account)}},
		},
	})
}
