package fakeaws

import (
	"fmt"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
)

func init() {
	// An IAM OIDC provider's id is its ARN, which ends in the issuer URL without its scheme, as in
	// arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com.
	// NOTE: AWS fills thumbprintLists when the input is absent, but the model leaves that output absent.
	register("aws:iam/openIdConnectProvider:OpenIdConnectProvider", &typeSpec{
		required: []string{"clientIdLists", "url"},
		taggable: true,
		id: func(c *resourceContext) (string, error) {
			url := c.str("url")
			if url == "" {
				return "", fmt.Errorf("missing required input %q", "url")
			}
			return c.globalARN("iam", "oidc-provider/"+strings.TrimPrefix(url, "https://")), nil
		},
		computed: func(c *resourceContext) resource.PropertyMap {
			return resource.PropertyMap{"arn": resource.NewStringProperty(c.id)}
		},
	})
}
