package rules

import (
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/property"
)

func TestS3BucketNoPublicACL(t *testing.T) {
	const allUsersURI = "http://acs.amazonaws.com/groups/global/AllUsers"
	const authenticatedUsersURI = "http://acs.amazonaws.com/groups/global/AuthenticatedUsers"

	aclGrant := func(uri property.Value) property.Value {
		return objectValue(map[string]property.Value{
			"grantee":    objectValue(map[string]property.Value{"type": property.New("Group"), "uri": uri}),
			"permission": property.New("READ"),
		})
	}
	aclPolicy := func(grants ...property.Value) property.Map {
		return propsOf(map[string]property.Value{
			"bucket": property.New("user-files"),
			"accessControlPolicy": objectValue(map[string]property.Value{
				"grants": listValue(grants...),
				"owner":  objectValue(map[string]property.Value{"id": property.New("owner-id")}),
			}),
		})
	}
	bucketGrant := func(uri property.Value) property.Value {
		return objectValue(map[string]property.Value{
			"type":        property.New("Group"),
			"uri":         uri,
			"permissions": listValue(property.New("READ")),
		})
	}

	runPolicyCases(t, newS3BucketNoPublicACL(), []policyCase{
		{
			name:         "private canned acl",
			kind:         caseCompliant,
			resourceType: typeS3BucketACLV2,
			props:        propsOf(map[string]property.Value{"acl": property.New("private")}),
		},
		{
			name:         "grant to canonical user",
			kind:         caseCompliant,
			resourceType: typeS3BucketACLV2,
			props: aclPolicy(objectValue(map[string]property.Value{
				"grantee":    objectValue(map[string]property.Value{"type": property.New("CanonicalUser"), "id": property.New("abc")}),
				"permission": property.New("FULL_CONTROL"),
			})),
		},
		{
			name:         "bucket v2 without acl",
			kind:         caseCompliant,
			resourceType: typeS3BucketV2,
			props:        propsOf(map[string]property.Value{"bucket": property.New("user-files")}),
		},
		{
			name:         "public-read canned acl",
			kind:         caseViolation,
			resourceType: typeS3BucketACLV2,
			props:        propsOf(map[string]property.Value{"acl": property.New("public-read")}),
			want:         []string{`acl is "public-read", expected a canned ACL without public access such as "private".`},
		},
		{
			name:         "authenticated-read on bucket",
			kind:         caseViolation,
			resourceType: typeS3Bucket,
			props:        propsOf(map[string]property.Value{"acl": property.New("authenticated-read")}),
			want:         []string{`acl is "authenticated-read", expected a canned ACL without public access such as "private".`},
		},
		{
			name:         "public-read-write on bucket v2",
			kind:         caseViolation,
			resourceType: typeS3BucketV2,
			props:        propsOf(map[string]property.Value{"acl": property.New("public-read-write")}),
			want:         []string{`acl is "public-read-write", expected a canned ACL without public access such as "private".`},
		},
		{
			name:         "grant to AllUsers",
			kind:         caseViolation,
			resourceType: typeS3BucketACLV2,
			props:        aclPolicy(aclGrant(property.New("http://example.com/not-a-group")), aclGrant(property.New(allUsersURI))),
			want: []string{`accessControlPolicy.grants[1].grantee.uri is "` + allUsersURI +
				`", expected no grant to the AllUsers or AuthenticatedUsers group.`},
		},
		{
			name:         "bucket grant to AuthenticatedUsers",
			kind:         caseViolation,
			resourceType: typeS3Bucket,
			props:        propsOf(map[string]property.Value{"grants": listValue(bucketGrant(property.New(authenticatedUsersURI)))}),
			want: []string{`grants[0].uri is "` + authenticatedUsersURI +
				`", expected no grant to the AllUsers or AuthenticatedUsers group.`},
		},
		{
			name:         "secret grant uri hidden",
			kind:         caseViolation,
			resourceType: typeS3BucketV2,
			props:        propsOf(map[string]property.Value{"grants": listValue(bucketGrant(property.New(allUsersURI).WithSecret(true)))}),
			want:         []string{`grants[0].uri is [secret], expected no grant to the AllUsers or AuthenticatedUsers group.`},
		},
		{
			name:         "public acl on other type",
			kind:         caseOtherType,
			resourceType: typeS3BucketPolicy,
			props:        propsOf(map[string]property.Value{"acl": property.New("public-read")}),
		},
		{
			name:         "unknown acl",
			kind:         caseUnknown,
			resourceType: typeS3BucketACLV2,
			props:        propsOf(map[string]property.Value{"acl": unknownValue()}),
			wantUnknown:  []string{"acl"},
		},
		{
			name:         "unknown access control policy",
			kind:         caseUnknown,
			resourceType: typeS3BucketACLV2,
			props:        propsOf(map[string]property.Value{"accessControlPolicy": unknownValue()}),
			wantUnknown:  []string{"accessControlPolicy"},
		},
		{
			name:         "unknown grants and grantee",
			kind:         caseUnknown,
			resourceType: typeS3BucketACLV2,
			props:        aclPolicy(unknownValue(), aclGrant(unknownValue())),
			wantUnknown:  []string{"accessControlPolicy.grants[0]", "accessControlPolicy.grants[1].grantee.uri"},
		},
		{
			name:         "unknown bucket grants",
			kind:         caseUnknown,
			resourceType: typeS3Bucket,
			props:        propsOf(map[string]property.Value{"grants": unknownValue(), "acl": unknownValue()}),
			wantUnknown:  []string{"acl", "grants"},
		},
	})
}
