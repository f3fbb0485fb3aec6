package program

import (
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/secureserverless/framework/infra"
)

// Defaults of the monitoring, audit and backup settings.
const (
	DefaultAuditBucketRetentionDays = infra.DefaultTrailBucketRetentionDays
	DefaultBackupRetentionDays      = infra.DefaultBackupRetentionDays
	// maxLambdaDurationPercent is the share of a function's timeout above which an alarm cannot fire
	// before the timeout does.
	maxLambdaDurationPercent = 100
)

// alarmThresholdFields maps the keys of the alarmThresholds setting to the thresholds they set.
var alarmThresholdFields = map[string]func(*infra.MonitoringThresholds) *float64{
	"rootAccountUsage":      func(t *infra.MonitoringThresholds) *float64 { return &t.RootAccountUsage },
	"iamPolicyChanges":      func(t *infra.MonitoringThresholds) *float64 { return &t.IAMPolicyChanges },
	"cloudTrailChanges":     func(t *infra.MonitoringThresholds) *float64 { return &t.CloudTrailChanges },
	"securityGroupChanges":  func(t *infra.MonitoringThresholds) *float64 { return &t.SecurityGroupChanges },
	"consoleSignInFailures": func(t *infra.MonitoringThresholds) *float64 { return &t.ConsoleSignInFailures },
	"failedSignIns":         func(t *infra.MonitoringThresholds) *float64 { return &t.FailedSignIns },
	"signInThrottles":       func(t *infra.MonitoringThresholds) *float64 { return &t.SignInThrottles },
	"riskySignIns":          func(t *infra.MonitoringThresholds) *float64 { return &t.RiskySignIns },
	"api4xxErrors":          func(t *infra.MonitoringThresholds) *float64 { return &t.API4xxErrors },
	"api5xxErrors":          func(t *infra.MonitoringThresholds) *float64 { return &t.API5xxErrors },
	"apiLatencyP95Millis":   func(t *infra.MonitoringThresholds) *float64 { return &t.APILatencyP95Millis },
	"wafBlockedRequests":    func(t *infra.MonitoringThresholds) *float64 { return &t.WAFBlockedRequests },
	"lambdaErrors":          func(t *infra.MonitoringThresholds) *float64 { return &t.LambdaErrors },
	"lambdaThrottles":       func(t *infra.MonitoringThresholds) *float64 { return &t.LambdaThrottles },
	"lambdaDurationPercent": func(t *infra.MonitoringThresholds) *float64 { return &t.LambdaDurationPercent },
	"deadLetterMessages":    func(t *infra.MonitoringThresholds) *float64 { return &t.DeadLetterMessages },
	"rejectedUploads":       func(t *infra.MonitoringThresholds) *float64 { return &t.RejectedUploads },
	"malwareFindings":       func(t *infra.MonitoringThresholds) *float64 { return &t.MalwareFindings },
}

// validateMonitoring checks the settings of the alerts, the audit trail and the backups.
func (c Config) validateMonitoring(namespace string) []error {
	var errs []error
	check := func(ok bool, key string, value any, accepted string) {
		if !ok {
			errs = append(errs, &ConfigError{Key: namespace + ":" + key, Value: fmt.Sprint(value), Accepted: accepted})
		}
	}
	for _, email := range c.AlertEmails {
		check(infra.ValidateAlertEmail(email) == nil, "alertEmails", email, "email addresses such as ops@example.com")
	}
	for _, endpoint := range c.AlertHTTPSURLs {
		// The URL may carry a token, so the message names its position instead of the value.
		check(infra.ValidateAlertHTTPSURL(endpoint) == nil, "alertHttpsUrls",
			fmt.Sprintf("entry %d", slices.Index(c.AlertHTTPSURLs, endpoint)+1),
			"absolute https URLs such as https://hooks.example.com/alerts")
	}
	names := slices.Sorted(maps.Keys(alarmThresholdFields))
	for _, name := range slices.Sorted(maps.Keys(c.AlarmThresholds)) {
		value := c.AlarmThresholds[name]
		if _, known := alarmThresholdFields[name]; !known {
			check(false, "alarmThresholds", name, "threshold names "+strings.Join(names, ", "))
			continue
		}
		check(value >= 0, "alarmThresholds."+name, value, "0 (the default) or more")
		if name == "lambdaDurationPercent" {
			check(value <= maxLambdaDurationPercent, "alarmThresholds."+name, value,
				fmt.Sprintf("0 (the default) to %d percent of the function's timeout", maxLambdaDurationPercent))
		}
	}
	check(c.AuditBucketRetentionDays >= 1 && c.AuditBucketRetentionDays <= 36500, "auditBucketRetentionDays",
		c.AuditBucketRetentionDays, "1 to 36500 days")
	check(c.BackupRetentionDays >= 1 && c.BackupRetentionDays <= 36500, "backupRetentionDays",
		c.BackupRetentionDays, "1 to 36500 days")
	return errs
}

// monitoringArgs returns the arguments of the alarms. The platform sets what they watch.
func (c Config) monitoringArgs() infra.MonitoringArgs {
	var thresholds infra.MonitoringThresholds
	for name, value := range c.AlarmThresholds {
		if field, ok := alarmThresholdFields[name]; ok {
			*field(&thresholds) = value
		}
	}
	return infra.MonitoringArgs{
		AlertEmails:              c.AlertEmails,
		AlertHTTPSURLs:           c.AlertHTTPSURLs,
		Thresholds:               thresholds,
		KMSKeyDeletionWindowDays: c.KMSKeyDeletionWindowDays,
	}
}

// auditArgs returns the arguments of the audit trail.
func (c Config) auditArgs() infra.AuditArgs {
	return infra.AuditArgs{
		LogRetentionDays:         c.LogRetentionDays,
		BucketRetentionDays:      c.AuditBucketRetentionDays,
		KMSKeyDeletionWindowDays: c.KMSKeyDeletionWindowDays,
		ForceDestroy:             c.ForceDestroy,
		Protect:                  c.ProtectData,
	}
}

// backupArgs returns the arguments of the backup plan.
func (c Config) backupArgs() infra.BackupArgs {
	return infra.BackupArgs{
		RetentionDays:            c.BackupRetentionDays,
		KMSKeyDeletionWindowDays: c.KMSKeyDeletionWindowDays,
		ForceDestroy:             c.ForceDestroy,
		Protect:                  c.ProtectData,
	}
}
