package infra

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"net/mail"
	"net/url"
	"regexp"
	"strings"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/cloudwatch"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/kms"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/sns"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// MonitoringType is the type token of the monitoring component.
const MonitoringType = "secureserverless:monitoring:Monitoring"

// Defaults of MonitoringArgs; a zero field means the default.
const (
	// DefaultGuardDutyFindingSeverity forwards GuardDuty findings of high severity (7.0 to 8.9) and
	// critical severity (9.0 to 10.0) to the alert topic.
	DefaultGuardDutyFindingSeverity = 7
	// maxGuardDutySeverity is the highest severity GuardDuty gives a finding.
	maxGuardDutySeverity = 10
	// maxFunctionTimeoutSeconds is the longest timeout Lambda accepts.
	maxFunctionTimeoutSeconds = 900
)

// Protocols of the alert topic's subscriptions.
const (
	alertProtocolEmail = "email"
	alertProtocolHTTPS = "https"
)

// monitoringNamePrefix matches the name prefixes that give valid alarm, dashboard and topic names. The
// dashboard name is the strictest: letters, digits, hyphens and underscores, at most 255 characters.
var monitoringNamePrefix = regexp.MustCompile(`^[A-Za-z0-9_-]{1,200}$`)

// metricNamespace matches the custom metric namespaces CloudWatch accepts.
var metricNamespace = regexp.MustCompile(`^[0-9A-Za-z._/#: -]{1,255}$`)

// monitoredID matches the ids of monitored functions and queues, which end resource and alarm names.
var monitoredID = regexp.MustCompile(`^[a-z0-9][a-z0-9-]{0,39}$`)

// MonitoredFunction is a Lambda function whose errors, throttles and duration the alarms watch.
type MonitoredFunction struct {
	// ID names the function in resource and alarm names, such as "uploads": lowercase letters, digits and
	// hyphens, unique among the functions.
	ID string
	// Name is the function name, the FunctionName dimension of the AWS/Lambda metrics.
	Name pulumi.StringInput
	// TimeoutSeconds is the function's timeout, 1 to 900. Defaults to DefaultFunctionTimeout, the default
	// of GoFunctionArgs.
	TimeoutSeconds int
	// LogGroupName adds the function's log group to the dashboard's table of recent errors. Nil leaves it out.
	LogGroupName pulumi.StringInput
}

// MonitoredQueue is a dead-letter queue whose waiting messages raise an alarm.
type MonitoredQueue struct {
	// ID names the queue in resource and alarm names, such as "validate-failures", with the rules of
	// MonitoredFunction.ID.
	ID string
	// Name is the queue name, the QueueName dimension of the AWS/SQS metrics.
	Name pulumi.StringInput
}

// MonitoringArgs configures the alert topic, the alarms and the dashboard. Each nil input leaves out
// the alarms and graphs that need it, so a stack without an API or a web ACL gets the others.
type MonitoringArgs struct {
	// NamePrefix starts the names of the topic, the alarms, the metric filters and the dashboard, such as
	// "secure-serverless-dev": letters, digits, hyphens and underscores, at most 200 characters.
	NamePrefix string
	// ApiName and StageName are the REST API and stage, the ApiName and Stage dimensions of the
	// AWS/ApiGateway metrics. Set both or neither.
	ApiName   pulumi.StringInput
	StageName pulumi.StringInput
	// WebAclName is the regional web ACL in front of the API, the WebACL dimension of the AWS/WAFV2 metrics.
	WebAclName pulumi.StringInput
	// UserPoolId is the Cognito user pool, whose risky sign-ins threat protection reports.
	UserPoolId pulumi.StringInput
	// UserPoolClientId is the app client, whose failed and throttled sign-ins Cognito reports. It needs
	// UserPoolId.
	UserPoolClientId pulumi.StringInput
	// Functions are the Lambda functions to watch.
	Functions []MonitoredFunction
	// DeadLetterQueues are the queues that receive failed events.
	DeadLetterQueues []MonitoredQueue
	// TrailLogGroupName is the log group of the CloudTrail trail, such as Audit.LogGroupName. The metric
	// filters for root account use, IAM policy changes, trail changes, security group changes and
	// failed console sign-ins read it.
	TrailLogGroupName pulumi.StringInput
	// ValidateLogGroupName is the log group of the upload validation function. The metric filters for
	// rejected uploads and malware findings read it.
	ValidateLogGroupName pulumi.StringInput
	// AlertEmails subscribe email addresses to the alert topic. Each address confirms its subscription
	// from a message that SNS sends, and receives nothing before.
	AlertEmails []string
	// AlertHTTPSURLs subscribe https endpoints, such as a chat or incident tool's webhook, to the alert
	// topic. The endpoint must confirm the subscription. The stack state keeps the URLs encrypted, as
	// secrets, but error messages of invalid URLs show them.
	AlertHTTPSURLs []string
	// Thresholds set when each alarm fires.
	Thresholds MonitoringThresholds
	// GuardDutyFindingSeverity is the lowest severity, 1 to 10, of the GuardDuty findings sent to the
	// topic. Defaults to DefaultGuardDutyFindingSeverity. The findings come from the detector of the
	// account baseline.
	GuardDutyFindingSeverity float64
	// MetricNamespace is the namespace of the metrics the metric filters publish. Defaults to
	// "SecureServerless/<NamePrefix>".
	MetricNamespace string
	// KMSKeyDeletionWindowDays is the waiting period, 7 to 30 days, before a scheduled deletion of the
	// topic's key. Defaults to DefaultKMSKeyDeletionWindowDays.
	KMSKeyDeletionWindowDays int
}

