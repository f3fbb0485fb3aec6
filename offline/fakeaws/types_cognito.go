package fakeaws

import (
	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
)

// The Cognito types besides the user pool, with the ids and computed outputs that AWS gives them.
func init() {
	// A client id is 26 lowercase letters and digits.
	register("aws:cognito/userPoolClient:UserPoolClient", &typeSpec{
		required: []string{"name", "userPoolId"},
		id: func(c *resourceContext) (string, error) {
			return deriveLowerAlphanumeric(26, c.seed()...), nil
		},
		computed: func(*resourceContext) resource.PropertyMap {
			return resource.PropertyMap{"clientSecret": resource.NewStringProperty("")}
		},
	})

	// A group's id is "<user pool id>/<group name>".
	register("aws:cognito/userGroup:UserGroup", &typeSpec{
		required: []string{"name", "userPoolId"},
		id: func(c *resourceContext) (string, error) {
			return c.str("userPoolId") + "/" + c.str("name"), nil
		},
	})

	// A resource server's id is "<user pool id>|<identifier>", and each scope is known as
	// "<identifier>/<scope name>".
	register("aws:cognito/resourceServer:ResourceServer", &typeSpec{
		required: []string{"identifier", "name", "userPoolId"},
		id: func(c *resourceContext) (string, error) {
			return c.str("userPoolId") + "|" + c.str("identifier"), nil
		},
		computed: func(c *resourceContext) resource.PropertyMap {
			identifier := c.str("identifier")
			var identifiers []resource.PropertyValue
			if scopes, ok := c.inputs["scopes"]; ok && scopes.IsArray() {
				for _, scope := range scopes.ArrayValue() {
					if !scope.IsObject() {
						continue
					}
					if name, ok := scope.ObjectValue()["scopeName"]; ok && name.IsString() {
						identifiers = append(identifiers, resource.NewStringProperty(identifier+"/"+name.StringValue()))
					}
				}
			}
			return resource.PropertyMap{"scopeIdentifiers": resource.NewArrayProperty(identifiers)}
		},
	})

	// A domain's id is the domain prefix. AWS serves the hosted UI from a CloudFront distribution.
	register("aws:cognito/userPoolDomain:UserPoolDomain", &typeSpec{
		required: []string{"domain", "userPoolId"},
		id:       inputID("domain"),
		computed: func(c *resourceContext) resource.PropertyMap {
			return resource.PropertyMap{
				"awsAccountId":           resource.NewStringProperty(c.model.AccountID),
				"cloudfrontDistribution": resource.NewStringProperty(deriveLowerAlphanumeric(14, "cloudfront", c.id) + ".cloudfront.net"),
			}
		},
	})
}
