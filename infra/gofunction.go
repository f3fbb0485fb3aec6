package infra

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/cloudwatch"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/iam"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/lambda"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/secureserverless/framework/infra/lambdabuild"
)

// GoFunctionType is the type token of the Go function component.
const GoFunctionType = "secureserverless:compute:GoFunction"

// Defaults of GoFunctionArgs; a zero field means the default.
const (
	DefaultFunctionArchitecture = "arm64"
	DefaultFunctionMemoryMB     = 256
	DefaultFunctionTimeout      = 10
	DefaultLogRetentionDays     = 90
	// functionRuntime is the OS-only runtime for Go: the function ships its own bootstrap binary.
	functionRuntime = "provided.al2023"
	maxFunctionName = 64
)

// PolicyStatement is one IAM statement granted to a function's role in addition to writing its logs.
type PolicyStatement struct {
	Sid       string
	Actions   []string
	Resources pulumi.StringArrayInput
	// Condition is the statement's Condition block, such as
	// {"StringEquals": {"kms:ViaService": "s3.eu-west-1.amazonaws.com"}}. Nil means none.
	Condition map[string]any
}

// FunctionVpcConfig places a function in a VPC. Network.FunctionVpcConfig returns one.
type FunctionVpcConfig struct {
	// SubnetIds are the subnets Lambda creates the function's network interfaces in.
	SubnetIds pulumi.StringArrayInput
	// SecurityGroupIds are the groups of those network interfaces.
	SecurityGroupIds pulumi.StringArrayInput
	// DependsOn are resources the function's network traffic needs, such as VPC endpoints and egress
	// rules. The function is created after them, so its first invocation does not hang on a missing route.
	DependsOn []pulumi.Resource
}

// GoFunctionArgs configures a Go Lambda function.
type GoFunctionArgs struct {
	// FunctionName is the physical function name; its log group is /aws/lambda/<FunctionName>.
	FunctionName string
	// Description is shown in the Lambda console.
	Description string
	// SourceDir is the absolute path of the Go module that holds Package. Empty when Archive is set.
	SourceDir string
	// Package is the Go package of the handler, relative to SourceDir, such as "./functions/me". Empty
	// when Archive is set.
	Package string
	// Archive is the path of a prebuilt deployment zip whose only entry is the bootstrap executable,
	// the alternative to building Package from SourceDir. Set either Archive or SourceDir and Package.
	Archive string
	// Architecture is arm64 (the default) or x86_64.
	Architecture string
	// MemoryMB defaults to DefaultFunctionMemoryMB.
	MemoryMB int
	// TimeoutSeconds defaults to DefaultFunctionTimeout.
	TimeoutSeconds int
	// LogRetentionDays defaults to DefaultLogRetentionDays.
	LogRetentionDays int
	// Environment holds plain settings only. Secrets belong in Secrets Manager or Parameter Store.
	Environment map[string]string
	// EnvironmentOutputs holds plain settings that other resources output, such as a bucket name. A key
	// in both maps takes the value of EnvironmentOutputs.
	EnvironmentOutputs map[string]pulumi.StringInput
	// Statements are the permissions the handler needs beyond writing its own logs.
	Statements []PolicyStatement
	// BuildCacheDir overrides where built archives are cached.
	BuildCacheDir string
	// LogsKeyArn is the KMS key that encrypts the function's log group. Nil leaves the group on
	// CloudWatch Logs' own encryption.
	LogsKeyArn pulumi.StringInput
	// Vpc places the function in a VPC and grants its role the network interface permissions Lambda
	// needs there. Nil runs the function outside any VPC of the account.
	Vpc *FunctionVpcConfig
}

// GoFunction is a Go Lambda function on provided.al2023 built from source in a reproducible way. Its
// role may write to the function's own log group and use the statements it is given. In a VPC, the
// role may also manage the function's network interfaces.
type GoFunction struct {
	pulumi.ResourceState

	Function *lambda.Function
	Role     *iam.Role
	LogGroup *cloudwatch.LogGroup

	FunctionName pulumi.StringOutput `pulumi:"functionName"`
	FunctionArn  pulumi.StringOutput `pulumi:"functionArn"`
	InvokeArn    pulumi.StringOutput `pulumi:"invokeArn"`
	RoleArn      pulumi.StringOutput `pulumi:"roleArn"`
	LogGroupName pulumi.StringOutput `pulumi:"logGroupName"`
}

