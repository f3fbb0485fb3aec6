// Package report turns a Pulumi engine event log into policy reports: JSON for tools, SARIF 2.1.0 for
// code-scanning uploads and Markdown for pull-request comments.
//
// The engine's JSON output (`pulumi preview --json`) leaves out policy events, but the event log that
// `pulumi preview --event-log FILE` and `pulumi up --event-log FILE` write keeps them: one JSON
// apitype.EngineEvent a line. ReadEventLogFile parses such a file, New builds a Report from it, and
// the Write methods render the report.
//
// # JSON report
//
// WriteJSON writes the Report struct, indented. Its field names are stable within FormatVersion, and
// every list is present, empty rather than null. The fields, in short:
//
//	formatVersion   FormatVersion
//	verdict         "fail", "incomplete", "no-policies" or "pass" (see Verdict)
//	operation       kind ("preview" or "update"), result, stack, project, startTime, endTime,
//	                durationSeconds, resourceChanges
//	counts          total, blocking, mandatory, advisory, disabled, waived
//	policyPacks     name, version
//	policies        per policy: resourcesPassed/Failed and stackPassed/Failed from the summary
//	                events, violations, blocking, remediations, and the level, severity and
//	                description seen in its violations
//	violations      per violation: policy, policyPack(Version), enforcementLevel, severity,
//	                blocking, resourceUrn, resourceType, resourceName, message, description,
//	                detail, exceptions (id, reason), fingerprint
//	remediations    policy, policyPack(Version), resourceUrn
//	engineErrors    the engine's error messages
//	eventLog        events, unknownEvents, truncated, complete
package report
