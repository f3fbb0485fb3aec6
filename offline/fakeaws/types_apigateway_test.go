package fakeaws

import (
	"regexp"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Ids of the API Gateway test resources.
const (
	testAPIID      = "a1b2c3d4e5"
	testResourceID = "r2s3t4"
)

func TestAPIGatewayCreateOutputs(t *testing.T) {
	account, region := DefaultAccountID, DefaultRegion
	tests := []struct {
		name     string
		typ      string
		inputs   resource.PropertyMap
		wantID   string
		idRegexp string
		want     map[string]string
		// wantDefaults are schema defaults that Create adds to the outputs.
		wantDefaults resource.PropertyMap
	}{
		{
			name: "rest API", typ: "aws:apigateway/restApi:RestApi",
			inputs:   resource.PropertyMap{"name": str("app-api")},
			idRegexp: `^[a-z2-7]{10}$`,
		},
		{
			name: "resource under the root", typ: "aws:apigateway/resource:Resource",
			inputs: resource.PropertyMap{
				"restApi": str(testAPIID), "parentId": str(rootResourceID(testAPIID)), "pathPart": str("files"),
			},
			idRegexp: `^[a-z2-7]{6}$`,
			want:     map[string]string{"path": "/files"},
		},
		{
			name: "method", typ: "aws:apigateway/method:Method",
			inputs: resource.PropertyMap{
				"restApi": str(testAPIID), "resourceId": str(testResourceID), "httpMethod": str("GET"),
				"authorization": str("COGNITO_USER_POOLS"),
			},
			wantID:       "agm-" + testAPIID + "-" + testResourceID + "-GET",
			wantDefaults: resource.PropertyMap{"apiKeyRequired": resource.NewBoolProperty(false)},
		},
		{
			name: "integration", typ: "aws:apigateway/integration:Integration",
			inputs: resource.PropertyMap{
				"restApi": str(testAPIID), "resourceId": str(testResourceID), "httpMethod": str("GET"),
				"type": str("AWS_PROXY"),
			},
			wantID: "agi-" + testAPIID + "-" + testResourceID + "-GET",
			want:   map[string]string{"cacheNamespace": testResourceID, "passthroughBehavior": "WHEN_NO_MATCH"},
			wantDefaults: resource.PropertyMap{
				"connectionType": str("INTERNET"), "timeoutMilliseconds": resource.NewNumberProperty(29000),
			},
		},
		{
			name: "method response", typ: "aws:apigateway/methodResponse:MethodResponse",
			inputs: resource.PropertyMap{
				"restApi": str(testAPIID), "resourceId": str(testResourceID), "httpMethod": str("OPTIONS"),
				"statusCode": str("200"),
			},
			wantID: "agmr-" + testAPIID + "-" + testResourceID + "-OPTIONS-200",
		},
		{
			name: "integration response", typ: "aws:apigateway/integrationResponse:IntegrationResponse",
			inputs: resource.PropertyMap{
				"restApi": str(testAPIID), "resourceId": str(testResourceID), "httpMethod": str("OPTIONS"),
				"statusCode": str("200"),
			},
			wantID: "agir-" + testAPIID + "-" + testResourceID + "-OPTIONS-200",
		},
		{
			name: "authorizer", typ: "aws:apigateway/authorizer:Authorizer",
			inputs:   resource.PropertyMap{"restApi": str(testAPIID), "name": str("cognito")},
			idRegexp: `^[a-z2-7]{6}$`,
			wantDefaults: resource.PropertyMap{
				"type":                         str("TOKEN"),
				"identitySource":               str("method.request.header.Authorization"),
				"authorizerResultTtlInSeconds": resource.NewNumberProperty(300),
			},
		},
		{
			name: "request validator", typ: "aws:apigateway/requestValidator:RequestValidator",
			inputs:   resource.PropertyMap{"restApi": str(testAPIID), "name": str("body")},
			idRegexp: `^[a-z2-7]{6}$`,
			wantDefaults: resource.PropertyMap{
				"validateRequestBody": resource.NewBoolProperty(false), "validateRequestParameters": resource.NewBoolProperty(false),
			},
		},
		{
			name: "model", typ: "aws:apigateway/model:Model",
			inputs: resource.PropertyMap{
				"restApi": str(testAPIID), "name": str("Upload"), "contentType": str("application/json"),
			},
			idRegexp: `^[a-z2-7]{6}$`,
		},
		{
			name: "gateway response", typ: "aws:apigateway/response:Response",
			inputs: resource.PropertyMap{"restApiId": str(testAPIID), "responseType": str("DEFAULT_4XX")},
			wantID: "aggr-" + testAPIID + "-DEFAULT_4XX",
		},
		{
			name: "deployment", typ: "aws:apigateway/deployment:Deployment",
			inputs:   resource.PropertyMap{"restApi": str(testAPIID)},
			idRegexp: `^[a-z2-7]{6}$`,
			want: map[string]string{
				"createdDate":  fixedTimeRFC3339,
				"executionArn": "arn:aws:execute-api:" + region + ":" + account + ":" + testAPIID + "/",
				"invokeUrl":    "https://" + testAPIID + ".execute-api." + region + ".amazonaws.com/",
			},
		},
		{
			name: "stage", typ: "aws:apigateway/stage:Stage",
			inputs: resource.PropertyMap{
				"restApi": str(testAPIID), "stageName": str("v1"), "deployment": str("d1e2f3"),
			},
			wantID: "ags-" + testAPIID + "-v1",
			want: map[string]string{
				"arn":          "arn:aws:apigateway:" + region + "::/restapis/" + testAPIID + "/stages/v1",
				"executionArn": "arn:aws:execute-api:" + region + ":" + account + ":" + testAPIID + "/v1",
				"invokeUrl":    "https://" + testAPIID + ".execute-api." + region + ".amazonaws.com/v1",
				"webAclArn":    "",
			},
		},
		{
			name: "method settings", typ: "aws:apigateway/methodSettings:MethodSettings",
			inputs: resource.PropertyMap{
				"restApi": str(testAPIID), "stageName": str("v1"), "methodPath": str("*/*"),
				"settings": resource.NewObjectProperty(resource.PropertyMap{}),
			},
			wantID: testAPIID + "-v1-*/*",
		},
		{
			name: "rest API policy", typ: "aws:apigateway/restApiPolicy:RestApiPolicy",
			inputs: resource.PropertyMap{"restApiId": str(testAPIID), "policy": str("{}")},
			wantID: testAPIID,
		},
		{
			name: "usage plan", typ: "aws:apigateway/usagePlan:UsagePlan",
			inputs:   resource.PropertyMap{"name": str("partners")},
			idRegexp: `^[a-z2-7]{6}$`,
		},
		{
			name: "API key", typ: "aws:apigateway/apiKey:ApiKey",
			inputs:   resource.PropertyMap{"name": str("acme")},
			idRegexp: `^[a-z2-7]{10}$`,
			want:     map[string]string{"createdDate": fixedTimeRFC3339, "lastUpdatedDate": fixedTimeRFC3339},
			wantDefaults: resource.PropertyMap{
				"description": str("Managed by Pulumi"), "enabled": resource.NewBoolProperty(true),
			},
		},
		{
			name: "usage plan key", typ: "aws:apigateway/usagePlanKey:UsagePlanKey",
			inputs: resource.PropertyMap{"keyId": str("k1l2m3n4o5"), "keyType": str("API_KEY"), "usagePlanId": str("p1q2r3")},
			wantID: "k1l2m3n4o5",
			want:   map[string]string{"value": apiKeyValue("k1l2m3n4o5")},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Empty(t, Model{}.MissingInputs(tt.typ, tt.inputs), "the test inputs are complete")

			id, outputs, err := Model{}.Create(tt.typ, "test", tt.inputs, false)

			require.NoError(t, err)
			if tt.wantID != "" {
				assert.Equal(t, tt.wantID, id)
			}
			if tt.idRegexp != "" {
				assert.Regexp(t, regexp.MustCompile(tt.idRegexp), id)
			}
			for key, want := range tt.want {
				got, ok := stringValue(outputs, key)
				assert.True(t, ok, "output %s is a known string", key)
				assert.Equal(t, want, got, "output %s", key)
			}
			for key, want := range tt.wantDefaults {
				assert.Equal(t, want, outputs[key], "default %s", key)
			}
			for key, value := range tt.inputs {
				assert.Equal(t, value, outputs[key], "input %s is an output", key)
			}
			assert.False(t, outputs.ContainsUnknowns())
		})
	}
}

