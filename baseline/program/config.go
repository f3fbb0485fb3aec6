package program

import (
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/secureserverless/framework/infra"
	"github.com/secureserverless/framework/internal/stackconfig"
)

// Defaults of the stack settings. They match the defaults that Pulumi.yaml declares, so a program run
// without the project file (unit tests under mocks) reads the same values.
const (
	DefaultGuardDutyFindingFrequency   = infra.DefaultGuardDutyPublishingFrequency
	DefaultAWSConfigSnapshotFrequency  = infra.DefaultConfigSnapshotFrequency
	DefaultAWSConfigRetentionDays      = infra.DefaultConfigRetentionDays
	DefaultSecurityHubCISVersion       = infra.DefaultSecurityHubCISVersion
	DefaultKMSKeyDeletionWindowDays    = infra.DefaultKMSKeyDeletionWindowDays
	DefaultGitHubRoleMaxSessionSeconds = infra.DefaultGitHubRoleMaxSessionSeconds
)

// Config is the stack configuration the program reads, validated. Every service is off by default.
type Config struct {
	GuardDuty                 bool
	GuardDutyFindingFrequency string

	AWSConfig                    bool
	AWSConfigGlobalResourceTypes bool
	AWSConfigSnapshotFrequency   string
	AWSConfigRetentionDays       int
	SecurityHub                  bool
	SecurityHubCISVersion        string
	AccessAnalyzer               bool
	APIGatewayCloudWatchRole     bool
	KMSKeyDeletionWindowDays     int
	ForceDestroy                 bool
	ProtectData                  bool

	GitHub GitHubConfig
}

// GitHubConfig is the settings of the GitHub Actions OIDC provider and roles. Nothing is created unless
// DeployRole is on.
type GitHubConfig struct {
	DeployRole         bool
	Repository         string
	OIDCProviderArn    string
	DeployBranches     []string
	DeployEnvironments []string
	DeployRoleName     string
	DeployPolicyArns   []string
	PreviewRole        bool
	PreviewRoleName    string
	PreviewPolicyArns  []string
	MaxSessionSeconds  int
}

// ConfigError is a stack setting with a value the program does not accept.
type ConfigError = stackconfig.Error

// LoadConfig reads every setting of the project namespace once and validates it. All invalid settings
// are reported together, so one run shows every fix to make.
func LoadConfig(ctx *pulumi.Context) (Config, error) {
	reader := stackconfig.NewReader(ctx)
	namespace := reader.Namespace()
	readInt, readBool, readString := reader.Int, reader.Bool, reader.String

	c := Config{
		GuardDuty:                    readBool("guardDuty", false),
		GuardDutyFindingFrequency:    readString("guardDutyFindingFrequency", DefaultGuardDutyFindingFrequency),
		AWSConfig:                    readBool("awsConfig", false),
		AWSConfigGlobalResourceTypes: readBool("awsConfigGlobalResourceTypes", true),
		AWSConfigSnapshotFrequency:   readString("awsConfigSnapshotFrequency", DefaultAWSConfigSnapshotFrequency),
		AWSConfigRetentionDays:       readInt("awsConfigRetentionDays", DefaultAWSConfigRetentionDays),
		SecurityHub:                  readBool("securityHub", false),
		SecurityHubCISVersion:        readString("securityHubCisVersion", DefaultSecurityHubCISVersion),
		AccessAnalyzer:               readBool("accessAnalyzer", false),
		APIGatewayCloudWatchRole:     readBool("apiGatewayCloudWatchRole", false),
		KMSKeyDeletionWindowDays:     readInt("kmsKeyDeletionWindowDays", DefaultKMSKeyDeletionWindowDays),
		ForceDestroy:                 readBool("forceDestroy", false),
		ProtectData:                  readBool("protectData", false),
		GitHub: GitHubConfig{
			DeployRole:         readBool("githubDeployRole", false),
			Repository:         readString("githubRepository", ""),
			OIDCProviderArn:    readString("githubOidcProviderArn", ""),
			DeployBranches:     reader.Strings("githubDeployBranches"),
			DeployEnvironments: reader.Strings("githubDeployEnvironments"),
			DeployRoleName:     readString("githubDeployRoleName", ""),
			DeployPolicyArns:   reader.Strings("githubDeployPolicyArns"),
			PreviewRole:        readBool("githubPreviewRole", false),
			PreviewRoleName:    readString("githubPreviewRoleName", ""),
			PreviewPolicyArns:  reader.Strings("githubPreviewPolicyArns"),
			MaxSessionSeconds:  readInt("githubRoleMaxSessionSeconds", DefaultGitHubRoleMaxSessionSeconds),
		},
	}

	errs := append(reader.Errors(), c.validate(namespace)...)
	if len(errs) > 0 {
		return Config{}, errors.Join(errs...)
	}
	return c, nil
}

