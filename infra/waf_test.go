package infra

import (
	"context"
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/apigateway"
	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/secureserverless/framework/offline/fakeaws"
	"github.com/secureserverless/framework/policy/pack"
	"github.com/secureserverless/framework/policy/rules"
)

// Type tokens of the WAFv2 resources and of the API Gateway resources the tests protect.
const (
	typeWAFWebACL      = "aws:wafv2/webAcl:WebAcl"
	typeWAFAssociation = "aws:wafv2/webAclAssociation:WebAclAssociation"
	typeWAFLogging     = "aws:wafv2/webAclLoggingConfiguration:WebAclLoggingConfiguration"
	typeWAFTestStage   = "aws:apigateway/stage:Stage"
)

// Inputs of the tests that are not under test.
const (
	wafTestLogsKey    = "arn:aws:kms:us-east-1:123456789012:key/11111111-2222-3333-4444-555555555555"
	wafTestPatternSet = "arn:aws:wafv2:us-east-1:123456789012:regional/regexpatternset/app-test-origin/" +
		"66666666-7777-8888-9999-000000000000"
)

// firewallOutputs are the resolved outputs of an APIFirewall component.
type firewallOutputs struct {
	webACLArn, webACLName, webACLID, webACLMetricName, logGroupName, logGroupArn string
	ruleMetricNames                                                              map[string]string
}

// newWAFTestStage creates a REST API, a deployment and the stage "v1" for the web ACL to protect.
func newWAFTestStage(ctx *pulumi.Context) (*apigateway.Stage, error) {
	api, err := apigateway.NewRestApi(ctx, "api", &apigateway.RestApiArgs{Name: pulumi.String("app-test-api")})
	if err != nil {
		return nil, err
	}
	deployment, err := apigateway.NewDeployment(ctx, "api-deployment", &apigateway.DeploymentArgs{RestApi: api.ID()})
	if err != nil {
		return nil, err
	}
	return apigateway.NewStage(ctx, "api-stage", &apigateway.StageArgs{
		RestApi:    api.ID(),
		Deployment: deployment.ID(),
		StageName:  pulumi.String("v1"),
	})
}

// baseFirewallArgs returns the arguments every test sets, without the stage.
func baseFirewallArgs() APIFirewallArgs {
	return APIFirewallArgs{NamePrefix: "app-test", LogsKeyArn: pulumi.String(wafTestLogsKey)}
}

// newTestFirewall creates a stage and a firewall named "firewall" that protects it under mocks, and
// returns the firewall's resolved outputs.
func newTestFirewall(t *testing.T, args APIFirewallArgs) (*fakeaws.Mocks, firewallOutputs) {
	t.Helper()
	var outputs firewallOutputs
	mocks, err := runWithMocks(t, func(ctx *pulumi.Context) error {
		stage, err := newWAFTestStage(ctx)
		if err != nil {
			return err
		}
		args.StageArn = stage.Arn
		firewall, err := NewAPIFirewall(ctx, "firewall", args)
		if err != nil {
			return err
		}
		pulumi.All(firewall.WebAclArn, firewall.WebAclName, firewall.WebAclId, firewall.WebAclMetricName,
			firewall.LogGroupName, firewall.LogGroupArn, firewall.RuleMetricNames).ApplyT(func(values []any) error {
			outputs = firewallOutputs{
				webACLArn: values[0].(string), webACLName: values[1].(string), webACLID: values[2].(string),
				webACLMetricName: values[3].(string), logGroupName: values[4].(string),
				logGroupArn: values[5].(string), ruleMetricNames: values[6].(map[string]string),
			}
			return nil
		})
		return nil
	})
	require.NoError(t, err)
	return mocks, outputs
}

// firewallError returns the error of NewAPIFirewall with the given arguments under mocks. A nil
// StageArn is replaced by the stage's Arn output unless keepStage is set.
func firewallError(t *testing.T, args APIFirewallArgs, keepStage bool) error {
	t.Helper()
	_, err := runWithMocks(t, func(ctx *pulumi.Context) error {
		stage, err := newWAFTestStage(ctx)
		if err != nil {
			return err
		}
		if !keepStage {
			args.StageArn = stage.Arn
		}
		_, err = NewAPIFirewall(ctx, "firewall", args)
		return err
	})
	return err
}

// wafRules returns the rules of the web ACL by name, and their names in priority order.
func wafRules(t *testing.T, acl fakeaws.MockResource) (map[string]resource.PropertyMap, []string) {
	t.Helper()
	list, ok := acl.Inputs["rules"]
	require.True(t, ok, "the web ACL has no rules")
	require.True(t, list.IsArray())
	byName := map[string]resource.PropertyMap{}
	names := make([]string, len(list.ArrayValue()))
	for _, value := range list.ArrayValue() {
		rule := value.ObjectValue()
		name := rule["name"].StringValue()
		priority := int(rule["priority"].NumberValue())
		require.Less(t, priority, len(names), "rule %q has priority %d", name, priority)
		require.Empty(t, names[priority], "two rules have priority %d", priority)
		names[priority] = name
		byName[name] = rule
	}
	return byName, names
}

