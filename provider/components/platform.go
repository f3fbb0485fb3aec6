// Package components serves the components of the infra package through the component package
// secureserverless. Each wrapper takes declarative inputs (plain values, ids and ARNs), registers the
// component with the type token infra uses and builds infra's component into it, so a program in any
// Pulumi language gets the same resources as the Go program.
package components

import (
	"errors"
	"fmt"
	"strings"

	"github.com/pulumi/pulumi-go-provider/infer"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/secureserverless/framework/infra"
	"github.com/secureserverless/framework/program"
	"github.com/secureserverless/framework/provider/archives"
)

// Platform is the whole platform: network, user-files bucket, Cognito user pool, functions, REST API,
// web ACLs, optional CloudFront, audit trail, backup and monitoring. Its outputs are the stack outputs
// of the project's own program.
type Platform struct {
	pulumi.ResourceState

	VpcId                     pulumi.StringOutput      `pulumi:"vpcId"`
	PrivateSubnetIds          pulumi.StringArrayOutput `pulumi:"privateSubnetIds"`
	FunctionSecurityGroupId   pulumi.StringOutput      `pulumi:"functionSecurityGroupId"`
	FlowLogGroupName          pulumi.StringOutput      `pulumi:"flowLogGroupName"`
	UserFilesBucketName       pulumi.StringOutput      `pulumi:"userFilesBucketName"`
	UserFilesBucketArn        pulumi.StringOutput      `pulumi:"userFilesBucketArn"`
	UserFilesKmsKeyArn        pulumi.StringOutput      `pulumi:"userFilesKmsKeyArn"`
	UserFilesQuarantinePrefix pulumi.StringOutput      `pulumi:"userFilesQuarantinePrefix"`
	UserFilesFilesPrefix      pulumi.StringOutput      `pulumi:"userFilesFilesPrefix"`
	UserFilesRejectedPrefix   pulumi.StringOutput      `pulumi:"userFilesRejectedPrefix"`
	UserFilesLogBucketName    pulumi.StringOutput      `pulumi:"userFilesLogBucketName"`
	UserFilesScanResultRule   pulumi.StringOutput      `pulumi:"userFilesScanResultRuleName"`
	UserPoolId                pulumi.StringOutput      `pulumi:"userPoolId"`
	UserPoolClientId          pulumi.StringOutput      `pulumi:"userPoolClientId"`
	UserPoolIssuer            pulumi.StringOutput      `pulumi:"userPoolIssuer"`
	MeFunctionName            pulumi.StringOutput      `pulumi:"meFunctionName"`
	MeFunctionArn             pulumi.StringOutput      `pulumi:"meFunctionArn"`
	MeFunctionLogGroup        pulumi.StringOutput      `pulumi:"meFunctionLogGroup"`
	UploadsFunctionName       pulumi.StringOutput      `pulumi:"uploadsFunctionName"`
	UploadsFunctionArn        pulumi.StringOutput      `pulumi:"uploadsFunctionArn"`
	FilesFunctionName         pulumi.StringOutput      `pulumi:"filesFunctionName"`
	FilesFunctionArn          pulumi.StringOutput      `pulumi:"filesFunctionArn"`
	QuarantineFunctionName    pulumi.StringOutput      `pulumi:"quarantineFunctionName"`
	QuarantineFunctionArn     pulumi.StringOutput      `pulumi:"quarantineFunctionArn"`
	ValidateFunctionName      pulumi.StringOutput      `pulumi:"validateFunctionName"`
	ValidateFunctionArn       pulumi.StringOutput      `pulumi:"validateFunctionArn"`
	ValidateFailureQueueUrl   pulumi.StringOutput      `pulumi:"validateFailureQueueUrl"`
	ApiId                     pulumi.StringOutput      `pulumi:"apiId"`
	ApiInvokeUrl              pulumi.StringOutput      `pulumi:"apiInvokeUrl"`
	ApiStageArn               pulumi.StringOutput      `pulumi:"apiStageArn"`
	ApiAccessLogGroup         pulumi.StringOutput      `pulumi:"apiAccessLogGroup"`
	ApiKeyIds                 pulumi.StringMapOutput   `pulumi:"apiKeyIds"`
	ApiWebAclArn              pulumi.StringOutput      `pulumi:"apiWebAclArn"`
	ApiWebAclLogGroup         pulumi.StringOutput      `pulumi:"apiWebAclLogGroup"`
	AlertTopicArn             pulumi.StringOutput      `pulumi:"alertTopicArn"`
	DashboardUrl              pulumi.StringOutput      `pulumi:"dashboardUrl"`
	AuditTrailArn             pulumi.StringOutput      `pulumi:"auditTrailArn"`
	AuditBucketName           pulumi.StringOutput      `pulumi:"auditBucketName"`
	BackupVaultName           pulumi.StringOutput      `pulumi:"backupVaultName"`
	BackupPlanId              pulumi.StringOutput      `pulumi:"backupPlanId"`
	EdgeUrl                   pulumi.StringOutput      `pulumi:"edgeUrl"`
	EdgeDistributionId        pulumi.StringOutput      `pulumi:"edgeDistributionId"`
	EdgeWebAclArn             pulumi.StringOutput      `pulumi:"edgeWebAclArn"`
	EdgeOriginSecretArn       pulumi.StringOutput      `pulumi:"edgeOriginSecretArn"`
	EdgeRotationFunctionName  pulumi.StringOutput      `pulumi:"edgeRotationFunctionName"`
}

