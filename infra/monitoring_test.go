package infra

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/secureserverless/framework/offline/fakeaws"
	"github.com/secureserverless/framework/policy/rules"
)

// Values of the monitoring tests.
const (
	monitoringTopicArn  = "arn:aws:sns:us-east-1:123456789012:app-test-alerts"
	monitoringNamespace = "SecureServerless/app-test"
	monitoringTrailLogs = "/aws/cloudtrail/app-test"
	monitoringValidate  = "/aws/lambda/app-test-validate"
	monitoringPoolID    = "us-east-1_ABCDEFGHI"
	monitoringClientID  = "abcdefghijklmnopqrstuvwxyz"
)

// fullMonitoringArgs sets every input, with two functions and one dead-letter queue.
func fullMonitoringArgs() MonitoringArgs {
	return MonitoringArgs{
		NamePrefix:       "app-test",
		ApiName:          pulumi.String("app-test-api"),
		StageName:        pulumi.String("v1"),
		WebAclName:       pulumi.String("app-test-api"),
		UserPoolId:       pulumi.String(monitoringPoolID),
		UserPoolClientId: pulumi.String(monitoringClientID),
		Functions: []MonitoredFunction{
			{ID: "uploads", Name: pulumi.String("app-test-uploads"), TimeoutSeconds: 29,
				LogGroupName: pulumi.String("/aws/lambda/app-test-uploads")},
			{ID: "validate", Name: pulumi.String("app-test-validate"), LogGroupName: pulumi.String(monitoringValidate)},
		},
		DeadLetterQueues:     []MonitoredQueue{{ID: "validate-failures", Name: pulumi.String("app-test-validate-failures")}},
		TrailLogGroupName:    pulumi.String(monitoringTrailLogs),
		ValidateLogGroupName: pulumi.String(monitoringValidate),
		AlertEmails:          []string{"ops@example.com"},
		AlertHTTPSURLs:       []string{"https://hooks.example.com/alerts?token=abc"},
	}
}

// monitoringOutputs are the resolved outputs of a Monitoring component.
type monitoringOutputs struct {
	topicArn, keyArn, dashboardName, dashboardURL string
	alarmNames                                    []string
}

// newTestMonitoring creates a monitoring component named "monitoring" under mocks and returns its
// resolved outputs.
func newTestMonitoring(t *testing.T, args MonitoringArgs) (*fakeaws.Mocks, monitoringOutputs) {
	t.Helper()
	var outputs monitoringOutputs
	mocks, err := runWithMocks(t, func(ctx *pulumi.Context) error {
		monitoring, err := NewMonitoring(ctx, "monitoring", args)
		if err != nil {
			return err
		}
		pulumi.All(monitoring.TopicArn, monitoring.KeyArn, monitoring.DashboardName, monitoring.DashboardURL,
			monitoring.AlarmNames).ApplyT(func(values []any) error {
			outputs = monitoringOutputs{
				topicArn: values[0].(string), keyArn: values[1].(string), dashboardName: values[2].(string),
				dashboardURL: values[3].(string), alarmNames: values[4].([]string),
			}
			return nil
		})
		return nil
	})
	require.NoError(t, err)
	return mocks, outputs
}

// monitoringError returns the error of NewMonitoring with the given arguments under mocks.
func monitoringError(t *testing.T, args MonitoringArgs) error {
	t.Helper()
	_, err := runWithMocks(t, func(ctx *pulumi.Context) error {
		_, err := NewMonitoring(ctx, "monitoring", args)
		return err
	})
	return err
}

// alarmOf returns the alarm whose name ends with key.
func alarmOf(t *testing.T, mocks *fakeaws.Mocks, key string) resource.PropertyMap {
	t.Helper()
	alarm := find(t, mocks, typeMetricAlarm, "monitoring-"+key)
	assertParent(t, alarm, MonitoringType, "monitoring")
	assert.Equal(t, "app-test-"+key, alarm.Inputs["name"].StringValue())
	return alarm.Inputs
}

// inputStringMap returns a map of strings input.
func inputStringMap(t *testing.T, props resource.PropertyMap, key resource.PropertyKey) map[string]string {
	t.Helper()
	values := map[string]string{}
	for name, value := range object(t, props, key) {
		values[string(name)] = value.StringValue()
	}
	return values
}

