package rules

import (
	"context"
	"regexp"
	"slices"

	"github.com/pulumi/pulumi/sdk/v3/go/property"

	"github.com/secureserverless/framework/policy/pack"
)

// PolicyIAMNoAdminManagedPolicy is the name of the policy that rejects attaching the AWS managed
// administrator policies.
const PolicyIAMNoAdminManagedPolicy = "iam-no-admin-managed-policy"

// adminManagedPolicyARN matches the ARNs of the AWS managed policies AdministratorAccess and
// IAMFullAccess in every partition. IAMFullAccess counts as administrator access because a principal
// that may change IAM can grant itself any permission.
var adminManagedPolicyARN = regexp.MustCompile(`^arn:aws[a-z-]*:iam::aws:policy/(AdministratorAccess|IAMFullAccess)$`)

// Resource types that attach one managed policy through policyArn, and those that attach a list
// through policyArns.
var (
	singleAttachmentTypes = []string{
		typeIAMRolePolicyAttachment, typeIAMUserPolicyAttachment, typeIAMGroupPolicyAttachment, typeIAMPolicyAttachment,
	}
	exclusiveAttachmentTypes = []string{
		typeIAMRolePolicyAttachmentsExclusive, typeIAMUserPolicyAttachmentsExclusive, typeIAMGroupPolicyAttachmentsExclusive,
	}
)

// newIAMNoAdminManagedPolicy returns the policy that guards roles, users and groups against the AWS
// managed AdministratorAccess and IAMFullAccess policies, attached through a Role's managedPolicyArns
// or through an attachment resource. iam-no-admin-policy checks the documents of the account's own
// policies.
func newIAMNoAdminManagedPolicy() *pack.Policy {
	return &pack.Policy{
		Name:        PolicyIAMNoAdminManagedPolicy,
		Description: "IAM roles, users and groups must not have the AdministratorAccess or IAMFullAccess managed policy attached.",
		Rationale: "AdministratorAccess allows every action on every resource, and IAMFullAccess lets the principal " +
			"grant itself the same, so one leaked credential of a function or pipeline gives away the account.",
		RemediationSteps: "Detach the policy and attach a customer managed policy that lists the actions and " +
			"resources the principal needs. Keep administrator access for people, through short sessions in IAM " +
			"Identity Center, not for workloads.",
		EnforcementLevel: pack.EnforcementLevelMandatory,
		Severity:         pack.SeverityCritical,
		Tags: slices.Concat(
			[]string{"aws", "iam", "least-privilege", tagHIPAA + "164.308(a)(4)(ii)(B)", tagPCI + "7.1.2"},
			withPrefix(tagCheckov, "CKV_AWS_274", "CKV_AWS_275", "CKV2_AWS_56"),
		),
		Framework:        pciControl("7.1.2", "Restrict access privileges to the least privileges necessary"),
		ResourceTypes:    slices.Concat([]string{typeIAMRole}, singleAttachmentTypes, exclusiveAttachmentTypes),
		ValidateResource: validateIAMNoAdminManagedPolicy,
	}
}

func validateIAMNoAdminManagedPolicy(_ context.Context, check *pack.ResourceCheck) error {
	props := check.Resource.Properties

	switch {
	case check.Resource.Type == typeIAMRole:
		checkManagedPolicyARNs(check, "managedPolicyArns", props.Get("managedPolicyArns"))
	case slices.Contains(exclusiveAttachmentTypes, check.Resource.Type):
		checkManagedPolicyARNs(check, "policyArns", props.Get("policyArns"))
	default:
		checkManagedPolicyARN(check, "policyArn", props.Get("policyArn"))
	}
	return nil
}

// checkManagedPolicyARNs reports each administrator policy in the list at path.
func checkManagedPolicyARNs(check *pack.ResourceCheck, path string, arns property.Value) {
	if !check.Known(path, arns) {
		return
	}
	elements, _ := arrayValue(arns)
	for i, arn := range elements {
		checkManagedPolicyARN(check, indexedPath(path, i), arn)
	}
}

// checkManagedPolicyARN reports arn, at path, when it names an administrator policy.
func checkManagedPolicyARN(check *pack.ResourceCheck, path string, arn property.Value) {
	if !check.Known(path, arn) {
		return
	}
	if name, _ := stringValue(arn); adminManagedPolicyARN.MatchString(name) {
		check.Report("%s is %s, expected a policy limited to the actions and resources the principal needs.",
			path, describeValue(arn))
	}
}
