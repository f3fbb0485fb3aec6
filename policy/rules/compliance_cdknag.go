package rules

import "github.com/secureserverless/framework/policy/pack"

// cdkNagVersion is the cdk-nag release whose compliance packs state the control ids in
// cdkNagRuleControls. cdk-nag takes them from the AWS Config Operational Best Practices conformance
// packs.
const cdkNagVersion = "cdk-nag v3.0.1"

// cdkNagPackClasses names the cdk-nag pack that states the controls of each framework.
var cdkNagPackClasses = map[string]string{
	pack.FrameworkHIPAA:     "HIPAASecurityChecks",
	pack.FrameworkPCIDSS321: "PCIDSS321Checks",
	pack.FrameworkNIST80053: "NIST80053R5Checks",
}

// cdkNagRuleControls are the control ids that the cdk-nag compliance packs state for each of their
// rules that checks the same setting as one of this pack's policies, by framework, as cdk-nag lists
// them (ids it lists twice are kept once). cdk-nag's HIPAA text for EC2RestrictedSSH omits the
// closing parenthesis of 164.312(e)(1), which is restored here.
var cdkNagRuleControls = map[string]map[string]string{
	"S3BucketPublicReadProhibited": {
		pack.FrameworkHIPAA:     "164.308(a)(3)(i), 164.308(a)(4)(ii)(A), 164.308(a)(4)(ii)(C), 164.312(a)(1), 164.312(e)(1)",
		pack.FrameworkPCIDSS321: "1.2, 1.2.1, 1.3, 1.3.1, 1.3.2, 1.3.4, 1.3.6, 2.2, 2.2.2",
		pack.FrameworkNIST80053: "AC-2(6), AC-3, AC-3(7), AC-4(21), AC-6, AC-17b, AC-17(1), AC-17(1), AC-17(4)(a), AC-17(9), AC-17(10), CM-6a, CM-9b, MP-2, SC-7a, SC-7b, SC-7c, SC-7(2), SC-7(3), SC-7(7), SC-7(9)(a), SC-7(11), SC-7(12), SC-7(16), SC-7(20), SC-7(21), SC-7(24)(b), SC-7(25), SC-7(26), SC-7(27), SC-7(28), SC-25",
	},
	"S3BucketPublicWriteProhibited": {
		pack.FrameworkHIPAA:     "164.308(a)(3)(i), 164.308(a)(4)(ii)(A), 164.308(a)(4)(ii)(C), 164.312(a)(1), 164.312(e)(1)",
		pack.FrameworkPCIDSS321: "1.2, 1.2.1, 1.3, 1.3.1, 1.3.2, 1.3.4, 1.3.6, 2.2, 2.2.2",
		pack.FrameworkNIST80053: "AC-2(6), AC-3, AC-3(7), AC-4(21), AC-6, AC-17b, AC-17(1), AC-17(1), AC-17(4)(a), AC-17(9), AC-17(10), CM-6a, CM-9b, MP-2, SC-7a, SC-7b, SC-7c, SC-7(2), SC-7(3), SC-7(7), SC-7(9)(a), SC-7(11), SC-7(12), SC-7(16), SC-7(20), SC-7(21), SC-7(24)(b), SC-7(25), SC-7(26), SC-7(27), SC-7(28), SC-25",
	},
	"S3BucketLevelPublicAccessProhibited": {
		pack.FrameworkHIPAA:     "164.308(a)(3)(i), 164.308(a)(4)(ii)(A), 164.308(a)(4)(ii)(C), 164.312(a)(1), 164.312(e)(1)",
		pack.FrameworkPCIDSS321: "1.2, 1.2.1, 1.3, 1.3.1, 1.3.2, 1.3.4, 1.3.6, 2.2.2",
		pack.FrameworkNIST80053: "AC-2(6), AC-3, AC-3(7), AC-4(21), AC-6, AC-17b, AC-17(1), AC-17(1), AC-17(4)(a), AC-17(9), AC-17(10), MP-2, SC-7a, SC-7b, SC-7c, SC-7(2), SC-7(3), SC-7(7), SC-7(9)(a), SC-7(11), SC-7(20), SC-7(21), SC-7(24)(b), SC-7(25), SC-7(26), SC-7(27), SC-7(28), SC-25",
	},
	"S3DefaultEncryptionKMS": {
		pack.FrameworkHIPAA:     "164.312(a)(2)(iv), 164.312(e)(2)(ii)",
		pack.FrameworkPCIDSS321: "3.4, 8.2.1, 10.5",
		pack.FrameworkNIST80053: "AU-9(3), CP-9d, CP-9(8), SC-8(3), SC-8(4), SC-13a, SC-28(1), SI-19(4)",
	},
	"S3BucketVersioningEnabled": {
		pack.FrameworkHIPAA:     "164.308(a)(7)(i), 164.308(a)(7)(ii)(A), 164.308(a)(7)(ii)(B), 164.312(c)(1), 164.312(c)(2)",
		pack.FrameworkPCIDSS321: "10.5.3",
		pack.FrameworkNIST80053: "AU-9(2), CP-1(2), CP-2(5), CP-6a, CP-6(1), CP-6(2), CP-9a, CP-9b, CP-9c, CP-10, CP-10(2), PM-11b, PM-17b, SC-5(2), SC-16(1), SI-1a.2, SI-1a.2, SI-1c.2, SI-13(5)",
	},
	"S3BucketSSLRequestsOnly": {
		pack.FrameworkHIPAA:     "164.312(a)(2)(iv), 164.312(c)(2), 164.312(e)(1), 164.312(e)(2)(i), 164.312(e)(2)(ii)",
		pack.FrameworkPCIDSS321: "2.2, 4.1, 8.2.1",
		pack.FrameworkNIST80053: "AC-4, AC-4(22), AC-17(2), AC-24(1), AU-9(3), CA-9b, CM-6a, CM-9b, IA-5(1)(c), PM-11b, PM-17b, SC-7(4)(b), SC-7(4)(g), SC-8, SC-8(1), SC-8(2), SC-8(3), SC-8(4), SC-8(5), SC-13a, SC-16(1), SC-23, SI-1a.2, SI-1a.2, SI-1c.2",
	},
	"KMSBackingKeyRotationEnabled": {
		pack.FrameworkPCIDSS321: "2.2, 3.5, 3.6, 3.6.4",
		pack.FrameworkNIST80053: "CM-6a, CM-9b, SA-9(6), SC-12, SC-12(2), SC-12(6)",
	},
	"LambdaFunctionPublicAccessProhibited": {
		pack.FrameworkHIPAA:     "164.308(a)(3)(i), 164.308(a)(4)(ii)(A), 164.308(a)(4)(ii)(C), 164.312(a)(1), 164.312(e)(1)",
		pack.FrameworkPCIDSS321: "1.2, 1.2.1, 1.3, 1.3.1, 1.3.2, 1.3.4, 2.2.2",
		pack.FrameworkNIST80053: "AC-2(6), AC-3, AC-3(7), AC-4(21), AC-6, AC-17b, AC-17(1), AC-17(1), AC-17(4)(a), AC-17(9), AC-17(10), MP-2, SC-7a, SC-7b, SC-7c, SC-7(2), SC-7(3), SC-7(7), SC-7(9)(a), SC-7(11), SC-7(12), SC-7(16), SC-7(20), SC-7(21), SC-7(24)(b), SC-7(25), SC-7(26), SC-7(27), SC-7(28), SC-25",
	},
	"LambdaInsideVPC": {
		pack.FrameworkHIPAA:     "164.308(a)(3)(i), 164.308(a)(4)(ii)(A), 164.308(a)(4)(ii)(C), 164.312(a)(1), 164.312(e)(1)",
		pack.FrameworkPCIDSS321: "1.2, 1.2.1, 1.3, 1.3.1, 1.3.2, 1.3.4, 2.2.2",
		pack.FrameworkNIST80053: "AC-2(6), AC-3, AC-3(7), AC-4(21), AC-6, AC-17b, AC-17(1), AC-17(1), AC-17(4)(a), AC-17(9), AC-17(10), MP-2, SC-7a, SC-7b, SC-7c, SC-7(2), SC-7(3), SC-7(9)(a), SC-7(11), SC-7(12), SC-7(16), SC-7(20), SC-7(21), SC-7(24)(b), SC-25",
	},
	"CloudWatchLogGroupRetentionPeriod": {
		pack.FrameworkHIPAA:     "164.312(b)",
		pack.FrameworkPCIDSS321: "3.1, 10.7",
		pack.FrameworkNIST80053: "AC-16b, AT-4b, AU-6(3), AU-6(4), AU-6(6), AU-6(9), AU-10, AU-11(1), AU-11, AU-12(1), AU-12(2), AU-12(3), AU-14a, AU-14b, CA-7b, PM-14a.1, PM-14b, PM-21b, PM-31, SC-28(2), SI-4(17), SI-12",
	},
	"CloudWatchLogGroupEncrypted": {
		pack.FrameworkHIPAA:     "164.312(a)(2)(iv), 164.312(e)(2)(ii)",
		pack.FrameworkPCIDSS321: "3.4",
		pack.FrameworkNIST80053: "AU-9(3), CP-9d, SC-8(3), SC-8(4), SC-13a, SC-28(1), SI-19(4)",
	},
	"IAMPolicyNoStatementsWithAdminAccess": {
		pack.FrameworkHIPAA:     "164.308(a)(3)(i), 164.308(a)(3)(ii)(A), 164.308(a)(3)(ii)(B), 164.308(a)(4)(i), 164.308(a)(4)(ii)(A), 164.308(a)(4)(ii)(B), 164.308(a)(4)(ii)(C), 164.312(a)(1)",
		pack.FrameworkPCIDSS321: "2.2, 7.1.2, 7.1.3, 7.2.1, 7.2.2",
		pack.FrameworkNIST80053: "AC-2i.2, AC-2(1), AC-2(6), AC-3, AC-3(3)(a), AC-3(3)(b)(1), AC-3(3)(b)(2), AC-3(3)(b)(3), AC-3(3)(b)(4), AC-3(3)(b)(5), AC-3(3)(c), AC-3(3), AC-3(4)(a), AC-3(4)(b), AC-3(4)(c), AC-3(4)(d), AC-3(4)(e), AC-3(4), AC-3(7), AC-3(8), AC-3(12)(a), AC-3(13), AC-3(15)(a), AC-3(15)(b), AC-4(28), AC-5b, AC-6, AC-6(2), AC-6(3), AC-6(10), AC-24, CM-5(1)(a), CM-6a, CM-9b, MP-2, SC-23(3), SC-25",
	},
	"IAMPolicyNoStatementsWithFullAccess": {
		pack.FrameworkHIPAA:     "164.308(a)(3)(i), 164.308(a)(3)(ii)(A), 164.308(a)(3)(ii)(B), 164.308(a)(4)(i), 164.308(a)(4)(ii)(A), 164.308(a)(4)(ii)(B), 164.308(a)(4)(ii)(C), 164.312(a)(1)",
		pack.FrameworkPCIDSS321: "7.1.2, 7.1.3, 7.2.1, 7.2.2",
		pack.FrameworkNIST80053: "AC-3, AC-5b, AC-6(2), AC-6(10), CM-5(1)(a)",
	},
	"EC2RestrictedSSH": {
		pack.FrameworkHIPAA:     "164.308(a)(3)(i), 164.308(a)(3)(ii)(B), 164.308(a)(4)(i), 164.308(a)(4)(ii)(A), 164.308(a)(4)(ii)(B), 164.308(a)(4)(ii)(C), 164.312(a)(1), 164.312(e)(1)",
		pack.FrameworkPCIDSS321: "1.2, 1.2.1, 1.3, 1.3.1, 1.3.2, 2.2, 2.2.2",
		pack.FrameworkNIST80053: "AC-17b, AC-17(1), AC-17(1), AC-17(4)(a), AC-17(9), AC-17(10), CM-9b, SC-7a, SC-7c, SC-7(7), SC-7(11), SC-7(12), SC-7(16), SC-7(21), SC-7(24)(b), SC-7(25), SC-7(26), SC-7(27), SC-7(28)",
	},
	"EC2RestrictedCommonPorts": {
		pack.FrameworkHIPAA:     "164.308(a)(3)(i), 164.308(a)(3)(ii)(B), 164.308(a)(4)(i), 164.308(a)(4)(ii)(A), 164.308(a)(4)(ii)(B), 164.308(a)(4)(ii)(C), 164.312(a)(1), 164.312(e)(1)",
		pack.FrameworkPCIDSS321: "1.2, 1.2.1, 1.3, 1.3.1, 1.3.2, 2.2, 2.2.2",
		pack.FrameworkNIST80053: "AC-4(21), AC-17b, AC-17(1), AC-17(1), AC-17(4)(a), AC-17(9), AC-17(10), CM-2a, CM-2(2), CM-6a, CM-7b, CM-8(6), CM-9b, SC-7a, SC-7c, SC-7(5), SC-7(7), SC-7(11), SC-7(12), SC-7(16), SC-7(21), SC-7(24)(b), SC-7(25), SC-7(26), SC-7(27), SC-7(28)",
	},
	"VPCFlowLogsEnabled": {
		pack.FrameworkHIPAA:     "164.308(a)(3)(ii)(A), 164.312(b)",
		pack.FrameworkPCIDSS321: "2.2, 10.1, 10.3.2, 10.3.3, 10.3.4, 10.3.5, 10.3.6",
		pack.FrameworkNIST80053: "AC-4(26), AU-2b, AU-3a, AU-3b, AU-3c, AU-3d, AU-3e, AU-6(3), AU-6(4), AU-6(6), AU-6(9), AU-8b, AU-12a, AU-12c, AU-12(1), AU-12(2), AU-12(3), AU-12(4), AU-14a, AU-14b, AU-14b, AU-14(3), CA-7b, CM-5(1)(b), CM-6a, CM-9b, IA-3(3)(b), MA-4(1)(a), PM-14a.1, PM-14b, PM-31, SI-4(17), SI-7(8)",
	},
	"APIGWCacheEnabledAndEncrypted": {
		pack.FrameworkHIPAA:     "164.312(a)(2)(iv), 164.312(e)(2)(ii)",
		pack.FrameworkPCIDSS321: "3.4",
		pack.FrameworkNIST80053: "AU-9(3), CP-9d, SC-8(3), SC-8(4), SC-13a, SC-28(1), SI-19(4)",
	},
	"APIGWAssociatedWithWAF": {
		pack.FrameworkPCIDSS321: "6.6",
		pack.FrameworkNIST80053: "AC-4(21)",
	},
	"WAFv2LoggingEnabled": {
		pack.FrameworkHIPAA:     "164.312(b)",
		pack.FrameworkPCIDSS321: "10.1, 10.3.1, 10.3.2, 10.3.3, 10.3.4, 10.3.5, 10.3.6, 10.5.4",
		pack.FrameworkNIST80053: "AC-4(26), AU-2b, AU-3a, AU-3b, AU-3c, AU-3d, AU-3e, AU-3f, AU-6(3), AU-6(4), AU-6(6), AU-6(9), AU-8b, AU-10, AU-12a, AU-12c, AU-12(1), AU-12(2), AU-12(3), AU-12(4), AU-14a, AU-14b, AU-14b, AU-14(3), CA-7b, CM-5(1)(b), IA-3(3)(b), MA-4(1)(a), PM-14a.1, PM-14b, PM-31, SC-7(9)(b), SI-4(17), SI-7(8)",
	},
	"CloudTrailEncryptionEnabled": {
		pack.FrameworkHIPAA:     "164.312(a)(2)(iv), 164.312(e)(2)(ii)",
		pack.FrameworkPCIDSS321: "2.2, 3.4, 10.5",
		pack.FrameworkNIST80053: "AU-9(3), CM-6a, CM-9b, CP-9d, SC-8(3), SC-8(4), SC-13a, SC-28(1), SI-19(4)",
	},
	"CloudTrailLogFileValidationEnabled": {
		pack.FrameworkHIPAA:     "164.312(c)(1), 164.312(c)(2)",
		pack.FrameworkPCIDSS321: "2.2, 10.5.2, 10.5, 10.5.5, 11.5",
		pack.FrameworkNIST80053: "AU-9a, CM-6a, CM-9b, PM-11b, PM-17b, SA-1(1), SA-10(1), SC-16(1), SI-1a.2, SI-1a.2, SI-1c.2, SI-4d, SI-7a, SI-7(1), SI-7(3), SI-7(7)",
	},
	"CloudTrailCloudWatchLogsEnabled": {
		pack.FrameworkHIPAA:     "164.308(a)(3)(ii)(A), 164.312(b)",
		pack.FrameworkPCIDSS321: "2.2, 10.1, 10.2.1, 10.2.2, 10.2.3, 10.2.5, 10.3.1, 10.3.2, 10.3.3, 10.3.4, 10.3.5, 10.3.6, 10.5.3, 10.5.4",
		pack.FrameworkNIST80053: "AC-2(4), AC-3(1), AC-3(10), AC-4(26), AC-6(9), AU-2b, AU-3a, AU-3b, AU-3c, AU-3d, AU-3e, AU-3f, AU-4(1), AU-6(1), AU-6(3), AU-6(4), AU-6(5), AU-6(6), AU-6(9), AU-7(1), AU-8b, AU-9(7), AU-10, AU-12a, AU-12c, AU-12(1), AU-12(2), AU-12(3), AU-12(4), AU-14a, AU-14b, AU-14b, AU-14(3), AU-16, CA-7b, CM-5(1)(b), CM-6a, CM-9b, IA-3(3)(b), MA-4(1)(a), PM-14a.1, PM-14b, PM-31, SC-7(9)(b), SI-1(1)(c), SI-3(8)(b), SI-4(2), SI-4(17), SI-4(20), SI-7(8), SI-10(1)(c)",
	},
	"APIGWXrayEnabled": {
		pack.FrameworkHIPAA: "164.312(b)",
	},
	"SecretsManagerUsingKMSKey": {
		pack.FrameworkHIPAA:     "164.312(a)(2)(iv), 164.312(e)(2)(ii)",
		pack.FrameworkPCIDSS321: "3.4, 8.2.1",
		pack.FrameworkNIST80053: "AU-9(3), CP-9d, SC-8(3), SC-8(4), SC-13a, SC-28(1), SI-19(4)",
	},
	"VPCDefaultSecurityGroupClosed": {
		pack.FrameworkHIPAA:     "164.312(e)(1)",
		pack.FrameworkPCIDSS321: "1.2, 1.2.1, 1.3, 1.3.1, 1.3.2, 2.1, 2.2, 2.2.2",
		pack.FrameworkNIST80053: "AC-4(21), AC-17b, AC-17(1), AC-17(1), AC-17(4)(a), AC-17(9), AC-17(10), CM-6a, CM-9b, SC-7a, SC-7c, SC-7(5), SC-7(7), SC-7(11), SC-7(12), SC-7(16), SC-7(21), SC-7(24)(b), SC-7(25), SC-7(26), SC-7(27), SC-7(28)",
	},
	"CloudWatchAlarmAction": {
		pack.FrameworkHIPAA:     "164.312(b)",
		pack.FrameworkNIST80053: "AU-6(1), AU-6(5), AU-12(3), AU-14a, AU-14b, CA-2(2), CA-7, CA-7b, PM-14a.1, PM-14b, PM-31, SC-36(1)(a), SI-2a, SI-4(12), SI-5b, SI-5(1)",
	},
}

