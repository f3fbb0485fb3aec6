package fakeaws

import (
	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
)

// The Secrets Manager types, with the ids and computed outputs that AWS gives them.
func init() {
	// A secret's id is its ARN, which ends in the name, a hyphen and 6 random characters, such as
	// "arn:aws:secretsmanager:eu-west-1:123456789012:secret:app-origin-verify-a1B2c3".
	register("aws:secretsmanager/secret:Secret", &typeSpec{
		autoname: &autonameRule{property: "name", prefixProperty: "namePrefix", maxLength: 512},
		defaults: resource.PropertyMap{
			"forceOverwriteReplicaSecret": resource.NewBoolProperty(false),
			"recoveryWindowInDays":        resource.NewNumberProperty(30),
		},
		taggable: true,
		id: func(c *resourceContext) (string, error) {
			name, err := nameOrGeneratedID(c)
			if err != nil {
				return "", err
			}
			return c.regionalARN("secretsmanager", "secret:"+name+"-"+deriveMixedAlphanumeric(6, c.seed()...)), nil
		},
		computed: func(c *resourceContext) resource.PropertyMap {
			name, _ := nameOrGeneratedID(c)
			return resource.PropertyMap{
				"arn":      resource.NewStringProperty(c.id),
				"name":     resource.NewStringProperty(name),
				"replicas": resource.NewArrayProperty(nil),
			}
		},
	})

	// A rotation's id is the ARN of its secret.
	register("aws:secretsmanager/secretRotation:SecretRotation", &typeSpec{
		required: []string{"rotationRules", "secretId"},
		defaults: resource.PropertyMap{"rotateImmediately": resource.NewBoolProperty(true)},
		id:       inputID("secretId"),
		computed: func(*resourceContext) resource.PropertyMap {
			return resource.PropertyMap{"rotationEnabled": resource.NewBoolProperty(true)}
		},
	})
}