// Monitoring is the alert topic, encrypted with a key of its own, the metric filters and alarms that
// notify it, an EventBridge rule that forwards GuardDuty findings to it, and a CloudWatch dashboard.
// Every alarm notifies the topic when it fires and when it recovers. An alarm without data, such as one
// for a function that is never called, stays OK.
type Monitoring struct {
	pulumi.ResourceState

	Key           *kms.Key
	Topic         *sns.Topic
	Subscriptions []*sns.TopicSubscription
	MetricFilters []*cloudwatch.LogMetricFilter
	Alarms        []*cloudwatch.MetricAlarm
	FindingsRule  *cloudwatch.EventRule
	Dashboard     *cloudwatch.Dashboard

	TopicArn      pulumi.StringOutput      `pulumi:"topicArn"`
	KeyArn        pulumi.StringOutput      `pulumi:"keyArn"`
	AlarmNames    pulumi.StringArrayOutput `pulumi:"alarmNames"`
	DashboardName pulumi.StringOutput      `pulumi:"dashboardName"`
	// DashboardURL opens the dashboard in the CloudWatch console.
	DashboardURL pulumi.StringOutput `pulumi:"dashboardUrl"`
}

// NewMonitoring creates the key, the topic with its policy and subscriptions, the metric filters, the
// alarms, the findings rule and the dashboard.
func NewMonitoring(ctx *pulumi.Context, name string, args MonitoringArgs, opts ...pulumi.ResourceOption,
) (*Monitoring, error) {
	args, err := args.withDefaults(name)
	if err != nil {
		return nil, err
	}

	component := &Monitoring{}
	if err := ctx.RegisterComponentResource(MonitoringType, name, component, opts...); err != nil {
		return nil, fmt.Errorf("registering monitoring %q: %w", name, err)
	}
	parent := pulumi.Parent(component)

	account, err := lookupAccount(ctx, component)
	if err != nil {
		return nil, fmt.Errorf("monitoring %q: %w", name, err)
	}

	if err := component.createTopic(ctx, name, args, account, parent); err != nil {
		return nil, err
	}
	builder := &alarmBuilder{
		ctx: ctx, name: name, args: args, account: account, topic: component.Topic, parent: parent,
	}
	if err := builder.createAll(); err != nil {
		return nil, err
	}
	component.MetricFilters = builder.filters
	component.Alarms = builder.alarms
	component.FindingsRule = builder.findingsRule

	dashboard, err := newMonitoringDashboard(ctx, name, args, account, builder.alarms, parent)
	if err != nil {
		return nil, err
	}
	component.Dashboard = dashboard

	alarmNames := pulumi.StringArray{}
	for _, alarm := range builder.alarms {
		alarmNames = append(alarmNames, alarm.Name)
	}
	component.TopicArn = component.Topic.Arn
	component.KeyArn = component.Key.Arn
	component.AlarmNames = alarmNames.ToStringArrayOutput()
	component.DashboardName = dashboard.DashboardName
	component.DashboardURL = dashboard.DashboardName.ApplyT(func(dashboardName string) string {
		return dashboardConsoleURL(account, dashboardName)
	}).(pulumi.StringOutput)
	if err := ctx.RegisterResourceOutputs(component, pulumi.Map{
		"topicArn":      component.TopicArn,
		"keyArn":        component.KeyArn,
		"alarmNames":    component.AlarmNames,
		"dashboardName": component.DashboardName,
		"dashboardUrl":  component.DashboardURL,
	}); err != nil {
		return nil, fmt.Errorf("registering outputs of monitoring %q: %w", name, err)
	}
	return component, nil
}

