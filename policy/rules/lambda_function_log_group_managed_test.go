package rules

import (
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/property"

	"github.com/secureserverless/framework/policy/pack"
)

func TestLambdaFunctionLogGroupManaged(t *testing.T) {
	logGroup := func(name string) pack.Resource {
		return stackResource(typeCloudWatchLogGroup, "files-logs", propsOf(map[string]property.Value{
			"name": property.New(name), "retentionInDays": property.New(30.0),
		}))
	}
	function := func(name string, logGroupName property.Value) pack.Resource {
		fields := map[string]property.Value{"name": property.New(name), "runtime": property.New("provided.al2023")}
		if !logGroupName.IsNull() {
			fields["loggingConfig"] = objectValue(map[string]property.Value{
				"logFormat": property.New("JSON"), "logGroup": logGroupName,
			})
		}
		return stackResource(typeLambdaFunction, "files", propsOf(fields))
	}
	managed := logGroup("/platform/files")
	topic := stackResource(typeSNSTopic, "alerts", property.Map{})

	runStackCases(t, newLambdaFunctionLogGroupManaged(), []stackCase{
		{name: "log group built from output", kind: caseCompliant,
			resources: []pack.Resource{managed, dependingOn(function("files", unknownValue()), "loggingConfig", managed)}},
		{name: "log group named", kind: caseCompliant,
			resources: []pack.Resource{managed, function("files", property.New("/platform/files"))}},
		{name: "default log group", kind: caseCompliant,
			resources: []pack.Resource{logGroup("/aws/lambda/files"), function("files", property.Value{})}},
		{name: "no log group", kind: caseViolation, resources: []pack.Resource{topic, function("files", property.Value{})},
			want: []string{`files: the function writes to log group "/aws/lambda/files", which no ` +
				`aws:cloudwatch/logGroup:LogGroup of the stack creates, expected the stack to create it with a retention and a KMS key.`}},
		{name: "other log group", kind: caseViolation,
			resources: []pack.Resource{managed, function("files", property.New("/platform/other"))},
			want: []string{`files: the function writes to log group "/platform/other", which no ` +
				`aws:cloudwatch/logGroup:LogGroup of the stack creates, expected the stack to create it with a retention and a KMS key.`}},
		{name: "no function", kind: caseOtherType, resources: []pack.Resource{managed, topic}},
		{name: "unknown log group", kind: caseUnknown, resources: []pack.Resource{managed, function("files", unknownValue())},
			wantUnknown: []string{"files: loggingConfig.logGroup"}},
	})
}
