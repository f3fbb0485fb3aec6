package mutation

import "github.com/secureserverless/framework/policy/pack"

// Default is one security default that the platform's components set in the dev stack, and the
// weakened value that the mutation test puts in its place.
type Default struct {
	// Name states which default is weakened and how, as in "user-files bucket: SSE-KMS -> AES256".
	Name string
	// NonWaivable marks a default whose weakening exposes data or the audit trail. The pack must
	// report it at mandatory level from a policy that config cannot waive.
	NonWaivable bool
	// Profile, when set, is the pack profile that enforces the policy catching this weakening,
	// because the policy is off in the baseline profile. The test adds it to the dev config.
	Profile pack.Profile
	// Mutate weakens the default in a copy of the dev stack.
	Mutate Mutation
}

// Resource types that the defaults name.
const (
	typeBucketPublicAccessBlock = "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock"
	typeBucketEncryption        = "aws:s3/bucketServerSideEncryptionConfigurationV2:BucketServerSideEncryptionConfigurationV2"
	typeBucketVersioning        = "aws:s3/bucketVersioningV2:BucketVersioningV2"
	typeBucketOwnership         = "aws:s3/bucketOwnershipControls:BucketOwnershipControls"
	typeBucketPolicy            = "aws:s3/bucketPolicy:BucketPolicy"
	typeKMSKey                  = "aws:kms/key:Key"
	typeLambdaFunction          = "aws:lambda/function:Function"
	typeLambdaPermission        = "aws:lambda/permission:Permission"
	typeLogGroup                = "aws:cloudwatch/logGroup:LogGroup"
	typeIAMRole                 = "aws:iam/role:Role"
	typeIAMRolePolicy           = "aws:iam/rolePolicy:RolePolicy"
	typeSecurityGroup           = "aws:ec2/securityGroup:SecurityGroup"
	typeIngressRule             = "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule"
	typeStage                   = "aws:apigateway/stage:Stage"
	typeMethod                  = "aws:apigateway/method:Method"
	typeMethodSettings          = "aws:apigateway/methodSettings:MethodSettings"
	typeWebACL                  = "aws:wafv2/webAcl:WebAcl"
	typeWebACLAssociation       = "aws:wafv2/webAclAssociation:WebAclAssociation"
	typeWebACLLogging           = "aws:wafv2/webAclLoggingConfiguration:WebAclLoggingConfiguration"
	typeUserPool                = "aws:cognito/userPool:UserPool"
	typeDistribution            = "aws:cloudfront/distribution:Distribution"
	typeTrail                   = "aws:cloudtrail/trail:Trail"
	typeSecret                  = "aws:secretsmanager/secret:Secret"
	typeMetricAlarm             = "aws:cloudwatch/metricAlarm:MetricAlarm"
	typeDefaultSecurityGroup    = "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup"
	typeTopic                   = "aws:sns/topic:Topic"
	typeQueue                   = "aws:sqs/queue:Queue"
)

// Logical names of the dev stack's resources that several defaults select.
const (
	allFunctions       = "platform-(files|me|quarantine|uploads|validate|edge-origin-secret-rotation)"
	apiFunctions       = "platform-(files|me|quarantine|uploads|validate)"
	allLogGroups       = ".*"
	functionRolePolicy = "platform-me-policy"
	publicPrincipal    = "*"
)

