package rules

import (
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/property"

	"github.com/secureserverless/framework/policy/pack"
)

func TestIAMRoleNoMixedPolicies(t *testing.T) {
	const readOnly = "arn:aws:iam::aws:policy/ReadOnlyAccess"
	const xray = "arn:aws:iam::aws:policy/AWSXrayWriteOnlyAccess"
	role := func(inline, managed property.Value) pack.Resource {
		return stackResource(typeIAMRole, "me-role", propsOf(map[string]property.Value{
			"name":              property.New("me-role-1a2b3c"),
			"inlinePolicies":    inline,
			"managedPolicyArns": managed,
		}))
	}
	inlinePolicy := func(name, document string) property.Value {
		return objectValue(map[string]property.Value{"name": property.New(name), "policy": property.New(document)})
	}
	rolePolicy := func(r pack.Resource, name property.Value) pack.Resource {
		return dependingOn(stackResource(typeIAMRolePolicy, "me-policy", propsOf(map[string]property.Value{
			"name": name, "role": property.New("me-role-1a2b3c"),
		})), "role", r)
	}
	attachment := func(arn string) pack.Resource {
		return stackResource(typeIAMRolePolicyAttachment, "me-xray", propsOf(map[string]property.Value{
			"role": property.New("me-role-1a2b3c"), "policyArn": property.New(arn),
		}))
	}
	noInline := listValue(inlinePolicy("", ""))

	runStackCases(t, newIAMRoleNoMixedPolicies(), []stackCase{
		{
			name: "separate resources only",
			kind: caseCompliant,
			resources: []pack.Resource{
				role(noInline, property.Value{}),
				rolePolicy(role(noInline, property.Value{}), property.New("me-policy-1")),
				attachment(xray),
			},
		},
		{
			name: "outputs that list the separate resources",
			kind: caseCompliant,
			resources: []pack.Resource{
				role(listValue(inlinePolicy("me-policy-1", "{}")), listValue(property.New(xray))),
				rolePolicy(role(property.Value{}, property.Value{}), property.New("me-policy-1")),
				attachment(xray),
			},
		},
		{
			name: "arguments on the role only",
			kind: caseCompliant,
			resources: []pack.Resource{
				role(listValue(inlinePolicy("logs", "{}")), listValue(property.New(readOnly))),
			},
		},
		{
			name: "inline policies in both places",
			kind: caseViolation,
			resources: []pack.Resource{
				role(listValue(inlinePolicy("logs", "{}"), inlinePolicy("me-policy-1", "{}")), property.Value{}),
				rolePolicy(role(property.Value{}, property.Value{}), property.New("me-policy-1")),
			},
			want: []string{`me-role: inlinePolicies lists "logs" and aws:iam/rolePolicy:RolePolicy "me-policy" ` +
				`adds another inline policy, expected the role's inline policies in one place: inlinePolicies or ` +
				`RolePolicy resources.`},
		},
		{
			name: "managed policies in both places",
			kind: caseViolation,
			resources: []pack.Resource{
				role(property.Value{}, listValue(property.New(readOnly), property.New(xray))),
				attachment(xray),
			},
			want: []string{`me-role: managedPolicyArns lists "` + readOnly + `" and ` +
				`aws:iam/rolePolicyAttachment:RolePolicyAttachment "me-xray" attaches another policy, expected ` +
				`the role's managed policies attached in one place: managedPolicyArns or attachment resources.`},
		},
		{
			name:      "role policy without role",
			kind:      caseOtherType,
			resources: []pack.Resource{attachment(xray)},
		},
		{
			name: "unknown outputs",
			kind: caseUnknown,
			resources: []pack.Resource{
				role(unknownValue(), unknownValue()),
				rolePolicy(role(property.Value{}, property.Value{}), unknownValue()),
				attachment(xray),
			},
			wantUnknown: []string{"me-policy: name", "me-role: inlinePolicies", "me-role: managedPolicyArns"},
		},
	})
}