// createTopic creates the key, the topic, its policy and the subscriptions.
func (m *Monitoring) createTopic(ctx *pulumi.Context, name string, args MonitoringArgs, account awsAccount,
	parent pulumi.ResourceOption,
) error {
	key, err := kms.NewKey(ctx, name+"-alerts-key", &kms.KeyArgs{
		Description:          pulumi.Sprintf("Encrypts the alert topic of %s.", args.NamePrefix),
		EnableKeyRotation:    pulumi.Bool(true),
		DeletionWindowInDays: pulumi.Int(args.KMSKeyDeletionWindowDays),
		Policy:               pulumi.String(alertKeyPolicy(account)),
	}, parent)
	if err != nil {
		return fmt.Errorf("creating the alert key of monitoring %q: %w", name, err)
	}
	m.Key = key

	topic, err := sns.NewTopic(ctx, name+"-alerts", &sns.TopicArgs{
		Name:           pulumi.String(args.NamePrefix + "-alerts"),
		KmsMasterKeyId: key.Arn,
	}, parent)
	if err != nil {
		return fmt.Errorf("creating the alert topic of monitoring %q: %w", name, err)
	}
	m.Topic = topic

	policy := topic.Arn.ApplyT(func(topicArn string) string {
		return alertTopicPolicy(account, topicArn)
	}).(pulumi.StringOutput)
	if _, err := sns.NewTopicPolicy(ctx, name+"-alerts", &sns.TopicPolicyArgs{
		Arn:    topic.Arn,
		Policy: policy,
	}, parent); err != nil {
		return fmt.Errorf("creating the alert topic policy of monitoring %q: %w", name, err)
	}

	type subscription struct {
		protocol, endpoint string
		// secret keeps the endpoint encrypted in the stack state.
		secret bool
	}
	var subscriptions []subscription
	for _, email := range args.AlertEmails {
		subscriptions = append(subscriptions, subscription{protocol: alertProtocolEmail, endpoint: email})
	}
	// Webhook URLs often carry a token that lets anyone post to the chat or incident tool.
	for _, endpoint := range args.AlertHTTPSURLs {
		subscriptions = append(subscriptions, subscription{protocol: alertProtocolHTTPS, endpoint: endpoint, secret: true})
	}
	for _, s := range subscriptions {
		var endpoint pulumi.StringInput = pulumi.String(s.endpoint)
		if s.secret {
			endpoint = pulumi.ToSecret(endpoint).(pulumi.StringOutput)
		}
		// The logical name ends with a hash of the endpoint, so the URN shows no address or URL.
		created, err := sns.NewTopicSubscription(ctx, name+"-"+s.protocol+"-"+shortHash(s.endpoint),
			&sns.TopicSubscriptionArgs{
				Topic:    topic.Arn,
				Protocol: pulumi.String(s.protocol),
				Endpoint: endpoint,
			}, parent)
		if err != nil {
			return fmt.Errorf("subscribing a %s endpoint to the alert topic of monitoring %q: %w", s.protocol, name, err)
		}
		m.Subscriptions = append(m.Subscriptions, created)
	}
	return nil
}

// alertKeyPolicy lets CloudWatch alarms and EventBridge rules publish to the topic the key encrypts.
// Both need kms:GenerateDataKey* and kms:Decrypt, because SNS encrypts each message with a data key
// under the publisher's permissions. The statements carry no condition, like the statement AWS documents
// for alarms, so the key serves whichever topic the account encrypts with it.
func alertKeyPolicy(account awsAccount) string {
	publish := func(sid, service string) map[string]any {
		return map[string]any{
			"Sid":       sid,
			"Effect":    "Allow",
			"Principal": map[string]any{"Service": service},
			"Action":    []string{"kms:Decrypt", "kms:GenerateDataKey*"},
			"Resource":  "*",
		}
	}
	return keyPolicy(account,
		publish("CloudWatchAlarmsPublish", "cloudwatch.amazonaws.com"),
		publish("EventBridgeRulesPublish", "events.amazonaws.com"),
	)
}

