package infra

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"sort"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/apigateway"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/cloudwatch"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// apiAccessLogFormat is the JSON line API Gateway writes to the access log for each request. It records
// the caller (source IP, user pool subject, API key), the request (method, resource path, protocol)
// and the outcome (status, response length). It also records the latencies in ms and the errors of
// WAF, the authorizer and the integration. Each $context variable becomes the string of its value, or
// "-" when it has none.
var apiAccessLogFormat = encodeAccessLogFormat(map[string]string{
	"requestId":          "$context.requestId",
	"extendedRequestId":  "$context.extendedRequestId",
	"requestTime":        "$context.requestTime",
	"ip":                 "$context.identity.sourceIp",
	"userAgent":          "$context.identity.userAgent",
	"caller":             "$context.identity.caller",
	"user":               "$context.authorizer.claims.sub",
	"apiKeyId":           "$context.identity.apiKeyId",
	"httpMethod":         "$context.httpMethod",
	"resourcePath":       "$context.resourcePath",
	"protocol":           "$context.protocol",
	"status":             "$context.status",
	"responseLength":     "$context.responseLength",
	"responseLatency":    "$context.responseLatency",
	"integrationLatency": "$context.integrationLatency",
	"wafError":           "$context.waf.error",
	"wafStatus":          "$context.waf.status",
	"authorizerError":    "$context.authorizer.error",
	"integrationError":   "$context.integration.error",
})

// createStage creates the access log group, the deployment, the stage that serves it and the stage's
// method settings, and sets them on the component.
func (b *restAPIBuild) createStage(ctx *pulumi.Context, component *RestAPI, triggers pulumi.StringOutput,
) (*apigateway.Stage, error) {
	logGroup, err := cloudwatch.NewLogGroup(ctx, b.name+"-access-logs", &cloudwatch.LogGroupArgs{
		Name:            pulumi.String("/aws/apigateway/" + b.args.NamePrefix + "-access"),
		RetentionInDays: pulumi.Int(b.args.LogRetentionDays),
		KmsKeyId:        b.args.LogsKeyArn,
	}, b.parent)
	if err != nil {
		return nil, fmt.Errorf("creating the access log group of rest API %q: %w", b.name, err)
	}
	component.AccessLogGroup = logGroup

	// A deployment is a snapshot of the API's definition, which AWS takes when it creates the
	// deployment, so it waits for every resource of the definition. A changed trigger replaces it, and
	// Pulumi creates the replacement before it deletes the old deployment (the default), because AWS
	// refuses to delete a deployment that a stage still serves. The stage moves to the new deployment
	// in between.
	//
	// NOTE: Pulumi deletes the method of a removed route only after the new deployment exists, so that
	// deployment still contains the route. The route's Lambda permission is gone by then, so calls to it
	// get 500 until the next change of the API deploys again.
	deployment, err := apigateway.NewDeployment(ctx, b.name+"-deployment", &apigateway.DeploymentArgs{
		RestApi:     b.api.ID(),
		Description: pulumi.Sprintf("Deployment of %s-api.", b.args.NamePrefix),
		Triggers:    pulumi.StringMap{"redeployment": triggers},
	}, b.parent, pulumi.DependsOn(b.definition))
	if err != nil {
		return nil, fmt.Errorf("creating the deployment of rest API %q: %w", b.name, err)
	}
	component.Deployment = deployment

	stage, err := apigateway.NewStage(ctx, b.name+"-stage", &apigateway.StageArgs{
		RestApi:     b.api.ID(),
		StageName:   pulumi.String(b.args.StageName),
		Deployment:  deployment.ID(),
		Description: pulumi.Sprintf("Stage %s of %s-api.", b.args.StageName, b.args.NamePrefix),
		AccessLogSettings: &apigateway.StageAccessLogSettingsArgs{
			DestinationArn: logGroup.Arn,
			Format:         pulumi.String(apiAccessLogFormat),
		},
		XrayTracingEnabled:  pulumi.Bool(true),
		CacheClusterEnabled: pulumi.Bool(false),
	}, b.parent)
	if err != nil {
		return nil, fmt.Errorf("creating stage %s of rest API %q: %w", b.args.StageName, b.name, err)
	}
	component.Stage = stage

	// API Gateway writes the execution logs of the stage to this group. It would create the group itself,
	// without retention or encryption, if the group did not exist before the first log entry.
	executionLogs, err := cloudwatch.NewLogGroup(ctx, b.name+"-execution-logs", &cloudwatch.LogGroupArgs{
		Name:            pulumi.Sprintf("API-Gateway-Execution-Logs_%s/%s", b.api.ID(), b.args.StageName),
		RetentionInDays: pulumi.Int(b.args.LogRetentionDays),
		KmsKeyId:        b.args.LogsKeyArn,
	}, b.parent)
	if err != nil {
		return nil, fmt.Errorf("creating the execution log group of rest API %q: %w", b.name, err)
	}
	component.ExecutionLogGroup = executionLogs

	// The settings of "*/*" apply to every method of the stage.
	_, err = apigateway.NewMethodSettings(ctx, b.name+"-method-settings", &apigateway.MethodSettingsArgs{
		RestApi:    b.api.ID(),
		StageName:  stage.StageName,
		MethodPath: pulumi.String("*/*"),
		Settings: &apigateway.MethodSettingsSettingsArgs{
			MetricsEnabled:       pulumi.Bool(true),
			LoggingLevel:         pulumi.String("ERROR"),
			DataTraceEnabled:     pulumi.Bool(b.args.DataTrace),
			ThrottlingRateLimit:  pulumi.Float64(b.args.ThrottleRateLimit),
			ThrottlingBurstLimit: pulumi.Int(b.args.ThrottleBurstLimit),
			CachingEnabled:       pulumi.Bool(false),
		},
	}, b.parent, pulumi.DependsOn([]pulumi.Resource{executionLogs}))
	if err != nil {
		return nil, fmt.Errorf("creating the method settings of rest API %q: %w", b.name, err)
	}
	return stage, nil
}