// assertMetricAlarm checks the metric, statistic, comparison and threshold of an alarm on one metric.
func assertMetricAlarm(t *testing.T, alarm resource.PropertyMap, namespace, metric, statistic, comparison string,
	threshold float64, dimensions map[string]string,
) {
	t.Helper()
	assert.Equal(t, namespace, alarm["namespace"].StringValue(), "namespace")
	assert.Equal(t, metric, alarm["metricName"].StringValue(), "metricName")
	if strings.HasPrefix(statistic, "p") {
		assert.Equal(t, statistic, alarm["extendedStatistic"].StringValue(), "extendedStatistic")
		assert.NotContains(t, alarm, resource.PropertyKey("statistic"))
	} else {
		assert.Equal(t, statistic, alarm["statistic"].StringValue(), "statistic")
	}
	assert.Equal(t, comparison, alarm["comparisonOperator"].StringValue(), "comparisonOperator")
	assert.Equal(t, threshold, alarm["threshold"].NumberValue(), "threshold")
	assert.Equal(t, float64(alarmPeriodSeconds), alarm["period"].NumberValue(), "period")
	if dimensions == nil {
		assert.NotContains(t, alarm, resource.PropertyKey("dimensions"))
	} else {
		assert.Equal(t, dimensions, inputStringMap(t, alarm, "dimensions"))
	}
}

func TestMonitoringAlertTopic(t *testing.T) {
	mocks, outputs := newTestMonitoring(t, fullMonitoringArgs())

	key := find(t, mocks, typeKey, "monitoring-alerts-key")
	assertParent(t, key, MonitoringType, "monitoring")
	assert.True(t, key.Inputs["enableKeyRotation"].BoolValue())
	keyDoc := policyDocument(t, key.Inputs, "policy")
	for sid, service := range map[string]string{
		"CloudWatchAlarmsPublish": "cloudwatch.amazonaws.com",
		"EventBridgeRulesPublish": "events.amazonaws.com",
	} {
		publish := statement(t, keyDoc, sid)
		assert.Equal(t, map[string]any{"Service": service}, publish["Principal"], sid)
		assert.Equal(t, []any{"kms:Decrypt", "kms:GenerateDataKey*"}, publish["Action"], sid)
	}

	topic := find(t, mocks, typeTopic, "monitoring-alerts")
	assertParent(t, topic, MonitoringType, "monitoring")
	assert.Equal(t, "app-test-alerts", topic.Inputs["name"].StringValue())
	assert.Equal(t, key.Outputs["arn"].StringValue(), topic.Inputs["kmsMasterKeyId"].StringValue())
	assert.Equal(t, monitoringTopicArn, outputs.topicArn)
	assert.Equal(t, key.Outputs["arn"].StringValue(), outputs.keyArn)

	policy := find(t, mocks, typeTopicPolicy, "monitoring-alerts")
	assert.Equal(t, monitoringTopicArn, policy.Inputs["arn"].StringValue())
	doc := policyDocument(t, policy.Inputs, "policy")
	alarms := statement(t, doc, "CloudWatchAlarmsPublish")
	assert.Equal(t, map[string]any{"Service": "cloudwatch.amazonaws.com"}, alarms["Principal"])
	assert.Equal(t, "sns:Publish", alarms["Action"])
	assert.Equal(t, map[string]any{
		"ArnLike":      map[string]any{"aws:SourceArn": "arn:aws:cloudwatch:us-east-1:123456789012:alarm:*"},
		"StringEquals": map[string]any{"aws:SourceAccount": testAccountID},
	}, alarms["Condition"])
	rules := statement(t, doc, "EventBridgeRulesPublish")
	assert.Equal(t, map[string]any{"Service": "events.amazonaws.com"}, rules["Principal"])
	assert.Equal(t, "arn:aws:events:us-east-1:123456789012:rule/*",
		rules["Condition"].(map[string]any)["ArnLike"].(map[string]any)["aws:SourceArn"])
	deny := statement(t, doc, "DenyInsecureTransport")
	assert.Equal(t, "Deny", deny["Effect"])
	assert.Equal(t, map[string]any{"Bool": map[string]any{"aws:SecureTransport": "false"}}, deny["Condition"])
}

func TestMonitoringSubscriptions(t *testing.T) {
	args := fullMonitoringArgs()
	args.AlertEmails = []string{"ops@example.com", "security+alerts@example.org"}
	mocks, _ := newTestMonitoring(t, args)

	subscriptions := mocks.ByType(typeSubscription)
	require.Len(t, subscriptions, 3)
	endpoints := map[string]string{}
	for _, subscription := range subscriptions {
		assertParent(t, subscription, MonitoringType, "monitoring")
		assert.Equal(t, monitoringTopicArn, subscription.Inputs["topic"].StringValue())
		endpoint := subscription.Inputs["endpoint"]
		protocol := subscription.Inputs["protocol"].StringValue()
		assert.Equal(t, protocol == "https", endpoint.IsSecret(), "only webhook URLs are secret")
		if endpoint.IsSecret() {
			endpoint = endpoint.SecretValue().Element
		}
		endpoints[endpoint.StringValue()] = protocol
	}
	assert.Equal(t, map[string]string{
		"ops@example.com":                            "email",
		"security+alerts@example.org":                "email",
		"https://hooks.example.com/alerts?token=abc": "https",
	}, endpoints)
	find(t, mocks, typeSubscription, "monitoring-email-"+shortHash("ops@example.com"))
}

