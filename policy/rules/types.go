package rules

// Type tokens of the resources that the policies check.
//
// NOTE: The tokens are those of pulumi-aws v6. A provider major version that renames a resource type
// needs its new token added to the policies that check that type.
const (
	typeS3Bucket                        = "aws:s3/bucket:Bucket"
	typeS3BucketV2                      = "aws:s3/bucketV2:BucketV2"
	typeS3BucketACLV2                   = "aws:s3/bucketAclV2:BucketAclV2"
	typeS3BucketPublicAccessBlock       = "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock"
	typeS3BucketEncryptionConfiguration = "aws:s3/bucketServerSideEncryptionConfigurationV2:BucketServerSideEncryptionConfigurationV2"
	typeS3BucketVersioningV2            = "aws:s3/bucketVersioningV2:BucketVersioningV2"
	typeS3BucketOwnershipControls       = "aws:s3/bucketOwnershipControls:BucketOwnershipControls"
	typeS3BucketPolicy                  = "aws:s3/bucketPolicy:BucketPolicy"
	typeS3AccountPublicAccessBlock      = "aws:s3/accountPublicAccessBlock:AccountPublicAccessBlock"
	typeS3BucketCorsConfigurationV2     = "aws:s3/bucketCorsConfigurationV2:BucketCorsConfigurationV2"

	typeKMSKey       = "aws:kms/key:Key"
	typeKMSKeyPolicy = "aws:kms/keyPolicy:KeyPolicy"

	typeLambdaFunction    = "aws:lambda/function:Function"
	typeLambdaPermission  = "aws:lambda/permission:Permission"
	typeLambdaFunctionURL = "aws:lambda/functionUrl:FunctionUrl"

	typeCloudWatchLogGroup    = "aws:cloudwatch/logGroup:LogGroup"
	typeCloudWatchMetricAlarm = "aws:cloudwatch/metricAlarm:MetricAlarm"

	typeCloudTrailTrail = "aws:cloudtrail/trail:Trail"

	typeSecretsManagerSecret         = "aws:secretsmanager/secret:Secret"
	typeSecretsManagerSecretPolicy   = "aws:secretsmanager/secretPolicy:SecretPolicy"
	typeSecretsManagerSecretVersion  = "aws:secretsmanager/secretVersion:SecretVersion"
	typeSecretsManagerSecretRotation = "aws:secretsmanager/secretRotation:SecretRotation"
	typeSSMParameter                 = "aws:ssm/parameter:Parameter"

	typeGuardDutyDetector        = "aws:guardduty/detector:Detector"
	typeGuardDutyDetectorFeature = "aws:guardduty/detectorFeature:DetectorFeature"

	typeSNSTopic = "aws:sns/topic:Topic"
	typeSQSQueue = "aws:sqs/queue:Queue"

	typeConfigRecorder        = "aws:cfg/recorder:Recorder"
	typeConfigRecorderStatus  = "aws:cfg/recorderStatus:RecorderStatus"
	typeConfigDeliveryChannel = "aws:cfg/deliveryChannel:DeliveryChannel"

	typeAPIGatewayStage            = "aws:apigateway/stage:Stage"
	typeAPIGatewayMethod           = "aws:apigateway/method:Method"
	typeAPIGatewayMethodSettings   = "aws:apigateway/methodSettings:MethodSettings"
	typeAPIGatewayDomainName       = "aws:apigateway/domainName:DomainName"
	typeAPIGatewayRestAPI          = "aws:apigateway/restApi:RestApi"
	typeAPIGatewayAuthorizer       = "aws:apigateway/authorizer:Authorizer"
	typeAPIGatewayRequestValidator = "aws:apigateway/requestValidator:RequestValidator"

	typeCognitoUserPool       = "aws:cognito/userPool:UserPool"
	typeCognitoIdentityPool   = "aws:cognito/identityPool:IdentityPool"
	typeCognitoUserPoolClient = "aws:cognito/userPoolClient:UserPoolClient"

	typeCloudFrontDistribution          = "aws:cloudfront/distribution:Distribution"
	typeCloudFrontResponseHeadersPolicy = "aws:cloudfront/responseHeadersPolicy:ResponseHeadersPolicy"

	typeWAFv2WebACL                     = "aws:wafv2/webAcl:WebAcl"
	typeWAFv2WebACLLoggingConfiguration = "aws:wafv2/webAclLoggingConfiguration:WebAclLoggingConfiguration"
	typeWAFv2WebACLAssociation          = "aws:wafv2/webAclAssociation:WebAclAssociation"

	typeIAMPolicy      = "aws:iam/policy:Policy"
	typeIAMRolePolicy  = "aws:iam/rolePolicy:RolePolicy"
	typeIAMUserPolicy  = "aws:iam/userPolicy:UserPolicy"
	typeIAMGroupPolicy = "aws:iam/groupPolicy:GroupPolicy"

	typeIAMRole                            = "aws:iam/role:Role"
	typeIAMAccessKey                       = "aws:iam/accessKey:AccessKey"
	typeIAMAccountPasswordPolicy           = "aws:iam/accountPasswordPolicy:AccountPasswordPolicy"
	typeIAMRolePolicyAttachment            = "aws:iam/rolePolicyAttachment:RolePolicyAttachment"
	typeIAMUserPolicyAttachment            = "aws:iam/userPolicyAttachment:UserPolicyAttachment"
	typeIAMGroupPolicyAttachment           = "aws:iam/groupPolicyAttachment:GroupPolicyAttachment"
	typeIAMPolicyAttachment                = "aws:iam/policyAttachment:PolicyAttachment"
	typeIAMRolePolicyAttachmentsExclusive  = "aws:iam/rolePolicyAttachmentsExclusive:RolePolicyAttachmentsExclusive"
	typeIAMUserPolicyAttachmentsExclusive  = "aws:iam/userPolicyAttachmentsExclusive:UserPolicyAttachmentsExclusive"
	typeIAMGroupPolicyAttachmentsExclusive = "aws:iam/groupPolicyAttachmentsExclusive:GroupPolicyAttachmentsExclusive"

	typeEC2VPC                      = "aws:ec2/vpc:Vpc"
	typeEC2FlowLog                  = "aws:ec2/flowLog:FlowLog"
	typeEC2SecurityGroup            = "aws:ec2/securityGroup:SecurityGroup"
	typeEC2DefaultSecurityGroup     = "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup"
	typeEC2SecurityGroupRule        = "aws:ec2/securityGroupRule:SecurityGroupRule"
	typeVPCSecurityGroupIngressRule = "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule"
	typeVPCSecurityGroupEgressRule  = "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule"
	typeEC2Subnet                   = "aws:ec2/subnet:Subnet"
	typeEC2RouteTable               = "aws:ec2/routeTable:RouteTable"
	typeEC2Route                    = "aws:ec2/route:Route"
	typeEC2RouteTableAssociation    = "aws:ec2/routeTableAssociation:RouteTableAssociation"
	typeEC2InternetGateway          = "aws:ec2/internetGateway:InternetGateway"
	typeEC2VPCEndpoint              = "aws:ec2/vpcEndpoint:VpcEndpoint"

	typeS3BucketLoggingV2                = "aws:s3/bucketLoggingV2:BucketLoggingV2"
	typeCloudWatchLogDeliverySource      = "aws:cloudwatch/logDeliverySource:LogDeliverySource"
	typeCloudWatchLogDelivery            = "aws:cloudwatch/logDelivery:LogDelivery"
	typeCloudWatchLogDeliveryDestination = "aws:cloudwatch/logDeliveryDestination:LogDeliveryDestination"
	typeCloudWatchEventTarget            = "aws:cloudwatch/eventTarget:EventTarget"
	typeLambdaFunctionEventInvokeConfig  = "aws:lambda/functionEventInvokeConfig:FunctionEventInvokeConfig"
	typeAPIGatewayAccount                = "aws:apigateway/account:Account"
	typeGuardDutyOrganizationConfig      = "aws:guardduty/organizationConfiguration:OrganizationConfiguration"
	typeGuardDutyOrganizationFeature     = "aws:guardduty/organizationConfigurationFeature:OrganizationConfigurationFeature"
	typeGuardDutyPublishingDestination   = "aws:guardduty/publishingDestination:PublishingDestination"
	typeSecurityHubAccount               = "aws:securityhub/account:Account"
	typeSecurityHubStandardsSubscription = "aws:securityhub/standardsSubscription:StandardsSubscription"
)
