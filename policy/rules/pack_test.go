package rules

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/secureserverless/framework/policy/pack"
)

// expectedPolicies is the decision made for each policy: its baseline level, its level in the hipaa
// and pci profiles, whether config may waive it, and whether it is a stack policy. A new policy fails
// the test until it is added here.
var expectedPolicies = map[string]struct {
	level    pack.EnforcementLevel
	hipaa    pack.EnforcementLevel
	pci      pack.EnforcementLevel
	waivable bool
	stack    bool
}{
	PolicyS3BucketNoPublicACL:                    {level: mandatory, hipaa: mandatory, pci: mandatory, waivable: false},
	PolicyS3PublicAccessBlockEnabled:             {level: mandatory, hipaa: mandatory, pci: mandatory, waivable: false},
	PolicyS3BucketHasPublicAccessBlock:           {level: mandatory, hipaa: mandatory, pci: mandatory, waivable: false, stack: true},
	PolicyS3BucketEncryptionKMS:                  {level: mandatory, hipaa: mandatory, pci: mandatory, waivable: true},
	PolicyS3BucketVersioningEnabled:              {level: advisory, hipaa: mandatory, pci: mandatory, waivable: true},
	PolicyS3BucketOwnerEnforced:                  {level: mandatory, hipaa: mandatory, pci: mandatory, waivable: true},
	PolicyS3BucketPolicyTLSOnly:                  {level: mandatory, hipaa: mandatory, pci: mandatory, waivable: true},
	PolicyS3BucketHasTLSPolicy:                   {level: mandatory, hipaa: mandatory, pci: mandatory, waivable: true, stack: true},
	PolicyS3BucketPolicyNoPublicPrincipal:        {level: mandatory, hipaa: mandatory, pci: mandatory, waivable: false},
	PolicyKMSKeyRotationEnabled:                  {level: mandatory, hipaa: mandatory, pci: mandatory, waivable: true},
	PolicyKMSKeyPolicyNoPublicPrincipal:          {level: mandatory, hipaa: mandatory, pci: mandatory, waivable: false},
	PolicyKMSKeyNoLockoutBypass:                  {level: mandatory, hipaa: mandatory, pci: mandatory, waivable: true},
	PolicyLambdaRuntimeSupported:                 {level: mandatory, hipaa: mandatory, pci: mandatory, waivable: true},
	PolicyLambdaStructuredLogging:                {level: advisory, hipaa: advisory, pci: advisory, waivable: true},
	PolicyLambdaPermissionNoPublicPrincipal:      {level: mandatory, hipaa: mandatory, pci: mandatory, waivable: false},
	PolicyLambdaFunctionURLAuth:                  {level: mandatory, hipaa: mandatory, pci: mandatory, waivable: false},
	PolicyLambdaEnvironmentNoSecrets:             {level: mandatory, hipaa: mandatory, pci: mandatory, waivable: true},
	PolicyLambdaFunctionInVPC:                    {level: disabled, hipaa: mandatory, pci: mandatory, waivable: true},
	PolicyCloudWatchLogGroupRetention:            {level: mandatory, hipaa: mandatory, pci: mandatory, waivable: true},
	PolicyCloudWatchLogGroupEncrypted:            {level: advisory, hipaa: mandatory, pci: mandatory, waivable: true},
	PolicyIAMNoAdminPolicy:                       {level: mandatory, hipaa: mandatory, pci: mandatory, waivable: false},
	PolicyIAMNoWildcardActions:                   {level: mandatory, hipaa: mandatory, pci: mandatory, waivable: true},
	PolicyIAMNoAdminManagedPolicy:                {level: mandatory, hipaa: mandatory, pci: mandatory, waivable: false},
	PolicyIAMRoleTrustRestricted:                 {level: mandatory, hipaa: mandatory, pci: mandatory, waivable: false},
	PolicyIAMRoleNoMixedPolicies:                 {level: mandatory, hipaa: mandatory, pci: mandatory, waivable: true, stack: true},
	PolicyEC2NoPublicIngress:                     {level: mandatory, hipaa: mandatory, pci: mandatory, waivable: false},
	PolicyEC2SecurityGroupNoMixedRules:           {level: mandatory, hipaa: mandatory, pci: mandatory, waivable: true, stack: true},
	PolicyVPCFlowLogsEnabled:                     {level: mandatory, hipaa: mandatory, pci: mandatory, waivable: true, stack: true},
	PolicyAPIGatewayStageAccessLogging:           {level: mandatory, hipaa: mandatory, pci: mandatory, waivable: true},
	PolicyAPIGatewayMethodAuthorization:          {level: mandatory, hipaa: mandatory, pci: mandatory, waivable: false},
	PolicyAPIGatewayCacheEncrypted:               {level: mandatory, hipaa: mandatory, pci: mandatory, waivable: true},
	PolicyAPIGatewayDomainTLS12:                  {level: mandatory, hipaa: mandatory, pci: mandatory, waivable: true},
	PolicyAPIGatewayStageWAF:                     {level: advisory, hipaa: advisory, pci: mandatory, waivable: true, stack: true},
	PolicyWAFv2WebACLLoggingEnabled:              {level: mandatory, hipaa: mandatory, pci: mandatory, waivable: true, stack: true},
	PolicyWAFv2WebACLHasRules:                    {level: mandatory, hipaa: mandatory, pci: mandatory, waivable: true},
	PolicyCognitoUserPoolPasswordPolicy:          {level: mandatory, hipaa: mandatory, pci: mandatory, waivable: true},
	PolicyCognitoIdentityPoolNoUnauthenticated:   {level: mandatory, hipaa: mandatory, pci: mandatory, waivable: false},
	PolicyCloudFrontViewerHTTPSOnly:              {level: mandatory, hipaa: mandatory, pci: mandatory, waivable: true},
	PolicyCloudFrontViewerTLS12:                  {level: mandatory, hipaa: mandatory, pci: mandatory, waivable: true},
	PolicyCloudFrontOriginHTTPSOnly:              {level: mandatory, hipaa: mandatory, pci: mandatory, waivable: true},
	PolicyCloudFrontS3OriginAccessControl:        {level: mandatory, hipaa: mandatory, pci: mandatory, waivable: true},
	PolicyCloudTrailEncryptionKMS:                {level: mandatory, hipaa: mandatory, pci: mandatory, waivable: false},
	PolicyCloudTrailLogFileValidation:            {level: mandatory, hipaa: mandatory, pci: mandatory, waivable: false},
	PolicyCloudTrailCloudWatchLogs:               {level: mandatory, hipaa: mandatory, pci: mandatory, waivable: true},
	PolicyCloudTrailMultiRegion:                  {level: mandatory, hipaa: mandatory, pci: mandatory, waivable: false},
	PolicySecretsManagerPolicyNoPublicPrincipal:  {level: mandatory, hipaa: mandatory, pci: mandatory, waivable: false},
	PolicySecretValuesPulumiSecrets:              {level: mandatory, hipaa: mandatory, pci: mandatory, waivable: true},
	PolicySSMParameterSecureString:               {level: mandatory, hipaa: mandatory, pci: mandatory, waivable: true},
	PolicyGuardDutyDetectorEnabled:               {level: mandatory, hipaa: mandatory, pci: mandatory, waivable: true},
	PolicyConfigRecorderEnabled:                  {level: mandatory, hipaa: mandatory, pci: mandatory, waivable: true, stack: true},
	PolicyCloudWatchAlarmActions:                 {level: advisory, hipaa: advisory, pci: advisory, waivable: true},
	PolicyEC2DefaultSecurityGroupClosed:          {level: advisory, hipaa: mandatory, pci: mandatory, waivable: true},
	PolicyAPIGatewayStageXRayTracing:             {level: advisory, hipaa: advisory, pci: advisory, waivable: true},
	PolicyAPIGatewayDataTraceDisabled:            {level: advisory, hipaa: mandatory, pci: mandatory, waivable: true},
	PolicyWAFv2LoggingRedactsCredentials:         {level: advisory, hipaa: mandatory, pci: mandatory, waivable: true},
	PolicyCognitoUserPoolMFA:                     {level: advisory, hipaa: mandatory, pci: mandatory, waivable: true},
	PolicyCognitoUserPoolDeletionProtection:      {level: advisory, hipaa: advisory, pci: advisory, waivable: true},
	PolicyCloudFrontDistributionWAF:              {level: advisory, hipaa: advisory, pci: mandatory, waivable: true},
	PolicySecretsManagerSecretKMSKey:             {level: advisory, hipaa: mandatory, pci: mandatory, waivable: true},
	PolicyKMSKeyExplicitPolicy:                   {level: advisory, hipaa: advisory, pci: advisory, waivable: true},
	PolicyIAMNoAccessKeys:                        {level: advisory, hipaa: mandatory, pci: mandatory, waivable: true},
	PolicyCognitoUserPoolAdminCreateOnly:         {level: advisory, hipaa: advisory, pci: advisory, waivable: true},
	PolicySNSTopicEncrypted:                      {level: advisory, hipaa: mandatory, pci: mandatory, waivable: true},
	PolicySQSQueueEncrypted:                      {level: advisory, hipaa: mandatory, pci: mandatory, waivable: true},
	PolicySecretsManagerSecretRecoveryWindow:     {level: disabled, hipaa: disabled, pci: disabled, waivable: true},
	PolicySSMParameterCustomerManagedKey:         {level: advisory, hipaa: mandatory, pci: mandatory, waivable: true},
	PolicyLambdaPermissionServicePrincipalScoped: {level: advisory, hipaa: mandatory, pci: mandatory, waivable: true},
	PolicyAPIGatewayEndpointType:                 {level: advisory, hipaa: advisory, pci: advisory, waivable: true},
	PolicyAPIGatewayAuthorizerType:               {level: advisory, hipaa: advisory, pci: advisory, waivable: true},
	PolicyAPIGatewayMethodThrottling:             {level: advisory, hipaa: advisory, pci: advisory, waivable: true},
	PolicyAPIGatewayUsagePlanLimits:              {level: advisory, hipaa: advisory, pci: advisory, waivable: true},
	PolicyAPIGatewayAPIKeyUsagePlan:              {level: advisory, hipaa: advisory, pci: advisory, waivable: true, stack: true},
	PolicyAPIGatewayPrivateAPIPolicy:             {level: mandatory, hipaa: mandatory, pci: mandatory, waivable: true, stack: true},
	PolicyAPIGatewayAccessLogFormat:              {level: advisory, hipaa: advisory, pci: advisory, waivable: true},
	PolicyAPIGatewayExecutionLogging:             {level: advisory, hipaa: mandatory, pci: mandatory, waivable: true},
	PolicyLambdaFunctionXRayTracing:              {level: disabled, hipaa: disabled, pci: disabled, waivable: true},
	PolicyLambdaFunctionReservedConcurrency:      {level: disabled, hipaa: disabled, pci: disabled, waivable: true},
	PolicyLambdaEnvironmentCustomerManagedKey:    {level: disabled, hipaa: disabled, pci: disabled, waivable: true},
	PolicyEC2NoUnrestrictedEgress:                {level: advisory, hipaa: mandatory, pci: mandatory, waivable: true},
	PolicyEC2SecurityGroupDescriptions:           {level: advisory, hipaa: advisory, pci: advisory, waivable: true},
	PolicyCognitoUserPoolClientHardened:          {level: advisory, hipaa: advisory, pci: advisory, waivable: true},
	PolicyCognitoUserPoolThreatProtection:        {level: disabled, hipaa: disabled, pci: disabled, waivable: true},
	PolicyWAFv2WebACLBaselineRuleGroups:          {level: advisory, hipaa: mandatory, pci: mandatory, waivable: true},
	PolicyWAFv2WebACLRateBasedRule:               {level: advisory, hipaa: advisory, pci: advisory, waivable: true},
	PolicyIAMAccountPasswordPolicy:               {level: advisory, hipaa: mandatory, pci: mandatory, waivable: true},
	PolicyS3BucketCORSRestricted:                 {level: advisory, hipaa: advisory, pci: advisory, waivable: true},
	PolicyGuardDutyFindingPublishingFrequency:    {level: advisory, hipaa: advisory, pci: advisory, waivable: true},
	PolicyKMSKeyDeletionWindow:                   {level: disabled, hipaa: disabled, pci: disabled, waivable: true},
	PolicySecretsManagerSecretRotation:           {level: advisory, hipaa: mandatory, pci: mandatory, waivable: true, stack: true},
	PolicyLambdaFunctionLogGroupManaged:          {level: advisory, hipaa: advisory, pci: advisory, waivable: true, stack: true},
	PolicyCloudTrailS3DataEvents:                 {level: disabled, hipaa: mandatory, pci: mandatory, waivable: true},
	PolicyGuardDutyProtectionFeatures:            {level: advisory, hipaa: advisory, pci: advisory, waivable: true, stack: true},
	PolicyAPIGatewayRequestValidation:            {level: advisory, hipaa: advisory, pci: advisory, waivable: true, stack: true},
	PolicyCloudFrontHSTSHeaders:                  {level: advisory, hipaa: advisory, pci: advisory, waivable: true, stack: true},
	PolicyS3BucketAccessLogging:                  {level: disabled, hipaa: disabled, pci: disabled, waivable: true, stack: true},
	PolicyLambdaAsyncFailureDestination:          {level: advisory, hipaa: advisory, pci: advisory, waivable: true, stack: true},
	PolicyIAMNoWildcardResources:                 {level: advisory, hipaa: advisory, pci: advisory, waivable: true},
	PolicyIAMNoRiskyPermissions:                  {level: advisory, hipaa: advisory, pci: advisory, waivable: true},
	PolicyAPIGatewayStageMethodSettings:          {level: advisory, hipaa: advisory, pci: advisory, waivable: true, stack: true},
	PolicyCloudFrontDistributionLogging:          {level: advisory, hipaa: advisory, pci: advisory, waivable: true, stack: true},
	PolicyEC2SubnetNoPublicIP:                    {level: advisory, hipaa: advisory, pci: advisory, waivable: true},
	PolicyEC2InternetRoutePublicSubnets:          {level: advisory, hipaa: advisory, pci: advisory, waivable: true, stack: true},
	PolicyEC2VPCEndpointPolicies:                 {level: advisory, hipaa: advisory, pci: advisory, waivable: true, stack: true},
	PolicyCloudTrailS3DataEventsCoverage:         {level: advisory, hipaa: advisory, pci: advisory, waivable: true, stack: true},
	PolicyCloudTrailBucketHardened:               {level: disabled, hipaa: disabled, pci: disabled, waivable: true, stack: true},
	PolicyCloudWatchBaselineAlarms:               {level: advisory, hipaa: advisory, pci: advisory, waivable: true, stack: true},
	PolicyGuardDutyOrganizationAutoEnable:        {level: advisory, hipaa: advisory, pci: advisory, waivable: true},
	PolicyGuardDutyFindingsExported:              {level: disabled, hipaa: disabled, pci: disabled, waivable: true, stack: true},
	PolicySecurityHubStandardsSubscribed:         {level: advisory, hipaa: advisory, pci: advisory, waivable: true, stack: true},
	PolicyRequiredTags:                           {level: disabled, hipaa: disabled, pci: disabled, waivable: true},
	PolicyStatefulResourcesProtected:             {level: disabled, hipaa: disabled, pci: disabled, waivable: true},
}

