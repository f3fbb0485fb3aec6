// Package program is the Pulumi program of the platform. The root main.go runs it with pulumi.Run;
// the offline run and the tests run the same function inline.
package program

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/secureserverless/framework/infra"
	"github.com/secureserverless/framework/internal/stackconfig"
)

// Options change how the program runs. The zero value is what `pulumi up` uses.
type Options struct {
	// SourceDir is the Go module that holds the functions. Empty means the working directory, which
	// the Pulumi CLI sets to the project directory.
	SourceDir string
	// BuildCacheDir overrides where built function archives are cached.
	BuildCacheDir string
	// Variant adds a deliberately non-compliant resource, for tests of the policy pack only.
	Variant Variant
	// Instances is the number of platform instances, for tests and benchmarks of stack size only. Both
	// 0 and 1 mean one. Instance i from 2 on is the component "platform-<i>" with the NamePrefix
	// "<project>-<stack>-<i>" and the same settings. The stack outputs are those of the first instance.
	Instances int
}

// Run is the program as `pulumi up` runs it.
func Run(ctx *pulumi.Context) error {
	return New(Options{})(ctx)
}

// New returns the program with the given options.
func New(opts Options) pulumi.RunFunc {
	return func(ctx *pulumi.Context) error {
		sourceDir, err := resolveSourceDir(opts.SourceDir)
		if err != nil {
			return err
		}
		// Unknown keys and invalid values are reported together, so one run shows every fix to make.
		keysErr := stackconfig.CheckKeys(sourceDir, ctx.Project(), ctx.Stack())
		cfg, err := LoadConfig(ctx)
		if err := errors.Join(keysErr, err); err != nil {
			return err
		}

		namePrefix := ctx.Project() + "-" + ctx.Stack()
		platformArgs := cfg.PlatformArgs(namePrefix, sourceDir, nil, opts.BuildCacheDir)
		platform, err := infra.NewPlatform(ctx, "platform", platformArgs)
		if err != nil {
			return err
		}
		for i := 2; i <= opts.Instances; i++ {
			platformArgs.NamePrefix = fmt.Sprintf("%s-%d", namePrefix, i)
			if _, err := infra.NewPlatform(ctx, fmt.Sprintf("platform-%d", i), platformArgs); err != nil {
				return err
			}
		}
		if err := addVariant(ctx, opts.Variant, platform); err != nil {
			return err
		}

		ctx.Export("vpcId", platform.Network.VpcId)
		ctx.Export("privateSubnetIds", platform.Network.PrivateSubnetIds)
		ctx.Export("functionSecurityGroupId", platform.Network.FunctionSecurityGroupId)
		ctx.Export("flowLogGroupName", platform.Network.FlowLogGroupName)
		ctx.Export("userFilesBucketName", platform.UserFiles.BucketName)
		ctx.Export("userFilesBucketArn", platform.UserFiles.BucketArn)
		ctx.Export("userFilesKmsKeyArn", platform.UserFiles.KeyArn)
		ctx.Export("userFilesQuarantinePrefix", platform.UserFiles.QuarantinePrefix)
		ctx.Export("userFilesFilesPrefix", platform.UserFiles.FilesPrefix)
		ctx.Export("userFilesRejectedPrefix", platform.UserFiles.RejectedPrefix)
		ctx.Export("userFilesLogBucketName", platform.UserFiles.LogBucketName)
		ctx.Export("userFilesScanResultRuleName", platform.UserFiles.ScanResultRuleName)
		ctx.Export("userPoolId", platform.Auth.UserPoolId)
		ctx.Export("userPoolClientId", platform.Auth.ClientId)
		ctx.Export("userPoolIssuer", platform.Auth.IssuerURL)
		ctx.Export("meFunctionName", platform.MeFunction.FunctionName)
		ctx.Export("meFunctionArn", platform.MeFunction.FunctionArn)
		ctx.Export("meFunctionLogGroup", platform.MeFunction.LogGroupName)
		ctx.Export("uploadsFunctionName", platform.UploadsFunction.FunctionName)
		ctx.Export("uploadsFunctionArn", platform.UploadsFunction.FunctionArn)
		ctx.Export("filesFunctionName", platform.FilesFunction.FunctionName)
		ctx.Export("filesFunctionArn", platform.FilesFunction.FunctionArn)
		ctx.Export("quarantineFunctionName", platform.QuarantineFunction.FunctionName)
		ctx.Export("quarantineFunctionArn", platform.QuarantineFunction.FunctionArn)
		ctx.Export("validateFunctionName", platform.ValidateFunction.FunctionName)
		ctx.Export("validateFunctionArn", platform.ValidateFunction.FunctionArn)
		ctx.Export("validateFailureQueueUrl", platform.ValidateFailureQueue.Url)
		ctx.Export("apiId", platform.API.RestApiId)
		ctx.Export("apiInvokeUrl", platform.API.InvokeUrl)
		ctx.Export("apiStageArn", platform.API.StageArn)
		ctx.Export("apiAccessLogGroup", platform.API.AccessLogGroupName)
		ctx.Export("apiKeyIds", platform.API.ApiKeyIds)
		ctx.Export("apiWebAclArn", platform.Firewall.WebAclArn)
		ctx.Export("apiWebAclLogGroup", platform.Firewall.LogGroupName)
		ctx.Export("alertTopicArn", platform.Monitoring.TopicArn)
		ctx.Export("dashboardUrl", platform.Monitoring.DashboardURL)
		if audit := platform.Audit; audit != nil {
			ctx.Export("auditTrailArn", audit.TrailArn)
			ctx.Export("auditBucketName", audit.BucketName)
		}
		if backup := platform.Backup; backup != nil {
			ctx.Export("backupVaultName", backup.VaultName)
			ctx.Export("backupPlanId", backup.PlanId)
		}
		if edge := platform.Edge; edge != nil {
			ctx.Export("edgeUrl", edge.URL)
			ctx.Export("edgeDistributionId", edge.DistributionId)
			ctx.Export("edgeWebAclArn", edge.WebAclArn)
			ctx.Export("edgeOriginSecretArn", edge.OriginSecretArn)
			ctx.Export("edgeRotationFunctionName", edge.RotationFunctionName)
		}
		return nil
	}
}

// resolveSourceDir returns the absolute module directory and checks that it holds go.mod.
func resolveSourceDir(dir string) (string, error) {
	if dir == "" {
		wd, err := os.Getwd()
		if err != nil {
			return "", fmt.Errorf("reading the working directory: %w", err)
		}
		dir = wd
	}
	abs, err := filepath.Abs(dir)
	if err != nil {
		return "", fmt.Errorf("resolving source directory %q: %w", dir, err)
	}
	if _, err := os.Stat(filepath.Join(abs, "go.mod")); err != nil {
		return "", fmt.Errorf("source directory %s has no go.mod: run pulumi from the project directory, "+
			"where Pulumi.yaml and go.mod are", abs)
	}
	return abs, nil
}
