package infra

import (
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strings"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// EdgeType is the type token of the edge component.
const EdgeType = "secureserverless:edge:Edge"

// EdgeRegion is the only region where CloudFront accepts web ACLs of CLOUDFRONT scope, ACM certificates
// and the CloudWatch Logs delivery sources of its access logs.
const EdgeRegion = "us-east-1"

// Price classes of EdgeArgs.PriceClass, as CloudFront names them.
const (
	// PriceClass100 serves from edge locations in North America, Europe and Israel.
	PriceClass100 = "PriceClass_100"
	// PriceClass200 adds most of Asia, the Middle East and Africa.
	PriceClass200 = "PriceClass_200"
	// PriceClassAll serves from every edge location.
	PriceClassAll = "PriceClass_All"
)

// PriceClasses are the accepted values of EdgeArgs.PriceClass.
var PriceClasses = []string{PriceClass100, PriceClass200, PriceClassAll}

// OriginVerifyHeaderName is the header that CloudFront adds to every request to the API. The API's web
// ACL blocks requests whose value is not one of the rotation's current values.
const OriginVerifyHeaderName = "x-origin-verify"

// Defaults of EdgeArgs; a zero field means the default.
const (
	// DefaultEdgePriceClass is the cheapest class, enough for users in North America and Europe.
	DefaultEdgePriceClass = PriceClass100
	// DefaultOriginSecretRotationDays rotates the origin verification secret monthly.
	DefaultOriginSecretRotationDays = 30
	// DefaultEdgeRateLimit is the number of requests one client address may send in the rate window
	// before the CloudFront web ACL blocks it, about 7 a second over 5 minutes. It is twice the API's
	// DefaultFirewallRateLimit, because the user-content domain shares it.
	DefaultEdgeRateLimit = 2 * DefaultFirewallRateLimit
	// DefaultEdgeRateWindowSeconds is WAF's evaluation window when none is set.
	DefaultEdgeRateWindowSeconds = DefaultFirewallRateWindowSeconds
	// DefaultEdgeWAFPropagationSeconds is how long the rotation waits for WAF to propagate a pattern set
	// change before CloudFront sends a new value. AWS documents the propagation time only as "from a few
	// seconds to a number of minutes", so this is an estimate with room to spare.
	DefaultEdgeWAFPropagationSeconds = 300
	// DefaultHSTSMaxAgeSeconds is two years, the value that the HSTS preload list requires.
	DefaultHSTSMaxAgeSeconds = 63072000
	// maxEdgeWAFPropagationSeconds keeps setSecret inside rotationFunctionTimeoutSeconds.
	maxEdgeWAFPropagationSeconds = 600
	// maxRotationDays is the longest rotation interval Secrets Manager accepts.
	maxRotationDays = 1000
	// maxEdgeNamePrefix keeps the names of the log delivery sources within CloudWatch Logs' 60 characters.
	maxEdgeNamePrefix = 40
	// maxTrustedPublicKeys is the number of public keys CloudFront accepts in one key group.
	maxTrustedPublicKeys = 5
)

// hostName matches a DNS name of at least two labels in lowercase, without a wildcard or trailing dot.
var hostName = regexp.MustCompile(`^([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z][a-z0-9-]{0,61}[a-z0-9]$`)

// hostedZoneID matches a Route 53 hosted zone id, such as "Z0123456789ABCDEFGHIJ".
var hostedZoneID = regexp.MustCompile(`^Z[A-Z0-9]{1,31}$`)

// acmCertificateARN matches an ACM certificate ARN and captures its region.
var acmCertificateARN = regexp.MustCompile(`^arn:aws[a-z-]*:acm:([a-z0-9-]+):[0-9]{12}:certificate/[0-9a-f-]+$`)

// stageName matches an API Gateway stage name.
var stageName = regexp.MustCompile(`^[A-Za-z0-9_-]{1,128}$`)

// EdgeUserContentArgs configures the distribution that serves users' files from a domain of its own.
type EdgeUserContentArgs struct {
	// BucketArn is the ARN of the user-files bucket.
	BucketArn pulumi.StringInput
	// BucketRegionalDomainName is the bucket's regional domain name, such as
	// "files-1a2b3c.s3.eu-west-1.amazonaws.com", which origin access control signs requests to.
	BucketRegionalDomainName pulumi.StringInput
	// KeyPolicy is the policy of the bucket's KMS key. When set, the component fails the deployment
	// unless the policy lets CloudFront decrypt for this distribution, because CloudFront could not read
	// a single file otherwise. Leave it nil with SSE-S3.
	KeyPolicy pulumi.StringInput
	// PublicKeysPEM are the PEM public keys ("-----BEGIN PUBLIC KEY-----") whose private keys sign the
	// URLs of files, 1 to 5. CloudFront serves a file only with a valid signed URL, so a link works only
	// until it expires, like an S3 presigned URL.
	PublicKeysPEM []string
}

// EdgeArgs configures the edge: CloudFront in front of the REST API, its web ACL and logs, the origin
// verification secret and, when configured, the user-content distribution.
type EdgeArgs struct {
	// NamePrefix starts the physical names, such as "secure-serverless-dev": at most 40 characters.
	NamePrefix string
	// Enabled must be true. The platform creates the edge only when its configuration turns it on, and
	// NewEdge rejects arguments that leave it off.
	Enabled bool
	// APIDomain is the REST API's regional domain, such as "abc123.execute-api.eu-west-1.amazonaws.com".
	APIDomain pulumi.StringInput
	// APIStageName is the stage that CloudFront forwards to, as the origin path "/<APIStageName>".
	APIStageName string
	// DomainName is the API's custom domain, such as "api.example.com". Empty serves the API from the
	// distribution's *.cloudfront.net name with CloudFront's default certificate, whose security policy
	// is TLSv1, which only suits development stacks.
	DomainName string
	// UserContentDomainName is the user-content distribution's custom domain, such as
	// "files.example.com". It needs UserContent.
	UserContentDomainName string
	// HostedZoneId is the Route 53 zone of DomainName and UserContentDomainName, where the component
	// creates the certificate's validation records and the alias records.
	HostedZoneId string
	// CertificateArn is an existing ACM certificate in us-east-1 that covers DomainName and
	// UserContentDomainName. Empty makes the component request one with DNS validation.
	CertificateArn string
	// PriceClass is PriceClass100 (the default), PriceClass200 or PriceClassAll.
	PriceClass string
	// RotationDays is the interval of the origin verification secret's rotation, 1 to 1000 days.
	// Defaults to DefaultOriginSecretRotationDays.
	RotationDays int
	// RateLimit is the number of requests one client address may send in RateWindowSeconds before the
	// CloudFront web ACL blocks it, 10 to 2,000,000,000. Defaults to DefaultEdgeRateLimit.
	RateLimit int
	// RateWindowSeconds is 60, 120, 300 or 600. Defaults to DefaultEdgeRateWindowSeconds.
	RateWindowSeconds int
	// WAFPropagationSeconds is how long the rotation waits after it changes the API's pattern set, 1 to
	// 600. Defaults to DefaultEdgeWAFPropagationSeconds.
	WAFPropagationSeconds int
	// LogBucketArn is the bucket that receives the distributions' access logs through CloudWatch Logs
	// delivery. Its policy must contain LogDeliveryBucketStatements.
	LogBucketArn pulumi.StringInput
	// LogRetentionDays is how long CloudWatch Logs keeps the web ACL's logs. Defaults to
	// DefaultLogRetentionDays.
	LogRetentionDays int
	// KMSKeyDeletionWindowDays is the waiting period, 7 to 30 days, before a scheduled deletion of the
	// component's keys. Defaults to DefaultKMSKeyDeletionWindowDays.
	KMSKeyDeletionWindowDays int
	// GlobalProvider is an aws provider for us-east-1, shared with other components. Nil makes the
	// component create its own. A provider for any other region is rejected.
	GlobalProvider *aws.Provider
	// RotationFunction holds the settings of the rotation function that the platform's functions share,
	// such as SourceDir, Architecture, BuildCacheDir, LogsKeyArn and LogRetentionDays. The component
	// sets its name, package, timeout, environment and permissions, and runs it outside any VPC.
	RotationFunction GoFunctionArgs
	// UserContent adds the user-content distribution. Nil leaves users' files to S3 presigned URLs,
	// whose host is S3's, not the application's.
	UserContent *EdgeUserContentArgs
}

// withDefaults fills the defaults and validates the arguments. It reports every invalid field at once.
func (args EdgeArgs) withDefaults(name string) (EdgeArgs, error) {
	if args.PriceClass == "" {
		args.PriceClass = DefaultEdgePriceClass
	}
	if args.RotationDays == 0 {
		args.RotationDays = DefaultOriginSecretRotationDays
	}
	if args.RateLimit == 0 {
		args.RateLimit = DefaultEdgeRateLimit
	}
	if args.RateWindowSeconds == 0 {
		args.RateWindowSeconds = DefaultEdgeRateWindowSeconds
	}
	if args.WAFPropagationSeconds == 0 {
		args.WAFPropagationSeconds = DefaultEdgeWAFPropagationSeconds
	}
	if args.LogRetentionDays == 0 {
		args.LogRetentionDays = DefaultLogRetentionDays
	}
	if args.KMSKeyDeletionWindowDays == 0 {
		args.KMSKeyDeletionWindowDays = DefaultKMSKeyDeletionWindowDays
	}

	var errs []error
	invalid := func(format string, values ...any) { errs = append(errs, fmt.Errorf(format, values...)) }
	if !args.Enabled {
		invalid("Enabled is false; create the edge only when its configuration turns it on")
	}
	switch {
	case args.NamePrefix == "":
		invalid("NamePrefix is empty; set it to <project>-<stack>")
	case len(args.NamePrefix) > maxEdgeNamePrefix || !bucketComponentName.MatchString(args.NamePrefix):
		invalid("NamePrefix %q is invalid; use at most %d lowercase letters, digits and hyphens, because it "+
			"starts names that CloudWatch Logs limits to 60 characters", args.NamePrefix, maxEdgeNamePrefix)
	}
	if args.APIDomain == nil {
		invalid("APIDomain is missing; pass the REST API's regional domain, such as " +
			"\"abc123.execute-api.eu-west-1.amazonaws.com\"")
	}
	if !stageName.MatchString(args.APIStageName) {
		invalid("APIStageName %q is invalid; pass the REST API's stage name, such as \"v1\"", args.APIStageName)
	}
	if args.LogBucketArn == nil {
		invalid("LogBucketArn is missing; pass the ARN of the access log bucket")
	}
	errs = append(errs, args.validateDomains()...)
	if !slices.Contains(PriceClasses, args.PriceClass) {
		invalid("PriceClass %q is invalid; use %s", args.PriceClass, strings.Join(PriceClasses, ", "))
	}
	if args.RotationDays < 1 || args.RotationDays > maxRotationDays {
		invalid("RotationDays is %d, must be 1 to %d", args.RotationDays, maxRotationDays)
	}
	if args.RateLimit < MinFirewallRateLimit || args.RateLimit > MaxFirewallRateLimit {
		invalid("RateLimit is %d, must be %d to %d", args.RateLimit, MinFirewallRateLimit, MaxFirewallRateLimit)
	}
	if !slices.Contains(FirewallRateWindowsSeconds, args.RateWindowSeconds) {
		invalid("RateWindowSeconds is %d, must be one of %v", args.RateWindowSeconds, FirewallRateWindowsSeconds)
	}
	if args.WAFPropagationSeconds < 1 || args.WAFPropagationSeconds > maxEdgeWAFPropagationSeconds {
		invalid("WAFPropagationSeconds is %d, must be 1 to %d", args.WAFPropagationSeconds, maxEdgeWAFPropagationSeconds)
	}
	if !validRetentionDays(args.LogRetentionDays) {
		invalid("LogRetentionDays is %d, which CloudWatch Logs does not accept; use one of %v",
			args.LogRetentionDays, CloudWatchRetentionDays)
	}
	if args.KMSKeyDeletionWindowDays < 7 || args.KMSKeyDeletionWindowDays > 30 {
		invalid("KMSKeyDeletionWindowDays is %d, must be 7 to 30", args.KMSKeyDeletionWindowDays)
	}
	if args.RotationFunction.SourceDir == "" && args.RotationFunction.Archive == "" {
		invalid("RotationFunction.SourceDir is empty; set the directory of the Go module that holds " +
			"functions/originsecret, or set RotationFunction.Archive to a prebuilt zip")
	}
	if args.UserContent != nil {
		errs = append(errs, args.UserContent.validate()...)
	}
	if len(errs) > 0 {
		return args, fmt.Errorf("edge %q: %w", name, errors.Join(errs...))
	}
	return args, nil
}

// validateDomains checks the custom domains, their hosted zone and the certificate.
func (args EdgeArgs) validateDomains() []error {
	var errs []error
	invalid := func(format string, values ...any) { errs = append(errs, fmt.Errorf(format, values...)) }
	for _, domain := range []struct{ key, value string }{
		{"DomainName", args.DomainName}, {"UserContentDomainName", args.UserContentDomainName},
	} {
		if domain.value == "" {
			continue
		}
		if !hostName.MatchString(domain.value) || len(domain.value) > 253 {
			invalid("%s %q is invalid; use a lowercase DNS name without wildcard or trailing dot, such as "+
				"\"api.example.com\"", domain.key, domain.value)
		}
		if args.HostedZoneId == "" {
			invalid("%s is %q but HostedZoneId is empty; set HostedZoneId to the Route 53 zone of the domain, "+
				"where the certificate's validation records and the alias records go", domain.key, domain.value)
		}
	}
	hasDomain := args.DomainName != "" || args.UserContentDomainName != ""
	if args.HostedZoneId != "" {
		switch {
		case !hostedZoneID.MatchString(args.HostedZoneId):
			invalid("HostedZoneId %q is invalid; use a Route 53 zone id such as \"Z0123456789ABCDEFGHIJ\"",
				args.HostedZoneId)
		case !hasDomain:
			invalid("HostedZoneId is set without DomainName or UserContentDomainName; set a domain or remove it")
		}
	}
	if args.UserContentDomainName != "" {
		if args.UserContent == nil {
			invalid("UserContentDomainName is %q without UserContent; configure the user-content distribution",
				args.UserContentDomainName)
		}
		if args.UserContentDomainName == args.DomainName {
			invalid("UserContentDomainName equals DomainName %q; serve user files from a domain of their own, "+
				"so that a file cannot run script on the application's origin", args.DomainName)
		}
	}
	if args.CertificateArn != "" {
		match := acmCertificateARN.FindStringSubmatch(args.CertificateArn)
		switch {
		case match == nil:
			invalid("CertificateArn %q is invalid; use the ARN of an ACM certificate, such as "+
				"\"arn:aws:acm:us-east-1:123456789012:certificate/0f1e2d3c-...\"", args.CertificateArn)
		case match[1] != EdgeRegion:
			invalid("CertificateArn %q is in region %s; CloudFront accepts only ACM certificates in %s, so "+
				"request or import the certificate there", args.CertificateArn, match[1], EdgeRegion)
		}
		if !hasDomain {
			invalid("CertificateArn is set without DomainName or UserContentDomainName; a distribution without " +
				"a custom domain uses CloudFront's certificate")
		}
	}
	return errs
}

// validate checks the user-content distribution's settings.
func (content EdgeUserContentArgs) validate() []error {
	var errs []error
	if content.BucketArn == nil {
		errs = append(errs, errors.New("UserContent.BucketArn is missing; pass the user-files bucket's ARN"))
	}
	if content.BucketRegionalDomainName == nil {
		errs = append(errs, errors.New("UserContent.BucketRegionalDomainName is missing; pass the user-files "+
			"bucket's regional domain name"))
	}
	if len(content.PublicKeysPEM) == 0 || len(content.PublicKeysPEM) > maxTrustedPublicKeys {
		errs = append(errs, fmt.Errorf("UserContent.PublicKeysPEM has %d keys, must have 1 to %d; add the PEM "+
			"public key of the key pair that signs file URLs", len(content.PublicKeysPEM), maxTrustedPublicKeys))
	}
	for i, key := range content.PublicKeysPEM {
		if !strings.HasPrefix(strings.TrimSpace(key), "-----BEGIN PUBLIC KEY-----") {
			errs = append(errs, fmt.Errorf("UserContent.PublicKeysPEM[%d] is not a PEM public key; pass the "+
				"output of `openssl rsa -pubout`, which starts with -----BEGIN PUBLIC KEY-----", i))
		}
	}
	return errs
}
