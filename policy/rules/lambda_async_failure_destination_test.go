package rules

import (
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/property"

	"github.com/secureserverless/framework/policy/pack"
)

func TestLambdaAsyncFailureDestination(t *testing.T) {
	const functionARN = "arn:aws:lambda:eu-west-1:111122223333:function:validate"
	function := stackResource(typeLambdaFunction, "validate", propsOf(map[string]property.Value{
		"name": property.New("validate"), "arn": property.New(functionARN),
	}))
	withDeadLetter := stackResource(typeLambdaFunction, "validate", propsOf(map[string]property.Value{
		"name": property.New("validate"), "arn": property.New(functionARN),
		"deadLetterConfig": objectValue(map[string]property.Value{
			"targetArn": property.New("arn:aws:sqs:eu-west-1:111122223333:validate-dlq"),
		}),
	}))
	permission := func(principal property.Value) pack.Resource {
		return dependingOn(stackResource(typeLambdaPermission, "validate-invoke", propsOf(map[string]property.Value{
			"function": unknownValue(), "principal": principal,
		})), "function", function)
	}
	target := stackResource(typeCloudWatchEventTarget, "scan-results", propsOf(map[string]property.Value{
		"arn": property.New(functionARN), "rule": property.New("scan-results"),
	}))
	invokeConfig := func(destination property.Value) pack.Resource {
		return stackResource(typeLambdaFunctionEventInvokeConfig, "validate-invocations", propsOf(map[string]property.Value{
			"functionName": property.New("validate"),
			"destinationConfig": objectValue(map[string]property.Value{
				"onFailure": objectValue(map[string]property.Value{"destination": destination}),
			}),
		}))
	}
	queueARN := property.New("arn:aws:sqs:eu-west-1:111122223333:validate-failures")
	want := "validate: the function is invoked asynchronously and has no deadLetterConfig.targetArn and no " +
		"aws:lambda/functionEventInvokeConfig:FunctionEventInvokeConfig with destinationConfig.onFailure.destination, " +
		"expected one of them."

	runStackCases(t, newLambdaAsyncFailureDestination(), []stackCase{
		{name: "event target with on-failure destination", kind: caseCompliant,
			resources: []pack.Resource{function, target, invokeConfig(queueARN)}},
		{name: "s3 invoke with dead-letter queue", kind: caseCompliant,
			resources: []pack.Resource{withDeadLetter, permission(property.New("s3.amazonaws.com"))}},
		{name: "api gateway invokes synchronously", kind: caseCompliant,
			resources: []pack.Resource{function, permission(property.New("apigateway.amazonaws.com"))}},
		{name: "event target without destination", kind: caseViolation, resources: []pack.Resource{function, target},
			want: []string{want}},
		{name: "sns invoke with empty destination", kind: caseViolation,
			resources: []pack.Resource{function, permission(property.New("sns.amazonaws.com")), invokeConfig(property.New(""))},
			want:      []string{want}},
		{name: "no function", kind: caseOtherType, resources: []pack.Resource{target}},
		{name: "unknown principal", kind: caseUnknown, resources: []pack.Resource{function, permission(unknownValue())},
			wantUnknown: []string{"validate-invoke: principal"}},
		{name: "unknown destination", kind: caseUnknown, resources: []pack.Resource{function, target, invokeConfig(unknownValue())},
			wantUnknown: []string{"validate-invocations: destinationConfig.onFailure.destination"}},
	})
}
