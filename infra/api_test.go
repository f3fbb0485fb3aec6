package infra

import (
	"encoding/json"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/lambda"
	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/secureserverless/framework/offline/fakeaws"
)

// Type tokens of the API Gateway resources.
const (
	typeRestAPI                = "aws:apigateway/restApi:RestApi"
	typeAPIResource            = "aws:apigateway/resource:Resource"
	typeAPIMethod              = "aws:apigateway/method:Method"
	typeAPIIntegration         = "aws:apigateway/integration:Integration"
	typeAPIMethodResponse      = "aws:apigateway/methodResponse:MethodResponse"
	typeAPIIntegrationResponse = "aws:apigateway/integrationResponse:IntegrationResponse"
	typeAPIAuthorizer          = "aws:apigateway/authorizer:Authorizer"
	typeAPIValidator           = "aws:apigateway/requestValidator:RequestValidator"
	typeAPIModel               = "aws:apigateway/model:Model"
	typeAPIGatewayResponse     = "aws:apigateway/response:Response"
	typeAPIDeployment          = "aws:apigateway/deployment:Deployment"
	typeAPIStage               = "aws:apigateway/stage:Stage"
	typeAPIMethodSettings      = "aws:apigateway/methodSettings:MethodSettings"
	typeAPIPolicy              = "aws:apigateway/restApiPolicy:RestApiPolicy"
	typeAPIUsagePlan           = "aws:apigateway/usagePlan:UsagePlan"
	typeAPIKey                 = "aws:apigateway/apiKey:ApiKey"
	typeAPIUsagePlanKey        = "aws:apigateway/usagePlanKey:UsagePlanKey"
)

// Inputs the tests give every API.
const (
	testUserPoolArn = "arn:aws:cognito-idp:us-east-1:123456789012:userpool/us-east-1_ABCDEFGHI"
	testLogsKeyArn  = "arn:aws:kms:us-east-1:123456789012:key/11111111-2222-3333-4444-555555555555"
	testAppOrigin   = "https://app.example.com"
	testUploadModel = `{"$schema":"http://json-schema.org/draft-04/schema#","type":"object",` +
		`"required":["fileName","size"],"properties":{"fileName":{"type":"string"},"size":{"type":"integer"}}}`
)

// apiFunctions are the functions behind the test routes. They are plain Lambda functions under mocks,
// wrapped as GoFunctions, so the tests build no Go code.
type apiFunctions struct {
	files, uploads, admin *GoFunction
}

// apiOutputs are the resolved outputs of a RestAPI component.
type apiOutputs struct {
	restAPIID, executionArn, stageName, stageArn, invokeURL, logGroupName, executionLogGroupName string
	apiKeyIDs, planIDs, routeGroups, triggers                                                    map[string]string
}

// testAPIFunction creates the Lambda function app-test-<short> and wraps its outputs as a GoFunction.
func testAPIFunction(ctx *pulumi.Context, short string) (*GoFunction, error) {
	function, err := lambda.NewFunction(ctx, "fn-"+short, &lambda.FunctionArgs{
		Name:    pulumi.String("app-test-" + short),
		Role:    pulumi.String("arn:aws:iam::123456789012:role/app-test-" + short),
		Runtime: pulumi.String(functionRuntime),
		Handler: pulumi.String("bootstrap"),
	})
	if err != nil {
		return nil, err
	}
	return &GoFunction{
		Function: function, FunctionName: function.Name, FunctionArn: function.Arn, InvokeArn: function.InvokeArn,
	}, nil
}

// testAPIArgs returns the arguments of the test API: a file API behind the user pool, with one origin.
func testAPIArgs(fns apiFunctions) RestAPIArgs {
	return RestAPIArgs{
		NamePrefix:  "app-test",
		UserPoolArn: pulumi.String(testUserPoolArn),
		LogsKeyArn:  pulumi.String(testLogsKeyArn),
		Cors:        APICorsArgs{AllowedOrigins: []string{testAppOrigin}},
		Routes: []APIRoute{
			{Method: "GET", Path: "/files", Function: fns.files, RequiredGroup: UserGroup},
			{Method: "GET", Path: "/files/{id}", Function: fns.files, RequiredGroup: UserGroup},
			{Method: "DELETE", Path: "/files/{id}", Function: fns.files, RequiredGroup: UserGroup},
			{Method: "POST", Path: "/uploads", Function: fns.uploads, RequestModel: testUploadModel},
			{
				Method: "GET", Path: "/admin/quarantine", Function: fns.admin, RequiredGroup: AdminGroup,
				RequiredQuery: []string{"status"},
			},
		},
	}
}

// runTestAPI creates the test functions and a RestAPI named "api" from testAPIArgs changed by
// configure, which may be nil. It returns the mocks, the outputs and the error of the run.
func runTestAPI(t *testing.T, configure func(args *RestAPIArgs, fns apiFunctions)) (*fakeaws.Mocks, apiOutputs, error) {
	t.Helper()
	var outputs apiOutputs
	mocks, err := runWithMocks(t, func(ctx *pulumi.Context) error {
		var fns apiFunctions
		var err error
		for short, target := range map[string]**GoFunction{"files": &fns.files, "uploads": &fns.uploads, "admin": &fns.admin} {
			if *target, err = testAPIFunction(ctx, short); err != nil {
				return err
			}
		}
		args := testAPIArgs(fns)
		if configure != nil {
			configure(&args, fns)
		}
		api, err := NewRestAPI(ctx, "api", args)
		if err != nil {
			return err
		}
		pulumi.All(api.RestApiId, api.ExecutionArn, api.StageName, api.StageArn, api.InvokeUrl,
			api.AccessLogGroupName, api.ApiKeyIds, api.UsagePlanIds, api.RouteGroups, api.DeploymentTriggers,
			api.ExecutionLogGroupName,
		).ApplyT(func(values []any) error {
			outputs = apiOutputs{
				restAPIID: values[0].(string), executionArn: values[1].(string), stageName: values[2].(string),
				stageArn: values[3].(string), invokeURL: values[4].(string), logGroupName: values[5].(string),
				apiKeyIDs: values[6].(map[string]string), planIDs: values[7].(map[string]string),
				routeGroups: values[8].(map[string]string), triggers: values[9].(map[string]string),
				executionLogGroupName: values[10].(string),
			}
			return nil
		})
		return nil
	})
	return mocks, outputs, err
}

// newTestAPI is runTestAPI for arguments that must be valid.
func newTestAPI(t *testing.T, configure func(args *RestAPIArgs, fns apiFunctions)) (*fakeaws.Mocks, apiOutputs) {
	t.Helper()
	mocks, outputs, err := runTestAPI(t, configure)
	require.NoError(t, err)
	return mocks, outputs
}

// registeredMethods returns the registered methods by "<METHOD> <path>", with the path of each taken from the
// resource whose id the method names.
func registeredMethods(t *testing.T, mocks *fakeaws.Mocks) map[string]fakeaws.MockResource {
	t.Helper()
	paths := apiResourcePaths(t, mocks)
	methods := map[string]fakeaws.MockResource{}
	for _, method := range mocks.ByType(typeAPIMethod) {
		path, ok := paths[method.Inputs["resourceId"].StringValue()]
		require.True(t, ok, "method %q names resource %v, which is not one of the API", method.Name,
			method.Inputs["resourceId"])
		methods[method.Inputs["httpMethod"].StringValue()+" "+path] = method
	}
	return methods
}

