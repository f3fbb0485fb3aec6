package infra

import (
	"regexp"
	"slices"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/secureserverless/framework/offline/fakeaws"
)

func TestRestAPIDeploymentWaitsForDefinition(t *testing.T) {
	mocks, outputs := newTestAPI(t, func(args *RestAPIArgs, _ apiFunctions) {
		args.Routes[3].RequiredQuery = []string{"folder"}
		args.Routes[4].RequiredQuery = nil
		args.Routes = append(args.Routes, APIRoute{
			Method: "GET", Path: "/files/{id}/versions", Function: args.Routes[0].Function,
			RequiredQuery: []string{"limit"},
		})
	})

	deployment := find(t, mocks, typeAPIDeployment, "api-deployment")
	assertParent(t, deployment, RestAPIType, "api")
	api := find(t, mocks, typeRestAPI, "api-api")
	assert.Equal(t, api.ID, deployment.Inputs["restApi"].StringValue())
	assert.NotContains(t, deployment.Inputs, "stageName", "the stage resource manages the stage")
	assert.Equal(t, map[string]string{"redeployment": outputs.triggers["redeployment"]},
		stringMapInput(t, deployment.Inputs, "triggers"))

	definitionTypes := []string{
		typeAPIMethod, typeAPIIntegration, typeAPIMethodResponse, typeAPIIntegrationResponse,
		typeAPIGatewayResponse, typeAPIModel, typeAPIValidator, typeAPIAuthorizer,
	}
	for _, typ := range definitionTypes {
		resources := mocks.ByType(typ)
		require.NotEmpty(t, resources, "the test API has a %s", typ)
		for _, r := range resources {
			assert.True(t, deployment.DependsOn(typ, r.Name), "the deployment waits for %s %q", typ, r.Name)
		}
	}
	assert.Len(t, mocks.ByType(typeAPIValidator), 2, "body-and-params and params")
}

// triggerOf returns the redeployment trigger of the test API changed by configure.
func triggerOf(t *testing.T, configure func(args *RestAPIArgs, fns apiFunctions)) string {
	t.Helper()
	_, outputs := newTestAPI(t, configure)
	trigger := outputs.triggers["redeployment"]
	require.Regexp(t, regexp.MustCompile(`^[0-9a-f]{64}$`), trigger)
	return trigger
}

// A stage keeps serving its old deployment after a change unless the change creates a new
// deployment, so every change of the API's definition must change the trigger.
func TestRestAPIDeploymentTrigger(t *testing.T) {
	base := triggerOf(t, nil)

	assert.Equal(t, base, triggerOf(t, nil), "the same API gives the same trigger")

	changes := map[string]func(args *RestAPIArgs, fns apiFunctions){
		"another function": func(args *RestAPIArgs, fns apiFunctions) { args.Routes[1].Function = fns.uploads },
		"a new route": func(args *RestAPIArgs, fns apiFunctions) {
			args.Routes = append(args.Routes, APIRoute{Method: "PUT", Path: "/files/{id}", Function: fns.files})
		},
		"a removed route": func(args *RestAPIArgs, _ apiFunctions) { args.Routes = args.Routes[1:] },
		"a new origin": func(args *RestAPIArgs, _ apiFunctions) {
			args.Cors.AllowedOrigins = []string{"https://web.example.com"}
		},
		"another header":   func(args *RestAPIArgs, _ apiFunctions) { args.Cors.AllowedHeaders = []string{"Authorization"} },
		"another max age":  func(args *RestAPIArgs, _ apiFunctions) { args.Cors.MaxAgeSeconds = 60 },
		"no CORS":          func(args *RestAPIArgs, _ apiFunctions) { args.Cors = APICorsArgs{} },
		"another model":    func(args *RestAPIArgs, _ apiFunctions) { args.Routes[3].RequestModel = `{"type":"object"}` },
		"a required query": func(args *RestAPIArgs, _ apiFunctions) { args.Routes[0].RequiredQuery = []string{"page"} },
		"a scope": func(args *RestAPIArgs, _ apiFunctions) {
			args.Routes[0].Scopes = []string{"https://api.example.com/files.read"}
		},
		"another user pool": func(args *RestAPIArgs, _ apiFunctions) { args.UserPoolArn = pulumi.String(testUserPoolArn + "X") },
		"an API key required": func(args *RestAPIArgs, _ apiFunctions) {
			args.Routes[0].APIKeyRequired = true
			args.UsagePlans = []APIUsagePlan{{Name: "p", RateLimit: 1, BurstLimit: 1, QuotaLimit: 1, QuotaPeriod: QuotaPeriodDay}}
		},
		"a private endpoint": func(args *RestAPIArgs, _ apiFunctions) {
			args.EndpointType = APIEndpointPrivate
			args.VpcEndpointIds = []string{"vpce-0123456789abcdef0"}
		},
	}
	seen := map[string]string{base: "the base API"}
	for name, change := range changes {
		t.Run(name, func(t *testing.T) {
			trigger := triggerOf(t, change)

			assert.NotEqual(t, base, trigger, "%s changes the trigger", name)
			if other, duplicate := seen[trigger]; duplicate {
				assert.Failf(t, "two changes give one trigger", "%s and %s", name, other)
			}
			seen[trigger] = name
		})
	}

	// Settings of the stage, the documentation of the routes and the order of the routes are no part of
	// the deployment.
	unchanged := map[string]func(args *RestAPIArgs, fns apiFunctions){
		"reordered routes": func(args *RestAPIArgs, _ apiFunctions) { slices.Reverse(args.Routes) },
		"another group":    func(args *RestAPIArgs, _ apiFunctions) { args.Routes[0].RequiredGroup = AdminGroup },
		"stage settings": func(args *RestAPIArgs, _ apiFunctions) {
			args.ThrottleRateLimit, args.ThrottleBurstLimit, args.DataTrace, args.LogRetentionDays = 1, 2, true, 30
		},
	}
	for name, change := range unchanged {
		t.Run(name, func(t *testing.T) {
			assert.Equal(t, base, triggerOf(t, change), "%s keeps the trigger", name)
		})
	}
}

