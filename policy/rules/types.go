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

	typeKMSKey = "aws:kms/key:Key"

	typeLambdaFunction = "aws:lambda/function:Function"

	typeCloudWatchLogGroup = "aws:cloudwatch/logGroup:LogGroup"

	typeIAMPolicy      = "aws:iam/policy:Policy"
	typeIAMRolePolicy  = "aws:iam/rolePolicy:RolePolicy"
	typeIAMUserPolicy  = "aws:iam/userPolicy:UserPolicy"
	typeIAMGroupPolicy = "aws:iam/groupPolicy:GroupPolicy"

	typeEC2SecurityGroup            = "aws:ec2/securityGroup:SecurityGroup"
	typeEC2SecurityGroupRule        = "aws:ec2/securityGroupRule:SecurityGroupRule"
	typeVPCSecurityGroupIngressRule = "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule"
)