// deploymentTriggers returns the "redeployment" trigger of the deployment: the hash of the API's
// definition (see deploymentTrigger) once the user pool ARN, the policy and the functions' invoke ARNs
// are known.
func deploymentTriggers(args RestAPIArgs, userPoolArn, policy pulumi.StringOutput, invokeArns []pulumi.StringOutput,
) pulumi.StringOutput {
	inputs := []any{userPoolArn, policy}
	for _, arn := range invokeArns {
		inputs = append(inputs, arn)
	}
	return pulumi.All(inputs...).ApplyT(func(values []any) (string, error) {
		arns := make([]string, len(invokeArns))
		for i := range arns {
			arns[i] = values[2+i].(string)
		}
		return deploymentTrigger(args, values[0].(string), values[1].(string), arns)
	}).(pulumi.StringOutput)
}

// deploymentDefinition is the canonical form of what a deployment snapshots: every method with its
// integration and responses, the authorizer, the gateway responses, the models, the validators and the
// resource policy. It is built from the same functions that set the resources' arguments.
type deploymentDefinition struct {
	EndpointType     string                       `json:"endpointType"`
	VpcEndpointIds   []string                     `json:"vpcEndpointIds"`
	Policy           string                       `json:"policy"`
	Authorizer       deploymentAuthorizer         `json:"authorizer"`
	Methods          []deploymentMethod           `json:"methods"`
	Models           map[string]string            `json:"models"`
	Validators       map[string][2]bool           `json:"validators"`
	GatewayResponses map[string]map[string]string `json:"gatewayResponses"`
}

// deploymentAuthorizer is the authorizer in a deploymentDefinition.
type deploymentAuthorizer struct {
	Type           string   `json:"type"`
	IdentitySource string   `json:"identitySource"`
	ProviderArns   []string `json:"providerArns"`
}

// deploymentMethod is one method, its integration and its responses in a deploymentDefinition.
type deploymentMethod struct {
	Path              string            `json:"path"`
	HTTPMethod        string            `json:"httpMethod"`
	Authorization     string            `json:"authorization"`
	Scopes            []string          `json:"scopes"`
	APIKeyRequired    bool              `json:"apiKeyRequired"`
	RequestParameters map[string]bool   `json:"requestParameters"`
	RequestModels     map[string]string `json:"requestModels"`
	Validator         string            `json:"validator"`
	IntegrationType   string            `json:"integrationType"`
	IntegrationMethod string            `json:"integrationMethod"`
	IntegrationURI    string            `json:"integrationUri"`
	RequestTemplates  map[string]string `json:"requestTemplates"`
	// Response is the 200 response of a preflight method.
	Response *deploymentResponse `json:"response,omitempty"`
}

