package infra

import (
	"fmt"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/kms"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// newFunctionLogsKey creates the KMS key that encrypts the log groups of the platform's functions, of
// its API's access logs and of its web ACL. CloudWatch Logs may use it only for the group names that
// platformLogGroupPatterns lists, the names the platform gives these groups.
func newFunctionLogsKey(ctx *pulumi.Context, name string, account awsAccount, namePrefix string,
	deletionWindowDays int, parent pulumi.ResourceOption,
) (*kms.Key, error) {
	if deletionWindowDays == 0 {
		deletionWindowDays = DefaultKMSKeyDeletionWindowDays
	}
	var groups []string
	for _, pattern := range platformLogGroupPatterns(namePrefix) {
		groups = append(groups, account.arn("logs", "log-group:"+pattern))
	}
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

// platformLogGroupPatterns returns the names of the log groups that the platform's logs key encrypts.
// They are the groups of the functions, of the REST API's access and execution logs, and of the API's
// web ACL, whose name must start with aws-waf-logs-. API Gateway names the execution log group
// API-Gateway-Execution-Logs_<api id>/<stage>, and the API id is not known when the key is created.
// So that pattern admits the execution log groups of every REST API in the account and region, though
// only for the CloudWatch Logs service that the key policy names.
func platformLogGroupPatterns(namePrefix string) []string {
	return []string{
		"/aws/lambda/" + namePrefix + "-*",
		"/aws/apigateway/" + namePrefix + "-*",
		"aws-waf-logs-" + namePrefix + "-*",
		"API-Gateway-Execution-Logs_*",
	}
}

// functionLogsKeyPolicy lets CloudWatch Logs use the key for the log groups that match one of
// groupsArns, named by the encryption context that CloudWatch Logs sends.
func functionLogsKeyPolicy(account awsAccount, groupsArns []string) string {
	return keyPolicy(account, map[string]any{
		"Sid":       "CloudWatchLogsEncryptsPlatformLogGroups",
		"Effect":    "Allow",
		"Principal": map[string]any{"Service": "logs." + account.Region + "." + account.DNSSuffix},
		"Action": []string{
			"kms:Encrypt", "kms:Decrypt", "kms:ReEncryptFrom", "kms:ReEncryptTo",
			"kms:GenerateDataKey", "kms:GenerateDataKeyWithoutPlaintext", "kms:DescribeKey",
		},
		"Resource":  "*",
		"Condition": map[string]any{"ArnLike": map[string]any{"kms:EncryptionContext:aws:logs:arn": groupsArns}},
	})
}