// validate checks every setting with a limited set of values.
func (c Config) validate(namespace string) []error {
	var errs []error
	check := func(ok bool, key string, value any, accepted string) {
		if !ok {
			errs = append(errs, &ConfigError{Key: namespace + ":" + key, Value: fmt.Sprint(value), Accepted: accepted})
		}
	}
	check(slices.Contains(infra.GuardDutyPublishingFrequencies, c.GuardDutyFindingFrequency),
		"guardDutyFindingFrequency", c.GuardDutyFindingFrequency, strings.Join(infra.GuardDutyPublishingFrequencies, ", "))
	check(slices.Contains(infra.ConfigSnapshotFrequencies, c.AWSConfigSnapshotFrequency),
		"awsConfigSnapshotFrequency", c.AWSConfigSnapshotFrequency, strings.Join(infra.ConfigSnapshotFrequencies, ", "))
	check(c.AWSConfigRetentionDays >= 1 && c.AWSConfigRetentionDays <= 3650, "awsConfigRetentionDays",
		c.AWSConfigRetentionDays, "1 to 3650")
	check(slices.Contains(infra.SecurityHubCISVersions, c.SecurityHubCISVersion), "securityHubCisVersion",
		c.SecurityHubCISVersion, strings.Join(infra.SecurityHubCISVersions, ", "))
	check(c.KMSKeyDeletionWindowDays >= 7 && c.KMSKeyDeletionWindowDays <= 30, "kmsKeyDeletionWindowDays",
		c.KMSKeyDeletionWindowDays, "7 to 30")
	check(!(c.ForceDestroy && c.ProtectData), "protectData", c.ProtectData,
		"false while forceDestroy is true, because protected data cannot be destroyed")
	return append(errs, c.GitHub.validate(namespace)...)
}

// baselineArgs returns the arguments of the account baseline.
func (c Config) baselineArgs(namePrefix string) infra.BaselineArgs {
	return infra.BaselineArgs{
		NamePrefix: namePrefix,
		GuardDuty: infra.GuardDutyBaselineArgs{
			Enabled:                    c.GuardDuty,
			FindingPublishingFrequency: c.GuardDutyFindingFrequency,
		},
		Config: infra.ConfigBaselineArgs{
			Enabled:                    c.AWSConfig,
			ExcludeGlobalResourceTypes: !c.AWSConfigGlobalResourceTypes,
			SnapshotFrequency:          c.AWSConfigSnapshotFrequency,
			RetentionDays:              c.AWSConfigRetentionDays,
		},
		SecurityHub: infra.SecurityHubBaselineArgs{
			Enabled:    c.SecurityHub,
			CISVersion: c.SecurityHubCISVersion,
		},
		AccessAnalyzer:           c.AccessAnalyzer,
		APIGatewayCloudWatchRole: c.APIGatewayCloudWatchRole,
		KMSKeyDeletionWindowDays: c.KMSKeyDeletionWindowDays,
		ForceDestroy:             c.ForceDestroy,
		Protect:                  c.ProtectData,
	}
}
