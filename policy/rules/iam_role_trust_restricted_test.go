package rules

import (
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/property"
)

func TestIAMRoleTrustRestricted(t *testing.T) {
	role := func(statements string) property.Map {
		return propsOf(map[string]property.Value{
			"name":             property.New("deployer"),
			"assumeRolePolicy": property.New(`{"Version": "2012-10-17", "Statement": [` + statements + `]}`),
		})
	}
	const github = "arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com"
	withCondition := func(condition string) string {
		return `{"Effect": "Allow", "Action": "sts:AssumeRoleWithWebIdentity",
			"Principal": {"Federated": "` + github + `"}, "Condition": ` + condition + `}`
	}

	runPolicyCases(t, newIAMRoleTrustRestricted(), []policyCase{
		{
			name:         "lambda service",
			kind:         caseCompliant,
			resourceType: typeIAMRole,
			props: role(`{"Effect": "Allow", "Action": "sts:AssumeRole",
				"Principal": {"Service": "lambda.amazonaws.com"}}`),
		},
		{
			name:         "github repository and branch",
			kind:         caseCompliant,
			resourceType: typeIAMRole,
			props: role(withCondition(`{
				"StringEquals": {"token.actions.githubusercontent.com:aud": "sts.amazonaws.com"},
				"StringLike": {"token.actions.githubusercontent.com:sub": "repo:example/platform:ref:refs/heads/main"}}`)),
		},
		{
			name:         "everyone in the organization",
			kind:         caseCompliant,
			resourceType: typeIAMRole,
			props: role(`{"Effect": "Allow", "Action": "sts:AssumeRole", "Principal": {"AWS": "*"},
				"Condition": {"StringEquals": {"aws:PrincipalOrgID": "o-abc123"}}}`),
		},
		{
			name:         "cognito identity pool",
			kind:         caseCompliant,
			resourceType: typeIAMRole,
			props: role(`{"Effect": "Allow", "Action": "sts:AssumeRoleWithWebIdentity",
				"Principal": {"Federated": "cognito-identity.amazonaws.com"},
				"Condition": {"StringEquals": {"cognito-identity.amazonaws.com:aud": "eu-west-1:0000-1111"}}}`),
		},
		{
			name:         "saml provider",
			kind:         caseCompliant,
			resourceType: typeIAMRole,
			props: role(`{"Effect": "Allow", "Action": "sts:AssumeRoleWithSAML",
				"Principal": {"Federated": "arn:aws:iam::111122223333:saml-provider/corp"}}`),
		},
		{
			name:         "everyone",
			kind:         caseViolation,
			resourceType: typeIAMRole,
			props:        role(`{"Effect": "Allow", "Action": "sts:AssumeRole", "Principal": "*"}`),
			want: []string{`assumeRolePolicy Statement[0] allows Principal "*" without a condition that limits ` +
				`callers, expected named principals or a condition on aws:PrincipalOrgID, aws:PrincipalAccount ` +
				`or aws:PrincipalArn.`},
		},
		{
			name:         "github without sub",
			kind:         caseViolation,
			resourceType: typeIAMRole,
			props: role(withCondition(`{
				"StringEquals": {"token.actions.githubusercontent.com:aud": "sts.amazonaws.com"}}`)),
			want: []string{`assumeRolePolicy Statement[0] trusts Federated "` + github + `" without a condition ` +
				`on token.actions.githubusercontent.com:sub, expected one that names the subjects allowed to ` +
				`assume the role, such as "repo:ORG/REPO:ref:refs/heads/main".`},
		},
		{
			name:         "github with every repository",
			kind:         caseViolation,
			resourceType: typeIAMRole,
			props: role(withCondition(`{
				"StringLike": {"token.actions.githubusercontent.com:sub": ["repo:*", "*"]}}`)),
			want: []string{`assumeRolePolicy Statement[0] trusts Federated "` + github + `" without a condition ` +
				`on token.actions.githubusercontent.com:sub, expected one that names the subjects allowed to ` +
				`assume the role, such as "repo:ORG/REPO:ref:refs/heads/main".`},
		},
		{
			name:         "cognito without audience and wildcard service",
			kind:         caseViolation,
			resourceType: typeIAMRole,
			props: role(`{"Effect": "Allow", "Action": "sts:AssumeRoleWithWebIdentity",
				"Principal": {"Federated": "cognito-identity.amazonaws.com"}},
				{"Effect": "Allow", "Action": "sts:AssumeRole", "Principal": {"Service": ["*.amazonaws.com"]}}`),
			want: []string{
				`assumeRolePolicy Statement[0] trusts Federated "cognito-identity.amazonaws.com" without a ` +
					`condition on cognito-identity.amazonaws.com:aud, expected one that names the audience, such ` +
					`as the identity pool ID.`,
				`assumeRolePolicy Statement[1] trusts Service "*.amazonaws.com", expected the name of one ` +
					`service such as "lambda.amazonaws.com".`,
			},
		},
		{
			name:         "invalid document",
			kind:         caseViolation,
			resourceType: typeIAMRole,
			props:        propsOf(map[string]property.Value{"assumeRolePolicy": property.New(`not json`)}),
			want: []string{`assumeRolePolicy is not a valid policy document (invalid character 'o' in literal ` +
				`null (expecting 'u')), expected JSON with a Statement list.`},
		},
		{
			name:         "role policy",
			kind:         caseOtherType,
			resourceType: typeIAMRolePolicy,
			props:        role(`{"Effect": "Allow", "Action": "sts:AssumeRole", "Principal": "*"}`),
		},
		{
			name:         "unknown trust policy",
			kind:         caseUnknown,
			resourceType: typeIAMRole,
			props:        propsOf(map[string]property.Value{"assumeRolePolicy": unknownValue()}),
			wantUnknown:  []string{"assumeRolePolicy"},
		},
	})
}
