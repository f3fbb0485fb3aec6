package fakeaws

import (
	"crypto/sha256"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
)

// The API Gateway REST API types, with the ids and computed outputs that the aws provider reports for
// them. Ids of child resources follow the provider's formats, such as "agm-<api>-<resource>-<method>" for
// a method. Ids that AWS generates are lowercase letters and digits derived from the seed.
func init() {
	register("aws:apigateway/restApi:RestApi", &typeSpec{
		autoname: &autonameRule{property: "name", maxLength: 255},
		taggable: true,
		id: func(c *resourceContext) (string, error) {
			return deriveLowerAlphanumeric(10, c.seed()...), nil
		},
		computed: func(c *resourceContext) resource.PropertyMap {
			return resource.PropertyMap{
				"arn":            resource.NewStringProperty(apiGatewayARN(c, "/restapis/"+c.id)),
				"createdDate":    resource.NewStringProperty(fixedTimeRFC3339),
				"executionArn":   resource.NewStringProperty(c.regionalARN("execute-api", c.id)),
				"rootResourceId": resource.NewStringProperty(rootResourceID(c.id)),
				"apiKeySource":   resource.NewStringProperty("HEADER"),
			}
		},
	})

	// A resource is one path part under its parent. The model stores no state, so it derives the path of
	// a resource only when the parent is the API's root resource, whose id it derives from the API id.
	register("aws:apigateway/resource:Resource", &typeSpec{
		required: []string{"parentId", "pathPart", "restApi"},
		id: func(c *resourceContext) (string, error) {
			return deriveLowerAlphanumeric(6, c.seed()...), nil
		},
		computed: func(c *resourceContext) resource.PropertyMap {
			outputs := resource.PropertyMap{}
			api, parent, part := c.str("restApi"), c.str("parentId"), c.str("pathPart")
			if api != "" && part != "" && parent == rootResourceID(api) {
				outputs["path"] = resource.NewStringProperty("/" + part)
			}
			return outputs
		},
	})

	register("aws:apigateway/method:Method", &typeSpec{
		required: []string{"authorization", "httpMethod", "resourceId", "restApi"},
		defaults: resource.PropertyMap{"apiKeyRequired": resource.NewBoolProperty(false)},
		id:       methodScopedID("agm", ""),
	})

	// AWS sets the cache namespace of an integration to its resource id and passes unmapped content
	// types through when the program sets neither.
	register("aws:apigateway/integration:Integration", &typeSpec{
		required: []string{"httpMethod", "resourceId", "restApi", "type"},
		defaults: resource.PropertyMap{
			"connectionType":      resource.NewStringProperty("INTERNET"),
			"timeoutMilliseconds": resource.NewNumberProperty(29000),
		},
		id: methodScopedID("agi", ""),
		computed: func(c *resourceContext) resource.PropertyMap {
			return resource.PropertyMap{
				"cacheNamespace":      resource.NewStringProperty(c.str("resourceId")),
				"passthroughBehavior": resource.NewStringProperty("WHEN_NO_MATCH"),
			}
		},
	})

	register("aws:apigateway/methodResponse:MethodResponse", &typeSpec{
		required: []string{"httpMethod", "resourceId", "restApi", "statusCode"},
		id:       methodScopedID("agmr", "statusCode"),
	})

	register("aws:apigateway/integrationResponse:IntegrationResponse", &typeSpec{
		required: []string{"httpMethod", "resourceId", "restApi", "statusCode"},
		id:       methodScopedID("agir", "statusCode"),
	})

	register("aws:apigateway/authorizer:Authorizer", &typeSpec{
		required: []string{"name", "restApi"},
		defaults: resource.PropertyMap{
			"type":                         resource.NewStringProperty("TOKEN"),
			"identitySource":               resource.NewStringProperty("method.request.header.Authorization"),
			"authorizerResultTtlInSeconds": resource.NewNumberProperty(300),
		},
		id: func(c *resourceContext) (string, error) {
			return deriveLowerAlphanumeric(6, c.seed()...), nil
		},
		computed: func(c *resourceContext) resource.PropertyMap {
			return resource.PropertyMap{
				"arn": resource.NewStringProperty(apiGatewayARN(c, "/restapis/"+c.str("restApi")+"/authorizers/"+c.id)),
			}
		},
	})

	register("aws:apigateway/requestValidator:RequestValidator", &typeSpec{
		required: []string{"name", "restApi"},
		defaults: resource.PropertyMap{
			"validateRequestBody":       resource.NewBoolProperty(false),
			"validateRequestParameters": resource.NewBoolProperty(false),
		},
		id: func(c *resourceContext) (string, error) {
			return deriveLowerAlphanumeric(6, c.seed()...), nil
		},
	})

	register("aws:apigateway/model:Model", &typeSpec{
		required: []string{"contentType", "name", "restApi"},
		id: func(c *resourceContext) (string, error) {
			return deriveLowerAlphanumeric(6, c.seed()...), nil
		},
	})

	// A gateway response's id is "aggr-<api>-<response type>".
	register("aws:apigateway/response:Response", &typeSpec{
		required: []string{"responseType", "restApiId"},
		id: func(c *resourceContext) (string, error) {
			return "aggr-" + c.str("restApiId") + "-" + c.str("responseType"), nil
		},
	})

	// A deployment's id depends on its triggers through the seed, so new triggers give a new deployment,
	// as in AWS. executionArn and invokeUrl are the deprecated outputs for stageName, which stay "" and
	// end in "/" without one.
	register("aws:apigateway/deployment:Deployment", &typeSpec{
		required: []string{"restApi"},
		id: func(c *resourceContext) (string, error) {
			return deriveLowerAlphanumeric(6, c.seed()...), nil
		},
		computed: func(c *resourceContext) resource.PropertyMap {
			api, stage := c.str("restApi"), c.str("stageName")
			return resource.PropertyMap{
				"createdDate":  resource.NewStringProperty(fixedTimeRFC3339),
				"executionArn": resource.NewStringProperty(c.regionalARN("execute-api", api+"/"+stage)),
				"invokeUrl":    resource.NewStringProperty(invokeURL(c, api, stage)),
			}
		},
	})

	// A stage's id is "ags-<api>-<stage name>". webAclArn is "" because a web ACL association is a
	// resource of its own, which the model does not link back to the stage.
	register("aws:apigateway/stage:Stage", &typeSpec{
		required: []string{"deployment", "restApi", "stageName"},
		taggable: true,
		id: func(c *resourceContext) (string, error) {
			return "ags-" + c.str("restApi") + "-" + c.str("stageName"), nil
		},
		computed: func(c *resourceContext) resource.PropertyMap {
			api, stage := c.str("restApi"), c.str("stageName")
			return resource.PropertyMap{
				"arn":          resource.NewStringProperty(apiGatewayARN(c, "/restapis/"+api+"/stages/"+stage)),
				"executionArn": resource.NewStringProperty(c.regionalARN("execute-api", api+"/"+stage)),
				"invokeUrl":    resource.NewStringProperty(invokeURL(c, api, stage)),
				"webAclArn":    resource.NewStringProperty(""),
			}
		},
	})

	// Method settings have the id "<api>-<stage name>-<method path>".
	register("aws:apigateway/methodSettings:MethodSettings", &typeSpec{
		required: []string{"methodPath", "restApi", "settings", "stageName"},
		id: func(c *resourceContext) (string, error) {
			return c.str("restApi") + "-" + c.str("stageName") + "-" + c.str("methodPath"), nil
		},
	})

	// A REST API policy's id is the id of its API.
	register("aws:apigateway/restApiPolicy:RestApiPolicy", &typeSpec{
		required: []string{"policy", "restApiId"},
		id:       inputID("restApiId"),
	})

	register("aws:apigateway/usagePlan:UsagePlan", &typeSpec{
		autoname: &autonameRule{property: "name", maxLength: 255},
		taggable: true,
		id: func(c *resourceContext) (string, error) {
			return deriveLowerAlphanumeric(6, c.seed()...), nil
		},
		computed: func(c *resourceContext) resource.PropertyMap {
			return resource.PropertyMap{"arn": resource.NewStringProperty(apiGatewayARN(c, "/usageplans/"+c.id))}
		},
	})

	// AWS generates the value of a key created without one: 40 letters and digits. The pulumi-aws SDK
	// marks the output as a secret.
	register("aws:apigateway/apiKey:ApiKey", &typeSpec{
		autoname: &autonameRule{property: "name", maxLength: 1024},
		defaults: resource.PropertyMap{
			"description": resource.NewStringProperty("Managed by Pulumi"),
			"enabled":     resource.NewBoolProperty(true),
		},
		taggable: true,
		id: func(c *resourceContext) (string, error) {
			return deriveLowerAlphanumeric(10, c.seed()...), nil
		},
		computed: func(c *resourceContext) resource.PropertyMap {
			return resource.PropertyMap{
				"arn":             resource.NewStringProperty(apiGatewayARN(c, "/apikeys/"+c.id)),
				"createdDate":     resource.NewStringProperty(fixedTimeRFC3339),
				"lastUpdatedDate": resource.NewStringProperty(fixedTimeRFC3339),
				"value":           resource.NewStringProperty(apiKeyValue(c.id)),
			}
		},
	})

	// A usage plan key's id is the id of its API key, and its value is the key's value. AWS also returns
	// the key's name, which the model cannot look up, so name stays absent.
	register("aws:apigateway/usagePlanKey:UsagePlanKey", &typeSpec{
		required: []string{"keyId", "keyType", "usagePlanId"},
		id:       inputID("keyId"),
		computed: func(c *resourceContext) resource.PropertyMap {
			return resource.PropertyMap{"value": resource.NewStringProperty(apiKeyValue(c.str("keyId")))}
		},
	})
}