// apiResourcePaths maps each resource id of the API, the root included, to its path, following the
// parentId of each resource.
func apiResourcePaths(t *testing.T, mocks *fakeaws.Mocks) map[string]string {
	t.Helper()
	api := find(t, mocks, typeRestAPI, "api-api")
	paths := map[string]string{api.Outputs["rootResourceId"].StringValue(): "/"}
	resources := mocks.ByType(typeAPIResource)
	for len(paths) < len(resources)+1 {
		added := false
		for _, r := range resources {
			parentPath, known := paths[r.Inputs["parentId"].StringValue()]
			if _, done := paths[r.ID]; done || !known {
				continue
			}
			paths[r.ID] = strings.TrimSuffix(parentPath, "/") + "/" + r.Inputs["pathPart"].StringValue()
			added = true
		}
		require.True(t, added, "some resources have no path to the root resource")
	}
	return paths
}

// stringMapInput returns a map of strings input as a Go map.
func stringMapInput(t *testing.T, props resource.PropertyMap, key resource.PropertyKey) map[string]string {
	t.Helper()
	values := map[string]string{}
	for k, v := range object(t, props, key) {
		values[string(k)] = v.StringValue()
	}
	return values
}

// boolMapInput returns a map of booleans input as a Go map.
func boolMapInput(t *testing.T, props resource.PropertyMap, key resource.PropertyKey) map[string]bool {
	t.Helper()
	values := map[string]bool{}
	for k, v := range object(t, props, key) {
		values[string(k)] = v.BoolValue()
	}
	return values
}

func TestRestAPIDefaults(t *testing.T) {
	mocks, outputs := newTestAPI(t, nil)

	component := find(t, mocks, RestAPIType, "api")
	assert.False(t, component.Custom)

	api := find(t, mocks, typeRestAPI, "api-api")
	assertParent(t, api, RestAPIType, "api")
	assert.Equal(t, "app-test-api", api.Inputs["name"].StringValue())
	endpoint := object(t, api.Inputs, "endpointConfiguration")
	assert.Equal(t, APIEndpointRegional, endpoint["types"].StringValue())
	assert.NotContains(t, endpoint, resource.PropertyKey("vpcEndpointIds"))
	assert.NotContains(t, api.Inputs, resource.PropertyKey("policy"))
	assert.NotContains(t, api.Inputs, resource.PropertyKey("disableExecuteApiEndpoint"))
	assert.Empty(t, mocks.ByType(typeAPIPolicy))

	authorizer := find(t, mocks, typeAPIAuthorizer, "api-authorizer")
	assertParent(t, authorizer, RestAPIType, "api")
	assert.Equal(t, "COGNITO_USER_POOLS", authorizer.Inputs["type"].StringValue())
	assert.Equal(t, "method.request.header.Authorization", authorizer.Inputs["identitySource"].StringValue())
	assert.Equal(t, []string{testUserPoolArn}, authStrings(t, authorizer.Inputs, "providerArns"))
	assert.Equal(t, api.ID, authorizer.Inputs["restApi"].StringValue())

	assert.Equal(t, api.ID, outputs.restAPIID)
	assert.Equal(t, "arn:aws:execute-api:"+testRegion+":123456789012:"+api.ID, outputs.executionArn)
	assert.Equal(t, DefaultAPIStageName, outputs.stageName)
	assert.Equal(t, "arn:aws:apigateway:"+testRegion+"::/restapis/"+api.ID+"/stages/v1", outputs.stageArn)
	assert.Equal(t, "https://"+api.ID+".execute-api."+testRegion+".amazonaws.com/v1", outputs.invokeURL)
	assert.Equal(t, "/aws/apigateway/app-test-access", outputs.logGroupName)
	assert.Empty(t, outputs.apiKeyIDs)
	assert.Empty(t, outputs.planIDs)
	assert.Equal(t, map[string]string{
		"GET /files": UserGroup, "GET /files/{id}": UserGroup, "DELETE /files/{id}": UserGroup,
		"POST /uploads": "", "GET /admin/quarantine": AdminGroup,
	}, outputs.routeGroups)
}

func TestRestAPIResourceTree(t *testing.T) {
	mocks, _ := newTestAPI(t, nil)

	api := find(t, mocks, typeRestAPI, "api-api")
	want := map[string]struct{ parent, part string }{
		"/admin":            {"/", "admin"},
		"/admin/quarantine": {"/admin", "quarantine"},
		"/files":            {"/", "files"},
		"/files/{id}":       {"/files", "{id}"},
		"/uploads":          {"/", "uploads"},
	}
	ids := map[string]string{"/": api.Outputs["rootResourceId"].StringValue()}
	for _, path := range []string{"/admin", "/admin/quarantine", "/files", "/files/{id}", "/uploads"} {
		r := find(t, mocks, typeAPIResource, "api-resource"+path)
		ids[path] = r.ID
	}
	assert.Len(t, mocks.ByType(typeAPIResource), len(want))
	for path, w := range want {
		r := find(t, mocks, typeAPIResource, "api-resource"+path)
		assertParent(t, r, RestAPIType, "api")
		assert.Equal(t, api.ID, r.Inputs["restApi"].StringValue(), "restApi of %s", path)
		assert.Equal(t, ids[w.parent], r.Inputs["parentId"].StringValue(), "parentId of %s", path)
		assert.Equal(t, w.part, r.Inputs["pathPart"].StringValue(), "pathPart of %s", path)
	}
}

// A preflight request carries no token, so an authorizer on OPTIONS would reject it and the browser
// would never send the real request.
func TestRestAPIPreflightBypassesAuthorizer(t *testing.T) {
	mocks, _ := newTestAPI(t, nil)

	authorizer := find(t, mocks, typeAPIAuthorizer, "api-authorizer")
	methods := registeredMethods(t, mocks)
	var preflightPaths []string
	for key, method := range methods {
		assertParent(t, method, RestAPIType, "api")
		if strings.HasPrefix(key, "OPTIONS ") {
			preflightPaths = append(preflightPaths, strings.TrimPrefix(key, "OPTIONS "))
			assert.Equal(t, "NONE", method.Inputs["authorization"].StringValue(), key)
			assert.NotContains(t, method.Inputs, resource.PropertyKey("authorizerId"), key)
			continue
		}
		assert.Equal(t, "COGNITO_USER_POOLS", method.Inputs["authorization"].StringValue(), key)
		assert.Equal(t, authorizer.ID, method.Inputs["authorizerId"].StringValue(), key)
	}
	// Every path with routes has a preflight method. /admin has no routes, so browsers never call it.
	assert.ElementsMatch(t, []string{"/files", "/files/{id}", "/uploads", "/admin/quarantine"}, preflightPaths)
	assert.Len(t, methods, 5+4)

	integrations := mocks.ByType(typeAPIIntegration)
	for _, path := range preflightPaths {
		integration := find(t, mocks, typeAPIIntegration, "api-OPTIONS"+path+"-integration")
		assert.Equal(t, "MOCK", integration.Inputs["type"].StringValue(), path)
		assert.Equal(t, map[string]string{"application/json": `{"statusCode": 200}`},
			stringMapInput(t, integration.Inputs, "requestTemplates"), path)
		assert.Equal(t, "OPTIONS", integration.Inputs["httpMethod"].StringValue(), path)
	}
	assert.Len(t, integrations, 5+4)
}

