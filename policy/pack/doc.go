// Package pack defines CrossGuard policies and serves a pack of them to the Pulumi engine over the
// analyzer protocol, in place of the SDK's policyx server.
//
// A Policy carries the metadata that reaches the engine and the catalog (description, rationale,
// remediation steps, enforcement level, severity, tags, framework, profiles, whether it can be
// waived, the resource types it checks, a config schema) and one validate function. The function
// receives a ResourceCheck or a StackCheck, reads the properties, and reports through the check:
// Report for a violation, Known or Unknown for a value that is not known yet. The server then
// decides what the engine sees:
//
//   - A violation has the policy's level, unless an exception in the pack config waives the policy
//     for that resource. A waived violation is reported as advisory with the exception's id, reason,
//     approver and expiry.
//   - An unknown value of a mandatory policy is an advisory "cannot check ... yet" during a preview,
//     and a violation at the policy's level during an update, when every input should be known.
//   - A policy that returns an error or panics is a mandatory violation that names the policy and
//     the error. The other policies still run, and the process keeps serving.
//
// Pack config comes from `--policy-pack-config FILE`. Besides each policy's enforcementLevel and
// properties, the entry named SettingsKey selects profiles and lists exceptions. Configure rejects
// names that are not policies, the remediate level, a lower level for a policy that cannot be
// waived, properties that fail the policy's schema, unknown profiles, and exceptions that lack a
// meaningful reason, have expired, or name a policy that cannot be waived.
//
// # Adding a policy
//
// A policy is one file in the rules package, named after its id (s3_bucket_logging_enabled.go for
// "s3-bucket-logging-enabled"), with a constant for the id, a constructor that returns a *Policy, and
// the validate function. Add the constructor to the rules package's list of policies and a test
// with the four cases compliant, non-compliant (exact message), other resource type and unknown
// value. Then run `go run ./policy/cmd/catalog` from the repository root to update POLICIES.md.
package pack
