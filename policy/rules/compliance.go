package rules

import (
	"slices"
	"strings"

	"github.com/secureserverless/framework/policy/pack"
)

// controlClass is a kind of safeguard and the controls it supports in the frameworks for which no
// anchor rule set states a mapping: SOC 2, PCI DSS 4.0 and GDPR, plus HIPAA where cdk-nag states
// none. These mappings are ours (pack.SourcePack).
//
// SOC 2 ids are Trust Services Criteria (CC = common criteria, A = availability, C = confidentiality).
// GDPR ids are Article 25 (data protection by design and by default) and Article 32 (security of
// processing) paragraphs.
type controlClass struct {
	soc2, hipaa, pci4, gdpr []string
}

// Control classes of the pack's policies.
var (
	classPublicExposure = controlClass{
		soc2:  []string{"CC6.1", "CC6.6"},
		hipaa: []string{"164.312(a)(1)"},
		pci4:  []string{"1.3.1", "1.4.1", "7.2.1"},
		gdpr:  []string{"Art. 25(2)", "Art. 32(1)(b)", "Art. 32(2)"},
	}
	classNetworkBoundary = controlClass{
		soc2:  []string{"CC6.6"},
		hipaa: []string{"164.312(e)(1)"},
		pci4:  []string{"1.3.1", "1.4.1"},
		gdpr:  []string{"Art. 32(1)(b)"},
	}
	classEncryptionAtRest = controlClass{
		soc2:  []string{"CC6.1"},
		hipaa: []string{"164.312(a)(2)(iv)"},
		pci4:  []string{"3.5.1"},
		gdpr:  []string{"Art. 32(1)(a)"},
	}
	classKeyManagement = controlClass{
		soc2:  []string{"CC6.1"},
		hipaa: []string{"164.312(a)(2)(iv)"},
		pci4:  []string{"3.6.1", "3.7.4"},
		gdpr:  []string{"Art. 32(1)(a)"},
	}
	classKeyAvailability = controlClass{
		soc2:  []string{"CC6.1", "A1.2"},
		hipaa: []string{"164.308(a)(7)(ii)(B)"},
		pci4:  []string{"3.6.1"},
		gdpr:  []string{"Art. 32(1)(b)", "Art. 32(1)(c)"},
	}
	classEncryptionInTransit = controlClass{
		soc2:  []string{"CC6.7"},
		hipaa: []string{"164.312(e)(1)", "164.312(e)(2)(i)"},
		pci4:  []string{"4.2.1"},
		gdpr:  []string{"Art. 32(1)(a)"},
	}
	classLeastPrivilege = controlClass{
		soc2:  []string{"CC6.1", "CC6.3"},
		hipaa: []string{"164.308(a)(4)(ii)(B)", "164.312(a)(1)"},
		pci4:  []string{"7.2.1", "7.2.2", "7.2.5"},
		gdpr:  []string{"Art. 25(2)", "Art. 32(1)(b)"},
	}
	classAuthentication = controlClass{
		soc2:  []string{"CC6.1"},
		hipaa: []string{"164.312(d)"},
		pci4:  []string{"8.3.1"},
		gdpr:  []string{"Art. 32(1)(b)"},
	}
	classMultiFactor = controlClass{
		soc2:  []string{"CC6.1"},
		hipaa: []string{"164.312(d)"},
		pci4:  []string{"8.4.2", "8.5.1"},
		gdpr:  []string{"Art. 32(1)(b)"},
	}
	classPasswords = controlClass{
		soc2:  []string{"CC6.1"},
		hipaa: []string{"164.308(a)(5)(ii)(D)"},
		pci4:  []string{"8.3.6"},
		gdpr:  []string{"Art. 32(1)(b)"},
	}
	classAuditLogging = controlClass{
		soc2:  []string{"CC7.2"},
		hipaa: []string{"164.312(b)"},
		pci4:  []string{"10.2.1"},
		gdpr:  []string{"Art. 32(1)(d)"},
	}
	classLogRetention = controlClass{
		soc2:  []string{"CC7.2"},
		hipaa: []string{"164.312(b)"},
		pci4:  []string{"10.5.1"},
		gdpr:  []string{"Art. 32(1)(d)"},
	}
	classAuditIntegrity = controlClass{
		soc2:  []string{"CC7.2"},
		hipaa: []string{"164.312(c)(1)"},
		pci4:  []string{"10.3.2", "10.3.4"},
		gdpr:  []string{"Art. 32(1)(b)"},
	}
	classAuditCoverage = controlClass{
		soc2:  []string{"CC7.2"},
		hipaa: []string{"164.312(b)"},
		pci4:  []string{"10.2.1", "10.3.3"},
		gdpr:  []string{"Art. 32(1)(d)"},
	}
	classThreatDetection = controlClass{
		soc2:  []string{"CC7.1", "CC7.2"},
		hipaa: []string{"164.308(a)(1)(ii)(D)"},
		pci4:  []string{"11.5.1"},
		gdpr:  []string{"Art. 32(1)(d)"},
	}
	classChangeDetection = controlClass{
		soc2:  []string{"CC7.1", "CC8.1"},
		hipaa: []string{"164.308(a)(1)(ii)(D)"},
		pci4:  []string{"10.2.1", "11.5.2"},
		gdpr:  []string{"Art. 32(1)(d)"},
	}
	classBackup = controlClass{
		soc2:  []string{"A1.2"},
		hipaa: []string{"164.308(a)(7)(ii)(A)"},
		pci4:  []string{"10.3.3"},
		gdpr:  []string{"Art. 32(1)(c)"},
	}
	classPatching = controlClass{
		soc2:  []string{"CC7.1"},
		hipaa: []string{"164.308(a)(5)(ii)(B)"},
		pci4:  []string{"6.3.3"},
		gdpr:  []string{"Art. 32(1)(b)"},
	}
	classSecretsHandling = controlClass{
		soc2:  []string{"CC6.1", "C1.1"},
		hipaa: []string{"164.312(a)(1)"},
		pci4:  []string{"8.6.2"},
		gdpr:  []string{"Art. 32(1)(a)", "Art. 32(2)"},
	}
	classWebApplicationFirewall = controlClass{
		soc2:  []string{"CC6.6"},
		hipaa: []string{"164.308(a)(5)(ii)(B)"},
		pci4:  []string{"6.4.2"},
		gdpr:  []string{"Art. 32(1)(b)"},
	}
	classCapacity = controlClass{
		soc2:  []string{"A1.1"},
		hipaa: []string{"164.308(a)(7)(i)"},
		pci4:  []string{"6.4.2"},
		gdpr:  []string{"Art. 32(1)(b)"},
	}
	classConfigurationDrift = controlClass{
		soc2:  []string{"CC8.1"},
		hipaa: []string{"164.308(a)(4)(ii)(C)"},
		pci4:  []string{"1.2.2", "7.2.1"},
		gdpr:  []string{"Art. 32(1)(b)"},
	}
)

