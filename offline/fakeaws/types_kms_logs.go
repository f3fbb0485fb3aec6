package fakeaws

import (
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
)

func init() {
	register("aws:kms/key:Key", &typeSpec{
		defaults: resource.PropertyMap{
			"bypassPolicyLockoutSafetyCheck": resource.NewBoolProperty(false),
			"customerMasterKeySpec":          resource.NewStringProperty("SYMMETRIC_DEFAULT"),
			"enableKeyRotation":              resource.NewBoolProperty(false),
			"isEnabled":                      resource.NewBoolProperty(true),
			"keyUsage":                       resource.NewStringProperty("ENCRYPT_DECRYPT"),
		},
		taggable: true,
		id: func(c *resourceContext) (string, error) {
			return deriveUUID(c.seed()...), nil
		},
		computed: func(c *resourceContext) resource.PropertyMap {
			rotationDays := 0.0
			if enabled, _ := boolValue(c.inputs, "enableKeyRotation"); enabled {
				rotationDays = 365
			}
			return resource.PropertyMap{
				"arn":                  resource.NewStringProperty(c.regionalARN("kms", "key/"+c.id)),
				"keyId":                resource.NewStringProperty(c.id),
				"multiRegion":          resource.NewBoolProperty(false),
				"policy":               resource.NewStringProperty(defaultKeyPolicy(c)),
				"rotationPeriodInDays": resource.NewNumberProperty(rotationDays),
			}
		},
		refreshOnUpdate: []string{"rotationPeriodInDays"},
	})

	register("aws:kms/alias:Alias", &typeSpec{
		required: []string{"targetKeyId"},
		id: func(c *resourceContext) (string, error) {
			if name := c.str("name"); name != "" {
				return name, nil
			}
			return generatedName(valueOr(c.str("namePrefix"), "alias/terraform-"), c.seed()...), nil
		},
		computed: func(c *resourceContext) resource.PropertyMap {
			targetKeyARN := unknown()
			if !c.unknownInput("targetKeyId") {
				targetKeyARN = resource.NewStringProperty(keyARN(c, c.str("targetKeyId")))
			}
			return resource.PropertyMap{
				"name":         resource.NewStringProperty(c.id),
				"arn":          resource.NewStringProperty(c.regionalARN("kms", c.id)),
				"targetKeyArn": targetKeyARN,
			}
		},
		refreshOnUpdate: []string{"targetKeyArn"},
	})

	register("aws:cloudwatch/logGroup:LogGroup", &typeSpec{
		autoname: &autonameRule{property: "name", prefixProperty: "namePrefix", maxLength: 512},
		defaults: resource.PropertyMap{
			"retentionInDays": resource.NewNumberProperty(0),
			"skipDestroy":     resource.NewBoolProperty(false),
		},
		taggable: true,
		id:       nameOrGeneratedID,
		computed: func(c *resourceContext) resource.PropertyMap {
			// The provider returns the ARN without the ":*" suffix that the CloudWatch Logs API adds.
			return resource.PropertyMap{
				"name":          resource.NewStringProperty(c.id),
				"arn":           resource.NewStringProperty(c.regionalARN("logs", "log-group:"+c.id)),
				"logGroupClass": resource.NewStringProperty("STANDARD"),
			}
		},
	})
}

// keyARN returns the ARN of a KMS key given by id, alias name or ARN, as AWS resolves targetKeyId.
func keyARN(c *resourceContext, key string) string {
	switch {
	case strings.HasPrefix(key, "arn:"):
		return key
	case strings.HasPrefix(key, "alias/"):
		return c.regionalARN("kms", key)
	default:
		return c.regionalARN("kms", "key/"+key)
	}
}

// defaultKeyPolicy returns the key policy AWS attaches to a key created without one: the account root may
// use the key, which delegates access to IAM policies.
func defaultKeyPolicy(c *resourceContext) string {
	policy := map[string]any{
		"Version": "2012-10-17",
		"Id":      "key-default-1",
		"Statement": []map[string]any{{
			"Sid":       "Enable IAM User Permissions",
			"Effect":    "Allow",
			"Principal": map[string]string{"AWS": c.globalARN("iam", "root")},
			"Action":    "kms:*",
			"Resource":  "*",
		}},
	}
	return mustJSON(policy)
}