// apiGatewayARN returns the ARN of an API Gateway resource, which has a region but no account id, such
// as "arn:aws:apigateway:us-east-1::/restapis/abc123".
func apiGatewayARN(c *resourceContext, path string) string {
	return "arn:" + c.model.Partition + ":apigateway:" + c.model.Region + "::" + path
}

// invokeURL returns the default endpoint of a stage, "https://<api>.execute-api.<region>.<dns suffix>/<stage>".
func invokeURL(c *resourceContext, api, stage string) string {
	return "https://" + api + ".execute-api." + c.model.Region + "." + dnsSuffix(c.model.Partition) + "/" + stage
}

// rootResourceID returns the id of the root resource "/" of the API with the given id.
func rootResourceID(api string) string {
	return deriveLowerAlphanumeric(10, "root", api)
}

// methodScopedID returns the id function of a type that belongs to one method of one resource:
// "<prefix>-<api>-<resource>-<method>", followed by "-<value of suffixKey>" when suffixKey is set.
func methodScopedID(prefix, suffixKey string) func(c *resourceContext) (string, error) {
	return func(c *resourceContext) (string, error) {
		parts := []string{prefix, c.str("restApi"), c.str("resourceId"), c.str("httpMethod")}
		if suffixKey != "" {
			parts = append(parts, c.str(suffixKey))
		}
		return strings.Join(parts, "-"), nil
	}
}

// apiKeyValue returns 40 letters and digits derived from the id of an API key.
func apiKeyValue(keyID string) string {
	const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
	sum := sha256.Sum256([]byte("apikey-value\x00" + keyID))
	var b strings.Builder
	for i := 0; b.Len() < 40; i++ {
		if i == len(sum) {
			sum = sha256.Sum256(sum[:])
			i = 0
		}
		b.WriteByte(alphabet[int(sum[i])%len(alphabet)])
	}
	return b.String()
}
