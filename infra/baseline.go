package infra

import (
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strings"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/accessanalyzer"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/apigateway"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/cfg"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/guardduty"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/iam"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/s3"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/securityhub"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// BaselineType is the type token of the account baseline component.
const BaselineType = "secureserverless:baseline:AccountBaseline"

// Finding publishing frequencies of GuardDutyBaselineArgs, as GuardDuty names them.
const (
	GuardDutyFifteenMinutes = "FIFTEEN_MINUTES"
	GuardDutyOneHour        = "ONE_HOUR"
	GuardDutySixHours       = "SIX_HOURS"
)

// GuardDutyFeatures are the protection plans the detector turns on: S3 Protection, which watches S3 data
// events for suspicious access to buckets, and Lambda Protection, which watches the network activity
// of functions for calls to known bad hosts.
var GuardDutyFeatures = []string{"S3_DATA_EVENTS", "LAMBDA_NETWORK_LOGS"}

// GuardDutyPublishingFrequencies are the accepted values of GuardDutyBaselineArgs.FindingPublishingFrequency.
var GuardDutyPublishingFrequencies = []string{GuardDutyFifteenMinutes, GuardDutyOneHour, GuardDutySixHours}

// ConfigSnapshotFrequencies are the accepted values of ConfigBaselineArgs.SnapshotFrequency, as AWS
// Config names them.
var ConfigSnapshotFrequencies = []string{
	"One_Hour", "Three_Hours", "Six_Hours", "Twelve_Hours", "TwentyFour_Hours",
}

// SecurityHubCISVersions are the CIS AWS Foundations Benchmark versions Security Hub offers.
var SecurityHubCISVersions = []string{"1.2.0", "1.4.0", "3.0.0"}

// Defaults of BaselineArgs; a zero field means the default.
const (
	// DefaultGuardDutyPublishingFrequency sends updates of a finding to EventBridge every 15 minutes
	// rather than GuardDuty's default of 6 hours, at no extra cost.
	DefaultGuardDutyPublishingFrequency = GuardDutyFifteenMinutes
	// DefaultConfigSnapshotFrequency delivers a snapshot of every recorded resource once a day.
	DefaultConfigSnapshotFrequency = "TwentyFour_Hours"
	// DefaultConfigRetentionDays keeps the configuration history in the bucket for seven years, as long
	// as AWS Config keeps it by default.
	DefaultConfigRetentionDays = 2557
	// DefaultConfigNoncurrentVersionDays is how long a deleted or overwritten delivery stays recoverable.
	DefaultConfigNoncurrentVersionDays = 30
	// DefaultSecurityHubCISVersion is the newest CIS benchmark in SecurityHubCISVersions.
	DefaultSecurityHubCISVersion = "3.0.0"
	// maxConfigRetentionDays is ten years.
	maxConfigRetentionDays = 3650
)

// configPrincipal is the service that records configurations and delivers them.
const configPrincipal = "config.amazonaws.com"

// baselineNamePrefix matches the name prefixes that give valid recorder, analyzer and role names.
var baselineNamePrefix = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9_-]{0,39}$`)

// GuardDutyBaselineArgs configures GuardDuty.
type GuardDutyBaselineArgs struct {
	// Enabled creates the detector with the features of GuardDutyFeatures.
	Enabled bool
	// FindingPublishingFrequency is how often GuardDuty sends updates of a finding to EventBridge: one of
	// GuardDutyPublishingFrequencies. Defaults to DefaultGuardDutyPublishingFrequency.
	FindingPublishingFrequency string
}

// ConfigBaselineArgs configures AWS Config.
type ConfigBaselineArgs struct {
	// Enabled creates the recorder of all supported resource types, its delivery channel, the encrypted
	// bucket the channel delivers to and the recorder's role.
	Enabled bool
	// ExcludeGlobalResourceTypes stops recording IAM users, groups, roles and policies, which AWS
	// recommends recording in one region only. The policy pack requires them unless its config sets
	// config-recorder-enabled's requireGlobalResourceTypes to false.
	ExcludeGlobalResourceTypes bool
	// SnapshotFrequency is how often AWS Config delivers a snapshot: one of ConfigSnapshotFrequencies.
	// Defaults to DefaultConfigSnapshotFrequency.
	SnapshotFrequency string
	// RetentionDays is how long the bucket keeps each delivery, 1 to 3650. Defaults to
	// DefaultConfigRetentionDays.
	RetentionDays int
	// NoncurrentVersionDays is how long a deleted or overwritten delivery stays recoverable, at least 1.
	// Defaults to DefaultConfigNoncurrentVersionDays.
	NoncurrentVersionDays int
}

// SecurityHubBaselineArgs configures Security Hub.
type SecurityHubBaselineArgs struct {
	// Enabled turns Security Hub on with the AWS Foundational Security Best Practices and the CIS AWS
	// Foundations Benchmark standards. Most of their controls read AWS Config, so Config must record in
	// the region, from this baseline or elsewhere.
	Enabled bool
	// CISVersion is one of SecurityHubCISVersions. Defaults to DefaultSecurityHubCISVersion.
	CISVersion string
}

// BaselineArgs configures the account baseline. Every service is off unless its switch is on.
type BaselineArgs struct {
	// NamePrefix starts the names of the recorder, the delivery channel, the analyzer and the roles:
	// 1 to 40 letters, digits, hyphens and underscores, such as "secure-serverless-baseline".
	NamePrefix     string
	GuardDuty      GuardDutyBaselineArgs
	Config         ConfigBaselineArgs
	SecurityHub    SecurityHubBaselineArgs
	AccessAnalyzer bool
	// APIGatewayCloudWatchRole sets the role through which API Gateway writes the execution and access
	// logs of every REST API in the region. The role is one setting per account and region, which is
	// why the baseline sets it rather than each app stack.
	APIGatewayCloudWatchRole bool
	// KMSKeyDeletionWindowDays is the waiting period, 7 to 30 days, before a scheduled deletion of the
	// Config bucket's key. Defaults to DefaultKMSKeyDeletionWindowDays.
	KMSKeyDeletionWindowDays int
	// ForceDestroy lets `pulumi destroy` delete the Config bucket while it still holds objects.
	ForceDestroy bool
	// Protect protects the Config bucket and its key from `pulumi destroy` and keeps them in AWS when they
	// leave the program.
	Protect bool
}

// Baseline holds the security services that exist once per account and region. A resource is nil, and
// its output "", when its switch is off.
type Baseline struct {
	pulumi.ResourceState

	Detector              *guardduty.Detector
	ConfigRecorder        *cfg.Recorder
	ConfigDeliveryChannel *cfg.DeliveryChannel
	ConfigBucket          *s3.BucketV2
	SecurityHub           *securityhub.Account
	Analyzer              *accessanalyzer.Analyzer
	APIGatewayRole        *iam.Role
	APIGatewayAccount     *apigateway.Account

	DetectorId         pulumi.StringOutput `pulumi:"detectorId"`
	ConfigRecorderName pulumi.StringOutput `pulumi:"configRecorderName"`
	ConfigBucketName   pulumi.StringOutput `pulumi:"configBucketName"`
	SecurityHubArn     pulumi.StringOutput `pulumi:"securityHubArn"`
	AnalyzerArn        pulumi.StringOutput `pulumi:"analyzerArn"`
	APIGatewayRoleArn  pulumi.StringOutput `pulumi:"apiGatewayCloudWatchRoleArn"`
}

// NewAccountBaseline creates the services whose switches are on.
func NewAccountBaseline(ctx *pulumi.Context, name string, args BaselineArgs, opts ...pulumi.ResourceOption,
) (*Baseline, error) {
	args, err := args.withDefaults(name)
	if err != nil {
		return nil, err
	}

	component := &Baseline{}
	self, err := registerComponent(ctx, BaselineType, name, component, opts...)
	if err != nil {
		return nil, fmt.Errorf("registering account baseline %q: %w", name, err)
	}
	parent := pulumi.Parent(self)
	account, err := lookupAccount(ctx, self)
	if err != nil {
		return nil, fmt.Errorf("account baseline %q: %w", name, err)
	}

	empty := pulumi.String("").ToStringOutput()
	component.DetectorId, component.ConfigRecorderName, component.ConfigBucketName = empty, empty, empty
	component.SecurityHubArn, component.AnalyzerArn, component.APIGatewayRoleArn = empty, empty, empty

	if args.GuardDuty.Enabled {
		if component.Detector, err = newGuardDuty(ctx, name, args.GuardDuty, parent); err != nil {
			return nil, err
		}
		component.DetectorId = component.Detector.ID().ToStringOutput()
	}
	if args.Config.Enabled {
		config, err := newBaselineConfig(ctx, name, args, account, parent)
		if err != nil {
			return nil, err
		}
		component.ConfigRecorder = config.recorder
		component.ConfigDeliveryChannel = config.channel
		component.ConfigBucket = config.bucket.bucket
		component.ConfigRecorderName = config.recorder.Name
		component.ConfigBucketName = config.bucket.bucket.Bucket
	}
	if args.SecurityHub.Enabled {
		if component.SecurityHub, err = newSecurityHub(ctx, name, args.SecurityHub, account, parent); err != nil {
			return nil, err
		}
		component.SecurityHubArn = component.SecurityHub.Arn
	}
	if args.AccessAnalyzer {
		component.Analyzer, err = accessanalyzer.NewAnalyzer(ctx, name+"-access-analyzer", &accessanalyzer.AnalyzerArgs{
			AnalyzerName: pulumi.String(args.NamePrefix + "-account"),
			Type:         pulumi.String("ACCOUNT"),
		}, parent)
		if err != nil {
			return nil, fmt.Errorf("creating the access analyzer of account baseline %q: %w", name, err)
		}
		component.AnalyzerArn = component.Analyzer.Arn
	}
	if args.APIGatewayCloudWatchRole {
		if err := component.createAPIGatewayRole(ctx, name, args, account, parent); err != nil {
			return nil, err
		}
		component.APIGatewayRoleArn = component.APIGatewayRole.Arn
	}

	if err := registerOutputs(ctx, self, component, pulumi.Map{
		"detectorId":                  component.DetectorId,
		"configRecorderName":          component.ConfigRecorderName,
		"configBucketName":            component.ConfigBucketName,
		"securityHubArn":              component.SecurityHubArn,
		"analyzerArn":                 component.AnalyzerArn,
		"apiGatewayCloudWatchRoleArn": component.APIGatewayRoleArn,
	}); err != nil {
		return nil, fmt.Errorf("registering outputs of account baseline %q: %w", name, err)
	}
	return component, nil
}

// newGuardDuty creates the detector and turns on its features.
func newGuardDuty(ctx *pulumi.Context, name string, args GuardDutyBaselineArgs, parent pulumi.ResourceOption,
) (*guardduty.Detector, error) {
	detector, err := guardduty.NewDetector(ctx, name+"-guardduty", &guardduty.DetectorArgs{
		Enable:                     pulumi.Bool(true),
		FindingPublishingFrequency: pulumi.String(args.FindingPublishingFrequency),
	}, parent)
	if err != nil {
		return nil, fmt.Errorf("creating the GuardDuty detector of account baseline %q: %w", name, err)
	}
	for _, feature := range GuardDutyFeatures {
		_, err := guardduty.NewDetectorFeature(ctx, name+"-guardduty-"+strings.ToLower(feature), &guardduty.DetectorFeatureArgs{
			DetectorId: detector.ID(),
			Name:       pulumi.String(feature),
			Status:     pulumi.String("ENABLED"),
		}, parent)
		if err != nil {
			return nil, fmt.Errorf("turning on GuardDuty feature %s of account baseline %q: %w", feature, name, err)
		}
	}
	return detector, nil
}

// SecurityHubStandardArns returns the ARNs of the standards Security Hub subscribes to in the region:
// AWS Foundational Security Best Practices v1.0.0 and the CIS benchmark of the version. CIS 1.2.0 is a
// global ruleset, the others are regional standards.
func SecurityHubStandardArns(partition, region, cisVersion string) []string {
	cis := fmt.Sprintf("arn:%s:securityhub:%s::standards/cis-aws-foundations-benchmark/v/%s", partition, region,
		cisVersion)
	if cisVersion == "1.2.0" {
		cis = fmt.Sprintf("arn:%s:securityhub:::ruleset/cis-aws-foundations-benchmark/v/%s", partition, cisVersion)
	}
	return []string{
		fmt.Sprintf("arn:%s:securityhub:%s::standards/aws-foundational-security-best-practices/v/1.0.0",
			partition, region),
		cis,
	}
}

// newSecurityHub turns Security Hub on without its default standards and subscribes to the two standards
// of SecurityHubStandardArns, so the stack manages each of them. One finding per control, across the
// standards, keeps the findings free of duplicates.
func newSecurityHub(ctx *pulumi.Context, name string, args SecurityHubBaselineArgs, account awsAccount,
	parent pulumi.ResourceOption,
) (*securityhub.Account, error) {
	hub, err := securityhub.NewAccount(ctx, name+"-securityhub", &securityhub.AccountArgs{
		EnableDefaultStandards:  pulumi.Bool(false),
		AutoEnableControls:      pulumi.Bool(true),
		ControlFindingGenerator: pulumi.String("SECURITY_CONTROL"),
	}, parent)
	if err != nil {
		return nil, fmt.Errorf("turning on Security Hub in account baseline %q: %w", name, err)
	}
	keys := []string{"fsbp", "cis"}
	for i, standard := range SecurityHubStandardArns(account.Partition, account.Region, args.CISVersion) {
		_, err := securityhub.NewStandardsSubscription(ctx, name+"-securityhub-"+keys[i],
			&securityhub.StandardsSubscriptionArgs{StandardsArn: pulumi.String(standard)},
			parent, pulumi.DependsOn([]pulumi.Resource{hub}))
		if err != nil {
			return nil, fmt.Errorf("subscribing Security Hub of account baseline %q to %s: %w", name, standard, err)
		}
	}
	return hub, nil
}

// createAPIGatewayRole creates the role through which API Gateway writes logs to CloudWatch Logs and
// makes it the account setting, once the role has its policy, because API Gateway checks the role.
func (b *Baseline) createAPIGatewayRole(ctx *pulumi.Context, name string, args BaselineArgs, account awsAccount,
	parent pulumi.ResourceOption,
) error {
	role, err := iam.NewRole(ctx, name+"-apigateway-cloudwatch", &iam.RoleArgs{
		Description: pulumi.String("API Gateway writes the execution and access logs of the REST APIs " +
			"in this region to CloudWatch Logs."),
		AssumeRolePolicy: pulumi.String(mustMarshalPolicy([]map[string]any{{
			"Effect":    "Allow",
			"Principal": map[string]any{"Service": "apigateway.amazonaws.com"},
			"Action":    "sts:AssumeRole",
		}})),
	}, parent)
	if err != nil {
		return fmt.Errorf("creating the API Gateway CloudWatch role of account baseline %q: %w", name, err)
	}
	attachment, err := iam.NewRolePolicyAttachment(ctx, name+"-apigateway-cloudwatch", &iam.RolePolicyAttachmentArgs{
		Role: role.Name,
		PolicyArn: pulumi.String(fmt.Sprintf(
			"arn:%s:iam::aws:policy/service-role/AmazonAPIGatewayPushToCloudWatchLogs", account.Partition)),
	}, parent)
	if err != nil {
		return fmt.Errorf("attaching the API Gateway logging policy in account baseline %q: %w", name, err)
	}
	settings, err := apigateway.NewAccount(ctx, name+"-apigateway-account", &apigateway.AccountArgs{
		CloudwatchRoleArn: role.Arn,
	}, parent, pulumi.DependsOn([]pulumi.Resource{attachment}))
	if err != nil {
		return fmt.Errorf("setting the API Gateway CloudWatch role of account baseline %q: %w", name, err)
	}
	b.APIGatewayRole = role
	b.APIGatewayAccount = settings
	return nil
}

// withDefaults fills the defaults and validates the arguments. It reports every invalid field at once.
func (args BaselineArgs) withDefaults(name string) (BaselineArgs, error) {
	if args.GuardDuty.FindingPublishingFrequency == "" {
		args.GuardDuty.FindingPublishingFrequency = DefaultGuardDutyPublishingFrequency
	}
	if args.Config.SnapshotFrequency == "" {
		args.Config.SnapshotFrequency = DefaultConfigSnapshotFrequency
	}
	if args.Config.RetentionDays == 0 {
		args.Config.RetentionDays = DefaultConfigRetentionDays
	}
	if args.Config.NoncurrentVersionDays == 0 {
		args.Config.NoncurrentVersionDays = DefaultConfigNoncurrentVersionDays
	}
	if args.SecurityHub.CISVersion == "" {
		args.SecurityHub.CISVersion = DefaultSecurityHubCISVersion
	}
	if args.KMSKeyDeletionWindowDays == 0 {
		args.KMSKeyDeletionWindowDays = DefaultKMSKeyDeletionWindowDays
	}

	var errs []error
	invalid := func(format string, values ...any) { errs = append(errs, fmt.Errorf(format, values...)) }
	if !bucketComponentName.MatchString(name) || len(name) > maxBucketComponentName-len("-config") {
		invalid("the name must be %d characters at most, of lowercase letters, digits and hyphens, "+
			"because it starts the Config bucket's name; use a name such as \"baseline\"",
			maxBucketComponentName-len("-config"))
	}
	if !baselineNamePrefix.MatchString(args.NamePrefix) {
		invalid("NamePrefix %q is invalid; use 1 to 40 letters, digits, hyphens and underscores, starting "+
			"with a letter or digit, such as \"secure-serverless-baseline\"", args.NamePrefix)
	}
	if !slices.Contains(GuardDutyPublishingFrequencies, args.GuardDuty.FindingPublishingFrequency) {
		invalid("GuardDuty.FindingPublishingFrequency %q is invalid; use %s", args.GuardDuty.FindingPublishingFrequency,
			strings.Join(GuardDutyPublishingFrequencies, ", "))
	}
	if !slices.Contains(ConfigSnapshotFrequencies, args.Config.SnapshotFrequency) {
		invalid("Config.SnapshotFrequency %q is invalid; use %s", args.Config.SnapshotFrequency,
			strings.Join(ConfigSnapshotFrequencies, ", "))
	}
	if args.Config.RetentionDays < 1 || args.Config.RetentionDays > maxConfigRetentionDays {
		invalid("Config.RetentionDays is %d, must be 1 to %d", args.Config.RetentionDays, maxConfigRetentionDays)
	}
	if args.Config.NoncurrentVersionDays < 1 {
		invalid("Config.NoncurrentVersionDays is %d, must be at least 1", args.Config.NoncurrentVersionDays)
	}
	if !slices.Contains(SecurityHubCISVersions, args.SecurityHub.CISVersion) {
		invalid("SecurityHub.CISVersion %q is invalid; use %s", args.SecurityHub.CISVersion,
			strings.Join(SecurityHubCISVersions, ", "))
	}
	if args.KMSKeyDeletionWindowDays < 7 || args.KMSKeyDeletionWindowDays > 30 {
		invalid("KMSKeyDeletionWindowDays is %d, must be 7 to 30", args.KMSKeyDeletionWindowDays)
	}
	if args.ForceDestroy && args.Protect {
		invalid("ForceDestroy and Protect are both set; ForceDestroy empties the Config bucket on destroy, " +
			"Protect forbids the destroy, so set only one")
	}
	if len(errs) > 0 {
		return args, fmt.Errorf("account baseline %q: %w", name, errors.Join(errs...))
	}
	return args, nil
}
