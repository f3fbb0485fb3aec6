package rules

import (
	"context"
	"slices"
	"strings"

	"github.com/secureserverless/framework/policy/pack"
)

// PolicyGuardDutyProtectionFeatures is the name of the stack policy that requires GuardDuty protection
// features for the services the platform uses.
const PolicyGuardDutyProtectionFeatures = "guardduty-protection-features"

// ConfigRequiredFeatures is the configuration property of guardduty-protection-features that lists
// the detector features that must be enabled.
const ConfigRequiredFeatures = "requiredFeatures"

// DefaultRequiredFeatures are the GuardDuty features for the platform's services: S3 Protection and
// Lambda Protection.
var DefaultRequiredFeatures = []string{"S3_DATA_EVENTS", "LAMBDA_NETWORK_LOGS"}

// detectorFeatureJoin finds the features of a detector. detectorId takes the detector's id.
var detectorFeatureJoin = siblingJoin{
	siblingTypes: []string{typeGuardDutyDetectorFeature}, property: "detectorId",
	idInARN: true,
}

// newGuardDutyProtectionFeatures returns the stack policy that requires, for each detector, an enabled
// DetectorFeature of each required feature.
//
// NOTE: a feature turned on through the detector's deprecated datasources argument does not count. The
// organization's auto-enable setting (OrganizationConfigurationFeature) is checked by
// guardduty-organization-auto-enable.
func newGuardDutyProtectionFeatures() *pack.Policy {
	return &pack.Policy{
		Name:        PolicyGuardDutyProtectionFeatures,
		Description: "GuardDuty detectors should enable S3 Protection and Lambda Protection.",
		Rationale: "The base detector reads CloudTrail management events, VPC flow logs and DNS logs only. S3 " +
			"Protection watches object reads and writes for exfiltration and Lambda Protection watches the " +
			"functions' network activity for cryptomining and command-and-control traffic, which the base " +
			"detector misses for a serverless platform.",
		RemediationSteps: "Add a DetectorFeature with the detector's id in detectorId, status \"ENABLED\" and name " +
			"S3_DATA_EVENTS, and one with name LAMBDA_NETWORK_LOGS, or set requiredFeatures.",
		EnforcementLevel: pack.EnforcementLevelAdvisory,
		Severity:         pack.SeverityMedium,
		Tags:             []string{"aws", "guardduty", "monitoring", tagHIPAA + "164.308(a)(1)(ii)(D)"},
		Framework:        hipaaControl("164.308(a)(1)(ii)(D)", "Information system activity review"),
		Waivable:         true,
		ResourceTypes:    []string{typeGuardDutyDetector, typeGuardDutyDetectorFeature},
		ConfigSchema: &pack.ConfigSchema{
			Properties: map[string]map[string]any{
				ConfigRequiredFeatures: {
					"type":        "array",
					"items":       map[string]any{"type": "string"},
					"minItems":    1,
					"default":     DefaultRequiredFeatures,
					"description": "Names of the GuardDuty detector features that must be enabled.",
				},
			},
		},
		ValidateStack: validateGuardDutyProtectionFeatures,
	}
}

func validateGuardDutyProtectionFeatures(_ context.Context, check *pack.StackCheck) error {
	required, err := stringListConfig(check.Config, PolicyGuardDutyProtectionFeatures, ConfigRequiredFeatures,
		DefaultRequiredFeatures)
	if err != nil {
		return err
	}

	pending := unjoined(check, detectorFeatureJoin)
	for _, feature := range pending {
		check.Unknown(feature, detectorFeatureJoin.property)
	}
	if len(pending) > 0 {
		return nil
	}

	for _, detector := range check.OfType(typeGuardDutyDetector) {
		var enabled []string
		unknown := false
		for _, feature := range siblingsOf(check, detector, detectorFeatureJoin) {
			name := feature.Properties.Get("name")
			status := feature.Properties.Get("status")
			if name.IsComputed() || status.IsComputed() {
				if name.IsComputed() {
					check.Unknown(feature, "name")
				}
				if status.IsComputed() {
					check.Unknown(feature, "status")
				}
				unknown = true
				continue
			}
			featureName, _ := stringValue(name)
			if value, _ := stringValue(status); value == "ENABLED" {
				enabled = append(enabled, featureName)
			}
		}
		if unknown {
			continue
		}

		var missing []string
		for _, feature := range required {
			if !slices.Contains(enabled, feature) {
				missing = append(missing, feature)
			}
		}
		if len(missing) > 0 {
			check.Report(detector, "no enabled %s of this detector is named %s, expected each of %s enabled.",
				typeGuardDutyDetectorFeature, strings.Join(missing, " or "), strings.Join(required, ", "))
		}
	}
	return nil
}