func TestMonitoringTrailMetricFilters(t *testing.T) {
	mocks, _ := newTestMonitoring(t, fullMonitoringArgs())

	expected := map[string]struct {
		metric, pattern string
		threshold       float64
	}{
		"root-account-usage":       {MetricRootAccountUsage, rootAccountUsagePattern, DefaultRootAccountUsageThreshold},
		"iam-policy-changes":       {MetricIAMPolicyChanges, iamPolicyChangesPattern, DefaultIAMPolicyChangesThreshold},
		"cloudtrail-changes":       {MetricCloudTrailChanges, cloudTrailChangesPattern, DefaultCloudTrailChangesThreshold},
		"security-group-changes":   {MetricSecurityGroupChanges, securityGroupChangesPattern, DefaultSecurityGroupChangesThreshold},
		"console-sign-in-failures": {MetricConsoleSignInFailures, consoleSignInFailuresPattern, DefaultConsoleSignInFailuresThreshold},
	}
	for key, want := range expected {
		filter := find(t, mocks, typeMetricFilter, "monitoring-"+key)
		assertParent(t, filter, MonitoringType, "monitoring")
		assert.Equal(t, "app-test-"+key, filter.Inputs["name"].StringValue())
		assert.Equal(t, monitoringTrailLogs, filter.Inputs["logGroupName"].StringValue(), key)
		assert.Equal(t, want.pattern, filter.Inputs["pattern"].StringValue(), key)
		transformation := object(t, filter.Inputs, "metricTransformation")
		assert.Equal(t, want.metric, transformation["name"].StringValue(), key)
		assert.Equal(t, monitoringNamespace, transformation["namespace"].StringValue(), key)
		assert.Equal(t, "1", transformation["value"].StringValue(), key)

		alarm := alarmOf(t, mocks, key)
		assertMetricAlarm(t, alarm, monitoringNamespace, want.metric, "Sum", atOrAbove, want.threshold, nil)
		assert.True(t, find(t, mocks, typeMetricAlarm, "monitoring-"+key).DependsOn(typeMetricFilter, "monitoring-"+key),
			"the alarm of %s waits for its metric filter", key)
	}
	assert.Contains(t, rootAccountUsagePattern, `$.userIdentity.type = "Root"`)
	assert.Contains(t, consoleSignInFailuresPattern, `$.errorMessage = "Failed authentication"`)
	for _, event := range []string{"StopLogging", "DeleteTrail", "UpdateTrail"} {
		assert.Contains(t, cloudTrailChangesPattern, "$.eventName = "+event)
	}
	for _, event := range []string{"PutRolePolicy", "AttachRolePolicy", "CreatePolicyVersion"} {
		assert.Contains(t, iamPolicyChangesPattern, "$.eventName = "+event)
	}
	for _, event := range []string{"AuthorizeSecurityGroupIngress", "RevokeSecurityGroupEgress", "DeleteSecurityGroup"} {
		assert.Contains(t, securityGroupChangesPattern, "$.eventName = "+event)
	}
}

func TestMonitoringEveryAlarmNotifies(t *testing.T) {
	mocks, outputs := newTestMonitoring(t, fullMonitoringArgs())

	alarms := mocks.ByType(typeMetricAlarm)
	// 5 trail, 3 sign-in, 3 API, 1 WAF, 3 per function, 1 per queue and 2 upload alarms.
	require.Len(t, alarms, 5+3+3+1+2*3+1+2)
	var names []string
	for _, alarm := range alarms {
		assert.Equal(t, []string{monitoringTopicArn}, authStrings(t, alarm.Inputs, "alarmActions"), alarm.Name)
		assert.Equal(t, []string{monitoringTopicArn}, authStrings(t, alarm.Inputs, "okActions"), alarm.Name)
		assert.True(t, alarm.Inputs["actionsEnabled"].BoolValue(), alarm.Name)
		assert.Equal(t, "notBreaching", alarm.Inputs["treatMissingData"].StringValue(), alarm.Name)
		assert.NotEmpty(t, alarm.Inputs["alarmDescription"].StringValue(), alarm.Name)
		names = append(names, alarm.Inputs["name"].StringValue())
	}
	assert.ElementsMatch(t, names, outputs.alarmNames)
}

