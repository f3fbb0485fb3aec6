// Package rules defines the secure-serverless CrossGuard policy pack: one resource validation policy
// per file, named after the policy, and NewPack, which the pack binary serves to the Pulumi engine.
//
// Every policy follows the same steps: skip other resource types, skip values that are unknown during
// a preview, check, and report the property, the value found and the expected value. Skipping an
// unknown value is safe because the engine validates the resource again at update time, when the
// value is known.
package rules

import (
	"fmt"

	"github.com/blang/semver"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi/policyx"
)

// PackName is the name of the policy pack, which the engine shows with every violation.
const PackName = "secure-serverless"

// PackVersion is the semantic version of the policy pack. PulumiPolicy.yaml states the same version.
const PackVersion = "0.1.0"

// NewPack builds the policy pack. policyx calls it when the engine configures the analyzer for a
// stack. The context is not read yet.
func NewPack(_ *pulumi.Context) (policyx.PolicyPack, error) {
	version, err := semver.Parse(PackVersion)
	if err != nil {
		return nil, fmt.Errorf("parsing policy pack version %q: %w", PackVersion, err)
	}

	// policyx v3.276.0 ignores the pack-level enforcement level, so every policy sets its own level
	// and the level passed here has no effect.
	pack, err := policyx.NewPolicyPack(PackName, version, policyx.EnforcementLevelAdvisory, All())
	if err != nil {
		return nil, fmt.Errorf("creating policy pack %s: %w", PackName, err)
	}
	return pack, nil
}

// All returns a new instance of every policy in the pack, grouped by service.
func All() []policyx.Policy {
	return []policyx.Policy{
		newS3BucketNoPublicACL(),
		newS3PublicAccessBlockEnabled(),
		newS3BucketEncryptionKMS(),
		newS3BucketVersioningEnabled(),
		newS3BucketOwnerEnforced(),
		newS3BucketPolicyTLSOnly(),
		newKMSKeyRotationEnabled(),
		newLambdaRuntimeSupported(),
		newLambdaStructuredLogging(),
		newCloudWatchLogGroupRetention(),
		newIAMNoAdminPolicy(),
		newIAMNoWildcardActions(),
		newEC2NoPublicIngress(),
	}
}
