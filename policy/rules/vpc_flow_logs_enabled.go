package rules

import (
	"context"
	"slices"

	"github.com/secureserverless/framework/policy/pack"
)

// PolicyVPCFlowLogsEnabled is the name of the stack policy that requires a flow log for every VPC.
const PolicyVPCFlowLogsEnabled = "vpc-flow-logs-enabled"

// flowLogJoin finds the flow logs of a VPC.
var flowLogJoin = siblingJoin{siblingTypes: []string{typeEC2FlowLog}, property: "vpcId", idInARN: true}

// newVPCFlowLogsEnabled returns the stack policy that requires each VPC to have a FlowLog whose vpcId
// is the VPC. Flow logs of single subnets or network interfaces do not count, because they miss the
// traffic of the VPC's other subnets. A VPC created by an awsx Vpc component counts as the VPC of a
// flow log built from the component's vpcId output.
func newVPCFlowLogsEnabled() *pack.Policy {
	return &pack.Policy{
		Name:        PolicyVPCFlowLogsEnabled,
		Description: "VPCs must have a flow log.",
		Rationale: "Flow logs record the accepted and rejected connections of every network interface in the VPC. " +
			"Without them, an investigation cannot tell which addresses a compromised function talked to, or that " +
			"a security group let traffic through that it should not have.",
		RemediationSteps: "Add a FlowLog whose vpcId is the VPC, with trafficType \"ALL\" and a destination such as " +
			"a CloudWatch Logs log group with a retention period, or an S3 bucket.",
		EnforcementLevel: pack.EnforcementLevelMandatory,
		Severity:         pack.SeverityMedium,
		Tags: slices.Concat(
			[]string{"aws", "vpc", "logging"},
			withPrefix(tagHIPAA, "164.308(a)(3)(ii)(A)", "164.312(b)"),
			withPrefix(tagPCI, "2.2", "10.1", "10.3.2", "10.3.3", "10.3.4", "10.3.5", "10.3.6"),
			withPrefix(tagCheckov, "CKV2_AWS_11"),
			withPrefix(tagCDKNag, "AwsSolutions-VPC7", "VPCFlowLogsEnabled"),
		),
		Framework:     hipaaControl("164.312(b)", "Audit controls"),
		Waivable:      true,
		ResourceTypes: []string{typeEC2VPC},
		ValidateStack: validateVPCFlowLogsEnabled,
	}
}

func validateVPCFlowLogsEnabled(_ context.Context, check *pack.StackCheck) error {
	for _, vpc := range missingSiblings(check, check.OfType(typeEC2VPC), flowLogJoin) {
		check.Report(vpc, "no %s has vpcId set to this VPC, expected one that records its traffic.", typeEC2FlowLog)
	}
	return nil
}
