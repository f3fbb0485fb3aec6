package fakeaws

import (
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const (
	typeWebACL              = "aws:wafv2/webAcl:WebAcl"
	typeRegexPatternSet     = "aws:wafv2/regexPatternSet:RegexPatternSet"
	typeWebACLAssociation   = "aws:wafv2/webAclAssociation:WebAclAssociation"
	typeWebACLLoggingConfig = "aws:wafv2/webAclLoggingConfiguration:WebAclLoggingConfiguration"
	uuidPattern             = `[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}`
	testStageARN            = "arn:aws:apigateway:us-east-1::/restapis/abc123defg/stages/v1"
	testWebACLARN           = "arn:aws:wafv2:us-east-1:123456789012:regional/webacl/app-api/0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0"
	testLogGroupARN         = "arn:aws:logs:us-east-1:123456789012:log-group:aws-waf-logs-app-api"
)

// webACLInputs returns the inputs of a REGIONAL web ACL with the given rules.
func webACLInputs(name string, rules ...map[string]any) resource.PropertyMap {
	list := make([]any, 0, len(rules))
	for _, rule := range rules {
		list = append(list, rule)
	}
	return resource.NewPropertyMapFromMap(map[string]any{
		"name":          name,
		"scope":         "REGIONAL",
		"defaultAction": map[string]any{"allow": map[string]any{}},
		"visibilityConfig": map[string]any{
			"cloudwatchMetricsEnabled": true, "metricName": name, "sampledRequestsEnabled": true,
		},
		"rules": list,
	})
}

// managedGroupRule returns a rule that applies an AWS managed rule group.
func managedGroupRule(group string) map[string]any {
	return map[string]any{"name": group, "statement": map[string]any{
		"managedRuleGroupStatement": map[string]any{"name": group, "vendorName": "AWS"},
	}}
}

func TestWAFv2WebACLOutputs(t *testing.T) {
	inputs := webACLInputs("app-api")

	id, outputs, err := Model{}.Create(typeWebACL, "firewall-web-acl", inputs, false)
	require.NoError(t, err)

	assert.Regexp(t, `^`+uuidPattern+`$`, id)
	assert.Equal(t, "arn:aws:wafv2:us-east-1:123456789012:regional/webacl/app-api/"+id,
		outputs["arn"].StringValue())
	assert.Equal(t, "app-api", outputs["name"].StringValue())
	assert.Regexp(t, `^`+uuidPattern+`$`, outputs["lockToken"].StringValue())
	assert.Equal(t, "", outputs["applicationIntegrationUrl"].StringValue())
	assert.Equal(t, float64(0), outputs["capacity"].NumberValue())
}

func TestWAFv2WebACLCloudFrontScope(t *testing.T) {
	inputs := webACLInputs("edge")
	inputs["scope"] = resource.NewStringProperty("CLOUDFRONT")

	id, outputs, err := Model{}.Create(typeWebACL, "edge-web-acl", inputs, false)
	require.NoError(t, err)

	assert.Equal(t, "arn:aws:wafv2:us-east-1:123456789012:global/webacl/edge/"+id, outputs["arn"].StringValue())
}

func TestWAFv2WebACLCapacity(t *testing.T) {
	originCheck := map[string]any{"name": "origin", "statement": map[string]any{
		"notStatement": map[string]any{"statements": []any{map[string]any{
			"regexPatternSetReferenceStatement": map[string]any{
				"arn":                 "arn:aws:wafv2:us-east-1:123456789012:regional/regexpatternset/x/y",
				"textTransformations": []any{map[string]any{"priority": 0, "type": "NONE"}},
			},
		}}},
	}}
	rate := map[string]any{"name": "rate", "statement": map[string]any{
		"rateBasedStatement": map[string]any{"limit": 100},
	}}
	size := map[string]any{"name": "size", "statement": map[string]any{
		"sizeConstraintStatement": map[string]any{
			"size": 1024, "comparisonOperator": "GT",
			"textTransformations": []any{map[string]any{"priority": 0, "type": "LOWERCASE"}},
		},
	}}
	inputs := webACLInputs("app-api", originCheck, managedGroupRule("AWSManagedRulesCommonRuleSet"),
		managedGroupRule("AWSManagedRulesKnownBadInputsRuleSet"),
		managedGroupRule("AWSManagedRulesAmazonIpReputationList"), rate, size)

	_, outputs, err := Model{}.Create(typeWebACL, "firewall-web-acl", inputs, false)
	require.NoError(t, err)

	// 25 for the pattern set, 700 + 200 + 25 for the groups, 2 for the rate and 1 + 10 for the size.
	assert.Equal(t, float64(25+700+200+25+2+11), outputs["capacity"].NumberValue())
}

func TestWAFv2WebACLUpdateRefreshesLockToken(t *testing.T) {
	model := Model{}
	olds := webACLInputs("app-api")
	id, created, err := model.Create(typeWebACL, "firewall-web-acl", olds, false)
	require.NoError(t, err)
	news := webACLInputs("app-api", managedGroupRule("AWSManagedRulesCommonRuleSet"))

	updated, err := model.Update(typeWebACL, id, created, news, false)
	require.NoError(t, err)
	unchanged, err := model.Update(typeWebACL, id, created, olds, false)
	require.NoError(t, err)

	assert.NotEqual(t, created["lockToken"], updated["lockToken"])
	assert.Equal(t, float64(700), updated["capacity"].NumberValue())
	assert.Equal(t, created["arn"], updated["arn"])
	assert.Equal(t, created["lockToken"], unchanged["lockToken"])
}

func TestWAFv2WebACLPreview(t *testing.T) {
	_, outputs, err := Model{}.Create(typeWebACL, "firewall-web-acl", webACLInputs("app-api"), true)
	require.NoError(t, err)

	assert.True(t, outputs["arn"].IsComputed())
	assert.True(t, outputs["lockToken"].IsComputed())
	assert.Equal(t, "app-api", outputs["name"].StringValue())
}

func TestWAFv2WebACLAutonaming(t *testing.T) {
	urn := testURN(typeWebACL, "firewall-web-acl")
	inputs := webACLInputs("ignored")
	delete(inputs, "name")

	checked := Model{}.Check(typeWebACL, urn, nil, inputs)

	assert.Regexp(t, `^firewall-web-acl-[0-9a-f]{7}$`, checked["name"].StringValue())
	assert.Equal(t, []string{"defaultAction", "scope", "visibilityConfig"},
		Model{}.MissingInputs(typeWebACL, resource.PropertyMap{}))
}

func TestWAFv2RegexPatternSetOutputs(t *testing.T) {
	inputs := resource.NewPropertyMapFromMap(map[string]any{
		"name": "app-origin-verify", "scope": "REGIONAL",
		"regularExpressions": []any{map[string]any{"regexString": "^secret$"}},
	})

	id, outputs, err := Model{}.Create(typeRegexPatternSet, "origin-patterns", inputs, false)
	require.NoError(t, err)

	assert.Regexp(t, `^`+uuidPattern+`$`, id)
	assert.Equal(t, "arn:aws:wafv2:us-east-1:123456789012:regional/regexpatternset/app-origin-verify/"+id,
		outputs["arn"].StringValue())
	assert.Regexp(t, `^`+uuidPattern+`$`, outputs["lockToken"].StringValue())
}

func TestWAFv2RegexPatternSetFromPrefix(t *testing.T) {
	inputs := resource.NewPropertyMapFromMap(map[string]any{"namePrefix": "origin-", "scope": "REGIONAL"})

	id, outputs, err := Model{}.Create(typeRegexPatternSet, "origin-patterns", inputs, false)
	require.NoError(t, err)

	name := outputs["name"].StringValue()
	assert.Regexp(t, `^origin-[0-9]{26}$`, name)
	assert.Equal(t, "arn:aws:wafv2:us-east-1:123456789012:regional/regexpatternset/"+name+"/"+id,
		outputs["arn"].StringValue())
}

func TestWAFv2AssociationID(t *testing.T) {
	inputs := resource.NewPropertyMapFromMap(map[string]any{"resourceArn": testStageARN, "webAclArn": testWebACLARN})

	id, _, err := Model{}.Create(typeWebACLAssociation, "firewall-association", inputs, false)
	require.NoError(t, err)

	assert.Equal(t, testWebACLARN+","+testStageARN, id)
	assert.Equal(t, []string{"resourceArn", "webAclArn"}, Model{}.MissingInputs(typeWebACLAssociation, resource.PropertyMap{}))
}

func TestWAFv2LoggingConfigurationID(t *testing.T) {
	inputs := resource.NewPropertyMapFromMap(map[string]any{
		"resourceArn":           testWebACLARN,
		"logDestinationConfigs": []any{testLogGroupARN},
	})

	id, _, err := Model{}.Create(typeWebACLLoggingConfig, "firewall-logging", inputs, false)
	require.NoError(t, err)

	assert.Equal(t, testWebACLARN, id)
	assert.Equal(t, []string{"logDestinationConfigs", "resourceArn"},
		Model{}.MissingInputs(typeWebACLLoggingConfig, resource.PropertyMap{}))
}

func TestWAFv2ReplaceOnChange(t *testing.T) {
	tests := []struct {
		typ     string
		want    []string
		notWant []string
	}{
		{typ: typeWebACL, want: []string{"name", "namePrefix", "scope"}, notWant: []string{"rules", "description"}},
		{typ: typeRegexPatternSet, want: []string{"name", "namePrefix", "scope"}, notWant: []string{"regularExpressions"}},
		{typ: typeWebACLAssociation, want: []string{"resourceArn", "webAclArn"}},
		{typ: typeWebACLLoggingConfig, want: []string{"logDestinationConfigs", "resourceArn"}, notWant: []string{"redactedFields"}},
	}
	for _, tt := range tests {
		t.Run(tt.typ, func(t *testing.T) {
			got := ReplaceOnChange(tt.typ)

			assert.ElementsMatch(t, tt.want, got)
			for _, key := range tt.notWant {
				assert.NotContains(t, got, key)
			}
		})
	}
}

func TestWAFv2ScopeChangeGivesNewID(t *testing.T) {
	regional := webACLInputs("app-api")
	global := webACLInputs("app-api")
	global["scope"] = resource.NewStringProperty("CLOUDFRONT")
	withRule := webACLInputs("app-api", managedGroupRule("AWSManagedRulesCommonRuleSet"))

	regionalID, _, err := Model{}.Create(typeWebACL, "firewall-web-acl", regional, false)
	require.NoError(t, err)
	globalID, _, err := Model{}.Create(typeWebACL, "firewall-web-acl", global, false)
	require.NoError(t, err)
	withRuleID, _, err := Model{}.Create(typeWebACL, "firewall-web-acl", withRule, false)
	require.NoError(t, err)

	assert.NotEqual(t, regionalID, globalID)
	assert.Equal(t, regionalID, withRuleID)
}
