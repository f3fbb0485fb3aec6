package infra

import (
	"fmt"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/cloudwatch"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/wafv2"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// firewallNameSuffix ends the names of the web ACL, its metric and its log group.
const firewallNameSuffix = "-api"

// firewallLogGroupPrefix starts the name of every CloudWatch log group that WAF may log to.
const firewallLogGroupPrefix = "aws-waf-logs-"

// Headers that the logs and the sampled requests show as "REDACTED": the bearer token and the session
// cookies. The origin verification header joins them when it is configured.
var firewallRedactedHeaders = []string{"authorization", "cookie"}

// APIFirewall is the REGIONAL WAFv2 web ACL in front of a REST API stage: AWS managed rule groups, a rate
// limit per client, a body size limit and, behind the edge, a check of the edge's secret header. It logs
// every request to a KMS-encrypted log group, without the credentials.
type APIFirewall struct {
	pulumi.ResourceState

	WebAcl               *wafv2.WebAcl
	Association          *wafv2.WebAclAssociation
	LogGroup             *cloudwatch.LogGroup
	LoggingConfiguration *wafv2.WebAclLoggingConfiguration

	WebAclArn  pulumi.StringOutput `pulumi:"webAclArn"`
	WebAclName pulumi.StringOutput `pulumi:"webAclName"`
	WebAclId   pulumi.StringOutput `pulumi:"webAclId"`
	// WebAclMetricName is the WebACL dimension of the web ACL's metrics in the AWS/WAFV2 namespace. The
	// BlockedRequests of all rules together have the dimensions WebACL, Region and Rule "ALL".
	WebAclMetricName pulumi.StringOutput `pulumi:"webAclMetricName"`
	// RuleMetricNames maps each rule name to its metric name, the Rule dimension of its metrics.
	RuleMetricNames pulumi.StringMapOutput `pulumi:"ruleMetricNames"`
	LogGroupName    pulumi.StringOutput    `pulumi:"logGroupName"`
	LogGroupArn     pulumi.StringOutput    `pulumi:"logGroupArn"`
}

// NewAPIFirewall creates the log group, the web ACL, its logging configuration and its association with
// the stage. AWS adds a CloudWatch Logs resource policy for the log delivery when logging starts, so the
// deploying role needs logs:CreateLogDelivery, logs:PutResourcePolicy, logs:DescribeResourcePolicies and
// logs:DescribeLogGroups.
func NewAPIFirewall(ctx *pulumi.Context, name string, args APIFirewallArgs, opts ...pulumi.ResourceOption,
) (*APIFirewall, error) {
	args, err := args.withDefaults(name)
	if err != nil {
		return nil, err
	}

	component := &APIFirewall{}
	if err := ctx.RegisterComponentResource(APIFirewallType, name, component, opts...); err != nil {
		return nil, fmt.Errorf("registering firewall %q: %w", name, err)
	}
	parent := pulumi.Parent(component)
	aclName := args.NamePrefix + firewallNameSuffix

	logGroup, err := cloudwatch.NewLogGroup(ctx, name+"-logs", &cloudwatch.LogGroupArgs{
		Name:            pulumi.String(firewallLogGroupPrefix + aclName),
		RetentionInDays: pulumi.Int(args.LogRetentionDays),
		KmsKeyId:        args.LogsKeyArn,
	}, parent)
	if err != nil {
		return nil, fmt.Errorf("creating log group of firewall %q: %w", name, err)
	}
	component.LogGroup = logGroup

	rules := args.rules()
	acl, err := wafv2.NewWebAcl(ctx, name+"-web-acl", &wafv2.WebAclArgs{
		Name:        pulumi.String(aclName),
		Description: pulumi.Sprintf("Protects the REST API of %s.", args.NamePrefix),
		Scope:       pulumi.String("REGIONAL"),
		DefaultAction: wafv2.WebAclDefaultActionArgs{
			Allow: &wafv2.WebAclDefaultActionAllowArgs{},
		},
		Rules:                rules.args(),
		CustomResponseBodies: args.customResponseBodies(),
		AssociationConfig:    args.associationConfig(),
		DataProtectionConfig: args.dataProtectionConfig(),
		VisibilityConfig: wafv2.WebAclVisibilityConfigArgs{
			CloudwatchMetricsEnabled: pulumi.Bool(true),
			MetricName:               pulumi.String(aclName),
			SampledRequestsEnabled:   pulumi.Bool(true),
		},
	}, parent)
	if err != nil {
		return nil, fmt.Errorf("creating web ACL of firewall %q: %w", name, err)
	}
	component.WebAcl = acl

	logging, err := wafv2.NewWebAclLoggingConfiguration(ctx, name+"-logging", &wafv2.WebAclLoggingConfigurationArgs{
		ResourceArn:           acl.Arn,
		LogDestinationConfigs: pulumi.StringArray{logGroup.Arn},
		RedactedFields:        args.redactedFields(),
	}, parent)
	if err != nil {
		return nil, fmt.Errorf("creating logging configuration of firewall %q: %w", name, err)
	}
	component.LoggingConfiguration = logging

	// The stage's ARN is an output of the stage, so the engine creates the association after the stage.
	association, err := wafv2.NewWebAclAssociation(ctx, name+"-association", &wafv2.WebAclAssociationArgs{
		ResourceArn: args.StageArn,
		WebAclArn:   acl.Arn,
	}, parent)
	if err != nil {
		return nil, fmt.Errorf("creating web ACL association of firewall %q: %w", name, err)
	}
	component.Association = association

	component.WebAclArn = acl.Arn
	component.WebAclName = acl.Name
	component.WebAclId = acl.ID().ToStringOutput()
	component.WebAclMetricName = acl.VisibilityConfig.MetricName()
	component.RuleMetricNames = pulumi.ToStringMap(rules.metricNames()).ToStringMapOutput()
	component.LogGroupName = logGroup.Name
	component.LogGroupArn = logGroup.Arn
	if err := ctx.RegisterResourceOutputs(component, pulumi.Map{
		"webAclArn":        component.WebAclArn,
		"webAclName":       component.WebAclName,
		"webAclId":         component.WebAclId,
		"webAclMetricName": component.WebAclMetricName,
		"ruleMetricNames":  component.RuleMetricNames,
		"logGroupName":     component.LogGroupName,
		"logGroupArn":      component.LogGroupArn,
	}); err != nil {
		return nil, fmt.Errorf("registering outputs of firewall %q: %w", name, err)
	}
	return component, nil
}
