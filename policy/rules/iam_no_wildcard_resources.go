package rules

import (
	"context"
	"maps"
	"slices"
	"strings"

	"github.com/secureserverless/framework/policy/pack"
)

// PolicyIAMNoWildcardResources is the name of the policy that requires IAM policies to name the
// resources they allow actions on.
const PolicyIAMNoWildcardResources = "iam-no-wildcard-resources"

// resourceWildcardOnlyActions are actions that support no resource-level permissions, so a statement
// must allow them on "*". The list follows the Service Authorization Reference, which shows no
// resource type for these actions.
//
// NOTE: the list holds the actions that serverless workloads commonly call and is not complete. Waive
// the policy in the pack config for a statement whose actions are missing from it.
var resourceWildcardOnlyActions = []string{
	"ec2:Describe*",
	"xray:PutTraceSegments", "xray:PutTelemetryRecords", "xray:GetSamplingRules", "xray:GetSamplingTargets",
	"xray:GetSamplingStatisticSummaries",
	"cloudwatch:PutMetricData", "cloudwatch:GetMetricData", "cloudwatch:ListMetrics",
	"sts:GetCallerIdentity",
	"kms:CreateKey", "kms:ListKeys", "kms:ListAliases",
	"s3:ListAllMyBuckets",
	"secretsmanager:GetRandomPassword", "secretsmanager:ListSecrets",
	"ssm:DescribeParameters",
}

// newIAMNoWildcardResources returns the policy that reports each wildcard resource of an Allow
// statement: "*", or an ARN whose resource part or account is "*", such as "arn:aws:s3:::*" or
// "arn:aws:sqs:eu-west-1:*:jobs". A wildcard inside a resource path, such as "bucket/files/*", names
// the resources and passes. Statements that iam-no-admin-policy reports, and statements whose every
// action is in resourceWildcardOnlyActions, are skipped.
func newIAMNoWildcardResources() *pack.Policy {
	return &pack.Policy{
		Name:        PolicyIAMNoWildcardResources,
		Description: "IAM policies should allow actions on named resources instead of \"*\".",
		Rationale: "An Allow on \"*\" extends to every current and future resource of the account, such as every " +
			"bucket or every secret, where the principal usually needs one. A stolen credential of a function " +
			"then reaches data that the function never touches.",
		RemediationSteps: "Replace \"*\" with the ARNs of the resources the principal uses, such as " +
			"\"arn:aws:s3:::bucket/prefix/*\". For actions that support no resource-level permissions, put them in " +
			"a statement of their own.",
		EnforcementLevel: pack.EnforcementLevelAdvisory,
		Severity:         pack.SeverityMedium,
		Tags: slices.Concat(
			[]string{"aws", "iam", "least-privilege", tagHIPAA + "164.312(a)(1)", tagPCI + "7.1.2"},
			withPrefix(tagCheckov, "CKV_AWS_355"),
			withPrefix(tagCDKNag, "IAM5"),
		),
		Framework:        pciControl("7.1.2", "Restrict access privileges to the least privileges necessary"),
		Waivable:         true,
		ResourceTypes:    iamPolicyTypes,
		ValidateResource: validateIAMNoWildcardResources,
	}
}

func validateIAMNoWildcardResources(_ context.Context, check *pack.ResourceCheck) error {
	document, grants := grantStatements(check)
	for _, i := range slices.Sorted(maps.Keys(grants)) {
		statement := grants[i]
		if coveredByActions(statement.Action, resourceWildcardOnlyActions) {
			continue
		}
		if len(statement.NotResource) > 0 {
			check.Report("%s allows %s on every resource except NotResource %s, expected Resource with the ARNs "+
				"of the resources the principal uses.", statementPath("policy", i), document.quote(statement.Action),
				document.quote(statement.NotResource))
		}
		for _, resource := range statement.Resource {
			if isWildcardResource(resource) {
				check.Report("%s Resource %s allows %s on every matching resource of the account, expected the ARNs "+
					"of the resources the principal uses.", statementPath("policy", i), document.quote([]string{resource}),
					document.quote(statement.Action))
			}
		}
	}
	return nil
}

// isWildcardResource reports whether a Resource element covers a whole service or account: "*", or an
// ARN whose account or resource part is "*".
func isWildcardResource(resource string) bool {
	if resource == "*" {
		return true
	}
	// arn:partition:service:region:account:resource, where the resource part may contain ":".
	parts := strings.SplitN(resource, ":", 6)
	if len(parts) < 6 || parts[0] != "arn" {
		return false
	}
	return parts[4] == "*" || parts[5] == "*"
}
