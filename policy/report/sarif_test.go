package report

import (
	"bytes"
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/secureserverless/framework/policy/report/internal/sarifschema"
)

// ValidateSARIF checks a SARIF document against the SARIF 2.1.0 schema.
func ValidateSARIF(t *testing.T, sarif []byte) {
	t.Helper()
	assert.NoError(t, sarifschema.Validate(sarif), "the SARIF output validates against the 2.1.0 schema")
}

func renderSARIF(t *testing.T, r *Report, opts SARIFOptions) []byte {
	t.Helper()
	var buf bytes.Buffer
	require.NoError(t, r.WriteSARIF(&buf, opts))
	return buf.Bytes()
}

// decodeSARIF decodes a SARIF document into the writer's own types.
func decodeSARIF(t *testing.T, data []byte) sarifLog {
	t.Helper()
	var log sarifLog
	require.NoError(t, json.Unmarshal(data, &log))
	require.Len(t, log.Runs, 1)
	return log
}

func TestSARIFValidatesAgainstSchema(t *testing.T) {
	tests := []struct {
		name   string
		report func(t *testing.T) *Report
	}{
		{name: "violations", report: func(t *testing.T) *Report { return readReport(t, violationsLog) }},
		{name: "truncated log", report: func(t *testing.T) *Report { return readReport(t, truncatedLog) }},
		{name: "no violations", report: func(t *testing.T) *Report {
			return reportOf(t, `{"sequence":1,"timestamp":1,"cancelEvent":{}}`)
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ValidateSARIF(t, renderSARIF(t, tt.report(t), SARIFOptions{}))
		})
	}
}

