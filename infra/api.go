package infra

import (
	"fmt"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/apigateway"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/cloudwatch"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/lambda"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// RestAPIType is the type token of the REST API component.
const RestAPIType = "secureserverless:api:RestApi"

// Settings of the Cognito authorizer and the Lambda proxy integrations.
const (
	// apiAuthorizerType validates the token of a Cognito user pool: its signature, expiry and, for
	// routes with Scopes, the scopes of an access token.
	apiAuthorizerType = "COGNITO_USER_POOLS"
	// apiIdentitySource is where the authorizer finds the token. API Gateway returns 401 without it.
	apiIdentitySource = "method.request.header.Authorization"
	// apiIntegrationType passes the whole request to the function and returns its response unchanged.
	apiIntegrationType = "AWS_PROXY"
	// apiIntegrationHTTPMethod is the method of Lambda's Invoke API, which proxy integrations call.
	apiIntegrationHTTPMethod = "POST"
	// apiJSONContentType is the content type of request models and mapping templates.
	apiJSONContentType = "application/json"
)

// RestAPI is a REST API in API Gateway whose routes call Lambda functions behind a Cognito user pools
// authorizer, with CORS preflight responses, request validation, a logged and throttled stage, and usage
// plans with API keys for machine clients.
//
// NOTE: access logging and execution logging need the account-level CloudWatch role of API Gateway
// (apigateway.Account), which exists once per account and region. The baseline stack manages it;
// without it, creating the stage fails with "CloudWatch Logs role ARN must be set in account settings".
type RestAPI struct {
	pulumi.ResourceState

	Api        *apigateway.RestApi
	Authorizer *apigateway.Authorizer
	Deployment *apigateway.Deployment
	// Stage is the stage that serves the deployment. A WAF web ACL association names its ARN, which
	// makes the association wait for the stage.
	Stage          *apigateway.Stage
	AccessLogGroup *cloudwatch.LogGroup
	// ExecutionLogGroup is the group API Gateway writes the stage's execution logs to.
	ExecutionLogGroup *cloudwatch.LogGroup
	// Policy is the resource policy of a private API, or nil for a regional one.
	Policy *apigateway.RestApiPolicy

	RestApiId    pulumi.StringOutput `pulumi:"restApiId"`
	ExecutionArn pulumi.StringOutput `pulumi:"executionArn"`
	StageName    pulumi.StringOutput `pulumi:"stageName"`
	// StageArn is "arn:<partition>:apigateway:<region>::/restapis/<api id>/stages/<stage>", the
	// resourceArn of a WAF web ACL association.
	StageArn pulumi.StringOutput `pulumi:"stageArn"`
	// InvokeUrl is "https://<api id>.execute-api.<region>.amazonaws.com/<stage>".
	InvokeUrl          pulumi.StringOutput `pulumi:"invokeUrl"`
	AccessLogGroupName pulumi.StringOutput `pulumi:"accessLogGroupName"`
	// ExecutionLogGroupName is "API-Gateway-Execution-Logs_<api id>/<stage>".
	ExecutionLogGroupName pulumi.StringOutput `pulumi:"executionLogGroupName"`
	// ApiKeyIds maps each client of the usage plans to the id of its API key. The key values stay in
	// API Gateway: `aws apigateway get-api-key --api-key <id> --include-value` reads one.
	ApiKeyIds pulumi.StringMapOutput `pulumi:"apiKeyIds"`
	// UsagePlanIds maps each usage plan name to its id.
	UsagePlanIds pulumi.StringMapOutput `pulumi:"usagePlanIds"`
	// RouteGroups maps each route, such as "GET /files/{id}", to the Cognito group its function
	// requires, or "" for any signed-in user.
	RouteGroups pulumi.StringMapOutput `pulumi:"routeGroups"`
	// DeploymentTriggers are the triggers of the deployment, whose "redeployment" hash changes with
	// every change of the API's definition.
	DeploymentTriggers pulumi.StringMapOutput `pulumi:"deploymentTriggers"`
}

// restAPIBuild holds what NewRestAPI has created so far, for the steps that follow.
type restAPIBuild struct {
	name   string
	args   RestAPIArgs
	api    *apigateway.RestApi
	parent pulumi.ResourceOption
	// resourceIDs maps each path, "/" included, to the id of its resource.
	resourceIDs map[string]pulumi.StringOutput
	// definition are the resources that define the API. The deployment waits for all of them, because
	// it snapshots the API's definition when AWS creates it.
	definition []pulumi.Resource
}

// NewRestAPI creates the REST API, its routes, CORS responses, deployment, stage and usage plans.
func NewRestAPI(ctx *pulumi.Context, name string, args RestAPIArgs, opts ...pulumi.ResourceOption,
) (*RestAPI, error) {
	args, err := args.withDefaults(name)
	if err != nil {
		return nil, err
	}

	component := &RestAPI{}
	if err := ctx.RegisterComponentResource(RestAPIType, name, component, opts...); err != nil {
		return nil, fmt.Errorf("registering rest API %q: %w", name, err)
	}
	parent := pulumi.Parent(component)

	endpoint := &apigateway.RestApiEndpointConfigurationArgs{Types: pulumi.String(args.EndpointType)}
	if args.EndpointType == APIEndpointPrivate {
		endpoint.VpcEndpointIds = pulumi.ToStringArray(args.VpcEndpointIds)
	}
	api, err := apigateway.NewRestApi(ctx, name+"-api", &apigateway.RestApiArgs{
		Name:                  pulumi.String(args.NamePrefix + "-api"),
		Description:           pulumi.Sprintf("REST API of %s.", args.NamePrefix),
		EndpointConfiguration: endpoint,
	}, parent)
	if err != nil {
		return nil, fmt.Errorf("creating the API of rest API %q: %w", name, err)
	}
	component.Api = api
	build := &restAPIBuild{name: name, args: args, api: api, parent: parent}

	policyDocument := pulumi.String("").ToStringOutput()
	if args.EndpointType == APIEndpointPrivate {
		policyDocument = api.ExecutionArn.ApplyT(func(executionArn string) string {
			return privateAPIPolicy(executionArn, args.VpcEndpointIds)
		}).(pulumi.StringOutput)
		policy, err := apigateway.NewRestApiPolicy(ctx, name+"-policy", &apigateway.RestApiPolicyArgs{
			RestApiId: api.ID(),
			Policy:    policyDocument,
		}, parent)
		if err != nil {
			return nil, fmt.Errorf("creating the resource policy of rest API %q: %w", name, err)
		}
		component.Policy = policy
		build.definition = append(build.definition, policy)
	}

	authorizer, err := apigateway.NewAuthorizer(ctx, name+"-authorizer", &apigateway.AuthorizerArgs{
		RestApi:        api.ID(),
		Name:           pulumi.String(args.NamePrefix + "-cognito"),
		Type:           pulumi.String(apiAuthorizerType),
		IdentitySource: pulumi.String(apiIdentitySource),
		ProviderArns:   pulumi.StringArray{args.UserPoolArn},
	}, parent)
	if err != nil {
		return nil, fmt.Errorf("creating the authorizer of rest API %q: %w", name, err)
	}
	component.Authorizer = authorizer
	build.definition = append(build.definition, authorizer)

	if err := build.createResources(ctx); err != nil {
		return nil, err
	}
	if err := build.createRoutes(ctx, authorizer); err != nil {
		return nil, err
	}
	if err := build.createPreflights(ctx); err != nil {
		return nil, err
	}
	if err := build.createGatewayResponses(ctx); err != nil {
		return nil, err
	}

	invokeArns := make([]pulumi.StringOutput, len(args.Routes))
	for i, route := range args.Routes {
		invokeArns[i] = route.Function.InvokeArn
	}
	triggers := deploymentTriggers(args, args.UserPoolArn.ToStringOutput(), policyDocument, invokeArns)
	stage, err := build.createStage(ctx, component, triggers)
	if err != nil {
		return nil, err
	}

	keyIDs, planIDs, err := build.createUsagePlans(ctx, stage)
	if err != nil {
		return nil, err
	}

	routeGroups := map[string]string{}
	for _, route := range args.Routes {
		routeGroups[route.Method+" "+route.Path] = route.RequiredGroup
	}
	component.RestApiId = api.ID().ToStringOutput()
	component.ExecutionArn = api.ExecutionArn
	component.StageName = stage.StageName
	component.StageArn = stage.Arn
	component.InvokeUrl = stage.InvokeUrl
	component.AccessLogGroupName = component.AccessLogGroup.Name
	component.ExecutionLogGroupName = component.ExecutionLogGroup.Name
	component.ApiKeyIds = keyIDs
	component.UsagePlanIds = planIDs
	component.RouteGroups = pulumi.ToStringMap(routeGroups).ToStringMapOutput()
	component.DeploymentTriggers = component.Deployment.Triggers
	if err := ctx.RegisterResourceOutputs(component, pulumi.Map{
		"restApiId":             component.RestApiId,
		"executionArn":          component.ExecutionArn,
		"stageName":             component.StageName,
		"stageArn":              component.StageArn,
		"invokeUrl":             component.InvokeUrl,
		"accessLogGroupName":    component.AccessLogGroupName,
		"executionLogGroupName": component.ExecutionLogGroupName,
		"apiKeyIds":             component.ApiKeyIds,
		"usagePlanIds":          component.UsagePlanIds,
		"routeGroups":           component.RouteGroups,
		"deploymentTriggers":    component.DeploymentTriggers,
	}); err != nil {
		return nil, fmt.Errorf("registering outputs of rest API %q: %w", name, err)
	}
	return component, nil
}

// createResources creates one resource per path segment of the routes, each under its parent.
func (b *restAPIBuild) createResources(ctx *pulumi.Context) error {
	b.resourceIDs = map[string]pulumi.StringOutput{"/": b.api.RootResourceId}
	for _, path := range routePaths(b.args.Routes) {
		parentPath, part := splitResourcePath(path)
		resource, err := apigateway.NewResource(ctx, b.name+"-resource"+path, &apigateway.ResourceArgs{
			RestApi:  b.api.ID(),
			ParentId: b.resourceIDs[parentPath],
			PathPart: pulumi.String(part),
		}, b.parent)
		if err != nil {
			return fmt.Errorf("creating resource %s of rest API %q: %w", path, b.name, err)
		}
		b.resourceIDs[path] = resource.ID().ToStringOutput()
	}
	return nil
}

// createRoutes creates, for each route, the method behind the authorizer, its request model and
// validator, the Lambda proxy integration and the permission for API Gateway to invoke the function.
func (b *restAPIBuild) createRoutes(ctx *pulumi.Context, authorizer *apigateway.Authorizer) error {
	validators, err := b.createValidators(ctx)
	if err != nil {
		return err
	}

	for _, route := range b.args.Routes {
		routeName := b.name + "-" + route.Method + route.Path
		methodArgs := &apigateway.MethodArgs{
			RestApi:        b.api.ID(),
			ResourceId:     b.resourceIDs[route.Path],
			HttpMethod:     pulumi.String(route.Method),
			Authorization:  pulumi.String(apiAuthorizerType),
			AuthorizerId:   authorizer.ID(),
			ApiKeyRequired: pulumi.Bool(route.APIKeyRequired),
		}
		if len(route.Scopes) > 0 {
			methodArgs.AuthorizationScopes = pulumi.ToStringArray(route.Scopes)
		}
		if parameters := routeRequestParameters(route); len(parameters) > 0 {
			methodArgs.RequestParameters = pulumi.ToBoolMap(parameters)
		}
		if validator := routeValidator(route); validator != "" {
			methodArgs.RequestValidatorId = validators[validator].ID()
		}

		if route.RequestModel != "" {
			model, err := apigateway.NewModel(ctx, routeName+"-model", &apigateway.ModelArgs{
				RestApi:     b.api.ID(),
				Name:        pulumi.String(route.modelName()),
				Description: pulumi.Sprintf("Request body of %s %s.", route.Method, route.Path),
				ContentType: pulumi.String(apiJSONContentType),
				Schema:      pulumi.String(route.RequestModel),
			}, b.parent)
			if err != nil {
				return fmt.Errorf("creating the request model of %s %s: %w", route.Method, route.Path, err)
			}
			// The model's name output makes the method wait for the model.
			methodArgs.RequestModels = pulumi.StringMap{apiJSONContentType: model.Name}
			b.definition = append(b.definition, model)
		}

		method, err := apigateway.NewMethod(ctx, routeName, methodArgs, b.parent)
		if err != nil {
			return fmt.Errorf("creating method %s %s of rest API %q: %w", route.Method, route.Path, b.name, err)
		}
		integration, err := apigateway.NewIntegration(ctx, routeName+"-integration", &apigateway.IntegrationArgs{
			RestApi:               b.api.ID(),
			ResourceId:            b.resourceIDs[route.Path],
			HttpMethod:            method.HttpMethod,
			Type:                  pulumi.String(apiIntegrationType),
			IntegrationHttpMethod: pulumi.String(apiIntegrationHTTPMethod),
			Uri:                   route.Function.InvokeArn,
		}, b.parent)
		if err != nil {
			return fmt.Errorf("creating the integration of %s %s: %w", route.Method, route.Path, err)
		}
		b.definition = append(b.definition, method, integration)

		// API Gateway may invoke the function for this method and path of this API's stage only, so a
		// request through another API, stage, method or path gets 500 instead of reaching the function.
		_, err = lambda.NewPermission(ctx, routeName+"-permission", &lambda.PermissionArgs{
			Action:    pulumi.String("lambda:InvokeFunction"),
			Function:  route.Function.FunctionName,
			Principal: pulumi.String("apigateway.amazonaws.com"),
			SourceArn: routeSourceArn(b.api.ExecutionArn, b.args.StageName, route),
		}, b.parent)
		if err != nil {
			return fmt.Errorf("allowing %s %s to invoke its function: %w", route.Method, route.Path, err)
		}
	}
	return nil
}

// createValidators creates the request validators that the routes use, by name (see routeValidator).
func (b *restAPIBuild) createValidators(ctx *pulumi.Context) (map[string]*apigateway.RequestValidator, error) {
	validators := map[string]*apigateway.RequestValidator{}
	for _, route := range b.args.Routes {
		validator := routeValidator(route)
		if validator == "" || validators[validator] != nil {
			continue
		}
		settings := requestValidators[validator]
		created, err := apigateway.NewRequestValidator(ctx, b.name+"-validator-"+validator, &apigateway.RequestValidatorArgs{
			RestApi:                   b.api.ID(),
			Name:                      pulumi.String(b.args.NamePrefix + "-" + validator),
			ValidateRequestBody:       pulumi.Bool(settings.body),
			ValidateRequestParameters: pulumi.Bool(settings.parameters),
		}, b.parent)
		if err != nil {
			return nil, fmt.Errorf("creating request validator %s of rest API %q: %w", validator, b.name, err)
		}
		validators[validator] = created
		b.definition = append(b.definition, created)
	}
	return validators, nil
}

// requestValidatorSettings are the checks a request validator runs.
type requestValidatorSettings struct {
	body, parameters bool
}

// requestValidators are the request validators a route may use, by name.
var requestValidators = map[string]requestValidatorSettings{
	"body":            {body: true},
	"params":          {parameters: true},
	"body-and-params": {body: true, parameters: true},
}

// routeValidator returns the name of the request validator of a route: "body" with a request model,
// "params" with required query parameters, both together, or "" for neither.
func routeValidator(route APIRoute) string {
	switch {
	case route.RequestModel != "" && len(route.RequiredQuery) > 0:
		return "body-and-params"
	case route.RequestModel != "":
		return "body"
	case len(route.RequiredQuery) > 0:
		return "params"
	default:
		return ""
	}
}

// routeRequestParameters returns the request parameters of a route's method: its path parameters and
// its required query string parameters, all required.
func routeRequestParameters(route APIRoute) map[string]bool {
	parameters := map[string]bool{}
	for _, name := range pathParameters(route.Path) {
		parameters["method.request.path."+name] = true
	}
	for _, name := range route.RequiredQuery {
		parameters["method.request.querystring."+name] = true
	}
	return parameters
}

// routeSourceArn returns the ARN of the route's requests, "<execution ARN>/<stage>/<METHOD><path>",
// with "*" for each path parameter, such as ".../v1/GET/files/*" for GET /files/{id}.
func routeSourceArn(executionArn pulumi.StringOutput, stage string, route APIRoute) pulumi.StringOutput {
	return pulumi.Sprintf("%s/%s/%s%s", executionArn, stage, route.Method, sourceARNPath(route.Path))
}

// privateAPIPolicy returns the resource policy of a private API, which admits requests only through the
// given VPC endpoints. An explicit Deny rejects every other request, so no other Allow, such as one
// added by hand in the console, can open the API.
func privateAPIPolicy(executionArn string, vpcEndpointIDs []string) string {
	resource := executionArn + "/*"
	return mustMarshalPolicy([]map[string]any{
		{
			"Sid":       "DenyOutsideVpcEndpoints",
			"Effect":    "Deny",
			"Principal": "*",
			"Action":    "execute-api:Invoke",
			"Resource":  resource,
			"Condition": map[string]any{"StringNotEquals": map[string]any{"aws:SourceVpce": vpcEndpointIDs}},
		},
		{
			"Sid":       "AllowFromVpcEndpoints",
			"Effect":    "Allow",
			"Principal": "*",
			"Action":    "execute-api:Invoke",
			"Resource":  resource,
			"Condition": map[string]any{"StringEquals": map[string]any{"aws:SourceVpce": vpcEndpointIDs}},
		},
	})
}
