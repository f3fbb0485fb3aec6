package infra

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/apigateway"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// CORS for browsers. API Gateway responds to preflight requests itself. The functions add the CORS
// headers to their own responses, because a Lambda proxy integration passes them through unchanged.

// corsGatewayResponseTypes are the gateway responses that carry CORS headers. API Gateway sends every
// 4xx and 5xx response type without a response of its own, such as UNAUTHORIZED (401), ACCESS_DENIED
// (403) or REQUEST_TOO_LARGE (413), with the settings of DEFAULT_4XX or DEFAULT_5XX.
var corsGatewayResponseTypes = []string{"DEFAULT_4XX", "DEFAULT_5XX"}

// preflightRequestTemplate makes the mock integration of an OPTIONS method return 200.
const preflightRequestTemplate = `{"statusCode": 200}`

// createPreflights creates an OPTIONS method on every path with routes. It needs no authorization,
// because browsers send preflight requests without credentials, and a mock integration responds with
// the allowed origins, methods and headers, so no function runs.
func (b *restAPIBuild) createPreflights(ctx *pulumi.Context) error {
	if len(b.args.Cors.AllowedOrigins) == 0 {
		return nil
	}
	methodsByPath := preflightMethods(b.args.Routes)
	for _, path := range sortedPaths(methodsByPath) {
		preflightName := b.name + "-OPTIONS" + path
		response := preflightResponse(b.args.Cors, methodsByPath[path])

		method, err := apigateway.NewMethod(ctx, preflightName, &apigateway.MethodArgs{
			RestApi:        b.api.ID(),
			ResourceId:     b.resourceIDs[path],
			HttpMethod:     pulumi.String("OPTIONS"),
			Authorization:  pulumi.String("NONE"),
			ApiKeyRequired: pulumi.Bool(false),
		}, b.parent)
		if err != nil {
			return fmt.Errorf("creating the preflight method of %s: %w", path, err)
		}
		integration, err := apigateway.NewIntegration(ctx, preflightName+"-integration", &apigateway.IntegrationArgs{
			RestApi:          b.api.ID(),
			ResourceId:       b.resourceIDs[path],
			HttpMethod:       method.HttpMethod,
			Type:             pulumi.String("MOCK"),
			RequestTemplates: pulumi.StringMap{apiJSONContentType: pulumi.String(preflightRequestTemplate)},
		}, b.parent)
		if err != nil {
			return fmt.Errorf("creating the preflight integration of %s: %w", path, err)
		}
		methodResponse, err := apigateway.NewMethodResponse(ctx, preflightName+"-response-200", &apigateway.MethodResponseArgs{
			RestApi:            b.api.ID(),
			ResourceId:         b.resourceIDs[path],
			HttpMethod:         method.HttpMethod,
			StatusCode:         pulumi.String("200"),
			ResponseParameters: pulumi.ToBoolMap(response.methodParameters),
		}, b.parent)
		if err != nil {
			return fmt.Errorf("creating the preflight method response of %s: %w", path, err)
		}
		integrationArgs := &apigateway.IntegrationResponseArgs{
			RestApi:            b.api.ID(),
			ResourceId:         b.resourceIDs[path],
			HttpMethod:         method.HttpMethod,
			StatusCode:         methodResponse.StatusCode,
			ResponseParameters: pulumi.ToStringMap(response.integrationParameters),
		}
		if len(response.templates) > 0 {
			integrationArgs.ResponseTemplates = pulumi.ToStringMap(response.templates)
		}
		// API Gateway accepts an integration response only after the integration exists.
		integrationResponse, err := apigateway.NewIntegrationResponse(ctx, preflightName+"-integration-response-200",
			integrationArgs, b.parent, pulumi.DependsOn([]pulumi.Resource{integration}))
		if err != nil {
			return fmt.Errorf("creating the preflight integration response of %s: %w", path, err)
		}
		b.definition = append(b.definition, method, integration, methodResponse, integrationResponse)
	}
	return nil
}

// createGatewayResponses adds CORS headers to the responses API Gateway sends itself, such as 401
// without a valid token or 413 for a large body, so the browser shows the status instead of a CORS
// error. Gateway responses take static values only, so they name the primary origin, the first of
// Cors.AllowedOrigins. A page on another allowed origin gets a CORS error in place of such a response,
// but the functions' own responses carry its CORS headers.
func (b *restAPIBuild) createGatewayResponses(ctx *pulumi.Context) error {
	if len(b.args.Cors.AllowedOrigins) == 0 {
		return nil
	}
	for _, responseType := range corsGatewayResponseTypes {
		response, err := apigateway.NewResponse(ctx, b.name+"-"+responseType, &apigateway.ResponseArgs{
			RestApiId:          b.api.ID(),
			ResponseType:       pulumi.String(responseType),
			ResponseParameters: pulumi.ToStringMap(gatewayResponseParameters(b.args.Cors)),
		}, b.parent)
		if err != nil {
			return fmt.Errorf("creating gateway response %s of rest API %q: %w", responseType, b.name, err)
		}
		b.definition = append(b.definition, response)
	}
	return nil
}

