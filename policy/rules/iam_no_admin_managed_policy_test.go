package rules

import (
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/property"
)

func TestIAMNoAdminManagedPolicy(t *testing.T) {
	const (
		admin    = "arn:aws:iam::aws:policy/AdministratorAccess"
		iamFull  = "arn:aws-us-gov:iam::aws:policy/IAMFullAccess"
		readOnly = "arn:aws:iam::aws:policy/ReadOnlyAccess"
		expected = ", expected a policy limited to the actions and resources the principal needs."
	)
	arns := func(values ...string) property.Value {
		elements := make([]property.Value, len(values))
		for i, value := range values {
			elements[i] = property.New(value)
		}
		return listValue(elements...)
	}

	runPolicyCases(t, newIAMNoAdminManagedPolicy(), []policyCase{
		{
			name:         "role with read only access",
			kind:         caseCompliant,
			resourceType: typeIAMRole,
			props:        propsOf(map[string]property.Value{"managedPolicyArns": arns(readOnly)}),
		},
		{
			name:         "role without managed policies",
			kind:         caseCompliant,
			resourceType: typeIAMRole,
			props:        propsOf(map[string]property.Value{"name": property.New("me")}),
		},
		{
			name:         "attachment of a customer policy",
			kind:         caseCompliant,
			resourceType: typeIAMRolePolicyAttachment,
			props: propsOf(map[string]property.Value{
				"policyArn": property.New("arn:aws:iam::111122223333:policy/AdministratorAccess"),
			}),
		},
		{
			name:         "role with administrator access",
			kind:         caseViolation,
			resourceType: typeIAMRole,
			props:        propsOf(map[string]property.Value{"managedPolicyArns": arns(readOnly, admin)}),
			want:         []string{`managedPolicyArns[1] is "` + admin + `"` + expected},
		},
		{
			name:         "user attachment of iam full access",
			kind:         caseViolation,
			resourceType: typeIAMUserPolicyAttachment,
			props:        propsOf(map[string]property.Value{"user": property.New("ci"), "policyArn": property.New(iamFull)}),
			want:         []string{`policyArn is "` + iamFull + `"` + expected},
		},
		{
			name:         "policy attachment",
			kind:         caseViolation,
			resourceType: typeIAMPolicyAttachment,
			props:        propsOf(map[string]property.Value{"policyArn": property.New(admin)}),
			want:         []string{`policyArn is "` + admin + `"` + expected},
		},
		{
			name:         "exclusive group attachments",
			kind:         caseViolation,
			resourceType: typeIAMGroupPolicyAttachmentsExclusive,
			props:        propsOf(map[string]property.Value{"policyArns": arns(admin)}),
			want:         []string{`policyArns[0] is "` + admin + `"` + expected},
		},
		{
			name:         "role policy",
			kind:         caseOtherType,
			resourceType: typeIAMRolePolicy,
			props:        propsOf(map[string]property.Value{"policyArn": property.New(admin)}),
		},
		{
			name:         "unknown attachment",
			kind:         caseUnknown,
			resourceType: typeIAMRolePolicyAttachment,
			props:        propsOf(map[string]property.Value{"policyArn": unknownValue()}),
			wantUnknown:  []string{"policyArn"},
		},
		{
			name:         "unknown managed policies",
			kind:         caseUnknown,
			resourceType: typeIAMRole,
			props:        propsOf(map[string]property.Value{"managedPolicyArns": listValue(property.New(readOnly), unknownValue())}),
			wantUnknown:  []string{"managedPolicyArns[1]"},
		},
	})
}