// policyCDKNagRules maps each policy to the cdk-nag rules that check the same setting, so that the
// policy carries the controls those rules state. A policy that checks more than the cdk-nag rule,
// such as ec2-no-public-ingress against the SSH and common-port rules, carries them too, because
// whatever the narrower rule catches the policy catches.
var policyCDKNagRules = map[string][]string{
	PolicyS3BucketNoPublicACL:               {"S3BucketPublicReadProhibited", "S3BucketPublicWriteProhibited"},
	PolicyS3PublicAccessBlockEnabled:        {"S3BucketLevelPublicAccessProhibited"},
	PolicyS3BucketHasPublicAccessBlock:      {"S3BucketLevelPublicAccessProhibited"},
	PolicyS3BucketEncryptionKMS:             {"S3DefaultEncryptionKMS"},
	PolicyS3BucketVersioningEnabled:         {"S3BucketVersioningEnabled"},
	PolicyS3BucketPolicyTLSOnly:             {"S3BucketSSLRequestsOnly"},
	PolicyS3BucketHasTLSPolicy:              {"S3BucketSSLRequestsOnly"},
	PolicyS3BucketPolicyNoPublicPrincipal:   {"S3BucketPublicReadProhibited", "S3BucketPublicWriteProhibited"},
	PolicyKMSKeyRotationEnabled:             {"KMSBackingKeyRotationEnabled"},
	PolicyLambdaPermissionNoPublicPrincipal: {"LambdaFunctionPublicAccessProhibited"},
	PolicyLambdaFunctionInVPC:               {"LambdaInsideVPC"},
	PolicyCloudWatchLogGroupRetention:       {"CloudWatchLogGroupRetentionPeriod"},
	PolicyCloudWatchLogGroupEncrypted:       {"CloudWatchLogGroupEncrypted"},
	PolicyIAMNoAdminPolicy:                  {"IAMPolicyNoStatementsWithAdminAccess"},
	PolicyIAMNoWildcardActions:              {"IAMPolicyNoStatementsWithFullAccess"},
	PolicyEC2NoPublicIngress:                {"EC2RestrictedSSH", "EC2RestrictedCommonPorts"},
	PolicyVPCFlowLogsEnabled:                {"VPCFlowLogsEnabled"},
	PolicyAPIGatewayCacheEncrypted:          {"APIGWCacheEnabledAndEncrypted"},
	PolicyAPIGatewayStageWAF:                {"APIGWAssociatedWithWAF"},
	PolicyWAFv2WebACLLoggingEnabled:         {"WAFv2LoggingEnabled"},
	PolicyCloudTrailEncryptionKMS:           {"CloudTrailEncryptionEnabled"},
	PolicyCloudTrailLogFileValidation:       {"CloudTrailLogFileValidationEnabled"},
	PolicyCloudTrailCloudWatchLogs:          {"CloudTrailCloudWatchLogsEnabled"},
	PolicyAPIGatewayStageXRayTracing:        {"APIGWXrayEnabled"},
	PolicySecretsManagerSecretKMSKey:        {"SecretsManagerUsingKMSKey"},
	PolicyEC2DefaultSecurityGroupClosed:     {"VPCDefaultSecurityGroupClosed"},
	PolicyCloudWatchAlarmActions:            {"CloudWatchAlarmAction"},
}
