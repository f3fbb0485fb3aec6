package fakeaws

import (
	"fmt"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
)

func init() {
	register("aws:iam/role:Role", &typeSpec{
		autoname: &autonameRule{property: "name", prefixProperty: "namePrefix", maxLength: 64},
		required: []string{"assumeRolePolicy"},
		defaults: resource.PropertyMap{
			"path":                resource.NewStringProperty("/"),
			"maxSessionDuration":  resource.NewNumberProperty(3600),
			"forceDetachPolicies": resource.NewBoolProperty(false),
		},
		taggable: true,
		id:       nameOrGeneratedID,
		computed: func(c *resourceContext) resource.PropertyMap {
			return resource.PropertyMap{
				"name":     resource.NewStringProperty(c.id),
				"arn":      resource.NewStringProperty(c.globalARN("iam", "role"+iamPath(c)+c.id)),
				"uniqueId": resource.NewStringProperty("AROA" + deriveUpper(17, c.seed()...)),
				// AWS returns this time of creation.
				"createDate": resource.NewStringProperty(fixedTimeRFC3339),
			}
		},
	})

	register("aws:iam/rolePolicy:RolePolicy", &typeSpec{
		autoname: &autonameRule{property: "name", prefixProperty: "namePrefix", maxLength: 128},
		required: []string{"policy", "role"},
		id: func(c *resourceContext) (string, error) {
			role := c.str("role")
			if role == "" {
				return "", fmt.Errorf("missing required input %q", "role")
			}
			name, err := nameOrGeneratedID(c)
			if err != nil {
				return "", err
			}
			return role + ":" + name, nil
		},
		computed: func(c *resourceContext) resource.PropertyMap {
			_, name, _ := strings.Cut(c.id, ":")
			return resource.PropertyMap{"name": resource.NewStringProperty(name)}
		},
	})

	register("aws:iam/policy:Policy", &typeSpec{
		autoname: &autonameRule{property: "name", prefixProperty: "namePrefix", maxLength: 128},
		required: []string{"policy"},
		defaults: resource.PropertyMap{"path": resource.NewStringProperty("/")},
		taggable: true,
		// The id of a managed policy is its ARN.
		id: func(c *resourceContext) (string, error) {
			name, err := nameOrGeneratedID(c)
			if err != nil {
				return "", err
			}
			return c.globalARN("iam", "policy"+iamPath(c)+name), nil
		},
		computed: func(c *resourceContext) resource.PropertyMap {
			name := c.id[strings.LastIndex(c.id, "/")+1:]
			return resource.PropertyMap{
				"name":            resource.NewStringProperty(name),
				"arn":             resource.NewStringProperty(c.id),
				"policyId":        resource.NewStringProperty("ANPA" + deriveUpper(17, c.seed()...)),
				"attachmentCount": resource.NewNumberProperty(0),
			}
		},
	})

	register("aws:iam/rolePolicyAttachment:RolePolicyAttachment", &typeSpec{
		required: []string{"policyArn", "role"},
		id: func(c *resourceContext) (string, error) {
			role := c.str("role")
			if role == "" {
				return "", fmt.Errorf("missing required input %q", "role")
			}
			return generatedName(role+"-", c.seed()...), nil
		},
	})
}

// nameOrGeneratedID returns the name input, or a name AWS generates from namePrefix ("terraform-" when
// that is absent too).
func nameOrGeneratedID(c *resourceContext) (string, error) {
	if name := c.str("name"); name != "" {
		return name, nil
	}
	return generatedName(valueOr(c.str("namePrefix"), "terraform-"), c.seed()...), nil
}

// iamPath returns the path input with its slashes, "/" by default.
func iamPath(c *resourceContext) string {
	return valueOr(c.str("path"), "/")
}