// ruleStatement returns the statement of the given kind of a rule, such as "rateBasedStatement".
func ruleStatement(t *testing.T, rule resource.PropertyMap, kind resource.PropertyKey) resource.PropertyMap {
	t.Helper()
	return object(t, object(t, rule, "statement"), kind)
}

// countedRules returns the rules of a managed rule group rule that only count.
func countedRules(t *testing.T, rule resource.PropertyMap) []string {
	t.Helper()
	statement := ruleStatement(t, rule, "managedRuleGroupStatement")
	overrides, ok := statement["ruleActionOverrides"]
	if !ok {
		return nil
	}
	var names []string
	for _, value := range overrides.ArrayValue() {
		override := value.ObjectValue()
		require.Contains(t, object(t, override, "actionToUse"), resource.PropertyKey("count"))
		names = append(names, override["name"].StringValue())
	}
	return names
}

// stringList returns a string array property as a Go slice.
func stringList(t *testing.T, props resource.PropertyMap, key resource.PropertyKey) []string {
	t.Helper()
	value, ok := props[key]
	require.True(t, ok, "property %q is missing", key)
	require.True(t, value.IsArray(), "property %q is %v, expected an array", key, value)
	var values []string
	for _, element := range value.ArrayValue() {
		values = append(values, element.StringValue())
	}
	return values
}

func TestAPIFirewallDefaults(t *testing.T) {
	mocks, outputs := newTestFirewall(t, baseFirewallArgs())

	component := find(t, mocks, APIFirewallType, "firewall")
	assert.False(t, component.Custom)
	acl := find(t, mocks, typeWAFWebACL, "firewall-web-acl")
	assertParent(t, acl, APIFirewallType, "firewall")
	assert.Equal(t, "app-test-api", acl.Inputs["name"].StringValue())
	assert.Equal(t, "REGIONAL", acl.Inputs["scope"].StringValue())
	defaultAction := object(t, acl.Inputs, "defaultAction")
	assert.Contains(t, defaultAction, resource.PropertyKey("allow"))
	assert.NotContains(t, defaultAction, resource.PropertyKey("block"))

	_, names := wafRules(t, acl)
	assert.Equal(t, []string{CommonRuleSet, KnownBadInputsSet, IPReputationList, FirewallRateLimitRule,
		FirewallBodySizeRule}, names)

	assert.Equal(t, acl.Outputs["arn"].StringValue(), outputs.webACLArn)
	assert.Equal(t, "app-test-api", outputs.webACLName)
	assert.Equal(t, acl.ID, outputs.webACLID)
	assert.Equal(t, "app-test-api", outputs.webACLMetricName)
	assert.Equal(t, "aws-waf-logs-app-test-api", outputs.logGroupName)
	assert.Equal(t, map[string]string{
		CommonRuleSet: CommonRuleSet, KnownBadInputsSet: KnownBadInputsSet, IPReputationList: IPReputationList,
		FirewallRateLimitRule: FirewallRateLimitRule, FirewallBodySizeRule: FirewallBodySizeRule,
	}, outputs.ruleMetricNames)
}

func TestAPIFirewallManagedRuleGroups(t *testing.T) {
	args := baseFirewallArgs()
	args.ManagedRuleGroups = []string{"AWSManagedRulesSQLiRuleSet", "AWSManagedRulesLinuxRuleSet"}
	mocks, _ := newTestFirewall(t, args)

	byName, names := wafRules(t, find(t, mocks, typeWAFWebACL, "firewall-web-acl"))

	assert.Equal(t, []string{CommonRuleSet, KnownBadInputsSet, IPReputationList, "AWSManagedRulesSQLiRuleSet",
		"AWSManagedRulesLinuxRuleSet", FirewallRateLimitRule, FirewallBodySizeRule}, names)
	for _, group := range names[:5] {
		rule := byName[group]
		statement := ruleStatement(t, rule, "managedRuleGroupStatement")
		assert.Equal(t, group, statement["name"].StringValue())
		assert.Equal(t, "AWS", statement["vendorName"].StringValue())
		override := object(t, rule, "overrideAction")
		assert.Contains(t, override, resource.PropertyKey("none"), "rule %s", group)
		assert.NotContains(t, override, resource.PropertyKey("count"), "rule %s", group)
		assert.NotContains(t, rule, resource.PropertyKey("action"), "rule %s", group)
	}
}

