package infra

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/cloudfront"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/wafv2"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// cloudFrontPrincipal is the service principal that CloudFront uses with origin access control.
const cloudFrontPrincipal = "cloudfront.amazonaws.com"

// userContentMethods are the only methods the user-content distribution serves: it never writes.
var userContentMethods = []string{"GET", "HEAD"}

// userContentPolicy is the content security policy of user files: nothing loads, and the browser runs
// the file in a sandbox without scripts, so an uploaded HTML or SVG file cannot act as the site.
const userContentPolicy = "default-src 'none'; sandbox"

// userContentOutputs are the user-content distribution and its outputs, "" without one.
type userContentOutputs struct {
	distribution                         *cloudfront.Distribution
	id, arn, domainName, url, keyGroupID pulumi.StringOutput
	// keyPolicyChecked resolves to true once the key policy grants CloudFront, and fails otherwise. It is
	// set only when checksKeyPolicy is, that is with UserContent.KeyPolicy.
	keyPolicyChecked pulumi.BoolOutput
	checksKeyPolicy  bool
}

// setDefaults sets the outputs to "" when there is no user-content distribution.
func (o *userContentOutputs) setDefaults() {
	if o.distribution != nil {
		return
	}
	empty := pulumi.String("").ToStringOutput()
	o.id, o.arn, o.domainName, o.url, o.keyGroupID = empty, empty, empty, empty, empty
}

