// Command stockpack serves test policies with the SDK's stock policyx server (v3.276.0). The pack
// package's server tests define the same policies with their own API and run each scenario on both
// servers, so that they show each defect of the stock server that the pack server fixes. Only those
// tests build it.
package main

import (
	"context"
	"errors"
	"fmt"
	"os"

	"github.com/blang/semver"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi/policyx"
)

// thingType is the resource type that the test policies check.
const thingType = "test:index:Thing"

func main() {
	if err := policyx.Main(newPack); err != nil {
		fmt.Fprintf(os.Stderr, "serving stock pack: %v\n", err)
		os.Exit(1)
	}
}

func newPack(*pulumi.Context) (policyx.PolicyPack, error) {
	return policyx.NewPolicyPack("stock", semver.MustParse("1.0.0"), policyx.EnforcementLevelMandatory,
		[]policyx.Policy{
			// no-level sets no level, so the pack's mandatory level should apply.
			policyx.NewResourceValidationPolicy("no-level", policyx.ResourceValidationPolicyArgs{
				Description: "Things must not be bad.",
				ValidateResource: func(_ context.Context, args policyx.ResourceValidationArgs) error {
					if args.Resource.Type == thingType && args.Resource.Properties.Get("bad").IsBool() {
						args.Manager.ReportViolation("bad is set, expected it unset.", "")
					}
					return nil
				},
			}),
			// reads-value reads a string the way policyx's API invites, which panics on an unknown value.
			policyx.NewResourceValidationPolicy("reads-value", policyx.ResourceValidationPolicyArgs{
				Description:      "Things must have the value good.",
				EnforcementLevel: policyx.EnforcementLevelMandatory,
				ValidateResource: func(_ context.Context, args policyx.ResourceValidationArgs) error {
					value := args.Resource.Properties.Get("value")
					if args.Resource.Type == thingType && !value.IsNull() && value.AsString() != "good" {
						args.Manager.ReportViolation(fmt.Sprintf("value is %q, expected \"good\".", value.AsString()), "")
					}
					return nil
				},
			}),
			policyx.NewResourceValidationPolicy("panics", policyx.ResourceValidationPolicyArgs{
				Description:      "Things must not make the policy panic.",
				EnforcementLevel: policyx.EnforcementLevelAdvisory,
				ValidateResource: func(_ context.Context, args policyx.ResourceValidationArgs) error {
					if args.Resource.Properties.Get("panic").IsBool() {
						panic("the policy has a bug")
					}
					return nil
				},
			}),
			policyx.NewResourceValidationPolicy("returns-error", policyx.ResourceValidationPolicyArgs{
				Description:      "Things must not make the policy fail.",
				EnforcementLevel: policyx.EnforcementLevelAdvisory,
				ValidateResource: func(_ context.Context, args policyx.ResourceValidationArgs) error {
					if args.Resource.Properties.Get("fail").IsBool() {
						return errors.New("the policy cannot read its config")
					}
					return nil
				},
			}),
		})
}
