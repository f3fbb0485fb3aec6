package pack

import (
	"context"
	"testing"
	"time"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/common/resource/plugin"
	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/types/known/emptypb"
)

// Each test below drives a served pack over the analyzer protocol in the order the engine uses. Where
// the stock policyx server (testdata/stockpack) can express the same scenario, the test runs it there
// too and asserts the stock behaviour, so it shows the defect that this package fixes.

func testContext(t *testing.T) context.Context {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	t.Cleanup(cancel)
	return ctx
}

// `pulumi policy analyze` and `pulumi policy publish` send no ConfigureStack before they ask for
// the pack's info.
func TestServerInfoWithoutConfigureStack(t *testing.T) {
	ctx := testContext(t)

	t.Run("pack", func(t *testing.T) {
		client, _ := serve(t, newTestPack(t))
		plugin, err := client.GetPluginInfo(ctx, &emptypb.Empty{})
		require.NoError(t, err)
		assert.Equal(t, "1.0.0", plugin.GetVersion())

		info, err := client.GetAnalyzerInfo(ctx, &emptypb.Empty{})
		require.NoError(t, err)
		assert.Equal(t, "stock", info.GetName())
		assert.Len(t, info.GetPolicies(), len(testPolicies()))
		assert.True(t, info.GetSupportsConfig())
		assert.Contains(t, info.GetInitialConfig(), SettingsKey)
	})

	t.Run("stock policyx", func(t *testing.T) {
		client := startStock(t)
		_, err := client.GetPluginInfo(ctx, &emptypb.Empty{})
		require.Error(t, err, "stock policyx builds its pack only in ConfigureStack, so GetPluginInfo dereferences nil")
		_, err = client.GetAnalyzerInfo(ctx, &emptypb.Empty{})
		assert.Error(t, err, "the nil dereference ended the stock process")
	})
}

func TestServerPackEnforcementLevel(t *testing.T) {
	ctx := testContext(t)
	bad := resource.PropertyMap{"bad": resource.NewProperty(true)}

	t.Run("pack", func(t *testing.T) {
		client, _ := serve(t, newTestPack(t))
		info, err := client.GetAnalyzerInfo(ctx, &emptypb.Empty{})
		require.NoError(t, err)
		assert.Equal(t, pulumirpc.EnforcementLevel_MANDATORY, levelOf(info, "no-level"))

		require.NoError(t, startSession(ctx, t, client, session{dryRun: true}))
		response, err := analyzeThing(ctx, client, bad)
		require.NoError(t, err)
		diagnostics := byPolicy(response)["no-level"]
		require.Len(t, diagnostics, 1)
		assert.Equal(t, pulumirpc.EnforcementLevel_MANDATORY, diagnostics[0].GetEnforcementLevel())
	})

	t.Run("stock policyx", func(t *testing.T) {
		client := startStock(t)
		require.NoError(t, startSession(ctx, t, client, session{dryRun: true}))
		info, err := client.GetAnalyzerInfo(ctx, &emptypb.Empty{})
		require.NoError(t, err)
		assert.Equal(t, pulumirpc.EnforcementLevel_ADVISORY, levelOf(info, "no-level"),
			"stock policyx ignores the pack's mandatory level")

		response, err := analyzeThing(ctx, client, bad)
		require.NoError(t, err)
		diagnostics := byPolicy(response)["no-level"]
		require.Len(t, diagnostics, 1)
		assert.Equal(t, pulumirpc.EnforcementLevel_ADVISORY, diagnostics[0].GetEnforcementLevel())
	})
}