func TestMonitoringSignInAlarms(t *testing.T) {
	mocks, _ := newTestMonitoring(t, fullMonitoringArgs())
	client := map[string]string{"UserPool": monitoringPoolID, "UserPoolClient": monitoringClientID}

	failed := alarmOf(t, mocks, "failed-sign-ins")
	assert.Equal(t, float64(DefaultFailedSignInsThreshold), failed["threshold"].NumberValue())
	assert.Equal(t, atOrAbove, failed["comparisonOperator"].StringValue())
	assert.NotContains(t, failed, resource.PropertyKey("metricName"), "metric math replaces the metric")
	queries := failed["metricQueries"].ArrayValue()
	require.Len(t, queries, 3)
	stats := map[string]string{}
	for _, query := range queries[:2] {
		fields := query.ObjectValue()
		assert.False(t, fields["returnData"].BoolValue())
		metric := object(t, fields, "metric")
		assert.Equal(t, "AWS/Cognito", metric["namespace"].StringValue())
		assert.Equal(t, "SignInSuccesses", metric["metricName"].StringValue())
		assert.Equal(t, float64(alarmPeriodSeconds), metric["period"].NumberValue())
		assert.Equal(t, client, inputStringMap(t, metric, "dimensions"))
		stats[fields["id"].StringValue()] = metric["stat"].StringValue()
	}
	assert.Equal(t, map[string]string{"attempts": "SampleCount", "successes": "Sum"}, stats)
	expression := queries[2].ObjectValue()
	assert.Equal(t, "attempts - successes", expression["expression"].StringValue())
	assert.True(t, expression["returnData"].BoolValue())

	assertMetricAlarm(t, alarmOf(t, mocks, "sign-in-throttles"), "AWS/Cognito", "SignInThrottles", "Sum", atOrAbove,
		DefaultSignInThrottlesThreshold, client)
	assertMetricAlarm(t, alarmOf(t, mocks, "risky-sign-ins"), "AWS/Cognito", "Risk", "Sum", atOrAbove,
		DefaultRiskySignInsThreshold, map[string]string{"Operation": "SignIn", "UserPoolId": monitoringPoolID})
}

func TestMonitoringAPIAndWAFAlarms(t *testing.T) {
	mocks, _ := newTestMonitoring(t, fullMonitoringArgs())
	stage := map[string]string{"ApiName": "app-test-api", "Stage": "v1"}

	assertMetricAlarm(t, alarmOf(t, mocks, "api-4xx-errors"), "AWS/ApiGateway", "4XXError", "Sum", atOrAbove,
		DefaultAPI4xxErrorsThreshold, stage)
	assertMetricAlarm(t, alarmOf(t, mocks, "api-5xx-errors"), "AWS/ApiGateway", "5XXError", "Sum", atOrAbove,
		DefaultAPI5xxErrorsThreshold, stage)
	latency := alarmOf(t, mocks, "api-latency")
	assertMetricAlarm(t, latency, "AWS/ApiGateway", "Latency", "p95", atOrAbove, DefaultAPILatencyP95Millis, stage)
	assert.Equal(t, float64(latencyEvaluationPeriods), latency["evaluationPeriods"].NumberValue())
	assert.Equal(t, float64(latencyEvaluationPeriods), latency["datapointsToAlarm"].NumberValue())
	assert.Equal(t, float64(1), alarmOf(t, mocks, "api-5xx-errors")["evaluationPeriods"].NumberValue())

	assertMetricAlarm(t, alarmOf(t, mocks, "waf-blocked-requests"), "AWS/WAFV2", "BlockedRequests", "Sum", atOrAbove,
		DefaultWAFBlockedRequestsThreshold, map[string]string{"WebACL": "app-test-api", "Region": testRegion, "Rule": "ALL"})
}

func TestMonitoringFunctionAndQueueAlarms(t *testing.T) {
	mocks, _ := newTestMonitoring(t, fullMonitoringArgs())

	for id, timeout := range map[string]float64{"uploads": 29, "validate": DefaultFunctionTimeout} {
		dimensions := map[string]string{"FunctionName": "app-test-" + id}
		assertMetricAlarm(t, alarmOf(t, mocks, "lambda-errors-"+id), "AWS/Lambda", "Errors", "Sum", atOrAbove,
			DefaultLambdaErrorsThreshold, dimensions)
		assertMetricAlarm(t, alarmOf(t, mocks, "lambda-throttles-"+id), "AWS/Lambda", "Throttles", "Sum", atOrAbove,
			DefaultLambdaThrottlesThreshold, dimensions)
		assertMetricAlarm(t, alarmOf(t, mocks, "lambda-duration-"+id), "AWS/Lambda", "Duration", "Maximum", atOrAbove,
			timeout*1000*DefaultLambdaDurationPercent/100, dimensions)
	}

	assertMetricAlarm(t, alarmOf(t, mocks, "dead-letters-validate-failures"), "AWS/SQS",
		"ApproximateNumberOfMessagesVisible", "Maximum", above, 0,
		map[string]string{"QueueName": "app-test-validate-failures"})
}