// alertTopicPolicy lets the account manage the topic and only this account's alarms and EventBridge
// rules publish to it, over TLS.
func alertTopicPolicy(account awsAccount, topicArn string) string {
	return mustMarshalPolicy([]map[string]any{
		{
			"Sid":       "AccountManagesTopic",
			"Effect":    "Allow",
			"Principal": map[string]any{"AWS": account.rootARN()},
			"Action": []string{
				"sns:GetTopicAttributes", "sns:SetTopicAttributes", "sns:AddPermission", "sns:RemovePermission",
				"sns:DeleteTopic", "sns:Subscribe", "sns:ListSubscriptionsByTopic", "sns:Publish",
			},
			"Resource": topicArn,
		},
		{
			"Sid":       "CloudWatchAlarmsPublish",
			"Effect":    "Allow",
			"Principal": map[string]any{"Service": "cloudwatch.amazonaws.com"},
			"Action":    "sns:Publish",
			"Resource":  topicArn,
			"Condition": map[string]any{
				"ArnLike":      map[string]any{"aws:SourceArn": account.arn("cloudwatch", "alarm:*")},
				"StringEquals": map[string]any{"aws:SourceAccount": account.ID},
			},
		},
		{
			"Sid":       "EventBridgeRulesPublish",
			"Effect":    "Allow",
			"Principal": map[string]any{"Service": "events.amazonaws.com"},
			"Action":    "sns:Publish",
			"Resource":  topicArn,
			"Condition": map[string]any{
				"ArnLike":      map[string]any{"aws:SourceArn": account.arn("events", "rule/*")},
				"StringEquals": map[string]any{"aws:SourceAccount": account.ID},
			},
		},
		{
			"Sid":       "DenyInsecureTransport",
			"Effect":    "Deny",
			"Principal": "*",
			"Action":    []string{"sns:Publish", "sns:Subscribe"},
			"Resource":  topicArn,
			"Condition": map[string]any{"Bool": map[string]any{"aws:SecureTransport": "false"}},
		},
	})
}

// withDefaults fills the defaults and validates the arguments. It reports every invalid field at once.
func (args MonitoringArgs) withDefaults(name string) (MonitoringArgs, error) {
	if args.GuardDutyFindingSeverity == 0 {
		args.GuardDutyFindingSeverity = DefaultGuardDutyFindingSeverity
	}
	if args.MetricNamespace == "" {
		args.MetricNamespace = "SecureServerless/" + args.NamePrefix
	}
	if args.KMSKeyDeletionWindowDays == 0 {
		args.KMSKeyDeletionWindowDays = DefaultKMSKeyDeletionWindowDays
	}
	functions := make([]MonitoredFunction, len(args.Functions))
	for i, function := range args.Functions {
		if function.TimeoutSeconds == 0 {
			function.TimeoutSeconds = DefaultFunctionTimeout
		}
		functions[i] = function
	}
	args.Functions = functions
	thresholds, errs := args.Thresholds.withDefaults()
	args.Thresholds = thresholds

	invalid := func(format string, values ...any) { errs = append(errs, fmt.Errorf(format, values...)) }
	if !monitoringNamePrefix.MatchString(args.NamePrefix) {
		invalid("NamePrefix %q is invalid; use 1 to 200 letters, digits, hyphens and underscores, such as "+
			"\"secure-serverless-dev\"", args.NamePrefix)
	}
	if !metricNamespace.MatchString(args.MetricNamespace) || strings.HasPrefix(args.MetricNamespace, "AWS/") {
		invalid("MetricNamespace %q is invalid; use at most 255 letters, digits and . _ / # : - or spaces, "+
			"not starting with AWS/, such as \"SecureServerless/app\"", args.MetricNamespace)
	}
	if (args.ApiName == nil) != (args.StageName == nil) {
		invalid("ApiName and StageName must be set together, because the API Gateway metrics carry both " +
			"dimensions; set both or neither")
	}
	if args.UserPoolClientId != nil && args.UserPoolId == nil {
		invalid("UserPoolClientId is set without UserPoolId; set UserPoolId to the client's user pool")
	}
	if args.GuardDutyFindingSeverity < 1 || args.GuardDutyFindingSeverity > maxGuardDutySeverity {
		invalid("GuardDutyFindingSeverity is %g, must be 1 to %d", args.GuardDutyFindingSeverity, maxGuardDutySeverity)
	}
	if args.KMSKeyDeletionWindowDays < 7 || args.KMSKeyDeletionWindowDays > 30 {
		invalid("KMSKeyDeletionWindowDays is %d, must be 7 to 30", args.KMSKeyDeletionWindowDays)
	}
	errs = append(errs, validateMonitoredFunctions(args.Functions)...)
	errs = append(errs, validateMonitoredQueues(args.DeadLetterQueues)...)
	errs = append(errs, validateAlertEndpoints(args.AlertEmails, args.AlertHTTPSURLs)...)
	if len(errs) > 0 {
		return args, fmt.Errorf("monitoring %q: %w", name, errors.Join(errs...))
	}
	return args, nil
}