func TestServerPolicyPanic(t *testing.T) {
	ctx := testContext(t)
	props := resource.PropertyMap{"panic": resource.NewProperty(true), "bad": resource.NewProperty(true)}

	t.Run("pack", func(t *testing.T) {
		client, log := serve(t, newTestPack(t))
		require.NoError(t, startSession(ctx, t, client, session{dryRun: true}))

		response, err := analyzeThing(ctx, client, props)
		require.NoError(t, err)
		grouped := byPolicy(response)
		require.Len(t, grouped["panics"], 1)
		failure := grouped["panics"][0]
		assert.Equal(t, pulumirpc.EnforcementLevel_MANDATORY, failure.GetEnforcementLevel(),
			"a failing policy fails closed even when the policy is advisory")
		assert.Contains(t, failure.GetMessage(), `policy panics failed on test:index:Thing "thing-1"`)
		assert.Contains(t, failure.GetMessage(), "panic: the policy has a bug")
		assert.Len(t, grouped["no-level"], 1, "the other policies still run")
		assert.Contains(t, log.String(), `"msg":"policy failed"`)

		_, err = analyzeThing(ctx, client, resource.PropertyMap{})
		assert.NoError(t, err, "the server keeps serving")
	})

	t.Run("stock policyx", func(t *testing.T) {
		client := startStock(t)
		require.NoError(t, startSession(ctx, t, client, session{dryRun: true}))
		_, err := analyzeThing(ctx, client, props)
		require.Error(t, err, "the panic ends the stock process")
		_, err = analyzeThing(ctx, client, resource.PropertyMap{})
		assert.Error(t, err, "the stock process is gone")
	})
}

func TestServerPolicyError(t *testing.T) {
	ctx := testContext(t)
	props := resource.PropertyMap{"fail": resource.NewProperty(true), "bad": resource.NewProperty(true)}

	t.Run("pack", func(t *testing.T) {
		client, _ := serve(t, newTestPack(t))
		require.NoError(t, startSession(ctx, t, client, session{dryRun: false}))

		response, err := analyzeThing(ctx, client, props)
		require.NoError(t, err)
		grouped := byPolicy(response)
		require.Len(t, grouped["returns-error"], 1)
		assert.Equal(t, pulumirpc.EnforcementLevel_MANDATORY, grouped["returns-error"][0].GetEnforcementLevel())
		assert.Contains(t, grouped["returns-error"][0].GetMessage(), "the policy cannot read its config")
		assert.Len(t, grouped["no-level"], 1, "the other policies still run")
	})

	t.Run("stock policyx", func(t *testing.T) {
		client := startStock(t)
		require.NoError(t, startSession(ctx, t, client, session{dryRun: false}))
		_, err := analyzeThing(ctx, client, props)
		require.Error(t, err, "stock policyx fails the whole call, and the engine the whole operation")
		assert.Contains(t, err.Error(), "the policy cannot read its config")
	})
}

func TestServerUnknownValues(t *testing.T) {
	ctx := testContext(t)
	props := resource.PropertyMap{"value": unknown, "label": unknown}

	t.Run("pack preview", func(t *testing.T) {
		client, _ := serve(t, newTestPack(t))
		require.NoError(t, startSession(ctx, t, client, session{dryRun: true}))

		response, err := analyzeThing(ctx, client, props)
		require.NoError(t, err)
		grouped := byPolicy(response)
		require.Len(t, grouped["reads-value"], 1)
		assert.Equal(t, pulumirpc.EnforcementLevel_ADVISORY, grouped["reads-value"][0].GetEnforcementLevel())
		assert.Equal(t, "Things must have the value good.\n"+
			`test:index:Thing "thing-1": cannot check value yet: the value is unknown until the resource is created.`,
			grouped["reads-value"][0].GetMessage())

		require.Len(t, grouped["reads-unsafely"], 1, "AsString on an unknown value panics inside the policy")
		assert.Equal(t, pulumirpc.EnforcementLevel_MANDATORY, grouped["reads-unsafely"][0].GetEnforcementLevel())
		assert.Contains(t, grouped["reads-unsafely"][0].GetMessage(), "policy reads-unsafely failed")
	})

	t.Run("pack update", func(t *testing.T) {
		client, _ := serve(t, newTestPack(t))
		require.NoError(t, startSession(ctx, t, client, session{dryRun: false}))

		response, err := analyzeThing(ctx, client, resource.PropertyMap{"value": unknown})
		require.NoError(t, err)
		grouped := byPolicy(response)
		require.Len(t, grouped["reads-value"], 1)
		assert.Equal(t, pulumirpc.EnforcementLevel_MANDATORY, grouped["reads-value"][0].GetEnforcementLevel(),
			"a value still unknown during an update fails closed")
		assert.Contains(t, grouped["reads-value"][0].GetMessage(),
			"cannot check value: the value is still unknown during the update, so the policy fails closed.")

		response, err = analyzeThing(ctx, client, resource.PropertyMap{"value": resource.NewProperty("bad")})
		require.NoError(t, err)
		grouped = byPolicy(response)
		require.Len(t, grouped["reads-value"], 1, "the known value is judged at the update")
		assert.Equal(t, pulumirpc.EnforcementLevel_MANDATORY, grouped["reads-value"][0].GetEnforcementLevel())
		assert.Contains(t, grouped["reads-value"][0].GetMessage(), `value is "bad", expected "good".`)
	})

	t.Run("advisory policy at preview", func(t *testing.T) {
		client, _ := serve(t, newTestPack(t))
		require.NoError(t, startSession(ctx, t, client, session{dryRun: true}))

		response, err := analyzeThing(ctx, client, resource.PropertyMap{"size": unknown})
		require.NoError(t, err)
		assert.Empty(t, byPolicy(response)["described"])
		assert.Equal(t, `cannot check size of test:index:Thing "thing-1" yet: the value is unknown until the `+
			"resource is created", notApplicable(response)["described"])
	})

	t.Run("stock policyx", func(t *testing.T) {
		client := startStock(t)
		require.NoError(t, startSession(ctx, t, client, session{dryRun: true}))
		_, err := analyzeThing(ctx, client, resource.PropertyMap{"value": unknown})
		require.Error(t, err, "AsString on an unknown value panics and ends the stock process")
	})
}