func TestMonitoringUploadAlarms(t *testing.T) {
	mocks, _ := newTestMonitoring(t, fullMonitoringArgs())

	for key, metric := range map[string]string{"rejected-uploads": MetricRejectedUploads, "malware-findings": MetricMalwareFindings} {
		filter := find(t, mocks, typeMetricFilter, "monitoring-"+key)
		assert.Equal(t, monitoringValidate, filter.Inputs["logGroupName"].StringValue())
		assert.Equal(t, metric, object(t, filter.Inputs, "metricTransformation")["name"].StringValue())
	}
	assert.Equal(t, rejectedUploadsPattern,
		find(t, mocks, typeMetricFilter, "monitoring-rejected-uploads").Inputs["pattern"].StringValue())
	assert.Equal(t, malwareFindingsPattern,
		find(t, mocks, typeMetricFilter, "monitoring-malware-findings").Inputs["pattern"].StringValue())
	assertMetricAlarm(t, alarmOf(t, mocks, "rejected-uploads"), monitoringNamespace, MetricRejectedUploads, "Sum",
		atOrAbove, DefaultRejectedUploadsThreshold, nil)
	assertMetricAlarm(t, alarmOf(t, mocks, "malware-findings"), monitoringNamespace, MetricMalwareFindings, "Sum",
		atOrAbove, DefaultMalwareFindingsThreshold, nil)
}

func TestMonitoringThresholdSettings(t *testing.T) {
	args := fullMonitoringArgs()
	args.MetricNamespace = "Team/Security"
	args.Thresholds = MonitoringThresholds{
		RootAccountUsage: 2, IAMPolicyChanges: 3, CloudTrailChanges: 4, SecurityGroupChanges: 5,
		ConsoleSignInFailures: 6, FailedSignIns: 50, SignInThrottles: 7, RiskySignIns: 8, API4xxErrors: 500,
		API5xxErrors: 9, APILatencyP95Millis: 1500, WAFBlockedRequests: 1000, LambdaErrors: 10,
		LambdaThrottles: 11, LambdaDurationPercent: 50, DeadLetterMessages: 12, RejectedUploads: 13,
		MalwareFindings: 14,
	}
	mocks, _ := newTestMonitoring(t, args)

	for key, threshold := range map[string]float64{
		"root-account-usage": 2, "iam-policy-changes": 3, "cloudtrail-changes": 4, "security-group-changes": 5,
		"console-sign-in-failures": 6, "failed-sign-ins": 50, "sign-in-throttles": 7, "risky-sign-ins": 8,
		"api-4xx-errors": 500, "api-5xx-errors": 9, "api-latency": 1500, "waf-blocked-requests": 1000,
		"lambda-errors-uploads": 10, "lambda-throttles-uploads": 11, "lambda-duration-uploads": 29 * 1000 * 0.5,
		"lambda-duration-validate": 10 * 1000 * 0.5, "dead-letters-validate-failures": 12, "rejected-uploads": 13,
		"malware-findings": 14,
	} {
		assert.Equal(t, threshold, alarmOf(t, mocks, key)["threshold"].NumberValue(), key)
	}
	filter := find(t, mocks, typeMetricFilter, "monitoring-root-account-usage")
	assert.Equal(t, "Team/Security", object(t, filter.Inputs, "metricTransformation")["namespace"].StringValue())
	assert.Equal(t, "Team/Security", alarmOf(t, mocks, "root-account-usage")["namespace"].StringValue())
}

func TestMonitoringLeavesOutMissingInputs(t *testing.T) {
	mocks, outputs := newTestMonitoring(t, MonitoringArgs{NamePrefix: "app-test"})

	assert.Empty(t, mocks.ByType(typeMetricAlarm), "every alarm needs an input")
	assert.Empty(t, mocks.ByType(typeMetricFilter))
	assert.Empty(t, mocks.ByType(typeSubscription))
	assert.Empty(t, outputs.alarmNames)
	find(t, mocks, typeTopic, "monitoring-alerts")
	find(t, mocks, typeEventRule, "monitoring-guardduty-findings")
	body := dashboardOf(t, mocks)
	assert.Equal(t, []any{}, body["widgets"], "an empty dashboard has an empty widget list")

	// A user pool without a client gets the risk alarm only, which needs no client.
	mocks, _ = newTestMonitoring(t, MonitoringArgs{NamePrefix: "app-test", UserPoolId: pulumi.String(monitoringPoolID)})
	alarms := mocks.ByType(typeMetricAlarm)
	require.Len(t, alarms, 1)
	assert.Equal(t, "monitoring-risky-sign-ins", alarms[0].Name)
}