func TestRestAPIProxyIntegrations(t *testing.T) {
	mocks, _ := newTestAPI(t, nil)

	files := find(t, mocks, typeLambdaFunction, "fn-files")
	uploads := find(t, mocks, typeLambdaFunction, "fn-uploads")
	paths := apiResourcePaths(t, mocks)
	tests := []struct {
		method, path string
		function     fakeaws.MockResource
	}{
		{"GET", "/files", files},
		{"GET", "/files/{id}", files},
		{"DELETE", "/files/{id}", files},
		{"POST", "/uploads", uploads},
	}
	for _, tt := range tests {
		t.Run(tt.method+" "+tt.path, func(t *testing.T) {
			integration := find(t, mocks, typeAPIIntegration, "api-"+tt.method+tt.path+"-integration")

			assertParent(t, integration, RestAPIType, "api")
			assert.Equal(t, "AWS_PROXY", integration.Inputs["type"].StringValue())
			assert.Equal(t, "POST", integration.Inputs["integrationHttpMethod"].StringValue())
			assert.Equal(t, tt.method, integration.Inputs["httpMethod"].StringValue())
			assert.Equal(t, tt.function.Outputs["invokeArn"].StringValue(), integration.Inputs["uri"].StringValue())
			assert.Equal(t, tt.path, paths[integration.Inputs["resourceId"].StringValue()])
		})
	}
}

func TestRestAPIPreflightSingleOrigin(t *testing.T) {
	mocks, _ := newTestAPI(t, nil)

	methodResponse := find(t, mocks, typeAPIMethodResponse, "api-OPTIONS/files/{id}-response-200")
	assert.Equal(t, "200", methodResponse.Inputs["statusCode"].StringValue())
	assert.Equal(t, map[string]bool{
		"method.response.header.Access-Control-Allow-Headers": false,
		"method.response.header.Access-Control-Allow-Methods": false,
		"method.response.header.Access-Control-Allow-Origin":  false,
		"method.response.header.Access-Control-Max-Age":       false,
		"method.response.header.Vary":                         false,
	}, boolMapInput(t, methodResponse.Inputs, "responseParameters"))

	response := find(t, mocks, typeAPIIntegrationResponse, "api-OPTIONS/files/{id}-integration-response-200")
	assert.Equal(t, "200", response.Inputs["statusCode"].StringValue())
	assert.Equal(t, map[string]string{
		"method.response.header.Access-Control-Allow-Headers": "'Authorization,Content-Type'",
		"method.response.header.Access-Control-Allow-Methods": "'DELETE,GET,OPTIONS'",
		"method.response.header.Access-Control-Allow-Origin":  "'https://app.example.com'",
		"method.response.header.Access-Control-Max-Age":       "'600'",
		"method.response.header.Vary":                         "'Origin'",
	}, stringMapInput(t, response.Inputs, "responseParameters"))
	assert.NotContains(t, response.Inputs, resource.PropertyKey("responseTemplates"))
	assert.True(t, response.DependsOn(typeAPIIntegration, "api-OPTIONS/files/{id}-integration"),
		"the integration response waits for the integration")
	assert.True(t, response.DependsOn(typeAPIMethodResponse, "api-OPTIONS/files/{id}-response-200"),
		"the integration response waits for the method response")

	uploads := find(t, mocks, typeAPIIntegrationResponse, "api-OPTIONS/uploads-integration-response-200")
	assert.Equal(t, "'OPTIONS,POST'",
		stringMapInput(t, uploads.Inputs, "responseParameters")["method.response.header.Access-Control-Allow-Methods"])
}

// templateOrigins matches one origin comparison of the origin echo template.
var templateOrigins = regexp.MustCompile(`"\$!origin" == "([^"]+)"`)

func TestRestAPIPreflightSeveralOrigins(t *testing.T) {
	origins := []string{"https://app.example.com", "https://admin.example.com:8443"}
	mocks, _ := newTestAPI(t, func(args *RestAPIArgs, _ apiFunctions) {
		args.Cors = APICorsArgs{AllowedOrigins: origins, AllowedHeaders: []string{"Authorization"}, MaxAgeSeconds: 60}
	})

	response := find(t, mocks, typeAPIIntegrationResponse, "api-OPTIONS/files-integration-response-200")
	parameters := stringMapInput(t, response.Inputs, "responseParameters")
	assert.NotContains(t, parameters, "method.response.header.Access-Control-Allow-Origin",
		"no static origin, so an origin outside the list gets no Access-Control-Allow-Origin")
	assert.Equal(t, "'Authorization'", parameters["method.response.header.Access-Control-Allow-Headers"])
	assert.Equal(t, "'60'", parameters["method.response.header.Access-Control-Max-Age"])
	assert.Equal(t, "'Origin'", parameters["method.response.header.Vary"])

	template := stringMapInput(t, response.Inputs, "responseTemplates")["application/json"]
	lines := strings.Split(template, "\n")
	require.Len(t, lines, 7)
	assert.Equal(t, `#set($origin = $input.params().header.get("Origin"))`, lines[0])
	assert.Equal(t, `#set($origin = $input.params().header.get("origin"))`, lines[2])
	require.True(t, strings.HasPrefix(lines[4], "#if("), "line 5 is the origin check: %s", lines[4])
	var checked []string
	for _, match := range templateOrigins.FindAllStringSubmatch(lines[4], -1) {
		checked = append(checked, match[1])
	}
	assert.Equal(t, origins, checked, "the template echoes exactly the allowed origins")
	assert.Equal(t, `#set($context.responseOverride.header.Access-Control-Allow-Origin = $origin)`, lines[5],
		"the override sits inside the origin check")
	assert.Equal(t, "#end", lines[6])
}

// Without CORS headers on API Gateway's own errors, a browser reports a CORS error and the page never
// receives the 401, 403 or 413.
func TestRestAPIGatewayErrorsCarryCors(t *testing.T) {
	mocks, _ := newTestAPI(t, func(args *RestAPIArgs, _ apiFunctions) {
		args.Cors.AllowedOrigins = []string{testAppOrigin, "https://admin.example.com"}
	})

	api := find(t, mocks, typeRestAPI, "api-api")
	responses := map[string]fakeaws.MockResource{}
	for _, r := range mocks.ByType(typeAPIGatewayResponse) {
		assertParent(t, r, RestAPIType, "api")
		assert.Equal(t, api.ID, r.Inputs["restApiId"].StringValue())
		assert.NotContains(t, r.Inputs, resource.PropertyKey("statusCode"), "each error keeps its own status")
		responses[r.Inputs["responseType"].StringValue()] = r
	}
	assert.Len(t, responses, 2)

	// The response types a browser meets most, by the default response that covers them when the API
	// defines no response of their own type.
	browserErrors := map[string]string{
		"UNAUTHORIZED":                 "DEFAULT_4XX", // 401: missing or expired token
		"ACCESS_DENIED":                "DEFAULT_4XX", // 403: token without the route's scope
		"MISSING_AUTHENTICATION_TOKEN": "DEFAULT_4XX", // 403: path or method that does not exist
		"REQUEST_TOO_LARGE":            "DEFAULT_4XX", // 413: body over the API Gateway limit
		"BAD_REQUEST_BODY":             "DEFAULT_4XX", // 400: body that fails the request model
		"THROTTLED":                    "DEFAULT_4XX", // 429: stage or usage plan throttling
		"INTEGRATION_TIMEOUT":          "DEFAULT_5XX", // 504
		"INTEGRATION_FAILURE":          "DEFAULT_5XX", // 502
	}
	for responseType, fallback := range browserErrors {
		t.Run(responseType, func(t *testing.T) {
			response, own := responses[responseType]
			if !own {
				response, own = responses[fallback]
			}
			require.True(t, own, "no gateway response covers %s", responseType)
			parameters := stringMapInput(t, response.Inputs, "responseParameters")
			assert.Equal(t, "'https://app.example.com'", parameters["gatewayresponse.header.Access-Control-Allow-Origin"])
			assert.Equal(t, "'Origin'", parameters["gatewayresponse.header.Vary"])
		})
	}
}