// deploymentResponse is the method and integration response of a preflight method.
type deploymentResponse struct {
	MethodParameters      map[string]bool   `json:"methodParameters"`
	IntegrationParameters map[string]string `json:"integrationParameters"`
	Templates             map[string]string `json:"templates"`
}

// deploymentTrigger returns the SHA-256, in hex, of the canonical JSON of the API's definition.
// invokeArns are the invoke ARNs of the routes' functions, in the order of args.Routes. The same
// arguments always give the same hash, and a change to any method, integration, function, authorizer,
// gateway response, model, validator or policy gives another.
func deploymentTrigger(args RestAPIArgs, userPoolArn, policy string, invokeArns []string) (string, error) {
	if len(invokeArns) != len(args.Routes) {
		return "", fmt.Errorf("deployment trigger: %d invoke ARNs for %d routes", len(invokeArns), len(args.Routes))
	}
	definition := deploymentDefinition{
		EndpointType:   args.EndpointType,
		VpcEndpointIds: args.VpcEndpointIds,
		Policy:         policy,
		Authorizer: deploymentAuthorizer{
			Type: apiAuthorizerType, IdentitySource: apiIdentitySource, ProviderArns: []string{userPoolArn},
		},
		Models:           map[string]string{},
		Validators:       map[string][2]bool{},
		GatewayResponses: map[string]map[string]string{},
	}

	for i, route := range args.Routes {
		method := deploymentMethod{
			Path:              route.Path,
			HTTPMethod:        route.Method,
			Authorization:     apiAuthorizerType,
			Scopes:            route.Scopes,
			APIKeyRequired:    route.APIKeyRequired,
			RequestParameters: routeRequestParameters(route),
			Validator:         routeValidator(route),
			IntegrationType:   apiIntegrationType,
			IntegrationMethod: apiIntegrationHTTPMethod,
			IntegrationURI:    invokeArns[i],
		}
		if route.RequestModel != "" {
			method.RequestModels = map[string]string{apiJSONContentType: route.modelName()}
			definition.Models[route.modelName()] = route.RequestModel
		}
		if method.Validator != "" {
			settings := requestValidators[method.Validator]
			definition.Validators[method.Validator] = [2]bool{settings.body, settings.parameters}
		}
		definition.Methods = append(definition.Methods, method)
	}

	if len(args.Cors.AllowedOrigins) > 0 {
		for path, methods := range preflightMethods(args.Routes) {
			response := preflightResponse(args.Cors, methods)
			definition.Methods = append(definition.Methods, deploymentMethod{
				Path:             path,
				HTTPMethod:       "OPTIONS",
				Authorization:    "NONE",
				IntegrationType:  "MOCK",
				RequestTemplates: map[string]string{apiJSONContentType: preflightRequestTemplate},
				Response: &deploymentResponse{
					MethodParameters:      response.methodParameters,
					IntegrationParameters: response.integrationParameters,
					Templates:             response.templates,
				},
			})
		}
		for _, responseType := range corsGatewayResponseTypes {
			definition.GatewayResponses[responseType] = gatewayResponseParameters(args.Cors)
		}
	}

	// The order of the routes does not change the API, so it does not change the hash.
	sort.Slice(definition.Methods, func(i, j int) bool {
		a, b := definition.Methods[i], definition.Methods[j]
		if a.Path != b.Path {
			return a.Path < b.Path
		}
		return a.HTTPMethod < b.HTTPMethod
	})
	// encoding/json writes map keys in sorted order, so the encoding is canonical.
	encoded, err := json.Marshal(definition)
	if err != nil {
		return "", fmt.Errorf("deployment trigger: encoding the API definition: %w", err)
	}
	sum := sha256.Sum256(encoded)
	return hex.EncodeToString(sum[:]), nil
}

// encodeAccessLogFormat returns the fields as one JSON object. A map of strings always encodes.
func encodeAccessLogFormat(fields map[string]string) string {
	encoded, err := json.Marshal(fields)
	if err != nil {
		panic(fmt.Sprintf("infra: encoding the access log format: %v", err))
	}
	return string(encoded)
}
