package infra

import (
	"encoding/json"
	"fmt"
	"strings"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/cloudwatch"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// Layout of the dashboard: widgets half the 24-column grid wide, in rows of two.
const (
	widgetWidth  = 12
	widgetHeight = 6
	gridColumns  = 24
	// maxAlarmWidgetAlarms is the most alarms one alarm status widget shows.
	maxAlarmWidgetAlarms = 100
	// recentErrorsLimit is how many error lines the table of recent errors shows.
	recentErrorsLimit = 50
)

// dashboardValues are the resolved inputs of the dashboard body.
type dashboardValues struct {
	region, namespace                                    string
	apiName, stageName, webACLName                       string
	userPoolID, userPoolClientID                         string
	functionNames, functionLogGroups, queueNames, alarms []string
	hasTrail, hasUploads                                 bool
}

// newMonitoringDashboard creates the dashboard named NamePrefix: alarm states, then the API, WAF, sign-in,
// function, upload pipeline and security event graphs whose inputs are set, and a table of recent
// function errors.
func newMonitoringDashboard(ctx *pulumi.Context, name string, args MonitoringArgs, account awsAccount,
	alarms []*cloudwatch.MetricAlarm, parent pulumi.ResourceOption,
) (*cloudwatch.Dashboard, error) {
	// Each optional input is resolved with pulumi.All and written into its field by the setter of the
	// same index.
	var inputs []any
	var setters []func(*dashboardValues, any)
	addString := func(input pulumi.StringInput, set func(*dashboardValues, string)) {
		if input == nil {
			return
		}
		inputs = append(inputs, input.ToStringOutput())
		setters = append(setters, func(v *dashboardValues, value any) { set(v, value.(string)) })
	}
	addString(args.ApiName, func(v *dashboardValues, s string) { v.apiName = s })
	addString(args.StageName, func(v *dashboardValues, s string) { v.stageName = s })
	addString(args.WebAclName, func(v *dashboardValues, s string) { v.webACLName = s })
	addString(args.UserPoolId, func(v *dashboardValues, s string) { v.userPoolID = s })
	addString(args.UserPoolClientId, func(v *dashboardValues, s string) { v.userPoolClientID = s })
	for _, function := range args.Functions {
		addString(function.Name, func(v *dashboardValues, s string) { v.functionNames = append(v.functionNames, s) })
		addString(function.LogGroupName, func(v *dashboardValues, s string) {
			v.functionLogGroups = append(v.functionLogGroups, s)
		})
	}
	for _, queue := range args.DeadLetterQueues {
		addString(queue.Name, func(v *dashboardValues, s string) { v.queueNames = append(v.queueNames, s) })
	}
	for _, alarm := range alarms {
		addString(alarm.Arn, func(v *dashboardValues, s string) { v.alarms = append(v.alarms, s) })
	}

	body := pulumi.All(inputs...).ApplyT(func(resolved []any) (string, error) {
		values := dashboardValues{
			region:     account.Region,
			namespace:  args.MetricNamespace,
			hasTrail:   args.TrailLogGroupName != nil,
			hasUploads: args.ValidateLogGroupName != nil,
		}
		for i, value := range resolved {
			setters[i](&values, value)
		}
		return dashboardBody(values)
	}).(pulumi.StringOutput)

	dashboard, err := cloudwatch.NewDashboard(ctx, name+"-dashboard", &cloudwatch.DashboardArgs{
		DashboardName: pulumi.String(args.NamePrefix),
		DashboardBody: body,
	}, parent)
	if err != nil {
		return nil, fmt.Errorf("creating the dashboard of monitoring %q: %w", name, err)
	}
	return dashboard, nil
}

// metricWidget is a graph of metrics. Each metric is the array form of the dashboard body: namespace,
// metric name, dimension name and value pairs, and an optional object of rendering options.
type metricWidget struct {
	title   string
	metrics [][]any
	stat    string
}

// dashboardBody returns the JSON body of the dashboard.
func dashboardBody(v dashboardValues) (string, error) {
	widgets := []map[string]any{}
	place := func(widget map[string]any, width int) {
		widget["width"] = width
		widget["height"] = widgetHeight
		widgets = append(widgets, widget)
	}

	if len(v.alarms) > 0 {
		place(map[string]any{
			"type": "alarm",
			"properties": map[string]any{
				"title":  "Alarms",
				"alarms": v.alarms[:min(len(v.alarms), maxAlarmWidgetAlarms)],
			},
		}, gridColumns)
	}
	for _, graph := range metricWidgets(v) {
		place(map[string]any{
			"type": "metric",
			"properties": map[string]any{
				"title":   graph.title,
				"region":  v.region,
				"view":    "timeSeries",
				"stacked": false,
				"period":  alarmPeriodSeconds,
				"stat":    graph.stat,
				"metrics": graph.metrics,
			},
		}, widgetWidth)
	}
	if len(v.functionLogGroups) > 0 {
		place(map[string]any{
			"type": "log",
			"properties": map[string]any{
				"title":  "Recent function errors",
				"region": v.region,
				"view":   "table",
				"query":  recentErrorsQuery(v.functionLogGroups),
			},
		}, gridColumns)
	}

	text, err := json.Marshal(map[string]any{"widgets": widgets})
	if err != nil {
		return "", fmt.Errorf("encoding the dashboard body: %w", err)
	}
	return string(text), nil
}

// metricWidgets returns the graphs whose inputs are set, in the order the dashboard shows them.
func metricWidgets(v dashboardValues) []metricWidget {
	var graphs []metricWidget
	if v.apiName != "" {
		stage := []any{"ApiName", v.apiName, "Stage", v.stageName}
		graphs = append(graphs,
			metricWidget{title: "API requests and errors", stat: "Sum", metrics: [][]any{
				metric("AWS/ApiGateway", "Count", stage),
				metric("AWS/ApiGateway", "4XXError", stage),
				metric("AWS/ApiGateway", "5XXError", stage),
			}},
			metricWidget{title: "API latency (ms)", stat: "p95", metrics: [][]any{
				metric("AWS/ApiGateway", "Latency", stage, map[string]any{"stat": "p50", "label": "p50"}),
				metric("AWS/ApiGateway", "Latency", stage, map[string]any{"stat": "p95", "label": "p95"}),
				metric("AWS/ApiGateway", "Latency", stage, map[string]any{"stat": "p99", "label": "p99"}),
				metric("AWS/ApiGateway", "IntegrationLatency", stage,
					map[string]any{"stat": "p95", "label": "integration p95"}),
			}},
		)
	}
	if v.webACLName != "" {
		acl := []any{"WebACL", v.webACLName, "Region", v.region, "Rule", "ALL"}
		graphs = append(graphs, metricWidget{title: "WAF requests", stat: "Sum", metrics: [][]any{
			metric("AWS/WAFV2", "AllowedRequests", acl),
			metric("AWS/WAFV2", "BlockedRequests", acl),
		}})
	}
	if v.userPoolID != "" {
		var signIns [][]any
		if v.userPoolClientID != "" {
			client := []any{"UserPool", v.userPoolID, "UserPoolClient", v.userPoolClientID}
			signIns = append(signIns,
				metric("AWS/Cognito", "SignInSuccesses", client, map[string]any{"stat": "SampleCount", "label": "attempts"}),
				metric("AWS/Cognito", "SignInSuccesses", client, map[string]any{"label": "successes"}),
				metric("AWS/Cognito", "SignInThrottles", client),
			)
		}
		signIns = append(signIns, metric("AWS/Cognito", "Risk", []any{"Operation", "SignIn", "UserPoolId", v.userPoolID},
			map[string]any{"label": "risky sign-ins"}))
		graphs = append(graphs, metricWidget{title: "Sign-ins", stat: "Sum", metrics: signIns})
	}
	if len(v.functionNames) > 0 {
		var failures, durations [][]any
		for _, function := range v.functionNames {
			dimensions := []any{"FunctionName", function}
			failures = append(failures,
				metric("AWS/Lambda", "Errors", dimensions, map[string]any{"label": function + " errors"}),
				metric("AWS/Lambda", "Throttles", dimensions, map[string]any{"label": function + " throttles"}),
			)
			durations = append(durations, metric("AWS/Lambda", "Duration", dimensions, map[string]any{"label": function}))
		}
		graphs = append(graphs,
			metricWidget{title: "Function errors and throttles", stat: "Sum", metrics: failures},
			metricWidget{title: "Function duration, maximum (ms)", stat: "Maximum", metrics: durations},
		)
	}
	var pipeline [][]any
	if v.hasUploads {
		pipeline = append(pipeline,
			metric(v.namespace, MetricRejectedUploads, nil),
			metric(v.namespace, MetricMalwareFindings, nil),
		)
	}
	for _, queue := range v.queueNames {
		pipeline = append(pipeline, metric("AWS/SQS", "ApproximateNumberOfMessagesVisible", []any{"QueueName", queue},
			map[string]any{"stat": "Maximum", "label": queue + " waiting"}))
	}
	if len(pipeline) > 0 {
		graphs = append(graphs, metricWidget{title: "Upload pipeline", stat: "Sum", metrics: pipeline})
	}
	if v.hasTrail {
		var events [][]any
		for _, name := range []string{
			MetricRootAccountUsage, MetricIAMPolicyChanges, MetricCloudTrailChanges, MetricSecurityGroupChanges,
			MetricConsoleSignInFailures,
		} {
			events = append(events, metric(v.namespace, name, nil))
		}
		graphs = append(graphs, metricWidget{title: "Security events in CloudTrail", stat: "Sum", metrics: events})
	}
	return graphs
}

// metric returns one metric of a graph: namespace, name, dimension pairs and the optional rendering options.
func metric(namespace, name string, dimensions []any, options ...map[string]any) []any {
	entry := append([]any{namespace, name}, dimensions...)
	for _, option := range options {
		entry = append(entry, option)
	}
	return entry
}

// recentErrorsQuery returns a CloudWatch Logs Insights query for the newest ERROR lines of the log groups.
// The functions log JSON lines whose level is in the field "level".
func recentErrorsQuery(logGroups []string) string {
	sources := make([]string, len(logGroups))
	for i, group := range logGroups {
		sources[i] = "SOURCE '" + group + "'"
	}
	return fmt.Sprintf("%s | fields @timestamp, @log, message, error | filter level = 'ERROR' | "+
		"sort @timestamp desc | limit %d", strings.Join(sources, " | "), recentErrorsLimit)
}