func TestMonitoringFindingsRule(t *testing.T) {
	args := fullMonitoringArgs()
	args.GuardDutyFindingSeverity = 4
	mocks, _ := newTestMonitoring(t, args)

	rule := find(t, mocks, typeEventRule, "monitoring-guardduty-findings")
	assertParent(t, rule, MonitoringType, "monitoring")
	assert.Equal(t, "app-test-guardduty-findings", rule.Inputs["name"].StringValue())
	var pattern map[string]any
	require.NoError(t, json.Unmarshal([]byte(rule.Inputs["eventPattern"].StringValue()), &pattern))
	assert.Equal(t, map[string]any{
		"source":      []any{"aws.guardduty"},
		"detail-type": []any{"GuardDuty Finding"},
		"detail":      map[string]any{"severity": []any{map[string]any{"numeric": []any{">=", float64(4)}}}},
	}, pattern)

	target := find(t, mocks, "aws:cloudwatch/eventTarget:EventTarget", "monitoring-guardduty-findings")
	assert.Equal(t, rule.Outputs["name"].StringValue(), target.Inputs["rule"].StringValue())
	assert.Equal(t, monitoringTopicArn, target.Inputs["arn"].StringValue())
	assert.Equal(t, findingsTargetID, target.Inputs["targetId"].StringValue())

	mocks, _ = newTestMonitoring(t, MonitoringArgs{NamePrefix: "app-test"})
	rule = find(t, mocks, typeEventRule, "monitoring-guardduty-findings")
	assert.Contains(t, rule.Inputs["eventPattern"].StringValue(), `"numeric":[">=",7]`, "high and critical by default")
}

// dashboardOf returns the decoded body of the monitoring dashboard.
func dashboardOf(t *testing.T, mocks *fakeaws.Mocks) map[string]any {
	t.Helper()
	dashboard := find(t, mocks, typeDashboard, "monitoring-dashboard")
	assertParent(t, dashboard, MonitoringType, "monitoring")
	var body map[string]any
	require.NoError(t, json.Unmarshal([]byte(dashboard.Inputs["dashboardBody"].StringValue()), &body))
	return body
}

func TestMonitoringDashboard(t *testing.T) {
	mocks, outputs := newTestMonitoring(t, fullMonitoringArgs())

	assert.Equal(t, "app-test", outputs.dashboardName)
	assert.Equal(t, "https://us-east-1.console.aws.amazon.com/cloudwatch/home?region=us-east-1#dashboards/dashboard/app-test",
		outputs.dashboardURL)
	widgets := map[string]map[string]any{}
	for _, raw := range dashboardOf(t, mocks)["widgets"].([]any) {
		widget := raw.(map[string]any)
		properties := widget["properties"].(map[string]any)
		widgets[properties["title"].(string)] = properties
		assert.Equal(t, float64(widgetHeight), widget["height"])
	}
	assert.ElementsMatch(t, []string{
		"Alarms", "API requests and errors", "API latency (ms)", "WAF requests", "Sign-ins",
		"Function errors and throttles", "Function duration, maximum (ms)", "Upload pipeline",
		"Security events in CloudTrail", "Recent function errors",
	}, mapKeys(widgets))

	assert.Len(t, widgets["Alarms"]["alarms"], len(mocks.ByType(typeMetricAlarm)))
	assert.Contains(t, widgets["Alarms"]["alarms"], "arn:aws:cloudwatch:us-east-1:123456789012:alarm:app-test-api-5xx-errors")
	assert.Contains(t, widgets["API requests and errors"]["metrics"],
		[]any{"AWS/ApiGateway", "5XXError", "ApiName", "app-test-api", "Stage", "v1"})
	assert.Contains(t, widgets["WAF requests"]["metrics"],
		[]any{"AWS/WAFV2", "BlockedRequests", "WebACL", "app-test-api", "Region", testRegion, "Rule", "ALL"})
	assert.Contains(t, widgets["Function errors and throttles"]["metrics"],
		[]any{"AWS/Lambda", "Errors", "FunctionName", "app-test-uploads", map[string]any{"label": "app-test-uploads errors"}})
	assert.Contains(t, widgets["Upload pipeline"]["metrics"], []any{monitoringNamespace, MetricMalwareFindings})
	assert.Contains(t, widgets["Upload pipeline"]["metrics"], []any{"AWS/SQS", "ApproximateNumberOfMessagesVisible",
		"QueueName", "app-test-validate-failures", map[string]any{"stat": "Maximum", "label": "app-test-validate-failures waiting"}})
	assert.Contains(t, widgets["Security events in CloudTrail"]["metrics"], []any{monitoringNamespace, MetricRootAccountUsage})
	assert.Equal(t, testRegion, widgets["WAF requests"]["region"])
	assert.Equal(t, "SOURCE '/aws/lambda/app-test-uploads' | SOURCE '"+monitoringValidate+"' | fields @timestamp, "+
		"@log, message, error | filter level = 'ERROR' | sort @timestamp desc | limit 50",
		widgets["Recent function errors"]["query"])
}

