package rules

import (
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/property"
)

func TestCloudFrontS3OriginAccessControl(t *testing.T) {
	origin := func(domain property.Value, fields map[string]property.Value) property.Value {
		all := map[string]property.Value{"originId": property.New("files"), "domainName": domain}
		for key, value := range fields {
			all[key] = value
		}
		return objectValue(all)
	}
	distribution := func(origins ...property.Value) property.Map {
		return propsOf(map[string]property.Value{"enabled": property.New(true), "origins": listValue(origins...)})
	}
	regional := property.New("files-1a2b3c.s3.eu-west-1.amazonaws.com")
	withControl := map[string]property.Value{"originAccessControlId": property.New("E2QWRUHAPOMQZL")}
	bucketPolicy := func(statement string) property.Map {
		return propsOf(map[string]property.Value{"policy": property.New(`{"Statement": [` + statement + `]}`)})
	}
	const distributionARN = "arn:aws:cloudfront::111122223333:distribution/EDFDVBD6EXAMPLE"

	runPolicyCases(t, newCloudFrontS3OriginAccessControl(), []policyCase{
		{
			name:         "origin access control and an api origin",
			kind:         caseCompliant,
			resourceType: typeCloudFrontDistribution,
			props: distribution(
				origin(regional, withControl),
				origin(property.New("abc123.execute-api.eu-west-1.amazonaws.com"), nil),
			),
		},
		{
			name:         "bucket policy for one distribution",
			kind:         caseCompliant,
			resourceType: typeS3BucketPolicy,
			props: bucketPolicy(`{"Effect": "Allow", "Principal": {"Service": "cloudfront.amazonaws.com"},
				"Action": "s3:GetObject", "Resource": "arn:aws:s3:::files-1a2b3c/*",
				"Condition": {"StringEquals": {"AWS:SourceArn": "` + distributionARN + `"}}}`),
		},
		{
			name:         "website endpoint",
			kind:         caseViolation,
			resourceType: typeCloudFrontDistribution,
			props:        distribution(origin(property.New("files-1a2b3c.s3-website-eu-west-1.amazonaws.com"), nil)),
			want: []string{`origins[0].domainName is "files-1a2b3c.s3-website-eu-west-1.amazonaws.com", an S3 ` +
				`website endpoint, expected the bucket's regional domain name with originAccessControlId.`},
		},
		{
			name:         "legacy origin access identity",
			kind:         caseViolation,
			resourceType: typeCloudFrontDistribution,
			props: distribution(origin(property.New("files-1a2b3c.s3.amazonaws.com"), map[string]property.Value{
				"s3OriginConfig": objectValue(map[string]property.Value{
					"originAccessIdentity": property.New("origin-access-identity/cloudfront/E127EXAMPLE51Z"),
				}),
			})),
			want: []string{
				`origins[0].s3OriginConfig.originAccessIdentity is "origin-access-identity/cloudfront/E127EXAMPLE51Z", ` +
					`a legacy origin access identity, expected originAccessControlId instead.`,
				`origins[0].originAccessControlId is not set, expected the ID of an origin access control for S3.`,
			},
		},
		{
			name:         "bucket policy for every distribution and an identity",
			kind:         caseViolation,
			resourceType: typeS3BucketPolicy,
			props: bucketPolicy(`{"Effect": "Allow", "Principal": {"Service": ["cloudfront.amazonaws.com"]},
				"Action": "s3:GetObject", "Resource": "arn:aws:s3:::files-1a2b3c/*"},
				{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::files-1a2b3c/*",
				"Principal": {"AWS": "arn:aws:iam::cloudfront:user/CloudFront Origin Access Identity E127EXAMPLE51Z"}}`),
			want: []string{
				`policy Statement[0] allows Service "cloudfront.amazonaws.com" without a condition on aws:SourceArn, ` +
					`expected one that names the distribution's ARN.`,
				`policy Statement[1] allows a legacy CloudFront origin access identity, expected Service ` +
					`"cloudfront.amazonaws.com" with a condition on aws:SourceArn.`,
			},
		},
		{
			name:         "bucket",
			kind:         caseOtherType,
			resourceType: typeS3BucketV2,
			props:        distribution(origin(property.New("files.s3-website-eu-west-1.amazonaws.com"), nil)),
		},
		{
			name:         "unknown domain name",
			kind:         caseUnknown,
			resourceType: typeCloudFrontDistribution,
			props:        distribution(origin(unknownValue(), withControl)),
			wantUnknown:  []string{"origins[0].domainName"},
		},
		{
			name:         "unknown bucket policy",
			kind:         caseUnknown,
			resourceType: typeS3BucketPolicy,
			props:        propsOf(map[string]property.Value{"policy": unknownValue()}),
			wantUnknown:  []string{"policy"},
		},
	})
}