// Annotate sets the Platform's token and the descriptions of its outputs.
func (p *Platform) Annotate(a infer.Annotator) {
	setToken(a, infra.PlatformType)
	a.Describe(p, "The secure serverless platform on AWS: Go Lambdas on provided.al2023 in a private VPC behind "+
		"least-privilege roles, a KMS-encrypted user-files bucket with malware scanning, a Cognito user pool and a "+
		"REST API behind AWS WAF and, by default, CloudFront. Its inputs are the stack settings of the "+
		"secure-serverless project.")
	a.Describe(&p.VpcId, "Id of the VPC the functions run in.")
	a.Describe(&p.PrivateSubnetIds, "Ids of the private subnets of the functions, one per availability zone.")
	a.Describe(&p.FunctionSecurityGroupId, "Id of the security group of the functions' network interfaces.")
	a.Describe(&p.FlowLogGroupName, "CloudWatch Logs group of the VPC flow logs.")
	a.Describe(&p.UserFilesBucketName, "Name of the user-files bucket.")
	a.Describe(&p.UserFilesBucketArn, "ARN of the user-files bucket.")
	a.Describe(&p.UserFilesKmsKeyArn, "ARN of the KMS key of the user-files bucket, empty with AES256 encryption.")
	a.Describe(&p.UserFilesQuarantinePrefix, "Key prefix where uploads wait for their checks.")
	a.Describe(&p.UserFilesFilesPrefix, "Key prefix of the files that passed their checks.")
	a.Describe(&p.UserFilesRejectedPrefix, "Key prefix of the uploads that failed their checks.")
	a.Describe(&p.UserFilesLogBucketName, "Name of the bucket that receives the S3 server access logs.")
	a.Describe(&p.UserFilesScanResultRule, "Name of the EventBridge rule of the malware scan results, empty "+
		"when userFilesMalwareScanning is false.")
	a.Describe(&p.UserPoolId, "Id of the Cognito user pool.")
	a.Describe(&p.UserPoolClientId, "Id of the user pool's web client.")
	a.Describe(&p.UserPoolIssuer, "Issuer URL of the user pool's tokens.")
	a.Describe(&p.MeFunctionName, "Name of the function behind GET /me.")
	a.Describe(&p.MeFunctionArn, "ARN of the function behind GET /me.")
	a.Describe(&p.MeFunctionLogGroup, "Log group of the function behind GET /me.")
	a.Describe(&p.UploadsFunctionName, "Name of the function behind POST /uploads.")
	a.Describe(&p.UploadsFunctionArn, "ARN of the function behind POST /uploads.")
	a.Describe(&p.FilesFunctionName, "Name of the function behind /files and DELETE /me/files.")
	a.Describe(&p.FilesFunctionArn, "ARN of the function behind /files and DELETE /me/files.")
	a.Describe(&p.QuarantineFunctionName, "Name of the function behind GET /admin/quarantine.")
	a.Describe(&p.QuarantineFunctionArn, "ARN of the function behind GET /admin/quarantine.")
	a.Describe(&p.ValidateFunctionName, "Name of the function that checks every upload.")
	a.Describe(&p.ValidateFunctionArn, "ARN of the function that checks every upload.")
	a.Describe(&p.ValidateFailureQueueUrl, "URL of the SQS queue of upload events the validate function "+
		"still failed after its retries.")
	a.Describe(&p.ApiId, "Id of the REST API.")
	a.Describe(&p.ApiInvokeUrl, "Invoke URL of the REST API's stage.")
	a.Describe(&p.ApiStageArn, "ARN of the REST API's stage.")
	a.Describe(&p.ApiAccessLogGroup, "Log group of the stage's access logs.")
	a.Describe(&p.ApiKeyIds, "Id of the API key of each machine client in apiClients, by client name.")
	a.Describe(&p.ApiWebAclArn, "ARN of the web ACL of the REST API's stage.")
	a.Describe(&p.ApiWebAclLogGroup, "Log group of the API web ACL's logs.")
	a.Describe(&p.AlertTopicArn, "ARN of the SNS topic of the alarms.")
	a.Describe(&p.DashboardUrl, "URL of the CloudWatch dashboard.")
	a.Describe(&p.AuditTrailArn, "ARN of the CloudTrail trail, empty when auditTrailEnabled is false.")
	a.Describe(&p.AuditBucketName, "Name of the trail's bucket, empty when auditTrailEnabled is false.")
	a.Describe(&p.BackupVaultName, "Name of the AWS Backup vault, empty when backupEnabled is false.")
	a.Describe(&p.BackupPlanId, "Id of the AWS Backup plan, empty when backupEnabled is false.")
	a.Describe(&p.EdgeUrl, "URL of the CloudFront distribution, empty when edgeEnabled is false.")
	a.Describe(&p.EdgeDistributionId, "Id of the CloudFront distribution, empty when edgeEnabled is false.")
	a.Describe(&p.EdgeWebAclArn, "ARN of CloudFront's web ACL, empty when edgeEnabled is false.")
	a.Describe(&p.EdgeOriginSecretArn, "ARN of the secret with the header CloudFront sends to the API, "+
		"empty when edgeEnabled is false.")
	a.Describe(&p.EdgeRotationFunctionName, "Name of the function that rotates the origin secret, empty "+
		"when edgeEnabled is false.")
}