// NewGoFunction builds the package, or checks the prebuilt archive against Architecture, then creates
// the log group, the role, its policy and the function.
func NewGoFunction(ctx *pulumi.Context, name string, args GoFunctionArgs, opts ...pulumi.ResourceOption,
) (*GoFunction, error) {
	args, err := args.withDefaults(name)
	if err != nil {
		return nil, err
	}
	// The archive is checked, or the package built, before anything is registered, so a bad zip or a
	// compile error leaves no resource behind.
	artifact, err := args.artifact(name)
	if err != nil {
		return nil, err
	}

	component := &GoFunction{}
	self, err := registerComponent(ctx, GoFunctionType, name, component, opts...)
	if err != nil {
		return nil, fmt.Errorf("registering function %q: %w", name, err)
	}
	parent := pulumi.Parent(self)

	logGroup, err := cloudwatch.NewLogGroup(ctx, name+"-logs", &cloudwatch.LogGroupArgs{
		Name:            pulumi.String("/aws/lambda/" + args.FunctionName),
		RetentionInDays: pulumi.Int(args.LogRetentionDays),
		KmsKeyId:        args.LogsKeyArn,
	}, parent)
	if err != nil {
		return nil, fmt.Errorf("creating log group of function %q: %w", name, err)
	}

	role, err := iam.NewRole(ctx, name+"-role", &iam.RoleArgs{
		Description:      pulumi.Sprintf("Execution role of the %s function.", args.FunctionName),
		AssumeRolePolicy: pulumi.String(lambdaAssumeRolePolicy),
	}, parent)
	if err != nil {
		return nil, fmt.Errorf("creating role of function %q: %w", name, err)
	}

	statements := args.Statements
	if args.Vpc != nil {
		account, err := lookupAccount(ctx, self)
		if err != nil {
			return nil, fmt.Errorf("function %q: %w", name, err)
		}
		statements = append(vpcAccessStatements(account, args.Vpc), statements...)
	}
	policyDocument := logGroup.Arn.ApplyT(func(logGroupArn string) pulumi.StringOutput {
		return functionPolicy(logGroupArn, statements)
	}).(pulumi.StringOutput)
	rolePolicy, err := iam.NewRolePolicy(ctx, name+"-policy", &iam.RolePolicyArgs{
		Role:   role.ID(),
		Policy: policyDocument,
	}, parent)
	if err != nil {
		return nil, fmt.Errorf("creating policy of function %q: %w", name, err)
	}

	environment := pulumi.StringMap{}
	for key, value := range args.Environment {
		environment[key] = pulumi.String(value)
	}
	for key, value := range args.EnvironmentOutputs {
		environment[key] = value
	}
	var environmentArgs lambda.FunctionEnvironmentPtrInput
	if len(environment) > 0 {
		environmentArgs = &lambda.FunctionEnvironmentArgs{Variables: environment}
	}

	var vpcConfig lambda.FunctionVpcConfigPtrInput
	dependencies := []pulumi.Resource{rolePolicy, logGroup}
	if args.Vpc != nil {
		vpcConfig = &lambda.FunctionVpcConfigArgs{
			SubnetIds:        args.Vpc.SubnetIds,
			SecurityGroupIds: args.Vpc.SecurityGroupIds,
		}
		dependencies = append(dependencies, args.Vpc.DependsOn...)
	}

	// The function waits for its policy, so its first invocation can write logs and Lambda can create
	// its network interfaces. It waits for its log group, so Lambda never creates the group itself
	// without retention, and for the network resources its calls need.
	// NOTE: Lambda releases the network interfaces of a deleted VPC function after a delay (AWS speaks
	// of up to about 20 minutes), so a destroy waits before it can delete the subnets and groups.
	function, err := lambda.NewFunction(ctx, name, &lambda.FunctionArgs{
		Name:          pulumi.String(args.FunctionName),
		Description:   pulumi.String(args.Description),
		Runtime:       pulumi.String(functionRuntime),
		Handler:       pulumi.String("bootstrap"),
		Architectures: pulumi.StringArray{pulumi.String(args.Architecture)},
		Code:          pulumi.NewFileArchive(artifact.ZipPath),
		// Lambda's own hash of the archive, so a rebuild with the same bytes shows no change.
		SourceCodeHash: pulumi.String(artifact.Base64SHA256),
		Role:           role.Arn,
		MemorySize:     pulumi.Int(args.MemoryMB),
		Timeout:        pulumi.Int(args.TimeoutSeconds),
		Environment:    environmentArgs,
		LoggingConfig: &lambda.FunctionLoggingConfigArgs{
			LogFormat:           pulumi.String("JSON"),
			LogGroup:            logGroup.Name,
			ApplicationLogLevel: pulumi.String("INFO"),
			SystemLogLevel:      pulumi.String("WARN"),
		},
		VpcConfig: vpcConfig,
	}, parent, pulumi.DependsOn(dependencies))
	if err != nil {
		return nil, fmt.Errorf("creating function %q: %w", name, err)
	}

	component.Function = function
	component.Role = role
	component.LogGroup = logGroup
	component.FunctionName = function.Name
	component.FunctionArn = function.Arn
	component.InvokeArn = function.InvokeArn
	component.RoleArn = role.Arn
	component.LogGroupName = logGroup.Name
	if err := registerOutputs(ctx, self, component, pulumi.Map{
		"functionName": function.Name,
		"functionArn":  function.Arn,
		"invokeArn":    function.InvokeArn,
		"roleArn":      role.Arn,
		"logGroupName": logGroup.Name,
	}); err != nil {
		return nil, fmt.Errorf("registering outputs of function %q: %w", name, err)
	}
	return component, nil
}

