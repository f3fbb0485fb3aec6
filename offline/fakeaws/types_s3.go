package fakeaws

import (
	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
)

// s3HostedZoneIDs are the Route 53 hosted zone ids of the S3 website endpoints per region.
var s3HostedZoneIDs = map[string]string{
	"us-east-1":      "Z3AQBSTGFYJSTF",
	"us-east-2":      "Z2O1EMRO9K5GLX",
	"us-west-1":      "Z2F56UZL2M1ACD",
	"us-west-2":      "Z3BJ6K6RIION7M",
	"ca-central-1":   "Z1QDHH18159H29",
	"eu-west-1":      "Z1BKCTXD74EZPE",
	"eu-west-2":      "Z3GKZC51ZF0DB4",
	"eu-west-3":      "Z3R1K369G5AVDG",
	"eu-central-1":   "Z21DNDUVLTQW6Q",
	"eu-north-1":     "Z3BAZG2TWCNX0D",
	"ap-south-1":     "Z11RGJOFQNVJUP",
	"ap-southeast-1": "Z3O0J2DXBE1FTB",
	"ap-southeast-2": "Z1WCIGYICN2BYD",
	"ap-northeast-1": "Z2M4EHUR26P7ZW",
	"ap-northeast-2": "Z3W03O7B5YMIYP",
	"sa-east-1":      "Z7KQH4QJS55SO",
}

// bucketSiblingTypes are the S3 resources that configure one bucket and whose id is the bucket name.
var bucketSiblingTypes = []string{
	"aws:s3/bucketServerSideEncryptionConfigurationV2:BucketServerSideEncryptionConfigurationV2",
	"aws:s3/bucketVersioningV2:BucketVersioningV2",
	"aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock",
	"aws:s3/bucketOwnershipControls:BucketOwnershipControls",
	"aws:s3/bucketPolicy:BucketPolicy",
	"aws:s3/bucketLifecycleConfigurationV2:BucketLifecycleConfigurationV2",
	"aws:s3/bucketLoggingV2:BucketLoggingV2",
	"aws:s3/bucketAclV2:BucketAclV2",
	"aws:s3/bucketCorsConfigurationV2:BucketCorsConfigurationV2",
	"aws:s3/bucketNotification:BucketNotification",
	"aws:s3/bucketObjectLockConfigurationV2:BucketObjectLockConfigurationV2",
}

// bucketSiblingRequired lists the required inputs of the bucket siblings besides "bucket".
var bucketSiblingRequired = map[string][]string{
	"aws:s3/bucketServerSideEncryptionConfigurationV2:BucketServerSideEncryptionConfigurationV2": {"rules"},
	"aws:s3/bucketVersioningV2:BucketVersioningV2":                                               {"versioningConfiguration"},
	"aws:s3/bucketOwnershipControls:BucketOwnershipControls":                                     {"rule"},
	"aws:s3/bucketPolicy:BucketPolicy":                                                           {"policy"},
	"aws:s3/bucketLifecycleConfigurationV2:BucketLifecycleConfigurationV2":                       {"rules"},
	"aws:s3/bucketLoggingV2:BucketLoggingV2":                                                     {"targetBucket", "targetPrefix"},
	"aws:s3/bucketCorsConfigurationV2:BucketCorsConfigurationV2":                                 {"corsRules"},
}

func init() {
	bucket := &typeSpec{
		autoname: &autonameRule{property: "bucket", prefixProperty: "bucketPrefix", maxLength: 63, lowercase: true},
		defaults: resource.PropertyMap{"forceDestroy": resource.NewBoolProperty(false)},
		taggable: true,
		id:       bucketID,
		computed: bucketComputed,
	}
	register("aws:s3/bucketV2:BucketV2", bucket)
	register("aws:s3/bucket:Bucket", bucket)

	for _, typ := range bucketSiblingTypes {
		register(typ, &typeSpec{
			required: append([]string{"bucket"}, bucketSiblingRequired[typ]...),
			id:       inputID("bucket"),
		})
	}
}

// bucketID returns the bucket name: the input, or a name AWS generates from bucketPrefix.
func bucketID(c *resourceContext) (string, error) {
	if name := c.str("bucket"); name != "" {
		return name, nil
	}
	return generatedName(c.str("bucketPrefix"), c.seed()...), nil
}

// bucketComputed returns the ARN, domain names and hosted zone of a bucket. The bucket name is also an
// output because AWS generates it when only bucketPrefix is set.
func bucketComputed(c *resourceContext) resource.PropertyMap {
	name := c.id
	suffix := dnsSuffix(c.model.Partition)
	return resource.PropertyMap{
		"bucket":                   resource.NewStringProperty(name),
		"arn":                      resource.NewStringProperty("arn:" + c.model.Partition + ":s3:::" + name),
		"bucketDomainName":         resource.NewStringProperty(name + ".s3." + suffix),
		"bucketRegionalDomainName": resource.NewStringProperty(name + ".s3." + c.model.Region + "." + suffix),
		// NOTE: regions missing from s3HostedZoneIDs get the us-east-1 zone.
		"hostedZoneId":       resource.NewStringProperty(valueOr(s3HostedZoneIDs[c.model.Region], s3HostedZoneIDs["us-east-1"])),
		"region":             resource.NewStringProperty(c.model.Region),
		"requestPayer":       resource.NewStringProperty("BucketOwner"),
		"accelerationStatus": resource.NewStringProperty(""),
		"objectLockEnabled":  resource.NewBoolProperty(false),
	}
}

// valueOr returns v, or fallback when v is empty.
func valueOr(v, fallback string) string {
	if v == "" {
		return fallback
	}
	return v
}
