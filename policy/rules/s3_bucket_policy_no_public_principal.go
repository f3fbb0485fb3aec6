package rules

import (
	"context"
	"slices"

	"github.com/secureserverless/framework/policy/pack"
)

// PolicyS3BucketPolicyNoPublicPrincipal is the name of the policy that rejects bucket policies that
// allow everyone.
const PolicyS3BucketPolicyNoPublicPrincipal = "s3-bucket-policy-no-public-principal"

// newS3BucketPolicyNoPublicPrincipal returns the policy that guards bucket policies against Allow
// statements for Principal "*" (or NotPrincipal) without a condition that limits the callers. It checks
// BucketPolicy and the inline policy argument of Bucket and BucketV2. Deny statements for Principal "*",
// such as the TLS-only statement, are what a bucket policy should contain and are not reported.
func newS3BucketPolicyNoPublicPrincipal() *pack.Policy {
	return &pack.Policy{
		Name:        PolicyS3BucketPolicyNoPublicPrincipal,
		Description: "S3 bucket policies must not allow Principal \"*\" unless a condition limits the callers.",
		Rationale: "An Allow statement for Principal \"*\" without a condition on the caller's account, " +
			"organization, VPC endpoint or source resource opens the bucket to anyone on the internet, and the " +
			"public access block is the only thing left between the statement and the data.",
		RemediationSteps: "Name the principals that need access, such as a role ARN or a service principal, or add " +
			"a condition on aws:PrincipalOrgID, aws:SourceArn, aws:SourceAccount or aws:SourceVpce to the statement.",
		EnforcementLevel: pack.EnforcementLevelMandatory,
		Severity:         pack.SeverityCritical,
		Tags: slices.Concat(
			[]string{"aws", "s3", "public-exposure"},
			withPrefix(tagHIPAA, "164.308(a)(3)(i)", "164.308(a)(4)(ii)(A)", "164.308(a)(4)(ii)(C)",
				"164.312(a)(1)", "164.312(e)(1)"),
			withPrefix(tagPCI, "1.2", "1.2.1", "1.3", "1.3.1", "1.3.2", "1.3.4", "1.3.6", "2.2", "2.2.2"),
			withPrefix(tagCheckov, "CKV_AWS_70"),
			withPrefix(tagCDKNag, "AwsSolutions-S5", "S3BucketPublicReadProhibited", "S3BucketPublicWriteProhibited"),
		),
		Framework:        hipaaControl("164.312(a)(1)", "Access control"),
		ResourceTypes:    []string{typeS3BucketPolicy, typeS3Bucket, typeS3BucketV2},
		ValidateResource: validateS3BucketPolicyNoPublicPrincipal,
	}
}

func validateS3BucketPolicyNoPublicPrincipal(_ context.Context, check *pack.ResourceCheck) error {
	policy := check.Resource.Properties.Get("policy")
	if policy.IsNull() || !check.FullyKnown("policy", policy) {
		return nil
	}

	document, err := parsePolicyDocument(policy)
	switch {
	case err != nil && check.Resource.Type == typeS3BucketPolicy:
		// s3-bucket-policy-tls-only reports the invalid document of a BucketPolicy.
		return nil
	case err != nil:
		check.Report("policy is not a valid policy document (%s), expected JSON with a Statement list.",
			describeDocumentError(policy, err))
		return nil
	}
	reportPublicStatements(check, "policy", document, callerConditionKeys, callerExamples)
	return nil
}
