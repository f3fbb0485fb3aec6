// Package rules defines the secure-serverless CrossGuard policy pack: one policy per file, named
// after the policy's id, and NewPack, which the pack binary serves to the Pulumi engine.
//
// Every policy follows the same steps. The server runs a resource policy only for the types in its
// ResourceTypes. The policy checks with ResourceCheck.Known that each value it judges is known: a
// value that is unknown during a preview is reported as "cannot check ... yet" and judged at the
// update, when it is known. Then it checks, and reports the property, the value found and the
// expected value.
//
// Framework, tags and Controls map a policy to SOC 2, HIPAA Security Rule, PCI DSS 4.0 and GDPR
// controls, and carry the HIPAA, PCI DSS 3.2.1 and NIST SP 800-53 controls that cdk-nag states for
// the same check (compliance.go). They are guidance for reviewers, not an audit attestation.
package rules

import (
	"fmt"

	"github.com/secureserverless/framework/policy/pack"
)

// PackName is the name of the policy pack, which the engine shows with every violation.
const PackName = "secure-serverless"

// PackVersion is the semantic version of the policy pack. PulumiPolicy.yaml states the same version.
const PackVersion = "0.1.0"

// PackEnforcementLevel is the level of a policy that does not set its own, so that a new rule fails
// closed until its author decides otherwise.
const PackEnforcementLevel = pack.EnforcementLevelMandatory

// NewPack builds and validates the policy pack.
func NewPack() (*pack.Pack, error) {
	p, err := pack.New(pack.Args{
		Name:    PackName,
		Version: PackVersion,
		Description: "Security and compliance rules for the secure serverless platform on AWS: S3, KMS, " +
			"Lambda, IAM, CloudWatch Logs, VPC and security groups, API Gateway, WAF, Cognito, CloudFront, " +
			"CloudTrail, Secrets Manager, SSM Parameter Store, SNS, SQS, GuardDuty, Security Hub and AWS Config.",
		EnforcementLevel: PackEnforcementLevel,
		Policies:         All(),
	})
	if err != nil {
		return nil, fmt.Errorf("creating policy pack %s: %w", PackName, err)
	}
	return p, nil
}