func TestRestAPIWithoutCors(t *testing.T) {
	mocks, _ := newTestAPI(t, func(args *RestAPIArgs, _ apiFunctions) {
		args.Cors = APICorsArgs{}
	})

	for key := range registeredMethods(t, mocks) {
		assert.False(t, strings.HasPrefix(key, "OPTIONS "), "unexpected preflight method %s", key)
	}
	assert.Empty(t, mocks.ByType(typeAPIGatewayResponse))
	assert.Empty(t, mocks.ByType(typeAPIMethodResponse))
	assert.Empty(t, mocks.ByType(typeAPIIntegrationResponse))
}

func TestRestAPIRequestValidation(t *testing.T) {
	mocks, _ := newTestAPI(t, nil)
	methods := registeredMethods(t, mocks)

	model := find(t, mocks, typeAPIModel, "api-POST/uploads-model")
	assertParent(t, model, RestAPIType, "api")
	assert.Equal(t, "PostUploadsBody", model.Inputs["name"].StringValue())
	assert.Equal(t, "application/json", model.Inputs["contentType"].StringValue())
	assert.JSONEq(t, testUploadModel, model.Inputs["schema"].StringValue())
	assert.Len(t, mocks.ByType(typeAPIModel), 1)

	bodyValidator := find(t, mocks, typeAPIValidator, "api-validator-body")
	assert.True(t, bodyValidator.Inputs["validateRequestBody"].BoolValue())
	assert.False(t, bodyValidator.Inputs["validateRequestParameters"].BoolValue())
	paramsValidator := find(t, mocks, typeAPIValidator, "api-validator-params")
	assert.False(t, paramsValidator.Inputs["validateRequestBody"].BoolValue())
	assert.True(t, paramsValidator.Inputs["validateRequestParameters"].BoolValue())
	assert.Len(t, mocks.ByType(typeAPIValidator), 2, "only the validators the routes use")

	upload := methods["POST /uploads"]
	assert.Equal(t, bodyValidator.ID, upload.Inputs["requestValidatorId"].StringValue())
	assert.Equal(t, map[string]string{"application/json": "PostUploadsBody"}, stringMapInput(t, upload.Inputs, "requestModels"))

	quarantine := methods["GET /admin/quarantine"]
	assert.Equal(t, paramsValidator.ID, quarantine.Inputs["requestValidatorId"].StringValue())
	assert.Equal(t, map[string]bool{"method.request.querystring.status": true},
		boolMapInput(t, quarantine.Inputs, "requestParameters"))

	file := methods["GET /files/{id}"]
	assert.NotContains(t, file.Inputs, resource.PropertyKey("requestValidatorId"))
	assert.Equal(t, map[string]bool{"method.request.path.id": true}, boolMapInput(t, file.Inputs, "requestParameters"))

	list := methods["GET /files"]
	assert.NotContains(t, list.Inputs, resource.PropertyKey("requestParameters"))
	assert.NotContains(t, list.Inputs, resource.PropertyKey("requestModels"))
}

func TestRestAPIBodyAndQueryValidator(t *testing.T) {
	mocks, _ := newTestAPI(t, func(args *RestAPIArgs, _ apiFunctions) {
		args.Routes[3].RequiredQuery = []string{"folder"}
	})

	validator := find(t, mocks, typeAPIValidator, "api-validator-body-and-params")
	assert.True(t, validator.Inputs["validateRequestBody"].BoolValue())
	assert.True(t, validator.Inputs["validateRequestParameters"].BoolValue())
	upload := registeredMethods(t, mocks)["POST /uploads"]
	assert.Equal(t, validator.ID, upload.Inputs["requestValidatorId"].StringValue())
	_, hasBodyOnly := mocks.Find(typeAPIValidator, "api-validator-body")
	assert.False(t, hasBodyOnly)
}

func TestRestAPIScopesAndApiKeys(t *testing.T) {
	mocks, outputs := newTestAPI(t, func(args *RestAPIArgs, fns apiFunctions) {
		args.Routes = append(args.Routes, APIRoute{
			Method: "GET", Path: "/reports", Function: fns.admin, APIKeyRequired: true,
			Scopes: []string{"https://api.example.com/reports.read"},
		})
		args.UsagePlans = []APIUsagePlan{
			{Name: "partners", RateLimit: 10, BurstLimit: 20, QuotaLimit: 10000, QuotaPeriod: QuotaPeriodMonth,
				Clients: []string{"acme", "globex"}},
			{Name: "internal", RateLimit: 2.5, BurstLimit: 5, QuotaLimit: 100, QuotaPeriod: QuotaPeriodDay,
				Clients: []string{"reporting"}},
		}
	})

	reports := registeredMethods(t, mocks)["GET /reports"]
	assert.True(t, reports.Inputs["apiKeyRequired"].BoolValue())
	assert.Equal(t, []string{"https://api.example.com/reports.read"}, authStrings(t, reports.Inputs, "authorizationScopes"))
	assert.False(t, registeredMethods(t, mocks)["GET /files"].Inputs["apiKeyRequired"].BoolValue())

	api := find(t, mocks, typeRestAPI, "api-api")
	plan := find(t, mocks, typeAPIUsagePlan, "api-plan-partners")
	assertParent(t, plan, RestAPIType, "api")
	assert.Equal(t, "app-test-partners", plan.Inputs["name"].StringValue())
	stages := plan.Inputs["apiStages"].ArrayValue()
	require.Len(t, stages, 1)
	assert.Equal(t, api.ID, stages[0].ObjectValue()["apiId"].StringValue())
	assert.Equal(t, "v1", stages[0].ObjectValue()["stage"].StringValue())
	assert.True(t, plan.DependsOn(typeAPIStage, "api-stage"), "the plan waits for the stage")
	throttle := object(t, plan.Inputs, "throttleSettings")
	assert.Equal(t, 10.0, throttle["rateLimit"].NumberValue())
	assert.Equal(t, 20.0, throttle["burstLimit"].NumberValue())
	quota := object(t, plan.Inputs, "quotaSettings")
	assert.Equal(t, 10000.0, quota["limit"].NumberValue())
	assert.Equal(t, "MONTH", quota["period"].StringValue())
	internal := find(t, mocks, typeAPIUsagePlan, "api-plan-internal")
	assert.Equal(t, 2.5, object(t, internal.Inputs, "throttleSettings")["rateLimit"].NumberValue())

	for client, planName := range map[string]string{"acme": "partners", "globex": "partners", "reporting": "internal"} {
		key := find(t, mocks, typeAPIKey, "api-key-"+client)
		assertParent(t, key, RestAPIType, "api")
		assert.Equal(t, "app-test-"+client, key.Inputs["name"].StringValue())
		assert.NotContains(t, key.Inputs, resource.PropertyKey("value"), "AWS generates the value of %s", client)
		assert.True(t, key.Inputs["enabled"].BoolValue())

		planKey := find(t, mocks, typeAPIUsagePlanKey, "api-plan-"+planName+"-key-"+client)
		assert.Equal(t, key.ID, planKey.Inputs["keyId"].StringValue())
		assert.Equal(t, "API_KEY", planKey.Inputs["keyType"].StringValue())
		assert.Equal(t, find(t, mocks, typeAPIUsagePlan, "api-plan-"+planName).ID, planKey.Inputs["usagePlanId"].StringValue())
		assert.Equal(t, key.ID, outputs.apiKeyIDs[client])
	}
	assert.Len(t, outputs.apiKeyIDs, 3)
	assert.Equal(t, map[string]string{"partners": plan.ID, "internal": internal.ID}, outputs.planIDs)
}

