package infra

import (
	"fmt"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/cloudwatch"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/ec2"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/iam"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/kms"
	awsxec2 "github.com/pulumi/pulumi-awsx/sdk/v2/go/awsx/ec2"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// flowLogAggregationSeconds is the longest time a flow is aggregated before its record is written.
// AWS accepts 60 or 600. Records every minute show an incident sooner, at the price of more records for
// long flows.
const flowLogAggregationSeconds = 60

// newFlowLogs sends the flow logs of every network interface in the VPC, accepted and rejected traffic, to
// a log group encrypted with a key of its own. The flow log role may write only to that group.
func newFlowLogs(ctx *pulumi.Context, name string, account awsAccount, args NetworkArgs, network *awsxec2.Vpc,
	parent pulumi.ResourceOption,
) (*cloudwatch.LogGroup, error) {
	var stateful []pulumi.ResourceOption
	if args.Protect {
		stateful = append(stateful, pulumi.RetainOnDelete(true))
	}

	// The name is fixed, so the key policy can name the group's ARN before the group exists.
	groupName := "/vpc-flow-logs/" + args.NamePrefix
	groupARN := account.arn("logs", "log-group:"+groupName)

	key, err := kms.NewKey(ctx, name+"-flow-logs-key", &kms.KeyArgs{
		Description:          pulumi.Sprintf("Encrypts the VPC flow logs of %s.", args.NamePrefix),
		EnableKeyRotation:    pulumi.Bool(true),
		DeletionWindowInDays: pulumi.Int(args.KMSKeyDeletionWindowDays),
		Policy:               pulumi.String(flowLogKeyPolicy(account, groupARN)),
	}, append([]pulumi.ResourceOption{parent}, stateful...)...)
	if err != nil {
		return nil, fmt.Errorf("creating the flow log key of network %q: %w", name, err)
	}

	group, err := cloudwatch.NewLogGroup(ctx, name+"-flow-logs", &cloudwatch.LogGroupArgs{
		Name:            pulumi.String(groupName),
		RetentionInDays: pulumi.Int(args.FlowLogRetentionDays),
		KmsKeyId:        key.Arn,
	}, append([]pulumi.ResourceOption{parent}, stateful...)...)
	if err != nil {
		return nil, fmt.Errorf("creating the flow log group of network %q: %w", name, err)
	}

	role, err := iam.NewRole(ctx, name+"-flow-logs", &iam.RoleArgs{
		Description:      pulumi.Sprintf("Writes the VPC flow logs of %s to their log group.", args.NamePrefix),
		AssumeRolePolicy: pulumi.String(flowLogTrustPolicy(account)),
	}, parent)
	if err != nil {
		return nil, fmt.Errorf("creating the flow log role of network %q: %w", name, err)
	}

	rolePolicy, err := iam.NewRolePolicy(ctx, name+"-flow-logs", &iam.RolePolicyArgs{
		Role:   role.ID(),
		Policy: pulumi.String(flowLogRolePolicy(groupARN)),
	}, parent)
	if err != nil {
		return nil, fmt.Errorf("creating the flow log role policy of network %q: %w", name, err)
	}

	// The flow log waits for the role policy, because a flow log created before it reports an access
	// error and delivers nothing.
	_, err = ec2.NewFlowLog(ctx, name, &ec2.FlowLogArgs{
		VpcId:                  network.VpcId,
		TrafficType:            pulumi.String("ALL"),
		LogDestinationType:     pulumi.String("cloud-watch-logs"),
		LogDestination:         group.Arn,
		IamRoleArn:             role.Arn,
		MaxAggregationInterval: pulumi.Int(flowLogAggregationSeconds),
		Tags:                   pulumi.StringMap{"Name": pulumi.String(name)},
	}, parent, pulumi.DependsOn([]pulumi.Resource{rolePolicy}))
	if err != nil {
		return nil, fmt.Errorf("creating the flow log of network %q: %w", name, err)
	}
	return group, nil
}

// flowLogKeyPolicy lets CloudWatch Logs use the key for the flow log group only, named by the encryption
// context that CloudWatch Logs sends.
func flowLogKeyPolicy(account awsAccount, groupARN string) string {
	return keyPolicy(account, map[string]any{
		"Sid":       "CloudWatchLogsEncryptsFlowLogGroup",
		"Effect":    "Allow",
		"Principal": map[string]any{"Service": "logs." + account.Region + "." + account.DNSSuffix},
		"Action": []string{
			"kms:Encrypt", "kms:Decrypt", "kms:ReEncryptFrom", "kms:ReEncryptTo",
			"kms:GenerateDataKey", "kms:GenerateDataKeyWithoutPlaintext", "kms:DescribeKey",
		},
		"Resource":  "*",
		"Condition": map[string]any{"ArnEquals": map[string]any{"kms:EncryptionContext:aws:logs:arn": groupARN}},
	})
}

// flowLogTrustPolicy lets the flow log service assume the role for flow logs of this account only.
func flowLogTrustPolicy(account awsAccount) string {
	return mustMarshalPolicy([]map[string]any{{
		"Effect":    "Allow",
		"Principal": map[string]any{"Service": "vpc-flow-logs.amazonaws.com"},
		"Action":    "sts:AssumeRole",
		"Condition": map[string]any{
			"StringEquals": map[string]any{"aws:SourceAccount": account.ID},
			"ArnLike":      map[string]any{"aws:SourceArn": account.arn("ec2", "vpc-flow-log/*")},
		},
	}})
}

// flowLogRolePolicy lets the flow log service write to the one log group.
//
// NOTE: AWS's example policy for flow logs also grants logs:DescribeLogGroups on every group. Delivery
// to a group that exists does not need it; add it only if the flow log reports an access error.
func flowLogRolePolicy(groupARN string) string {
	return mustMarshalPolicy([]map[string]any{{
		"Sid":      "WriteFlowLogGroup",
		"Effect":   "Allow",
		"Action":   []string{"logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogStreams"},
		"Resource": []string{groupARN, groupARN + ":*"},
	}})
}
