package components

import (
	"github.com/pulumi/pulumi-go-provider/infer"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/secureserverless/framework/infra"
)

// AccountBaseline is the account and region security services: GuardDuty, AWS Config, Security Hub, IAM
// Access Analyzer and API Gateway's CloudWatch role.
type AccountBaseline struct {
	pulumi.ResourceState

	DetectorId                  pulumi.StringOutput `pulumi:"detectorId"`
	ConfigRecorderName          pulumi.StringOutput `pulumi:"configRecorderName"`
	ConfigBucketName            pulumi.StringOutput `pulumi:"configBucketName"`
	SecurityHubArn              pulumi.StringOutput `pulumi:"securityHubArn"`
	AnalyzerArn                 pulumi.StringOutput `pulumi:"analyzerArn"`
	ApiGatewayCloudWatchRoleArn pulumi.StringOutput `pulumi:"apiGatewayCloudWatchRoleArn"`
}

// AccountBaselineArgs are the inputs of the AccountBaseline.
type AccountBaselineArgs struct {
	NamePrefix                       string `pulumi:"namePrefix"`
	GuardDuty                        bool   `pulumi:"guardDuty,optional"`
	GuardDutyPublishingFrequency     string `pulumi:"guardDutyPublishingFrequency,optional"`
	Config                           bool   `pulumi:"config,optional"`
	ConfigExcludeGlobalResourceTypes bool   `pulumi:"configExcludeGlobalResourceTypes,optional"`
	ConfigSnapshotFrequency          string `pulumi:"configSnapshotFrequency,optional"`
	ConfigRetentionDays              int    `pulumi:"configRetentionDays,optional"`
	ConfigNoncurrentVersionDays      int    `pulumi:"configNoncurrentVersionDays,optional"`
	SecurityHub                      bool   `pulumi:"securityHub,optional"`
	SecurityHubCisVersion            string `pulumi:"securityHubCisVersion,optional"`
	AccessAnalyzer                   bool   `pulumi:"accessAnalyzer,optional"`
	ApiGatewayCloudWatchRole         bool   `pulumi:"apiGatewayCloudWatchRole,optional"`
	KmsKeyDeletionWindowDays         int    `pulumi:"kmsKeyDeletionWindowDays,optional"`
	ForceDestroy                     bool   `pulumi:"forceDestroy,optional"`
	Protect                          bool   `pulumi:"protect,optional"`
}

// baselineFields maps the fields of infra.BaselineArgs to the input names.
var baselineFields = map[string]string{
	"NamePrefix": "namePrefix", "GuardDuty.FindingPublishingFrequency": "guardDutyPublishingFrequency",
	"Config.SnapshotFrequency": "configSnapshotFrequency", "Config.RetentionDays": "configRetentionDays",
	"Config.NoncurrentVersionDays": "configNoncurrentVersionDays", "SecurityHub.CISVersion": "securityHubCisVersion",
	"KMSKeyDeletionWindowDays": "kmsKeyDeletionWindowDays", "ForceDestroy": "forceDestroy", "Protect": "protect",
}

// Annotate sets the descriptions and defaults of the inputs.
func (args *AccountBaselineArgs) Annotate(a infer.Annotator) {
	a.Describe(&args.NamePrefix, "Start of the names of the recorder, the delivery channel, the analyzer and the "+
		"roles: 1 to 40 letters, digits, hyphens and underscores.")
	a.Describe(&args.GuardDuty, "Create the GuardDuty detector with S3 Protection and Lambda network activity "+
		"monitoring.")
	a.SetDefault(&args.GuardDuty, false)
	a.Describe(&args.GuardDutyPublishingFrequency, "How often GuardDuty sends updates of a finding to EventBridge: "+
		"FIFTEEN_MINUTES, ONE_HOUR or SIX_HOURS.")
	a.SetDefault(&args.GuardDutyPublishingFrequency, infra.DefaultGuardDutyPublishingFrequency)
	a.Describe(&args.Config, "Create the AWS Config recorder of all supported resource types, its delivery "+
		"channel, its encrypted bucket and its role.")
	a.SetDefault(&args.Config, false)
	a.Describe(&args.ConfigExcludeGlobalResourceTypes, "Stop recording IAM users, groups, roles and policies, which "+
		"AWS recommends recording in one region only.")
	a.SetDefault(&args.ConfigExcludeGlobalResourceTypes, false)
	a.Describe(&args.ConfigSnapshotFrequency, "How often AWS Config delivers a snapshot, such as TwentyFour_Hours.")
	a.SetDefault(&args.ConfigSnapshotFrequency, infra.DefaultConfigSnapshotFrequency)
	a.Describe(&args.ConfigRetentionDays, "Days that the Config bucket keeps each delivery, 1 to 3650.")
	a.SetDefault(&args.ConfigRetentionDays, infra.DefaultConfigRetentionDays)
	a.Describe(&args.ConfigNoncurrentVersionDays, "Days that a deleted or overwritten delivery stays recoverable, "+
		"at least 1.")
	a.SetDefault(&args.ConfigNoncurrentVersionDays, infra.DefaultConfigNoncurrentVersionDays)
	a.Describe(&args.SecurityHub, "Turn Security Hub on with the AWS Foundational Security Best Practices and the "+
		"CIS AWS Foundations Benchmark standards. Most of their controls need AWS Config recording in the region.")
	a.SetDefault(&args.SecurityHub, false)
	a.Describe(&args.SecurityHubCisVersion, "Version of the CIS AWS Foundations Benchmark: 1.2.0, 1.4.0 or 3.0.0.")
	a.SetDefault(&args.SecurityHubCisVersion, infra.DefaultSecurityHubCISVersion)
	a.Describe(&args.AccessAnalyzer, "Create an IAM Access Analyzer of the account.")
	a.SetDefault(&args.AccessAnalyzer, false)
	a.Describe(&args.ApiGatewayCloudWatchRole, "Set the role through which API Gateway writes the logs of every "+
		"REST API in the region, a setting of the account and region.")
	a.SetDefault(&args.ApiGatewayCloudWatchRole, false)
	a.Describe(&args.KmsKeyDeletionWindowDays, "Waiting period in days, 7 to 30, before a scheduled deletion of "+
		"the Config bucket's key takes effect.")
	a.SetDefault(&args.KmsKeyDeletionWindowDays, infra.DefaultKMSKeyDeletionWindowDays)
	a.Describe(&args.ForceDestroy, "Let `pulumi destroy` delete the Config bucket while it still holds objects.")
	a.SetDefault(&args.ForceDestroy, false)
	a.Describe(&args.Protect, "Protect the Config bucket and its key from `pulumi destroy` and keep them in AWS "+
		"when they leave the program.")
	a.SetDefault(&args.Protect, false)
}