// NewPlatform registers the Platform and builds infra's platform into it. The inputs are read and
// validated by the same code as the project's stack settings, so a wrong value fails with the input's
// name, the value and the accepted values. infra's PlatformArgs.Validate then checks namePrefix against
// every component the Platform creates and opens every function archive. Both run before any resource
// is registered, and each reports all of its errors at once.
func NewPlatform(ctx *pulumi.Context, name string, args PlatformArgs, opts ...pulumi.ResourceOption,
) (*Platform, error) {
	config, err := program.LoadInputs(infra.PlatformType, ctx.Stack(), args.settings())
	if err != nil {
		return nil, err
	}
	if strings.TrimSpace(args.NamePrefix) == "" {
		return nil, fmt.Errorf("invalid input namePrefix=%q of component %s: set it to the start of every "+
			"physical name, such as my-app-dev", args.NamePrefix, infra.PlatformType)
	}
	functions, err := archives.Resolve(config.LambdaArchitecture, args.FunctionArchives)
	if err != nil {
		return nil, fmt.Errorf("component %s %q: %w", infra.PlatformType, name, err)
	}

	platformArgs := config.PlatformArgs(args.NamePrefix, functions.SourceDir, functions.Archives, "")
	if err := platformArgs.Validate(name); err != nil {
		return nil, platformInputError(name, err)
	}

	component := &Platform{}
	if err := ctx.RegisterComponentResource(infra.PlatformType, name, component, opts...); err != nil {
		return nil, fmt.Errorf("registering platform %q: %w", name, err)
	}
	platform, err := infra.BuildPlatform(ctx, name, platformArgs, component)
	if err != nil {
		return nil, err
	}
	component.setOutputs(platform)
	return component, nil
}

// platformFields maps the Go field names in the errors of infra's platform and of the components it
// creates to the Platform's input names. FunctionName and Archive are fields of each function, which
// the Platform derives from namePrefix and functionArchives.
var platformFields = map[string]string{
	"NamePrefix":       "namePrefix",
	"FunctionArchives": "functionArchives",
	"Archive":          "functionArchives entry",
	"Architecture":     "lambdaArchitecture",
	"FunctionName":     "function name",
}