func TestAPIFirewallExcludedRulesCount(t *testing.T) {
	args := baseFirewallArgs()
	args.ManagedRuleGroups = []string{"AWSManagedRulesSQLiRuleSet"}
	args.ExcludedRules = map[string][]string{
		CommonRuleSet:                {"NoUserAgent_HEADER", "EC2MetaDataSSRF_BODY"},
		"AWSManagedRulesSQLiRuleSet": {"SQLi_BODY"},
	}
	mocks, _ := newTestFirewall(t, args)

	byName, _ := wafRules(t, find(t, mocks, typeWAFWebACL, "firewall-web-acl"))

	assert.Equal(t, []string{"NoUserAgent_HEADER", "EC2MetaDataSSRF_BODY", commonRuleSetBodySizeRule},
		countedRules(t, byName[CommonRuleSet]))
	assert.Equal(t, []string{"SQLi_BODY"}, countedRules(t, byName["AWSManagedRulesSQLiRuleSet"]))
	assert.Empty(t, countedRules(t, byName[KnownBadInputsSet]))
}

func TestAPIFirewallVisibilityConfig(t *testing.T) {
	args := baseFirewallArgs()
	args.OriginVerify = &OriginVerifyArgs{HeaderName: "X-Origin-Verify", PatternSetArn: pulumi.String(wafTestPatternSet)}
	mocks, _ := newTestFirewall(t, args)

	acl := find(t, mocks, typeWAFWebACL, "firewall-web-acl")
	visibility := object(t, acl.Inputs, "visibilityConfig")
	assert.True(t, visibility["cloudwatchMetricsEnabled"].BoolValue())
	assert.True(t, visibility["sampledRequestsEnabled"].BoolValue())
	assert.Equal(t, "app-test-api", visibility["metricName"].StringValue())

	byName, names := wafRules(t, acl)
	require.Len(t, names, 6)
	for name, rule := range byName {
		ruleVisibility := object(t, rule, "visibilityConfig")
		assert.True(t, ruleVisibility["cloudwatchMetricsEnabled"].BoolValue(), "rule %s", name)
		assert.True(t, ruleVisibility["sampledRequestsEnabled"].BoolValue(), "rule %s", name)
		assert.Equal(t, name, ruleVisibility["metricName"].StringValue(), "rule %s", name)
		assert.Regexp(t, `^[0-9A-Za-z_-]{1,128}$`, ruleVisibility["metricName"].StringValue())
	}
}

func TestAPIFirewallOriginVerifyRule(t *testing.T) {
	args := baseFirewallArgs()
	args.OriginVerify = &OriginVerifyArgs{HeaderName: "X-Origin-Verify", PatternSetArn: pulumi.String(wafTestPatternSet)}
	mocks, outputs := newTestFirewall(t, args)

	byName, names := wafRules(t, find(t, mocks, typeWAFWebACL, "firewall-web-acl"))
	require.NotEmpty(t, names)
	assert.Equal(t, FirewallOriginVerifyRule, names[0], "the origin check must run before every other rule")
	rule := byName[FirewallOriginVerifyRule]
	assert.Contains(t, object(t, rule, "action"), resource.PropertyKey("block"))

	not := ruleStatement(t, rule, "notStatement")
	statements := not["statements"].ArrayValue()
	require.Len(t, statements, 1)
	reference := object(t, statements[0].ObjectValue(), "regexPatternSetReferenceStatement")
	assert.Equal(t, wafTestPatternSet, reference["arn"].StringValue())
	header := object(t, object(t, reference, "fieldToMatch"), "singleHeader")
	assert.Equal(t, "x-origin-verify", header["name"].StringValue())
	transformations := reference["textTransformations"].ArrayValue()
	require.Len(t, transformations, 1)
	assert.Equal(t, "NONE", transformations[0].ObjectValue()["type"].StringValue())

	assert.Equal(t, FirewallOriginVerifyRule, outputs.ruleMetricNames[FirewallOriginVerifyRule])
}

func TestAPIFirewallWithoutEdgeHasNoOriginRule(t *testing.T) {
	mocks, outputs := newTestFirewall(t, baseFirewallArgs())

	byName, _ := wafRules(t, find(t, mocks, typeWAFWebACL, "firewall-web-acl"))

	assert.NotContains(t, byName, FirewallOriginVerifyRule)
	assert.NotContains(t, outputs.ruleMetricNames, FirewallOriginVerifyRule)
}

