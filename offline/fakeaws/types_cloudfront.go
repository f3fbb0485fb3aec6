package fakeaws

import (
	"encoding/json"
	"fmt"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
)

// cloudFrontHostedZoneID is the Route 53 hosted zone of every CloudFront distribution, the zone an alias
// record to a distribution names.
const cloudFrontHostedZoneID = "Z2FDTNDATAQYW2"

// The CloudFront types, with the ids and computed outputs that AWS gives them, and the CloudWatch Logs
// delivery types that send a distribution's access logs. CloudFront is a global service: its ARNs have no
// region, such as "arn:aws:cloudfront::123456789012:distribution/E2QWRUHAPOMQZL".
func init() {
	register("aws:cloudfront/distribution:Distribution", &typeSpec{
		required: []string{"defaultCacheBehavior", "enabled", "origins", "restrictions", "viewerCertificate"},
		defaults: resource.PropertyMap{
			"httpVersion":       resource.NewStringProperty("http2"),
			"isIpv6Enabled":     resource.NewBoolProperty(false),
			"priceClass":        resource.NewStringProperty("PriceClass_All"),
			"retainOnDelete":    resource.NewBoolProperty(false),
			"staging":           resource.NewBoolProperty(false),
			"waitForDeployment": resource.NewBoolProperty(true),
		},
		taggable: true,
		id:       cloudFrontID("E"),
		computed: func(c *resourceContext) resource.PropertyMap {
			return resource.PropertyMap{
				"arn":        resource.NewStringProperty(c.globalARN("cloudfront", "distribution/"+c.id)),
				"domainName": resource.NewStringProperty("d" + deriveLowerAlphanumeric(13, "domain", c.id) + ".cloudfront.net"),
				// Every distribution shares CloudFront's zone for alias records.
				"hostedZoneId":                resource.NewStringProperty(cloudFrontHostedZoneID),
				"status":                      resource.NewStringProperty("Deployed"),
				"etag":                        resource.NewStringProperty(cloudFrontETag(c)),
				"callerReference":             resource.NewStringProperty("terraform-" + fixedTimestampDigits + deriveDigits(12, "caller", c.id)),
				"inProgressValidationBatches": resource.NewNumberProperty(0),
				"lastModifiedTime":            resource.NewStringProperty(fixedTimeRFC3339),
				"trustedKeyGroups":            trustedKeyGroups(c),
				"trustedSigners": resource.NewArrayProperty([]resource.PropertyValue{resource.NewObjectProperty(
					resource.PropertyMap{"enabled": resource.NewBoolProperty(false), "items": resource.NewArrayProperty(nil)},
				)}),
			}
		},
		refreshOnUpdate: []string{"etag", "trustedKeyGroups"},
	})

	register("aws:cloudfront/originAccessControl:OriginAccessControl", &typeSpec{
		autoname: &autonameRule{property: "name", maxLength: 64},
		required: []string{"originAccessControlOriginType", "signingBehavior", "signingProtocol"},
		id:       cloudFrontID("E"),
		computed: func(c *resourceContext) resource.PropertyMap {
			return resource.PropertyMap{"etag": resource.NewStringProperty(cloudFrontETag(c))}
		},
		refreshOnUpdate: []string{"etag"},
	})

	register("aws:cloudfront/responseHeadersPolicy:ResponseHeadersPolicy", &typeSpec{
		autoname: &autonameRule{property: "name", maxLength: 128},
		id: func(c *resourceContext) (string, error) {
			return deriveUUID(c.seed()...), nil
		},
		computed: func(c *resourceContext) resource.PropertyMap {
			return resource.PropertyMap{"etag": resource.NewStringProperty(cloudFrontETag(c))}
		},
		refreshOnUpdate: []string{"etag"},
	})

	// A public key id starts with K, such as "K3D5EWEUDCCXON".
	register("aws:cloudfront/publicKey:PublicKey", &typeSpec{
		autoname: &autonameRule{property: "name", prefixProperty: "namePrefix", maxLength: 128},
		required: []string{"encodedKey"},
		id:       cloudFrontID("K"),
		computed: func(c *resourceContext) resource.PropertyMap {
			return resource.PropertyMap{
				"etag":            resource.NewStringProperty(cloudFrontETag(c)),
				"callerReference": resource.NewStringProperty("terraform-" + fixedTimestampDigits + deriveDigits(12, "caller", c.id)),
			}
		},
		refreshOnUpdate: []string{"etag"},
	})

	register("aws:cloudfront/keyGroup:KeyGroup", &typeSpec{
		autoname: &autonameRule{property: "name", maxLength: 128},
		required: []string{"items"},
		id: func(c *resourceContext) (string, error) {
			return deriveUUID(c.seed()...), nil
		},
		computed: func(c *resourceContext) resource.PropertyMap {
			return resource.PropertyMap{"etag": resource.NewStringProperty(cloudFrontETag(c))}
		},
		refreshOnUpdate: []string{"etag"},
	})

	// The delivery types take the names of their source and destination as ids.
	register("aws:cloudwatch/logDeliverySource:LogDeliverySource", &typeSpec{
		autoname: &autonameRule{property: "name", maxLength: 60},
		required: []string{"logType", "resourceArn"},
		taggable: true,
		id:       inputID("name"),
		computed: func(c *resourceContext) resource.PropertyMap {
			return resource.PropertyMap{
				"arn":     resource.NewStringProperty(c.regionalARN("logs", "delivery-source:"+c.id)),
				"service": resource.NewStringProperty(arnService(c.str("resourceArn"))),
			}
		},
	})

	register("aws:cloudwatch/logDeliveryDestination:LogDeliveryDestination", &typeSpec{
		autoname: &autonameRule{property: "name", maxLength: 60},
		required: []string{"deliveryDestinationConfiguration"},
		taggable: true,
		id:       inputID("name"),
		computed: func(c *resourceContext) resource.PropertyMap {
			return resource.PropertyMap{
				"arn":                     resource.NewStringProperty(c.regionalARN("logs", "delivery-destination:"+c.id)),
				"deliveryDestinationType": resource.NewStringProperty(deliveryDestinationType(c)),
			}
		},
		refreshOnUpdate: []string{"deliveryDestinationType"},
	})

	// A delivery's id is 16 letters and digits, such as "jsoGVi4Zq8VlYp9n".
	register("aws:cloudwatch/logDelivery:LogDelivery", &typeSpec{
		required: []string{"deliveryDestinationArn", "deliverySourceName"},
		taggable: true,
		id: func(c *resourceContext) (string, error) {
			return deriveMixedAlphanumeric(16, c.seed()...), nil
		},
		computed: func(c *resourceContext) resource.PropertyMap {
			return resource.PropertyMap{
				"arn":            resource.NewStringProperty(c.regionalARN("logs", "delivery:"+c.id)),
				"fieldDelimiter": resource.NewStringProperty(""),
				"recordFields":   resource.NewArrayProperty(nil),
				"s3DeliveryConfigurations": resource.NewArrayProperty([]resource.PropertyValue{resource.NewObjectProperty(
					resource.PropertyMap{
						"enableHiveCompatiblePath": resource.NewBoolProperty(false),
						"suffixPath":               resource.NewStringProperty(""),
					},
				)}),
			}
		},
	})
}