// newUserContent creates the distribution of users' files. It reads the bucket's files prefix through
// origin access control, which signs every request with SigV4, and serves a file only with a URL signed
// by one of the trusted public keys. It has security headers of its own, the edge's web ACL and access logs.
func newUserContent(ctx *pulumi.Context, name string, args EdgeArgs, webACL *wafv2.WebAcl,
	certificateArn pulumi.StringOutput, logs accessLogDestination, global edgeGlobal, parent pulumi.ResourceOption,
) (userContentOutputs, error) {
	content := args.UserContent
	control, err := cloudfront.NewOriginAccessControl(ctx, name+"-user-files-access", &cloudfront.OriginAccessControlArgs{
		Name:                          pulumi.String(args.NamePrefix + "-user-files"),
		Description:                   pulumi.String("Signs CloudFront's requests to the user-files bucket."),
		OriginAccessControlOriginType: pulumi.String("s3"),
		SigningBehavior:               pulumi.String("always"),
		SigningProtocol:               pulumi.String("sigv4"),
	}, parent)
	if err != nil {
		return userContentOutputs{}, fmt.Errorf("creating the origin access control of edge %q: %w", name, err)
	}

	keyIDs := pulumi.StringArray{}
	for i, pem := range content.PublicKeysPEM {
		key, err := cloudfront.NewPublicKey(ctx, name+"-signer-"+strconv.Itoa(i), &cloudfront.PublicKeyArgs{
			Comment:    pulumi.Sprintf("Signs the URLs of user files of %s.", args.NamePrefix),
			EncodedKey: pulumi.String(pem),
		}, parent)
		if err != nil {
			return userContentOutputs{}, fmt.Errorf("creating public key %d of edge %q: %w", i, name, err)
		}
		keyIDs = append(keyIDs, key.ID().ToStringOutput())
	}
	keyGroup, err := cloudfront.NewKeyGroup(ctx, name+"-signers", &cloudfront.KeyGroupArgs{
		Name:    pulumi.String(args.NamePrefix + "-user-files-signers"),
		Comment: pulumi.String("Keys whose signed URLs the user-content distribution accepts."),
		Items:   keyIDs,
	}, parent)
	if err != nil {
		return userContentOutputs{}, fmt.Errorf("creating the key group of edge %q: %w", name, err)
	}

	headersPolicy, err := cloudfront.NewResponseHeadersPolicy(ctx, name+"-user-files-headers", &cloudfront.ResponseHeadersPolicyArgs{
		Name:                  pulumi.String(args.NamePrefix + "-user-files-headers"),
		Comment:               pulumi.String("Security headers of user files."),
		SecurityHeadersConfig: securityHeaders(userContentPolicy),
	}, parent)
	if err != nil {
		return userContentOutputs{}, fmt.Errorf("creating the user files headers policy of edge %q: %w", name, err)
	}

	distribution, err := cloudfront.NewDistribution(ctx, name+"-user-files", &cloudfront.DistributionArgs{
		Comment:       pulumi.Sprintf("%s user files", args.NamePrefix),
		Enabled:       pulumi.Bool(true),
		IsIpv6Enabled: pulumi.Bool(true),
		HttpVersion:   pulumi.String("http2and3"),
		PriceClass:    pulumi.String(args.PriceClass),
		WebAclId:      webACL.Arn,
		Aliases:       aliases(args.UserContentDomainName),
		Origins: cloudfront.DistributionOriginArray{
			&cloudfront.DistributionOriginArgs{
				OriginId:   pulumi.String(userContentOriginID),
				DomainName: content.BucketRegionalDomainName,
				// Only promoted files are reachable: the path "/<key>" maps to "files/<key>".
				OriginPath:            pulumi.String("/" + strings.TrimSuffix(FilesPrefix, "/")),
				OriginAccessControlId: control.ID(),
			},
		},
		DefaultCacheBehavior: &cloudfront.DistributionDefaultCacheBehaviorArgs{
			TargetOriginId:          pulumi.String(userContentOriginID),
			ViewerProtocolPolicy:    pulumi.String("https-only"),
			AllowedMethods:          pulumi.ToStringArray(userContentMethods),
			CachedMethods:           pulumi.ToStringArray(cachedMethods),
			CachePolicyId:           pulumi.String(cachingOptimizedPolicyID),
			ResponseHeadersPolicyId: headersPolicy.ID(),
			TrustedKeyGroups:        pulumi.StringArray{keyGroup.ID().ToStringOutput()},
			Compress:                pulumi.Bool(true),
		},
		Restrictions:      noGeoRestriction(),
		ViewerCertificate: viewerCertificate(args.UserContentDomainName, certificateArn),
	}, parent)
	if err != nil {
		return userContentOutputs{}, fmt.Errorf("creating the user-content distribution of edge %q: %w", name, err)
	}
	// NOTE: CloudFront caches a file for up to a day (CachingOptimized), so a file that is erased stays
	// readable from the cache with a signed URL that was issued before the erasure and has not expired.

	if err := logs.deliver(ctx, name+"-user-files", args.NamePrefix+"-edge-user-files", distribution, global, parent); err != nil {
		return userContentOutputs{}, err
	}
	if err := newEdgeAliasRecords(ctx, name+"-user-files", args.UserContentDomainName, args.HostedZoneId,
		distribution, parent); err != nil {
		return userContentOutputs{}, err
	}

	outputs := userContentOutputs{
		distribution: distribution,
		id:           distribution.ID().ToStringOutput(),
		arn:          distribution.Arn,
		domainName:   distribution.DomainName,
		url:          siteURL(args.UserContentDomainName, distribution),
		keyGroupID:   keyGroup.ID().ToStringOutput(),
	}
	if content.KeyPolicy != nil {
		outputs.checksKeyPolicy = true
		outputs.keyPolicyChecked = pulumi.All(content.KeyPolicy, distribution.Arn).ApplyT(
			func(values []any) (bool, error) {
				if err := ValidateUserContentKeyPolicy(values[0].(string), values[1].(string)); err != nil {
					return false, fmt.Errorf("edge %q: %w", name, err)
				}
				return true, nil
			}).(pulumi.BoolOutput)
	}
	return outputs, nil
}

// UserContentBucketStatements returns the statement that the user-files bucket's policy needs so that
// the user-content distribution can read promoted files. aws:SourceArn limits it to that distribution,
// because cloudfront.amazonaws.com is the principal of every distribution of every account.
//
// The bucket policy's statement that denies object access to principals other than the named roles
// must also exempt this distribution, with the condition of UserContentDenyExemption.
func UserContentBucketStatements(bucketArn, distributionArn string) []map[string]any {
	return []map[string]any{{
		"Sid":       "AllowUserContentDistributionReads",
		"Effect":    "Allow",
		"Principal": map[string]any{"Service": cloudFrontPrincipal},
		"Action":    "s3:GetObject",
		"Resource":  bucketArn + "/" + FilesPrefix + "*",
		"Condition": map[string]any{"StringEquals": map[string]any{"aws:SourceArn": distributionArn}},
	}}
}