func TestAPIGatewayARNs(t *testing.T) {
	model := Model{}
	id, api, err := model.Create("aws:apigateway/restApi:RestApi", "api", resource.PropertyMap{"name": str("app-api")}, false)
	require.NoError(t, err)
	assert.Equal(t, "arn:aws:apigateway:us-east-1::/restapis/"+id, api["arn"].StringValue())
	assert.Equal(t, "arn:aws:execute-api:us-east-1:123456789012:"+id, api["executionArn"].StringValue())
	assert.Equal(t, rootResourceID(id), api["rootResourceId"].StringValue())
	assert.Regexp(t, `^[a-z2-7]{10}$`, api["rootResourceId"].StringValue())

	authorizerID, authorizer, err := model.Create("aws:apigateway/authorizer:Authorizer", "auth",
		resource.PropertyMap{"restApi": str(id), "name": str("cognito")}, false)
	require.NoError(t, err)
	assert.Equal(t, "arn:aws:apigateway:us-east-1::/restapis/"+id+"/authorizers/"+authorizerID, authorizer["arn"].StringValue())

	planID, plan, err := model.Create("aws:apigateway/usagePlan:UsagePlan", "plan", resource.PropertyMap{"name": str("p")}, false)
	require.NoError(t, err)
	assert.Equal(t, "arn:aws:apigateway:us-east-1::/usageplans/"+planID, plan["arn"].StringValue())

	keyID, key, err := model.Create("aws:apigateway/apiKey:ApiKey", "key", resource.PropertyMap{"name": str("acme")}, false)
	require.NoError(t, err)
	assert.Equal(t, "arn:aws:apigateway:us-east-1::/apikeys/"+keyID, key["arn"].StringValue())

	china := Model{Region: "cn-north-1"}
	_, stage, err := china.Create("aws:apigateway/stage:Stage", "stage", resource.PropertyMap{
		"restApi": str(testAPIID), "stageName": str("v1"), "deployment": str("d1"),
	}, false)
	require.NoError(t, err)
	assert.Equal(t, "arn:aws-cn:apigateway:cn-north-1::/restapis/"+testAPIID+"/stages/v1", stage["arn"].StringValue())
	assert.Equal(t, "https://"+testAPIID+".execute-api.cn-north-1.amazonaws.com.cn/v1", stage["invokeUrl"].StringValue())
}