func TestServerRemediateLevel(t *testing.T) {
	ctx := testContext(t)

	t.Run("pack", func(t *testing.T) {
		p := newTestPack(t)
		client, _ := serve(t, p)
		info, err := client.GetAnalyzerInfo(ctx, &emptypb.Empty{})
		require.NoError(t, err)

		err = startSession(ctx, t, client, session{config: engineConfig(t, info, map[string]any{"no-level": "remediate"})})
		require.Error(t, err)
		assert.Equal(t, codes.InvalidArgument, status.Code(err))
		assert.Contains(t, err.Error(), `policy no-level: enforcement level "remediate" needs a remediation policy`)
	})

	t.Run("stock policyx", func(t *testing.T) {
		client := startStock(t)
		require.NoError(t, startSession(ctx, t, client, session{dryRun: true}))
		info, err := client.GetAnalyzerInfo(ctx, &emptypb.Empty{})
		require.NoError(t, err)
		_, err = client.Configure(ctx, &pulumirpc.ConfigureAnalyzerRequest{
			PolicyConfig: engineConfig(t, info, map[string]any{"no-level": "remediate"}),
		})
		require.NoError(t, err, "stock policyx accepts remediate for a validation policy")

		response, err := analyzeThing(ctx, client, resource.PropertyMap{"bad": resource.NewProperty(true)})
		require.NoError(t, err)
		diagnostics := byPolicy(response)["no-level"]
		require.Len(t, diagnostics, 1)
		assert.Equal(t, pulumirpc.EnforcementLevel_REMEDIATE, diagnostics[0].GetEnforcementLevel(),
			"the engine turns a remediate violation into a mandatory one")
	})
}

func TestServerUnknownPolicyName(t *testing.T) {
	ctx := testContext(t)

	t.Run("pack", func(t *testing.T) {
		client, _ := serve(t, newTestPack(t))
		info, err := client.GetAnalyzerInfo(ctx, &emptypb.Empty{})
		require.NoError(t, err)

		err = startSession(ctx, t, client, session{config: engineConfig(t, info, map[string]any{
			"no-such-policy": "mandatory", "reads-valeu": "advisory",
		})})
		require.Error(t, err)
		assert.Contains(t, err.Error(), `unknown policy names "no-such-policy", "reads-valeu"`)
		assert.Contains(t, err.Error(), "valid policy names are described, no-level, panics, reads-unsafely, "+
			"reads-value, returns-error, stack-config")
	})

	t.Run("stock policyx", func(t *testing.T) {
		client := startStock(t)
		require.NoError(t, startSession(ctx, t, client, session{dryRun: true}))
		info, err := client.GetAnalyzerInfo(ctx, &emptypb.Empty{})
		require.NoError(t, err)
		_, err = client.Configure(ctx, &pulumirpc.ConfigureAnalyzerRequest{
			PolicyConfig: engineConfig(t, info, map[string]any{"no-such-policy": "mandatory"}),
		})
		assert.NoError(t, err, "stock policyx ignores unknown policy names")
	})
}