// Defaults lists every security default of the dev stack that the mutation test weakens, grouped by
// service. TestMutationScore requires each to change at least one resource and to be reported.
//
// NOTE: defaults that no policy checks yet are not listed: S3 server access logging, lifecycle
// rules and CORS origins, Lambda reserved concurrency, dead-letter queues and X-Ray tracing,
// CloudFront logging and response-headers policy, API Gateway request validation and throttling,
// the VPC flow log (the VPC is an awsx component, so the mocks register no aws:ec2/vpc:Vpc for
// vpc-flow-logs-enabled to check), VPC endpoints, and the Secrets Manager rotation schedule.
func Defaults() []Default {
	return []Default{
		// S3.
		{Name: "bucket public access blocks: blockPublicAcls -> false", NonWaivable: true,
			Mutate: setProperty(typeBucketPublicAccessBlock, ".*", "blockPublicAcls", false)},
		{Name: "bucket public access blocks: blockPublicPolicy -> false", NonWaivable: true,
			Mutate: setProperty(typeBucketPublicAccessBlock, ".*", "blockPublicPolicy", false)},
		{Name: "bucket public access blocks: ignorePublicAcls -> false", NonWaivable: true,
			Mutate: setProperty(typeBucketPublicAccessBlock, ".*", "ignorePublicAcls", false)},
		{Name: "bucket public access blocks: restrictPublicBuckets -> false", NonWaivable: true,
			Mutate: setProperty(typeBucketPublicAccessBlock, ".*", "restrictPublicBuckets", false)},
		{Name: "user-files bucket: public access block removed", NonWaivable: true,
			Mutate: removeResources(typeBucketPublicAccessBlock, "platform-user-files-public-access")},
		{Name: "user-files bucket: SSE-KMS -> AES256",
			Mutate: setProperty(typeBucketEncryption, "platform-user-files-encryption",
				"rules[0].applyServerSideEncryptionByDefault.sseAlgorithm", "AES256")},
		{Name: "user-files bucket: customer managed KMS key removed (AWS managed key)",
			Mutate: deleteProperty(typeBucketEncryption, "platform-user-files-encryption",
				"rules[0].applyServerSideEncryptionByDefault.kmsMasterKeyId")},
		{Name: "audit bucket: SSE-KMS -> AES256",
			Mutate: setProperty(typeBucketEncryption, "platform-audit-encryption",
				"rules[0].applyServerSideEncryptionByDefault.sseAlgorithm", "AES256")},
		{Name: "bucket versioning: Enabled -> Suspended",
			Mutate: setProperty(typeBucketVersioning, ".*", "versioningConfiguration.status", "Suspended")},
		{Name: "bucket ownership: BucketOwnerEnforced -> ObjectWriter (ACLs on)",
			Mutate: setProperty(typeBucketOwnership, ".*", "rule.objectOwnership", "ObjectWriter")},
		{Name: "bucket policies: DenyInsecureTransport statement removed",
			Mutate: editPolicyDocument(typeBucketPolicy, ".*", "policy", dropStatements("DenyInsecureTransport"))},
		{Name: "user-files bucket policy: public s3:GetObject allowed", NonWaivable: true,
			Mutate: editPolicyDocument(typeBucketPolicy, "platform-user-files-policy", "policy", addStatement(map[string]any{
				"Sid": "PublicRead", "Effect": "Allow", "Principal": publicPrincipal, "Action": "s3:GetObject",
				"Resource": "arn:aws:s3:::platform-user-files-8d2b0f6/*",
			}))},

		// KMS.
		{Name: "KMS keys: enableKeyRotation -> false",
			Mutate: setProperty(typeKMSKey, ".*", "enableKeyRotation", false)},
		{Name: "KMS keys: bypassPolicyLockoutSafetyCheck -> true",
			Mutate: setProperty(typeKMSKey, ".*", "bypassPolicyLockoutSafetyCheck", true)},
		{Name: "KMS keys: key policy removed (KMS default policy)",
			Mutate: deleteProperty(typeKMSKey, ".*", "policy")},
		{Name: "user-files key policy: kms:Decrypt allowed to everyone", NonWaivable: true,
			Mutate: editPolicyDocument(typeKMSKey, "platform-user-files-key", "policy", addStatement(map[string]any{
				"Sid": "PublicDecrypt", "Effect": "Allow", "Principal": map[string]any{"AWS": publicPrincipal},
				"Action": "kms:Decrypt", "Resource": "*",
			}))},

		// Lambda.
		{Name: "functions: runtime provided.al2023 -> go1.x (deprecated)",
			Mutate: setProperty(typeLambdaFunction, allFunctions, "runtime", "go1.x")},
		{Name: "functions: JSON log format -> Text",
			Mutate: setProperty(typeLambdaFunction, allFunctions, "loggingConfig.logFormat", "Text")},
		{Name: "me function: plaintext secret in an environment variable",
			Mutate: setProperty(typeLambdaFunction, "platform-me", "environment.variables.DATABASE_PASSWORD",
				"correct-horse-battery-staple")},
		{Name: "API functions: VPC attachment removed", Profile: pack.ProfilePCI,
			Mutate: deleteProperty(typeLambdaFunction, apiFunctions, "vpcConfig")},
		{Name: "GET /me invoke permission: principal -> * without source ARN", NonWaivable: true,
			Mutate: allOf(
				setProperty(typeLambdaPermission, "platform-api-GET/me-permission", "principal", publicPrincipal),
				deleteProperty(typeLambdaPermission, "platform-api-GET/me-permission", "sourceArn"))},

		// CloudWatch Logs.
		{Name: "log groups: retention -> 0 (never expire)",
			Mutate: setProperty(typeLogGroup, allLogGroups, "retentionInDays", 0)},
		{Name: "log groups: retention removed",
			Mutate: deleteProperty(typeLogGroup, "platform-me-logs", "retentionInDays")},
		{Name: "function log groups: KMS key removed",
			Mutate: deleteProperty(typeLogGroup, "platform-(files|me|quarantine|uploads|validate)-logs", "kmsKeyId")},

		{Name: "alarms: actions disabled",
			Mutate: setProperty(typeMetricAlarm, ".*", "actionsEnabled", false)},
		{Name: "alarms: alarm actions removed",
			Mutate: setProperty(typeMetricAlarm, ".*", "alarmActions", []any{})},

		{Name: "alerts topic: KMS encryption removed",
			Mutate: deleteProperty(typeTopic, "platform-monitoring-alerts", "kmsMasterKeyId")},
		{Name: "dead-letter queue: SSE-SQS off",
			Mutate: setProperty(typeQueue, "platform-validate-failures", "sqsManagedSseEnabled", false)},

		// Secrets Manager.
		{Name: "origin secret: customer managed KMS key removed",
			Mutate: deleteProperty(typeSecret, "platform-edge-origin-secret", "kmsKeyId")},

		// IAM.
		{Name: "me function policy: Action * on Resource *", NonWaivable: true,
			Mutate: editPolicyDocument(typeIAMRolePolicy, functionRolePolicy, "policy", replaceStatements(map[string]any{
				"Effect": "Allow", "Action": "*", "Resource": "*",
			}))},
		{Name: "me function policy: s3:* on the bucket",
			Mutate: editPolicyDocument(typeIAMRolePolicy, functionRolePolicy, "policy", addStatement(map[string]any{
				"Sid": "AllS3", "Effect": "Allow", "Action": "s3:*", "Resource": "arn:aws:s3:::platform-user-files-8d2b0f6/*",
			}))},
		{Name: "me function role: AdministratorAccess attached", NonWaivable: true,
			Mutate: setProperty(typeIAMRole, "platform-me-role", "managedPolicyArns",
				[]any{"arn:aws:iam::aws:policy/AdministratorAccess"})},
		{Name: "me function role: trust policy Principal *", NonWaivable: true,
			Mutate: editPolicyDocument(typeIAMRole, "platform-me-role", "assumeRolePolicy", replaceStatements(map[string]any{
				"Effect": "Allow", "Principal": map[string]any{"AWS": publicPrincipal}, "Action": "sts:AssumeRole",
			}))},
		{Name: "me function role: inline policy next to its RolePolicy resource",
			Mutate: setProperty(typeIAMRole, "platform-me-role", "inlinePolicies", []any{map[string]any{
				"name": "inline", "policy": `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:ListBucket","Resource":"*"}]}`,
			}})},

		// Network.
		{Name: "endpoint ingress rule: source security group -> 0.0.0.0/0 on port 22", NonWaivable: true,
			Mutate: allOf(
				deleteProperty(typeIngressRule, "platform-network-endpoints-from-functions", "referencedSecurityGroupId"),
				setProperty(typeIngressRule, "platform-network-endpoints-from-functions", "cidrIpv4", "0.0.0.0/0"),
				setProperty(typeIngressRule, "platform-network-endpoints-from-functions", "fromPort", 22),
				setProperty(typeIngressRule, "platform-network-endpoints-from-functions", "toPort", 22))},
		{Name: "endpoint security group: inline ingress next to standalone rules",
			Mutate: setProperty(typeSecurityGroup, "platform-network-endpoints", "ingress", []any{map[string]any{
				"protocol": "tcp", "fromPort": 8443, "toPort": 8443, "cidrBlocks": []any{"10.20.0.0/16"},
			}})},

		{Name: "default security group: allow-all egress added",
			Mutate: setProperty(typeDefaultSecurityGroup, ".*", "egress", []any{map[string]any{
				"protocol": "-1", "fromPort": 0, "toPort": 0, "cidrBlocks": []any{"0.0.0.0/0"},
			}})},

		// API Gateway.
		{Name: "API stage: access logging removed",
			Mutate: deleteProperty(typeStage, "platform-api-stage", "accessLogSettings")},
		{Name: "GET /me method: authorization COGNITO_USER_POOLS -> NONE", NonWaivable: true,
			Mutate: allOf(
				setProperty(typeMethod, "platform-api-GET/me", "authorization", "NONE"),
				deleteProperty(typeMethod, "platform-api-GET/me", "authorizerId"))},
		{Name: "API method settings: cache on without encryption",
			Mutate: allOf(
				setProperty(typeMethodSettings, "platform-api-method-settings", "settings.cachingEnabled", true),
				setProperty(typeMethodSettings, "platform-api-method-settings", "settings.cacheDataEncrypted", false))},
		{Name: "API stage: X-Ray tracing off",
			Mutate: setProperty(typeStage, "platform-api-stage", "xrayTracingEnabled", false)},
		{Name: "API method settings: full request and response logging (data trace) on",
			Mutate: setProperty(typeMethodSettings, "platform-api-method-settings", "settings.dataTraceEnabled", true)},
		{Name: "API stage: web ACL association removed",
			Mutate: removeResources(typeWebACLAssociation, "platform-api-firewall-association")},

		// WAF.
		{Name: "web ACLs: logging configuration removed",
			Mutate: removeResources(typeWebACLLogging, ".*")},
		{Name: "web ACL logging: Authorization and Cookie no longer redacted",
			Mutate: deleteProperty(typeWebACLLogging, ".*", "redactedFields")},
		{Name: "web ACLs: rules removed",
			Mutate: setProperty(typeWebACL, ".*", "rules", []any{})},

		// Cognito.
		{Name: "user pool: minimum password length 12 -> 6",
			Mutate: setProperty(typeUserPool, "platform-auth-user-pool", "passwordPolicy.minimumLength", 6)},
		{Name: "user pool: symbols no longer required",
			Mutate: setProperty(typeUserPool, "platform-auth-user-pool", "passwordPolicy.requireSymbols", false)},
		{Name: "user pool: MFA OPTIONAL -> OFF",
			Mutate: setProperty(typeUserPool, "platform-auth-user-pool", "mfaConfiguration", "OFF")},
		{Name: "user pool: TOTP software tokens off",
			Mutate: setProperty(typeUserPool, "platform-auth-user-pool", "softwareTokenMfaConfiguration.enabled", false)},
		{Name: "user pool: self sign-up allowed",
			Mutate: setProperty(typeUserPool, "platform-auth-user-pool", "adminCreateUserConfig.allowAdminCreateUserOnly", false)},
		{Name: "user pool: deletion protection ACTIVE -> INACTIVE",
			Mutate: setProperty(typeUserPool, "platform-auth-user-pool", "deletionProtection", "INACTIVE")},

		// CloudFront.
		{Name: "API distribution: viewer protocol https-only -> allow-all",
			Mutate: setProperty(typeDistribution, "platform-edge-api", "defaultCacheBehavior.viewerProtocolPolicy", "allow-all")},
		{Name: "API distribution: origin protocol https-only -> http-only",
			Mutate: setProperty(typeDistribution, "platform-edge-api", "origins[0].customOriginConfig.originProtocolPolicy", "http-only")},
		{Name: "API distribution: web ACL removed",
			Mutate: deleteProperty(typeDistribution, "platform-edge-api", "webAclId")},
		{Name: "API distribution: origin TLSv1.2 -> TLSv1",
			Mutate: setProperty(typeDistribution, "platform-edge-api", "origins[0].customOriginConfig.originSslProtocols", []any{"TLSv1"})},

		// CloudTrail.
		{Name: "trail: log file validation off", NonWaivable: true,
			Mutate: setProperty(typeTrail, "platform-audit", "enableLogFileValidation", false)},
		{Name: "trail: KMS encryption removed", NonWaivable: true,
			Mutate: deleteProperty(typeTrail, "platform-audit", "kmsKeyId")},
		{Name: "trail: CloudWatch Logs delivery removed",
			Mutate: allOf(
				deleteProperty(typeTrail, "platform-audit", "cloudWatchLogsGroupArn"),
				deleteProperty(typeTrail, "platform-audit", "cloudWatchLogsRoleArn"))},
		{Name: "trail: single region", NonWaivable: true,
			Mutate: setProperty(typeTrail, "platform-audit", "isMultiRegionTrail", false)},
		{Name: "trail: global service events off", NonWaivable: true,
			Mutate: setProperty(typeTrail, "platform-audit", "includeGlobalServiceEvents", false)},
		{Name: "trail: logging stopped", NonWaivable: true,
			Mutate: setProperty(typeTrail, "platform-audit", "enableLogging", false)},
	}
}