// The model stores no state, so it derives the path only of a resource right under the root.
func TestAPIGatewayNestedResourceHasNoPath(t *testing.T) {
	_, outputs, err := Model{}.Create("aws:apigateway/resource:Resource", "id", resource.PropertyMap{
		"restApi": str(testAPIID), "parentId": str(testResourceID), "pathPart": str("{id}"),
	}, false)

	require.NoError(t, err)
	assert.NotContains(t, outputs, resource.PropertyKey("path"))
}

func TestAPIGatewayKeyValue(t *testing.T) {
	keyID, key, err := Model{}.Create("aws:apigateway/apiKey:ApiKey", "key", resource.PropertyMap{"name": str("acme")}, false)
	require.NoError(t, err)
	_, otherKey, err := Model{}.Create("aws:apigateway/apiKey:ApiKey", "other", resource.PropertyMap{"name": str("globex")}, false)
	require.NoError(t, err)
	_, planKey, err := Model{}.Create("aws:apigateway/usagePlanKey:UsagePlanKey", "plan-key", resource.PropertyMap{
		"keyId": str(keyID), "keyType": str("API_KEY"), "usagePlanId": str("p1q2r3"),
	}, false)
	require.NoError(t, err)

	value := key["value"].StringValue()
	assert.Regexp(t, `^[A-Za-z0-9]{40}$`, value)
	assert.NotEqual(t, value, otherKey["value"].StringValue(), "each key gets its own value")
	assert.Equal(t, value, planKey["value"].StringValue(), "a usage plan key reports the value of its key")
}

