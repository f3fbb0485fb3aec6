package components

import (
	"github.com/pulumi/pulumi-go-provider/infer"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/secureserverless/framework/infra"
)

// LogsKey is the KMS key of the log groups of the functions, APIs and web ACLs of one name prefix.
type LogsKey struct {
	pulumi.ResourceState

	KeyArn pulumi.StringOutput `pulumi:"keyArn"`
}

// LogsKeyArgs are the inputs of the LogsKey.
type LogsKeyArgs struct {
	NamePrefix         string `pulumi:"namePrefix"`
	DeletionWindowDays int    `pulumi:"deletionWindowDays,optional"`
}

// logsKeyFields maps the fields of infra.LogsKeyArgs to the input names.
var logsKeyFields = map[string]string{"NamePrefix": "namePrefix", "DeletionWindowDays": "deletionWindowDays"}

// Annotate sets the descriptions and defaults of the inputs.
func (args *LogsKeyArgs) Annotate(a infer.Annotator) {
	a.Describe(&args.NamePrefix, "The namePrefix of the GoFunction components (and of a REST API and web ACL) "+
		"whose log groups the key encrypts: CloudWatch Logs may use it for /aws/lambda/<namePrefix>-*, "+
		"/aws/apigateway/<namePrefix>-*, aws-waf-logs-<namePrefix>-* and API Gateway's execution log groups.")
	a.Describe(&args.DeletionWindowDays, "Waiting period in days, 7 to 30, before a scheduled deletion of the "+
		"key takes effect.")
	a.SetDefault(&args.DeletionWindowDays, infra.DefaultKMSKeyDeletionWindowDays)
}

// Annotate sets the LogsKey's token and the descriptions of its outputs.
func (c *LogsKey) Annotate(a infer.Annotator) {
	setToken(a, infra.LogsKeyType)
	a.Describe(c, "A KMS key with yearly rotation that CloudWatch Logs may use only for the log groups named "+
		"after namePrefix. Pass keyArn as the logsKeyArn of GoFunction components.")
	a.Describe(&c.KeyArn, "ARN of the key.")
}

// NewLogsKey registers the LogsKey and builds infra's key into it.
func NewLogsKey(ctx *pulumi.Context, name string, args LogsKeyArgs, opts ...pulumi.ResourceOption) (*LogsKey, error) {
	component := &LogsKey{}
	if err := ctx.RegisterComponentResource(infra.LogsKeyType, name, component, opts...); err != nil {
		return nil, err
	}
	key, err := infra.BuildLogsKey(ctx, name, infra.LogsKeyArgs{
		NamePrefix:         args.NamePrefix,
		DeletionWindowDays: args.DeletionWindowDays,
	}, component)
	if err != nil {
		return nil, inputError(infra.LogsKeyType, name, err, logsKeyFields)
	}
	component.KeyArn = key.KeyArn
	return component, nil
}
