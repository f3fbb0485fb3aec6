package rules

import (
	"context"
	"maps"
	"slices"

	"github.com/secureserverless/framework/policy/pack"
)

// PolicyIAMNoRiskyPermissions is the name of the policy that rejects unscoped grants of privilege
// escalation, credential exposure and data exfiltration actions.
const PolicyIAMNoRiskyPermissions = "iam-no-risky-permissions"

// riskyPermissionClass is a class of IAM actions that harms the account when a principal may call them
// on every resource.
type riskyPermissionClass struct {
	// name is the class as violation messages show it.
	name string
	// actions are the actions of the class.
	actions []string
}

// riskyPermissionClasses are the classes that the policy checks. They follow the classes of
// cloudsplaining, which Checkov's CKV_AWS_286 to CKV_AWS_288 use.
//
// NOTE: the tables hold the best-known actions of each class, not every action that cloudsplaining
// lists. A new AWS service can add escalation paths that they miss.
var riskyPermissionClasses = []riskyPermissionClass{
	{name: "privilege escalation", actions: []string{
		"iam:PassRole", "iam:CreatePolicyVersion", "iam:SetDefaultPolicyVersion",
		"iam:AttachUserPolicy", "iam:AttachGroupPolicy", "iam:AttachRolePolicy",
		"iam:PutUserPolicy", "iam:PutGroupPolicy", "iam:PutRolePolicy",
		"iam:UpdateAssumeRolePolicy", "iam:AddUserToGroup", "iam:CreateRole",
		"lambda:UpdateFunctionCode", "lambda:CreateFunction", "lambda:AddPermission",
		"sts:AssumeRole",
	}},
	{name: "credential exposure", actions: []string{
		"iam:CreateAccessKey", "iam:UpdateAccessKey", "iam:CreateLoginProfile", "iam:UpdateLoginProfile",
		"iam:CreateServiceSpecificCredential", "iam:ResetServiceSpecificCredential",
		"sts:GetFederationToken", "cognito-identity:GetCredentialsForIdentity",
		"cognito-identity:GetOpenIdTokenForDeveloperIdentity", "ec2:GetPasswordData", "rds-db:Connect",
		"redshift:GetClusterCredentials", "sso:GetRoleCredentials",
	}},
	{name: "data exfiltration", actions: []string{
		"s3:GetObject", "s3:GetObjectVersion", "secretsmanager:GetSecretValue",
		"ssm:GetParameter", "ssm:GetParameters", "ssm:GetParametersByPath", "kms:Decrypt",
		"dynamodb:Scan", "dynamodb:Query", "dynamodb:GetItem",
	}},
}

// newIAMNoRiskyPermissions returns the policy that reports, for each Allow statement whose Resource is
// "*" or that uses NotResource, the actions of each riskyPermissionClasses class that its Action grants,
// including through wildcards such as "iam:Put*". Statements with a Condition are skipped, because a
// condition such as iam:PassedToService or aws:ResourceTag can scope them, and so are statements that
// iam-no-admin-policy reports.
func newIAMNoRiskyPermissions() *pack.Policy {
	return &pack.Policy{
		Name:        PolicyIAMNoRiskyPermissions,
		Description: "IAM policies should not allow privilege escalation, credential exposure or data exfiltration actions on every resource.",
		Rationale: "Actions such as iam:PassRole, iam:CreateAccessKey or secretsmanager:GetSecretValue on \"*\" let a " +
			"principal become any role, mint long-lived keys for any user, or read every secret and object of the " +
			"account, so one compromised function becomes an account takeover.",
		RemediationSteps: "Limit each of these actions to the ARNs the principal needs, such as the one role a " +
			"function passes, or add a Condition that scopes them, such as iam:PassedToService.",
		EnforcementLevel: pack.EnforcementLevelAdvisory,
		Severity:         pack.SeverityHigh,
		Tags: slices.Concat(
			[]string{"aws", "iam", "least-privilege", tagHIPAA + "164.312(a)(1)", tagPCI + "7.1.2"},
			withPrefix(tagCheckov, "CKV_AWS_286", "CKV_AWS_287", "CKV_AWS_288"),
		),
		Framework:        pciControl("7.1.2", "Restrict access privileges to the least privileges necessary"),
		Waivable:         true,
		ResourceTypes:    iamPolicyTypes,
		ValidateResource: validateIAMNoRiskyPermissions,
	}
}

func validateIAMNoRiskyPermissions(_ context.Context, check *pack.ResourceCheck) error {
	document, grants := grantStatements(check)
	for _, i := range slices.Sorted(maps.Keys(grants)) {
		statement := grants[i]
		if len(statement.Condition) > 0 {
			continue
		}
		if !statement.Resource.contains("*") && len(statement.NotResource) == 0 {
			continue
		}
		for _, class := range riskyPermissionClasses {
			if actions := matchingActions(statement.Action, class.actions); len(actions) > 0 {
				check.Report("%s allows the %s actions %s on %s, expected them limited to named resources or by a Condition.",
					statementPath("policy", i), class.name, document.quote(actions), describeStatementResources(document, statement))
			}
		}
	}
	return nil
}
