package infra

import (
	"fmt"
	"regexp"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/kms"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// LogsKeyType is the type token of the logs key component.
const LogsKeyType = "secureserverless:monitoring:LogsKey"

// logsKeyNamePrefix matches the name prefixes whose log group names the key policy can name.
var logsKeyNamePrefix = regexp.MustCompile(`^[A-Za-z0-9_-]{1,200}$`)

// LogsKeyArgs configures the KMS key of a stack's function, API and web ACL log groups.
type LogsKeyArgs struct {
	// NamePrefix is the NamePrefix given to the GoFunction, RestAPI and APIFirewall components whose
	// log groups the key encrypts, such as "hello-api-dev".
	NamePrefix string
	// DeletionWindowDays is the waiting period, 7 to 30 days, before a scheduled deletion of the key.
	// Defaults to DefaultKMSKeyDeletionWindowDays.
	DeletionWindowDays int
}

// LogsKey is the KMS key, with rotation, that CloudWatch Logs uses for the log groups the platform's
// components name after NamePrefix: /aws/lambda/<NamePrefix>-*, /aws/apigateway/<NamePrefix>-*,
// aws-waf-logs-<NamePrefix>-* and the API's execution log groups. Pass KeyArn as LogsKeyArn of those
// components. The Platform component creates its own.
type LogsKey struct {
	pulumi.ResourceState

	Key *kms.Key

	KeyArn pulumi.StringOutput `pulumi:"keyArn"`
}

// NewLogsKey creates the key with a policy that lets CloudWatch Logs use it for those groups only.
func NewLogsKey(ctx *pulumi.Context, name string, args LogsKeyArgs, opts ...pulumi.ResourceOption,
) (*LogsKey, error) {
	if !logsKeyNamePrefix.MatchString(args.NamePrefix) {
		return nil, fmt.Errorf("logs key %q: NamePrefix %q is invalid; use 1 to 200 letters, digits, hyphens "+
			"and underscores, the NamePrefix of the components whose log groups the key encrypts", name, args.NamePrefix)
	}
	if args.DeletionWindowDays != 0 && (args.DeletionWindowDays < 7 || args.DeletionWindowDays > 30) {
		return nil, fmt.Errorf("logs key %q: DeletionWindowDays %d is out of range; use 7 to 30, or 0 for %d",
			name, args.DeletionWindowDays, DefaultKMSKeyDeletionWindowDays)
	}
	component := &LogsKey{}
	self, err := registerComponent(ctx, LogsKeyType, name, component, opts...)
	if err != nil {
		return nil, fmt.Errorf("registering logs key %q: %w", name, err)
	}
	account, err := lookupAccount(ctx, self)
	if err != nil {
		return nil, fmt.Errorf("logs key %q: %w", name, err)
	}
	key, err := newFunctionLogsKey(ctx, name, account, args.NamePrefix, args.DeletionWindowDays,
		pulumi.Parent(self))
	if err != nil {
		return nil, err
	}
	component.Key = key
	component.KeyArn = key.Arn
	if err := registerOutputs(ctx, self, component, pulumi.Map{"keyArn": key.Arn}); err != nil {
		return nil, fmt.Errorf("registering outputs of logs key %q: %w", name, err)
	}
	return component, nil
}
