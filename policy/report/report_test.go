package report

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const (
	aclURN   = "urn:pulumi:dev::shop::aws:s3/bucketAclV2:BucketAclV2::uploads-acl"
	roleURN  = "urn:pulumi:dev::shop::aws:iam/role:Role::worker"
	logURN   = "urn:pulumi:dev::shop::aws:cloudwatch/logGroup:LogGroup::worker-logs"
	stackURN = "urn:pulumi:dev::shop::pulumi:pulumi:Stack::shop-dev"
)

// readReport builds the report of an event log file in testdata.
func readReport(t *testing.T, path string) *Report {
	t.Helper()
	log, err := ReadEventLogFile(path)
	require.NoError(t, err)
	return New(log)
}

// reportOf builds the report of event log lines.
func reportOf(t *testing.T, lines ...string) *Report {
	t.Helper()
	log, err := ReadEventLog(strings.NewReader(strings.Join(lines, "\n") + "\n"))
	require.NoError(t, err)
	return New(log)
}

func TestNewOperation(t *testing.T) {
	r := readReport(t, violationsLog)

	assert.Equal(t, FormatVersion, r.FormatVersion)
	assert.Equal(t, OperationPreview, r.Operation.Kind)
	assert.Equal(t, "failed", r.Operation.Result)
	assert.Equal(t, "dev", r.Operation.Stack)
	assert.Equal(t, "shop", r.Operation.Project)
	assert.Equal(t, "2026-12-04T16:00:00Z", r.Operation.StartTime)
	assert.Equal(t, "2026-12-04T16:00:03Z", r.Operation.EndTime)
	assert.Equal(t, 3, r.Operation.DurationSeconds)
	assert.Equal(t, map[string]int{"create": 4}, r.Operation.ResourceChanges)
	assert.Equal(t, []string{"preview failed"}, r.EngineErrors)
	assert.Equal(t, LogInfo{Events: 23, UnknownEvents: 1, Truncated: false, Complete: true}, r.EventLog)
}

func TestNewCounts(t *testing.T) {
	r := readReport(t, violationsLog)

	assert.Equal(t, VerdictFail, r.Verdict)
	assert.Equal(t, Counts{Total: 5, Blocking: 1, Mandatory: 2, Advisory: 2, Disabled: 1, Waived: 1}, r.Counts)
	assert.Equal(t, []Pack{{Name: "org-baseline", Version: "2.0.0"}, {Name: "secure-serverless", Version: "0.1.0"}},
		r.PolicyPacks)
}

func TestNewViolations(t *testing.T) {
	r := readReport(t, violationsLog)
	require.Len(t, r.Violations, 5)

	type row struct {
		policy, pack, level, urn string
		blocking                 bool
	}
	var got []row
	for _, v := range r.Violations {
		got = append(got, row{v.Policy, v.PolicyPack, v.EnforcementLevel, v.ResourceURN, v.Blocking})
	}
	// Blocking first, then by level, severity, pack, policy and resource.
	assert.Equal(t, []row{
		{"s3-bucket-no-public-acl", "secure-serverless", "mandatory", aclURN, true},
		{"iam-no-wildcard-actions", "secure-serverless", "mandatory", roleURN, false},
		{"cloudwatch-log-group-retention", "secure-serverless", "advisory", logURN, false},
		{"stack-owner-tag", "secure-serverless", "advisory", stackURN, false},
		{"s3-bucket-no-public-acl", "org-baseline", "disabled", aclURN, false},
	}, got)

	acl := r.Violations[0]
	assert.Equal(t, "0.1.0", acl.PolicyPackVersion)
	assert.Equal(t, "critical", acl.Severity)
	assert.Equal(t, "aws:s3/bucketAclV2:BucketAclV2", acl.ResourceType)
	assert.Equal(t, "uploads-acl", acl.ResourceName)
	assert.Equal(t, "S3 bucket ACLs must not grant access to everyone or to all authenticated AWS users.\n"+
		`acl is "public-read", expected a canned ACL without public access such as "private".`, acl.Message)
	assert.Equal(t, "S3 bucket ACLs must not grant access to everyone or to all authenticated AWS users.", acl.Description)
	assert.Equal(t, `acl is "public-read", expected a canned ACL without public access such as "private".`, acl.Detail)
	assert.Empty(t, acl.Exceptions)
	assert.NotNil(t, acl.Exceptions, "an empty list, so that JSON has [] rather than null")
	assert.Len(t, acl.Fingerprint, 32)

	role := r.Violations[1]
	assert.Equal(t, []Exception{{
		ID:     "EXC-7",
		Reason: "The worker needs s3:* on its own scratch bucket until the storage migration.",
	}}, role.Exceptions)

	logGroup := r.Violations[2]
	assert.Equal(t, "Log groups should keep logs for at least 90 days.\nretentionInDays is 7 | expected `90` or more",
		logGroup.Message, "color directives are removed")
	assert.Equal(t, "low", logGroup.Severity)

	stack := r.Violations[3]
	assert.Equal(t, "pulumi:pulumi:Stack", stack.ResourceType)
	assert.Equal(t, "Every stack should tag its resources with an owner.", stack.Description)
	assert.Empty(t, stack.Detail)
	assert.Empty(t, stack.Severity)
}

