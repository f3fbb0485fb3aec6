package infra

import (
	"encoding/json"
	"fmt"
	"slices"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// CloudWatchRetentionDays are the only retention periods, in days, that CloudWatch Logs accepts for a
// log group.
var CloudWatchRetentionDays = []int{
	1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
}

// validRetentionDays reports whether CloudWatch Logs accepts days as a retention period.
func validRetentionDays(days int) bool {
	return slices.Contains(CloudWatchRetentionDays, days)
}

// awsAccount is the account, partition and region that the stack deploys to.
type awsAccount struct {
	ID        string
	Partition string
	Region    string
	// DNSSuffix is the domain of the partition's endpoints, such as "amazonaws.com".
	DNSSuffix string
	// ServicePrefix starts the service names of VPC endpoints, such as "com.amazonaws".
	ServicePrefix string
}

// lookupAccount reads the account id, partition and region through the aws data sources.
func lookupAccount(ctx *pulumi.Context, parent pulumi.Resource) (awsAccount, error) {
	identity, err := aws.GetCallerIdentity(ctx, nil, pulumi.Parent(parent))
	if err != nil {
		return awsAccount{}, fmt.Errorf("reading the AWS account id: %w", err)
	}
	partition, err := aws.GetPartition(ctx, nil, pulumi.Parent(parent))
	if err != nil {
		return awsAccount{}, fmt.Errorf("reading the AWS partition: %w", err)
	}
	region, err := aws.GetRegion(ctx, nil, pulumi.Parent(parent))
	if err != nil {
		return awsAccount{}, fmt.Errorf("reading the AWS region: %w", err)
	}
	return awsAccount{
		ID:            identity.AccountId,
		Partition:     partition.Partition,
		Region:        region.Name,
		DNSSuffix:     partition.DnsSuffix,
		ServicePrefix: partition.ReverseDnsPrefix,
	}, nil
}

// arn returns the ARN of a regional resource in the account, such as arn("logs", "log-group:/x").
func (a awsAccount) arn(service, resource string) string {
	return fmt.Sprintf("arn:%s:%s:%s:%s:%s", a.Partition, service, a.Region, a.ID, resource)
}

// rootARN returns the ARN of the account root, the principal that delegates access to IAM policies.
func (a awsAccount) rootARN() string {
	return fmt.Sprintf("arn:%s:iam::%s:root", a.Partition, a.ID)
}

// endpointService returns the service name of a VPC endpoint in the region, such as
// "com.amazonaws.eu-west-1.sts" for "sts".
func (a awsAccount) endpointService(service string) string {
	return a.ServicePrefix + "." + a.Region + "." + service
}

// keyPolicy returns a KMS key policy in which the account administers and uses the key through IAM
// policies, so each role gets only the key actions its own policy grants, followed by the extra
// statements for AWS services that use the key on the account's behalf.
func keyPolicy(account awsAccount, extra ...map[string]any) string {
	statements := []map[string]any{{
		"Sid":       "AccountAdministersKeyThroughIAM",
		"Effect":    "Allow",
		"Principal": map[string]any{"AWS": account.rootARN()},
		"Action":    "kms:*",
		"Resource":  "*",
	}}
	statements = append(statements, extra...)
	return mustMarshalPolicy(statements)
}

// mustMarshalPolicy returns the JSON policy document with the statements. The statements are built in
// code from strings, maps and slices, which always encode.
func mustMarshalPolicy(statements []map[string]any) string {
	text, err := json.Marshal(map[string]any{"Version": "2012-10-17", "Statement": statements})
	if err != nil {
		panic(fmt.Sprintf("infra: encoding a policy built in code: %v", err))
	}
	return string(text)
}