// policyControlClasses maps each policy to the classes of safeguard it enforces. A new policy fails
// TestEveryPolicyMapsRequiredFrameworks until it is added here.
var policyControlClasses = map[string][]controlClass{
	PolicyS3BucketNoPublicACL:                    {classPublicExposure},
	PolicyS3PublicAccessBlockEnabled:             {classPublicExposure},
	PolicyS3BucketHasPublicAccessBlock:           {classPublicExposure},
	PolicyS3BucketEncryptionKMS:                  {classEncryptionAtRest},
	PolicyS3BucketVersioningEnabled:              {classBackup},
	PolicyS3BucketOwnerEnforced:                  {classLeastPrivilege},
	PolicyS3BucketPolicyTLSOnly:                  {classEncryptionInTransit},
	PolicyS3BucketHasTLSPolicy:                   {classEncryptionInTransit},
	PolicyS3BucketPolicyNoPublicPrincipal:        {classPublicExposure},
	PolicyKMSKeyRotationEnabled:                  {classKeyManagement},
	PolicyKMSKeyPolicyNoPublicPrincipal:          {classPublicExposure, classKeyManagement},
	PolicyKMSKeyNoLockoutBypass:                  {classKeyAvailability},
	PolicyLambdaRuntimeSupported:                 {classPatching},
	PolicyLambdaStructuredLogging:                {classAuditLogging},
	PolicyLambdaPermissionNoPublicPrincipal:      {classPublicExposure},
	PolicyLambdaFunctionURLAuth:                  {classPublicExposure, classAuthentication},
	PolicyLambdaEnvironmentNoSecrets:             {classSecretsHandling},
	PolicyLambdaFunctionInVPC:                    {classNetworkBoundary},
	PolicyCloudWatchLogGroupRetention:            {classLogRetention},
	PolicyCloudWatchLogGroupEncrypted:            {classEncryptionAtRest},
	PolicyIAMNoAdminPolicy:                       {classLeastPrivilege},
	PolicyIAMNoWildcardActions:                   {classLeastPrivilege},
	PolicyIAMNoAdminManagedPolicy:                {classLeastPrivilege},
	PolicyIAMRoleTrustRestricted:                 {classPublicExposure, classLeastPrivilege},
	PolicyIAMRoleNoMixedPolicies:                 {classConfigurationDrift},
	PolicyEC2NoPublicIngress:                     {classPublicExposure, classNetworkBoundary},
	PolicyEC2SecurityGroupNoMixedRules:           {classConfigurationDrift},
	PolicyVPCFlowLogsEnabled:                     {classAuditLogging},
	PolicyAPIGatewayStageAccessLogging:           {classAuditLogging},
	PolicyAPIGatewayMethodAuthorization:          {classAuthentication, classPublicExposure},
	PolicyAPIGatewayCacheEncrypted:               {classEncryptionAtRest},
	PolicyAPIGatewayDomainTLS12:                  {classEncryptionInTransit},
	PolicyAPIGatewayStageWAF:                     {classWebApplicationFirewall},
	PolicyWAFv2WebACLLoggingEnabled:              {classAuditLogging},
	PolicyWAFv2WebACLHasRules:                    {classWebApplicationFirewall},
	PolicyCognitoUserPoolPasswordPolicy:          {classPasswords},
	PolicyCognitoIdentityPoolNoUnauthenticated:   {classAuthentication, classPublicExposure},
	PolicyCloudFrontViewerHTTPSOnly:              {classEncryptionInTransit},
	PolicyCloudFrontViewerTLS12:                  {classEncryptionInTransit},
	PolicyCloudFrontOriginHTTPSOnly:              {classEncryptionInTransit},
	PolicyCloudFrontS3OriginAccessControl:        {classPublicExposure},
	PolicyCloudTrailEncryptionKMS:                {classEncryptionAtRest, classAuditIntegrity},
	PolicyCloudTrailLogFileValidation:            {classAuditIntegrity},
	PolicyCloudTrailCloudWatchLogs:               {classAuditLogging},
	PolicyCloudTrailMultiRegion:                  {classAuditCoverage},
	PolicySecretsManagerPolicyNoPublicPrincipal:  {classPublicExposure, classSecretsHandling},
	PolicySecretValuesPulumiSecrets:              {classSecretsHandling},
	PolicySSMParameterSecureString:               {classSecretsHandling, classEncryptionAtRest},
	PolicyGuardDutyDetectorEnabled:               {classThreatDetection},
	PolicyConfigRecorderEnabled:                  {classChangeDetection},
	PolicyCloudWatchAlarmActions:                 {classThreatDetection},
	PolicyEC2DefaultSecurityGroupClosed:          {classNetworkBoundary},
	PolicyAPIGatewayStageXRayTracing:             {classAuditLogging},
	PolicyAPIGatewayDataTraceDisabled:            {classSecretsHandling},
	PolicyWAFv2LoggingRedactsCredentials:         {classSecretsHandling},
	PolicyCognitoUserPoolMFA:                     {classMultiFactor},
	PolicyCognitoUserPoolDeletionProtection:      {classBackup},
	PolicyCloudFrontDistributionWAF:              {classWebApplicationFirewall},
	PolicySecretsManagerSecretKMSKey:             {classEncryptionAtRest, classKeyManagement},
	PolicyKMSKeyExplicitPolicy:                   {classKeyManagement, classLeastPrivilege},
	PolicyIAMNoAccessKeys:                        {classSecretsHandling, classAuthentication},
	PolicyCognitoUserPoolAdminCreateOnly:         {classLeastPrivilege, classAuthentication},
	PolicySNSTopicEncrypted:                      {classEncryptionAtRest},
	PolicySQSQueueEncrypted:                      {classEncryptionAtRest},
	PolicySecretsManagerSecretRecoveryWindow:     {classBackup},
	PolicySSMParameterCustomerManagedKey:         {classEncryptionAtRest, classKeyManagement},
	PolicyLambdaPermissionServicePrincipalScoped: {classLeastPrivilege},
	PolicyAPIGatewayEndpointType:                 {classNetworkBoundary},
	PolicyAPIGatewayAuthorizerType:               {classAuthentication},
	PolicyAPIGatewayMethodThrottling:             {classCapacity},
	PolicyAPIGatewayUsagePlanLimits:              {classCapacity},
	PolicyAPIGatewayAPIKeyUsagePlan:              {classCapacity},
	PolicyAPIGatewayPrivateAPIPolicy:             {classNetworkBoundary, classPublicExposure},
	PolicyAPIGatewayAccessLogFormat:              {classAuditLogging},
	PolicyAPIGatewayExecutionLogging:             {classAuditLogging},
	PolicyLambdaFunctionXRayTracing:              {classAuditLogging},
	PolicyLambdaFunctionReservedConcurrency:      {classCapacity},
	PolicyLambdaEnvironmentCustomerManagedKey:    {classEncryptionAtRest, classKeyManagement},
	PolicyEC2NoUnrestrictedEgress:                {classNetworkBoundary},
	PolicyEC2SecurityGroupDescriptions:           {classConfigurationDrift},
	PolicyCognitoUserPoolClientHardened:          {classAuthentication},
	PolicyCognitoUserPoolThreatProtection:        {classAuthentication, classThreatDetection},
	PolicyWAFv2WebACLBaselineRuleGroups:          {classWebApplicationFirewall},
	PolicyWAFv2WebACLRateBasedRule:               {classWebApplicationFirewall, classCapacity},
	PolicyIAMAccountPasswordPolicy:               {classPasswords},
	PolicyS3BucketCORSRestricted:                 {classPublicExposure},
	PolicyGuardDutyFindingPublishingFrequency:    {classThreatDetection},
	PolicyKMSKeyDeletionWindow:                   {classKeyAvailability},
	PolicySecretsManagerSecretRotation:           {classSecretsHandling},
	PolicyLambdaFunctionLogGroupManaged:          {classAuditLogging, classLogRetention},
	PolicyCloudTrailS3DataEvents:                 {classAuditCoverage},
	PolicyGuardDutyProtectionFeatures:            {classThreatDetection},
	PolicyAPIGatewayRequestValidation:            {classWebApplicationFirewall},
	PolicyCloudFrontHSTSHeaders:                  {classEncryptionInTransit},
	PolicyS3BucketAccessLogging:                  {classAuditLogging},
	PolicyLambdaAsyncFailureDestination:          {classBackup},
	PolicyIAMNoWildcardResources:                 {classLeastPrivilege},
	PolicyIAMNoRiskyPermissions:                  {classLeastPrivilege},
	PolicyAPIGatewayStageMethodSettings:          {classAuditLogging, classCapacity},
	PolicyCloudFrontDistributionLogging:          {classAuditLogging},
	PolicyEC2SubnetNoPublicIP:                    {classNetworkBoundary, classPublicExposure},
	PolicyEC2InternetRoutePublicSubnets:          {classNetworkBoundary},
	PolicyEC2VPCEndpointPolicies:                 {classNetworkBoundary},
	PolicyCloudTrailS3DataEventsCoverage:         {classAuditCoverage},
	PolicyCloudTrailBucketHardened:               {classAuditIntegrity},
	PolicyCloudWatchBaselineAlarms:               {classThreatDetection},
	PolicyGuardDutyOrganizationAutoEnable:        {classThreatDetection},
	PolicyGuardDutyFindingsExported:              {classThreatDetection, classLogRetention},
	PolicySecurityHubStandardsSubscribed:         {classChangeDetection},
	PolicyRequiredTags:                           {classConfigurationDrift},
	PolicyStatefulResourcesProtected:             {classBackup},
}

