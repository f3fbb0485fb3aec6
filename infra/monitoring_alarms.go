package infra

import (
	"encoding/json"
	"fmt"
	"strings"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/cloudwatch"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/sns"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// alarmPeriodSeconds is the period every alarm evaluates, 5 minutes, the interval at which Cognito
// publishes its metrics.
const alarmPeriodSeconds = 300

// latencyEvaluationPeriods is how many periods in a row the API latency must be high before its alarm
// fires, so a single slow cold start does not page anyone.
const latencyEvaluationPeriods = 3

// Comparison operators of the alarms.
const (
	atOrAbove = "GreaterThanOrEqualToThreshold"
	above     = "GreaterThanThreshold"
)

// Defaults of MonitoringThresholds. Counts are per 5-minute period.
const (
	DefaultRootAccountUsageThreshold      = 1
	DefaultIAMPolicyChangesThreshold      = 1
	DefaultCloudTrailChangesThreshold     = 1
	DefaultSecurityGroupChangesThreshold  = 1
	DefaultConsoleSignInFailuresThreshold = 3
	// DefaultFailedSignInsThreshold is well above the typos of real users and below a password-guessing run.
	DefaultFailedSignInsThreshold   = 20
	DefaultSignInThrottlesThreshold = 1
	DefaultRiskySignInsThreshold    = 1
	// DefaultAPI4xxErrorsThreshold catches a burst of rejected tokens (401 and 403) or probing (404).
	DefaultAPI4xxErrorsThreshold = 100
	DefaultAPI5xxErrorsThreshold = 5
	// DefaultAPILatencyP95Millis is well below the 29 seconds after which API Gateway ends a request.
	DefaultAPILatencyP95Millis         = 3000
	DefaultWAFBlockedRequestsThreshold = 100
	DefaultLambdaErrorsThreshold       = 1
	DefaultLambdaThrottlesThreshold    = 1
	// DefaultLambdaDurationPercent alarms when a call takes 80% of the function's timeout.
	DefaultLambdaDurationPercent       = 80
	DefaultDeadLetterMessagesThreshold = 0
	DefaultRejectedUploadsThreshold    = 10
	DefaultMalwareFindingsThreshold    = 1
)

// MonitoringThresholds set when each alarm fires. A zero field means the default. Counts are per
// 5-minute period. An alarm fires at or above its threshold, except the DeadLetterMessages alarm, which
// fires above it.
type MonitoringThresholds struct {
	// RootAccountUsage counts API calls and console sign-ins of the root user.
	RootAccountUsage float64
	// IAMPolicyChanges counts created, changed, attached and deleted IAM policies.
	IAMPolicyChanges float64
	// CloudTrailChanges counts created, changed, started, stopped and deleted trails.
	CloudTrailChanges float64
	// SecurityGroupChanges counts created and deleted security groups and changed rules.
	SecurityGroupChanges float64
	// ConsoleSignInFailures counts failed sign-ins to the AWS console.
	ConsoleSignInFailures float64
	// FailedSignIns counts failed sign-ins to the user pool, throttled ones included.
	FailedSignIns float64
	// SignInThrottles counts sign-ins to the user pool that Cognito throttled.
	SignInThrottles float64
	// RiskySignIns counts sign-ins that Cognito threat protection found risky.
	RiskySignIns float64
	// API4xxErrors counts API responses with a 4xx status, such as 401 and 403 for expired or forged tokens.
	API4xxErrors float64
	// API5xxErrors counts API responses with a 5xx status.
	API5xxErrors float64
	// APILatencyP95Millis is the 95th percentile API latency, in milliseconds, that fires the alarm when
	// it lasts 15 minutes.
	APILatencyP95Millis float64
	// WAFBlockedRequests counts requests the web ACL blocked.
	WAFBlockedRequests float64
	// LambdaErrors counts failed calls of each function.
	LambdaErrors float64
	// LambdaThrottles counts throttled calls of each function.
	LambdaThrottles float64
	// LambdaDurationPercent is the share of a function's timeout, 1 to 100, that its longest call may take.
	LambdaDurationPercent float64
	// DeadLetterMessages is the number of messages a dead-letter queue may hold; the alarm fires above it.
	DeadLetterMessages float64
	// RejectedUploads counts uploads that the validation function rejected.
	RejectedUploads float64
	// MalwareFindings counts uploads rejected because the malware scan found threats.
	MalwareFindings float64
}

// withDefaults fills the zero thresholds and reports the negative ones.
func (t MonitoringThresholds) withDefaults() (MonitoringThresholds, []error) {
	fields := []struct {
		name     string
		value    *float64
		fallback float64
	}{
		{"RootAccountUsage", &t.RootAccountUsage, DefaultRootAccountUsageThreshold},
		{"IAMPolicyChanges", &t.IAMPolicyChanges, DefaultIAMPolicyChangesThreshold},
		{"CloudTrailChanges", &t.CloudTrailChanges, DefaultCloudTrailChangesThreshold},
		{"SecurityGroupChanges", &t.SecurityGroupChanges, DefaultSecurityGroupChangesThreshold},
		{"ConsoleSignInFailures", &t.ConsoleSignInFailures, DefaultConsoleSignInFailuresThreshold},
		{"FailedSignIns", &t.FailedSignIns, DefaultFailedSignInsThreshold},
		{"SignInThrottles", &t.SignInThrottles, DefaultSignInThrottlesThreshold},
		{"RiskySignIns", &t.RiskySignIns, DefaultRiskySignInsThreshold},
		{"API4xxErrors", &t.API4xxErrors, DefaultAPI4xxErrorsThreshold},
		{"API5xxErrors", &t.API5xxErrors, DefaultAPI5xxErrorsThreshold},
		{"APILatencyP95Millis", &t.APILatencyP95Millis, DefaultAPILatencyP95Millis},
		{"WAFBlockedRequests", &t.WAFBlockedRequests, DefaultWAFBlockedRequestsThreshold},
		{"LambdaErrors", &t.LambdaErrors, DefaultLambdaErrorsThreshold},
		{"LambdaThrottles", &t.LambdaThrottles, DefaultLambdaThrottlesThreshold},
		{"LambdaDurationPercent", &t.LambdaDurationPercent, DefaultLambdaDurationPercent},
		{"DeadLetterMessages", &t.DeadLetterMessages, DefaultDeadLetterMessagesThreshold},
		{"RejectedUploads", &t.RejectedUploads, DefaultRejectedUploadsThreshold},
		{"MalwareFindings", &t.MalwareFindings, DefaultMalwareFindingsThreshold},
	}
	var errs []error
	for _, field := range fields {
		switch {
		case *field.value < 0:
			errs = append(errs, fmt.Errorf("Thresholds.%s is %g, must be at least 0; 0 means the default %g",
				field.name, *field.value, field.fallback))
		case *field.value == 0:
			*field.value = field.fallback
		}
	}
	if t.LambdaDurationPercent > 100 {
		errs = append(errs, fmt.Errorf("Thresholds.LambdaDurationPercent is %g, must be 1 to 100 percent of "+
			"the timeout", t.LambdaDurationPercent))
	}
	return t, errs
}

// Metric names of the metric filters. The metric filters publish them to MonitoringArgs.MetricNamespace.
const (
	MetricRootAccountUsage      = "RootAccountUsage"
	MetricIAMPolicyChanges      = "IAMPolicyChanges"
	MetricCloudTrailChanges     = "CloudTrailChanges"
	MetricSecurityGroupChanges  = "SecurityGroupChanges"
	MetricConsoleSignInFailures = "ConsoleSignInFailures"
	MetricRejectedUploads       = "RejectedUploads"
	MetricMalwareFindings       = "MalwareFindings"
)

// The filter patterns on the trail's log group are those of the CIS AWS Foundations Benchmark, which
// Security Hub checks as controls CloudWatch.1, .4, .5, .6 and .10.
const (
	rootAccountUsagePattern = `{ $.userIdentity.type = "Root" && $.userIdentity.invokedBy NOT EXISTS && ` +
		`$.eventType != "AwsServiceEvent" }`
	iamPolicyChangesPattern = `{ ($.eventName = DeleteGroupPolicy) || ($.eventName = DeleteRolePolicy) || ` +
		`($.eventName = DeleteUserPolicy) || ($.eventName = PutGroupPolicy) || ($.eventName = PutRolePolicy) || ` +
		`($.eventName = PutUserPolicy) || ($.eventName = CreatePolicy) || ($.eventName = DeletePolicy) || ` +
		`($.eventName = CreatePolicyVersion) || ($.eventName = DeletePolicyVersion) || ` +
		`($.eventName = AttachRolePolicy) || ($.eventName = DetachRolePolicy) || ` +
		`($.eventName = AttachUserPolicy) || ($.eventName = DetachUserPolicy) || ` +
		`($.eventName = AttachGroupPolicy) || ($.eventName = DetachGroupPolicy) }`
	cloudTrailChangesPattern = `{ ($.eventName = CreateTrail) || ($.eventName = UpdateTrail) || ` +
		`($.eventName = DeleteTrail) || ($.eventName = StartLogging) || ($.eventName = StopLogging) }`
	securityGroupChangesPattern = `{ ($.eventName = AuthorizeSecurityGroupIngress) || ` +
		`($.eventName = AuthorizeSecurityGroupEgress) || ($.eventName = RevokeSecurityGroupIngress) || ` +
		`($.eventName = RevokeSecurityGroupEgress) || ($.eventName = CreateSecurityGroup) || ` +
		`($.eventName = DeleteSecurityGroup) }`
	consoleSignInFailuresPattern = `{ ($.eventName = ConsoleLogin) && ($.errorMessage = "Failed authentication") }`
)

// The log line that the validate function writes for each upload it processes: the message "upload
// processed" with the outcome "rejected" and, for an upload in which the malware scan found threats, the
// reasonCode "malware" (see functions/internal/validation and functions/internal/files). The function
// logs JSON with Lambda's key "message" for the message.
const (
	validateLogMessage      = "upload processed"
	validateRejectedOutcome = "rejected"
	validateMalwareReason   = "malware"

	rejectedUploadsPattern = `{ ($.message = "` + validateLogMessage + `") && ` +
		`($.outcome = "` + validateRejectedOutcome + `") }`
	malwareFindingsPattern = `{ ($.message = "` + validateLogMessage + `") && ` +
		`($.outcome = "` + validateRejectedOutcome + `") && ($.reasonCode = "` + validateMalwareReason + `") }`
)

// The events of GuardDuty findings, as EventBridge delivers them.
const (
	guardDutyEventSource   = "aws.guardduty"
	guardDutyFindingDetail = "GuardDuty Finding"
)

// findingsTargetID is the id of the alert topic among the targets of the findings rule.
const findingsTargetID = "alert-topic"

// logMetric is a metric filter on a log group and the alarm on its metric.
type logMetric struct {
	key         string
	metricName  string
	pattern     string
	threshold   float64
	description string
}

// alarmSpec is one alarm: a metric with a statistic, or metric queries with an expression.
type alarmSpec struct {
	// key ends the alarm's logical and physical name.
	key         string
	description string
	namespace   string
	metricName  string
	dimensions  pulumi.StringMap
	// statistic or extendedStatistic, such as "Sum" or "p95", aggregates the metric over the period.
	statistic         string
	extendedStatistic string
	// queries replace the metric when set, for alarms on metric math.
	queries    cloudwatch.MetricAlarmMetricQueryArray
	comparison string
	threshold  float64
	// evaluationPeriods defaults to 1.
	evaluationPeriods int
}

// alarmBuilder creates the metric filters, alarms and findings rule of a Monitoring component.
type alarmBuilder struct {
	ctx     *pulumi.Context
	name    string
	args    MonitoringArgs
	account awsAccount
	topic   *sns.Topic
	parent  pulumi.ResourceOption

	filters      []*cloudwatch.LogMetricFilter
	alarms       []*cloudwatch.MetricAlarm
	findingsRule *cloudwatch.EventRule
}

// createAll creates every alarm whose inputs are set and the findings rule.
func (b *alarmBuilder) createAll() error {
	steps := []func() error{
		b.createTrailAlarms, b.createSignInAlarms, b.createAPIAlarms, b.createWAFAlarms,
		b.createFunctionAlarms, b.createQueueAlarms, b.createUploadAlarms, b.createFindingsRule,
	}
	for _, step := range steps {
		if err := step(); err != nil {
			return err
		}
	}
	return nil
}

// trailMetrics returns the metric filters on the trail's log group.
func trailMetrics(t MonitoringThresholds) []logMetric {
	return []logMetric{
		{"root-account-usage", MetricRootAccountUsage, rootAccountUsagePattern, t.RootAccountUsage,
			"The root user signed in or called an API. Find who and why in CloudTrail, and rotate the root " +
				"credentials if nobody expected it."},
		{"iam-policy-changes", MetricIAMPolicyChanges, iamPolicyChangesPattern, t.IAMPolicyChanges,
			"An IAM policy was created, changed, attached, detached or deleted. Check the change in CloudTrail."},
		{"cloudtrail-changes", MetricCloudTrailChanges, cloudTrailChangesPattern, t.CloudTrailChanges,
			"A trail was created, changed, stopped or deleted, which can hide an intruder. Check it in CloudTrail."},
		{"security-group-changes", MetricSecurityGroupChanges, securityGroupChangesPattern, t.SecurityGroupChanges,
			"A security group or one of its rules changed. Check that no port opened to the internet."},
		{"console-sign-in-failures", MetricConsoleSignInFailures, consoleSignInFailuresPattern, t.ConsoleSignInFailures,
			"Sign-ins to the AWS console failed. Check the source addresses in CloudTrail for password guessing."},
	}
}

// uploadMetrics returns the metric filters on the validate function's log group.
func uploadMetrics(t MonitoringThresholds) []logMetric {
	return []logMetric{
		{"rejected-uploads", MetricRejectedUploads, rejectedUploadsPattern, t.RejectedUploads,
			"The validation function rejected uploads. List them with GET /admin/quarantine; many at once " +
				"can mean a client bug or an attack."},
		{"malware-findings", MetricMalwareFindings, malwareFindingsPattern, t.MalwareFindings,
			"The malware scan found threats in an upload. Review it with GET /admin/quarantine and find the " +
				"uploading user."},
	}
}

func (b *alarmBuilder) createTrailAlarms() error {
	if b.args.TrailLogGroupName == nil {
		return nil
	}
	return b.createLogMetrics(b.args.TrailLogGroupName, trailMetrics(b.args.Thresholds))
}

func (b *alarmBuilder) createUploadAlarms() error {
	if b.args.ValidateLogGroupName == nil {
		return nil
	}
	return b.createLogMetrics(b.args.ValidateLogGroupName, uploadMetrics(b.args.Thresholds))
}

// createLogMetrics creates a metric filter on the log group and an alarm on its metric for each entry.
func (b *alarmBuilder) createLogMetrics(logGroupName pulumi.StringInput, metrics []logMetric) error {
	for _, metric := range metrics {
		filter, err := cloudwatch.NewLogMetricFilter(b.ctx, b.name+"-"+metric.key, &cloudwatch.LogMetricFilterArgs{
			Name:         pulumi.String(b.args.NamePrefix + "-" + metric.key),
			LogGroupName: logGroupName,
			Pattern:      pulumi.String(metric.pattern),
			MetricTransformation: &cloudwatch.LogMetricFilterMetricTransformationArgs{
				Name:      pulumi.String(metric.metricName),
				Namespace: pulumi.String(b.args.MetricNamespace),
				Value:     pulumi.String("1"),
				Unit:      pulumi.String("Count"),
			},
		}, b.parent)
		if err != nil {
			return fmt.Errorf("creating metric filter %s of monitoring %q: %w", metric.key, b.name, err)
		}
		b.filters = append(b.filters, filter)
		err = b.newAlarm(alarmSpec{
			key:         metric.key,
			description: metric.description,
			namespace:   b.args.MetricNamespace,
			metricName:  metric.metricName,
			statistic:   "Sum",
			threshold:   metric.threshold,
		}, filter)
		if err != nil {
			return err
		}
	}
	return nil
}

// createSignInAlarms watches the user pool: failed sign-ins, which Cognito reports as the sample count
// of SignInSuccesses minus its sum, throttled sign-ins and, with threat protection, risky sign-ins.
func (b *alarmBuilder) createSignInAlarms() error {
	if b.args.UserPoolId == nil {
		return nil
	}
	t := b.args.Thresholds
	if b.args.UserPoolClientId != nil {
		client := pulumi.StringMap{"UserPool": b.args.UserPoolId, "UserPoolClient": b.args.UserPoolClientId}
		signIns := func(id, stat string) *cloudwatch.MetricAlarmMetricQueryArgs {
			return &cloudwatch.MetricAlarmMetricQueryArgs{
				Id: pulumi.String(id),
				Metric: &cloudwatch.MetricAlarmMetricQueryMetricArgs{
					Namespace:  pulumi.String("AWS/Cognito"),
					MetricName: pulumi.String("SignInSuccesses"),
					Dimensions: client,
					Period:     pulumi.Int(alarmPeriodSeconds),
					Stat:       pulumi.String(stat),
				},
				ReturnData: pulumi.Bool(false),
			}
		}
		failed := alarmSpec{
			key: "failed-sign-ins",
			description: "Sign-ins to the user pool failed. Many at once can mean password guessing, which " +
				"Cognito threat protection or a WAF rate rule can slow down.",
			queries: cloudwatch.MetricAlarmMetricQueryArray{
				signIns("attempts", "SampleCount"),
				signIns("successes", "Sum"),
				&cloudwatch.MetricAlarmMetricQueryArgs{
					Id:         pulumi.String("failures"),
					Expression: pulumi.String("attempts - successes"),
					Label:      pulumi.String("Failed sign-ins"),
					ReturnData: pulumi.Bool(true),
				},
			},
			threshold: t.FailedSignIns,
		}
		throttled := alarmSpec{
			key:         "sign-in-throttles",
			description: "Cognito throttled sign-ins, so users could not sign in. Check for a flood of requests.",
			namespace:   "AWS/Cognito",
			metricName:  "SignInThrottles",
			dimensions:  client,
			statistic:   "Sum",
			threshold:   t.SignInThrottles,
		}
		for _, spec := range []alarmSpec{failed, throttled} {
			if err := b.newAlarm(spec); err != nil {
				return err
			}
		}
	}
	return b.newAlarm(alarmSpec{
		key: "risky-sign-ins",
		description: "Cognito threat protection found risky sign-ins, such as compromised credentials or an " +
			"unusual device. Review the user's sign-in history in the user pool.",
		namespace:  "AWS/Cognito",
		metricName: "Risk",
		dimensions: pulumi.StringMap{"Operation": pulumi.String("SignIn"), "UserPoolId": b.args.UserPoolId},
		statistic:  "Sum",
		threshold:  t.RiskySignIns,
	})
}

// createAPIAlarms watches 4xx and 5xx responses and the 95th percentile latency of the API stage.
func (b *alarmBuilder) createAPIAlarms() error {
	if b.args.ApiName == nil {
		return nil
	}
	t := b.args.Thresholds
	stage := pulumi.StringMap{"ApiName": b.args.ApiName, "Stage": b.args.StageName}
	specs := []alarmSpec{
		{
			key: "api-4xx-errors",
			description: "The API returned many 4xx responses, such as 401 and 403 for expired or forged " +
				"tokens. Check the access log for the callers.",
			namespace: "AWS/ApiGateway", metricName: "4XXError", dimensions: stage, statistic: "Sum",
			threshold: t.API4xxErrors,
		},
		{
			key:         "api-5xx-errors",
			description: "The API returned 5xx responses. Check the function errors and logs.",
			namespace:   "AWS/ApiGateway", metricName: "5XXError", dimensions: stage, statistic: "Sum",
			threshold: t.API5xxErrors,
		},
		{
			key:         "api-latency",
			description: "The API's 95th percentile latency stayed high for 15 minutes.",
			namespace:   "AWS/ApiGateway", metricName: "Latency", dimensions: stage, extendedStatistic: "p95",
			threshold: t.APILatencyP95Millis, evaluationPeriods: latencyEvaluationPeriods,
		},
	}
	for _, spec := range specs {
		if err := b.newAlarm(spec); err != nil {
			return err
		}
	}
	return nil
}

// createWAFAlarms watches the requests the regional web ACL blocks, over all of its rules.
func (b *alarmBuilder) createWAFAlarms() error {
	if b.args.WebAclName == nil {
		return nil
	}
	return b.newAlarm(alarmSpec{
		key: "waf-blocked-requests",
		description: "The web ACL blocked many requests, which can be an attack or a rule that blocks real " +
			"users. Check the WAF logs.",
		namespace:  "AWS/WAFV2",
		metricName: "BlockedRequests",
		dimensions: wafDimensions(b.args.WebAclName, b.account.Region),
		statistic:  "Sum",
		threshold:  b.args.Thresholds.WAFBlockedRequests,
	})
}

// wafDimensions are the dimensions of a regional web ACL's metrics over all of its rules.
func wafDimensions(webACLName pulumi.StringInput, region string) pulumi.StringMap {
	return pulumi.StringMap{"WebACL": webACLName, "Region": pulumi.String(region), "Rule": pulumi.String("ALL")}
}

// createFunctionAlarms watches each function's errors, throttles and longest call.
func (b *alarmBuilder) createFunctionAlarms() error {
	t := b.args.Thresholds
	for _, function := range b.args.Functions {
		dimensions := pulumi.StringMap{"FunctionName": function.Name}
		durationLimit := float64(function.TimeoutSeconds) * 1000 * t.LambdaDurationPercent / 100
		specs := []alarmSpec{
			{
				key:         "lambda-errors-" + function.ID,
				description: fmt.Sprintf("Calls of the %s function failed. Check its log group.", function.ID),
				namespace:   "AWS/Lambda", metricName: "Errors", dimensions: dimensions, statistic: "Sum",
				threshold: t.LambdaErrors,
			},
			{
				key: "lambda-throttles-" + function.ID,
				description: fmt.Sprintf("Lambda throttled calls of the %s function, because the account or "+
					"function ran out of concurrency.", function.ID),
				namespace: "AWS/Lambda", metricName: "Throttles", dimensions: dimensions, statistic: "Sum",
				threshold: t.LambdaThrottles,
			},
			{
				key: "lambda-duration-" + function.ID,
				description: fmt.Sprintf("A call of the %s function took at least %g%% of its %d-second timeout, so "+
					"calls may soon time out.", function.ID, t.LambdaDurationPercent, function.TimeoutSeconds),
				namespace: "AWS/Lambda", metricName: "Duration", dimensions: dimensions, statistic: "Maximum",
				threshold: durationLimit,
			},
		}
		for _, spec := range specs {
			if err := b.newAlarm(spec); err != nil {
				return err
			}
		}
	}
	return nil
}

// createQueueAlarms watches the messages waiting in each dead-letter queue.
func (b *alarmBuilder) createQueueAlarms() error {
	for _, queue := range b.args.DeadLetterQueues {
		err := b.newAlarm(alarmSpec{
			key: "dead-letters-" + queue.ID,
			description: fmt.Sprintf("Failed events wait in the %s queue. Find the cause in the function's "+
				"log, fix it and replay the messages.", queue.ID),
			namespace:  "AWS/SQS",
			metricName: "ApproximateNumberOfMessagesVisible",
			dimensions: pulumi.StringMap{"QueueName": queue.Name},
			statistic:  "Maximum",
			comparison: above,
			threshold:  b.args.Thresholds.DeadLetterMessages,
		})
		if err != nil {
			return err
		}
	}
	return nil
}

// newAlarm creates the alarm, which notifies the topic when it fires and when it recovers.
func (b *alarmBuilder) newAlarm(spec alarmSpec, dependsOn ...pulumi.Resource) error {
	comparison := spec.comparison
	if comparison == "" {
		comparison = atOrAbove
	}
	evaluationPeriods := max(spec.evaluationPeriods, 1)

	alarmArgs := &cloudwatch.MetricAlarmArgs{
		Name:               pulumi.String(b.args.NamePrefix + "-" + spec.key),
		AlarmDescription:   pulumi.String(spec.description),
		ComparisonOperator: pulumi.String(comparison),
		Threshold:          pulumi.Float64(spec.threshold),
		EvaluationPeriods:  pulumi.Int(evaluationPeriods),
		DatapointsToAlarm:  pulumi.Int(evaluationPeriods),
		// No data means nothing happened, such as no call of a function, so the alarm stays OK.
		TreatMissingData: pulumi.String("notBreaching"),
		ActionsEnabled:   pulumi.Bool(true),
		AlarmActions:     pulumi.Array{b.topic.Arn},
		OkActions:        pulumi.Array{b.topic.Arn},
	}
	switch {
	case spec.queries != nil:
		alarmArgs.MetricQueries = spec.queries
	case spec.extendedStatistic != "":
		alarmArgs.ExtendedStatistic = pulumi.String(spec.extendedStatistic)
	default:
		alarmArgs.Statistic = pulumi.String(spec.statistic)
	}
	if spec.queries == nil {
		alarmArgs.Namespace = pulumi.String(spec.namespace)
		alarmArgs.MetricName = pulumi.String(spec.metricName)
		alarmArgs.Period = pulumi.Int(alarmPeriodSeconds)
		if spec.dimensions != nil {
			alarmArgs.Dimensions = spec.dimensions
		}
	}

	opts := []pulumi.ResourceOption{b.parent}
	if len(dependsOn) > 0 {
		opts = append(opts, pulumi.DependsOn(dependsOn))
	}
	alarm, err := cloudwatch.NewMetricAlarm(b.ctx, b.name+"-"+spec.key, alarmArgs, opts...)
	if err != nil {
		return fmt.Errorf("creating alarm %s of monitoring %q: %w", spec.key, b.name, err)
	}
	b.alarms = append(b.alarms, alarm)
	return nil
}

// createFindingsRule forwards GuardDuty findings at or above GuardDutyFindingSeverity to the topic.
func (b *alarmBuilder) createFindingsRule() error {
	// The encoder keeps ">=" as it is, where json.Marshal would write \u003e=.
	var pattern strings.Builder
	encoder := json.NewEncoder(&pattern)
	encoder.SetEscapeHTML(false)
	err := encoder.Encode(map[string]any{
		"source":      []string{guardDutyEventSource},
		"detail-type": []string{guardDutyFindingDetail},
		"detail": map[string]any{
			"severity": []any{map[string]any{"numeric": []any{">=", b.args.GuardDutyFindingSeverity}}},
		},
	})
	if err != nil {
		return fmt.Errorf("encoding the findings pattern of monitoring %q: %w", b.name, err)
	}

	rule, err := cloudwatch.NewEventRule(b.ctx, b.name+"-guardduty-findings", &cloudwatch.EventRuleArgs{
		Name: pulumi.String(b.args.NamePrefix + "-guardduty-findings"),
		Description: pulumi.Sprintf("GuardDuty findings of severity %g or more, for the %s alert topic.",
			b.args.GuardDutyFindingSeverity, b.args.NamePrefix),
		EventPattern: pulumi.String(strings.TrimSpace(pattern.String())),
	}, b.parent)
	if err != nil {
		return fmt.Errorf("creating the findings rule of monitoring %q: %w", b.name, err)
	}
	b.findingsRule = rule

	_, err = cloudwatch.NewEventTarget(b.ctx, b.name+"-guardduty-findings", &cloudwatch.EventTargetArgs{
		Rule:     rule.Name,
		TargetId: pulumi.String(findingsTargetID),
		Arn:      b.topic.Arn,
	}, b.parent)
	if err != nil {
		return fmt.Errorf("sending the findings rule of monitoring %q to the alert topic: %w", b.name, err)
	}
	return nil
}
