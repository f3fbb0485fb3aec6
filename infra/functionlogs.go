package infra

import (
	"fmt"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/kms"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// newFunctionLogsKey creates the KMS key that encrypts the log groups of the platform's functions.
// CloudWatch Logs may use it only for groups named /aws/lambda/<namePrefix>-*, the names the platform
// gives its functions.
func newFunctionLogsKey(ctx *pulumi.Context, name string, account awsAccount, namePrefix string,
	deletionWindowDays int, parent pulumi.ResourceOption,
) (*kms.Key, error) {
	if deletionWindowDays == 0 {
		deletionWindowDays = DefaultKMSKeyDeletionWindowDays
	}
	groups := account.arn("logs", "log-group:/aws/lambda/"+namePrefix+"-*")
	key, err := kms.NewKey(ctx, name+"-function-logs-key", &kms.KeyArgs{
		Description:          pulumi.Sprintf("Encrypts the function log groups of %s.", namePrefix),
		EnableKeyRotation:    pulumi.Bool(true),
		DeletionWindowInDays: pulumi.Int(deletionWindowDays),
		Policy:               pulumi.String(functionLogsKeyPolicy(account, groups)),
	}, parent)
	if err != nil {
		return nil, fmt.Errorf("creating the function logs key of platform %q: %w", name, err)
	}
	return key, nil
}

// functionLogsKeyPolicy lets CloudWatch Logs use the key for the log groups that match groupsArn,
// named by the encryption context that CloudWatch Logs sends.
func functionLogsKeyPolicy(account awsAccount, groupsArn string) string {
	return keyPolicy(account, map[string]any{
		"Sid":       "CloudWatchLogsEncryptsFunctionLogGroups",
		"Effect":    "Allow",
		"Principal": map[string]any{"Service": "logs." + account.Region + "." + account.DNSSuffix},
		"Action": []string{
			"kms:Encrypt", "kms:Decrypt", "kms:ReEncryptFrom", "kms:ReEncryptTo",
			"kms:GenerateDataKey", "kms:GenerateDataKeyWithoutPlaintext", "kms:DescribeKey",
		},
		"Resource":  "*",
		"Condition": map[string]any{"ArnLike": map[string]any{"kms:EncryptionContext:aws:logs:arn": groupsArn}},
	})
}
