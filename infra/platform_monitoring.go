package infra

import (
	"maps"
	"slices"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// platformMonitoringInputs are the values the platform's audit trail and monitoring are built from.
type platformMonitoringInputs struct {
	name      string
	args      PlatformArgs
	userFiles *UserFilesBucket
	auth      *Auth
	entry     *platformAPI
	// functions are the functions to watch by their short names, validate included.
	functions map[string]*GoFunction
	validate  *GoFunction
	dlq       pulumi.StringInput
	parent    pulumi.ResourceOption
}

// newPlatformMonitoring creates the audit trail, when it is on, and the alarms and dashboard that
// watch the API, the web ACL, the functions, the upload pipeline and, with the trail, the account.
func newPlatformMonitoring(ctx *pulumi.Context, in platformMonitoringInputs) (*Audit, *Monitoring, error) {
	var audit *Audit
	if in.args.AuditEnabled {
		auditArgs := in.args.Audit
		auditArgs.NamePrefix = in.args.NamePrefix
		auditArgs.DataEventBucketArns = pulumi.StringArray{in.userFiles.BucketArn}
		var err error
		// The component's name becomes the trail bucket's name, so it must be lowercase.
		audit, err = NewAudit(ctx, in.name+"-audit", auditArgs, in.parent)
		if err != nil {
			return nil, nil, err
		}
	}

	timeout := in.args.Functions.TimeoutSeconds
	if timeout == 0 {
		timeout = DefaultFunctionTimeout
	}
	monitoringArgs := in.args.Monitoring
	monitoringArgs.NamePrefix = in.args.NamePrefix
	monitoringArgs.ApiName = in.entry.api.Api.Name
	monitoringArgs.StageName = in.entry.api.StageName
	monitoringArgs.WebAclName = in.entry.firewall.WebAclMetricName
	monitoringArgs.UserPoolId = in.auth.UserPoolId
	monitoringArgs.UserPoolClientId = in.auth.ClientId
	monitoringArgs.Functions = nil
	for _, id := range slices.Sorted(maps.Keys(in.functions)) {
		function := in.functions[id]
		monitoringArgs.Functions = append(monitoringArgs.Functions, MonitoredFunction{
			ID:             id,
			Name:           function.FunctionName,
			TimeoutSeconds: timeout,
			LogGroupName:   function.LogGroupName,
		})
	}
	monitoringArgs.DeadLetterQueues = []MonitoredQueue{{ID: "validate-failures", Name: in.dlq}}
	monitoringArgs.ValidateLogGroupName = in.validate.LogGroupName
	if audit != nil {
		monitoringArgs.TrailLogGroupName = audit.LogGroupName
	}
	monitoring, err := NewMonitoring(ctx, in.name+"-monitoring", monitoringArgs, in.parent)
	if err != nil {
		return nil, nil, err
	}
	return audit, monitoring, nil
}