// mapKeys returns the keys of m.
func mapKeys(m map[string]map[string]any) []string {
	keys := make([]string, 0, len(m))
	for key := range m {
		keys = append(keys, key)
	}
	return keys
}

func TestMonitoringRejectsInvalidArgs(t *testing.T) {
	tests := []struct {
		name    string
		change  func(*MonitoringArgs)
		message string
	}{
		{"threshold below zero", func(a *MonitoringArgs) { a.Thresholds.API5xxErrors = -1 },
			"Thresholds.API5xxErrors is -1, must be at least 0"},
		{"duration above the timeout", func(a *MonitoringArgs) { a.Thresholds.LambdaDurationPercent = 150 },
			"Thresholds.LambdaDurationPercent is 150, must be 1 to 100"},
		{"email that does not parse", func(a *MonitoringArgs) { a.AlertEmails = []string{"ops.example.com"} },
			`AlertEmails has "ops.example.com", which is not an email address`},
		{"email with display name", func(a *MonitoringArgs) { a.AlertEmails = []string{"Ops <ops@example.com>"} },
			`AlertEmails has "Ops <ops@example.com>"`},
		{"email twice", func(a *MonitoringArgs) { a.AlertEmails = []string{"ops@example.com", "ops@example.com"} },
			`AlertEmails has "ops@example.com" twice`},
		{"http URL", func(a *MonitoringArgs) { a.AlertHTTPSURLs = []string{"http://hooks.example.com/alerts"} },
			`AlertHTTPSURLs has "http://hooks.example.com/alerts"; use an absolute https URL`},
		{"URL with password", func(a *MonitoringArgs) { a.AlertHTTPSURLs = []string{"https://user:secret@hooks.example.com/"} },
			"without user name or password"},
		{"relative URL", func(a *MonitoringArgs) { a.AlertHTTPSURLs = []string{"/alerts"} }, `AlertHTTPSURLs has "/alerts"`},
		{"API name without stage", func(a *MonitoringArgs) { a.StageName = nil }, "ApiName and StageName must be set together"},
		{"client without pool", func(a *MonitoringArgs) { a.UserPoolId = nil }, "UserPoolClientId is set without UserPoolId"},
		{"duplicate function id", func(a *MonitoringArgs) { a.Functions[1].ID = "uploads" },
			`Functions[1].ID "uploads" is used twice`},
		{"invalid function id", func(a *MonitoringArgs) { a.Functions[0].ID = "Uploads" }, `Functions[0].ID "Uploads" is invalid`},
		{"function without name", func(a *MonitoringArgs) { a.Functions[0].Name = nil }, "Functions[0].Name is missing"},
		{"timeout over Lambda's limit", func(a *MonitoringArgs) { a.Functions[0].TimeoutSeconds = 901 },
			"Functions[0].TimeoutSeconds is 901, must be 1 to 900"},
		{"queue without name", func(a *MonitoringArgs) { a.DeadLetterQueues[0].Name = nil }, "DeadLetterQueues[0].Name is missing"},
		{"invalid queue id", func(a *MonitoringArgs) { a.DeadLetterQueues[0].ID = "" }, `DeadLetterQueues[0].ID "" is invalid`},
		{"finding severity", func(a *MonitoringArgs) { a.GuardDutyFindingSeverity = 11 }, "GuardDutyFindingSeverity is 11, must be 1 to 10"},
		{"AWS namespace", func(a *MonitoringArgs) { a.MetricNamespace = "AWS/Custom" }, `MetricNamespace "AWS/Custom" is invalid`},
		{"name prefix with spaces", func(a *MonitoringArgs) { a.NamePrefix = "app test" }, `NamePrefix "app test" is invalid`},
		{"key deletion window", func(a *MonitoringArgs) { a.KMSKeyDeletionWindowDays = 31 }, "KMSKeyDeletionWindowDays is 31"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			args := fullMonitoringArgs()
			tt.change(&args)

			err := monitoringError(t, args)

			require.Error(t, err)
			assert.Contains(t, err.Error(), tt.message)
			assert.Contains(t, err.Error(), `monitoring "monitoring"`)
		})
	}
}

