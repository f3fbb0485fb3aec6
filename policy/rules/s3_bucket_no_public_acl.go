package rules

import (
	"context"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/property"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi/policyx"
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

// newS3BucketNoPublicACL returns the policy that guards buckets against public ACLs.
//
// A public canned ACL or a grant to the AllUsers or AuthenticatedUsers group exposes the user files
// to anyone on the internet or to every AWS account. The policy checks the canned ACL and the grants
// of BucketAclV2, and the acl and grants arguments of Bucket and BucketV2.
func newS3BucketNoPublicACL() policyx.ResourceValidationPolicy {
	return policyx.NewResourceValidationPolicy(PolicyS3BucketNoPublicACL, policyx.ResourceValidationPolicyArgs{
		Description:      "S3 bucket ACLs must not grant access to everyone or to all authenticated AWS users.",
		EnforcementLevel: policyx.EnforcementLevelMandatory,
		ValidateResource: validateS3BucketNoPublicACL,
	})
}

func validateS3BucketNoPublicACL(_ context.Context, args policyx.ResourceValidationArgs) error {
	props := args.Resource.Properties

	switch args.Resource.Type {
	case typeS3BucketACLV2:
		checkCannedACL(args, props.Get("acl"))
		grants := propertyAt(props, "accessControlPolicy", "grants")
		checkACLGrants(args, grants, "accessControlPolicy.grants", "grantee", "uri")
	case typeS3Bucket, typeS3BucketV2:
		checkCannedACL(args, props.Get("acl"))
		checkACLGrants(args, props.Get("grants"), "grants", "uri")
	}
	return nil
}

// checkCannedACL reports a canned ACL that grants public access.
func checkCannedACL(args policyx.ResourceValidationArgs, acl property.Value) {
	// An unknown ACL is known at update time, when the engine validates the resource again.
	if acl.IsComputed() {
		return
	}

	name, ok := stringValue(acl)
	if !ok || !publicCannedACLs[name] {
		return
	}
	reportViolation(args, "acl is %s, expected a canned ACL without public access such as \"private\".",
		describeValue(acl))
}

// checkACLGrants reports each grant in grants whose grantee URI, read at uriPath inside the grant,
// names the AllUsers or AuthenticatedUsers group. grantsPath names the grants in messages.
func checkACLGrants(args policyx.ResourceValidationArgs, grants property.Value, grantsPath string, uriPath ...string) {
	// Unknown grants are known at update time, when the engine validates the resource again.
	if grants.IsComputed() {
		return
	}

	elements, _ := arrayValue(grants)
	for i, grant := range elements {
		grantObject, ok := mapValue(grant)
		if !ok {
			// Also covers an unknown grant, which is checked again at update time.
			continue
		}

		uriValue := propertyAt(grantObject, uriPath...)
		uri, ok := stringValue(uriValue)
		if !ok || !isPublicGroupURI(uri) {
			continue
		}
		reportViolation(args, "%s.%s is %s, expected no grant to the AllUsers or AuthenticatedUsers group.",
			indexedPath(grantsPath, i), strings.Join(uriPath, "."), describeValue(uriValue))
	}
}

// isPublicGroupURI reports whether uri names the AllUsers or AuthenticatedUsers group, whatever its
// scheme.
func isPublicGroupURI(uri string) bool {
	uri = strings.TrimSpace(uri)
	return strings.HasSuffix(uri, allUsersGroupSuffix) || strings.HasSuffix(uri, authenticatedUsersGroupSuffix)
}