func TestNewPolicies(t *testing.T) {
	r := readReport(t, violationsLog)

	byName := map[string]Policy{}
	for _, p := range r.Policies {
		byName[p.PolicyPack+"/"+p.Name] = p
	}
	require.Len(t, byName, 6, "one entry per pack and policy")

	assert.Equal(t, Policy{
		Name:              "s3-bucket-no-public-acl",
		PolicyPack:        "secure-serverless",
		PolicyPackVersion: "0.1.0",
		Description:       "S3 bucket ACLs must not grant access to everyone or to all authenticated AWS users.",
		EnforcementLevel:  "mandatory",
		Severity:          "critical",
		ResourcesPassed:   4,
		ResourcesFailed:   1,
		StackPassed:       1,
		Violations:        1,
		Blocking:          1,
	}, byName["secure-serverless/s3-bucket-no-public-acl"])

	baseline := byName["org-baseline/s3-bucket-no-public-acl"]
	assert.Equal(t, "disabled", baseline.EnforcementLevel)
	assert.Equal(t, 1, baseline.ResourcesFailed)
	assert.Zero(t, baseline.Blocking)

	owner := byName["secure-serverless/stack-owner-tag"]
	assert.Equal(t, 1, owner.StackFailed)
	assert.Zero(t, owner.ResourcesPassed)

	tags := byName["secure-serverless/s3-add-default-tags"]
	assert.Equal(t, 1, tags.Remediations)
	assert.Equal(t, []Remediation{{
		Policy:            "s3-add-default-tags",
		PolicyPack:        "secure-serverless",
		PolicyPackVersion: "0.1.0",
		ResourceURN:       "urn:pulumi:dev::shop::aws:s3/bucketV2:BucketV2::uploads",
	}}, r.Remediations)

	for i := 1; i < len(r.Policies); i++ {
		previous, current := r.Policies[i-1], r.Policies[i]
		assert.LessOrEqual(t, previous.PolicyPack+"/"+previous.Name, current.PolicyPack+"/"+current.Name,
			"policies are sorted by pack and name")
	}
}

func TestNewTruncatedLog(t *testing.T) {
	r := readReport(t, truncatedLog)

	assert.True(t, r.EventLog.Truncated)
	assert.False(t, r.EventLog.Complete)
	assert.Equal(t, ResultIncomplete, r.Operation.Result)
	assert.Empty(t, r.Operation.Kind)
	assert.Equal(t, VerdictFail, r.Verdict, "a blocking violation decides the verdict even in an incomplete log")
	assert.Equal(t, 5, r.Counts.Total)
}