// policyx's StackValidationArgs has no config field, so the stock server cannot run this scenario.
func TestServerStackPolicyConfig(t *testing.T) {
	ctx := testContext(t)
	client, _ := serve(t, newTestPack(t))
	info, err := client.GetAnalyzerInfo(ctx, &emptypb.Empty{})
	require.NoError(t, err)
	require.NoError(t, startSession(ctx, t, client, session{
		dryRun: false,
		config: engineConfig(t, info, map[string]any{"stack-config": map[string]any{"label": "gadget"}}),
	}))

	widgetURN := "urn:pulumi:dev::project::test:index:Widget::widget-1"
	lonelyURN := "urn:pulumi:dev::project::test:index:Widget::widget-2"
	response, err := client.AnalyzeStack(ctx, &pulumirpc.AnalyzeStackRequest{Resources: []*pulumirpc.AnalyzerResource{
		stackResource(t, widgetURN, "test:index:Widget", resource.PropertyMap{"size": resource.NewProperty(1.0)}, nil),
		stackResource(t, lonelyURN, "test:index:Widget", resource.PropertyMap{"size": resource.NewProperty(2.0)}, nil),
		stackResource(t, thingURN, thingType, resource.PropertyMap{"widget": unknown},
			map[string][]string{"widget": {widgetURN}}),
	}})
	require.NoError(t, err)

	diagnostics := byPolicy(response)["stack-config"]
	require.Len(t, diagnostics, 1, "the thing joins widget-1 through its property dependencies")
	assert.Equal(t, lonelyURN, diagnostics[0].GetUrn())
	assert.Equal(t, pulumirpc.EnforcementLevel_MANDATORY, diagnostics[0].GetEnforcementLevel())
	assert.Equal(t, "Stacks must have a thing for every widget.\n"+
		`test:index:Widget "widget-2": gadget has no thing whose widget property references it, expected one.`,
		diagnostics[0].GetMessage())
}

func TestServerStackPolicyUnknownAtPreview(t *testing.T) {
	ctx := testContext(t)
	client, _ := serve(t, newTestPack(t))
	require.NoError(t, startSession(ctx, t, client, session{dryRun: true}))

	widgetURN := "urn:pulumi:dev::project::test:index:Widget::widget-1"
	response, err := client.AnalyzeStack(ctx, &pulumirpc.AnalyzeStackRequest{Resources: []*pulumirpc.AnalyzerResource{
		stackResource(t, widgetURN, "test:index:Widget", resource.PropertyMap{"size": unknown}, nil),
	}})
	require.NoError(t, err)

	diagnostics := byPolicy(response)["stack-config"]
	require.Len(t, diagnostics, 1)
	assert.Equal(t, pulumirpc.EnforcementLevel_ADVISORY, diagnostics[0].GetEnforcementLevel())
	assert.Contains(t, diagnostics[0].GetMessage(),
		`test:index:Widget "widget-1": cannot check size yet: the value is unknown until the resource is created.`)
}