func (args GoFunctionArgs) withDefaults(name string) (GoFunctionArgs, error) {
	if args.Architecture == "" {
		args.Architecture = DefaultFunctionArchitecture
	}
	if args.MemoryMB == 0 {
		args.MemoryMB = DefaultFunctionMemoryMB
	}
	if args.TimeoutSeconds == 0 {
		args.TimeoutSeconds = DefaultFunctionTimeout
	}
	if args.LogRetentionDays == 0 {
		args.LogRetentionDays = DefaultLogRetentionDays
	}
	switch {
	case args.FunctionName == "":
		return args, fmt.Errorf("function %q: FunctionName is empty; set the physical function name", name)
	case len(args.FunctionName) > maxFunctionName:
		return args, fmt.Errorf("function %q: FunctionName %q has %d characters, Lambda allows %d; use a shorter project or stack name",
			name, args.FunctionName, len(args.FunctionName), maxFunctionName)
	case args.Archive != "" && (args.SourceDir != "" || args.Package != ""):
		return args, fmt.Errorf("function %q: Archive %q is set together with SourceDir %q and Package %q; "+
			"set either Archive or SourceDir and Package", name, args.Archive, args.SourceDir, args.Package)
	case args.Archive == "" && args.Package == "":
		return args, fmt.Errorf("function %q: Package is empty; set the Go package path, such as ./functions/me, "+
			"or set Archive to a prebuilt zip", name)
	case args.Archive == "" && args.SourceDir == "":
		return args, fmt.Errorf("function %q: SourceDir is empty; set the directory of the Go module, "+
			"or set Archive to a prebuilt zip", name)
	case args.Architecture != "arm64" && args.Architecture != "x86_64":
		return args, fmt.Errorf("function %q: Architecture %q is invalid; use arm64 or x86_64", name, args.Architecture)
	case args.Vpc != nil && (args.Vpc.SubnetIds == nil || args.Vpc.SecurityGroupIds == nil):
		return args, fmt.Errorf("function %q: Vpc needs SubnetIds and SecurityGroupIds; use Network.FunctionVpcConfig", name)
	}
	return args, nil
}

// check validates the arguments and opens the prebuilt Archive, if any, without building Package.
func (args GoFunctionArgs) check(name string) error {
	args, err := args.withDefaults(name)
	if err != nil {
		return err
	}
	if args.Archive != "" {
		_, err = args.artifact(name)
	}
	return err
}

