// Package infra holds the platform's Pulumi components. Each component is a ComponentResource with
// secure defaults, created by NewX(ctx, name, args, opts...) and parenting every resource it creates.
package infra

import (
	"fmt"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/sqs"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// PlatformType is the type token of the top-level component.
const PlatformType = "secureserverless:index:Platform"

// PlatformArgs configures the whole platform.
type PlatformArgs struct {
	// NamePrefix starts the physical name of every named resource, such as "secure-serverless-dev".
	NamePrefix string
	// SourceDir is the absolute path of the Go module that holds the functions, the module of this
	// repository. It may be empty when FunctionArchives holds an archive of every function the platform
	// creates.
	SourceDir string
	// FunctionArchives maps a function's short name (one of PlatformFunctionNames) to the path of its
	// prebuilt deployment zip, used in place of building ./functions/<name> from SourceDir.
	FunctionArchives map[string]string
	// Network configures the VPC the functions run in. NamePrefix is set from the platform's.
	Network NetworkArgs
	// UserFiles configures the user-files bucket. Its Access is set to the roles of the file functions.
	UserFiles UserFilesBucketArgs
	// Auth configures the Cognito user pool and its web client. NamePrefix is set from the platform's.
	Auth AuthArgs
	// Functions holds the settings every function shares; FunctionName, Package, Statements and Vpc
	// are set per function.
	Functions GoFunctionArgs
	// API configures the REST API. NamePrefix, UserPoolArn, Routes and LogsKeyArn are set by the platform.
	API RestAPIArgs
	// APIKeyRequired makes every route require an API key of a usage plan, for APIs that only machine
	// clients call.
	APIKeyRequired bool
	// Firewall configures the API's web ACL. NamePrefix, StageArn, LogsKeyArn, CORSAllowOrigin and
	// OriginVerify are set by the platform.
	Firewall APIFirewallArgs
	// Edge configures CloudFront in front of the API; Enabled turns it on. NamePrefix, APIDomain,
	// APIStageName, LogBucketArn and RotationFunction are set by the platform.
	Edge EdgeArgs
	// AuditEnabled adds a CloudTrail trail of the account, configured by Audit. NamePrefix and
	// DataEventBucketArns are set by the platform.
	AuditEnabled bool
	Audit        AuditArgs
	// Monitoring configures the alert topic, the alarms and the dashboard. The platform sets what they
	// watch.
	Monitoring MonitoringArgs
	// BackupEnabled adds an AWS Backup plan of the user-files bucket, configured by Backup. NamePrefix
	// and BucketArn are set by the platform.
	BackupEnabled bool
	Backup        BackupArgs
}

// Platform composes the network, the user-files bucket, the Cognito user pool and the API functions.
type Platform struct {
	pulumi.ResourceState

	Network    *Network
	UserFiles  *UserFilesBucket
	Auth       *Auth
	MeFunction *GoFunction
	// UploadsFunction serves POST /uploads.
	UploadsFunction *GoFunction
	// FilesFunction serves GET /files, GET and DELETE /files/{id}, DELETE /me/files and the admin erasure.
	FilesFunction *GoFunction
	// QuarantineFunction serves GET /admin/quarantine.
	QuarantineFunction *GoFunction
	// ValidateFunction checks every upload and promotes or rejects it.
	ValidateFunction *GoFunction
	// ValidateFailureQueue receives the events that ValidateFunction still fails after its retries.
	ValidateFailureQueue *sqs.Queue
	// API is the REST API that routes to the functions behind the Cognito authorizer.
	API *RestAPI
	// Firewall is the web ACL in front of the API's stage.
	Firewall *APIFirewall
	// Edge is CloudFront in front of the API, nil when it is off.
	Edge *Edge
	// Audit is the CloudTrail trail, nil when it is off.
	Audit *Audit
	// Monitoring holds the alert topic, the alarms and the dashboard.
	Monitoring *Monitoring
	// Backup is the backup plan of the user-files bucket, nil when it is off.
	Backup *Backup
}

// NewPlatform creates every component of the platform under one parent.
func NewPlatform(ctx *pulumi.Context, name string, args PlatformArgs, opts ...pulumi.ResourceOption,
) (*Platform, error) {
	if err := args.validate(name); err != nil {
		return nil, err
	}

	component := &Platform{}
	if err := ctx.RegisterComponentResource(PlatformType, name, component, opts...); err != nil {
		return nil, fmt.Errorf("registering platform %q: %w", name, err)
	}
	if err := component.build(ctx, name, args, component); err != nil {
		return nil, err
	}
	if err := ctx.RegisterResourceOutputs(component, component.outputs()); err != nil {
		return nil, fmt.Errorf("registering outputs of platform %q: %w", name, err)
	}
	return component, nil
}

// BuildPlatform creates every component of the platform as a child of host, a component resource of
// type PlatformType that the caller registered, such as the one the component package constructs. The
// caller registers host's outputs. The returned Platform holds the components only: it is not a
// registered resource itself, so pass host, not it, where a resource is needed.
func BuildPlatform(ctx *pulumi.Context, name string, args PlatformArgs, host pulumi.ComponentResource,
) (*Platform, error) {
	if err := args.validate(name); err != nil {
		return nil, err
	}
	parts := &Platform{}
	if err := parts.build(ctx, name, args, host); err != nil {
		return nil, err
	}
	return parts, nil
}

// build creates the components under self, the registered resource of the platform, and stores them in
// component.
func (component *Platform) build(ctx *pulumi.Context, name string, args PlatformArgs, self pulumi.Resource) error {
	parent := pulumi.Parent(self)

	networkArgs := args.Network
	networkArgs.NamePrefix = args.NamePrefix
	network, err := NewNetwork(ctx, name+"-network", networkArgs, parent)
	if err != nil {
		return err
	}

	authArgs := args.Auth
	authArgs.NamePrefix = args.NamePrefix
	auth, err := NewAuth(ctx, name+"-auth", authArgs, parent)
	if err != nil {
		return err
	}

	// The bucket policy names the file functions' roles, and the roles' policies name the bucket. The
	// resources form no cycle, because a role does not depend on the bucket, only its policy does. The
	// constructors would form one, so the bucket gets deferred outputs that resolve to the roles' ARNs
	// once the functions exist below.
	account, err := lookupAccount(ctx, self)
	if err != nil {
		return fmt.Errorf("platform %q: %w", name, err)
	}
	access := newDeferredAccess(ctx)
	userFilesArgs := args.UserFiles
	userFilesArgs.Access = access.access
	userFilesArgs.AccessLogs.DeliveryStatements = edgeLogDelivery(args, account)
	userFiles, err := NewUserFilesBucket(ctx, name+"-user-files", userFilesArgs, parent)
	if err != nil {
		access.denyAll()
		return err
	}

	logsKey, err := newFunctionLogsKey(ctx, name, account, args.NamePrefix, args.Network.KMSKeyDeletionWindowDays, parent)
	if err != nil {
		access.denyAll()
		return err
	}

	meArgs := args.Functions
	meArgs.LogsKeyArn = logsKey.Arn
	meArgs.FunctionName = platformFunctionName(args.NamePrefix, "me")
	meArgs.Description = "GET /me: returns the caller's subject and groups from the authorizer claims."
	meArgs = args.withCode(meArgs, "me")
	meArgs.Statements = nil
	meArgs.Vpc = network.FunctionVpcConfig()
	meArgs.Environment = corsEnvironment(args.API.Cors.AllowedOrigins)
	me, err := NewGoFunction(ctx, name+"-me", meArgs, parent)
	if err != nil {
		access.denyAll()
		return err
	}

	shared := args.Functions
	shared.LogsKeyArn = logsKey.Arn
	shared.Vpc = network.FunctionVpcConfig()
	functions, err := newFileFunctions(ctx, fileFunctionsInputs{
		name:     name,
		args:     args,
		shared:   shared,
		account:  account,
		bucket:   userFiles,
		scanning: !args.UserFiles.DisableMalwareScanning,
		parent:   parent,
	})
	if err != nil {
		access.denyAll()
		return err
	}
	// The quarantine function reads the metadata of rejected uploads, which may carry a scan verdict
	// other than clean, so it is a processor: only processors may read objects before a clean verdict.
	// AWS Backup reads every object and restores into the bucket, so its role is a processor too.
	processors := pulumi.StringArray{functions.validate.RoleArn, functions.quarantine.RoleArn}
	var backup *Backup
	if args.BackupEnabled {
		backupArgs := args.Backup
		backupArgs.NamePrefix = args.NamePrefix
		backupArgs.BucketArn = userFiles.BucketArn
		if backup, err = NewBackup(ctx, name+"-backup", backupArgs, parent); err != nil {
			access.denyAll()
			return err
		}
		processors = append(processors, backup.RoleArn)
	}
	access.resolve(
		pulumi.StringArray{functions.uploads.RoleArn},
		pulumi.StringArray{functions.files.RoleArn},
		processors,
	)

	entry, err := newPlatformAPI(ctx, platformAPIInputs{
		name:    name,
		args:    args,
		account: account,
		functions: map[string]*GoFunction{
			"me": me, "uploads": functions.uploads, "files": functions.files, "quarantine": functions.quarantine,
		},
		shared:    shared,
		auth:      auth,
		logBucket: userFiles.LogBucketArn,
		logsKey:   logsKey.Arn,
		parent:    parent,
	})
	if err != nil {
		return err
	}

	audit, monitoring, err := newPlatformMonitoring(ctx, platformMonitoringInputs{
		name:      name,
		args:      args,
		userFiles: userFiles,
		auth:      auth,
		entry:     entry,
		functions: map[string]*GoFunction{
			"me": me, "uploads": functions.uploads, "files": functions.files,
			"quarantine": functions.quarantine, "validate": functions.validate,
		},
		validate: functions.validate,
		dlq:      functions.failureQueue.Name,
		parent:   parent,
	})
	if err != nil {
		return err
	}

	component.Audit = audit
	component.Monitoring = monitoring
	component.Backup = backup
	component.API = entry.api
	component.Firewall = entry.firewall
	component.Edge = entry.edge
	component.Network = network
	component.UserFiles = userFiles
	component.Auth = auth
	component.MeFunction = me
	component.UploadsFunction = functions.uploads
	component.FilesFunction = functions.files
	component.QuarantineFunction = functions.quarantine
	component.ValidateFunction = functions.validate
	component.ValidateFailureQueue = functions.failureQueue
	return nil
}

// outputs returns the outputs that NewPlatform registers for the component.
func (component *Platform) outputs() pulumi.Map {
	return pulumi.Map{
		"vpcId":                  component.Network.VpcId,
		"userFilesBucketName":    component.UserFiles.BucketName,
		"userPoolId":             component.Auth.UserPoolId,
		"meFunctionName":         component.MeFunction.FunctionName,
		"uploadsFunctionName":    component.UploadsFunction.FunctionName,
		"filesFunctionName":      component.FilesFunction.FunctionName,
		"quarantineFunctionName": component.QuarantineFunction.FunctionName,
		"validateFunctionName":   component.ValidateFunction.FunctionName,
		"apiInvokeUrl":           component.API.InvokeUrl,
		"apiWebAclArn":           component.Firewall.WebAclArn,
		"alertTopicArn":          component.Monitoring.TopicArn,
		"dashboardUrl":           component.Monitoring.DashboardURL,
	}
}

// deferredAccess is a UserFilesAccess whose role lists resolve after the bucket is created.
type deferredAccess struct {
	access                         UserFilesAccess
	uploaders, readers, processors func(pulumi.Output)
}

// newDeferredAccess returns a UserFilesAccess of unresolved outputs.
func newDeferredAccess(ctx *pulumi.Context) deferredAccess {
	deferred := func() (pulumi.StringArrayOutput, func(pulumi.Output)) {
		output, resolve := pulumi.DeferredOutput[[]string](ctx.Context())
		return pulumi.StringArrayOutput{OutputState: output.OutputState}, resolve
	}
	var d deferredAccess
	d.access.Uploaders, d.uploaders = deferred()
	d.access.Readers, d.readers = deferred()
	d.access.Processors, d.processors = deferred()
	return d
}

// resolve sets the role lists.
func (d deferredAccess) resolve(uploaders, readers, processors pulumi.StringArrayInput) {
	d.uploaders(uploaders.ToStringArrayOutput())
	d.readers(readers.ToStringArrayOutput())
	d.processors(processors.ToStringArrayOutput())
}

// denyAll resolves every role list to empty after a failed step, so the pending bucket policy does not
// wait forever and, if the engine still applies it, admits no role.
func (d deferredAccess) denyAll() {
	empty := pulumi.StringArray{}
	d.resolve(empty, empty, empty)
}
