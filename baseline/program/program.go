// Package program is the Pulumi program of the account baseline. baseline/main.go runs it with
// pulumi.Run; the offline run and the tests run the same function inline.
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
	// ProjectDir is the folder of the baseline's Pulumi.yaml and stack files. Empty means the working
	// directory, which the Pulumi CLI sets to the project folder.
	ProjectDir string
}

// Run is the program as `pulumi up` runs it.
func Run(ctx *pulumi.Context) error {
	return New(Options{})(ctx)
}

// New returns the program with the given options.
func New(opts Options) pulumi.RunFunc {
	return func(ctx *pulumi.Context) error {
		projectDir, err := resolveProjectDir(opts.ProjectDir)
		if err != nil {
			return err
		}
		// Unknown keys and invalid values are reported together, so one run shows every fix to make.
		keysErr := stackconfig.CheckKeys(projectDir, ctx.Project(), ctx.Stack())
		cfg, err := LoadConfig(ctx)
		if err := errors.Join(keysErr, err); err != nil {
			return err
		}

		baseline, err := infra.NewAccountBaseline(ctx, "baseline", cfg.baselineArgs(ctx.Project()+"-"+ctx.Stack()))
		if err != nil {
			return err
		}
		ctx.Export("guardDutyDetectorId", baseline.DetectorId)
		ctx.Export("configRecorderName", baseline.ConfigRecorderName)
		ctx.Export("configBucketName", baseline.ConfigBucketName)
		ctx.Export("securityHubArn", baseline.SecurityHubArn)
		ctx.Export("accessAnalyzerArn", baseline.AnalyzerArn)
		ctx.Export("apiGatewayCloudWatchRoleArn", baseline.APIGatewayRoleArn)

		// The GitHub roles are a component of their own: the baseline is the project that exists once per
		// account, as IAM's OIDC provider for an issuer does.
		providerArn, deployRoleArn, previewRoleArn := pulumi.String("").ToStringOutput(),
			pulumi.String("").ToStringOutput(), pulumi.String("").ToStringOutput()
		if cfg.GitHub.DeployRole {
			github, err := infra.NewGitHubDeployRole(ctx, "github", cfg.GitHub.deployRoleArgs())
			if err != nil {
				return err
			}
			providerArn, deployRoleArn, previewRoleArn = github.OIDCProviderArn, github.DeployRoleArn, github.PreviewRoleArn
		}
		ctx.Export("githubOidcProviderArn", providerArn)
		ctx.Export("githubDeployRoleArn", deployRoleArn)
		ctx.Export("githubPreviewRoleArn", previewRoleArn)
		return nil
	}
}

// resolveProjectDir returns the absolute project folder and checks that it holds Pulumi.yaml.
func resolveProjectDir(dir string) (string, error) {
	if dir == "" {
		wd, err := os.Getwd()
		if err != nil {
			return "", fmt.Errorf("reading the working directory: %w", err)
		}
		dir = wd
	}
	abs, err := filepath.Abs(dir)
	if err != nil {
		return "", fmt.Errorf("resolving project directory %q: %w", dir, err)
	}
	if _, err := os.Stat(filepath.Join(abs, "Pulumi.yaml")); err != nil {
		return "", fmt.Errorf("project directory %s has no Pulumi.yaml: run pulumi from the baseline folder", abs)
	}
	return abs, nil
}
