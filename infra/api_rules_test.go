package infra

import (
	"context"
	"encoding/json"
	"maps"
	"slices"
	"strings"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/secureserverless/framework/offline/fakeaws"
	"github.com/secureserverless/framework/policy/pack"
	"github.com/secureserverless/framework/policy/rules"
)

// policyConfig returns the config a policy gets when the stack sets none: the defaults of its
// schema, decoded from JSON as the pack server passes them.
func policyConfig(t *testing.T, policy *pack.Policy) map[string]any {
	t.Helper()
	config := map[string]any{}
	if policy.ConfigSchema != nil {
		for name, property := range policy.ConfigSchema.Properties {
			if value, ok := property["default"]; ok {
				config[name] = value
			}
		}
	}
	encoded, err := json.Marshal(config)
	require.NoError(t, err)
	decoded := map[string]any{}
	require.NoError(t, json.Unmarshal(encoded, &decoded))
	return decoded
}

// checkResourcePolicies runs every resource policy of the pack on the inputs of each resource that
// the rest API named "api" created, as the pack server does before the engine creates them. It fails
// on any violation or unknown value and returns how often each policy ran.
func checkResourcePolicies(t *testing.T, mocks *fakeaws.Mocks) map[string]int {
	t.Helper()
	ran := map[string]int{}
	for _, r := range mocks.Resources() {
		if !r.Custom || !strings.HasSuffix(r.Parent, RestAPIType+"::api") {
			continue
		}
		for _, policy := range rules.All() {
			if policy.ValidateResource == nil || policy.EnforcementLevel == pack.EnforcementLevelDisabled ||
				!slices.Contains(policy.ResourceTypes, r.Type) {
				continue
			}
			check := &pack.ResourceCheck{
				Resource: pack.Resource{
					Type: r.Type, URN: r.Type + "::" + r.Name, Name: r.Name, Parent: r.Parent,
					Properties: resource.FromResourcePropertyMap(r.Inputs),
				},
				Config: policyConfig(t, policy),
			}
			require.NoError(t, policy.ValidateResource(context.Background(), check), "%s on %q", policy.Name, r.Name)
			findings := check.Findings()
			assert.Empty(t, findings.Violations, "%s on %s %q", policy.Name, r.Type, r.Name)
			assert.Empty(t, findings.Unknowns, "%s on %s %q", policy.Name, r.Type, r.Name)
			ran[policy.Name]++
		}
	}
	return ran
}

func TestRestAPIPassesResourcePolicies(t *testing.T) {
	tests := map[string]func(args *RestAPIArgs, fns apiFunctions){
		"defaults": nil,
		"private with usage plans": func(args *RestAPIArgs, fns apiFunctions) {
			args.EndpointType = APIEndpointPrivate
			args.VpcEndpointIds = []string{"vpce-0123456789abcdef0"}
			args.Routes = append(args.Routes, APIRoute{Method: "GET", Path: "/reports", Function: fns.admin, APIKeyRequired: true})
			args.UsagePlans = []APIUsagePlan{{
				Name: "partners", RateLimit: 1, BurstLimit: 2, QuotaLimit: 100, QuotaPeriod: QuotaPeriodWeek,
				Clients: []string{"acme"},
			}}
		},
	}
	for name, configure := range tests {
		t.Run(name, func(t *testing.T) {
			mocks, _ := newTestAPI(t, configure)

			ran := checkResourcePolicies(t, mocks)

			methods := len(mocks.ByType(typeAPIMethod))
			assert.Equal(t, methods, ran[rules.PolicyAPIGatewayMethodAuthorization], "every method is checked")
			assert.Equal(t, 1, ran[rules.PolicyAPIGatewayStageAccessLogging])
			assert.Equal(t, 1, ran[rules.PolicyAPIGatewayCacheEncrypted])
			assert.Equal(t, 2, ran[rules.PolicyCloudWatchLogGroupEncrypted], "access and execution logs")
			assert.Equal(t, 2, ran[rules.PolicyCloudWatchLogGroupRetention], "access and execution logs")
			assert.Equal(t, len(mocks.ByType(typeLambdaPermission)), ran[rules.PolicyLambdaPermissionNoPublicPrincipal])
		})
	}
}

