package infra

import (
	"fmt"
	"strings"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/acm"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/cloudfront"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/route53"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// validationRecordTTLSeconds is the TTL of the certificate's DNS validation records.
const validationRecordTTLSeconds = 300

// edgeGlobal is the us-east-1 provider and its checked region.
type edgeGlobal struct {
	provider *aws.Provider
	// region resolves to EdgeRegion once the provider's region is checked, and to an error otherwise.
	region pulumi.StringOutput
}

// option places a resource in us-east-1.
func (g edgeGlobal) option() pulumi.ResourceOption {
	return pulumi.Provider(g.provider)
}

// checked returns value once the provider's region is EdgeRegion. A us-east-1 resource takes one of its
// inputs through it, so a provider for another region fails that resource's registration with an error
// that names the region, before anything reaches AWS.
func (g edgeGlobal) checked(value string) pulumi.StringOutput {
	return g.region.ApplyT(func(string) string { return value }).(pulumi.StringOutput)
}

// edgeGlobalProvider returns the given us-east-1 provider, or a new one.
func edgeGlobalProvider(ctx *pulumi.Context, name string, args EdgeArgs, parent pulumi.ResourceOption) (edgeGlobal, error) {
	provider := args.GlobalProvider
	if provider == nil {
		created, err := aws.NewProvider(ctx, name+"-"+EdgeRegion, &aws.ProviderArgs{
			Region: pulumi.String(EdgeRegion),
		}, parent)
		if err != nil {
			return edgeGlobal{}, fmt.Errorf("creating the %s provider of edge %q: %w", EdgeRegion, name, err)
		}
		provider = created
	}
	region := provider.Region.ApplyT(func(region *string) (string, error) {
		if region == nil || *region != EdgeRegion {
			configured := "no region"
			if region != nil {
				configured = fmt.Sprintf("region %q", *region)
			}
			return "", fmt.Errorf("edge %q: GlobalProvider has %s; CloudFront accepts web ACLs of CLOUDFRONT "+
				"scope, ACM certificates and access log delivery only in %s, so pass an aws.Provider with "+
				"Region %q or leave GlobalProvider nil", name, configured, EdgeRegion, EdgeRegion)
		}
		return *region, nil
	}).(pulumi.StringOutput)
	return edgeGlobal{provider: provider, region: region}, nil
}

// newEdgeCertificate returns the ARN of the certificate of the custom domains: EdgeArgs.CertificateArn,
// or a new ACM certificate in us-east-1 once DNS validation has issued it. Without a custom domain it
// returns an empty output and no certificate.
func newEdgeCertificate(ctx *pulumi.Context, name string, args EdgeArgs, global edgeGlobal,
	parent pulumi.ResourceOption,
) (pulumi.StringOutput, *acm.Certificate, error) {
	var domains []string
	for _, domain := range []string{args.DomainName, args.UserContentDomainName} {
		if domain != "" {
			domains = append(domains, domain)
		}
	}
	switch {
	case len(domains) == 0:
		return pulumi.String("").ToStringOutput(), nil, nil
	case args.CertificateArn != "":
		return pulumi.String(args.CertificateArn).ToStringOutput(), nil, nil
	}

	certificateArgs := &acm.CertificateArgs{
		DomainName:       pulumi.String(domains[0]),
		ValidationMethod: global.checked("DNS"),
	}
	if len(domains) > 1 {
		certificateArgs.SubjectAlternativeNames = pulumi.ToStringArray(domains[1:])
	}
	certificate, err := acm.NewCertificate(ctx, name+"-certificate", certificateArgs, parent, global.option())
	if err != nil {
		return pulumi.StringOutput{}, nil, fmt.Errorf("creating the certificate of edge %q: %w", name, err)
	}

	fqdns := pulumi.StringArray{}
	for _, domain := range domains {
		option := validationOption(certificate, domain)
		record, err := route53.NewRecord(ctx, name+"-validation-"+strings.ReplaceAll(domain, ".", "-"), &route53.RecordArgs{
			ZoneId:  pulumi.String(args.HostedZoneId),
			Name:    option.ResourceRecordName().Elem(),
			Type:    option.ResourceRecordType().Elem(),
			Records: pulumi.StringArray{option.ResourceRecordValue().Elem()},
			Ttl:     pulumi.Int(validationRecordTTLSeconds),
			// ACM gives the same record to every certificate of a domain, so a record that an earlier
			// certificate left behind is taken over instead of failing the creation.
			AllowOverwrite: pulumi.Bool(true),
		}, parent)
		if err != nil {
			return pulumi.StringOutput{}, nil, fmt.Errorf("creating the validation record of %s of edge %q: %w",
				domain, name, err)
		}
		fqdns = append(fqdns, record.Fqdn)
	}

	validation, err := acm.NewCertificateValidation(ctx, name+"-certificate-validation", &acm.CertificateValidationArgs{
		CertificateArn:        certificate.Arn,
		ValidationRecordFqdns: fqdns,
	}, parent, global.option())
	if err != nil {
		return pulumi.StringOutput{}, nil, fmt.Errorf("creating the certificate validation of edge %q: %w", name, err)
	}
	return validation.CertificateArn, certificate, nil
}

// validationOption returns the DNS validation record that ACM requires for the domain. ACM returns the
// options as a set, so the order is not the order of the domains.
func validationOption(certificate *acm.Certificate, domain string) acm.CertificateDomainValidationOptionOutput {
	return certificate.DomainValidationOptions.ApplyT(func(options []acm.CertificateDomainValidationOption) (
		acm.CertificateDomainValidationOption, error,
	) {
		for _, option := range options {
			if option.DomainName != nil && *option.DomainName == domain {
				return option, nil
			}
		}
		return acm.CertificateDomainValidationOption{}, fmt.Errorf("certificate has no validation option for %s", domain)
	}).(acm.CertificateDomainValidationOptionOutput)
}

// newEdgeAliasRecords points the custom domain at the distribution with A and AAAA alias records, or
// does nothing without a domain.
func newEdgeAliasRecords(ctx *pulumi.Context, name, domain, zoneID string, distribution *cloudfront.Distribution,
	parent pulumi.ResourceOption,
) error {
	if domain == "" {
		return nil
	}
	for _, recordType := range []string{"A", "AAAA"} {
		_, err := route53.NewRecord(ctx, name+"-alias-"+strings.ToLower(recordType), &route53.RecordArgs{
			ZoneId: pulumi.String(zoneID),
			Name:   pulumi.String(domain),
			Type:   pulumi.String(recordType),
			Aliases: route53.RecordAliasArray{
				&route53.RecordAliasArgs{
					Name:                 distribution.DomainName,
					ZoneId:               distribution.HostedZoneId,
					EvaluateTargetHealth: pulumi.Bool(false),
				},
			},
		}, parent)
		if err != nil {
			return fmt.Errorf("creating the %s alias record of %s: %w", recordType, domain, err)
		}
	}
	return nil
}
