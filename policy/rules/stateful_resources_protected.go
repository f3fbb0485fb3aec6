package rules

import (
	"context"

	"github.com/secureserverless/framework/policy/pack"
)

// PolicyStatefulResourcesProtected is the name of the policy that requires the protect option on
// resources whose deletion loses data.
const PolicyStatefulResourcesProtected = "stateful-resources-protected"

// statefulResourceTypes are the types whose deletion loses data that no later update can restore:
// stored files, encryption keys (and everything encrypted with them), logs and user accounts.
var statefulResourceTypes = []string{typeS3Bucket, typeS3BucketV2, typeKMSKey, typeCloudWatchLogGroup, typeCognitoUserPool}

// newStatefulResourcesProtected returns the policy that requires the protect resource option on
// stateful resources. A user pool with deletionProtection "ACTIVE" passes too, because Cognito itself
// then refuses the deletion.
//
// NOTE: it is disabled because development stacks are torn down and rebuilt freely. A production stack
// that sets the components' Protect argument enables it in its pack config. The engine does not send the retainOnDelete option to analyzers, so a
// resource that is retained on delete but not protected is reported.
func newStatefulResourcesProtected() *pack.Policy {
	return &pack.Policy{
		Name:        PolicyStatefulResourcesProtected,
		Description: "Stateful resources of production stacks should set the protect option.",
		Rationale: "A mistaken `pulumi destroy`, a renamed resource or a replacement that a changed input forces " +
			"deletes the bucket, key, log group or user pool with everything in it. A protected resource makes " +
			"the engine stop before deleting it.",
		RemediationSteps: "Pass pulumi.Protect(true) when creating the resource (set Protect on the platform's " +
			"components), or set deletionProtection \"ACTIVE\" on a user pool.",
		EnforcementLevel: pack.EnforcementLevelDisabled,
		Severity:         pack.SeverityMedium,
		Tags:             []string{"aws", "availability", "backup", tagHIPAA + "164.308(a)(7)(ii)(A)"},
		Framework:        hipaaControl("164.308(a)(7)(ii)(A)", "Data backup plan"),
		Waivable:         true,
		ResourceTypes:    statefulResourceTypes,
		ValidateResource: validateStatefulResourcesProtected,
	}
}

func validateStatefulResourcesProtected(_ context.Context, check *pack.ResourceCheck) error {
	if check.Resource.Protect {
		return nil
	}
	if check.Resource.Type == typeCognitoUserPool {
		protection := check.Resource.Properties.Get("deletionProtection")
		if !check.Known("deletionProtection", protection) {
			return nil
		}
		if text, _ := stringValue(protection); text == "ACTIVE" {
			return nil
		}
	}
	check.Report("the protect option is not set, expected protect true so that the engine cannot delete the resource.")
	return nil
}