// The check must catch a method that the authorizer does not guard, or it proves nothing above.
func TestResourcePoliciesCatchAnOpenMethod(t *testing.T) {
	mocks, _ := newTestAPI(t, nil)
	method := find(t, mocks, typeAPIMethod, "api-GET/files")
	inputs := maps.Clone(method.Inputs)
	inputs["authorization"] = resource.NewStringProperty("NONE")

	var policy *pack.Policy
	for _, p := range rules.All() {
		if p.Name == rules.PolicyAPIGatewayMethodAuthorization {
			policy = p
		}
	}
	require.NotNil(t, policy)
	check := &pack.ResourceCheck{
		Resource: pack.Resource{Type: method.Type, URN: method.Name, Name: method.Name,
			Properties: resource.FromResourcePropertyMap(inputs)},
		Config: policyConfig(t, policy),
	}
	require.NoError(t, policy.ValidateResource(context.Background(), check))

	assert.Len(t, check.Findings().Violations, 1)
}

// A GoFunction built from source serves a route as well as the stand-in functions of the other tests.
func TestRestAPIWithGoFunction(t *testing.T) {
	mocks, err := runWithMocks(t, func(ctx *pulumi.Context) error {
		hello, err := NewGoFunction(ctx, "hello", helloFunctionArgs(t))
		if err != nil {
			return err
		}
		_, err = NewRestAPI(ctx, "api", RestAPIArgs{
			NamePrefix:  "app-test",
			UserPoolArn: pulumi.String(testUserPoolArn),
			LogsKeyArn:  pulumi.String(testLogsKeyArn),
			Routes:      []APIRoute{{Method: "GET", Path: "/hello", Function: hello}},
		})
		return err
	})
	require.NoError(t, err)

	function := find(t, mocks, typeLambdaFunction, "hello")
	integration := find(t, mocks, typeAPIIntegration, "api-GET/hello-integration")
	assert.Equal(t, function.Outputs["invokeArn"].StringValue(), integration.Inputs["uri"].StringValue())
	permission := find(t, mocks, typeLambdaPermission, "api-GET/hello-permission")
	assert.Equal(t, "app-test-hello", permission.Inputs["function"].StringValue())
	assert.True(t, permission.DependsOn(GoFunctionType, "hello") || permission.DependsOn(typeLambdaFunction, "hello"),
		"the permission waits for the function")
}

// TestPrivateAPIWithUsagePlansPassesAPIStackPolicies runs the API Gateway stack policies, which join
// resources, on what the component creates for a private API with a usage plan.
func TestPrivateAPIWithUsagePlansPassesAPIStackPolicies(t *testing.T) {
	mocks, _ := newTestAPI(t, func(args *RestAPIArgs, fns apiFunctions) {
		args.EndpointType = APIEndpointPrivate
		args.VpcEndpointIds = []string{"vpce-0123456789abcdef0"}
		args.Routes = append(args.Routes, APIRoute{Method: "GET", Path: "/reports", Function: fns.admin, APIKeyRequired: true})
		args.UsagePlans = []APIUsagePlan{{
			Name: "partners", RateLimit: 1, BurstLimit: 2, QuotaLimit: 100, QuotaPeriod: QuotaPeriodWeek,
			Clients: []string{"acme"},
		}}
	})

	run := runPolicyPack(t, mocks, nil)

	policies := []string{
		rules.PolicyAPIGatewayPrivateAPIPolicy, rules.PolicyAPIGatewayAPIKeyUsagePlan,
		rules.PolicyAPIGatewayUsagePlanLimits,
	}
	for _, policy := range policies {
		assert.Positive(t, run.ran[policy], "%s ran", policy)
		for _, finding := range run.findings {
			assert.False(t, strings.HasPrefix(finding, policy+": "), "unexpected finding %s", finding)
		}
	}
}