func TestAPIFirewallRateRule(t *testing.T) {
	tests := []struct {
		name                 string
		rateLimit, window    int
		wantLimit, wantWindw int
	}{
		{name: "defaults", wantLimit: DefaultFirewallRateLimit, wantWindw: DefaultFirewallRateWindowSeconds},
		{name: "minimum", rateLimit: MinFirewallRateLimit, window: 60, wantLimit: 10, wantWindw: 60},
		{name: "maximum", rateLimit: MaxFirewallRateLimit, window: 600, wantLimit: 2_000_000_000, wantWindw: 600},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			args := baseFirewallArgs()
			args.RateLimit, args.RateWindowSeconds = tt.rateLimit, tt.window
			mocks, _ := newTestFirewall(t, args)

			byName, _ := wafRules(t, find(t, mocks, typeWAFWebACL, "firewall-web-acl"))
			rule := byName[FirewallRateLimitRule]
			statement := ruleStatement(t, rule, "rateBasedStatement")

			assert.Equal(t, float64(tt.wantLimit), statement["limit"].NumberValue())
			assert.Equal(t, float64(tt.wantWindw), statement["evaluationWindowSec"].NumberValue())
			assert.Equal(t, "IP", statement["aggregateKeyType"].StringValue())
			assert.NotContains(t, statement, resource.PropertyKey("forwardedIpConfig"))
			response := object(t, object(t, object(t, rule, "action"), "block"), "customResponse")
			assert.Equal(t, float64(429), response["responseCode"].NumberValue())
			assert.Equal(t, tooManyRequestsResponseKey, response["customResponseBodyKey"].StringValue())
		})
	}
}

func TestAPIFirewallRateRuleBehindEdge(t *testing.T) {
	args := baseFirewallArgs()
	args.OriginVerify = &OriginVerifyArgs{HeaderName: "X-Origin-Verify", PatternSetArn: pulumi.String(wafTestPatternSet)}
	mocks, _ := newTestFirewall(t, args)

	byName, _ := wafRules(t, find(t, mocks, typeWAFWebACL, "firewall-web-acl"))
	statement := ruleStatement(t, byName[FirewallRateLimitRule], "rateBasedStatement")

	assert.Equal(t, "FORWARDED_IP", statement["aggregateKeyType"].StringValue())
	forwarded := object(t, statement, "forwardedIpConfig")
	assert.Equal(t, "X-Forwarded-For", forwarded["headerName"].StringValue())
	assert.Equal(t, "MATCH", forwarded["fallbackBehavior"].StringValue())
}

func TestAPIFirewallBodySizeRule(t *testing.T) {
	tests := []struct {
		name           string
		maxBodyBytes   int
		wantSize       int
		wantInspection string
	}{
		{name: "default", wantSize: 16384, wantInspection: "KB_16"},
		{name: "below the common rule set", maxBodyBytes: 4096, wantSize: 4096, wantInspection: "KB_16"},
		{name: "just above 16 KiB", maxBodyBytes: 16385, wantSize: 16385, wantInspection: "KB_32"},
		{name: "48 KiB", maxBodyBytes: 48 * 1024, wantSize: 49152, wantInspection: "KB_48"},
		{name: "largest", maxBodyBytes: MaxFirewallBodyBytes, wantSize: 65536, wantInspection: "KB_64"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			args := baseFirewallArgs()
			args.MaxBodyBytes = tt.maxBodyBytes
			mocks, _ := newTestFirewall(t, args)

			acl := find(t, mocks, typeWAFWebACL, "firewall-web-acl")
			byName, names := wafRules(t, acl)
			assert.Equal(t, FirewallBodySizeRule, names[len(names)-1])
			rule := byName[FirewallBodySizeRule]
			statement := ruleStatement(t, rule, "sizeConstraintStatement")
			assert.Equal(t, "GT", statement["comparisonOperator"].StringValue())
			assert.Equal(t, float64(tt.wantSize), statement["size"].NumberValue())
			body := object(t, object(t, statement, "fieldToMatch"), "body")
			assert.Equal(t, "MATCH", body["oversizeHandling"].StringValue(),
				"a body over the inspection limit must be blocked, not inspected in part")

			response := object(t, object(t, object(t, rule, "action"), "block"), "customResponse")
			assert.Equal(t, float64(413), response["responseCode"].NumberValue())
			assert.Equal(t, bodyTooLargeResponseKey, response["customResponseBodyKey"].StringValue())
			assert.NotContains(t, response, resource.PropertyKey("responseHeaders"))

			requestBodies := object(t, acl.Inputs, "associationConfig")["requestBodies"].ArrayValue()
			require.Len(t, requestBodies, 1)
			gateways := requestBodies[0].ObjectValue()["apiGateways"].ArrayValue()
			require.Len(t, gateways, 1)
			assert.Equal(t, tt.wantInspection, gateways[0].ObjectValue()["defaultSizeInspectionLimit"].StringValue())

			// The common rule set blocks bodies over 8 KiB with a bare 403; the body size rule decides instead.
			assert.Contains(t, countedRules(t, byName[CommonRuleSet]), commonRuleSetBodySizeRule)
		})
	}
}

