package rules

import (
	"context"
	"slices"
	"strings"

	"github.com/secureserverless/framework/policy/pack"
)

// PolicyIAMRoleTrustRestricted is the name of the policy that rejects open role trust policies.
const PolicyIAMRoleTrustRestricted = "iam-role-trust-restricted"

// trustCallerExamples are the condition keys that messages suggest for a trust policy for Principal "*".
var trustCallerExamples = []string{"aws:PrincipalOrgID", "aws:PrincipalAccount", "aws:PrincipalArn"}

// newIAMRoleTrustRestricted returns the policy that guards role trust policies (assumeRolePolicy)
// against principals that anyone can become. It reports an Allow statement that:
//
//   - trusts Principal "*" or uses NotPrincipal, without a condition on the caller's account,
//     organization or ARN;
//   - trusts an OIDC provider (a Federated principal ARN with oidc-provider) without a condition on the
//     provider's sub claim that names the subjects, such as the GitHub repository and branch, or with
//     only "*" or "repo:*" there;
//   - trusts another web identity provider, such as Cognito identity pools, without a condition on its
//     aud claim;
//   - trusts a Service principal that contains a wildcard.
//
// NOTE: Service principals are not required to carry aws:SourceArn or aws:SourceAccount, because
// services such as Lambda do not send them when they assume an execution role.
func newIAMRoleTrustRestricted() *pack.Policy {
	return &pack.Policy{
		Name:        PolicyIAMRoleTrustRestricted,
		Description: "IAM role trust policies must not let everyone, or every identity of a web identity provider, assume the role.",
		Rationale: "A role whose trust policy allows Principal \"*\", or an OIDC provider such as GitHub Actions " +
			"without a sub condition, can be assumed from any AWS account or by any repository's workflow, which " +
			"hands the role's permissions to anyone.",
		RemediationSteps: "Trust named principals only: the service, account or role that assumes the role. For " +
			"GitHub Actions and other OIDC providers, add a StringEquals or StringLike condition on " +
			"token.actions.githubusercontent.com:sub (the provider's sub claim) that names the repository and " +
			"branch or environment. For Cognito identity pools, add a condition on " +
			"cognito-identity.amazonaws.com:aud.",
		EnforcementLevel: pack.EnforcementLevelMandatory,
		Severity:         pack.SeverityCritical,
		Tags: slices.Concat(
			[]string{"aws", "iam", "public-exposure", tagHIPAA + "164.312(a)(1)", tagPCI + "7.1.2"},
			withPrefix(tagCheckov, "CKV_AWS_60", "CKV_AWS_61", "CKV_AWS_358", "CKV_AWS_393"),
		),
		Framework:        hipaaControl("164.312(a)(1)", "Access control"),
		ResourceTypes:    []string{typeIAMRole},
		ValidateResource: validateIAMRoleTrustRestricted,
	}
}

func validateIAMRoleTrustRestricted(_ context.Context, check *pack.ResourceCheck) error {
	policy := check.Resource.Properties.Get("assumeRolePolicy")
	if policy.IsNull() || !check.FullyKnown("assumeRolePolicy", policy) {
		return nil
	}

	document, err := parsePolicyDocument(policy)
	if err != nil {
		check.Report("assumeRolePolicy is not a valid policy document (%s), expected JSON with a Statement list.",
			describeDocumentError(policy, err))
		return nil
	}

	reportPublicStatements(check, "assumeRolePolicy", document, callerConditionKeys, trustCallerExamples)
	for i, statement := range document.Statement {
		if statement.Effect != effectAllow {
			continue
		}
		path := statementPath("assumeRolePolicy", i)
		for _, provider := range statement.principals(principalFederated) {
			checkFederatedTrust(check, path, document, statement, provider)
		}
		for _, service := range statement.principals(principalService) {
			if strings.Contains(service, "*") {
				check.Report("%s trusts Service %s, expected the name of one service such as "+
					"\"lambda.amazonaws.com\".", path, document.quote([]string{service}))
			}
		}
	}
	return nil
}

// checkFederatedTrust reports a statement, named path in messages, that trusts the federated provider
// without a condition on the claim that names who may assume the role.
func checkFederatedTrust(
	check *pack.ResourceCheck, path string, document policyDocument, statement policyStatement, provider string,
) {
	if strings.Contains(provider, ":saml-provider/") {
		// A SAML provider is the organization's own identity provider, which authenticates its users.
		return
	}

	claim, expected := webIdentityAudienceClaim(provider), "the audience, such as the identity pool ID"
	if host, found := oidcProviderHost(provider); found {
		claim = host + ":sub"
		expected = "the subjects allowed to assume the role, such as \"repo:ORG/REPO:ref:refs/heads/main\""
	}
	if limitsClaim(statement, claim) {
		return
	}
	check.Report("%s trusts Federated %s without a condition on %s, expected one that names %s.",
		path, document.quote([]string{provider}), claim, expected)
}

// oidcProviderHost returns the issuer part of an IAM OIDC provider ARN, as in
// token.actions.githubusercontent.com for arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com.
// IAM names the provider's condition keys after it.
func oidcProviderHost(provider string) (string, bool) {
	_, host, found := strings.Cut(provider, ":oidc-provider/")
	return host, found && host != ""
}

// webIdentityAudienceClaim returns the condition key of the aud claim of a web identity provider that is
// not an IAM OIDC provider, such as cognito-identity.amazonaws.com:aud.
func webIdentityAudienceClaim(provider string) string {
	return provider + ":aud"
}

// limitsClaim reports whether the statement has a matching condition on claim with a value that
// names something narrower than every subject: not "*" and not "repo:*".
func limitsClaim(statement policyStatement, claim string) bool {
	for operator, entries := range statement.Condition {
		if !isLimitingOperator(operator) {
			continue
		}
		for key, values := range entries {
			if !strings.EqualFold(key, claim) {
				continue
			}
			for _, value := range values {
				if value != "*" && value != "repo:*" {
					return true
				}
			}
		}
	}
	return false
}
