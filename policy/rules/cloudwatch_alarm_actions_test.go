package rules

import (
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/property"
)

func TestCloudWatchAlarmActions(t *testing.T) {
	alarm := func(enabled property.Value, actions ...property.Value) property.Map {
		fields := map[string]property.Value{"metricName": property.New("Errors"), "alarmActions": listValue(actions...)}
		if !enabled.IsNull() {
			fields["actionsEnabled"] = enabled
		}
		return propsOf(fields)
	}
	topic := property.New("arn:aws:sns:eu-west-1:123456789012:alerts")

	runPolicyCases(t, newCloudWatchAlarmActions(), []policyCase{
		{name: "topic", kind: caseCompliant, resourceType: typeCloudWatchMetricAlarm, props: alarm(property.New(true), topic)},
		{name: "default enabled", kind: caseCompliant, resourceType: typeCloudWatchMetricAlarm, props: alarm(property.Value{}, topic)},
		{name: "actions disabled", kind: caseViolation, resourceType: typeCloudWatchMetricAlarm, props: alarm(property.New(false), topic),
			want: []string{`actionsEnabled is false, expected true.`}},
		{name: "no actions", kind: caseViolation, resourceType: typeCloudWatchMetricAlarm,
			props: propsOf(map[string]property.Value{"metricName": property.New("Errors")}),
			want:  []string{`alarmActions is not set, expected at least one action such as an SNS topic ARN.`}},
		{name: "log group", kind: caseOtherType, resourceType: typeCloudWatchLogGroup, props: alarm(property.New(false))},
		{name: "unknown actions", kind: caseUnknown, resourceType: typeCloudWatchMetricAlarm,
			props:       propsOf(map[string]property.Value{"alarmActions": unknownValue()}),
			wantUnknown: []string{"alarmActions"}},
	})
}
