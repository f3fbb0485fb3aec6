package rules

import (
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/property"
)

func TestGuardDutyOrganizationAutoEnable(t *testing.T) {
	config := func(fields map[string]property.Value) property.Map {
		fields["detectorId"] = property.New("12abc34d")
		return propsOf(fields)
	}

	runPolicyCases(t, newGuardDutyOrganizationAutoEnable(), []policyCase{
		{name: "all members", kind: caseCompliant, resourceType: typeGuardDutyOrganizationConfig,
			props: config(map[string]property.Value{"autoEnableOrganizationMembers": property.New("ALL")})},
		{name: "deprecated auto enable", kind: caseCompliant, resourceType: typeGuardDutyOrganizationConfig,
			props: config(map[string]property.Value{"autoEnable": property.New(true)})},
		{name: "feature for new accounts", kind: caseCompliant, resourceType: typeGuardDutyOrganizationFeature,
			props: config(map[string]property.Value{"name": property.New("S3_DATA_EVENTS"), "autoEnable": property.New("NEW")})},
		{name: "no members", kind: caseViolation, resourceType: typeGuardDutyOrganizationConfig,
			props: config(map[string]property.Value{"autoEnableOrganizationMembers": property.New("NONE")}),
			want:  []string{`autoEnableOrganizationMembers is "NONE", expected "ALL" or "NEW".`}},
		{name: "nothing set", kind: caseViolation, resourceType: typeGuardDutyOrganizationConfig,
			props: config(map[string]property.Value{}),
			want:  []string{`autoEnableOrganizationMembers is not set and autoEnable is not set, expected autoEnableOrganizationMembers "ALL" or "NEW".`}},
		{name: "feature off", kind: caseViolation, resourceType: typeGuardDutyOrganizationFeature,
			props: config(map[string]property.Value{"name": property.New("S3_DATA_EVENTS"), "autoEnable": property.New("NONE")}),
			want:  []string{`autoEnable is "NONE", expected "ALL" or "NEW".`}},
		{name: "detector", kind: caseOtherType, resourceType: typeGuardDutyDetector,
			props: config(map[string]property.Value{"autoEnable": property.New("NONE")})},
		{name: "unknown members", kind: caseUnknown, resourceType: typeGuardDutyOrganizationConfig,
			props:       config(map[string]property.Value{"autoEnableOrganizationMembers": unknownValue()}),
			wantUnknown: []string{"autoEnableOrganizationMembers"}},
	})
}
