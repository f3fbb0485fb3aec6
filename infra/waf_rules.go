package infra

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/wafv2"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// Keys of the custom response bodies of the web ACL. The bodies have the {"message": ...} shape of API
// Gateway's own error responses.
const (
	bodyTooLargeResponseKey    = "body-too-large"
	tooManyRequestsResponseKey = "too-many-requests"
)

// forwardedForHeader carries the client address when the edge fronts the API. CloudFront appends the
// viewer's address to the header, and WAF reads only its first address.
const forwardedForHeader = "X-Forwarded-For"

// firewallRule is one rule of the web ACL, without its priority, which is its place in the list.
type firewallRule struct {
	name string
	rule wafv2.WebAclRuleArgs
}

// firewallRules are the rules of the web ACL in priority order.
type firewallRules []firewallRule

// args returns the rules with priorities 0, 1, 2 and so on.
func (rules firewallRules) args() wafv2.WebAclRuleArray {
	array := make(wafv2.WebAclRuleArray, 0, len(rules))
	for priority, rule := range rules {
		args := rule.rule
		args.Name = pulumi.String(rule.name)
		args.Priority = pulumi.Int(priority)
		args.VisibilityConfig = ruleVisibility(rule.name)
		array = append(array, args)
	}
	return array
}

// metricNames maps each rule name to its metric name.
func (rules firewallRules) metricNames() map[string]string {
	names := make(map[string]string, len(rules))
	for _, rule := range rules {
		names[rule.name] = rule.name
	}
	return names
}

// ruleVisibility turns on the CloudWatch metrics and the sampled requests of a rule. The metric name is
// the rule name, which stays the same across deployments.
func ruleVisibility(name string) wafv2.WebAclRuleVisibilityConfigArgs {
	return wafv2.WebAclRuleVisibilityConfigArgs{
		CloudwatchMetricsEnabled: pulumi.Bool(true),
		MetricName:               pulumi.String(name),
		SampledRequestsEnabled:   pulumi.Bool(true),
	}
}

// rules returns the rules of the web ACL: the origin check first, so requests that bypass the edge cost
// no further inspection, then the managed rule groups, the rate limit and the body size limit.
//
// The default rules need about 950 of the 1,500 web ACL capacity units in WAF's base price. Extra rule
// groups above that limit cost more per request, and WAF rejects a web ACL above 5,000 units.
func (args APIFirewallArgs) rules() firewallRules {
	var rules firewallRules
	if args.OriginVerify != nil {
		rules = append(rules, args.originVerifyRule())
	}
	for _, group := range args.ruleGroups() {
		rules = append(rules, args.managedRuleGroupRule(group))
	}
	return append(rules, args.rateLimitRule(), args.bodySizeRule())
}

// originVerifyRule blocks every request whose origin verification header matches no pattern of the
// edge's pattern set, such as a request sent straight to the regional endpoint.
func (args APIFirewallArgs) originVerifyRule() firewallRule {
	header := strings.ToLower(args.OriginVerify.HeaderName)
	return firewallRule{name: FirewallOriginVerifyRule, rule: wafv2.WebAclRuleArgs{
		Action: &wafv2.WebAclRuleActionArgs{Block: &wafv2.WebAclRuleActionBlockArgs{}},
		Statement: wafv2.WebAclRuleStatementArgs{
			NotStatement: &wafv2.WebAclRuleStatementNotStatementArgs{
				Statements: wafv2.WebAclRuleStatementArray{wafv2.WebAclRuleStatementArgs{
					RegexPatternSetReferenceStatement: &wafv2.WebAclRuleStatementRegexPatternSetReferenceStatementArgs{
						Arn: args.OriginVerify.PatternSetArn,
						FieldToMatch: &wafv2.WebAclRuleStatementRegexPatternSetReferenceStatementFieldToMatchArgs{
							SingleHeader: &wafv2.WebAclRuleStatementRegexPatternSetReferenceStatementFieldToMatchSingleHeaderArgs{
								Name: pulumi.String(header),
							},
						},
						TextTransformations: wafv2.WebAclRuleStatementRegexPatternSetReferenceStatementTextTransformationArray{
							wafv2.WebAclRuleStatementRegexPatternSetReferenceStatementTextTransformationArgs{
								Priority: pulumi.Int(0),
								Type:     pulumi.String("NONE"),
							},
						},
					},
				}},
			},
		},
	}}
}