func TestServerPolicyMetadata(t *testing.T) {
	ctx := testContext(t)

	t.Run("pack", func(t *testing.T) {
		client, _ := serve(t, newTestPack(t))
		info, err := client.GetAnalyzerInfo(ctx, &emptypb.Empty{})
		require.NoError(t, err)

		described := policyInfo(info, "described")
		require.NotNil(t, described)
		assert.Equal(t, pulumirpc.PolicySeverity_POLICY_SEVERITY_CRITICAL, described.GetSeverity())
		assert.Equal(t, []string{"test", "hipaa:164.312(b)"}, described.GetTags())
		assert.Equal(t, "Change the thing.", described.GetRemediationSteps())
		assert.Equal(t, "https://example.com/described", described.GetUrl())
		assert.Equal(t, pulumirpc.PolicyType_POLICY_TYPE_RESOURCE, described.GetPolicyType())
		assert.Equal(t, "PCI DSS", described.GetFramework().GetName())
		assert.Equal(t, "10.2.1", described.GetFramework().GetReference())
		limit, ok := described.GetConfigSchema().GetProperties().AsMap()["limit"].(map[string]any)
		require.True(t, ok, "the schema describes limit")
		assert.Equal(t, "integer", limit["type"])
		assert.Equal(t, pulumirpc.PolicyType_POLICY_TYPE_STACK, policyInfo(info, "stack-config").GetPolicyType())

		require.NoError(t, startSession(ctx, t, client, session{dryRun: true}))
		response, err := analyzeThing(ctx, client, resource.PropertyMap{"size": resource.NewProperty(5.0)})
		require.NoError(t, err)
		diagnostics := byPolicy(response)["described"]
		require.Len(t, diagnostics, 1)
		assert.Equal(t, pulumirpc.PolicySeverity_POLICY_SEVERITY_CRITICAL, diagnostics[0].GetSeverity())
		assert.Contains(t, diagnostics[0].GetMessage(), "size is 5, expected at most 3.", "the schema default applies")
	})

	t.Run("stock policyx", func(t *testing.T) {
		client := startStock(t)
		require.NoError(t, startSession(ctx, t, client, session{dryRun: true}))
		info, err := client.GetAnalyzerInfo(ctx, &emptypb.Empty{})
		require.NoError(t, err)
		for _, policy := range info.GetPolicies() {
			assert.Equal(t, pulumirpc.PolicySeverity_POLICY_SEVERITY_UNSPECIFIED, policy.GetSeverity(), policy.GetName())
			assert.Empty(t, policy.GetTags(), policy.GetName())
			assert.Empty(t, policy.GetRemediationSteps(), policy.GetName())
			assert.Nil(t, policy.GetFramework(), policy.GetName())
		}
	})
}

func TestServerNotApplicableTypes(t *testing.T) {
	ctx := testContext(t)
	client, _ := serve(t, newTestPack(t))
	require.NoError(t, startSession(ctx, t, client, session{dryRun: true}))

	response, err := client.Analyze(ctx, &pulumirpc.AnalyzeRequest{
		Type: "test:index:Other", Urn: "urn:pulumi:dev::project::test:index:Other::other", Name: "other",
	})
	require.NoError(t, err)
	assert.Empty(t, response.GetDiagnostics())
	assert.Equal(t, "the policy checks only test:index:Thing", notApplicable(response)["no-level"],
		"the engine counts a policy as passed unless it is reported not applicable")
	assert.NotContains(t, notApplicable(response), "stack-config", "stack policies do not run in Analyze")
}

func TestServerExceptions(t *testing.T) {
	ctx := testContext(t)
	client, _ := serve(t, newTestPack(t))
	info, err := client.GetAnalyzerInfo(ctx, &emptypb.Empty{})
	require.NoError(t, err)
	require.NoError(t, startSession(ctx, t, client, session{config: engineConfig(t, info, map[string]any{
		SettingsKey: map[string]any{"exceptions": []any{
			map[string]any{
				"id": "EXC-1", "policy": "reads-value", "name": "thing-*",
				"reason": "The legacy thing keeps its old value until the migration.", "expires": "2026-12-31",
				"approvedBy": "security@example.com",
			},
			map[string]any{
				"id": "EXC-2", "policy": "stack-config", "urn": "*::test:index:Widget::widget-2",
				"reason": "Widget two is retired and has no thing on purpose.",
			},
		}},
	})}))

	t.Run("resource", func(t *testing.T) {
		response, err := analyzeThing(ctx, client, resource.PropertyMap{
			"value": resource.NewProperty("bad"), "bad": resource.NewProperty(true),
		})
		require.NoError(t, err)
		grouped := byPolicy(response)
		require.Len(t, grouped["reads-value"], 1)
		assert.Equal(t, pulumirpc.EnforcementLevel_ADVISORY, grouped["reads-value"][0].GetEnforcementLevel())
		assert.Equal(t, "Things must have the value good.\n"+
			"waived by exception EXC-1 (approved by security@example.com, expires 2026-12-31): The legacy thing "+
			"keeps its old value until the migration.\n"+
			`test:index:Thing "thing-1": value is "bad", expected "good".`, grouped["reads-value"][0].GetMessage())
		require.Len(t, grouped["no-level"], 1)
		assert.Equal(t, pulumirpc.EnforcementLevel_MANDATORY, grouped["no-level"][0].GetEnforcementLevel(),
			"the exception waives only its own policy")
	})

	t.Run("unknown value of a waived resource", func(t *testing.T) {
		response, err := analyzeThing(ctx, client, resource.PropertyMap{"value": unknown})
		require.NoError(t, err)
		assert.Empty(t, byPolicy(response)["reads-value"])
	})

	t.Run("stack", func(t *testing.T) {
		response, err := client.AnalyzeStack(ctx, &pulumirpc.AnalyzeStackRequest{Resources: []*pulumirpc.AnalyzerResource{
			stackResource(t, "urn:pulumi:dev::project::test:index:Widget::widget-2", "test:index:Widget",
				resource.PropertyMap{"size": resource.NewProperty(2.0)}, nil),
		}})
		require.NoError(t, err)
		diagnostics := byPolicy(response)["stack-config"]
		require.Len(t, diagnostics, 1)
		assert.Equal(t, pulumirpc.EnforcementLevel_ADVISORY, diagnostics[0].GetEnforcementLevel())
		assert.Contains(t, diagnostics[0].GetMessage(), "waived by exception EXC-2 (no expiry): Widget two is retired")
	})
}

