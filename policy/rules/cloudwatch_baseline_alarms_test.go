package rules

import (
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/property"

	"github.com/secureserverless/framework/policy/pack"
)

func TestCloudWatchBaselineAlarms(t *testing.T) {
	alarm := func(name, namespace string, metric property.Value) pack.Resource {
		return stackResource(typeCloudWatchMetricAlarm, name, propsOf(map[string]property.Value{
			"namespace": property.New(namespace), "metricName": metric,
		}))
	}
	mathAlarm := stackResource(typeCloudWatchMetricAlarm, "lambda-throttles", propsOf(map[string]property.Value{
		"metricQueries": listValue(objectValue(map[string]property.Value{
			"id": property.New("m1"),
			"metric": objectValue(map[string]property.Value{
				"namespace": property.New("AWS/Lambda"), "metricName": property.New("Throttles"),
			}),
		})),
	}))
	function := stackResource(typeLambdaFunction, "files", property.Map{})
	stage := stackResource(typeAPIGatewayStage, "api-stage", property.Map{})
	errors := alarm("lambda-errors", "AWS/Lambda", property.New("Errors"))
	throttles := alarm("lambda-throttles", "AWS/Lambda", property.New("Throttles"))

	runStackCases(t, newCloudWatchBaselineAlarms(), []stackCase{
		{name: "lambda alarms", kind: caseCompliant, resources: []pack.Resource{function, errors, throttles}},
		{name: "metric math alarm", kind: caseCompliant, resources: []pack.Resource{function, errors, mathAlarm}},
		{name: "api and lambda alarms missing", kind: caseViolation, resources: []pack.Resource{function, stage, errors},
			want: []string{
				"files: no aws:cloudwatch/metricAlarm:MetricAlarm of the stack watches metric Throttles of namespace AWS/Lambda, expected an alarm on it.",
				"api-stage: no aws:cloudwatch/metricAlarm:MetricAlarm of the stack watches metric 5XXError of namespace AWS/ApiGateway, expected an alarm on it.",
				"api-stage: no aws:cloudwatch/metricAlarm:MetricAlarm of the stack watches metric Latency of namespace AWS/ApiGateway, expected an alarm on it.",
			}},
		{name: "no monitored service", kind: caseOtherType, resources: []pack.Resource{errors}},
		{name: "unknown metric", kind: caseUnknown,
			resources:   []pack.Resource{function, errors, alarm("lambda-throttles", "AWS/Lambda", unknownValue())},
			wantUnknown: []string{"lambda-throttles: metricName"}},
	})
}