func TestRestAPIPrivateEndpoint(t *testing.T) {
	endpoints := []string{"vpce-0123456789abcdef0", "vpce-0fedcba9876543210"}
	mocks, outputs := newTestAPI(t, func(args *RestAPIArgs, _ apiFunctions) {
		args.EndpointType = APIEndpointPrivate
		args.VpcEndpointIds = endpoints
	})

	api := find(t, mocks, typeRestAPI, "api-api")
	endpoint := object(t, api.Inputs, "endpointConfiguration")
	assert.Equal(t, APIEndpointPrivate, endpoint["types"].StringValue())
	assert.Equal(t, endpoints, authStrings(t, endpoint, "vpcEndpointIds"))

	policy := find(t, mocks, typeAPIPolicy, "api-policy")
	assertParent(t, policy, RestAPIType, "api")
	assert.Equal(t, api.ID, policy.Inputs["restApiId"].StringValue())
	doc := policyDocument(t, policy.Inputs, "policy")

	invoke := func(endpoint string) s3Request {
		request := s3Request{action: "execute-api:Invoke", resource: outputs.executionArn + "/v1/GET/files",
			keys: map[string][]string{}}
		if endpoint != "" {
			request = request.with("aws:SourceVpce", endpoint)
		}
		return request
	}
	for _, id := range endpoints {
		assert.Empty(t, denyingStatements(t, doc, invoke(id)), "a request through %s is not denied", id)
		assert.Equal(t, []string{"AllowFromVpcEndpoints"}, allowingStatements(t, doc, invoke(id)), "a request through %s is allowed", id)
	}
	assert.Equal(t, []string{"DenyOutsideVpcEndpoints"}, denyingStatements(t, doc, invoke("vpce-0aaaaaaaaaaaaaaaa")),
		"a request through another endpoint is denied")
	assert.Equal(t, []string{"DenyOutsideVpcEndpoints"}, denyingStatements(t, doc, invoke("")),
		"a request from outside any VPC endpoint is denied")
	assert.Empty(t, allowingStatements(t, doc, invoke("vpce-0aaaaaaaaaaaaaaaa")))

	deployment := find(t, mocks, typeAPIDeployment, "api-deployment")
	assert.True(t, deployment.DependsOn(typeAPIPolicy, "api-policy"), "a policy change reaches the stage")
}

// allowingStatements returns the Sids of the Allow statements of a policy document that match the
// request, the counterpart of denyingStatements.
func allowingStatements(t *testing.T, doc map[string]any, request s3Request) []string {
	t.Helper()
	var sids []string
	for _, raw := range doc["Statement"].([]any) {
		statement := raw.(map[string]any)
		if statement["Effect"] != "Allow" || !anyMatches(stringsOf(statement["Action"]), request.action) ||
			!anyMatches(stringsOf(statement["Resource"]), request.resource) {
			continue
		}
		if conditionHolds(t, statement["Condition"], request) {
			sids = append(sids, statement["Sid"].(string))
		}
	}
	return sids
}

// arnLike reports whether arn matches pattern as the IAM condition operator ArnLike does. Lambda applies
// that operator to a permission's source ARN. Each of the six colon-separated parts matches on its own.
// In a part, "*" matches any run of characters and "?" any one character.
func arnLike(pattern, arn string) bool {
	patternParts := strings.SplitN(pattern, ":", 6)
	arnParts := strings.SplitN(arn, ":", 6)
	if len(patternParts) != 6 || len(arnParts) != 6 {
		return false
	}
	for i := range patternParts {
		expression := regexp.QuoteMeta(patternParts[i])
		expression = strings.ReplaceAll(expression, `\*`, ".*")
		expression = strings.ReplaceAll(expression, `\?`, ".")
		if !regexp.MustCompile("^" + expression + "$").MatchString(arnParts[i]) {
			return false
		}
	}
	return true
}

func TestArnLike(t *testing.T) {
	assert.True(t, arnLike("arn:aws:execute-api:us-east-1:1:abc/v1/GET/files/*", "arn:aws:execute-api:us-east-1:1:abc/v1/GET/files/x"))
	assert.True(t, arnLike("arn:aws:execute-api:us-east-1:1:abc/v?/GET/", "arn:aws:execute-api:us-east-1:1:abc/v1/GET/"))
	assert.False(t, arnLike("arn:aws:execute-api:us-east-1:1:abc/v1/GET/files", "arn:aws:execute-api:us-east-1:1:abc/v1/GET/files/x"))
	assert.False(t, arnLike("arn:aws:execute-api:*:1:abc", "arn:aws:execute-api:us-east-1:2:abc"), "a wildcard stays in its part")
	assert.False(t, arnLike("arn:aws:execute-api:us-east-1:1:abc", "not-an-arn"))
}

