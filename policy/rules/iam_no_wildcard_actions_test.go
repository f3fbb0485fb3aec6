package rules

import (
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/property"
	"github.com/stretchr/testify/assert"
)

func TestIAMNoWildcardActions(t *testing.T) {
	rolePolicy := func(policy property.Value) property.Map {
		return propsOf(map[string]property.Value{"role": property.New("upload"), "policy": policy})
	}

	runPolicyCases(t, newIAMNoWildcardActions(), []policyCase{
		{
			name:         "named actions",
			kind:         caseCompliant,
			resourceType: typeIAMRolePolicy,
			props: rolePolicy(property.New(`{"Statement": [{
				"Effect": "Allow", "Action": ["s3:GetObject", "s3:List*"], "Resource": "arn:aws:s3:::user-files/*"}]}`)),
		},
		{
			name:         "wildcard in deny",
			kind:         caseCompliant,
			resourceType: typeIAMPolicy,
			props: rolePolicy(property.New(`{"Statement": [{
				"Effect": "Deny", "Action": "s3:*", "Resource": "*"}]}`)),
		},
		{
			name:         "admin statement left to iam-no-admin-policy",
			kind:         caseCompliant,
			resourceType: typeIAMRolePolicy,
			props: rolePolicy(property.New(`{"Statement": [{
				"Effect": "Allow", "Action": "*", "Resource": "*"}]}`)),
		},
		{
			name:         "invalid document left to iam-no-admin-policy",
			kind:         caseCompliant,
			resourceType: typeIAMRolePolicy,
			props:        rolePolicy(property.New(`not json`)),
		},
		{
			name:         "service wildcards",
			kind:         caseViolation,
			resourceType: typeIAMRolePolicy,
			props: rolePolicy(property.New(`{"Statement": [
				{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"},
				{"Effect": "Allow", "Action": ["s3:*", "sqs:SendMessage", "DynamoDB:*"], "Resource": "arn:aws:s3:::user-files"}]}`)),
			want: []string{`policy Statement[1] Action contains "s3:*", "DynamoDB:*", expected the individual actions ` +
				`that the principal calls, such as "s3:GetObject".`},
		},
		{
			name:         "star on one resource",
			kind:         caseViolation,
			resourceType: typeIAMUserPolicy,
			props: rolePolicy(property.New(`{"Statement": {
				"Effect": "Allow", "Action": "*", "Resource": "arn:aws:s3:::user-files/*"}}`)),
			want: []string{`policy Statement[0] Action contains "*", expected the individual actions ` +
				`that the principal calls, such as "s3:GetObject".`},
		},
		{
			name:         "kms key policy",
			kind:         caseOtherType,
			resourceType: typeKMSKey,
			props: rolePolicy(property.New(`{"Statement": [{
				"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:root"}, "Action": "kms:*", "Resource": "*"}]}`)),
		},
		{
			name:         "unknown policy",
			kind:         caseUnknown,
			resourceType: typeIAMGroupPolicy,
			props:        rolePolicy(unknownValue()),
			wantUnknown:  []string{"policy"},
		},
	})
}

func TestIsServiceWideAction(t *testing.T) {
	tests := []struct {
		action string
		want   bool
	}{
		{action: "*", want: true},
		{action: "*:*", want: true},
		{action: "s3:*", want: true},
		{action: "s3:Get*", want: false},
		{action: "s3:GetObject", want: false},
		{action: ":*", want: false},
		{action: "s3", want: false},
	}
	for _, tt := range tests {
		t.Run(tt.action, func(t *testing.T) {
			assert.Equal(t, tt.want, isServiceWideAction(tt.action))
		})
	}
}