// The fake model derives a deployment's id from its triggers, as AWS creates a new deployment for
// them, so a changed API gives the stage a new deployment to serve.
func TestRestAPIChangeMovesStageToNewDeployment(t *testing.T) {
	deploymentAndStage := func(configure func(args *RestAPIArgs, fns apiFunctions)) (fakeaws.MockResource, fakeaws.MockResource) {
		mocks, _ := newTestAPI(t, configure)
		return find(t, mocks, typeAPIDeployment, "api-deployment"), find(t, mocks, typeAPIStage, "api-stage")
	}
	before, stageBefore := deploymentAndStage(nil)
	after, stageAfter := deploymentAndStage(func(args *RestAPIArgs, fns apiFunctions) { args.Routes[1].Function = fns.uploads })

	assert.Contains(t, fakeaws.ReplaceOnChange(typeAPIDeployment), "triggers", "a new trigger replaces the deployment")
	assert.NotEqual(t, before.ID, after.ID)
	assert.Equal(t, before.ID, stageBefore.Inputs["deployment"].StringValue())
	assert.Equal(t, after.ID, stageAfter.Inputs["deployment"].StringValue())
	assert.NotContains(t, fakeaws.ReplaceOnChange(typeAPIStage), "deployment", "the stage moves in place")
}

func TestDeploymentTriggerRejectsMissingArns(t *testing.T) {
	args := RestAPIArgs{Routes: []APIRoute{{Method: "GET", Path: "/files"}}}

	_, err := deploymentTrigger(args, testUserPoolArn, "", nil)

	assert.ErrorContains(t, err, "0 invoke ARNs for 1 routes")
}

func TestDeploymentTriggerCoversPolicy(t *testing.T) {
	args := RestAPIArgs{EndpointType: APIEndpointPrivate, Routes: []APIRoute{{Method: "GET", Path: "/files"}}}
	arns := []string{"arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/f/invocations"}

	first, err := deploymentTrigger(args, testUserPoolArn, privateAPIPolicy("arn:aws:execute-api:us-east-1:1:a", []string{"vpce-0123456789abcdef0"}), arns)
	require.NoError(t, err)
	second, err := deploymentTrigger(args, testUserPoolArn, privateAPIPolicy("arn:aws:execute-api:us-east-1:1:a", []string{"vpce-0fedcba9876543210"}), arns)
	require.NoError(t, err)

	assert.NotEqual(t, first, second)
}