func TestAPIFirewallCustomResponseBodies(t *testing.T) {
	mocks, _ := newTestFirewall(t, baseFirewallArgs())

	acl := find(t, mocks, typeWAFWebACL, "firewall-web-acl")
	bodies := map[string]resource.PropertyMap{}
	for _, value := range acl.Inputs["customResponseBodies"].ArrayValue() {
		body := value.ObjectValue()
		bodies[body["key"].StringValue()] = body
	}

	require.Contains(t, bodies, bodyTooLargeResponseKey)
	require.Contains(t, bodies, tooManyRequestsResponseKey)
	for key, body := range bodies {
		assert.Equal(t, "APPLICATION_JSON", body["contentType"].StringValue(), "body %s", key)
		var decoded map[string]string
		require.NoError(t, json.Unmarshal([]byte(body["content"].StringValue()), &decoded), "body %s", key)
		assert.NotEmpty(t, decoded["message"], "body %s", key)
	}
	var tooLarge map[string]string
	require.NoError(t, json.Unmarshal([]byte(bodies[bodyTooLargeResponseKey]["content"].StringValue()), &tooLarge))
	assert.Contains(t, tooLarge["message"], "16384 bytes")
}

func TestAPIFirewallCORSHeadersOnBlocks(t *testing.T) {
	args := baseFirewallArgs()
	args.CORSAllowOrigin = "https://app.example.com"
	mocks, _ := newTestFirewall(t, args)

	byName, _ := wafRules(t, find(t, mocks, typeWAFWebACL, "firewall-web-acl"))

	for _, name := range []string{FirewallRateLimitRule, FirewallBodySizeRule} {
		response := object(t, object(t, object(t, byName[name], "action"), "block"), "customResponse")
		headers := map[string]string{}
		for _, value := range response["responseHeaders"].ArrayValue() {
			header := value.ObjectValue()
			headers[header["name"].StringValue()] = header["value"].StringValue()
		}
		assert.Equal(t, map[string]string{
			"Access-Control-Allow-Origin": "https://app.example.com", "Vary": "Origin",
		}, headers, "rule %s", name)
	}
}

func TestAPIFirewallAssociationWaitsForStage(t *testing.T) {
	mocks, outputs := newTestFirewall(t, baseFirewallArgs())

	stage := find(t, mocks, typeWAFTestStage, "api-stage")
	association := find(t, mocks, typeWAFAssociation, "firewall-association")
	assertParent(t, association, APIFirewallType, "firewall")

	stageArn := stage.Outputs["arn"].StringValue()
	assert.True(t, strings.HasSuffix(stageArn, "/stages/v1"), "stage ARN %q", stageArn)
	assert.Equal(t, stageArn, association.Inputs["resourceArn"].StringValue())
	assert.Equal(t, outputs.webACLArn, association.Inputs["webAclArn"].StringValue())
	assert.True(t, association.DependsOn(typeWAFTestStage, "api-stage"),
		"the association must wait for the stage, or its first deployment fails; dependencies: %v",
		association.Dependencies)
	assert.True(t, association.DependsOn(typeWAFWebACL, "firewall-web-acl"))
}

func TestAPIFirewallRejectsLiteralStageArn(t *testing.T) {
	args := baseFirewallArgs()
	args.StageArn = pulumi.String("arn:aws:apigateway:us-east-1::/restapis/abc123defg/stages/v1")

	err := firewallError(t, args, true)

	require.Error(t, err)
	assert.Contains(t, err.Error(), "StageArn is the literal")
	assert.Contains(t, err.Error(), "pass the Arn output of the apigateway.Stage")
}

func TestAPIFirewallLogging(t *testing.T) {
	args := baseFirewallArgs()
	args.LogRetentionDays = 365
	mocks, outputs := newTestFirewall(t, args)

	group := find(t, mocks, typeLogGroup, "firewall-logs")
	assertParent(t, group, APIFirewallType, "firewall")
	assert.Equal(t, "aws-waf-logs-app-test-api", group.Inputs["name"].StringValue())
	assert.True(t, strings.HasPrefix(group.Inputs["name"].StringValue(), "aws-waf-logs-"))
	assert.Equal(t, wafTestLogsKey, group.Inputs["kmsKeyId"].StringValue())
	assert.Equal(t, float64(365), group.Inputs["retentionInDays"].NumberValue())

	logging := find(t, mocks, typeWAFLogging, "firewall-logging")
	assertParent(t, logging, APIFirewallType, "firewall")
	assert.Equal(t, outputs.webACLArn, logging.Inputs["resourceArn"].StringValue())
	assert.Equal(t, []string{outputs.logGroupArn}, stringList(t, logging.Inputs, "logDestinationConfigs"))
	assert.NotContains(t, outputs.logGroupArn, ":*", "WAF rejects a log group ARN that ends in :*")
}