// cloudFrontID returns the id function of CloudFront resources: the prefix and 13 characters of
// [A-Z2-7], 14 characters in all, such as "E2QWRUHAPOMQZL".
func cloudFrontID(prefix string) func(c *resourceContext) (string, error) {
	return func(c *resourceContext) (string, error) {
		return prefix + deriveUpper(13, c.seed()...), nil
	}
}

// cloudFrontETag returns the version identifier that CloudFront issues after every change, derived from
// the id and the inputs.
func cloudFrontETag(c *resourceContext) string {
	encoded, err := json.Marshal(c.inputs.Mappable())
	if err != nil {
		encoded = []byte(fmt.Sprint(c.inputs))
	}
	return "E" + deriveUpper(13, "etag", c.id, string(encoded))
}

// trustedKeyGroups returns the key groups that the distribution's cache behaviors trust, with the key
// ids of each group unknown to the model, as CloudFront reports them.
func trustedKeyGroups(c *resourceContext) resource.PropertyValue {
	var groups []resource.PropertyValue
	seen := map[string]bool{}
	add := func(behavior resource.PropertyValue) {
		behavior, known := unwrap(behavior)
		if !known || !behavior.IsObject() {
			return
		}
		for _, id := range stringList(behavior.ObjectValue(), "trustedKeyGroups") {
			if !seen[id] {
				seen[id] = true
				groups = append(groups, resource.NewObjectProperty(resource.PropertyMap{
					"keyGroupId": resource.NewStringProperty(id),
					"keyPairIds": resource.NewArrayProperty(nil),
				}))
			}
		}
	}
	add(c.inputs["defaultCacheBehavior"])
	if ordered, known := unwrap(c.inputs["orderedCacheBehaviors"]); known && ordered.IsArray() {
		for _, behavior := range ordered.ArrayValue() {
			add(behavior)
		}
	}
	return resource.NewArrayProperty([]resource.PropertyValue{resource.NewObjectProperty(resource.PropertyMap{
		"enabled": resource.NewBoolProperty(len(groups) > 0),
		"items":   resource.NewArrayProperty(groups),
	})})
}

// arnService returns the service of an ARN, such as "cloudfront", or "" for a value that is not an ARN.
func arnService(arn string) string {
	parts := strings.SplitN(arn, ":", 4)
	if len(parts) < 4 || parts[0] != "arn" {
		return ""
	}
	return parts[2]
}

// deliveryDestinationType returns S3, CWL or FH for a destination ARN of S3, CloudWatch Logs or Firehose.
func deliveryDestinationType(c *resourceContext) string {
	config, known := unwrap(c.inputs["deliveryDestinationConfiguration"])
	if !known || !config.IsObject() {
		return ""
	}
	arn, _ := stringValue(config.ObjectValue(), "destinationResourceArn")
	switch arnService(arn) {
	case "s3":
		return "S3"
	case "logs":
		return "CWL"
	case "firehose":
		return "FH"
	default:
		return ""
	}
}

// deriveMixedAlphanumeric returns n characters of [A-Za-z0-9] derived from the parts.
func deriveMixedAlphanumeric(n int, parts ...string) string {
	const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
	hex := deriveHex(2*n, parts...)
	var b strings.Builder
	for i := range n {
		value := strings.IndexByte("0123456789abcdef", hex[2*i])*16 + strings.IndexByte("0123456789abcdef", hex[2*i+1])
		b.WriteByte(alphabet[value%len(alphabet)])
	}
	return b.String()
}