// platformInputError returns err of infra's platform with the input names of the Platform. The fix for
// a long function name names namePrefix, which a user of the Platform sets directly, in place of the
// project and stack names that make up the prefix of the Go program.
func platformInputError(name string, err error) error {
	err = inputError(infra.PlatformType, name, err, platformFields)
	if err == nil {
		return nil
	}
	return errors.New(strings.ReplaceAll(err.Error(), "use a shorter project or stack name",
		"use a shorter namePrefix"))
}

// setOutputs copies the outputs of the built platform. The parts that are off give empty strings.
func (p *Platform) setOutputs(platform *infra.Platform) {
	empty := pulumi.String("").ToStringOutput()
	p.VpcId = platform.Network.VpcId
	p.PrivateSubnetIds = platform.Network.PrivateSubnetIds
	p.FunctionSecurityGroupId = platform.Network.FunctionSecurityGroupId
	p.FlowLogGroupName = platform.Network.FlowLogGroupName
	p.UserFilesBucketName = platform.UserFiles.BucketName
	p.UserFilesBucketArn = platform.UserFiles.BucketArn
	p.UserFilesKmsKeyArn = platform.UserFiles.KeyArn
	p.UserFilesQuarantinePrefix = platform.UserFiles.QuarantinePrefix
	p.UserFilesFilesPrefix = platform.UserFiles.FilesPrefix
	p.UserFilesRejectedPrefix = platform.UserFiles.RejectedPrefix
	p.UserFilesLogBucketName = platform.UserFiles.LogBucketName
	p.UserFilesScanResultRule = platform.UserFiles.ScanResultRuleName
	p.UserPoolId = platform.Auth.UserPoolId
	p.UserPoolClientId = platform.Auth.ClientId
	p.UserPoolIssuer = platform.Auth.IssuerURL
	p.MeFunctionName = platform.MeFunction.FunctionName
	p.MeFunctionArn = platform.MeFunction.FunctionArn
	p.MeFunctionLogGroup = platform.MeFunction.LogGroupName
	p.UploadsFunctionName = platform.UploadsFunction.FunctionName
	p.UploadsFunctionArn = platform.UploadsFunction.FunctionArn
	p.FilesFunctionName = platform.FilesFunction.FunctionName
	p.FilesFunctionArn = platform.FilesFunction.FunctionArn
	p.QuarantineFunctionName = platform.QuarantineFunction.FunctionName
	p.QuarantineFunctionArn = platform.QuarantineFunction.FunctionArn
	p.ValidateFunctionName = platform.ValidateFunction.FunctionName
	p.ValidateFunctionArn = platform.ValidateFunction.FunctionArn
	p.ValidateFailureQueueUrl = platform.ValidateFailureQueue.Url
	p.ApiId = platform.API.RestApiId
	p.ApiInvokeUrl = platform.API.InvokeUrl
	p.ApiStageArn = platform.API.StageArn
	p.ApiAccessLogGroup = platform.API.AccessLogGroupName
	p.ApiKeyIds = platform.API.ApiKeyIds
	p.ApiWebAclArn = platform.Firewall.WebAclArn
	p.ApiWebAclLogGroup = platform.Firewall.LogGroupName
	p.AlertTopicArn = platform.Monitoring.TopicArn
	p.DashboardUrl = platform.Monitoring.DashboardURL

	p.AuditTrailArn, p.AuditBucketName = empty, empty
	if audit := platform.Audit; audit != nil {
		p.AuditTrailArn, p.AuditBucketName = audit.TrailArn, audit.BucketName
	}
	p.BackupVaultName, p.BackupPlanId = empty, empty
	if backup := platform.Backup; backup != nil {
		p.BackupVaultName, p.BackupPlanId = backup.VaultName, backup.PlanId
	}
	p.EdgeUrl, p.EdgeDistributionId, p.EdgeWebAclArn = empty, empty, empty
	p.EdgeOriginSecretArn, p.EdgeRotationFunctionName = empty, empty
	if edge := platform.Edge; edge != nil {
		p.EdgeUrl, p.EdgeDistributionId, p.EdgeWebAclArn = edge.URL, edge.DistributionId, edge.WebAclArn
		p.EdgeOriginSecretArn, p.EdgeRotationFunctionName = edge.OriginSecretArn, edge.RotationFunctionName
	}
}