func TestAPIFirewallLogRetentionDefault(t *testing.T) {
	mocks, _ := newTestFirewall(t, baseFirewallArgs())

	group := find(t, mocks, typeLogGroup, "firewall-logs")

	assert.Equal(t, float64(DefaultLogRetentionDays), group.Inputs["retentionInDays"].NumberValue())
}

// redactedHeaderNames returns the single headers that a logging configuration redacts.
func redactedHeaderNames(t *testing.T, logging fakeaws.MockResource) []string {
	t.Helper()
	var names []string
	for _, value := range logging.Inputs["redactedFields"].ArrayValue() {
		names = append(names, object(t, value.ObjectValue(), "singleHeader")["name"].StringValue())
	}
	return names
}

// protectedHeaderNames returns the single headers that the web ACL's data protection substitutes.
func protectedHeaderNames(t *testing.T, acl fakeaws.MockResource) []string {
	t.Helper()
	protections := object(t, acl.Inputs, "dataProtectionConfig")["dataProtections"].ArrayValue()
	require.Len(t, protections, 1)
	protection := protections[0].ObjectValue()
	assert.Equal(t, "SUBSTITUTION", protection["action"].StringValue())
	field := object(t, protection, "field")
	assert.Equal(t, "SINGLE_HEADER", field["fieldType"].StringValue())
	return stringList(t, field, "fieldKeys")
}

func TestAPIFirewallRedactsCredentials(t *testing.T) {
	mocks, _ := newTestFirewall(t, baseFirewallArgs())

	redacted := redactedHeaderNames(t, find(t, mocks, typeWAFLogging, "firewall-logging"))
	protected := protectedHeaderNames(t, find(t, mocks, typeWAFWebACL, "firewall-web-acl"))

	assert.Contains(t, redacted, "authorization")
	assert.Contains(t, redacted, "cookie")
	assert.Len(t, redacted, 2)
	assert.ElementsMatch(t, redacted, protected, "sampled requests must hide the same headers as the logs")
}

func TestAPIFirewallRedactsOriginSecret(t *testing.T) {
	args := baseFirewallArgs()
	args.OriginVerify = &OriginVerifyArgs{HeaderName: "X-Origin-Verify", PatternSetArn: pulumi.String(wafTestPatternSet)}
	mocks, _ := newTestFirewall(t, args)

	redacted := redactedHeaderNames(t, find(t, mocks, typeWAFLogging, "firewall-logging"))
	protected := protectedHeaderNames(t, find(t, mocks, typeWAFWebACL, "firewall-web-acl"))

	assert.ElementsMatch(t, []string{"authorization", "cookie", "x-origin-verify"}, redacted)
	assert.ElementsMatch(t, redacted, protected)
}

func TestAPIFirewallChildrenParented(t *testing.T) {
	mocks, _ := newTestFirewall(t, baseFirewallArgs())

	count := 0
	for _, r := range mocks.Resources() {
		if strings.HasPrefix(r.Name, "firewall-") {
			assertParent(t, r, APIFirewallType, "firewall")
			count++
		}
	}
	assert.Equal(t, 4, count, "log group, web ACL, logging configuration and association")
}

// firewallPolicies are the policies of the pack that judge the firewall's resources.
var firewallPolicies = []string{
	rules.PolicyWAFv2WebACLHasRules,
	rules.PolicyWAFv2WebACLLoggingEnabled,
	rules.PolicyAPIGatewayStageWAF,
	rules.PolicyCloudWatchLogGroupEncrypted,
	rules.PolicyCloudWatchLogGroupRetention,
}

// packResources converts the registered custom resources to the resources that a stack policy receives
// (with outputs) and those that a resource policy receives (with inputs), without the resources that
// skip names.
func packResources(mocks *fakeaws.Mocks, skip ...string) (outputs, inputs []pack.Resource) {
	for _, r := range mocks.Resources() {
		if !r.Custom || slices.Contains(skip, r.Name) {
			continue
		}
		base := pack.Resource{
			Type: r.Type, Name: r.Name, Parent: r.Parent,
			URN: "urn:pulumi:test::secure-serverless::" + r.Type + "::" + r.Name,
		}
		withOutputs, withInputs := base, base
		withOutputs.Properties = resource.FromResourcePropertyMap(r.Outputs)
		withInputs.Properties = resource.FromResourcePropertyMap(r.Inputs)
		outputs = append(outputs, withOutputs)
		inputs = append(inputs, withInputs)
	}
	return outputs, inputs
}