// managedRuleGroupRule applies an AWS managed rule group with the group's own actions, except for the
// excluded rules, which only count.
//
// NOTE: behind the edge, the source address of every request is a CloudFront address, so
// IPReputationList can only take effect in the edge's own web ACL.
func (args APIFirewallArgs) managedRuleGroupRule(group string) firewallRule {
	counted := slices.Clone(args.ExcludedRules[group])
	// The body size rule blocks every body above MaxBodyBytes with a 413, whatever the limit. The common
	// rule set's fixed 8 KiB check would only block bodies that MaxBodyBytes admits, or send a 403 where
	// the body size rule sends a 413.
	if group == CommonRuleSet && !slices.Contains(counted, commonRuleSetBodySizeRule) {
		counted = append(counted, commonRuleSetBodySizeRule)
	}

	overrides := wafv2.WebAclRuleStatementManagedRuleGroupStatementRuleActionOverrideArray{}
	for _, rule := range counted {
		overrides = append(overrides, wafv2.WebAclRuleStatementManagedRuleGroupStatementRuleActionOverrideArgs{
			Name: pulumi.String(rule),
			ActionToUse: wafv2.WebAclRuleStatementManagedRuleGroupStatementRuleActionOverrideActionToUseArgs{
				Count: &wafv2.WebAclRuleStatementManagedRuleGroupStatementRuleActionOverrideActionToUseCountArgs{},
			},
		})
	}
	statement := &wafv2.WebAclRuleStatementManagedRuleGroupStatementArgs{
		Name:       pulumi.String(group),
		VendorName: pulumi.String(managedRuleVendor),
	}
	if len(overrides) > 0 {
		statement.RuleActionOverrides = overrides
	}
	return firewallRule{name: group, rule: wafv2.WebAclRuleArgs{
		OverrideAction: &wafv2.WebAclRuleOverrideActionArgs{None: &wafv2.WebAclRuleOverrideActionNoneArgs{}},
		Statement:      wafv2.WebAclRuleStatementArgs{ManagedRuleGroupStatement: statement},
	}}
}

// rateLimitRule responds with 429 to a client address that sends more than RateLimit requests in
// RateWindowSeconds. Behind the edge, the source address is a CloudFront address shared by many viewers,
// so the rule counts by the first address of X-Forwarded-For instead, and blocks a request without a
// valid address there (fallback behavior MATCH).
//
// NOTE: behind the edge, a client evades this rule by sending a new first address in X-Forwarded-For
// with each request, so the edge's own web ACL must limit the rate by the viewer's address.
func (args APIFirewallArgs) rateLimitRule() firewallRule {
	statement := &wafv2.WebAclRuleStatementRateBasedStatementArgs{
		Limit:               pulumi.Int(args.RateLimit),
		EvaluationWindowSec: pulumi.Int(args.RateWindowSeconds),
		AggregateKeyType:    pulumi.String("IP"),
	}
	if args.OriginVerify != nil {
		statement.AggregateKeyType = pulumi.String("FORWARDED_IP")
		statement.ForwardedIpConfig = &wafv2.WebAclRuleStatementRateBasedStatementForwardedIpConfigArgs{
			HeaderName:       pulumi.String(forwardedForHeader),
			FallbackBehavior: pulumi.String("MATCH"),
		}
	}
	return firewallRule{name: FirewallRateLimitRule, rule: wafv2.WebAclRuleArgs{
		Action:    args.blockWith(429, tooManyRequestsResponseKey),
		Statement: wafv2.WebAclRuleStatementArgs{RateBasedStatement: statement},
	}}
}

// bodySizeRule responds with 413 to a request whose body is larger than MaxBodyBytes. A body larger than WAF's
// inspection limit matches too, on purpose: the API carries only small JSON documents, and file bytes
// go straight to S3 through presigned URLs.
func (args APIFirewallArgs) bodySizeRule() firewallRule {
	return firewallRule{name: FirewallBodySizeRule, rule: wafv2.WebAclRuleArgs{
		Action: args.blockWith(413, bodyTooLargeResponseKey),
		Statement: wafv2.WebAclRuleStatementArgs{
			SizeConstraintStatement: &wafv2.WebAclRuleStatementSizeConstraintStatementArgs{
				ComparisonOperator: pulumi.String("GT"),
				Size:               pulumi.Int(args.MaxBodyBytes),
				FieldToMatch: &wafv2.WebAclRuleStatementSizeConstraintStatementFieldToMatchArgs{
					Body: &wafv2.WebAclRuleStatementSizeConstraintStatementFieldToMatchBodyArgs{
						OversizeHandling: pulumi.String("MATCH"),
					},
				},
				TextTransformations: wafv2.WebAclRuleStatementSizeConstraintStatementTextTransformationArray{
					wafv2.WebAclRuleStatementSizeConstraintStatementTextTransformationArgs{
						Priority: pulumi.Int(0),
						Type:     pulumi.String("NONE"),
					},
				},
			},
		},
	}}
}

