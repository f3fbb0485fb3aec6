package rules

import (
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/property"

	"github.com/secureserverless/framework/policy/pack"
)

func TestSecurityHubStandardsSubscribed(t *testing.T) {
	account := func(defaults property.Value) pack.Resource {
		fields := map[string]property.Value{"autoEnableControls": property.New(true)}
		if !defaults.IsNull() {
			fields["enableDefaultStandards"] = defaults
		}
		return stackResource(typeSecurityHubAccount, "baseline-securityhub", propsOf(fields))
	}
	subscription := stackResource(typeSecurityHubStandardsSubscription, "baseline-securityhub-fsbp", propsOf(map[string]property.Value{
		"standardsArn": property.New("arn:aws:securityhub:eu-west-1::standards/aws-foundational-security-best-practices/v/1.0.0"),
	}))

	runStackCases(t, newSecurityHubStandardsSubscribed(), []stackCase{
		{name: "subscribed", kind: caseCompliant, resources: []pack.Resource{account(property.New(false)), subscription}},
		{name: "default standards", kind: caseCompliant, resources: []pack.Resource{account(property.Value{})}},
		{name: "no standard", kind: caseViolation, resources: []pack.Resource{account(property.New(false))},
			want: []string{"baseline-securityhub: enableDefaultStandards is false and the stack has no " +
				"aws:securityhub/standardsSubscription:StandardsSubscription, expected at least one standard subscribed."}},
		{name: "no account", kind: caseOtherType, resources: []pack.Resource{stackResource(typeSNSTopic, "alerts", property.Map{})}},
		{name: "unknown defaults", kind: caseUnknown, resources: []pack.Resource{account(unknownValue())},
			wantUnknown: []string{"baseline-securityhub: enableDefaultStandards"}},
	})
}
