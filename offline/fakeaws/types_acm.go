package fakeaws

import (
	"slices"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
)

// The ACM types and the Route 53 record that validates a certificate by DNS, with the ids and computed
// outputs that AWS gives them.
func init() {
	// A certificate's id is its ARN. Until its validation records resolve, ACM reports it as
	// PENDING_VALIDATION, which is what the provider stores after creation.
	register("aws:acm/certificate:Certificate", &typeSpec{
		taggable: true,
		id: func(c *resourceContext) (string, error) {
			return c.regionalARN("acm", "certificate/"+deriveUUID(c.seed()...)), nil
		},
		computed: func(c *resourceContext) resource.PropertyMap {
			domains := certificateDomains(c)
			return resource.PropertyMap{
				"arn":                     resource.NewStringProperty(c.id),
				"domainValidationOptions": domainValidationOptions(c, domains),
				"subjectAlternativeNames": stringArray(domains...),
				"status":                  resource.NewStringProperty("PENDING_VALIDATION"),
				"type":                    resource.NewStringProperty("AMAZON_ISSUED"),
				"keyAlgorithm":            resource.NewStringProperty("RSA_2048"),
				"notAfter":                resource.NewStringProperty(""),
				"notBefore":               resource.NewStringProperty(""),
				"pendingRenewal":          resource.NewBoolProperty(false),
				"renewalEligibility":      resource.NewStringProperty("INELIGIBLE"),
				"renewalSummaries":        resource.NewArrayProperty(nil),
				"validationEmails":        resource.NewArrayProperty(nil),
			}
		},
	})

	// A validation's id is the time ACM issued the certificate, as the provider formats it.
	register("aws:acm/certificateValidation:CertificateValidation", &typeSpec{
		required: []string{"certificateArn"},
		id: func(*resourceContext) (string, error) {
			return "2024-01-01 00:00:00 +0000 UTC", nil
		},
	})

	// A record's id is "<zone id>_<name>_<type>", the name in lowercase without the trailing dot.
	register("aws:route53/record:Record", &typeSpec{
		required: []string{"name", "type", "zoneId"},
		id: func(c *resourceContext) (string, error) {
			return c.str("zoneId") + "_" + recordName(c.str("name")) + "_" + c.str("type"), nil
		},
		computed: func(c *resourceContext) resource.PropertyMap {
			return resource.PropertyMap{"fqdn": resource.NewStringProperty(recordName(c.str("name")))}
		},
	})
}

// certificateDomains returns the certificate's domain name followed by its other subject alternative
// names, as ACM lists them.
func certificateDomains(c *resourceContext) []string {
	domains := []string{}
	if domain := c.str("domainName"); domain != "" {
		domains = append(domains, domain)
	}
	for _, name := range stringList(c.inputs, "subjectAlternativeNames") {
		if !slices.Contains(domains, name) {
			domains = append(domains, name)
		}
	}
	return domains
}

// domainValidationOptions returns the CNAME record that proves control of each domain, in the form ACM
// gives it: a name and a value with trailing dots.
func domainValidationOptions(c *resourceContext, domains []string) resource.PropertyValue {
	options := make([]resource.PropertyValue, 0, len(domains))
	for _, domain := range domains {
		options = append(options, resource.NewObjectProperty(resource.PropertyMap{
			"domainName":          resource.NewStringProperty(domain),
			"resourceRecordName":  resource.NewStringProperty("_" + deriveHex(32, "name", c.id, domain) + "." + domain + "."),
			"resourceRecordType":  resource.NewStringProperty("CNAME"),
			"resourceRecordValue": resource.NewStringProperty("_" + deriveHex(32, "value", c.id, domain) + "." + deriveLowerAlphanumeric(10, "acm", domain) + ".acm-validations.aws."),
		}))
	}
	return resource.NewArrayProperty(options)
}

// recordName returns a record name as Route 53 stores it: lowercase and without the trailing dot.
func recordName(name string) string {
	return strings.ToLower(strings.TrimSuffix(name, "."))
}
