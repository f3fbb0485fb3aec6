package infra

import (
	"fmt"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/acm"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/cloudfront"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/secretsmanager"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/wafv2"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// CloudFront's managed cache and origin request policies that the edge uses, by id (CloudFront
// Developer Guide, "Use managed cache policies" and "Use managed origin request policies").
const (
	// cachingDisabledPolicyID turns caching off, for the API, whose responses depend on the caller.
	cachingDisabledPolicyID = "4135ea2d-6df8-44a3-9df3-4b5a84be39ad"
	// cachingOptimizedPolicyID caches by path only, for user files. A signed URL's query string is not
	// part of the cache key, and CloudFront checks the signature before it serves from the cache.
	cachingOptimizedPolicyID = "658327ea-f89d-4fab-a63d-7e88639e58f6"
	// allViewerExceptHostHeaderPolicyID forwards every viewer header but Host, because API Gateway routes
	// by its own host name. With caching disabled, CloudFront forwards the Authorization header under it.
	allViewerExceptHostHeaderPolicyID = "b689b0a8-53d0-40ab-baf2-68738e2966ac"
)

// Origin ids of the distributions; the rotation function finds the API origin by apiOriginID.
const (
	apiOriginID         = "api"
	userContentOriginID = "user-files"
)

// originHeaderPlaceholder is the origin verification header's value when the distribution is created.
// The first rotation, which Secrets Manager starts right after the rotation schedule is created, replaces
// it. WAF never accepts it, because the pattern set never contains it.
const originHeaderPlaceholder = "pending-first-rotation"

// originHeaderIgnorePath is the input path of the verification header's value, which the rotation owns.
const originHeaderIgnorePath = "origins[0].customHeaders[0].value"

// apiMethods are the methods the API distribution forwards, and cachedMethods those CloudFront may cache.
var (
	apiMethods    = []string{"DELETE", "GET", "HEAD", "OPTIONS", "PATCH", "POST", "PUT"}
	cachedMethods = []string{"GET", "HEAD"}
)

// Edge is CloudFront in front of the REST API: HTTPS only, no caching, security headers, a web ACL of
// CLOUDFRONT scope and access logs through CloudWatch Logs delivery. A header with a rotating secret value
// proves to the API's web ACL that a request came through CloudFront. With UserContent, a second
// distribution serves users' files from a domain of their own through origin access control, only with
// signed URLs.
type Edge struct {
	pulumi.ResourceState

	// GlobalProvider is the us-east-1 provider of the web ACL, the certificate and the log delivery.
	GlobalProvider *aws.Provider
	Distribution   *cloudfront.Distribution
	WebAcl         *wafv2.WebAcl
	// Certificate is nil without a custom domain or with EdgeArgs.CertificateArn.
	Certificate  *acm.Certificate
	OriginSecret *secretsmanager.Secret
	// PatternSet is the REGIONAL regex pattern set of the origin verification values, for the API's web ACL.
	PatternSet       *wafv2.RegexPatternSet
	RotationFunction *GoFunction
	// UserContentDistribution is nil without EdgeArgs.UserContent.
	UserContentDistribution *cloudfront.Distribution

	DistributionId  pulumi.StringOutput `pulumi:"distributionId"`
	DistributionArn pulumi.StringOutput `pulumi:"distributionArn"`
	// DomainName is the distribution's *.cloudfront.net name.
	DomainName pulumi.StringOutput `pulumi:"domainName"`
	// URL is "https://" followed by EdgeArgs.DomainName, or by DomainName without a custom domain.
	URL       pulumi.StringOutput `pulumi:"url"`
	WebAclArn pulumi.StringOutput `pulumi:"webAclArn"`
	// WebAclName is the name of the CloudFront web ACL, for alarms on its metrics in us-east-1.
	WebAclName      pulumi.StringOutput `pulumi:"webAclName"`
	OriginSecretArn pulumi.StringOutput `pulumi:"originSecretArn"`
	PatternSetArn   pulumi.StringOutput `pulumi:"patternSetArn"`
	// OriginVerifyHeader is OriginVerifyHeaderName.
	OriginVerifyHeader      pulumi.StringOutput `pulumi:"originVerifyHeader"`
	RotationFunctionName    pulumi.StringOutput `pulumi:"rotationFunctionName"`
	WebAclLogGroupName      pulumi.StringOutput `pulumi:"webAclLogGroupName"`
	AccessLogDestinationArn pulumi.StringOutput `pulumi:"accessLogDestinationArn"`
	// The user-content outputs are "" without EdgeArgs.UserContent.
	UserContentDistributionId  pulumi.StringOutput `pulumi:"userContentDistributionId"`
	UserContentDistributionArn pulumi.StringOutput `pulumi:"userContentDistributionArn"`
	UserContentDomainName      pulumi.StringOutput `pulumi:"userContentDomainName"`
	UserContentURL             pulumi.StringOutput `pulumi:"userContentUrl"`
	// UserContentKeyGroupId is the key group whose keys sign file URLs.
	UserContentKeyGroupId pulumi.StringOutput `pulumi:"userContentKeyGroupId"`
}

// OriginVerify returns the settings of the API web ACL's rule that admits only requests from CloudFront.
func (e *Edge) OriginVerify() *OriginVerifyArgs {
	return &OriginVerifyArgs{HeaderName: OriginVerifyHeaderName, PatternSetArn: e.PatternSetArn}
}

// NewEdge creates the edge's resources. They are the us-east-1 provider unless one is given, the
// CloudFront web ACL, and the certificate with its DNS records when a custom domain is set. Then come the
// origin verification secret with its pattern set and rotation, the API distribution and its access log
// delivery, and, with UserContent, the user-content distribution.
func NewEdge(ctx *pulumi.Context, name string, args EdgeArgs, opts ...pulumi.ResourceOption) (*Edge, error) {
	args, err := args.withDefaults(name)
	if err != nil {
		return nil, err
	}

	component := &Edge{}
	if err := ctx.RegisterComponentResource(EdgeType, name, component, opts...); err != nil {
		return nil, fmt.Errorf("registering edge %q: %w", name, err)
	}
	parent := pulumi.Parent(component)

	account, err := lookupAccount(ctx, component)
	if err != nil {
		return nil, fmt.Errorf("edge %q: %w", name, err)
	}
	global, err := edgeGlobalProvider(ctx, name, args, parent)
	if err != nil {
		return nil, err
	}
	component.GlobalProvider = global.provider

	firewall, err := newEdgeFirewall(ctx, name, args, account, global, parent)
	if err != nil {
		return nil, err
	}
	component.WebAcl = firewall.webACL

	certificateArn, certificate, err := newEdgeCertificate(ctx, name, args, global, parent)
	if err != nil {
		return nil, err
	}
	component.Certificate = certificate

	verification, err := newOriginVerification(ctx, name, args, account, parent)
	if err != nil {
		return nil, err
	}
	component.OriginSecret = verification.secret
	component.PatternSet = verification.patternSet

	headersPolicy, err := cloudfront.NewResponseHeadersPolicy(ctx, name+"-api-headers", &cloudfront.ResponseHeadersPolicyArgs{
		Name:                  pulumi.String(args.NamePrefix + "-api-headers"),
		Comment:               pulumi.String("Security headers of the API's responses."),
		SecurityHeadersConfig: securityHeaders("default-src 'none'; frame-ancestors 'none'"),
	}, parent)
	if err != nil {
		return nil, fmt.Errorf("creating response headers policy of edge %q: %w", name, err)
	}

	distribution, err := cloudfront.NewDistribution(ctx, name+"-api", &cloudfront.DistributionArgs{
		Comment:       pulumi.Sprintf("%s API", args.NamePrefix),
		Enabled:       pulumi.Bool(true),
		IsIpv6Enabled: pulumi.Bool(true),
		HttpVersion:   pulumi.String("http2and3"),
		PriceClass:    pulumi.String(args.PriceClass),
		WebAclId:      firewall.webACL.Arn,
		Aliases:       aliases(args.DomainName),
		Origins: cloudfront.DistributionOriginArray{
			&cloudfront.DistributionOriginArgs{
				OriginId:   pulumi.String(apiOriginID),
				DomainName: args.APIDomain,
				OriginPath: pulumi.String("/" + args.APIStageName),
				CustomOriginConfig: &cloudfront.DistributionOriginCustomOriginConfigArgs{
					HttpPort:             pulumi.Int(80),
					HttpsPort:            pulumi.Int(443),
					OriginProtocolPolicy: pulumi.String("https-only"),
					OriginSslProtocols:   pulumi.ToStringArray([]string{"TLSv1.2"}),
				},
				CustomHeaders: cloudfront.DistributionOriginCustomHeaderArray{
					&cloudfront.DistributionOriginCustomHeaderArgs{
						Name:  pulumi.String(OriginVerifyHeaderName),
						Value: pulumi.String(originHeaderPlaceholder),
					},
				},
			},
		},
		DefaultCacheBehavior: &cloudfront.DistributionDefaultCacheBehaviorArgs{
			TargetOriginId:          pulumi.String(apiOriginID),
			ViewerProtocolPolicy:    pulumi.String("https-only"),
			AllowedMethods:          pulumi.ToStringArray(apiMethods),
			CachedMethods:           pulumi.ToStringArray(cachedMethods),
			CachePolicyId:           pulumi.String(cachingDisabledPolicyID),
			OriginRequestPolicyId:   pulumi.String(allViewerExceptHostHeaderPolicyID),
			ResponseHeadersPolicyId: headersPolicy.ID(),
			Compress:                pulumi.Bool(true),
		},
		Restrictions:      noGeoRestriction(),
		ViewerCertificate: viewerCertificate(args.DomainName, certificateArn),
	}, parent,
		// The rotation function owns the header's value. Without this, every deployment would set the
		// placeholder again and the web ACL would reject every request until the next rotation.
		// NOTE: an update of this distribution sends the value stored in the stack's state. Refresh the
		// stack first (pulumi up --refresh), because a stale value fails until the next rotation.
		pulumi.IgnoreChanges([]string{originHeaderIgnorePath}))
	if err != nil {
		return nil, fmt.Errorf("creating the API distribution of edge %q: %w", name, err)
	}
	component.Distribution = distribution

	rotation, err := verification.rotate(ctx, name, args, distribution, parent)
	if err != nil {
		return nil, err
	}
	component.RotationFunction = rotation

	logs, err := newAccessLogDestination(ctx, name, args, global, parent)
	if err != nil {
		return nil, err
	}
	if err := logs.deliver(ctx, name+"-api", args.NamePrefix+"-edge-api", distribution, global, parent); err != nil {
		return nil, err
	}

	if err := newEdgeAliasRecords(ctx, name+"-api", args.DomainName, args.HostedZoneId, distribution, parent); err != nil {
		return nil, err
	}

	content := userContentOutputs{}
	if args.UserContent != nil {
		content, err = newUserContent(ctx, name, args, firewall.webACL, certificateArn, logs, global, parent)
		if err != nil {
			return nil, err
		}
		component.UserContentDistribution = content.distribution
	}
	content.setDefaults()

	component.DistributionId = distribution.ID().ToStringOutput()
	component.DistributionArn = distribution.Arn
	component.DomainName = distribution.DomainName
	component.URL = siteURL(args.DomainName, distribution)
	component.WebAclArn = firewall.webACL.Arn
	component.WebAclName = firewall.webACL.Name
	component.OriginSecretArn = verification.secret.Arn
	component.PatternSetArn = verification.patternSet.Arn
	component.OriginVerifyHeader = pulumi.String(OriginVerifyHeaderName).ToStringOutput()
	component.RotationFunctionName = rotation.FunctionName
	component.WebAclLogGroupName = firewall.logGroup.Name
	component.AccessLogDestinationArn = logs.destination.Arn
	component.UserContentDistributionId = content.id
	component.UserContentDistributionArn = content.arn
	component.UserContentDomainName = content.domainName
	component.UserContentURL = content.url
	component.UserContentKeyGroupId = content.keyGroupID
	outputs := pulumi.Map{
		"distributionId":             component.DistributionId,
		"distributionArn":            component.DistributionArn,
		"domainName":                 component.DomainName,
		"url":                        component.URL,
		"webAclArn":                  component.WebAclArn,
		"webAclName":                 component.WebAclName,
		"originSecretArn":            component.OriginSecretArn,
		"patternSetArn":              component.PatternSetArn,
		"originVerifyHeader":         component.OriginVerifyHeader,
		"rotationFunctionName":       component.RotationFunctionName,
		"webAclLogGroupName":         component.WebAclLogGroupName,
		"accessLogDestinationArn":    component.AccessLogDestinationArn,
		"userContentDistributionId":  component.UserContentDistributionId,
		"userContentDistributionArn": component.UserContentDistributionArn,
		"userContentDomainName":      component.UserContentDomainName,
		"userContentUrl":             component.UserContentURL,
		"userContentKeyGroupId":      component.UserContentKeyGroupId,
	}
	// The check of the key policy fails the deployment through the registration of this output.
	if content.checksKeyPolicy {
		outputs["userContentKeyPolicyChecked"] = content.keyPolicyChecked
	}
	if err := ctx.RegisterResourceOutputs(component, outputs); err != nil {
		return nil, fmt.Errorf("registering outputs of edge %q: %w", name, err)
	}
	return component, nil
}

// securityHeaders returns the security headers of a response headers policy with the given content
// security policy. They override what the origin sends.
func securityHeaders(contentSecurityPolicy string) *cloudfront.ResponseHeadersPolicySecurityHeadersConfigArgs {
	return &cloudfront.ResponseHeadersPolicySecurityHeadersConfigArgs{
		StrictTransportSecurity: &cloudfront.ResponseHeadersPolicySecurityHeadersConfigStrictTransportSecurityArgs{
			AccessControlMaxAgeSec: pulumi.Int(DefaultHSTSMaxAgeSeconds),
			IncludeSubdomains:      pulumi.Bool(true),
			Preload:                pulumi.Bool(true),
			Override:               pulumi.Bool(true),
		},
		ContentTypeOptions: &cloudfront.ResponseHeadersPolicySecurityHeadersConfigContentTypeOptionsArgs{
			Override: pulumi.Bool(true),
		},
		FrameOptions: &cloudfront.ResponseHeadersPolicySecurityHeadersConfigFrameOptionsArgs{
			FrameOption: pulumi.String("DENY"),
			Override:    pulumi.Bool(true),
		},
		ReferrerPolicy: &cloudfront.ResponseHeadersPolicySecurityHeadersConfigReferrerPolicyArgs{
			ReferrerPolicy: pulumi.String("no-referrer"),
			Override:       pulumi.Bool(true),
		},
		ContentSecurityPolicy: &cloudfront.ResponseHeadersPolicySecurityHeadersConfigContentSecurityPolicyArgs{
			ContentSecurityPolicy: pulumi.String(contentSecurityPolicy),
			Override:              pulumi.Bool(true),
		},
	}
}

// viewerCertificate returns the ACM certificate with SNI and TLSv1.2_2021 for a custom domain, and
// CloudFront's default certificate without one.
func viewerCertificate(domain string, certificateArn pulumi.StringOutput) *cloudfront.DistributionViewerCertificateArgs {
	if domain == "" {
		// NOTE: CloudFront's default certificate forces the TLSv1 security policy, which the policy pack's
		// cloudfront-viewer-tls12 rule reports; only development stacks run without a custom domain.
		return &cloudfront.DistributionViewerCertificateArgs{CloudfrontDefaultCertificate: pulumi.Bool(true)}
	}
	return &cloudfront.DistributionViewerCertificateArgs{
		AcmCertificateArn:      certificateArn,
		SslSupportMethod:       pulumi.String("sni-only"),
		MinimumProtocolVersion: pulumi.String("TLSv1.2_2021"),
	}
}

// noGeoRestriction serves every country.
func noGeoRestriction() *cloudfront.DistributionRestrictionsArgs {
	return &cloudfront.DistributionRestrictionsArgs{
		GeoRestriction: &cloudfront.DistributionRestrictionsGeoRestrictionArgs{RestrictionType: pulumi.String("none")},
	}
}

// aliases returns the distribution's alternate domain names: the custom domain, or none.
func aliases(domain string) pulumi.StringArrayInput {
	if domain == "" {
		return nil
	}
	return pulumi.ToStringArray([]string{domain})
}

// siteURL returns the https URL of the custom domain, or of the distribution's own domain.
func siteURL(domain string, distribution *cloudfront.Distribution) pulumi.StringOutput {
	if domain != "" {
		return pulumi.String("https://" + domain).ToStringOutput()
	}
	return pulumi.Sprintf("https://%s", distribution.DomainName)
}