func TestValidateAlertEndpointsAccepts(t *testing.T) {
	for _, email := range []string{"ops@example.com", "security+alerts@sub.example.org"} {
		assert.NoError(t, ValidateAlertEmail(email), email)
	}
	for _, endpoint := range []string{"https://hooks.example.com/alerts", "https://events.pagerduty.com/integration/abc/enqueue"} {
		assert.NoError(t, ValidateAlertHTTPSURL(endpoint), endpoint)
	}
}

func TestMonitoringPassesPackPolicies(t *testing.T) {
	mocks, _ := newTestMonitoring(t, fullMonitoringArgs())

	run := runPolicyPack(t, mocks, nil)

	assert.Empty(t, run.findings)
	assert.Equal(t, 1, run.ran[rules.PolicyKMSKeyRotationEnabled])
	assert.Equal(t, 1, run.ran[rules.PolicyKMSKeyPolicyNoPublicPrincipal])
}

func TestDashboardConsoleURLPartitions(t *testing.T) {
	tests := map[string]struct {
		account awsAccount
		want    string
	}{
		"aws": {awsAccount{Partition: "aws", Region: "eu-west-1"},
			"https://eu-west-1.console.aws.amazon.com/cloudwatch/home?region=eu-west-1#dashboards/dashboard/app"},
		"china": {awsAccount{Partition: "aws-cn", Region: "cn-north-1"},
			"https://console.amazonaws.cn/cloudwatch/home?region=cn-north-1#dashboards/dashboard/app"},
		"GovCloud": {awsAccount{Partition: "aws-us-gov", Region: "us-gov-west-1"},
			"https://console.amazonaws-us-gov.com/cloudwatch/home?region=us-gov-west-1#dashboards/dashboard/app"},
	}
	for name, tt := range tests {
		assert.Equal(t, tt.want, dashboardConsoleURL(tt.account, "app"), name)
	}
}

// The alarms on the validate function's log group must match the line the function writes. These checks
// read the line's message, keys and values from the function's source, so a change there fails here.
func TestUploadFiltersMatchValidateLog(t *testing.T) {
	logLine := validateLogLineFromSource(t)

	for name, tt := range map[string]struct {
		line              map[string]any
		rejected, malware bool
	}{
		"malware": {line: logLine, rejected: true, malware: true},
		"other rejection": {
			line: withField(logLine, "reasonCode", "too_large"), rejected: true,
		},
		"promoted": {
			line: withField(withField(logLine, "outcome", "promoted"), "reasonCode", nil),
		},
		"other message": {
			line: withField(logLine, "message", "upload processing failed"),
		},
	} {
		assert.Equal(t, tt.rejected, filterMatches(t, rejectedUploadsPattern, tt.line), "rejected uploads, %s", name)
		assert.Equal(t, tt.malware, filterMatches(t, malwareFindingsPattern, tt.line), "malware findings, %s", name)
	}
}

// withField returns a copy of line with key set to value, or removed when value is nil.
func withField(line map[string]any, key string, value any) map[string]any {
	copied := map[string]any{}
	for k, v := range line {
		copied[k] = v
	}
	if value == nil {
		delete(copied, key)
	} else {
		copied[key] = value
	}
	return copied
}

// filterMatches evaluates a CloudWatch Logs JSON filter pattern that joins string equality terms with
// &&, such as { ($.a = "x") && ($.b = "y") }, on a log line. It fails the test on any other form, so a
// pattern this evaluator does not understand cannot pass.
func filterMatches(t *testing.T, pattern string, line map[string]any) bool {
	t.Helper()
	body, ok := strings.CutPrefix(pattern, "{ ")
	require.True(t, ok, "pattern %q does not start with \"{ \"", pattern)
	body, ok = strings.CutSuffix(body, " }")
	require.True(t, ok, "pattern %q does not end with \" }\"", pattern)
	matches := true
	for _, term := range strings.Split(body, " && ") {
		var key, value string
		_, err := fmt.Sscanf(term, "($.%s = %q)", &key, &value)
		require.NoError(t, err, "term %q of pattern %q", term, pattern)
		require.Equal(t, fmt.Sprintf("($.%s = %q)", key, value), term, "term of pattern %q", pattern)
		if line[key] != value {
			matches = false
		}
	}
	return matches
}
