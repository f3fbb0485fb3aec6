package fakeaws

import (
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
)

// The types in this file have their autonaming, id and main ARN modeled, but not their other computed
// outputs, which stay absent.
func init() {
	register("aws:sqs/queue:Queue", &typeSpec{
		autoname: &autonameRule{property: "name", prefixProperty: "namePrefix", maxLength: 80, fifoSuffix: true},
		taggable: true,
		// The id of a queue is its URL.
		id: func(c *resourceContext) (string, error) {
			name, err := nameOrGeneratedID(c)
			if err != nil {
				return "", err
			}
			return "https://sqs." + c.model.Region + "." + dnsSuffix(c.model.Partition) + "/" + c.model.AccountID + "/" + name, nil
		},
		computed: func(c *resourceContext) resource.PropertyMap {
			name := c.id[strings.LastIndex(c.id, "/")+1:]
			return resource.PropertyMap{
				"name": resource.NewStringProperty(name),
				"arn":  resource.NewStringProperty(c.regionalARN("sqs", name)),
				"url":  resource.NewStringProperty(c.id),
			}
		},
	})

	register("aws:sns/topic:Topic", &typeSpec{
		autoname: &autonameRule{property: "name", prefixProperty: "namePrefix", maxLength: 256, fifoSuffix: true},
		taggable: true,
		// The id of a topic is its ARN.
		id: func(c *resourceContext) (string, error) {
			name, err := nameOrGeneratedID(c)
			if err != nil {
				return "", err
			}
			return c.regionalARN("sns", name), nil
		},
		computed: func(c *resourceContext) resource.PropertyMap {
			return resource.PropertyMap{
				"name":  resource.NewStringProperty(c.id[strings.LastIndex(c.id, ":")+1:]),
				"arn":   resource.NewStringProperty(c.id),
				"owner": resource.NewStringProperty(c.model.AccountID),
			}
		},
	})

	register("aws:dynamodb/table:Table", &typeSpec{
		autoname: &autonameRule{property: "name", maxLength: 255},
		taggable: true,
		id:       inputID("name"),
		computed: func(c *resourceContext) resource.PropertyMap {
			return resource.PropertyMap{"arn": resource.NewStringProperty(c.regionalARN("dynamodb", "table/"+c.id))}
		},
	})

	register("aws:cognito/userPool:UserPool", &typeSpec{
		autoname: &autonameRule{property: "name", maxLength: 128},
		taggable: true,
		id: func(c *resourceContext) (string, error) {
			return c.model.Region + "_" + deriveUpper(9, c.seed()...), nil
		},
		computed: func(c *resourceContext) resource.PropertyMap {
			return resource.PropertyMap{
				"arn":      resource.NewStringProperty(c.regionalARN("cognito-idp", "userpool/"+c.id)),
				"endpoint": resource.NewStringProperty("cognito-idp." + c.model.Region + "." + dnsSuffix(c.model.Partition) + "/" + c.id),
			}
		},
	})
}

// deriveLowerAlphanumeric returns n characters of [a-z2-7] derived from the parts. They fit the alphabet of
// API Gateway ids, [a-z0-9].
func deriveLowerAlphanumeric(n int, parts ...string) string {
	return strings.ToLower(deriveUpper(n, parts...))
}