// Annotate sets the AccountBaseline's token and the descriptions of its outputs.
func (c *AccountBaseline) Annotate(a infer.Annotator) {
	setToken(a, infra.BaselineType)
	a.Describe(c, "The security services of an account and region, each behind a switch that is off by default: "+
		"GuardDuty, AWS Config, Security Hub, IAM Access Analyzer and API Gateway's CloudWatch role. Deploy it once "+
		"per account and region, apart from the application stacks.")
	a.Describe(&c.DetectorId, "Id of the GuardDuty detector, empty when guardDuty is false.")
	a.Describe(&c.ConfigRecorderName, "Name of the AWS Config recorder, empty when config is false.")
	a.Describe(&c.ConfigBucketName, "Name of the Config delivery bucket, empty when config is false.")
	a.Describe(&c.SecurityHubArn, "ARN of the Security Hub account, empty when securityHub is false.")
	a.Describe(&c.AnalyzerArn, "ARN of the IAM Access Analyzer, empty when accessAnalyzer is false.")
	a.Describe(&c.ApiGatewayCloudWatchRoleArn, "ARN of API Gateway's CloudWatch role, empty when "+
		"apiGatewayCloudWatchRole is false.")
}

// NewAccountBaseline registers the AccountBaseline and builds infra's baseline into it.
func NewAccountBaseline(ctx *pulumi.Context, name string, args AccountBaselineArgs, opts ...pulumi.ResourceOption,
) (*AccountBaseline, error) {
	component := &AccountBaseline{}
	if err := ctx.RegisterComponentResource(infra.BaselineType, name, component, opts...); err != nil {
		return nil, err
	}
	baseline, err := infra.BuildAccountBaseline(ctx, name, infra.BaselineArgs{
		NamePrefix: args.NamePrefix,
		GuardDuty: infra.GuardDutyBaselineArgs{
			Enabled:                    args.GuardDuty,
			FindingPublishingFrequency: args.GuardDutyPublishingFrequency,
		},
		Config: infra.ConfigBaselineArgs{
			Enabled:                    args.Config,
			ExcludeGlobalResourceTypes: args.ConfigExcludeGlobalResourceTypes,
			SnapshotFrequency:          args.ConfigSnapshotFrequency,
			RetentionDays:              args.ConfigRetentionDays,
			NoncurrentVersionDays:      args.ConfigNoncurrentVersionDays,
		},
		SecurityHub:              infra.SecurityHubBaselineArgs{Enabled: args.SecurityHub, CISVersion: args.SecurityHubCisVersion},
		AccessAnalyzer:           args.AccessAnalyzer,
		APIGatewayCloudWatchRole: args.ApiGatewayCloudWatchRole,
		KMSKeyDeletionWindowDays: args.KmsKeyDeletionWindowDays,
		ForceDestroy:             args.ForceDestroy,
		Protect:                  args.Protect,
	}, component)
	if err != nil {
		return nil, inputError(infra.BaselineType, name, err, baselineFields)
	}

	component.DetectorId = baseline.DetectorId
	component.ConfigRecorderName = baseline.ConfigRecorderName
	component.ConfigBucketName = baseline.ConfigBucketName
	component.SecurityHubArn = baseline.SecurityHubArn
	component.AnalyzerArn = baseline.AnalyzerArn
	component.ApiGatewayCloudWatchRoleArn = baseline.APIGatewayRoleArn
	return component, nil
}