// withControls sets each policy's Controls in this order: the controls that cdk-nag states for the
// policy's cdk-nag rules, then the HIPAA and PCI DSS 3.2.1 controls in the policy's own tags that
// cdk-nag does not state (our mappings), then our SOC 2, HIPAA, PCI DSS 4.0 and GDPR mappings.
func withControls(policies []*pack.Policy) []*pack.Policy {
	for _, policy := range policies {
		policy.Controls = controlsOf(policy)
	}
	return policies
}

func controlsOf(policy *pack.Policy) []pack.Control {
	controls := cdkNagControls(policyCDKNagRules[policy.Name])
	stated := func(framework, id string) bool {
		return slices.ContainsFunc(controls, func(c pack.Control) bool { return c.Framework == framework && c.ID == id })
	}
	addOurs := func(framework string, ids ...string) {
		for _, id := range ids {
			if !stated(framework, id) {
				controls = append(controls, pack.Control{Framework: framework, ID: id, Source: pack.SourcePack})
			}
		}
	}

	for _, tag := range policy.Tags {
		if id, ok := strings.CutPrefix(tag, tagHIPAA); ok {
			addOurs(pack.FrameworkHIPAA, id)
		}
		if id, ok := strings.CutPrefix(tag, tagPCI); ok {
			addOurs(pack.FrameworkPCIDSS321, id)
		}
	}
	for _, class := range policyControlClasses[policy.Name] {
		addOurs(pack.FrameworkSOC2, class.soc2...)
		addOurs(pack.FrameworkHIPAA, class.hipaa...)
		addOurs(pack.FrameworkPCIDSS4, class.pci4...)
		addOurs(pack.FrameworkGDPR, class.gdpr...)
	}
	return controls
}

// cdkNagControls returns the controls that the given cdk-nag rules state, one per framework and id.
// The source of each names every rule that states it.
func cdkNagControls(ruleNames []string) []pack.Control {
	var controls []pack.Control
	for _, framework := range []string{pack.FrameworkHIPAA, pack.FrameworkPCIDSS321, pack.FrameworkNIST80053} {
		var ids []string
		statedBy := map[string][]string{}
		for _, rule := range ruleNames {
			for _, id := range strings.Split(cdkNagRuleControls[rule][framework], ", ") {
				if id == "" || slices.Contains(statedBy[id], rule) {
					continue
				}
				if len(statedBy[id]) == 0 {
					ids = append(ids, id)
				}
				statedBy[id] = append(statedBy[id], rule)
			}
		}
		for _, id := range ids {
			source := cdkNagVersion + " " + cdkNagPackClasses[framework] + " (" + strings.Join(statedBy[id], ", ") + ")"
			controls = append(controls, pack.Control{Framework: framework, ID: id, Source: source})
		}
	}
	return controls
}