// firewallPolicyFindings runs firewallPolicies on the registered resources, without those skip names,
// and returns the violations and unknowns as "policy: resource: message".
func firewallPolicyFindings(t *testing.T, mocks *fakeaws.Mocks, skip ...string) []string {
	t.Helper()
	stackResources, checkedResources := packResources(mocks, skip...)
	var findings []string
	record := func(policy string, found pack.Findings) {
		for _, violation := range found.Violations {
			findings = append(findings, policy+": "+violation.URN+": "+violation.Message)
		}
		for _, unknown := range found.Unknowns {
			findings = append(findings, policy+": "+unknown.URN+": unknown "+unknown.Property)
		}
	}

	ran := 0
	for _, policy := range rules.All() {
		if !slices.Contains(firewallPolicies, policy.Name) {
			continue
		}
		ran++
		if policy.IsStackPolicy() {
			found, err := policy.CheckStack(context.Background(), &pack.StackCheck{Resources: stackResources})
			require.NoError(t, err)
			record(policy.Name, found)
			continue
		}
		for _, r := range checkedResources {
			found, err := policy.CheckResource(context.Background(), &pack.ResourceCheck{Resource: r})
			require.NoError(t, err)
			record(policy.Name, found)
		}
	}
	require.Equal(t, len(firewallPolicies), ran, "a policy of firewallPolicies is missing from the pack")
	return findings
}

func TestAPIFirewallPassesPolicies(t *testing.T) {
	for _, edge := range []bool{false, true} {
		args := baseFirewallArgs()
		if edge {
			args.OriginVerify = &OriginVerifyArgs{HeaderName: "X-Origin-Verify", PatternSetArn: pulumi.String(wafTestPatternSet)}
		}
		mocks, _ := newTestFirewall(t, args)

		assert.Empty(t, firewallPolicyFindings(t, mocks), "edge %t", edge)
	}
}

func TestAPIFirewallPolicyCheckCanFail(t *testing.T) {
	mocks, _ := newTestFirewall(t, baseFirewallArgs())

	withoutLogging := strings.Join(firewallPolicyFindings(t, mocks, "firewall-logging"), "\n")
	withoutAssociation := strings.Join(firewallPolicyFindings(t, mocks, "firewall-association"), "\n")

	assert.Contains(t, withoutLogging, rules.PolicyWAFv2WebACLLoggingEnabled+": ")
	assert.Contains(t, withoutAssociation, rules.PolicyAPIGatewayStageWAF+": ")
}