// blockWith returns a block action with a custom status code and JSON body, and the CORS headers of the
// front end when CORSAllowOrigin is set.
func (args APIFirewallArgs) blockWith(status int, bodyKey string) *wafv2.WebAclRuleActionArgs {
	response := &wafv2.WebAclRuleActionBlockCustomResponseArgs{
		ResponseCode:          pulumi.Int(status),
		CustomResponseBodyKey: pulumi.String(bodyKey),
	}
	if args.CORSAllowOrigin != "" {
		response.ResponseHeaders = wafv2.WebAclRuleActionBlockCustomResponseResponseHeaderArray{
			wafv2.WebAclRuleActionBlockCustomResponseResponseHeaderArgs{
				Name: pulumi.String("Access-Control-Allow-Origin"), Value: pulumi.String(args.CORSAllowOrigin),
			},
			wafv2.WebAclRuleActionBlockCustomResponseResponseHeaderArgs{
				Name: pulumi.String("Vary"), Value: pulumi.String("Origin"),
			},
		}
	}
	return &wafv2.WebAclRuleActionArgs{
		Block: &wafv2.WebAclRuleActionBlockArgs{CustomResponse: response},
	}
}

// customResponseBodies returns the JSON bodies of the 413 and 429 responses.
func (args APIFirewallArgs) customResponseBodies() wafv2.WebAclCustomResponseBodyArray {
	body := func(key, message string) wafv2.WebAclCustomResponseBodyArgs {
		content, err := json.Marshal(map[string]string{"message": message})
		if err != nil {
			panic(fmt.Sprintf("infra: encoding a response body built in code: %v", err))
		}
		return wafv2.WebAclCustomResponseBodyArgs{
			Key:         pulumi.String(key),
			ContentType: pulumi.String("APPLICATION_JSON"),
			Content:     pulumi.String(string(content)),
		}
	}
	return wafv2.WebAclCustomResponseBodyArray{
		body(bodyTooLargeResponseKey, fmt.Sprintf("Request body too large; the limit is %d bytes", args.MaxBodyBytes)),
		body(tooManyRequestsResponseKey, "Too many requests; retry later"),
	}
}

// associationConfig sets how much of a body API Gateway sends WAF to inspect: the smallest limit that
// covers MaxBodyBytes.
func (args APIFirewallArgs) associationConfig() *wafv2.WebAclAssociationConfigArgs {
	return &wafv2.WebAclAssociationConfigArgs{
		RequestBodies: wafv2.WebAclAssociationConfigRequestBodyArray{
			wafv2.WebAclAssociationConfigRequestBodyArgs{
				ApiGateways: wafv2.WebAclAssociationConfigRequestBodyApiGatewayArray{
					wafv2.WebAclAssociationConfigRequestBodyApiGatewayArgs{
						DefaultSizeInspectionLimit: pulumi.String(args.bodyInspectionLimit()),
					},
				},
			},
		},
	}
}

// redactedHeaders returns the lowercase names of the headers kept out of logs and sampled requests.
func (args APIFirewallArgs) redactedHeaders() []string {
	headers := slices.Clone(firewallRedactedHeaders)
	if args.OriginVerify != nil {
		headers = append(headers, strings.ToLower(args.OriginVerify.HeaderName))
	}
	return headers
}

// dataProtectionConfig replaces the redacted headers with "REDACTED" in every output of the web ACL,
// including the sampled requests, which the logging configuration's redactedFields do not cover.
func (args APIFirewallArgs) dataProtectionConfig() *wafv2.WebAclDataProtectionConfigArgs {
	return &wafv2.WebAclDataProtectionConfigArgs{
		DataProtections: wafv2.WebAclDataProtectionConfigDataProtectionArray{
			wafv2.WebAclDataProtectionConfigDataProtectionArgs{
				Action: pulumi.String("SUBSTITUTION"),
				Field: wafv2.WebAclDataProtectionConfigDataProtectionFieldArgs{
					FieldType: pulumi.String("SINGLE_HEADER"),
					FieldKeys: pulumi.ToStringArray(args.redactedHeaders()),
				},
			},
		},
	}
}

// redactedFields keeps the redacted headers out of the logs.
func (args APIFirewallArgs) redactedFields() wafv2.WebAclLoggingConfigurationRedactedFieldArray {
	fields := wafv2.WebAclLoggingConfigurationRedactedFieldArray{}
	for _, header := range args.redactedHeaders() {
		fields = append(fields, wafv2.WebAclLoggingConfigurationRedactedFieldArgs{
			SingleHeader: &wafv2.WebAclLoggingConfigurationRedactedFieldSingleHeaderArgs{Name: pulumi.String(header)},
		})
	}
	return fields
}
