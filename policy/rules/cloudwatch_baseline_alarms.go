package rules

import (
	"context"

	"github.com/pulumi/pulumi/sdk/v3/go/property"

	"github.com/secureserverless/framework/policy/pack"
)

// PolicyCloudWatchBaselineAlarms is the name of the stack policy that requires the baseline alarms for
// the services of the stack.
const PolicyCloudWatchBaselineAlarms = "cloudwatch-baseline-alarms"

// baselineAlarm is a CloudWatch metric that a stack should alarm on when it has resources of one of
// the types.
type baselineAlarm struct {
	resourceTypes []string
	namespace     string
	metricName    string
}

// baselineAlarms are the metrics that show failures and attacks on the platform's services: function
// errors and throttles, API server errors and latency, and requests that the web ACL blocked.
var baselineAlarms = []baselineAlarm{
	{resourceTypes: []string{typeLambdaFunction}, namespace: "AWS/Lambda", metricName: "Errors"},
	{resourceTypes: []string{typeLambdaFunction}, namespace: "AWS/Lambda", metricName: "Throttles"},
	{resourceTypes: []string{typeAPIGatewayStage}, namespace: "AWS/ApiGateway", metricName: "5XXError"},
	{resourceTypes: []string{typeAPIGatewayStage}, namespace: "AWS/ApiGateway", metricName: "Latency"},
	{resourceTypes: []string{typeWAFv2WebACL}, namespace: "AWS/WAFV2", metricName: "BlockedRequests"},
}

// newCloudWatchBaselineAlarms returns the stack policy that requires, for each baseline metric whose
// resource types the stack has, a MetricAlarm on that namespace and metric name, given directly or in
// one of the alarm's metricQueries. It reports each resource of those types when the alarm is missing.
//
// NOTE: it checks that the stack alarms on each metric, not that an alarm covers each function or
// stage through its dimensions.
func newCloudWatchBaselineAlarms() *pack.Policy {
	return &pack.Policy{
		Name:        PolicyCloudWatchBaselineAlarms,
		Description: "Stacks should alarm on Lambda errors and throttles, API Gateway 5XX errors and latency, and WAF blocked requests.",
		Rationale: "Failed functions, throttled or erroring APIs and bursts of blocked requests are the first signs " +
			"of an outage or an attack. Without alarms on them, nobody is told until users complain.",
		RemediationSteps: "Add a MetricAlarm with an alarm action for each metric the finding names, such as " +
			"namespace \"AWS/Lambda\" and metricName \"Errors\" with the function's FunctionName dimension.",
		EnforcementLevel: pack.EnforcementLevelAdvisory,
		Severity:         pack.SeverityLow,
		Tags:             []string{"aws", "cloudwatch", "monitoring", tagHIPAA + "164.308(a)(1)(ii)(D)", tagPCI + "10.6.1"},
		Framework:        hipaaControl("164.308(a)(1)(ii)(D)", "Information system activity review"),
		Waivable:         true,
		ResourceTypes:    []string{typeCloudWatchMetricAlarm, typeLambdaFunction, typeAPIGatewayStage, typeWAFv2WebACL},
		ValidateStack:    validateCloudWatchBaselineAlarms,
	}
}

func validateCloudWatchBaselineAlarms(_ context.Context, check *pack.StackCheck) error {
	watched := map[string]bool{}
	unknown := false
	for _, alarm := range check.OfType(typeCloudWatchMetricAlarm) {
		metrics, known := alarmMetrics(check, alarm)
		unknown = unknown || !known
		for _, metric := range metrics {
			watched[metric] = true
		}
	}
	if unknown {
		return nil
	}

	for _, baseline := range baselineAlarms {
		metric := baseline.namespace + " " + baseline.metricName
		if watched[metric] {
			continue
		}
		for _, resource := range check.OfType(baseline.resourceTypes...) {
			check.Report(resource, "no %s of the stack watches metric %s of namespace %s, expected an alarm on it.",
				typeCloudWatchMetricAlarm, baseline.metricName, baseline.namespace)
		}
	}
	return nil
}

// alarmMetrics returns the metrics an alarm watches, as "NAMESPACE METRIC". known is false when a
// namespace or metric name is unknown; the function then records it.
func alarmMetrics(check *pack.StackCheck, alarm pack.Resource) (metrics []string, known bool) {
	known = true
	add := func(path string, namespace, name property.Value) {
		if namespace.IsComputed() || name.IsComputed() {
			check.Unknown(alarm, path)
			known = false
			return
		}
		namespaceText, _ := stringValue(namespace)
		nameText, _ := stringValue(name)
		if namespaceText != "" && nameText != "" {
			metrics = append(metrics, namespaceText+" "+nameText)
		}
	}

	add("metricName", alarm.Properties.Get("namespace"), alarm.Properties.Get("metricName"))
	queries := alarm.Properties.Get("metricQueries")
	if !check.Known(alarm, "metricQueries", queries) {
		return nil, false
	}
	elements, _ := arrayValue(queries)
	for i, query := range elements {
		metric := valueAt(query, "metric")
		add(indexedPath("metricQueries", i)+".metric.metricName", valueAt(metric, "namespace"), valueAt(metric, "metricName"))
	}
	return metrics, known
}