// UserContentDenyExemption returns the condition to add to the bucket policy's statement that denies
// object access to principals other than the named roles. A request of a service principal has no
// aws:PrincipalArn, so that statement's ArnNotLike on aws:PrincipalArn matches CloudFront's reads, and
// only this condition keeps the deny from refusing them.
func UserContentDenyExemption(distributionArn string) map[string]any {
	return map[string]any{"StringNotEquals": map[string]any{"aws:SourceArn": distributionArn}}
}

// UserContentKeyStatement returns the statement that the user-files key's policy needs so that the
// user-content distribution can decrypt the files it reads. Without it, CloudFront returns 403 for every
// request of an SSE-KMS object.
func UserContentKeyStatement(distributionArn string) map[string]any {
	return map[string]any{
		"Sid":       "AllowUserContentDistributionDecrypt",
		"Effect":    "Allow",
		"Principal": map[string]any{"Service": cloudFrontPrincipal},
		"Action":    "kms:Decrypt",
		"Resource":  "*",
		"Condition": map[string]any{"StringEquals": map[string]any{"aws:SourceArn": distributionArn}},
	}
}

// ValidateUserContentKeyPolicy returns an error unless the key policy has an Allow statement that lets
// cloudfront.amazonaws.com use kms:Decrypt with aws:SourceArn equal to the distribution's ARN.
//
// NOTE: the check reads only Allow statements and does not evaluate Deny statements.
func ValidateUserContentKeyPolicy(policyJSON, distributionArn string) error {
	var document struct {
		Statement json.RawMessage
	}
	if err := json.Unmarshal([]byte(policyJSON), &document); err != nil {
		return fmt.Errorf("the user-files key policy is not valid JSON: %w", err)
	}
	var statements []keyPolicyStatement
	if err := json.Unmarshal(document.Statement, &statements); err != nil {
		var single keyPolicyStatement
		if err := json.Unmarshal(document.Statement, &single); err != nil {
			return fmt.Errorf("the user-files key policy has no readable Statement: %w", err)
		}
		statements = []keyPolicyStatement{single}
	}
	for _, statement := range statements {
		if statement.grantsDecrypt(distributionArn) {
			return nil
		}
	}
	return fmt.Errorf("the user-files key policy does not let %s use kms:Decrypt for distribution %s, so "+
		"CloudFront would answer every request for a file with 403; add UserContentKeyStatement(%q) to the "+
		"key policy", cloudFrontPrincipal, distributionArn, distributionArn)
}

// keyPolicyStatement is one statement of a key policy, with the fields that may be a string or a list.
type keyPolicyStatement struct {
	Effect    string
	Principal json.RawMessage
	Action    json.RawMessage
	Condition map[string]map[string]json.RawMessage
}

// grantsDecrypt reports whether the statement allows CloudFront kms:Decrypt for the distribution.
func (s keyPolicyStatement) grantsDecrypt(distributionArn string) bool {
	if s.Effect != "Allow" {
		return false
	}
	var principal struct{ Service json.RawMessage }
	if json.Unmarshal(s.Principal, &principal) != nil || !containsFold(stringOrList(principal.Service), cloudFrontPrincipal) {
		return false
	}
	actions := stringOrList(s.Action)
	if !containsFold(actions, "kms:Decrypt") && !containsFold(actions, "kms:*") {
		return false
	}
	for operator, entries := range s.Condition {
		if operator != "StringEquals" && operator != "ArnEquals" && operator != "ArnLike" {
			continue
		}
		for key, values := range entries {
			if strings.EqualFold(key, "aws:SourceArn") && containsFold(stringOrList(values), distributionArn) {
				return true
			}
		}
	}
	return false
}

// stringOrList decodes a JSON string or list of strings.
func stringOrList(raw json.RawMessage) []string {
	var single string
	if json.Unmarshal(raw, &single) == nil {
		return []string{single}
	}
	var list []string
	if json.Unmarshal(raw, &list) == nil {
		return list
	}
	return nil
}

func containsFold(list []string, value string) bool {
	for _, item := range list {
		if strings.EqualFold(item, value) {
			return true
		}
	}
	return false
}
