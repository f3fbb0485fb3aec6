package rules

import (
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/property"
)

func TestSecretsManagerPolicyNoPublicPrincipal(t *testing.T) {
	secretPolicy := func(statement string) property.Map {
		return propsOf(map[string]property.Value{
			"secretArn": property.New("arn:aws:secretsmanager:eu-west-1:111122223333:secret:db-AbCdEf"),
			"policy":    property.New(`{"Version": "2012-10-17", "Statement": [` + statement + `]}`),
		})
	}

	runPolicyCases(t, newSecretsManagerPolicyNoPublicPrincipal(), []policyCase{
		{
			name:         "one role",
			kind:         caseCompliant,
			resourceType: typeSecretsManagerSecretPolicy,
			props: secretPolicy(`{"Effect": "Allow", "Action": "secretsmanager:GetSecretValue", "Resource": "*",
				"Principal": {"AWS": "arn:aws:iam::111122223333:role/api"}}`),
		},
		{
			name:         "deny for everyone",
			kind:         caseCompliant,
			resourceType: typeSecretsManagerSecret,
			props: secretPolicy(`{"Effect": "Deny", "Principal": "*", "Action": "secretsmanager:*", "Resource": "*",
				"Condition": {"StringNotEquals": {"aws:PrincipalAccount": "111122223333"}}}`),
		},
		{
			name:         "secret without policy",
			kind:         caseCompliant,
			resourceType: typeSecretsManagerSecret,
			props:        propsOf(map[string]property.Value{"name": property.New("db"), "policy": property.New("")}),
		},
		{
			name:         "everyone",
			kind:         caseViolation,
			resourceType: typeSecretsManagerSecret,
			props: secretPolicy(`{"Effect": "Allow", "Principal": {"AWS": "*"},
				"Action": "secretsmanager:GetSecretValue", "Resource": "*"}`),
			want: []string{`policy Statement[0] allows Principal "*" without a condition that limits callers, ` +
				`expected named principals or a condition on aws:PrincipalOrgID, aws:SourceArn, ` +
				`aws:SourceAccount or aws:SourceVpce.`},
		},
		{
			name:         "invalid policy",
			kind:         caseViolation,
			resourceType: typeSecretsManagerSecretPolicy,
			props:        propsOf(map[string]property.Value{"policy": property.New(`not json`)}),
			want: []string{`policy is not a valid policy document (invalid character 'o' in literal null ` +
				`(expecting 'u')), expected JSON with a Statement list.`},
		},
		{
			name:         "secret version",
			kind:         caseOtherType,
			resourceType: typeSecretsManagerSecretVersion,
			props:        secretPolicy(`{"Effect": "Allow", "Principal": "*", "Action": "*", "Resource": "*"}`),
		},
		{
			name:         "unknown policy",
			kind:         caseUnknown,
			resourceType: typeSecretsManagerSecretPolicy,
			props:        propsOf(map[string]property.Value{"policy": unknownValue()}),
			wantUnknown:  []string{"policy"},
		},
	})
}
