package rules

import (
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/property"
)

func TestIAMNoAdminPolicy(t *testing.T) {
	rolePolicy := func(policy property.Value) property.Map {
		return propsOf(map[string]property.Value{"role": property.New("upload"), "policy": policy})
	}

	runPolicyCases(t, newIAMNoAdminPolicy(), []policyCase{
		{
			name:         "scoped actions",
			kind:         caseCompliant,
			resourceType: typeIAMRolePolicy,
			props: rolePolicy(property.New(`{"Version": "2012-10-17", "Statement": [{
				"Effect": "Allow", "Action": ["s3:GetObject", "s3:PutObject"],
				"Resource": "arn:aws:s3:::user-files/*"}]}`)),
		},
		{
			name:         "deny everything",
			kind:         caseCompliant,
			resourceType: typeIAMPolicy,
			props: rolePolicy(property.New(`{"Statement": {
				"Effect": "Deny", "NotAction": "s3:GetObject", "Resource": "*"}}`)),
		},
		{
			name:         "every action on one resource",
			kind:         caseCompliant,
			resourceType: typeIAMRolePolicy,
			props: rolePolicy(property.New(`{"Statement": [{
				"Effect": "Allow", "Action": "*", "Resource": "arn:aws:s3:::user-files/*"}]}`)),
		},
		{
			name:         "admin role policy",
			kind:         caseViolation,
			resourceType: typeIAMRolePolicy,
			props: rolePolicy(property.New(`{"Statement": [
				{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::user-files/*"},
				{"Effect": "Allow", "Action": "*", "Resource": "*"}]}`)),
			want: []string{`policy Statement[1] allows Action "*" on Resource "*", expected actions and resources ` +
				`limited to what the principal needs.`},
		},
		{
			name:         "admin managed policy with star colon star",
			kind:         caseViolation,
			resourceType: typeIAMPolicy,
			props: rolePolicy(property.New(`{"Statement": {
				"Effect": "Allow", "Action": ["*:*"], "Resource": ["*"]}}`)),
			want: []string{`policy Statement[0] allows Action "*:*" on Resource "*", expected actions and resources ` +
				`limited to what the principal needs.`},
		},
		{
			name:         "admin user policy with not resource",
			kind:         caseViolation,
			resourceType: typeIAMUserPolicy,
			props: rolePolicy(property.New(`{"Statement": [{
				"Effect": "Allow", "Action": "*", "NotResource": "arn:aws:iam::*:role/break-glass"}]}`)),
			want: []string{`policy Statement[0] allows Action "*" on every resource except NotResource ` +
				`"arn:aws:iam::*:role/break-glass", expected actions and resources limited to what the principal needs.`},
		},
		{
			name:         "not action with allow in group policy",
			kind:         caseViolation,
			resourceType: typeIAMGroupPolicy,
			props: rolePolicy(property.New(`{"Statement": [{
				"Effect": "Allow", "NotAction": ["iam:*", "organizations:*"], "Resource": "*"}]}`)),
			want: []string{`policy Statement[0] allows every action except NotAction "iam:*", "organizations:*", ` +
				`expected an Action list that names the allowed actions.`},
		},
		{
			name:         "secret admin policy",
			kind:         caseViolation,
			resourceType: typeIAMRolePolicy,
			props: rolePolicy(property.New(`{"Statement": [{
				"Effect": "Allow", "Action": "*", "Resource": "*"}]}`).WithSecret(true)),
			want: []string{`policy Statement[0] allows Action [secret] on Resource [secret], expected actions and ` +
				`resources limited to what the principal needs.`},
		},
		{
			name:         "invalid document",
			kind:         caseViolation,
			resourceType: typeIAMRolePolicy,
			props:        rolePolicy(property.New(42.0)),
			want: []string{"policy is not a valid policy document (the value is neither a JSON string nor an object), " +
				"expected JSON with a Statement list."},
		},
		{
			name:         "bucket policy",
			kind:         caseOtherType,
			resourceType: typeS3BucketPolicy,
			props: rolePolicy(property.New(`{"Statement": [{
				"Effect": "Allow", "Principal": "*", "Action": "*", "Resource": "*"}]}`)),
		},
		{
			name:         "unknown policy",
			kind:         caseUnknown,
			resourceType: typeIAMRolePolicy,
			props:        rolePolicy(unknownValue()),
			wantUnknown:  []string{"policy"},
		},
	})
}