// All returns a new instance of every policy in the pack, grouped by service, with its controls.
func All() []*pack.Policy {
	return withControls([]*pack.Policy{
		newS3BucketNoPublicACL(),
		newS3PublicAccessBlockEnabled(),
		newS3BucketHasPublicAccessBlock(),
		newS3BucketEncryptionKMS(),
		newS3BucketVersioningEnabled(),
		newS3BucketOwnerEnforced(),
		newS3BucketPolicyTLSOnly(),
		newS3BucketHasTLSPolicy(),
		newS3BucketPolicyNoPublicPrincipal(),
		newKMSKeyRotationEnabled(),
		newKMSKeyPolicyNoPublicPrincipal(),
		newKMSKeyNoLockoutBypass(),
		newKMSKeyExplicitPolicy(),
		newLambdaRuntimeSupported(),
		newLambdaStructuredLogging(),
		newLambdaPermissionNoPublicPrincipal(),
		newLambdaFunctionURLAuth(),
		newLambdaEnvironmentNoSecrets(),
		newLambdaFunctionInVPC(),
		newCloudWatchLogGroupRetention(),
		newCloudWatchLogGroupEncrypted(),
		newCloudWatchAlarmActions(),
		newIAMNoAdminPolicy(),
		newIAMNoWildcardActions(),
		newIAMNoAdminManagedPolicy(),
		newIAMRoleTrustRestricted(),
		newIAMRoleNoMixedPolicies(),
		newIAMNoAccessKeys(),
		newEC2NoPublicIngress(),
		newEC2SecurityGroupNoMixedRules(),
		newEC2DefaultSecurityGroupClosed(),
		newVPCFlowLogsEnabled(),
		newAPIGatewayStageAccessLogging(),
		newAPIGatewayMethodAuthorization(),
		newAPIGatewayCacheEncrypted(),
		newAPIGatewayDomainTLS12(),
		newAPIGatewayStageWAF(),
		newAPIGatewayStageXRayTracing(),
		newAPIGatewayDataTraceDisabled(),
		newWAFv2WebACLLoggingEnabled(),
		newWAFv2WebACLHasRules(),
		newWAFv2LoggingRedactsCredentials(),
		newCognitoUserPoolPasswordPolicy(),
		newCognitoIdentityPoolNoUnauthenticated(),
		newCognitoUserPoolMFA(),
		newCognitoUserPoolDeletionProtection(),
		newCognitoUserPoolAdminCreateOnly(),
		newCloudFrontViewerHTTPSOnly(),
		newCloudFrontViewerTLS12(),
		newCloudFrontOriginHTTPSOnly(),
		newCloudFrontS3OriginAccessControl(),
		newCloudFrontDistributionWAF(),
		newCloudTrailEncryptionKMS(),
		newCloudTrailLogFileValidation(),
		newCloudTrailCloudWatchLogs(),
		newCloudTrailMultiRegion(),
		newSecretsManagerPolicyNoPublicPrincipal(),
		newSecretsManagerSecretKMSKey(),
		newSecretValuesPulumiSecrets(),
		newSSMParameterSecureString(),
		newSNSTopicEncrypted(),
		newSQSQueueEncrypted(),
		newGuardDutyDetectorEnabled(),
		newConfigRecorderEnabled(),
		newSecretsManagerSecretRecoveryWindow(),
		newSSMParameterCustomerManagedKey(),
		newLambdaPermissionServicePrincipalScoped(),
		newAPIGatewayEndpointType(),
		newAPIGatewayAuthorizerType(),
		newAPIGatewayMethodThrottling(),
		newAPIGatewayUsagePlanLimits(),
		newAPIGatewayAPIKeyUsagePlan(),
		newAPIGatewayPrivateAPIPolicy(),
		newAPIGatewayAccessLogFormat(),
		newAPIGatewayExecutionLogging(),
		newLambdaFunctionXRayTracing(),
		newLambdaFunctionReservedConcurrency(),
		newLambdaEnvironmentCustomerManagedKey(),
		newEC2NoUnrestrictedEgress(),
		newEC2SecurityGroupDescriptions(),
		newCognitoUserPoolClientHardened(),
		newCognitoUserPoolThreatProtection(),
		newWAFv2WebACLBaselineRuleGroups(),
		newWAFv2WebACLRateBasedRule(),
		newIAMAccountPasswordPolicy(),
		newS3BucketCORSRestricted(),
		newGuardDutyFindingPublishingFrequency(),
		newKMSKeyDeletionWindow(),
		newSecretsManagerSecretRotation(),
		newLambdaFunctionLogGroupManaged(),
		newCloudTrailS3DataEvents(),
		newGuardDutyProtectionFeatures(),
		newAPIGatewayRequestValidation(),
		newCloudFrontHSTSHeaders(),
		newS3BucketAccessLogging(),
		newLambdaAsyncFailureDestination(),
		newIAMNoWildcardResources(),
		newIAMNoRiskyPermissions(),
		newAPIGatewayStageMethodSettings(),
		newCloudFrontDistributionLogging(),
		newEC2SubnetNoPublicIP(),
		newEC2InternetRoutePublicSubnets(),
		newEC2VPCEndpointPolicies(),
		newCloudTrailS3DataEventsCoverage(),
		newCloudTrailBucketHardened(),
		newCloudWatchBaselineAlarms(),
		newGuardDutyOrganizationAutoEnable(),
		newGuardDutyFindingsExported(),
		newSecurityHubStandardsSubscribed(),
		newRequiredTags(),
		newStatefulResourcesProtected(),
	})
}
