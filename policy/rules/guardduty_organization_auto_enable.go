package rules

import (
	"context"
	"slices"

	"github.com/secureserverless/framework/policy/pack"
)

// PolicyGuardDutyOrganizationAutoEnable is the name of the policy that requires GuardDuty and its
// features to be turned on for new member accounts of the organization.
const PolicyGuardDutyOrganizationAutoEnable = "guardduty-organization-auto-enable"

// guardDutyAutoEnableValues are the auto-enable settings that cover new member accounts: ALL turns the
// detector or feature on for every member account and NEW for accounts that join later.
var guardDutyAutoEnableValues = []string{"ALL", "NEW"}

// newGuardDutyOrganizationAutoEnable returns the policy that checks, in the delegated administrator's
// stack, autoEnableOrganizationMembers of an OrganizationConfiguration (or the deprecated autoEnable
// when the former is not set) and autoEnable of each OrganizationConfigurationFeature.
func newGuardDutyOrganizationAutoEnable() *pack.Policy {
	return &pack.Policy{
		Name:        PolicyGuardDutyOrganizationAutoEnable,
		Description: "GuardDuty organization settings should turn GuardDuty and its features on for new member accounts.",
		Rationale: "An account that joins the organization without GuardDuty has no threat detection until someone " +
			"notices. Auto-enable makes every new account, including one an attacker creates, report findings " +
			"to the delegated administrator from the start.",
		RemediationSteps: "Set autoEnableOrganizationMembers to \"ALL\" (or \"NEW\") on the OrganizationConfiguration " +
			"and autoEnable to \"ALL\" (or \"NEW\") on each OrganizationConfigurationFeature.",
		EnforcementLevel: pack.EnforcementLevelAdvisory,
		Severity:         pack.SeverityMedium,
		Tags:             []string{"aws", "guardduty", "monitoring", tagHIPAA + "164.308(a)(1)(ii)(D)", tagPCI + "11.4"},
		Framework:        hipaaControl("164.308(a)(1)(ii)(D)", "Information system activity review"),
		Waivable:         true,
		ResourceTypes:    []string{typeGuardDutyOrganizationConfig, typeGuardDutyOrganizationFeature},
		ValidateResource: validateGuardDutyOrganizationAutoEnable,
	}
}

func validateGuardDutyOrganizationAutoEnable(_ context.Context, check *pack.ResourceCheck) error {
	props := check.Resource.Properties
	if check.Resource.Type == typeGuardDutyOrganizationFeature {
		value := props.Get("autoEnable")
		if !check.Known("autoEnable", value) {
			return nil
		}
		if text, _ := stringValue(value); !slices.Contains(guardDutyAutoEnableValues, text) {
			check.Report("autoEnable is %s, expected \"ALL\" or \"NEW\".", describeValue(value))
		}
		return nil
	}

	members := props.Get("autoEnableOrganizationMembers")
	if !check.Known("autoEnableOrganizationMembers", members) {
		return nil
	}
	if text, ok := stringValue(members); ok && text != "" {
		if !slices.Contains(guardDutyAutoEnableValues, text) {
			check.Report("autoEnableOrganizationMembers is %s, expected \"ALL\" or \"NEW\".", describeValue(members))
		}
		return nil
	}

	legacy := props.Get("autoEnable")
	if !check.Known("autoEnable", legacy) {
		return nil
	}
	if enabled, _ := boolValue(legacy); !enabled {
		check.Report("autoEnableOrganizationMembers is not set and autoEnable is %s, expected "+
			"autoEnableOrganizationMembers \"ALL\" or \"NEW\".", describeValue(legacy))
	}
	return nil
}