// A deployment's id follows its triggers, so a changed API gets a new deployment, as in AWS.
func TestAPIGatewayDeploymentIDFollowsTriggers(t *testing.T) {
	deploy := func(trigger string) string {
		t.Helper()
		id, _, err := Model{}.Create("aws:apigateway/deployment:Deployment", "deployment", resource.PropertyMap{
			"restApi":  str(testAPIID),
			"triggers": resource.NewObjectProperty(resource.PropertyMap{"redeployment": str(trigger)}),
		}, false)
		require.NoError(t, err)
		return id
	}

	assert.Equal(t, deploy("aaa"), deploy("aaa"))
	assert.NotEqual(t, deploy("aaa"), deploy("bbb"))
}

func TestAPIGatewayMissingInputs(t *testing.T) {
	assert.Equal(t, []string{"authorization", "httpMethod", "resourceId", "restApi"},
		Model{}.MissingInputs("aws:apigateway/method:Method", resource.PropertyMap{}))
	assert.Equal(t, []string{"deployment"},
		Model{}.MissingInputs("aws:apigateway/stage:Stage", resource.PropertyMap{"restApi": str("a"), "stageName": str("v1")}))
	assert.Equal(t, []string{"keyId", "keyType", "usagePlanId"},
		Model{}.MissingInputs("aws:apigateway/usagePlanKey:UsagePlanKey", resource.PropertyMap{}))
}

func TestAPIGatewayPreviewLeavesOutputsUnknown(t *testing.T) {
	_, outputs, err := Model{}.Create("aws:apigateway/stage:Stage", "stage", resource.PropertyMap{
		"restApi": resource.MakeComputed(str("")), "stageName": str("v1"), "deployment": resource.MakeComputed(str("")),
	}, true)

	require.NoError(t, err)
	for _, key := range []resource.PropertyKey{"arn", "invokeUrl", "executionArn"} {
		assert.True(t, outputs[key].IsComputed(), "%s is unknown in a preview", key)
	}
}

func TestAPIGatewayReplaceOnChange(t *testing.T) {
	tests := []struct {
		typ     string
		want    []string
		notWant []string
	}{
		{typ: "aws:apigateway/restApi:RestApi", notWant: []string{"name", "endpointConfiguration", "policy"}},
		{typ: "aws:apigateway/resource:Resource", want: []string{"restApi"}, notWant: []string{"parentId", "pathPart"}},
		{typ: "aws:apigateway/method:Method", want: []string{"httpMethod", "resourceId", "restApi"}, notWant: []string{"authorization", "authorizerId"}},
		{typ: "aws:apigateway/integration:Integration", want: []string{"type", "integrationHttpMethod"}, notWant: []string{"uri"}},
		{typ: "aws:apigateway/methodResponse:MethodResponse", want: []string{"httpMethod"}, notWant: []string{"statusCode", "responseParameters"}},
		{typ: "aws:apigateway/deployment:Deployment", want: []string{"triggers", "restApi", "variables"}, notWant: []string{"description"}},
		{typ: "aws:apigateway/stage:Stage", want: []string{"stageName", "restApi"}, notWant: []string{"deployment", "accessLogSettings"}},
		{typ: "aws:apigateway/response:Response", want: []string{"responseType", "restApiId"}, notWant: []string{"responseParameters"}},
		{typ: "aws:apigateway/apiKey:ApiKey", want: []string{"name", "value"}, notWant: []string{"enabled"}},
		{typ: "aws:apigateway/usagePlan:UsagePlan", notWant: []string{"name", "apiStages"}},
		{typ: "aws:apigateway/usagePlanKey:UsagePlanKey", want: []string{"keyId", "keyType", "usagePlanId"}},
	}
	for _, tt := range tests {
		t.Run(tt.typ, func(t *testing.T) {
			got := ReplaceOnChange(tt.typ)

			for _, key := range tt.want {
				assert.Contains(t, got, key)
			}
			for _, key := range tt.notWant {
				assert.NotContains(t, got, key)
			}
		})
	}
}