func TestAPIFirewallRejectsInvalidArgs(t *testing.T) {
	validOrigin := func() *OriginVerifyArgs {
		return &OriginVerifyArgs{HeaderName: "X-Origin-Verify", PatternSetArn: pulumi.String(wafTestPatternSet)}
	}
	tests := []struct {
		name   string
		modify func(args *APIFirewallArgs)
		// keepStage leaves StageArn as modify sets it, instead of the stage's Arn output.
		keepStage bool
		want      []string
	}{
		{name: "missing name prefix", modify: func(a *APIFirewallArgs) { a.NamePrefix = "" },
			want: []string{`NamePrefix ""`, "letters, digits, hyphens and underscores"}},
		{name: "name prefix with dot", modify: func(a *APIFirewallArgs) { a.NamePrefix = "app.test" },
			want: []string{`NamePrefix "app.test"`}},
		{name: "name prefix too long", modify: func(a *APIFirewallArgs) { a.NamePrefix = strings.Repeat("a", 125) },
			want: []string{"NamePrefix", "1 to 124"}},
		{name: "missing stage", modify: func(*APIFirewallArgs) {}, keepStage: true,
			want: []string{"StageArn is missing", "Arn output of the apigateway.Stage"}},
		{name: "missing logs key", modify: func(a *APIFirewallArgs) { a.LogsKeyArn = nil },
			want: []string{"LogsKeyArn is missing"}},
		{name: "rate limit below minimum", modify: func(a *APIFirewallArgs) { a.RateLimit = 9 },
			want: []string{"RateLimit is 9", "must be 10 to 2000000000"}},
		{name: "negative rate limit", modify: func(a *APIFirewallArgs) { a.RateLimit = -1 },
			want: []string{"RateLimit is -1"}},
		{name: "rate limit above maximum", modify: func(a *APIFirewallArgs) { a.RateLimit = 2_000_000_001 },
			want: []string{"RateLimit is 2000000001"}},
		{name: "rate window not offered", modify: func(a *APIFirewallArgs) { a.RateWindowSeconds = 30 },
			want: []string{"RateWindowSeconds is 30", "[60 120 300 600]"}},
		{name: "body limit above inspection", modify: func(a *APIFirewallArgs) { a.MaxBodyBytes = MaxFirewallBodyBytes + 1 },
			want: []string{"MaxBodyBytes is 65537", "must be 1 to 65536"}},
		{name: "negative body limit", modify: func(a *APIFirewallArgs) { a.MaxBodyBytes = -5 },
			want: []string{"MaxBodyBytes is -5"}},
		{name: "log retention not offered", modify: func(a *APIFirewallArgs) { a.LogRetentionDays = 8 },
			want: []string{"LogRetentionDays is 8", "must be one of"}},
		{name: "rule group not AWS managed", modify: func(a *APIFirewallArgs) { a.ManagedRuleGroups = []string{"MyRules"} },
			want: []string{`ManagedRuleGroups has "MyRules"`, "AWSManagedRulesSQLiRuleSet"}},
		{name: "default rule group again", modify: func(a *APIFirewallArgs) { a.ManagedRuleGroups = []string{CommonRuleSet} },
			want: []string{`ManagedRuleGroups has "AWSManagedRulesCommonRuleSet" twice or names a default group`}},
		{name: "rule group twice", modify: func(a *APIFirewallArgs) {
			a.ManagedRuleGroups = []string{"AWSManagedRulesSQLiRuleSet", "AWSManagedRulesSQLiRuleSet"}
		}, want: []string{`"AWSManagedRulesSQLiRuleSet" twice`}},
		{name: "rule group needing configuration", modify: func(a *APIFirewallArgs) {
			a.ManagedRuleGroups = []string{"AWSManagedRulesBotControlRuleSet"}
		}, want: []string{`"AWSManagedRulesBotControlRuleSet", which needs managedRuleGroupConfigs`}},
		{name: "excluded rule of absent group", modify: func(a *APIFirewallArgs) {
			a.ExcludedRules = map[string][]string{"AWSManagedRulesSQLiRuleSet": {"SQLi_BODY"}}
		}, want: []string{`ExcludedRules names the rule group "AWSManagedRulesSQLiRuleSet"`, CommonRuleSet}},
		{name: "excluded rule with space", modify: func(a *APIFirewallArgs) {
			a.ExcludedRules = map[string][]string{CommonRuleSet: {"No User Agent"}}
		}, want: []string{`ExcludedRules["AWSManagedRulesCommonRuleSet"] has "No User Agent"`}},
		{name: "excluded rule twice", modify: func(a *APIFirewallArgs) {
			a.ExcludedRules = map[string][]string{KnownBadInputsSet: {"Log4JRCE_HEADER", "Log4JRCE_HEADER"}}
		}, want: []string{`has "Log4JRCE_HEADER" twice`}},
		{name: "origin header with colon", modify: func(a *APIFirewallArgs) {
			a.OriginVerify = validOrigin()
			a.OriginVerify.HeaderName = "X-Origin:Verify"
		}, want: []string{`OriginVerify.HeaderName "X-Origin:Verify" is invalid`}},
		{name: "origin header too long", modify: func(a *APIFirewallArgs) {
			a.OriginVerify = validOrigin()
			a.OriginVerify.HeaderName = strings.Repeat("x", 41)
		}, want: []string{"OriginVerify.HeaderName", "1 to 40"}},
		{name: "origin without pattern set", modify: func(a *APIFirewallArgs) {
			a.OriginVerify = validOrigin()
			a.OriginVerify.PatternSetArn = nil
		}, want: []string{"OriginVerify.PatternSetArn is missing"}},
		{name: "CORS origin with path", modify: func(a *APIFirewallArgs) { a.CORSAllowOrigin = "https://app.example.com/app" },
			want: []string{`CORSAllowOrigin "https://app.example.com/app" is invalid`}},
		{name: "CORS origin over http", modify: func(a *APIFirewallArgs) { a.CORSAllowOrigin = "http://app.example.com" },
			want: []string{`CORSAllowOrigin "http://app.example.com" is invalid`}},
		{name: "CORS wildcard", modify: func(a *APIFirewallArgs) { a.CORSAllowOrigin = "*" },
			want: []string{`CORSAllowOrigin "*" is invalid`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			args := baseFirewallArgs()
			tt.modify(&args)

			err := firewallError(t, args, tt.keepStage)

			require.Error(t, err)
			assert.Contains(t, err.Error(), `firewall "firewall"`)
			for _, want := range tt.want {
				assert.Contains(t, err.Error(), want)
			}
		})
	}
}

func TestAPIFirewallReportsEveryInvalidField(t *testing.T) {
	args := baseFirewallArgs()
	args.RateLimit, args.RateWindowSeconds, args.MaxBodyBytes = 1, 7, 70000

	err := firewallError(t, args, false)

	require.Error(t, err)
	assert.Contains(t, err.Error(), "RateLimit is 1")
	assert.Contains(t, err.Error(), "RateWindowSeconds is 7")
	assert.Contains(t, err.Error(), "MaxBodyBytes is 70000")
}

func TestAPIFirewallAcceptsLocalhostCORSOrigin(t *testing.T) {
	args := baseFirewallArgs()
	args.CORSAllowOrigin = "http://localhost:5173"

	assert.NoError(t, firewallError(t, args, false))
}
