package program

import (
	"errors"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const (
	typeRestAPI   = "aws:apigateway/restApi:RestApi"
	typeStage     = "aws:apigateway/stage:Stage"
	typeMethod    = "aws:apigateway/method:Method"
	typeUsagePlan = "aws:apigateway/usagePlan:UsagePlan"
	typeAPIKey    = "aws:apigateway/apiKey:ApiKey"
	typeWebACL    = "aws:wafv2/webAcl:WebAcl"
)

func TestProgramAPIDefaults(t *testing.T) {
	mocks, err := runProgram(t, nil, Options{})
	require.NoError(t, err)

	apis := mocks.ByType(typeRestAPI)
	require.Len(t, apis, 1)
	endpoint := apis[0].Inputs["endpointConfiguration"].ObjectValue()
	assert.Equal(t, "REGIONAL", endpoint["types"].StringValue())

	stages := mocks.ByType(typeStage)
	require.Len(t, stages, 1)
	assert.Equal(t, DefaultAPIStageName, stages[0].Inputs["stageName"].StringValue())

	// Every declared route and one preflight per resource path.
	methods := map[string]string{}
	for _, method := range mocks.ByType(typeMethod) {
		methods[method.Inputs["httpMethod"].StringValue()+" "+method.Name] = method.Inputs["authorization"].StringValue()
	}
	declared := 0
	for key, authorization := range methods {
		if key[:len("OPTIONS")] == "OPTIONS" {
			assert.Equal(t, "NONE", authorization, key)
			continue
		}
		declared++
		assert.Equal(t, "COGNITO_USER_POOLS", authorization, key)
	}
	assert.Equal(t, 8, declared, "methods: %v", methods)
	assert.Empty(t, mocks.ByType(typeUsagePlan), "no usage plan without apiClients")

	acl := findResource(t, mocks, typeWebACL, "platform-api-firewall-web-acl")
	var rateLimit float64
	for _, rule := range acl.Inputs["rules"].ArrayValue() {
		statement := rule.ObjectValue()["statement"].ObjectValue()
		if rate, ok := statement["rateBasedStatement"]; ok {
			rateLimit = rate.ObjectValue()["limit"].NumberValue()
		}
	}
	assert.Equal(t, float64(DefaultWAFRateLimit), rateLimit)
}

func TestProgramReadsAPISettings(t *testing.T) {
	mocks, err := runProgram(t, map[string]string{
		"apiStageName":          "prod",
		"apiEndpointType":       "PRIVATE",
		"edgeEnabled":           "false",
		"apiVpcEndpointIds":     `["vpce-0123456789abcdef0"]`,
		"apiCorsOrigins":        `["https://app.example.com"]`,
		"apiClients":            `["billing", "reports"]`,
		"apiRequireApiKey":      "true",
		"apiClientQuota":        "500",
		"apiClientQuotaPeriod":  "WEEK",
		"wafRateLimit":          "200",
		"wafRateWindowSeconds":  "60",
		"wafManagedRuleGroups":  `["AWSManagedRulesSQLiRuleSet"]`,
		"apiThrottleRateLimit":  "20",
		"apiThrottleBurstLimit": "40",
	}, Options{})
	require.NoError(t, err)

	api := mocks.ByType(typeRestAPI)[0]
	endpoint := api.Inputs["endpointConfiguration"].ObjectValue()
	assert.Equal(t, "PRIVATE", endpoint["types"].StringValue())
	assert.Equal(t, "vpce-0123456789abcdef0", endpoint["vpcEndpointIds"].ArrayValue()[0].StringValue())
	assert.Equal(t, "prod", mocks.ByType(typeStage)[0].Inputs["stageName"].StringValue())

	for _, method := range mocks.ByType(typeMethod) {
		if method.Inputs["httpMethod"].StringValue() == "OPTIONS" {
			continue
		}
		assert.True(t, method.Inputs["apiKeyRequired"].BoolValue(), "%s requires an API key", method.Name)
	}
	plans := mocks.ByType(typeUsagePlan)
	require.Len(t, plans, 1)
	quota := plans[0].Inputs["quotaSettings"].ObjectValue()
	assert.Equal(t, float64(500), quota["limit"].NumberValue())
	assert.Equal(t, "WEEK", quota["period"].StringValue())
	assert.Len(t, mocks.ByType(typeAPIKey), 2)

	var groups []string
	for _, rule := range findResource(t, mocks, typeWebACL, "platform-api-firewall-web-acl").Inputs["rules"].ArrayValue() {
		statement := rule.ObjectValue()["statement"].ObjectValue()
		if managed, ok := statement["managedRuleGroupStatement"]; ok {
			groups = append(groups, managed.ObjectValue()["name"].StringValue())
		}
		if rate, ok := statement["rateBasedStatement"]; ok {
			assert.Equal(t, float64(200), rate.ObjectValue()["limit"].NumberValue())
			assert.Equal(t, float64(60), rate.ObjectValue()["evaluationWindowSec"].NumberValue())
		}
	}
	assert.Contains(t, groups, "AWSManagedRulesSQLiRuleSet")
}

func TestProgramRejectsInvalidAPISettings(t *testing.T) {
	tests := []configErrorCase{
		{
			name: "stage name with a slash", settings: map[string]string{"apiStageName": "v1/beta"},
			key: "apiStageName", value: "v1/beta", accepted: "letters, digits, hyphens and underscores",
		},
		{
			name: "edge endpoint", settings: map[string]string{"apiEndpointType": "EDGE"},
			key: "apiEndpointType", value: "EDGE", accepted: "REGIONAL, or PRIVATE",
		},
		{
			name:     "private without endpoints",
			settings: map[string]string{"apiEndpointType": "PRIVATE", "edgeEnabled": "false"},
			key:      "apiVpcEndpointIds", value: "[]", accepted: "while apiEndpointType is PRIVATE",
		},
		{
			name: "endpoints on a regional API", settings: map[string]string{"apiVpcEndpointIds": `["vpce-0123456789abcdef0"]`},
			key: "apiVpcEndpointIds", value: "vpce-0123456789abcdef0", accepted: "set apiEndpointType to PRIVATE",
		},
		{
			name: "endpoint id of another kind",
			settings: map[string]string{
				"apiEndpointType": "PRIVATE", "edgeEnabled": "false", "apiVpcEndpointIds": `["vpc-0123456789abcdef0"]`,
			},
			key: "apiVpcEndpointIds", value: "vpc-0123456789abcdef0", accepted: "vpce-",
		},
		{
			name: "wildcard origin", settings: map[string]string{"apiCorsOrigins": `["*"]`},
			key: "apiCorsOrigins", value: "*", accepted: "without wildcard",
		},
		{
			name: "throttle of zero", settings: map[string]string{"apiThrottleRateLimit": "0"},
			key: "apiThrottleRateLimit", value: "0", accepted: "1 to 10000",
		},
		{
			name: "api key without clients", settings: map[string]string{"apiRequireApiKey": "true"},
			key: "apiRequireApiKey", value: "true", accepted: "while apiClients is empty",
		},
		{
			name: "client rate above the stage's", settings: map[string]string{"apiClientRateLimit": "51"},
			key: "apiClientRateLimit", value: "51", accepted: "1 to apiThrottleRateLimit",
		},
		{
			name: "quota period", settings: map[string]string{"apiClientQuotaPeriod": "YEAR"},
			key: "apiClientQuotaPeriod", value: "YEAR", accepted: "DAY, WEEK, MONTH",
		},
		{
			name: "client name with a space", settings: map[string]string{"apiClients": `["billing team"]`},
			key: "apiClients", value: "billing team", accepted: "letters, digits, hyphens and underscores",
		},
		{
			name: "rate limit below the provider's minimum", settings: map[string]string{"wafRateLimit": "9"},
			key: "wafRateLimit", value: "9", accepted: "10 to 2000000000",
		},
		{
			name: "rate window", settings: map[string]string{"wafRateWindowSeconds": "30"},
			key: "wafRateWindowSeconds", value: "30", accepted: "60, 120, 300, 600",
		},
		{
			name: "body limit above inspection", settings: map[string]string{"wafMaxBodyBytes": "65537"},
			key: "wafMaxBodyBytes", value: "65537", accepted: "1 to 65536 bytes",
		},
		{
			name: "default rule group twice", settings: map[string]string{"wafManagedRuleGroups": `["AWSManagedRulesCommonRuleSet"]`},
			key: "wafManagedRuleGroups", value: "AWSManagedRulesCommonRuleSet", accepted: "which are always on",
		},
		{
			name: "rule group of a vendor", settings: map[string]string{"wafManagedRuleGroups": `["F5BotDetection"]`},
			key: "wafManagedRuleGroups", value: "F5BotDetection", accepted: "AWS managed rule groups",
		},
	}
	runConfigErrorCases(t, tests)
}

func TestProgramDataTraceOnlyOnDevelopmentStacks(t *testing.T) {
	// runProgram runs stack "dev", which may trace.
	mocks, err := runProgram(t, map[string]string{"apiDataTrace": "true"}, Options{})
	require.NoError(t, err)
	settings := mocks.ByType("aws:apigateway/methodSettings:MethodSettings")
	require.Len(t, settings, 1)
	assert.True(t, settings[0].Inputs["settings"].ObjectValue()["dataTraceEnabled"].BoolValue())

	errs := Config{APIDataTrace: true}.validateAPI("secure-serverless", "prod")
	var found bool
	for _, err := range errs {
		var configErr *ConfigError
		if errors.As(err, &configErr) && configErr.Key == "secure-serverless:apiDataTrace" {
			found = true
			assert.Contains(t, configErr.Accepted, `false on stack "prod"`)
		}
	}
	assert.True(t, found, "apiDataTrace on prod is rejected: %v", errs)
}
