package rules

import (
	"context"
	"slices"

	"github.com/secureserverless/framework/policy/pack"
)

// PolicyLambdaAsyncFailureDestination is the name of the stack policy that requires a dead-letter queue
// or an on-failure destination on functions that AWS services invoke asynchronously.
const PolicyLambdaAsyncFailureDestination = "lambda-async-failure-destination"

// asyncInvokingPrincipals are the service principals that invoke Lambda functions asynchronously, from
// the Lambda Developer Guide ("Invoking Lambda with events from other AWS services"). Services that
// invoke synchronously, such as API Gateway and Secrets Manager rotation, are left out, because the
// caller receives the error.
var asyncInvokingPrincipals = []string{
	"events.amazonaws.com", "s3.amazonaws.com", "sns.amazonaws.com", "logs.amazonaws.com", "ses.amazonaws.com",
	"iot.amazonaws.com", "config.amazonaws.com", "codecommit.amazonaws.com", "lambda.alarms.cloudwatch.amazonaws.com",
}

// Joins from a function to the resources that invoke it or configure its asynchronous invocations.
var (
	asyncPermissionJoin = siblingJoin{
		siblingTypes: []string{typeLambdaPermission}, property: "function", targetKeys: []string{"name", "arn"},
	}
	eventTargetJoin = siblingJoin{
		siblingTypes: []string{typeCloudWatchEventTarget}, property: "arn", targetKeys: []string{"arn"},
	}
	eventInvokeConfigJoin = siblingJoin{
		siblingTypes: []string{typeLambdaFunctionEventInvokeConfig}, property: "functionName", targetKeys: []string{"name", "arn"},
	}
)

// newLambdaAsyncFailureDestination returns the stack policy that finds the functions that a service
// invokes asynchronously (an EventBridge target, or a Permission for one of asyncInvokingPrincipals)
// and requires each to set deadLetterConfig.targetArn or to have a FunctionEventInvokeConfig with
// destinationConfig.onFailure.destination. The dead-letter queue of an EventBridge target does not
// count, because it receives only events that EventBridge could not deliver, not failed invocations.
func newLambdaAsyncFailureDestination() *pack.Policy {
	return &pack.Policy{
		Name:        PolicyLambdaAsyncFailureDestination,
		Description: "Lambda functions invoked asynchronously should have a dead-letter queue or an on-failure destination.",
		Rationale: "Lambda retries a failed asynchronous invocation twice and then discards the event. Without a " +
			"dead-letter queue or an on-failure destination, an upload that was never scanned or a security " +
			"event that was never handled leaves no trace.",
		RemediationSteps: "Add a FunctionEventInvokeConfig with the function's name in functionName and an SQS queue, " +
			"SNS topic or EventBridge bus in destinationConfig.onFailure.destination, or set the function's " +
			"deadLetterConfig.targetArn.",
		EnforcementLevel: pack.EnforcementLevelAdvisory,
		Severity:         pack.SeverityMedium,
		Tags: []string{"aws", "lambda", "availability", tagCheckov + "CKV_AWS_116", tagCDKNag + "LambdaDLQ",
			tagHIPAA + "164.308(a)(7)(i)"},
		Framework: hipaaControl("164.308(a)(7)(i)", "Contingency plan"),
		Waivable:  true,
		ResourceTypes: []string{typeLambdaFunction, typeLambdaPermission, typeCloudWatchEventTarget,
			typeLambdaFunctionEventInvokeConfig},
		ValidateStack: validateLambdaAsyncFailureDestination,
	}
}

func validateLambdaAsyncFailureDestination(_ context.Context, check *pack.StackCheck) error {
	var invoked []pack.Resource
	for _, function := range check.OfType(typeLambdaFunction) {
		asynchronous, known := invokedAsynchronously(check, function)
		if known && asynchronous && !hasDeadLetterTarget(function) {
			invoked = append(invoked, function)
		}
	}

	if len(invoked) == 0 {
		return nil
	}
	// A FunctionEventInvokeConfig whose function is unknown and built from no output may configure any
	// of the functions, so they are judged at the update.
	if pending := unjoined(check, eventInvokeConfigJoin); len(pending) > 0 {
		for _, config := range pending {
			check.Unknown(config, eventInvokeConfigJoin.property)
		}
		return nil
	}

	for _, function := range invoked {
		configured, known := hasOnFailureDestination(check, function)
		if !known || configured {
			continue
		}
		check.Report(function, "the function is invoked asynchronously and has no deadLetterConfig.targetArn and "+
			"no %s with destinationConfig.onFailure.destination, expected one of them.", typeLambdaFunctionEventInvokeConfig)
	}
	return nil
}

// invokedAsynchronously reports whether an EventBridge target or a Permission for an asynchronous
// service principal names the function. known is false when a principal is unknown; the function then
// records it.
func invokedAsynchronously(check *pack.StackCheck, function pack.Resource) (asynchronous, known bool) {
	if len(siblingsOf(check, function, eventTargetJoin)) > 0 {
		return true, true
	}
	known = true
	for _, permission := range siblingsOf(check, function, asyncPermissionJoin) {
		principal := permission.Properties.Get("principal")
		if !check.Known(permission, "principal", principal) {
			known = false
			continue
		}
		if text, _ := stringValue(principal); slices.Contains(asyncInvokingPrincipals, text) {
			return true, true
		}
	}
	return false, known
}

// hasDeadLetterTarget reports whether the function sets a dead-letter queue or topic, known or not yet.
func hasDeadLetterTarget(function pack.Resource) bool {
	target := propertyAt(function.Properties, "deadLetterConfig", "targetArn")
	return target.IsComputed() || isSetString(target)
}

// hasOnFailureDestination reports whether a FunctionEventInvokeConfig of the function sets an
// on-failure destination. known is false when the destination is unknown; the function then records it.
func hasOnFailureDestination(check *pack.StackCheck, function pack.Resource) (configured, known bool) {
	known = true
	for _, config := range siblingsOf(check, function, eventInvokeConfigJoin) {
		const path = "destinationConfig.onFailure.destination"
		destination := propertyAt(config.Properties, "destinationConfig", "onFailure", "destination")
		if !check.Known(config, path, destination) {
			known = false
			continue
		}
		if isSetString(destination) {
			return true, true
		}
	}
	return false, known
}