// preflightMethods returns, for each path with routes, the methods a browser may send there: the
// routes' methods and OPTIONS, sorted.
func preflightMethods(routes []APIRoute) map[string][]string {
	methods := map[string][]string{}
	for _, route := range routes {
		methods[route.Path] = append(methods[route.Path], route.Method)
	}
	for path := range methods {
		methods[path] = append(methods[path], "OPTIONS")
		slices.Sort(methods[path])
	}
	return methods
}

// preflightSettings are the parts of the 200 response of an OPTIONS method.
type preflightSettings struct {
	// methodParameters are the headers the method response declares.
	methodParameters map[string]bool
	// integrationParameters map static values to those headers.
	integrationParameters map[string]string
	// templates are the mapping templates of the integration response, by content type.
	templates map[string]string
}

// preflightResponse returns the preflight response of a path with the given methods. With one allowed
// origin, Access-Control-Allow-Origin is that origin. With several, a mapping template echoes the
// request's Origin header when it is in the list and leaves Access-Control-Allow-Origin out otherwise,
// which the browser treats as a refusal. Vary: Origin keeps caches from serving one origin's response to
// another.
func preflightResponse(cors APICorsArgs, methods []string) preflightSettings {
	header := func(name string) string { return "method.response.header." + name }
	settings := preflightSettings{
		methodParameters: map[string]bool{
			header("Access-Control-Allow-Headers"): false,
			header("Access-Control-Allow-Methods"): false,
			header("Access-Control-Allow-Origin"):  false,
			header("Access-Control-Max-Age"):       false,
			header("Vary"):                         false,
		},
		integrationParameters: map[string]string{
			header("Access-Control-Allow-Headers"): apiStaticValue(strings.Join(cors.AllowedHeaders, ",")),
			header("Access-Control-Allow-Methods"): apiStaticValue(strings.Join(methods, ",")),
			header("Access-Control-Max-Age"):       apiStaticValue(strconv.Itoa(cors.MaxAgeSeconds)),
			header("Vary"):                         apiStaticValue("Origin"),
		},
	}
	if len(cors.AllowedOrigins) == 1 {
		settings.integrationParameters[header("Access-Control-Allow-Origin")] = apiStaticValue(cors.AllowedOrigins[0])
		return settings
	}
	settings.templates = map[string]string{apiJSONContentType: originEchoTemplate(cors.AllowedOrigins)}
	return settings
}

// originEchoTemplate returns the mapping template that sets Access-Control-Allow-Origin to the
// request's Origin header when it is one of origins, through $context.responseOverride.header, as the
// API Gateway guide "Override your API's request and response parameters" describes. HTTP/2 clients
// send the header in lowercase, so the template looks for both spellings. Validated origins contain no
// quotes, so they can stand in the template as they are.
func originEchoTemplate(origins []string) string {
	conditions := make([]string, len(origins))
	for i, origin := range origins {
		conditions[i] = `"$!origin" == "` + origin + `"`
	}
	return strings.Join([]string{
		`#set($origin = $input.params().header.get("Origin"))`,
		`#if("$!origin" == "")`,
		`#set($origin = $input.params().header.get("origin"))`,
		`#end`,
		`#if(` + strings.Join(conditions, " || ") + `)`,
		`#set($context.responseOverride.header.Access-Control-Allow-Origin = $origin)`,
		`#end`,
	}, "\n")
}

// gatewayResponseParameters returns the headers of the CORS gateway responses: the primary origin and
// Vary: Origin.
func gatewayResponseParameters(cors APICorsArgs) map[string]string {
	return map[string]string{
		"gatewayresponse.header.Access-Control-Allow-Origin": apiStaticValue(cors.AllowedOrigins[0]),
		"gatewayresponse.header.Vary":                        apiStaticValue("Origin"),
	}
}

// apiStaticValue quotes a value for a response parameter mapping, in which API Gateway reads a value in
// single quotes as a literal.
func apiStaticValue(value string) string {
	return "'" + value + "'"
}

// sortedPaths returns the paths of a map by path in ascending order.
func sortedPaths(m map[string][]string) []string {
	keys := make([]string, 0, len(m))
	for key := range m {
		keys = append(keys, key)
	}
	slices.Sort(keys)
	return keys
}
