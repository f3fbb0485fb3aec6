package infra

import (
	"fmt"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/cloudwatch"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/kms"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/wafv2"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// Rule names of the CloudFront web ACL besides the managed rule groups, which are named after the group.
// Each rule's metric name equals its rule name.
const EdgeRateLimitRule = "edge-rate-limit"

// edgeRedactedHeaders are the viewer headers kept out of the CloudFront web ACL's logs.
var edgeRedactedHeaders = []string{"authorization", "cookie"}

// edgeFirewall is the CloudFront web ACL and its log group.
type edgeFirewall struct {
	webACL   *wafv2.WebAcl
	logGroup *cloudwatch.LogGroup
}

// newEdgeFirewall creates the web ACL of CLOUDFRONT scope in us-east-1 with the AWS managed rule groups
// and a rate limit by viewer address. It logs to a KMS-encrypted log group in us-east-1, because WAF
// requires the logs of a CLOUDFRONT web ACL to go there.
func newEdgeFirewall(ctx *pulumi.Context, name string, args EdgeArgs, account awsAccount, global edgeGlobal,
	parent pulumi.ResourceOption,
) (edgeFirewall, error) {
	aclName := args.NamePrefix + "-edge"
	rules := wafv2.WebAclRuleArray{}
	for i, group := range DefaultFirewallRuleGroups {
		statement := &wafv2.WebAclRuleStatementManagedRuleGroupStatementArgs{
			Name:       pulumi.String(group),
			VendorName: pulumi.String(managedRuleVendor),
		}
		if group == CommonRuleSet {
			// The API's web ACL blocks bodies above its own limit with a 413. The common rule set's fixed
			// 8 KiB check would block smaller bodies that the API admits, so it only counts here too.
			statement.RuleActionOverrides = wafv2.WebAclRuleStatementManagedRuleGroupStatementRuleActionOverrideArray{
				wafv2.WebAclRuleStatementManagedRuleGroupStatementRuleActionOverrideArgs{
					Name: pulumi.String(commonRuleSetBodySizeRule),
					ActionToUse: wafv2.WebAclRuleStatementManagedRuleGroupStatementRuleActionOverrideActionToUseArgs{
						Count: &wafv2.WebAclRuleStatementManagedRuleGroupStatementRuleActionOverrideActionToUseCountArgs{},
					},
				},
			}
		}
		visibility := ruleVisibility(group)
		rules = append(rules, wafv2.WebAclRuleArgs{
			Name:             pulumi.String(group),
			Priority:         pulumi.Int(i),
			OverrideAction:   &wafv2.WebAclRuleOverrideActionArgs{None: &wafv2.WebAclRuleOverrideActionNoneArgs{}},
			Statement:        wafv2.WebAclRuleStatementArgs{ManagedRuleGroupStatement: statement},
			VisibilityConfig: visibility,
		})
	}
	// At the edge the source address is the viewer's own, so the rate limit counts by it.
	rules = append(rules, wafv2.WebAclRuleArgs{
		Name:     pulumi.String(EdgeRateLimitRule),
		Priority: pulumi.Int(len(DefaultFirewallRuleGroups)),
		Action:   &wafv2.WebAclRuleActionArgs{Block: &wafv2.WebAclRuleActionBlockArgs{}},
		Statement: wafv2.WebAclRuleStatementArgs{RateBasedStatement: &wafv2.WebAclRuleStatementRateBasedStatementArgs{
			Limit:               pulumi.Int(args.RateLimit),
			EvaluationWindowSec: pulumi.Int(args.RateWindowSeconds),
			AggregateKeyType:    pulumi.String("IP"),
		}},
		VisibilityConfig: ruleVisibility(EdgeRateLimitRule),
	})

	webACL, err := wafv2.NewWebAcl(ctx, name+"-web-acl", &wafv2.WebAclArgs{
		Name:          pulumi.String(aclName),
		Description:   pulumi.Sprintf("Protects the CloudFront distributions of %s.", args.NamePrefix),
		Scope:         global.checked("CLOUDFRONT"),
		DefaultAction: &wafv2.WebAclDefaultActionArgs{Allow: &wafv2.WebAclDefaultActionAllowArgs{}},
		Rules:         rules,
		VisibilityConfig: &wafv2.WebAclVisibilityConfigArgs{
			CloudwatchMetricsEnabled: pulumi.Bool(true),
			MetricName:               pulumi.String(aclName),
			SampledRequestsEnabled:   pulumi.Bool(true),
		},
	}, parent, global.option())
	if err != nil {
		return edgeFirewall{}, fmt.Errorf("creating the web ACL of edge %q: %w", name, err)
	}

	edgeAccount := account
	edgeAccount.Region = EdgeRegion
	logGroupName := "aws-waf-logs-" + args.NamePrefix + "-edge"
	key, err := kms.NewKey(ctx, name+"-logs-key", &kms.KeyArgs{
		Description:          pulumi.Sprintf("Encrypts the CloudFront web ACL logs of %s.", args.NamePrefix),
		EnableKeyRotation:    pulumi.Bool(true),
		DeletionWindowInDays: pulumi.Int(args.KMSKeyDeletionWindowDays),
		Policy:               pulumi.String(edgeLogsKeyPolicy(edgeAccount, edgeAccount.arn("logs", "log-group:"+logGroupName))),
	}, parent, global.option())
	if err != nil {
		return edgeFirewall{}, fmt.Errorf("creating the logs key of edge %q: %w", name, err)
	}

	logGroup, err := cloudwatch.NewLogGroup(ctx, name+"-web-acl-logs", &cloudwatch.LogGroupArgs{
		// WAF delivers only to log groups whose names start with "aws-waf-logs-".
		Name:            pulumi.String(logGroupName),
		RetentionInDays: pulumi.Int(args.LogRetentionDays),
		KmsKeyId:        key.Arn,
	}, parent, global.option())
	if err != nil {
		return edgeFirewall{}, fmt.Errorf("creating the web ACL log group of edge %q: %w", name, err)
	}

	redacted := wafv2.WebAclLoggingConfigurationRedactedFieldArray{}
	for _, header := range edgeRedactedHeaders {
		redacted = append(redacted, wafv2.WebAclLoggingConfigurationRedactedFieldArgs{
			SingleHeader: &wafv2.WebAclLoggingConfigurationRedactedFieldSingleHeaderArgs{Name: pulumi.String(header)},
		})
	}
	if _, err := wafv2.NewWebAclLoggingConfiguration(ctx, name+"-web-acl-logging", &wafv2.WebAclLoggingConfigurationArgs{
		ResourceArn:           webACL.Arn,
		LogDestinationConfigs: pulumi.StringArray{logGroup.Arn},
		RedactedFields:        redacted,
	}, parent, global.option()); err != nil {
		return edgeFirewall{}, fmt.Errorf("creating the web ACL logging of edge %q: %w", name, err)
	}
	return edgeFirewall{webACL: webACL, logGroup: logGroup}, nil
}

// edgeLogsKeyPolicy lets CloudWatch Logs in us-east-1 use the key for the log group groupArn, named by
// the encryption context that CloudWatch Logs sends.
func edgeLogsKeyPolicy(edgeAccount awsAccount, groupArn string) string {
	return keyPolicy(edgeAccount, map[string]any{
		"Sid":       "CloudWatchLogsEncryptsWebACLLogs",
		"Effect":    "Allow",
		"Principal": map[string]any{"Service": "logs." + edgeAccount.Region + "." + edgeAccount.DNSSuffix},
		"Action": []string{
			"kms:Encrypt", "kms:Decrypt", "kms:ReEncryptFrom", "kms:ReEncryptTo",
			"kms:GenerateDataKey", "kms:GenerateDataKeyWithoutPlaintext", "kms:DescribeKey",
		},
		"Resource":  "*",
		"Condition": map[string]any{"ArnEquals": map[string]any{"kms:EncryptionContext:aws:logs:arn": groupArn}},
	})
}
