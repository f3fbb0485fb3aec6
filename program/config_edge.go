package program

import (
	"fmt"
	"regexp"
	"slices"
	"strings"

	"github.com/secureserverless/framework/infra"
)

// Defaults of the edge settings.
const (
	DefaultEdgePriceClass   = infra.DefaultEdgePriceClass
	DefaultEdgeRotationDays = infra.DefaultOriginSecretRotationDays
	DefaultEdgeRateLimit    = infra.DefaultEdgeRateLimit
	// DefaultEdgeWAFPropagationSeconds is how long a rotation waits for the API's web ACL to accept a
	// new value everywhere.
	DefaultEdgeWAFPropagationSeconds = infra.DefaultEdgeWAFPropagationSeconds
	// maxEdgeWAFPropagationSeconds keeps the wait inside the rotation function's timeout.
	maxEdgeWAFPropagationSeconds = 600
	// maxEdgeRotationDays is the longest rotation interval Secrets Manager accepts.
	maxEdgeRotationDays = 1000
)

var (
	edgeHostName      = regexp.MustCompile(`^([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$`)
	edgeHostedZoneID  = regexp.MustCompile(`^Z[A-Z0-9]{1,31}$`)
	edgeCertificateID = regexp.MustCompile(`^arn:aws[a-z-]*:acm:([a-z0-9-]+):\d{12}:certificate/[0-9a-f-]+$`)
)

// validateEdge checks the settings of the CloudFront edge.
func (c Config) validateEdge(namespace string) []error {
	var errs []error
	check := func(ok bool, key string, value any, accepted string) {
		if !ok {
			errs = append(errs, &ConfigError{Key: namespace + ":" + key, Value: fmt.Sprint(value), Accepted: accepted})
		}
	}
	if c.EdgeEnabled {
		check(c.APIEndpointType != infra.APIEndpointPrivate, "edgeEnabled", c.EdgeEnabled,
			"false while apiEndpointType is PRIVATE, because CloudFront cannot reach a private API")
	} else {
		check(c.EdgeDomainName == "", "edgeDomainName", c.EdgeDomainName, "empty while edgeEnabled is false")
	}
	if c.EdgeDomainName != "" {
		check(edgeHostName.MatchString(c.EdgeDomainName) && len(c.EdgeDomainName) <= 253, "edgeDomainName",
			c.EdgeDomainName, "a lowercase DNS name without wildcard or trailing dot, such as api.example.com")
		check(c.EdgeHostedZoneID != "", "edgeHostedZoneId", `""`,
			"the Route 53 zone id of edgeDomainName, such as Z0123456789ABCDEFGHIJ, where the certificate's "+
				"validation records and the alias records go")
	}
	if c.EdgeHostedZoneID != "" {
		check(edgeHostedZoneID.MatchString(c.EdgeHostedZoneID) && c.EdgeDomainName != "", "edgeHostedZoneId",
			c.EdgeHostedZoneID, "a Route 53 zone id such as Z0123456789ABCDEFGHIJ, set together with edgeDomainName")
	}
	if c.EdgeCertificateArn != "" {
		match := edgeCertificateID.FindStringSubmatch(c.EdgeCertificateArn)
		check(match != nil && match[1] == infra.EdgeRegion && c.EdgeDomainName != "", "edgeCertificateArn",
			c.EdgeCertificateArn, "the ARN of an ACM certificate in "+infra.EdgeRegion+" that covers "+
				"edgeDomainName, because CloudFront accepts certificates from that region only; empty requests one")
	}
	check(slices.Contains(infra.PriceClasses, c.EdgePriceClass), "edgePriceClass", c.EdgePriceClass,
		strings.Join(infra.PriceClasses, ", "))
	check(c.EdgeRotationDays >= 1 && c.EdgeRotationDays <= maxEdgeRotationDays, "edgeRotationDays",
		c.EdgeRotationDays, fmt.Sprintf("1 to %d days", maxEdgeRotationDays))
	check(c.EdgeRateLimit >= infra.MinFirewallRateLimit && c.EdgeRateLimit <= infra.MaxFirewallRateLimit,
		"edgeRateLimit", c.EdgeRateLimit, fmt.Sprintf("%d to %d requests per window from one viewer address",
			infra.MinFirewallRateLimit, infra.MaxFirewallRateLimit))
	check(c.EdgeWAFPropagationSeconds >= 1 && c.EdgeWAFPropagationSeconds <= maxEdgeWAFPropagationSeconds,
		"edgeWafPropagationSeconds", c.EdgeWAFPropagationSeconds,
		fmt.Sprintf("1 to %d seconds", maxEdgeWAFPropagationSeconds))
	return errs
}

// edgeArgs returns the arguments of the CloudFront edge. The platform sets the API's domain and stage,
// the log bucket and the rotation function's shared settings.
func (c Config) edgeArgs() infra.EdgeArgs {
	return infra.EdgeArgs{
		Enabled:                  c.EdgeEnabled,
		DomainName:               c.EdgeDomainName,
		HostedZoneId:             c.EdgeHostedZoneID,
		CertificateArn:           c.EdgeCertificateArn,
		PriceClass:               c.EdgePriceClass,
		RotationDays:             c.EdgeRotationDays,
		RateLimit:                c.EdgeRateLimit,
		RateWindowSeconds:        c.WAFRateWindowSeconds,
		WAFPropagationSeconds:    c.EdgeWAFPropagationSeconds,
		LogRetentionDays:         c.LogRetentionDays,
		KMSKeyDeletionWindowDays: c.KMSKeyDeletionWindowDays,
	}
}