// validateMonitoredFunctions checks the ids, names and timeouts of the functions.
func validateMonitoredFunctions(functions []MonitoredFunction) []error {
	var errs []error
	seen := map[string]bool{}
	for i, function := range functions {
		switch {
		case !monitoredID.MatchString(function.ID):
			errs = append(errs, fmt.Errorf("Functions[%d].ID %q is invalid; use 1 to 40 lowercase letters, "+
				"digits and hyphens, such as \"uploads\"", i, function.ID))
		case seen[function.ID]:
			errs = append(errs, fmt.Errorf("Functions[%d].ID %q is used twice; give each function its own id",
				i, function.ID))
		}
		seen[function.ID] = true
		if function.Name == nil {
			errs = append(errs, fmt.Errorf("Functions[%d].Name is missing; set the function name of %q", i, function.ID))
		}
		if function.TimeoutSeconds < 1 || function.TimeoutSeconds > maxFunctionTimeoutSeconds {
			errs = append(errs, fmt.Errorf("Functions[%d].TimeoutSeconds is %d, must be 1 to %d", i,
				function.TimeoutSeconds, maxFunctionTimeoutSeconds))
		}
	}
	return errs
}

// validateMonitoredQueues checks the ids and names of the queues.
func validateMonitoredQueues(queues []MonitoredQueue) []error {
	var errs []error
	seen := map[string]bool{}
	for i, queue := range queues {
		switch {
		case !monitoredID.MatchString(queue.ID):
			errs = append(errs, fmt.Errorf("DeadLetterQueues[%d].ID %q is invalid; use 1 to 40 lowercase "+
				"letters, digits and hyphens, such as \"validate-failures\"", i, queue.ID))
		case seen[queue.ID]:
			errs = append(errs, fmt.Errorf("DeadLetterQueues[%d].ID %q is used twice; give each queue its own id",
				i, queue.ID))
		}
		seen[queue.ID] = true
		if queue.Name == nil {
			errs = append(errs, fmt.Errorf("DeadLetterQueues[%d].Name is missing; set the queue name of %q",
				i, queue.ID))
		}
	}
	return errs
}

// validateAlertEndpoints checks the email addresses and https URLs of the subscriptions.
func validateAlertEndpoints(emails, urls []string) []error {
	var errs []error
	seen := map[string]bool{}
	for _, email := range emails {
		if err := ValidateAlertEmail(email); err != nil {
			errs = append(errs, err)
		} else if seen[email] {
			errs = append(errs, fmt.Errorf("AlertEmails has %q twice; list each address once", email))
		}
		seen[email] = true
	}
	for _, endpoint := range urls {
		if err := ValidateAlertHTTPSURL(endpoint); err != nil {
			errs = append(errs, err)
		} else if seen[endpoint] {
			errs = append(errs, fmt.Errorf("AlertHTTPSURLs has %q twice; list each URL once", endpoint))
		}
		seen[endpoint] = true
	}
	return errs
}

// ValidateAlertEmail accepts a bare email address that net/mail parses, such as "ops@example.com",
// without a display name or angle brackets, which SNS would not accept as an endpoint.
func ValidateAlertEmail(email string) error {
	parsed, err := mail.ParseAddress(email)
	if err != nil || parsed.Name != "" || parsed.Address != email {
		return fmt.Errorf("AlertEmails has %q, which is not an email address; use a bare address such as "+
			"ops@example.com", email)
	}
	return nil
}

// ValidateAlertHTTPSURL accepts an absolute https URL with a host and without user name or password,
// which would be stored in plain text in the stack state.
func ValidateAlertHTTPSURL(endpoint string) error {
	parsed, err := url.Parse(endpoint)
	if err != nil || parsed.Scheme != "https" || parsed.Hostname() == "" || parsed.User != nil {
		return fmt.Errorf("AlertHTTPSURLs has %q; use an absolute https URL without user name or password, "+
			"such as https://hooks.example.com/alerts", endpoint)
	}
	return nil
}

// shortHash returns 8 hex characters of the SHA-256 of value.
func shortHash(value string) string {
	sum := sha256.Sum256([]byte(value))
	return hex.EncodeToString(sum[:4])
}

// dashboardConsoleURL returns the address of the dashboard in the CloudWatch console of the partition.
func dashboardConsoleURL(account awsAccount, dashboardName string) string {
	host := account.Region + ".console.aws.amazon.com"
	switch account.Partition {
	case "aws-cn":
		host = "console.amazonaws.cn"
	case "aws-us-gov":
		host = "console.amazonaws-us-gov.com"
	}
	return fmt.Sprintf("https://%s/cloudwatch/home?region=%s#dashboards/dashboard/%s", host, account.Region,
		url.PathEscape(dashboardName))
}