func TestServerProfile(t *testing.T) {
	ctx := testContext(t)
	client, _ := serve(t, newTestPack(t))
	info, err := client.GetAnalyzerInfo(ctx, &emptypb.Empty{})
	require.NoError(t, err)
	require.NoError(t, startSession(ctx, t, client, session{config: engineConfig(t, info, map[string]any{
		SettingsKey: map[string]any{"profiles": []any{"hipaa"}},
	})}))

	response, err := analyzeThing(ctx, client, resource.PropertyMap{"size": resource.NewProperty(5.0)})
	require.NoError(t, err)
	diagnostics := byPolicy(response)["described"]
	require.Len(t, diagnostics, 1)
	assert.Equal(t, pulumirpc.EnforcementLevel_MANDATORY, diagnostics[0].GetEnforcementLevel(),
		"the hipaa profile raises the advisory policy")
}

func TestServerConfigSchemaValidated(t *testing.T) {
	ctx := testContext(t)
	client, _ := serve(t, newTestPack(t))
	info, err := client.GetAnalyzerInfo(ctx, &emptypb.Empty{})
	require.NoError(t, err)

	err = startSession(ctx, t, client, session{config: engineConfig(t, info, map[string]any{
		"described": map[string]any{"limit": 0},
	})})
	require.Error(t, err)
	assert.Contains(t, err.Error(), "invalid config for policy described: limit: minimum: got 0, want 1")
}

func levelOf(info *pulumirpc.AnalyzerInfo, name string) pulumirpc.EnforcementLevel {
	return policyInfo(info, name).GetEnforcementLevel()
}

func policyInfo(info *pulumirpc.AnalyzerInfo, name string) *pulumirpc.PolicyInfo {
	for _, policy := range info.GetPolicies() {
		if policy.GetName() == name {
			return policy
		}
	}
	return nil
}

// stackResource builds one resource of an AnalyzeStack request.
func stackResource(
	t *testing.T, urn, resourceType string, props resource.PropertyMap, dependencies map[string][]string,
) *pulumirpc.AnalyzerResource {
	t.Helper()
	properties, err := plugin.MarshalProperties(props, plugin.MarshalOptions{KeepUnknowns: true, KeepSecrets: true})
	require.NoError(t, err)
	propertyDependencies := map[string]*pulumirpc.AnalyzerPropertyDependencies{}
	for name, urns := range dependencies {
		propertyDependencies[name] = &pulumirpc.AnalyzerPropertyDependencies{Urns: urns}
	}
	parsed, err := resource.ParseURN(urn)
	require.NoError(t, err)
	return &pulumirpc.AnalyzerResource{
		Urn: urn, Type: resourceType, Name: parsed.Name(), Properties: properties,
		PropertyDependencies: propertyDependencies,
	}
}
