package rules

import (
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/property"

	"github.com/secureserverless/framework/policy/pack"
)

func TestCloudTrailBucketHardened(t *testing.T) {
	bucket := func(name string, lock property.Value) pack.Resource {
		return stackResource(typeS3BucketV2, name, propsOf(map[string]property.Value{
			"bucket": property.New(name), "objectLockEnabled": lock,
		}))
	}
	locked, unlocked := bucket("audit", property.New(true)), bucket("audit", property.New(false))
	files := bucket("files", property.New(false))
	trail := stackResource(typeCloudTrailTrail, "trail", propsOf(map[string]property.Value{"s3BucketName": property.New("audit")}))
	builtTrail := dependingOn(stackResource(typeCloudTrailTrail, "trail", propsOf(map[string]property.Value{
		"s3BucketName": unknownValue(),
	})), "s3BucketName", locked)
	logging := stackResource(typeS3BucketLoggingV2, "audit-logging", propsOf(map[string]property.Value{
		"bucket": property.New("audit"), "targetBucket": property.New("logs"),
	}))

	runStackCases(t, newCloudTrailBucketHardened(), []stackCase{
		{name: "locked and logged", kind: caseCompliant, resources: []pack.Resource{locked, files, trail, logging}},
		{name: "trail built from bucket", kind: caseCompliant, resources: []pack.Resource{locked, builtTrail, logging}},
		{name: "unlocked and unlogged", kind: caseViolation, resources: []pack.Resource{unlocked, files, trail},
			want: []string{
				"audit: the bucket receives CloudTrail logs and objectLockEnabled is false, expected true.",
				"audit: the bucket receives CloudTrail logs and no aws:s3/bucketLoggingV2:BucketLoggingV2 has bucket set " +
					"to it, expected server access logging to a separate log bucket.",
			}},
		{name: "no trail", kind: caseOtherType, resources: []pack.Resource{unlocked, files}},
		{name: "unknown lock", kind: caseUnknown, resources: []pack.Resource{bucket("audit", unknownValue()), trail, logging},
			wantUnknown: []string{"audit: objectLockEnabled"}},
	})
}