// A permission whose source ARN names another API, stage, method or path lets API Gateway call the
// function for requests it should not serve, or blocks the route with 500.
func TestRestAPIPermissionSourceArns(t *testing.T) {
	mocks, outputs := newTestAPI(t, nil)

	files := find(t, mocks, typeLambdaFunction, "fn-files")
	execution := outputs.executionArn
	otherAPI := strings.Replace(execution, outputs.restAPIID, "zzzzzzzzzz", 1)
	tests := []struct {
		route        string
		function     string
		sourceArn    string
		matches      []string
		doesNotMatch []string
	}{
		{
			route: "GET/files/{id}", function: files.ID, sourceArn: execution + "/v1/GET/files/*",
			matches: []string{execution + "/v1/GET/files/0f8e2d", execution + "/v1/GET/files/report.pdf"},
			doesNotMatch: []string{
				otherAPI + "/v1/GET/files/0f8e2d",                 // another API
				execution + "/test-invoke-stage/GET/files/0f8e2d", // another stage
				execution + "/v1/PUT/files/0f8e2d",                // another method
				execution + "/v1/GET/uploads/0f8e2d",              // another path
				execution + "/v1/GET/files",                       // the collection, a route of its own
			},
		},
		{
			route: "GET/files", function: files.ID, sourceArn: execution + "/v1/GET/files",
			matches:      []string{execution + "/v1/GET/files"},
			doesNotMatch: []string{execution + "/v1/GET/files/0f8e2d", execution + "/v1/DELETE/files"},
		},
		{
			route: "POST/uploads", function: "app-test-uploads", sourceArn: execution + "/v1/POST/uploads",
			matches:      []string{execution + "/v1/POST/uploads"},
			doesNotMatch: []string{otherAPI + "/v1/POST/uploads", execution + "/v1/POST/files"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.route, func(t *testing.T) {
			permission := find(t, mocks, typeLambdaPermission, "api-"+tt.route+"-permission")

			assertParent(t, permission, RestAPIType, "api")
			assert.Equal(t, "lambda:InvokeFunction", permission.Inputs["action"].StringValue())
			assert.Equal(t, "apigateway.amazonaws.com", permission.Inputs["principal"].StringValue())
			assert.Equal(t, tt.function, permission.Inputs["function"].StringValue())
			sourceArn := permission.Inputs["sourceArn"].StringValue()
			assert.Equal(t, tt.sourceArn, sourceArn)
			for _, arn := range tt.matches {
				assert.True(t, arnLike(sourceArn, arn), "%s matches %s", arn, sourceArn)
			}
			for _, arn := range tt.doesNotMatch {
				assert.False(t, arnLike(sourceArn, arn), "%s must not match %s", arn, sourceArn)
			}
		})
	}
	assert.Len(t, mocks.ByType(typeLambdaPermission), 5, "one permission per route")
}

func TestRestAPIRootRoute(t *testing.T) {
	mocks, outputs := newTestAPI(t, func(args *RestAPIArgs, fns apiFunctions) {
		args.Routes = []APIRoute{{Method: "GET", Path: "/", Function: fns.files}}
	})

	api := find(t, mocks, typeRestAPI, "api-api")
	methods := registeredMethods(t, mocks)
	assert.Equal(t, api.Outputs["rootResourceId"].StringValue(), methods["GET /"].Inputs["resourceId"].StringValue())
	assert.Contains(t, methods, "OPTIONS /")
	assert.Empty(t, mocks.ByType(typeAPIResource))
	permission := find(t, mocks, typeLambdaPermission, "api-GET/-permission")
	assert.Equal(t, outputs.executionArn+"/v1/GET/", permission.Inputs["sourceArn"].StringValue())
}

func TestRestAPIStage(t *testing.T) {
	mocks, outputs := newTestAPI(t, nil)

	logs := find(t, mocks, typeLogGroup, "api-access-logs")
	assertParent(t, logs, RestAPIType, "api")
	assert.Equal(t, "/aws/apigateway/app-test-access", logs.Inputs["name"].StringValue())
	assert.Equal(t, float64(DefaultAPIAccessLogRetentionDays), logs.Inputs["retentionInDays"].NumberValue())
	assert.Equal(t, testLogsKeyArn, logs.Inputs["kmsKeyId"].StringValue())

	api := find(t, mocks, typeRestAPI, "api-api")
	executionLogs := find(t, mocks, typeLogGroup, "api-execution-logs")
	assertParent(t, executionLogs, RestAPIType, "api")
	assert.Equal(t, "API-Gateway-Execution-Logs_"+api.ID+"/v1", executionLogs.Inputs["name"].StringValue())
	assert.Equal(t, outputs.executionLogGroupName, executionLogs.Inputs["name"].StringValue())
	assert.Equal(t, float64(DefaultAPIAccessLogRetentionDays), executionLogs.Inputs["retentionInDays"].NumberValue())
	assert.Equal(t, testLogsKeyArn, executionLogs.Inputs["kmsKeyId"].StringValue())
	assert.True(t, find(t, mocks, typeAPIMethodSettings, "api-method-settings").DependsOn(typeLogGroup, "api-execution-logs"),
		"the group exists before execution logging starts")

	deployment := find(t, mocks, typeAPIDeployment, "api-deployment")
	stage := find(t, mocks, typeAPIStage, "api-stage")
	assertParent(t, stage, RestAPIType, "api")
	assert.Equal(t, "v1", stage.Inputs["stageName"].StringValue())
	assert.Equal(t, deployment.ID, stage.Inputs["deployment"].StringValue())
	assert.True(t, stage.Inputs["xrayTracingEnabled"].BoolValue())
	assert.False(t, stage.Inputs["cacheClusterEnabled"].BoolValue())
	assert.NotContains(t, stage.Inputs, resource.PropertyKey("cacheClusterSize"))

	accessLogs := object(t, stage.Inputs, "accessLogSettings")
	assert.Equal(t, logs.Outputs["arn"].StringValue(), accessLogs["destinationArn"].StringValue())
	var format map[string]string
	require.NoError(t, json.Unmarshal([]byte(accessLogs["format"].StringValue()), &format), "the format is JSON")
	for field, variable := range map[string]string{
		"requestId":          "$context.requestId",
		"extendedRequestId":  "$context.extendedRequestId",
		"ip":                 "$context.identity.sourceIp",
		"caller":             "$context.identity.caller",
		"user":               "$context.authorizer.claims.sub",
		"httpMethod":         "$context.httpMethod",
		"resourcePath":       "$context.resourcePath",
		"status":             "$context.status",
		"protocol":           "$context.protocol",
		"responseLength":     "$context.responseLength",
		"responseLatency":    "$context.responseLatency",
		"integrationLatency": "$context.integrationLatency",
		"wafError":           "$context.waf.error",
		"wafStatus":          "$context.waf.status",
		"authorizerError":    "$context.authorizer.error",
		"integrationError":   "$context.integration.error",
	} {
		assert.Equal(t, variable, format[field], "access log field %s", field)
	}
}

func TestRestAPIMethodSettings(t *testing.T) {
	tests := []struct {
		name      string
		configure func(args *RestAPIArgs, fns apiFunctions)
		dataTrace bool
		rate      float64
		burst     float64
	}{
		{name: "defaults", rate: DefaultAPIThrottleRateLimit, burst: DefaultAPIThrottleBurstLimit},
		{
			name: "development stack",
			configure: func(args *RestAPIArgs, _ apiFunctions) {
				args.DataTrace = true
				args.ThrottleRateLimit = 5.5
				args.ThrottleBurstLimit = 10
			},
			dataTrace: true, rate: 5.5, burst: 10,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			mocks, _ := newTestAPI(t, tt.configure)

			api := find(t, mocks, typeRestAPI, "api-api")
			settings := find(t, mocks, typeAPIMethodSettings, "api-method-settings")
			assertParent(t, settings, RestAPIType, "api")
			assert.Equal(t, api.ID, settings.Inputs["restApi"].StringValue())
			assert.Equal(t, "v1", settings.Inputs["stageName"].StringValue())
			assert.Equal(t, "*/*", settings.Inputs["methodPath"].StringValue())
			assert.True(t, settings.DependsOn(typeAPIStage, "api-stage"), "the settings wait for the stage")
			values := object(t, settings.Inputs, "settings")
			assert.True(t, values["metricsEnabled"].BoolValue())
			assert.Equal(t, "ERROR", values["loggingLevel"].StringValue())
			assert.Equal(t, tt.dataTrace, values["dataTraceEnabled"].BoolValue())
			assert.Equal(t, tt.rate, values["throttlingRateLimit"].NumberValue())
			assert.Equal(t, tt.burst, values["throttlingBurstLimit"].NumberValue())
			assert.False(t, values["cachingEnabled"].BoolValue())
		})
	}
}

func TestRestAPICustomStageAndRetention(t *testing.T) {
	mocks, outputs := newTestAPI(t, func(args *RestAPIArgs, _ apiFunctions) {
		args.StageName = "prod_2"
		args.LogRetentionDays = 731
	})

	assert.Equal(t, "prod_2", outputs.stageName)
	assert.True(t, strings.HasSuffix(outputs.invokeURL, "/prod_2"))
	assert.Equal(t, 731.0, find(t, mocks, typeLogGroup, "api-access-logs").Inputs["retentionInDays"].NumberValue())
	assert.Equal(t, 731.0, find(t, mocks, typeLogGroup, "api-execution-logs").Inputs["retentionInDays"].NumberValue())
	assert.True(t, strings.HasSuffix(outputs.executionLogGroupName, "/prod_2"))
	permission := find(t, mocks, typeLambdaPermission, "api-GET/files-permission")
	assert.Equal(t, outputs.executionArn+"/prod_2/GET/files", permission.Inputs["sourceArn"].StringValue())
}