const (
	mandatory = pack.EnforcementLevelMandatory
	advisory  = pack.EnforcementLevelAdvisory
	disabled  = pack.EnforcementLevelDisabled
)

func TestNewPack(t *testing.T) {
	p, err := NewPack()
	require.NoError(t, err)

	assert.Equal(t, "secure-serverless", p.Name())
	assert.Equal(t, "0.1.0", p.Version())
	assert.Equal(t, pack.EnforcementLevelMandatory, p.EnforcementLevel())
	require.Len(t, p.Policies(), len(expectedPolicies))

	for _, policy := range p.Policies() {
		t.Run(policy.Name, func(t *testing.T) {
			want, listed := expectedPolicies[policy.Name]
			require.True(t, listed, "policy has no expected levels")

			assert.Equal(t, want.level, p.Level(policy), "baseline level")
			assert.Equal(t, want.level, p.LevelIn(policy, pack.ProfileBaseline), "baseline profile")
			assert.Equal(t, want.hipaa, p.LevelIn(policy, pack.ProfileHIPAA), "hipaa profile")
			assert.Equal(t, want.pci, p.LevelIn(policy, pack.ProfilePCI), "pci profile")
			assert.Equal(t, want.waivable, policy.Waivable, "waivable")
			assert.NotEmpty(t, policy.Tags, "tags")
			assert.Contains(t, policy.Tags, "aws", "tags")
			assert.Equal(t, want.stack, policy.IsStackPolicy(), "stack policy")
		})
	}
}

func TestConfigSchemas(t *testing.T) {
	retention := newCloudWatchLogGroupRetention().ConfigSchema
	require.NotNil(t, retention)
	assert.Equal(t, DefaultMinimumRetentionDays, retention.Properties[ConfigMinimumRetentionDays]["default"])
	assert.Equal(t, "integer", retention.Properties[ConfigMinimumRetentionDays]["type"])
}

func TestConfigSchemasOfNewPolicies(t *testing.T) {
	password := newCognitoUserPoolPasswordPolicy().ConfigSchema
	require.NotNil(t, password)
	assert.Equal(t, DefaultMinimumPasswordLength, password.Properties[ConfigMinimumPasswordLength]["default"])
	assert.Equal(t, "integer", password.Properties[ConfigMinimumPasswordLength]["type"])

	recorder := newConfigRecorderEnabled().ConfigSchema
	require.NotNil(t, recorder)
	assert.Equal(t, true, recorder.Properties[ConfigRequireGlobalResourceTypes]["default"])
	assert.Equal(t, "boolean", recorder.Properties[ConfigRequireGlobalResourceTypes]["type"])
}