func TestVerdict(t *testing.T) {
	const (
		pre = `{"sequence":1,"timestamp":10,"resourcePreEvent":{"metadata":{"op":"create","urn":"` + aclURN +
			`","type":"aws:s3/bucketAclV2:BucketAclV2","old":null,"new":null,"detailedDiff":null,"provider":""}}}`
		passed = `{"sequence":2,"timestamp":10,"policyAnalyzeSummaryEvent":{"resourceUrn":"` + aclURN +
			`","policyPackName":"p","policyPackVersion":"1.0.0","policyPackVersionTag":"1.0.0","passed":["a"]}}`
		advisory = `{"sequence":3,"timestamp":10,"policyEvent":{"resourceUrn":"` + aclURN +
			`","message":"m\n","color":"never","policyName":"b","policyPackName":"p","policyPackVersion":"1.0.0",` +
			`"policyPackVersionTag":"1.0.0","enforcementLevel":"advisory"}}`
		mandatory = `{"sequence":4,"timestamp":10,"policyEvent":{"resourceUrn":"` + aclURN +
			`","message":"m\n","color":"never","policyName":"c","policyPackName":"p","policyPackVersion":"1.0.0",` +
			`"policyPackVersionTag":"1.0.0","enforcementLevel":"mandatory"}}`
		remediate = `{"sequence":4,"timestamp":10,"policyEvent":{"resourceUrn":"` + aclURN +
			`","message":"m\n","color":"never","policyName":"d","policyPackName":"p","policyPackVersion":"1.0.0",` +
			`"policyPackVersionTag":"1.0.0","enforcementLevel":"remediate"}}`
		waived = `{"sequence":5,"timestamp":10,"policyEvent":{"resourceUrn":"` + aclURN +
			`","message":"m\n","color":"never","policyName":"c","policyPackName":"p","policyPackVersion":"1.0.0",` +
			`"policyPackVersionTag":"1.0.0","enforcementLevel":"mandatory","exceptions":[{"id":"E1","reason":"r"}]}}`
		update  = `{"sequence":9,"timestamp":12,"summaryEvent":{"maybeCorrupt":false,"durationSeconds":2,"resourceChanges":{"create":1},"PolicyPacks":{},"isPreview":false,"result":"succeeded"}}`
		preview = `{"sequence":9,"timestamp":12,"summaryEvent":{"maybeCorrupt":false,"durationSeconds":2,"resourceChanges":{},"PolicyPacks":{},"isPreview":true,"result":"failed"}}`
	)

	tests := []struct {
		name     string
		lines    []string
		verdict  Verdict
		blocking int
		kind     string
	}{
		{name: "clean update", lines: []string{pre, passed, update}, verdict: VerdictPass, kind: OperationUpdate},
		{name: "advisory only", lines: []string{pre, passed, advisory, update}, verdict: VerdictPass, kind: OperationUpdate},
		{name: "waived mandatory", lines: []string{pre, waived, update}, verdict: VerdictPass, kind: OperationUpdate},
		{name: "mandatory", lines: []string{pre, mandatory, preview}, verdict: VerdictFail, blocking: 1, kind: OperationPreview},
		{name: "remediate counts as mandatory", lines: []string{pre, remediate, preview}, verdict: VerdictFail, blocking: 1, kind: OperationPreview},
		{name: "no summary event", lines: []string{pre, passed}, verdict: VerdictIncomplete},
		{name: "no policy results", lines: []string{pre, update}, verdict: VerdictNoPolicies, kind: OperationUpdate},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := reportOf(t, tt.lines...)
			assert.Equal(t, tt.verdict, r.Verdict)
			assert.Equal(t, tt.blocking, r.Counts.Blocking)
			assert.Equal(t, tt.kind, r.Operation.Kind)
		})
	}
}

func TestFingerprint(t *testing.T) {
	base := fingerprint("pack", "policy", aclURN)

	assert.Equal(t, base, fingerprint("pack", "policy", aclURN), "same input, same fingerprint")
	assert.NotEqual(t, base, fingerprint("pack", "policy", roleURN), "another resource")
	assert.NotEqual(t, base, fingerprint("pack", "other-policy", aclURN), "another policy")
	assert.NotEqual(t, base, fingerprint("other-pack", "policy", aclURN), "another pack")
	assert.NotEqual(t, fingerprint("ab", "c", aclURN), fingerprint("a", "bc", aclURN), "separated parts")
}

func TestFingerprintIgnoresMessageAndLevel(t *testing.T) {
	line := func(level, message string) string {
		return `{"sequence":1,"timestamp":1,"policyEvent":{"resourceUrn":"` + aclURN + `","message":"` + message +
			`","color":"never","policyName":"c","policyPackName":"p","policyPackVersion":"1.0.0",` +
			`"policyPackVersionTag":"1.0.0","enforcementLevel":"` + level + `"}}`
	}
	first := reportOf(t, line("mandatory", "acl is public-read"))
	second := reportOf(t, line("advisory", "acl is public-read-write"))
	require.Len(t, first.Violations, 1)
	require.Len(t, second.Violations, 1)
	assert.Equal(t, first.Violations[0].Fingerprint, second.Violations[0].Fingerprint)
}

func TestViolationLevel(t *testing.T) {
	tests := []struct {
		name  string
		level string
		want  string
	}{
		{name: "mandatory", level: "mandatory", want: LevelMandatory},
		{name: "remediate", level: "remediate", want: LevelMandatory},
		{name: "advisory", level: "advisory", want: LevelAdvisory},
		{name: "old warning name", level: "warning", want: LevelAdvisory},
		{name: "disabled", level: "disabled", want: LevelDisabled},
		{name: "old none name", level: "none", want: LevelDisabled},
		{name: "unknown", level: "strict", want: LevelAdvisory},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, Violation{EnforcementLevel: tt.level}.Level())
		})
	}
}