func TestRestAPIRejectsInvalidArgs(t *testing.T) {
	tests := []struct {
		name      string
		configure func(args *RestAPIArgs, fns apiFunctions)
		want      []string
	}{
		{
			name:      "missing name prefix",
			configure: func(args *RestAPIArgs, _ apiFunctions) { args.NamePrefix = "" },
			want:      []string{"NamePrefix is empty"},
		},
		{
			name:      "private without endpoints",
			configure: func(args *RestAPIArgs, _ apiFunctions) { args.EndpointType = APIEndpointPrivate },
			want:      []string{"VpcEndpointIds is empty, but EndpointType is PRIVATE; list the execute-api interface endpoints"},
		},
		{
			name: "endpoint id without vpce prefix",
			configure: func(args *RestAPIArgs, _ apiFunctions) {
				args.EndpointType = APIEndpointPrivate
				args.VpcEndpointIds = []string{"0123456789abcdef0"}
			},
			want: []string{`VpcEndpointIds has "0123456789abcdef0"; use the id of an execute-api interface endpoint, such as vpce-`},
		},
		{
			name: "endpoint ids on a regional API",
			configure: func(args *RestAPIArgs, _ apiFunctions) {
				args.VpcEndpointIds = []string{"vpce-0123456789abcdef0"}
			},
			want: []string{"VpcEndpointIds is [vpce-0123456789abcdef0], but EndpointType is REGIONAL; set EndpointType to PRIVATE or remove VpcEndpointIds"},
		},
		{
			name:      "edge endpoint",
			configure: func(args *RestAPIArgs, _ apiFunctions) { args.EndpointType = "EDGE" },
			want:      []string{`EndpointType "EDGE" is invalid; use REGIONAL or PRIVATE`},
		},
		{
			name:      "stage name with a dot",
			configure: func(args *RestAPIArgs, _ apiFunctions) { args.StageName = "v1.0" },
			want:      []string{`StageName "v1.0" is invalid`},
		},
		{
			name:      "missing user pool",
			configure: func(args *RestAPIArgs, _ apiFunctions) { args.UserPoolArn = nil },
			want:      []string{"UserPoolArn is missing"},
		},
		{
			name:      "missing logs key",
			configure: func(args *RestAPIArgs, _ apiFunctions) { args.LogsKeyArn = nil },
			want:      []string{"LogsKeyArn is missing; pass the KMS key whose policy lets CloudWatch Logs encrypt log groups named /aws/apigateway/app-test-*"},
		},
		{
			name:      "retention CloudWatch rejects",
			configure: func(args *RestAPIArgs, _ apiFunctions) { args.LogRetentionDays = 100 },
			want:      []string{"LogRetentionDays is 100, which CloudWatch Logs does not accept"},
		},
		{
			name:      "negative rate",
			configure: func(args *RestAPIArgs, _ apiFunctions) { args.ThrottleRateLimit = -1 },
			want:      []string{"ThrottleRateLimit is -1; use a number of requests per second above 0"},
		},
		{
			name:      "negative burst",
			configure: func(args *RestAPIArgs, _ apiFunctions) { args.ThrottleBurstLimit = -5 },
			want:      []string{"ThrottleBurstLimit is -5; use at least 1"},
		},
		{
			name:      "no routes",
			configure: func(args *RestAPIArgs, _ apiFunctions) { args.Routes = nil },
			want:      []string{"Routes is empty"},
		},
		{
			name: "declared OPTIONS",
			configure: func(args *RestAPIArgs, fns apiFunctions) {
				args.Routes = append(args.Routes, APIRoute{Method: "OPTIONS", Path: "/files", Function: fns.files})
			},
			want: []string{"Routes OPTIONS /files: OPTIONS is generated for CORS preflight requests"},
		},
		{
			name: "lowercase method",
			configure: func(args *RestAPIArgs, fns apiFunctions) {
				args.Routes = append(args.Routes, APIRoute{Method: "get", Path: "/me", Function: fns.files})
			},
			want: []string{`Routes get /me: Method "get" is invalid; use one of GET, POST, PUT, PATCH, DELETE`},
		},
		{
			name: "path with trailing slash",
			configure: func(args *RestAPIArgs, fns apiFunctions) {
				args.Routes = append(args.Routes, APIRoute{Method: "GET", Path: "/me/", Function: fns.files})
			},
			want: []string{`Routes GET /me/: Path "/me/" is invalid`},
		},
		{
			name: "greedy path parameter",
			configure: func(args *RestAPIArgs, fns apiFunctions) {
				args.Routes = append(args.Routes, APIRoute{Method: "GET", Path: "/static/{proxy+}", Function: fns.files})
			},
			want: []string{`Path "/static/{proxy+}" is invalid`},
		},
		{
			name: "missing function",
			configure: func(args *RestAPIArgs, _ apiFunctions) {
				args.Routes = append(args.Routes, APIRoute{Method: "GET", Path: "/me"})
			},
			want: []string{"Routes GET /me: Function is missing; pass the *GoFunction that serves the route"},
		},
		{
			name: "function without outputs",
			configure: func(args *RestAPIArgs, _ apiFunctions) {
				args.Routes = append(args.Routes, APIRoute{Method: "GET", Path: "/me", Function: &GoFunction{}})
			},
			want: []string{"Routes GET /me: Function is missing"},
		},
		{
			name: "route declared twice",
			configure: func(args *RestAPIArgs, fns apiFunctions) {
				args.Routes = append(args.Routes, APIRoute{Method: "GET", Path: "/files", Function: fns.uploads})
			},
			want: []string{"Routes has GET /files twice"},
		},
		{
			name: "two parameter names at one level",
			configure: func(args *RestAPIArgs, fns apiFunctions) {
				args.Routes = append(args.Routes, APIRoute{Method: "PUT", Path: "/files/{fileId}", Function: fns.files})
			},
			want: []string{"Routes use both {fileId} and {id} under /files; API Gateway allows one path parameter per level"},
		},
		{
			name: "model on GET",
			configure: func(args *RestAPIArgs, _ apiFunctions) {
				args.Routes[0].RequestModel = testUploadModel
			},
			want: []string{"Routes GET /files: RequestModel is set on a GET route; only POST, PUT, PATCH requests carry a body"},
		},
		{
			name: "model not JSON",
			configure: func(args *RestAPIArgs, _ apiFunctions) {
				args.Routes[3].RequestModel = "type: object"
			},
			want: []string{"Routes POST /uploads: RequestModel is not a JSON object"},
		},
		{
			name: "model names that collide",
			configure: func(args *RestAPIArgs, fns apiFunctions) {
				args.Routes = append(args.Routes, APIRoute{
					Method: "POST", Path: "/up-loads", Function: fns.uploads, RequestModel: testUploadModel,
				})
				args.Routes = append(args.Routes, APIRoute{
					Method: "POST", Path: "/up_loads", Function: fns.uploads, RequestModel: testUploadModel,
				})
			},
			want: []string{"Routes POST /up-loads and POST /up_loads both get the request model name PostUpLoadsBody"},
		},
		{
			name: "invalid query parameter",
			configure: func(args *RestAPIArgs, _ apiFunctions) {
				args.Routes[0].RequiredQuery = []string{"page size"}
			},
			want: []string{`Routes GET /files: RequiredQuery has "page size"`},
		},
		{
			name: "invalid group",
			configure: func(args *RestAPIArgs, _ apiFunctions) {
				args.Routes[0].RequiredGroup = "Admins"
			},
			want: []string{`Routes GET /files: RequiredGroup "Admins" is invalid`},
		},
		{
			name: "scope with a space",
			configure: func(args *RestAPIArgs, _ apiFunctions) {
				args.Routes[0].Scopes = []string{"files read"}
			},
			want: []string{`Routes GET /files: Scopes has "files read"`},
		},
		{
			name: "http origin",
			configure: func(args *RestAPIArgs, _ apiFunctions) {
				args.Cors.AllowedOrigins = []string{"http://app.example.com"}
			},
			want: []string{`Cors.AllowedOrigins has "http://app.example.com"; use an https origin`},
		},
		{
			name: "http origin on another loopback name",
			configure: func(args *RestAPIArgs, _ apiFunctions) {
				args.Cors.AllowedOrigins = []string{"http://localhost.example.com"}
			},
			want: []string{`Cors.AllowedOrigins has "http://localhost.example.com"`},
		},
		{
			name: "wildcard origin",
			configure: func(args *RestAPIArgs, _ apiFunctions) {
				args.Cors.AllowedOrigins = []string{"*"}
			},
			want: []string{`Cors.AllowedOrigins has "*"`},
		},
		{
			name: "origin with a path",
			configure: func(args *RestAPIArgs, _ apiFunctions) {
				args.Cors.AllowedOrigins = []string{"https://app.example.com/"}
			},
			want: []string{`Cors.AllowedOrigins has "https://app.example.com/"`},
		},
		{
			name: "origin twice",
			configure: func(args *RestAPIArgs, _ apiFunctions) {
				args.Cors.AllowedOrigins = []string{testAppOrigin, testAppOrigin}
			},
			want: []string{`Cors.AllowedOrigins has "https://app.example.com" twice`},
		},
		{
			name: "headers without origins",
			configure: func(args *RestAPIArgs, _ apiFunctions) {
				args.Cors = APICorsArgs{AllowedHeaders: []string{"Authorization"}}
			},
			want: []string{"Cors.AllowedHeaders is set without Cors.AllowedOrigins"},
		},
		{
			name: "header with a quote",
			configure: func(args *RestAPIArgs, _ apiFunctions) {
				args.Cors.AllowedHeaders = []string{"X-It's"}
			},
			want: []string{`Cors.AllowedHeaders has "X-It's"`},
		},
		{
			name: "max age over a day",
			configure: func(args *RestAPIArgs, _ apiFunctions) {
				args.Cors.MaxAgeSeconds = 86401
			},
			want: []string{"Cors.MaxAgeSeconds is 86401, must be 1 to 86400"},
		},
		{
			name: "api key route without plans",
			configure: func(args *RestAPIArgs, _ apiFunctions) {
				args.Routes[0].APIKeyRequired = true
			},
			want: []string{"Routes GET /files set APIKeyRequired, but UsagePlans is empty"},
		},
		{
			name: "usage plan with an invalid name and period",
			configure: func(args *RestAPIArgs, _ apiFunctions) {
				args.UsagePlans = []APIUsagePlan{{
					Name: "gold plan", RateLimit: 1, BurstLimit: 1, QuotaLimit: 1, QuotaPeriod: "YEAR",
				}}
			},
			want: []string{
				`UsagePlans[0] (gold plan): Name "gold plan" is invalid`,
				`UsagePlans[0] (gold plan): QuotaPeriod "YEAR" is invalid; use DAY, WEEK, MONTH`,
			},
		},
		{
			name: "usage plan without limits",
			configure: func(args *RestAPIArgs, _ apiFunctions) {
				args.UsagePlans = []APIUsagePlan{{Name: "partners", QuotaPeriod: QuotaPeriodDay}}
			},
			want: []string{
				"UsagePlans[0] (partners): RateLimit is 0",
				"UsagePlans[0] (partners): BurstLimit is 0; use at least 1",
				"UsagePlans[0] (partners): QuotaLimit is 0",
			},
		},
		{
			name: "client in two plans",
			configure: func(args *RestAPIArgs, _ apiFunctions) {
				plan := APIUsagePlan{RateLimit: 1, BurstLimit: 1, QuotaLimit: 1, QuotaPeriod: QuotaPeriodDay,
					Clients: []string{"acme"}}
				first, second := plan, plan
				first.Name, second.Name = "partners", "trial"
				args.UsagePlans = []APIUsagePlan{first, second}
			},
			want: []string{`UsagePlans[1] (trial): Clients has "acme", which plan partners has too`},
		},
		{
			name: "plan name twice",
			configure: func(args *RestAPIArgs, _ apiFunctions) {
				plan := APIUsagePlan{Name: "partners", RateLimit: 1, BurstLimit: 1, QuotaLimit: 1, QuotaPeriod: QuotaPeriodDay}
				args.UsagePlans = []APIUsagePlan{plan, plan}
			},
			want: []string{`UsagePlans[1] (partners): Name "partners" is used by another plan`},
		},
		{
			name: "every error at once",
			configure: func(args *RestAPIArgs, _ apiFunctions) {
				args.StageName = "v 1"
				args.EndpointType = APIEndpointPrivate
			},
			want: []string{`StageName "v 1" is invalid`, "VpcEndpointIds is empty"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			mocks, _, err := runTestAPI(t, tt.configure)

			require.Error(t, err)
			assert.Contains(t, err.Error(), `rest API "api"`)
			for _, want := range tt.want {
				assert.Contains(t, err.Error(), want)
			}
			assert.Empty(t, mocks.ByType(typeRestAPI), "nothing is created from invalid arguments")
		})
	}
}

