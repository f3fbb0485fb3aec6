package rules

import (
	"context"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/property"

	"github.com/secureserverless/framework/policy/pack"
)

// PolicyS3BucketNoPublicACL is the name of the policy that rejects public S3 ACLs.
const PolicyS3BucketNoPublicACL = "s3-bucket-no-public-acl"

// publicCannedACLs are the canned ACLs that grant access to the AllUsers or AuthenticatedUsers
// group. AuthenticatedUsers means any AWS account, not only the bucket owner's.
var publicCannedACLs = map[string]bool{
	"public-read":        true,
	"public-read-write":  true,
	"authenticated-read": true,
}

// Suffixes of the grantee URIs of the S3 groups that stand for everyone and for every AWS account.
const (
	allUsersGroupSuffix           = "acs.amazonaws.com/groups/global/AllUsers"
	authenticatedUsersGroupSuffix = "acs.amazonaws.com/groups/global/AuthenticatedUsers"
)

// newS3BucketNoPublicACL returns the policy that guards buckets against public ACLs. It checks the
// canned ACL and the grants of BucketAclV2, and the acl and grants arguments of Bucket and BucketV2.
func newS3BucketNoPublicACL() *pack.Policy {
	return &pack.Policy{
		Name:        PolicyS3BucketNoPublicACL,
		Description: "S3 bucket ACLs must not grant access to everyone or to all authenticated AWS users.",
		Rationale: "A public canned ACL or a grant to the AllUsers or AuthenticatedUsers group exposes the user " +
			"files to anyone on the internet or to every AWS account.",
		RemediationSteps: "Remove the public canned ACL and the grants to the AllUsers and AuthenticatedUsers " +
			"groups, and disable ACLs with BucketOwnershipControls set to BucketOwnerEnforced.",
		EnforcementLevel: pack.EnforcementLevelMandatory,
		Severity:         pack.SeverityCritical,
		Tags:             []string{"aws", "s3", "public-exposure", tagHIPAA + "164.312(a)(1)", tagPCI + "1.3.1"},
		Framework:        hipaaControl("164.312(a)(1)", "Access control"),
		ResourceTypes:    []string{typeS3BucketACLV2, typeS3Bucket, typeS3BucketV2},
		ValidateResource: validateS3BucketNoPublicACL,
	}
}

func validateS3BucketNoPublicACL(_ context.Context, check *pack.ResourceCheck) error {
	props := check.Resource.Properties

	switch check.Resource.Type {
	case typeS3BucketACLV2:
		checkCannedACL(check, props.Get("acl"))
		policy := props.Get("accessControlPolicy")
		if check.Known("accessControlPolicy", policy) {
			checkACLGrants(check, valueAt(policy, "grants"), "accessControlPolicy.grants", "grantee", "uri")
		}
	case typeS3Bucket, typeS3BucketV2:
		checkCannedACL(check, props.Get("acl"))
		checkACLGrants(check, props.Get("grants"), "grants", "uri")
	}
	return nil
}

// checkCannedACL reports a canned ACL that grants public access.
func checkCannedACL(check *pack.ResourceCheck, acl property.Value) {
	if !check.Known("acl", acl) {
		return
	}

	name, ok := stringValue(acl)
	if !ok || !publicCannedACLs[name] {
		return
	}
	check.Report("acl is %s, expected a canned ACL without public access such as \"private\".",
		describeValue(acl))
}

// checkACLGrants reports each grant in grants whose grantee URI, read at uriPath inside the grant,
// names the AllUsers or AuthenticatedUsers group. grantsPath names the grants in messages.
func checkACLGrants(check *pack.ResourceCheck, grants property.Value, grantsPath string, uriPath ...string) {
	if !check.Known(grantsPath, grants) {
		return
	}

	elements, _ := arrayValue(grants)
	for i, grant := range elements {
		grantPath := indexedPath(grantsPath, i)
		if !check.Known(grantPath, grant) {
			continue
		}
		grantObject, ok := mapValue(grant)
		if !ok {
			continue
		}

		uriValue := propertyAt(grantObject, uriPath...)
		if !check.Known(grantPath+"."+strings.Join(uriPath, "."), uriValue) {
			continue
		}
		uri, ok := stringValue(uriValue)
		if !ok || !isPublicGroupURI(uri) {
			continue
		}
		check.Report("%s.%s is %s, expected no grant to the AllUsers or AuthenticatedUsers group.",
			grantPath, strings.Join(uriPath, "."), describeValue(uriValue))
	}
}

// isPublicGroupURI reports whether uri names the AllUsers or AuthenticatedUsers group, whatever its
// scheme.
func isPublicGroupURI(uri string) bool {
	uri = strings.TrimSpace(uri)
	return strings.HasSuffix(uri, allUsersGroupSuffix) || strings.HasSuffix(uri, authenticatedUsersGroupSuffix)
}
