package rules

import "github.com/secureserverless/framework/policy/pack"

// hipaaControl returns a control of the HIPAA Security Rule (45 CFR Part 164, Subpart C).
func hipaaControl(reference, specification string) *pack.Framework {
	return &pack.Framework{
		Name:          "HIPAA Security Rule",
		Version:       "45 CFR 164 Subpart C",
		Reference:     reference,
		Specification: specification,
	}
}

// pciControl returns a requirement of PCI DSS 3.2.1.
func pciControl(reference, specification string) *pack.Framework {
	return &pack.Framework{
		Name:          "PCI DSS",
		Version:       "3.2.1",
		Reference:     reference,
		Specification: specification,
	}
}

// Prefixes of the tags that map a policy to further controls, as in "hipaa:164.312(b)".
const (
	tagHIPAA = "hipaa:"
	tagPCI   = "pci-dss-3.2.1:"
)

// mandatoryInHIPAAAndPCI returns the profiles that make a policy mandatory in the hipaa and pci
// profiles.
func mandatoryInHIPAAAndPCI() map[pack.Profile]pack.EnforcementLevel {
	return map[pack.Profile]pack.EnforcementLevel{
		pack.ProfileHIPAA: pack.EnforcementLevelMandatory,
		pack.ProfilePCI:   pack.EnforcementLevelMandatory,
	}
}

// Prefixes of the tags that name the same check in other rule sets, so that a team moving from one
// of them can find the policy that replaces it, as in "checkov:CKV_AWS_301".
const (
	tagCheckov         = "checkov:"
	tagCDKNag          = "cdk-nag:"
	tagAWSGuard        = "awsguard:"
	tagComplianceReady = "pulumi-compliance:"
)

// withPrefix returns each value with prefix in front, as in hipaa:164.312(b).
func withPrefix(prefix string, values ...string) []string {
	prefixed := make([]string, len(values))
	for i, value := range values {
		prefixed[i] = prefix + value
	}
	return prefixed
}
