package fakeaws

import (
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
)

// replaceOnChange lists, per type token, the inputs that AWS cannot change in place. For these the real
// provider reports a replacement (ForceNew or RequiresReplace in the Terraform schema of pulumi-aws v6.83.4).
// An entry is a top-level input, or a property path with dots for an input nested in an object, such as
// "protectedResource.s3Bucket.bucketName". Types without an entry are updated in place.
var replaceOnChange = map[string][]string{
	// S3.
	"aws:s3/bucketV2:BucketV2": {"bucket", "bucketPrefix", "objectLockEnabled"},
	"aws:s3/bucket:Bucket":     {"bucket", "bucketPrefix", "objectLockEnabled"},
	"aws:s3/bucketServerSideEncryptionConfigurationV2:BucketServerSideEncryptionConfigurationV2": {
		"bucket", "expectedBucketOwner",
	},
	"aws:s3/bucketVersioningV2:BucketVersioningV2":                         {"bucket", "expectedBucketOwner"},
	"aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock":               {"bucket"},
	"aws:s3/bucketOwnershipControls:BucketOwnershipControls":               {"bucket"},
	"aws:s3/bucketPolicy:BucketPolicy":                                     {"bucket"},
	"aws:s3/bucketLifecycleConfigurationV2:BucketLifecycleConfigurationV2": {"bucket", "expectedBucketOwner"},
	"aws:s3/bucketLoggingV2:BucketLoggingV2":                               {"bucket", "expectedBucketOwner"},
	"aws:s3/bucketAclV2:BucketAclV2":                                       {"bucket", "expectedBucketOwner"},
	"aws:s3/bucketCorsConfigurationV2:BucketCorsConfigurationV2":           {"bucket", "expectedBucketOwner"},
	"aws:s3/bucketNotification:BucketNotification":                         {"bucket"},
	"aws:s3/bucketObjectLockConfigurationV2:BucketObjectLockConfigurationV2": {
		"bucket", "expectedBucketOwner",
	},

	// KMS.
	"aws:kms/key:Key": {
		"customerMasterKeySpec", "keySpec", "keyUsage", "multiRegion", "customKeyStoreId", "xksKeyId",
	},
	"aws:kms/alias:Alias": {"name", "namePrefix"},

	// IAM.
	"aws:iam/role:Role":                                 {"name", "namePrefix", "path"},
	"aws:iam/rolePolicy:RolePolicy":                     {"name", "namePrefix", "role"},
	"aws:iam/policy:Policy":                             {"name", "namePrefix", "path", "description"},
	"aws:iam/rolePolicyAttachment:RolePolicyAttachment": {"role", "policyArn"},

	// CloudWatch Logs.
	"aws:cloudwatch/logGroup:LogGroup": {"name", "namePrefix", "logGroupClass"},

	// Lambda. A permission has no update operation, so every input replaces it.
	"aws:lambda/function:Function": {"name", "packageType"},
	"aws:lambda/permission:Permission": {
		"action", "eventSourceToken", "function", "functionUrlAuthType", "principal", "principalOrgId",
		"qualifier", "sourceAccount", "sourceArn", "statementId", "statementIdPrefix",
	},

	// EC2 and VPC.
	"aws:ec2/vpc:Vpc": {"cidrBlock", "ipv4IpamPoolId", "ipv4NetmaskLength"},
	"aws:ec2/subnet:Subnet": {
		"vpcId", "cidrBlock", "availabilityZone", "availabilityZoneId", "ipv6Native",
	},
	"aws:ec2/routeTable:RouteTable":                       {"vpcId"},
	"aws:ec2/routeTableAssociation:RouteTableAssociation": {"subnetId", "gatewayId"},
	"aws:ec2/route:Route": {
		"routeTableId", "destinationCidrBlock", "destinationIpv6CidrBlock", "destinationPrefixListId",
	},
	"aws:ec2/securityGroup:SecurityGroup": {"name", "namePrefix", "description", "vpcId"},
	"aws:ec2/securityGroupRule:SecurityGroupRule": {
		"type", "fromPort", "toPort", "protocol", "cidrBlocks", "ipv6CidrBlocks", "prefixListIds",
		"securityGroupId", "sourceSecurityGroupId", "self",
	},
	"aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule": {"securityGroupId"},
	"aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule":   {"securityGroupId"},
	"aws:ec2/vpcEndpoint:VpcEndpoint":                           {"vpcId", "serviceName", "vpcEndpointType", "serviceRegion"},
	"aws:ec2/defaultSecurityGroup:DefaultSecurityGroup":         {"vpcId"},
	"aws:ec2/flowLog:FlowLog": {
		"vpcId", "subnetId", "eniId", "transitGatewayId", "transitGatewayAttachmentId", "trafficType",
		"logDestination", "logDestinationType", "logFormat", "logGroupName", "iamRoleArn",
		"maxAggregationInterval", "destinationOptions", "deliverCrossAccountRole",
	},
	"aws:ec2/natGateway:NatGateway": {"allocationId", "connectivityType", "subnetId", "privateIp"},
	"aws:ec2/eip:Eip": {
		"address", "customerOwnedIpv4Pool", "domain", "ipamPoolId", "networkBorderGroup", "publicIpv4Pool",
	},

	// GuardDuty. Only the bucket of the protected resource forces a new plan; prefixes, actions and the
	// role are updated in place.
	"aws:guardduty/malwareProtectionPlan:MalwareProtectionPlan": {"protectedResource.s3Bucket.bucketName"},

	// EventBridge.
	"aws:cloudwatch/eventRule:EventRule": {"name", "namePrefix", "eventBusName"},

	// Monitoring and baseline: the trail, alerts, AWS Backup and the account-level services. A backup
	// selection and a standards subscription have no update operation, so every input replaces them.
	"aws:cloudtrail/trail:Trail":                     {"name"},
	"aws:sns/topicPolicy:TopicPolicy":                {"arn"},
	"aws:sns/topicSubscription:TopicSubscription":    {"endpoint", "protocol", "topic"},
	"aws:cloudwatch/logMetricFilter:LogMetricFilter": {"name", "logGroupName"},
	"aws:cloudwatch/metricAlarm:MetricAlarm":         {"name"},
	"aws:cloudwatch/dashboard:Dashboard":             {"dashboardName"},
	"aws:backup/vault:Vault":                         {"name", "kmsKeyArn"},
	"aws:backup/plan:Plan":                           {"name"},
	"aws:backup/selection:Selection": {
		"name", "planId", "iamRoleArn", "resources", "notResources", "selectionTags", "conditions",
	},
	"aws:guardduty/detectorFeature:DetectorFeature":               {"detectorId", "name", "additionalConfigurations"},
	"aws:cfg/recorder:Recorder":                                   {"name"},
	"aws:cfg/deliveryChannel:DeliveryChannel":                     {"name"},
	"aws:securityhub/account:Account":                             {"enableDefaultStandards"},
	"aws:securityhub/standardsSubscription:StandardsSubscription": {"standardsArn"},
	"aws:accessanalyzer/analyzer:Analyzer":                        {"analyzerName", "type", "configuration"},

	// API Gateway. A REST API and a usage plan change in place. The status code of a method or
	// integration response does not force a replacement, although it is part of the id. Switching an
	// authorizer's type to or from COGNITO_USER_POOLS also replaces it, which the model leaves out.
	"aws:apigateway/resource:Resource": {"restApi"},
	"aws:apigateway/method:Method":     {"httpMethod", "resourceId", "restApi"},
	"aws:apigateway/integration:Integration": {
		"credentials", "httpMethod", "integrationHttpMethod", "passthroughBehavior", "resourceId", "restApi", "type",
	},
	"aws:apigateway/methodResponse:MethodResponse":           {"httpMethod", "resourceId", "restApi"},
	"aws:apigateway/integrationResponse:IntegrationResponse": {"httpMethod", "resourceId", "restApi"},
	"aws:apigateway/authorizer:Authorizer":                   {"restApi"},
	"aws:apigateway/requestValidator:RequestValidator":       {"restApi"},
	"aws:apigateway/model:Model":                             {"contentType", "name", "restApi"},
	"aws:apigateway/response:Response":                       {"responseType", "restApiId"},
	"aws:apigateway/deployment:Deployment": {
		"canarySettings", "restApi", "stageDescription", "stageName", "triggers", "variables",
	},
	"aws:apigateway/stage:Stage":                   {"restApi", "stageName"},
	"aws:apigateway/methodSettings:MethodSettings": {"methodPath", "restApi", "stageName"},
	"aws:apigateway/restApiPolicy:RestApiPolicy":   {"restApiId"},
	"aws:apigateway/apiKey:ApiKey":                 {"name", "value"},
	"aws:apigateway/usagePlanKey:UsagePlanKey":     {"keyId", "keyType", "usagePlanId"},

	// WAFv2. Rules, actions and descriptions change in place. An association has no update operation,
	// and a logging configuration cannot move to another web ACL or destination in place.
	"aws:wafv2/webAcl:WebAcl":                       {"name", "namePrefix", "scope"},
	"aws:wafv2/regexPatternSet:RegexPatternSet":     {"name", "namePrefix", "scope"},
	"aws:wafv2/webAclAssociation:WebAclAssociation": {"resourceArn", "webAclArn"},
	"aws:wafv2/webAclLoggingConfiguration:WebAclLoggingConfiguration": {
		"logDestinationConfigs", "resourceArn",
	},

	// CloudFront, ACM, Secrets Manager and CloudFront's log delivery. A distribution, an origin access
	// control, a response headers policy and a key group change in place. A certificate validation has no
	// update operation. A delivery destination is also replaced when its destination ARN moves to another
	// service, which the model leaves out.
	"aws:cloudfront/publicKey:PublicKey": {"encodedKey", "name", "namePrefix"},
	"aws:acm/certificate:Certificate": {
		"certificateAuthorityArn", "domainName", "keyAlgorithm", "subjectAlternativeNames", "validationMethod",
		"validationOptions",
	},
	"aws:acm/certificateValidation:CertificateValidation":          {"certificateArn", "validationRecordFqdns"},
	"aws:route53/record:Record":                                    {"name", "zoneId"},
	"aws:secretsmanager/secret:Secret":                             {"name", "namePrefix"},
	"aws:secretsmanager/secretRotation:SecretRotation":             {"secretId"},
	"aws:cloudwatch/logDeliverySource:LogDeliverySource":           {"logType", "name", "resourceArn"},
	"aws:cloudwatch/logDeliveryDestination:LogDeliveryDestination": {"name", "outputFormat"},
	"aws:cloudwatch/logDelivery:LogDelivery":                       {"deliveryDestinationArn", "deliverySourceName"},

	// IAM OIDC providers. The client IDs and thumbprints change in place, and only the issuer URL forces
	// a new provider.
	"aws:iam/openIdConnectProvider:OpenIdConnectProvider": {"url"},

	// Types with a partial model (autonaming, id and main ARN).
	"aws:sqs/queue:Queue":           {"name", "namePrefix", "fifoQueue"},
	"aws:sns/topic:Topic":           {"name", "namePrefix", "fifoTopic"},
	"aws:dynamodb/table:Table":      {"name"},
	"aws:cognito/userPool:UserPool": {"aliasAttributes", "usernameAttributes"},
}

// ReplaceOnChange returns the inputs of typ that AWS cannot change in place, so a change to any of them
// makes the provider report a replacement. Each is a top-level input or a property path with dots (see
// ValueAtPath). It returns nil for types updated in place and for types the model does not know.
func ReplaceOnChange(typ string) []string {
	keys := replaceOnChange[typ]
	if len(keys) == 0 {
		return nil
	}
	return append([]string(nil), keys...)
}

// ValueAtPath returns the value at a path of ReplaceOnChange, such as "protectedResource.s3Bucket.bucketName".
// ok is false when a key on the path is absent or a value on the way is not a known object. Secret and
// output wrappers on the way are looked through. The value at the end may be null.
func ValueAtPath(props resource.PropertyMap, path string) (resource.PropertyValue, bool) {
	current := resource.NewObjectProperty(props)
	for _, key := range strings.Split(path, ".") {
		object, known := unwrap(current)
		if !known || !object.IsObject() {
			return resource.PropertyValue{}, false
		}
		next, has := object.ObjectValue()[resource.PropertyKey(key)]
		if !has {
			return resource.PropertyValue{}, false
		}
		current = next
	}
	return current, true
}
