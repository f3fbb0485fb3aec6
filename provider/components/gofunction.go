package components

import (
	"encoding/json"
	"fmt"

	"github.com/pulumi/pulumi-go-provider/infer"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/secureserverless/framework/infra"
)

// GoFunction is a Go Lambda function on provided.al2023 with its own log group and a least-privilege
// role.
type GoFunction struct {
	pulumi.ResourceState

	FunctionName pulumi.StringOutput `pulumi:"functionName"`
	FunctionArn  pulumi.StringOutput `pulumi:"functionArn"`
	InvokeArn    pulumi.StringOutput `pulumi:"invokeArn"`
	RoleArn      pulumi.StringOutput `pulumi:"roleArn"`
	LogGroupName pulumi.StringOutput `pulumi:"logGroupName"`
}

// PolicyStatementArgs is one IAM statement that the function's role gets besides writing its logs.
type PolicyStatementArgs struct {
	Sid       string                  `pulumi:"sid"`
	Actions   []string                `pulumi:"actions"`
	Resources pulumi.StringArrayInput `pulumi:"resources"`
	Condition string                  `pulumi:"condition,optional"`
}

// Annotate sets the type's token and the descriptions of its fields.
func (s *PolicyStatementArgs) Annotate(a infer.Annotator) {
	a.SetToken("compute", "PolicyStatement")
	a.Describe(s, "An IAM statement that allows actions on resources, with an optional condition.")
	a.Describe(&s.Sid, "Statement id, letters and digits, unique in the role's policy.")
	a.Describe(&s.Actions, "IAM actions, such as s3:GetObject.")
	a.Describe(&s.Resources, "ARNs the actions apply to, such as a bucket's objects.")
	a.Describe(&s.Condition, "Condition block of the statement as JSON, such as "+
		`{"StringEquals": {"kms:ViaService": "s3.eu-west-1.amazonaws.com"}}. Empty means none.`)
	a.SetDefault(&s.Condition, "")
}

// GoFunctionArgs are the inputs of the GoFunction.
type GoFunctionArgs struct {
	FunctionName     string                  `pulumi:"functionName"`
	Description      string                  `pulumi:"description,optional"`
	Archive          string                  `pulumi:"archive,optional"`
	SourceDir        string                  `pulumi:"sourceDir,optional"`
	Package          string                  `pulumi:"package,optional"`
	Architecture     string                  `pulumi:"architecture,optional"`
	MemoryMb         int                     `pulumi:"memoryMb,optional"`
	TimeoutSeconds   int                     `pulumi:"timeoutSeconds,optional"`
	LogRetentionDays int                     `pulumi:"logRetentionDays,optional"`
	Environment      map[string]string       `pulumi:"environment,optional"`
	Statements       []PolicyStatementArgs   `pulumi:"statements,optional"`
	LogsKeyArn       pulumi.StringInput      `pulumi:"logsKeyArn,optional"`
	SubnetIds        pulumi.StringArrayInput `pulumi:"subnetIds,optional"`
	SecurityGroupIds pulumi.StringArrayInput `pulumi:"securityGroupIds,optional"`
}

// goFunctionFields maps the fields of infra.GoFunctionArgs to the input names.
var goFunctionFields = map[string]string{
	"FunctionName": "functionName", "Archive": "archive", "SourceDir": "sourceDir", "Package": "package",
	"Architecture": "architecture", "Vpc": "subnetIds and securityGroupIds",
}

// Annotate sets the descriptions and defaults of the inputs.
func (args *GoFunctionArgs) Annotate(a infer.Annotator) {
	a.Describe(&args.FunctionName, "Physical name of the function, at most 64 characters. Its log group is "+
		"/aws/lambda/<functionName>.")
	a.Describe(&args.Description, "Description shown in the Lambda console.")
	a.SetDefault(&args.Description, "")
	a.Describe(&args.Archive, "Path of a prebuilt deployment zip whose root holds the executable bootstrap, "+
		"built for architecture. Set either archive or sourceDir and package.")
	a.SetDefault(&args.Archive, "")
	a.Describe(&args.SourceDir, "Absolute path of the Go module that holds package, which the provider compiles "+
		"with the Go toolchain of this machine. Set either archive or sourceDir and package.")
	a.SetDefault(&args.SourceDir, "")
	a.Describe(&args.Package, "Go package of the handler relative to sourceDir, such as ./functions/me.")
	a.SetDefault(&args.Package, "")
	a.Describe(&args.Architecture, "Instruction set of the function, arm64 or x86_64.")
	a.SetDefault(&args.Architecture, infra.DefaultFunctionArchitecture)
	a.Describe(&args.MemoryMb, "Memory of the function in MB, from 128 to 10240.")
	a.SetDefault(&args.MemoryMb, infra.DefaultFunctionMemoryMB)
	a.Describe(&args.TimeoutSeconds, "Timeout of the function in seconds.")
	a.SetDefault(&args.TimeoutSeconds, infra.DefaultFunctionTimeout)
	a.Describe(&args.LogRetentionDays, "Days that CloudWatch Logs keeps the function's logs, a retention period "+
		"CloudWatch accepts.")
	a.SetDefault(&args.LogRetentionDays, infra.DefaultLogRetentionDays)
	a.Describe(&args.Environment, "Plain environment variables of the function. Secrets belong in Secrets "+
		"Manager or Parameter Store.")
	a.Describe(&args.Statements, "Permissions the handler needs beyond writing its own logs. Empty grants none.")
	a.Describe(&args.LogsKeyArn, "ARN of the KMS key that encrypts the function's log group. Empty leaves the "+
		"group on CloudWatch Logs' own encryption.")
	a.SetDefault(&args.LogsKeyArn, "")
	a.Describe(&args.SubnetIds, "Subnets of the function's network interfaces, such as the privateSubnetIds of a "+
		"Network. Set together with securityGroupIds; empty runs the function outside any VPC.")
	a.Describe(&args.SecurityGroupIds, "Security groups of the function's network interfaces, such as the "+
		"functionSecurityGroupId of a Network. Set together with subnetIds.")
}