func TestRestAPIAcceptsValidArgs(t *testing.T) {
	tests := []struct {
		name      string
		configure func(args *RestAPIArgs, fns apiFunctions)
	}{
		{name: "origin with a port", configure: func(args *RestAPIArgs, _ apiFunctions) {
			args.Cors.AllowedOrigins = []string{"https://app.example.com:8443"}
		}},
		{name: "http on localhost for development", configure: func(args *RestAPIArgs, _ apiFunctions) {
			args.Cors.AllowedOrigins = []string{"http://localhost:5173", "http://127.0.0.1:5173"}
		}},
		{name: "literal and parameter siblings", configure: func(args *RestAPIArgs, fns apiFunctions) {
			args.Routes = append(args.Routes, APIRoute{Method: "GET", Path: "/files/shared", Function: fns.files})
		}},
		{name: "every retention CloudWatch accepts", configure: func(args *RestAPIArgs, _ apiFunctions) {
			args.LogRetentionDays = 3653
		}},
		{name: "PATCH with a model", configure: func(args *RestAPIArgs, fns apiFunctions) {
			args.Routes = append(args.Routes, APIRoute{
				Method: "PATCH", Path: "/files/{id}", Function: fns.files, RequestModel: `{"type":"object"}`,
			})
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, _, err := runTestAPI(t, tt.configure)

			assert.NoError(t, err)
		})
	}
}

func TestRestAPIModelName(t *testing.T) {
	tests := []struct {
		method, path, want string
	}{
		{"POST", "/uploads", "PostUploadsBody"},
		{"PUT", "/files/{id}", "PutFilesByIdBody"},
		{"PATCH", "/me/settings.v2", "PatchMeSettingsV2Body"},
		{"POST", "/", "PostBody"},
	}
	for _, tt := range tests {
		t.Run(tt.method+" "+tt.path, func(t *testing.T) {
			name := APIRoute{Method: tt.method, Path: tt.path}.modelName()

			assert.Equal(t, tt.want, name)
			assert.Regexp(t, `^[A-Za-z0-9]+$`, name, "API Gateway accepts only alphanumeric model names")
		})
	}
}

func TestRoutePathsListParentsFirst(t *testing.T) {
	routes := []APIRoute{{Path: "/files/{id}/versions"}, {Path: "/admin/quarantine"}, {Path: "/"}, {Path: "/files-archive"}}

	paths := routePaths(routes)

	assert.Equal(t, []string{"/admin", "/admin/quarantine", "/files", "/files-archive", "/files/{id}", "/files/{id}/versions"}, paths)
	for i, path := range paths {
		parent, _ := splitResourcePath(path)
		assert.True(t, parent == "/" || slices.Index(paths, parent) < i, "%s comes after its parent %s", path, parent)
	}
}