// artifact builds Package from SourceDir, or checks and hashes the prebuilt Archive, whose bootstrap
// must run on Architecture.
func (args GoFunctionArgs) artifact(name string) (lambdabuild.Artifact, error) {
	if args.Archive != "" {
		artifact, err := lambdabuild.OpenFor(args.Archive, buildArch(args.Architecture))
		if err != nil {
			return lambdabuild.Artifact{}, fmt.Errorf("function %q: Archive %q: %w", name, args.Archive, err)
		}
		return artifact, nil
	}
	artifact, err := lambdabuild.Build(context.Background(), lambdabuild.Options{
		Dir:      args.SourceDir,
		Package:  args.Package,
		Arch:     buildArch(args.Architecture),
		CacheDir: args.BuildCacheDir,
	})
	if err != nil {
		var compileErr *lambdabuild.CompileError
		if errors.As(err, &compileErr) {
			return lambdabuild.Artifact{}, fmt.Errorf("function %q: %w", name, err)
		}
		return lambdabuild.Artifact{}, fmt.Errorf("building function %q from %s: %w", name, args.Package, err)
	}
	return artifact, nil
}

// buildArch maps a Lambda architecture name to its GOARCH.
func buildArch(architecture string) string {
	if architecture == "x86_64" {
		return "amd64"
	}
	return "arm64"
}

const lambdaAssumeRolePolicy = `{"Version":"2012-10-17","Statement":[{"Effect":"Allow",` +
	`"Principal":{"Service":"lambda.amazonaws.com"},"Action":"sts:AssumeRole"}]}`

// functionPolicy grants writing to the function's own log group (which the component creates, so no
// logs:CreateLogGroup) and the given statements.
func functionPolicy(logGroupArn string, statements []PolicyStatement) pulumi.StringOutput {
	resourceLists := make([]any, len(statements))
	for i, statement := range statements {
		resourceLists[i] = statement.Resources.ToStringArrayOutput()
	}
	return pulumi.All(resourceLists...).ApplyT(func(resolved []any) (string, error) {
		document := []map[string]any{{
			"Sid":      "WriteOwnLogs",
			"Effect":   "Allow",
			"Action":   []string{"logs:CreateLogStream", "logs:PutLogEvents"},
			"Resource": logGroupArn + ":*",
		}}
		for i, statement := range statements {
			entry := map[string]any{
				"Sid":      statement.Sid,
				"Effect":   "Allow",
				"Action":   statement.Actions,
				"Resource": resolved[i].([]string),
			}
			if statement.Condition != nil {
				entry["Condition"] = statement.Condition
			}
			document = append(document, entry)
		}
		text, err := json.Marshal(map[string]any{"Version": "2012-10-17", "Statement": document})
		if err != nil {
			return "", fmt.Errorf("encoding function policy: %w", err)
		}
		return string(text), nil
	}).(pulumi.StringOutput)
}

// vpcAccessStatements returns the permissions Lambda needs to attach a function to its subnets. It may
// describe network interfaces and subnets on every resource ("*"), because EC2 describe actions take no
// resource. It may create network interfaces only in the function's subnets and security groups, and
// delete and readdress the network interfaces of the account in the region.
func vpcAccessStatements(account awsAccount, config *FunctionVpcConfig) []PolicyStatement {
	interfaces := account.arn("ec2", "network-interface/*")
	arnsOf := func(kind string, ids pulumi.StringArrayInput) pulumi.StringArrayOutput {
		return ids.ToStringArrayOutput().ApplyT(func(ids []string) []string {
			arns := make([]string, len(ids))
			for i, id := range ids {
				arns[i] = account.arn("ec2", kind+"/"+id)
			}
			return arns
		}).(pulumi.StringArrayOutput)
	}
	createTargets := pulumi.All(arnsOf("subnet", config.SubnetIds), arnsOf("security-group", config.SecurityGroupIds)).
		ApplyT(func(values []any) []string {
			return append(append([]string{interfaces}, values[0].([]string)...), values[1].([]string)...)
		}).(pulumi.StringArrayOutput)

	return []PolicyStatement{
		{
			Sid:       "DescribeNetworkForVpcAccess",
			Actions:   []string{"ec2:DescribeNetworkInterfaces", "ec2:DescribeSubnets"},
			Resources: pulumi.StringArray{pulumi.String("*")},
		},
		{
			Sid:       "CreateNetworkInterfacesInFunctionSubnets",
			Actions:   []string{"ec2:CreateNetworkInterface"},
			Resources: createTargets,
		},
		{
			Sid: "ManageNetworkInterfaces",
			Actions: []string{
				"ec2:DeleteNetworkInterface", "ec2:AssignPrivateIpAddresses", "ec2:UnassignPrivateIpAddresses",
			},
			Resources: pulumi.StringArray{pulumi.String(interfaces)},
		},
	}
}
