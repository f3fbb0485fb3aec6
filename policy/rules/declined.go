package rules

// CandidateRule is a check that other rule sets (cdk-nag, Checkov, AWSGuard, Pulumi's
// compliance-ready policies) or the platform's threat model suggest and the pack does not implement.
// The catalog lists them so that a reviewer comparing the pack with those rule sets finds the
// decision.
type CandidateRule struct {
	// Check states what the rule would check.
	Check string
	// ResourceTypes names the resource types it would check.
	ResourceTypes string
	// Reason explains why the pack leaves it out, or what it needs before it can be added.
	Reason string
}

// Declined returns the candidate rules that the pack leaves out on purpose, grouped by service.
func Declined() []CandidateRule {
	return []CandidateRule{
		{"Default encryption configuration exists", "BucketServerSideEncryptionConfigurationV2",
			"s3-bucket-encryption-kms requires more (SSE-KMS with a customer managed key), and S3 has encrypted new objects by default since January 2023."},
		{"Lifecycle rule aborts incomplete multipart uploads", "BucketLifecycleConfigurationV2",
			"Storage cost hygiene, not a security control; the user-files component sets lifecycle rules anyway."},
		{"Cross-region replication", "BucketReplicationConfig",
			"A disaster-recovery and data-residency decision: copying personal data to a second region can conflict with GDPR transfer limits, so no default fits every stack."},
		{"Object Lock default retention", "BucketObjectLockConfigurationV2",
			"A legal retention decision that the userFilesObjectLockMode setting already makes per stack; a rule would only restate it."},
		{"Bucket event notifications", "BucketNotification", "A functional feature, not a security control."},
		{"Function URL CORS is not open", "FunctionUrl",
			"lambda-function-url-auth already requires AWS_IAM on every function URL, and CORS does not grant access to a signed endpoint."},
		{"memorySize and timeout set explicitly", "Function",
			"Capacity settings with provider defaults, not security controls; the function component sets both."},
		{"Event source mapping failure destination and SQS visibility timeout", "EventSourceMapping",
			"The platform creates no event source mappings."},
		{"Code signing config attached", "Function",
			"Needs an AWS Signer profile and a signing step that the program's in-process build does not have."},
		{"Function description set", "Function", "Documentation, not a security control."},
		{"No AWS managed policies attached", "RolePolicyAttachment",
			"iam-no-admin-managed-policy rejects the dangerous ones; narrow AWS managed policies are often the least-privilege choice."},
		{"No inline policies", "RolePolicy, Role.inlinePolicies",
			"The platform deliberately gives each function an inline RolePolicy scoped to its own resources; iam-role-no-mixed-policies guards the drift risk of mixing inline and attached policies."},
		{"IAM users only in groups, no console login profile", "User, UserPolicyAttachment, UserLoginProfile",
			"The platform creates no IAM users: people sign in through Cognito or the organization's SSO."},
		{"API Gateway cache enabled", "Stage, MethodSettings",
			"Caching is a cost and performance choice; apigateway-cache-encrypted covers the security part when a stage caches."},
		{"Stage client certificate", "Stage",
			"The platform's integrations are Lambda proxy integrations, which a client certificate does not apply to."},
		{"Cognito custom domain uses an ACM certificate", "UserPoolDomain",
			"Cognito itself rejects a custom domain without an ACM certificate, so the rule would only move that " +
				"error from the update to the preview."},
		{"CloudFront geo restriction", "Distribution", "A business decision about markets, not a security default."},
		{"CloudFront default root object", "Distribution",
			"Matters only for an origin that serves an index page at \"/\". The platform's distributions front the " +
				"API and signed downloads of user files, and neither has an index page."},
		{"CloudFront origin failover group", "Distribution", "An availability design choice with a second origin, not a security control."},
		{"World-open administration ports (22, 3389, 3306 and others)", "SecurityGroup, SecurityGroupRule",
			"ec2-no-public-ingress is stricter: it rejects every internet-open port except 443."},
		{"NACLs avoided or without open 22 and 3389", "NetworkAcl",
			"The platform leaves the VPC's default NACL alone and carries every rule in security groups, which the pack checks."},
		{"No orphan security groups", "SecurityGroup",
			"Clean-up, not a security control, and attachment cannot be shown from the program's resources alone."},
		{"Default VPC not used", "DefaultVpc", "The platform creates its own VPC; the default VPC is an account-level setting."},
		{"KMS key description set", "Key", "Documentation, not a security control."},
		{"Trail SNS notification topic", "Trail",
			"The monitoring component already alarms on trail events through CloudWatch Logs metric filters; per-file notifications add noise."},
		{"Secret description set", "Secret", "Documentation, not a security control."},
		{"AWS Config aggregator covers all regions", "ConfigurationAggregator",
			"An organization-level setting outside any one stack."},
		{"An account-baseline stack contains CloudTrail, GuardDuty, Config and Security Hub (stack)", "all",
			"A stack policy sees one stack, and the platform splits these services on purpose: the account baseline " +
				"stack holds GuardDuty, Config and Security Hub, and the platform stack holds the trail (Audit " +
				"component), so the check would fail on both. cloudtrail-multi-region, guardduty-detector-enabled, " +
				"config-recorder-enabled and securityhub-standards-subscribed check each service where it is created."},
	}
}