func TestSARIFSchemaRejectsInvalidLog(t *testing.T) {
	tests := []struct {
		name  string
		sarif string
	}{
		{name: "unknown level", sarif: `{"version":"2.1.0","runs":[{"tool":{"driver":{"name":"x"}},` +
			`"results":[{"message":{"text":"m"},"level":"fatal"}]}]}`},
		{name: "wrong version", sarif: `{"version":"2.0.0","runs":[]}`},
		{name: "invocation without executionSuccessful", sarif: `{"version":"2.1.0","runs":[{"tool":{"driver":{"name":"x"}},` +
			`"invocations":[{}]}]}`},
		{name: "invalid start time", sarif: `{"version":"2.1.0","runs":[{"tool":{"driver":{"name":"x"}},` +
			`"invocations":[{"executionSuccessful":true,"startTimeUtc":"yesterday"}]}]}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Error(t, sarifschema.Validate([]byte(tt.sarif)))
		})
	}
}

func TestSARIFRules(t *testing.T) {
	log := decodeSARIF(t, renderSARIF(t, readReport(t, violationsLog), SARIFOptions{}))
	driver := log.Runs[0].Tool.Driver

	assert.Equal(t, ToolName, driver.Name)
	assert.Equal(t, []Pack{{Name: "org-baseline", Version: "2.0.0"}, {Name: "secure-serverless", Version: "0.1.0"}},
		driver.Properties.PolicyPacks)

	var ids []string
	rules := map[string]sarifRule{}
	for _, rule := range driver.Rules {
		ids = append(ids, rule.ID)
		rules[rule.ID] = rule
	}
	assert.Equal(t, []string{
		"org-baseline/s3-bucket-no-public-acl",
		"cloudwatch-log-group-retention",
		"iam-no-wildcard-actions",
		"s3-add-default-tags",
		"secure-serverless/s3-bucket-no-public-acl",
		"stack-owner-tag",
	}, ids, "a policy name in two packs is qualified with the pack")

	acl := rules["secure-serverless/s3-bucket-no-public-acl"]
	assert.Equal(t, "S3 bucket ACLs must not grant access to everyone or to all authenticated AWS users.", acl.ShortDescription.Text)
	require.NotNil(t, acl.DefaultConfiguration)
	assert.Equal(t, "error", acl.DefaultConfiguration.Level)
	assert.Equal(t, "9.5", acl.Properties.SecuritySeverity)
	assert.Equal(t, []string{"security"}, acl.Properties.Tags)

	assert.Equal(t, "8.0", rules["iam-no-wildcard-actions"].Properties.SecuritySeverity)
	assert.Equal(t, "3.0", rules["cloudwatch-log-group-retention"].Properties.SecuritySeverity)

	tags := rules["s3-add-default-tags"]
	assert.Equal(t, "s3-add-default-tags", tags.ShortDescription.Text, "a policy without violations is described by its name")
	assert.Nil(t, tags.DefaultConfiguration, "no level is known for a policy without violations")
	assert.Empty(t, tags.Properties.SecuritySeverity)
	assert.Empty(t, tags.Properties.Tags)
}

func TestSARIFResults(t *testing.T) {
	r := readReport(t, violationsLog)
	log := decodeSARIF(t, renderSARIF(t, r, SARIFOptions{}))
	run := log.Runs[0]
	require.Len(t, run.Results, len(r.Violations))

	tests := []struct {
		name         string
		index        int
		ruleID       string
		level        string
		suppressions []sarifSuppression
	}{
		{name: "mandatory", index: 0, ruleID: "secure-serverless/s3-bucket-no-public-acl", level: "error"},
		{name: "mandatory with exception", index: 1, ruleID: "iam-no-wildcard-actions", level: "error",
			suppressions: []sarifSuppression{{
				Kind:          "external",
				Status:        "accepted",
				Justification: "policy exception EXC-7: The worker needs s3:* on its own scratch bucket until the storage migration.",
			}}},
		{name: "advisory", index: 2, ruleID: "cloudwatch-log-group-retention", level: "warning"},
		{name: "stack policy", index: 3, ruleID: "stack-owner-tag", level: "warning"},
		{name: "disabled", index: 4, ruleID: "org-baseline/s3-bucket-no-public-acl", level: "note"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			result := run.Results[tt.index]
			violation := r.Violations[tt.index]

			assert.Equal(t, tt.ruleID, result.RuleID)
			assert.Equal(t, tt.ruleID, run.Tool.Driver.Rules[result.RuleIndex].ID, "ruleIndex points at the rule")
			assert.Equal(t, tt.level, result.Level)
			assert.Equal(t, tt.suppressions, result.Suppressions)
			assert.Equal(t, violation.Message, result.Message.Text)
			assert.Equal(t, map[string]string{FingerprintKey: violation.Fingerprint}, result.PartialFingerprints)

			require.Len(t, result.Locations, 1)
			location := result.Locations[0]
			assert.Equal(t, sarifArtifactLocation{URI: "Pulumi.yaml", URIBaseID: "%SRCROOT%"},
				location.PhysicalLocation.ArtifactLocation)
			assert.Equal(t, 1, location.PhysicalLocation.Region.StartLine)
			assert.Equal(t, []sarifLogicalLocation{{
				Name:               violation.ResourceName,
				FullyQualifiedName: violation.ResourceURN,
				Kind:               "resource",
			}}, location.LogicalLocations)

			assert.Equal(t, violation.EnforcementLevel, result.Properties.EnforcementLevel)
			assert.Equal(t, violation.Blocking, result.Properties.Blocking)
			assert.Equal(t, violation.ResourceType, result.Properties.ResourceType)
		})
	}
}

func TestSARIFRun(t *testing.T) {
	log := decodeSARIF(t, renderSARIF(t, readReport(t, violationsLog), SARIFOptions{}))
	run := log.Runs[0]

	assert.Equal(t, SARIFVersion, log.Version)
	assert.Equal(t, SARIFSchemaURI, log.Schema)
	require.NotNil(t, run.AutomationDetails)
	assert.Equal(t, "pulumi-policy/shop/dev/", run.AutomationDetails.ID)
	assert.Equal(t, sarifRunProperties{
		Verdict:         VerdictFail,
		Operation:       OperationPreview,
		OperationResult: "failed",
		Stack:           "dev",
		Project:         "shop",
		Counts:          Counts{Total: 5, Blocking: 1, Mandatory: 2, Advisory: 2, Disabled: 1, Waived: 1},
	}, run.Properties)
	assert.Equal(t, []sarifInvocation{{
		ExecutionSuccessful: true,
		StartTimeUTC:        "2026-12-04T16:00:00Z",
		EndTimeUTC:          "2026-12-04T16:00:03Z",
	}}, run.Invocations, "a preview stopped by a blocking violation ran as intended")
}

func TestSARIFInvocation(t *testing.T) {
	const failedUpdate = `{"sequence":2,"timestamp":5,"summaryEvent":{"maybeCorrupt":false,"durationSeconds":1,` +
		`"resourceChanges":{},"PolicyPacks":{},"isPreview":false,"result":"failed"}}`
	const providerError = `{"sequence":1,"timestamp":5,"diagnosticEvent":{"message":"creating bucket: access denied\n",` +
		`"color":"never","severity":"error"}}`

	tests := []struct {
		name          string
		report        func(t *testing.T) *Report
		successful    bool
		notifications []string
	}{
		{
			name:          "failed without a blocking violation",
			report:        func(t *testing.T) *Report { return reportOf(t, providerError, failedUpdate) },
			notifications: []string{"creating bucket: access denied"},
		},
		{
			name:   "truncated log",
			report: func(t *testing.T) *Report { return readReport(t, truncatedLog) },
			notifications: []string{
				"preview failed",
				"The event log ends before the operation's summary event, so some resources may not have been checked.",
			},
		},
		{
			name:       "stopped by a blocking violation",
			report:     func(t *testing.T) *Report { return readReport(t, violationsLog) },
			successful: true,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			data := renderSARIF(t, tt.report(t), SARIFOptions{})
			ValidateSARIF(t, data)
			invocation := decodeSARIF(t, data).Runs[0].Invocations[0]

			assert.Equal(t, tt.successful, invocation.ExecutionSuccessful)
			var messages []string
			for _, n := range invocation.ToolExecutionNotifications {
				assert.Equal(t, "error", n.Level)
				messages = append(messages, n.Message.Text)
			}
			assert.Equal(t, tt.notifications, messages)
		})
	}
}

func TestSARIFOptions(t *testing.T) {
	tests := []struct {
		name     string
		opts     SARIFOptions
		uri      string
		category string
		err      string
	}{
		{name: "defaults", opts: SARIFOptions{}, uri: "Pulumi.yaml", category: "pulumi-policy/shop/dev/"},
		{name: "project in a folder", opts: SARIFOptions{ProjectFile: "infra/./Pulumi.yaml"}, uri: "infra/Pulumi.yaml",
			category: "pulumi-policy/shop/dev/"},
		{name: "space in the path", opts: SARIFOptions{ProjectFile: "my stack/Pulumi.yaml"}, uri: "my%20stack/Pulumi.yaml",
			category: "pulumi-policy/shop/dev/"},
		{name: "own category", opts: SARIFOptions{Category: "pulumi/dev"}, uri: "Pulumi.yaml", category: "pulumi/dev/"},
		{name: "absolute path", opts: SARIFOptions{ProjectFile: "/repo/Pulumi.yaml"},
			err: `invalid project file "/repo/Pulumi.yaml": pass the path of Pulumi.yaml relative to the repository root`},
		{name: "outside the repository", opts: SARIFOptions{ProjectFile: "../Pulumi.yaml"},
			err: `invalid project file "../Pulumi.yaml": it is outside the repository root`},
	}
	r := readReport(t, violationsLog)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var buf bytes.Buffer
			err := r.WriteSARIF(&buf, tt.opts)
			if tt.err != "" {
				require.Error(t, err)
				assert.Contains(t, err.Error(), tt.err)
				assert.Equal(t, err, tt.opts.Validate(), "Validate reports the same error")
				return
			}
			require.NoError(t, err)
			require.NoError(t, tt.opts.Validate())
			ValidateSARIF(t, buf.Bytes())
			run := decodeSARIF(t, buf.Bytes()).Runs[0]
			assert.Equal(t, tt.uri, run.Results[0].Locations[0].PhysicalLocation.ArtifactLocation.URI)
			require.NotNil(t, run.AutomationDetails)
			assert.Equal(t, tt.category, run.AutomationDetails.ID)
		})
	}
}

func TestSARIFWithoutStack(t *testing.T) {
	r := reportOf(t, `{"sequence":1,"timestamp":1,"cancelEvent":{}}`)
	run := decodeSARIF(t, renderSARIF(t, r, SARIFOptions{})).Runs[0]
	assert.Nil(t, run.AutomationDetails, "no category without a stack name")
	assert.Empty(t, run.Results)
	assert.NotNil(t, run.Results, "an empty results array states that the run found nothing; null would state no result list")
}