// Annotate sets the GoFunction's token and the descriptions of its outputs.
func (f *GoFunction) Annotate(a infer.Annotator) {
	setToken(a, infra.GoFunctionType)
	a.Describe(f, "A Go Lambda function on provided.al2023 from a prebuilt archive or built from source, with a "+
		"log group of its own and a role that may only write those logs and use the statements it is given. In "+
		"a VPC the role may also manage the function's network interfaces.")
	a.Describe(&f.FunctionName, "Name of the function.")
	a.Describe(&f.FunctionArn, "ARN of the function.")
	a.Describe(&f.InvokeArn, "ARN that API Gateway uses to invoke the function.")
	a.Describe(&f.RoleArn, "ARN of the function's execution role.")
	a.Describe(&f.LogGroupName, "Name of the function's log group.")
}

// NewGoFunction registers the GoFunction and builds infra's function into it.
func NewGoFunction(ctx *pulumi.Context, name string, args GoFunctionArgs, opts ...pulumi.ResourceOption,
) (*GoFunction, error) {
	functionArgs := infra.GoFunctionArgs{
		FunctionName:     args.FunctionName,
		Description:      args.Description,
		Archive:          args.Archive,
		SourceDir:        args.SourceDir,
		Package:          args.Package,
		Architecture:     args.Architecture,
		MemoryMB:         args.MemoryMb,
		TimeoutSeconds:   args.TimeoutSeconds,
		LogRetentionDays: args.LogRetentionDays,
		Environment:      args.Environment,
		LogsKeyArn:       args.LogsKeyArn,
	}
	for i, statement := range args.Statements {
		var condition map[string]any
		if statement.Condition != "" {
			if err := json.Unmarshal([]byte(statement.Condition), &condition); err != nil {
				return nil, fmt.Errorf("invalid input statements[%d].condition=%s of component %s %q: %v; "+
					"set a JSON object such as {\"StringEquals\": {\"aws:SourceAccount\": \"123456789012\"}}",
					i, statement.Condition, infra.GoFunctionType, name, err)
			}
		}
		functionArgs.Statements = append(functionArgs.Statements, infra.PolicyStatement{
			Sid: statement.Sid, Actions: statement.Actions, Resources: statement.Resources, Condition: condition,
		})
	}
	// NOTE: infra's Network.FunctionVpcConfig also makes the function wait for the VPC endpoints and
	// egress rules. Ids carry no such dependency, so a program passes the Network in dependsOn for that.
	switch {
	case args.SubnetIds != nil && args.SecurityGroupIds != nil:
		functionArgs.Vpc = &infra.FunctionVpcConfig{SubnetIds: args.SubnetIds, SecurityGroupIds: args.SecurityGroupIds}
	case args.SubnetIds != nil || args.SecurityGroupIds != nil:
		return nil, fmt.Errorf("invalid inputs of component %s %q: subnetIds and securityGroupIds are set one "+
			"without the other; set both to run the function in a VPC, or neither", infra.GoFunctionType, name)
	}

	component := &GoFunction{}
	if err := ctx.RegisterComponentResource(infra.GoFunctionType, name, component, opts...); err != nil {
		return nil, err
	}
	function, err := infra.BuildGoFunction(ctx, name, functionArgs, component)
	if err != nil {
		return nil, inputError(infra.GoFunctionType, name, err, goFunctionFields)
	}

	component.FunctionName = function.FunctionName
	component.FunctionArn = function.FunctionArn
	component.InvokeArn = function.InvokeArn
	component.RoleArn = function.RoleArn
	component.LogGroupName = function.LogGroupName
	return component, nil
}
