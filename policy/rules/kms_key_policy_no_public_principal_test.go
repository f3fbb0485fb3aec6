package rules

import (
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/property"
)

func TestKMSKeyPolicyNoPublicPrincipal(t *testing.T) {
	keyPolicy := func(statements string) property.Map {
		return propsOf(map[string]property.Value{
			"enableKeyRotation": property.New(true),
			"policy":            property.New(`{"Version": "2012-10-17", "Statement": [` + statements + `]}`),
		})
	}
	const accountRoot = `{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:root"},
		"Action": "kms:*", "Resource": "*"}`

	runPolicyCases(t, newKMSKeyPolicyNoPublicPrincipal(), []policyCase{
		{
			name:         "account root",
			kind:         caseCompliant,
			resourceType: typeKMSKey,
			props:        keyPolicy(accountRoot),
		},
		{
			name:         "everyone in the account through a service",
			kind:         caseCompliant,
			resourceType: typeKMSKeyPolicy,
			props: keyPolicy(accountRoot + `, {"Effect": "Allow", "Principal": {"AWS": "*"},
				"Action": ["kms:Decrypt", "kms:GenerateDataKey"], "Resource": "*", "Condition": {
				"StringEquals": {"kms:CallerAccount": "111122223333", "kms:ViaService": "s3.eu-west-1.amazonaws.com"}}}`),
		},
		{
			name:         "key without policy",
			kind:         caseCompliant,
			resourceType: typeKMSKey,
			props:        propsOf(map[string]property.Value{"enableKeyRotation": property.New(true)}),
		},
		{
			name:         "everyone",
			kind:         caseViolation,
			resourceType: typeKMSKey,
			props: keyPolicy(accountRoot + `, {"Effect": "Allow", "Principal": "*", "Action": "kms:Decrypt",
				"Resource": "*", "Condition": {"StringEquals": {"kms:ViaService": "s3.eu-west-1.amazonaws.com"}}}`),
			want: []string{`policy Statement[1] allows Principal "*" without a condition that limits callers, ` +
				`expected named principals or a condition on kms:CallerAccount, aws:PrincipalOrgID, aws:SourceArn ` +
				`or aws:SourceAccount.`},
		},
		{
			name:         "invalid policy",
			kind:         caseViolation,
			resourceType: typeKMSKeyPolicy,
			props:        propsOf(map[string]property.Value{"policy": property.New(`not json`).WithSecret(true)}),
			want: []string{`policy is not a valid policy document (details hidden because the value is secret), ` +
				`expected JSON with a Statement list.`},
		},
		{
			name:         "bucket policy",
			kind:         caseOtherType,
			resourceType: typeS3BucketPolicy,
			props:        keyPolicy(`{"Effect": "Allow", "Principal": "*", "Action": "kms:*", "Resource": "*"}`),
		},
		{
			name:         "unknown policy",
			kind:         caseUnknown,
			resourceType: typeKMSKey,
			props:        propsOf(map[string]property.Value{"policy": unknownValue()}),
			wantUnknown:  []string{"policy"},
		},
	})
}
