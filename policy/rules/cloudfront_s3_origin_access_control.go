package rules

import (
	"context"
	"regexp"
	"slices"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/property"

	"github.com/secureserverless/framework/policy/pack"
)

// PolicyCloudFrontS3OriginAccessControl is the name of the policy that requires origin access control
// for S3 origins.
const PolicyCloudFrontS3OriginAccessControl = "cloudfront-s3-origin-access-control"

// Domain names of S3 endpoints: the REST endpoint that origin access control signs requests to, such as
// files.s3.eu-west-1.amazonaws.com, and the website endpoint, such as
// files.s3-website-eu-west-1.amazonaws.com or files.s3-website.eu-west-1.amazonaws.com.
var (
	s3RESTEndpoint    = regexp.MustCompile(`\.s3(\.dualstack)?([.-][a-z0-9-]+)?\.amazonaws\.com(\.cn)?$`)
	s3WebsiteEndpoint = regexp.MustCompile(`\.s3-website[.-][a-z0-9-]+\.amazonaws\.com(\.cn)?$`)
)

// cloudFrontServicePrincipal is the principal that CloudFront uses with origin access control.
const cloudFrontServicePrincipal = "cloudfront.amazonaws.com"

// legacyOriginAccessIdentity starts the principal ARN of a CloudFront origin access identity.
const legacyOriginAccessIdentity = "arn:aws:iam::cloudfront:user/CloudFront Origin Access Identity"

// newCloudFrontS3OriginAccessControl returns the policy that guards S3 origins of distributions. On a
// Distribution, every origin whose domain name is an S3 REST endpoint must set originAccessControlId
// and no legacy origin access identity, and no origin may be an S3 website endpoint, which only serves
// public buckets. On a BucketPolicy, every statement that allows CloudFront's service principal must be
// limited to a distribution by aws:SourceArn, and no statement may allow a legacy origin access
// identity.
func newCloudFrontS3OriginAccessControl() *pack.Policy {
	return &pack.Policy{
		Name:        PolicyCloudFrontS3OriginAccessControl,
		Description: "CloudFront S3 origins must use origin access control, and bucket policies must limit CloudFront to one distribution.",
		Rationale: "An S3 website endpoint needs a public bucket, and a legacy origin access identity cannot sign " +
			"SSE-KMS requests or use newer regions. A bucket policy that allows cloudfront.amazonaws.com without " +
			"aws:SourceArn lets every CloudFront distribution, in any account, read the bucket.",
		RemediationSteps: "Create an OriginAccessControl for S3, set originAccessControlId on the origin, use the " +
			"bucket's regional domain name, remove s3OriginConfig.originAccessIdentity, and allow Service " +
			"\"cloudfront.amazonaws.com\" in the bucket policy with a StringEquals condition on aws:SourceArn set to " +
			"the distribution's ARN.",
		EnforcementLevel: pack.EnforcementLevelMandatory,
		Severity:         pack.SeverityHigh,
		Tags: slices.Concat(
			[]string{"aws", "cloudfront", "s3", "access-control", tagHIPAA + "164.312(a)(1)"},
			withPrefix(tagCheckov, "CKV2_AWS_46"),
			withPrefix(tagCDKNag, "AwsSolutions-CFR6", "AwsSolutions-CFR7", "AwsSolutions-S5"),
		),
		Framework:        hipaaControl("164.312(a)(1)", "Access control"),
		Waivable:         true,
		ResourceTypes:    []string{typeCloudFrontDistribution, typeS3BucketPolicy},
		ValidateResource: validateCloudFrontS3OriginAccessControl,
	}
}

func validateCloudFrontS3OriginAccessControl(_ context.Context, check *pack.ResourceCheck) error {
	if check.Resource.Type == typeS3BucketPolicy {
		checkCloudFrontBucketPolicy(check)
		return nil
	}

	origins := check.Resource.Properties.Get("origins")
	if !check.Known("origins", origins) {
		return nil
	}
	elements, _ := arrayValue(origins)
	for i, origin := range elements {
		checkS3Origin(check, indexedPath("origins", i), origin)
	}
	return nil
}

// checkS3Origin reports an origin, named path in messages, that reaches S3 without origin access
// control.
func checkS3Origin(check *pack.ResourceCheck, path string, origin property.Value) {
	domain := valueAt(origin, "domainName")
	if !check.Known(path+".domainName", domain) {
		return
	}
	name, _ := stringValue(domain)
	name = strings.ToLower(name)

	switch {
	case s3WebsiteEndpoint.MatchString(name):
		check.Report("%s.domainName is %s, an S3 website endpoint, expected the bucket's regional domain name "+
			"with originAccessControlId.", path, describeValue(domain))
	case s3RESTEndpoint.MatchString(name):
		identity := valueAt(origin, "s3OriginConfig", "originAccessIdentity")
		if check.Known(path+".s3OriginConfig.originAccessIdentity", identity) && isSetString(identity) {
			check.Report("%s.s3OriginConfig.originAccessIdentity is %s, a legacy origin access identity, "+
				"expected originAccessControlId instead.", path, describeValue(identity))
		}
		control := valueAt(origin, "originAccessControlId")
		if check.Known(path+".originAccessControlId", control) && !isSetString(control) {
			check.Report("%s.originAccessControlId is %s, expected the ID of an origin access control for S3.",
				path, describeValue(control))
		}
	}
}

// checkCloudFrontBucketPolicy reports the statements of a bucket policy that let CloudFront read the
// bucket for any distribution, or through a legacy origin access identity.
func checkCloudFrontBucketPolicy(check *pack.ResourceCheck) {
	policy := check.Resource.Properties.Get("policy")
	if !check.FullyKnown("policy", policy) {
		return
	}
	document, err := parsePolicyDocument(policy)
	if err != nil {
		// s3-bucket-policy-tls-only reports the invalid document.
		return
	}

	for i, statement := range document.Statement {
		if statement.Effect != effectAllow {
			continue
		}
		path := statementPath("policy", i)
		if statement.principals(principalService).containsFold(cloudFrontServicePrincipal) &&
			!limitsClaim(statement, "aws:SourceArn") {
			check.Report("%s allows Service \"cloudfront.amazonaws.com\" without a condition on aws:SourceArn, "+
				"expected one that names the distribution's ARN.", path)
		}
		if slices.ContainsFunc(statement.principals(principalAWS), func(arn string) bool {
			return strings.HasPrefix(arn, legacyOriginAccessIdentity)
		}) {
			check.Report("%s allows a legacy CloudFront origin access identity, expected Service "+
				"\"cloudfront.amazonaws.com\" with a condition on aws:SourceArn.", path)
		}
	}
}
