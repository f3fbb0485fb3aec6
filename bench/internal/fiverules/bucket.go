package fiverules

import (
	"context"

	"github.com/secureserverless/framework/policy/pack"
)

// publicReadACLs are the canned ACLs that let anyone on the internet read the bucket.
var publicReadACLs = map[string]bool{"public-read": true, "public-read-write": true}

func newBucketNoPublicReadACL() *pack.Policy {
	return &pack.Policy{
		Name:             PolicyBucketNoPublicReadACL,
		Description:      "S3 buckets must not have a public-read canned ACL.",
		Rationale:        "A public-read ACL lets anyone on the internet list and read the bucket's objects.",
		RemediationSteps: "Set acl to \"private\", or remove it and disable ACLs with BucketOwnerEnforced.",
		Severity:         pack.SeverityCritical,
		ResourceTypes:    []string{typeS3Bucket, typeS3BucketV2, typeS3BucketACLV2},
		ValidateResource: validateBucketNoPublicReadACL,
	}
}

func validateBucketNoPublicReadACL(_ context.Context, check *pack.ResourceCheck) error {
	acl := check.Resource.Properties.Get("acl")
	if !check.Known("acl", acl) {
		return nil
	}
	if name, ok := stringValue(acl); ok && publicReadACLs[name] {
		check.Report("acl is %s, expected a canned ACL without public read access such as \"private\".", quote(name))
	}
	return nil
}
