package program

import (
	"encoding/json"
	"os"
	"path/filepath"
	"runtime"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"gopkg.in/yaml.v3"

	"github.com/secureserverless/framework/infra"
	"github.com/secureserverless/framework/internal/stackconfig"
	"github.com/secureserverless/framework/offline/fakeaws"
)

// project is the name of the baseline project, the namespace of its settings.
const project = "secure-serverless-baseline"

// projectDir returns the baseline folder of the repository.
func projectDir(t *testing.T) string {
	t.Helper()
	_, file, _, ok := runtime.Caller(0)
	require.True(t, ok)
	return filepath.Dir(filepath.Dir(file))
}

// emptyProjectDir returns a folder with the baseline's Pulumi.yaml and no stack file.
func emptyProjectDir(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	data, err := os.ReadFile(filepath.Join(projectDir(t), "Pulumi.yaml"))
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(filepath.Join(dir, "Pulumi.yaml"), data, 0o644))
	return dir
}

// runProgram runs the program of stack dev under mocks with the given settings (keys without namespace).
func runProgram(t *testing.T, settings map[string]string, dir string) (*fakeaws.Mocks, error) {
	t.Helper()
	config := map[string]string{}
	for key, value := range settings {
		config[project+":"+key] = value
	}
	encoded, err := json.Marshal(config)
	require.NoError(t, err)
	t.Setenv("PULUMI_CONFIG", string(encoded))

	mocks := fakeaws.NewMocks()
	err = pulumi.RunErr(New(Options{ProjectDir: dir}), pulumi.WithMocks(project, "dev", mocks))
	return mocks, err
}

func TestProgramDefaultsCreateNothing(t *testing.T) {
	mocks, err := runProgram(t, nil, emptyProjectDir(t))
	require.NoError(t, err)

	for _, r := range mocks.Resources() {
		assert.False(t, r.Custom, "%s %s exists although every service is opt-in", r.Type, r.Name)
	}
	_, ok := mocks.Find(infra.BaselineType, "baseline")
	assert.True(t, ok, "the component exists")
}

func TestProgramTurnsOnEveryService(t *testing.T) {
	mocks, err := runProgram(t, map[string]string{
		"guardDuty": "true", "awsConfig": "true", "securityHub": "true", "accessAnalyzer": "true",
		"apiGatewayCloudWatchRole": "true",
	}, emptyProjectDir(t))
	require.NoError(t, err)

	detector, ok := mocks.Find("aws:guardduty/detector:Detector", "baseline-guardduty")
	require.True(t, ok)
	assert.Equal(t, DefaultGuardDutyFindingFrequency, detector.Inputs["findingPublishingFrequency"].StringValue())
	assert.Len(t, mocks.ByType("aws:guardduty/detectorFeature:DetectorFeature"), len(infra.GuardDutyFeatures))

	recorder, ok := mocks.Find("aws:cfg/recorder:Recorder", "baseline-config")
	require.True(t, ok)
	assert.Equal(t, "secure-serverless-baseline-dev", recorder.Inputs["name"].StringValue())
	assert.True(t, recorder.Inputs["recordingGroup"].ObjectValue()["includeGlobalResourceTypes"].BoolValue())
	channel, ok := mocks.Find("aws:cfg/deliveryChannel:DeliveryChannel", "baseline-config")
	require.True(t, ok)
	assert.Equal(t, DefaultAWSConfigSnapshotFrequency,
		channel.Inputs["snapshotDeliveryProperties"].ObjectValue()["deliveryFrequency"].StringValue())

	standards := mocks.ByType("aws:securityhub/standardsSubscription:StandardsSubscription")
	require.Len(t, standards, 2)
	cis, ok := mocks.Find("aws:securityhub/standardsSubscription:StandardsSubscription", "baseline-securityhub-cis")
	require.True(t, ok)
	assert.Contains(t, cis.Inputs["standardsArn"].StringValue(), "/v/"+DefaultSecurityHubCISVersion)

	analyzer, ok := mocks.Find("aws:accessanalyzer/analyzer:Analyzer", "baseline-access-analyzer")
	require.True(t, ok)
	assert.Equal(t, "secure-serverless-baseline-dev-account", analyzer.Inputs["analyzerName"].StringValue())
	_, ok = mocks.Find("aws:apigateway/account:Account", "baseline-apigateway-account")
	assert.True(t, ok)

	key, ok := mocks.Find("aws:kms/key:Key", "baseline-config-key")
	require.True(t, ok)
	assert.Equal(t, float64(DefaultKMSKeyDeletionWindowDays), key.Inputs["deletionWindowInDays"].NumberValue())
	assert.False(t, key.Protect)
}

func TestProgramReadsSettings(t *testing.T) {
	mocks, err := runProgram(t, map[string]string{
		"guardDuty": "true", "guardDutyFindingFrequency": "ONE_HOUR",
		"awsConfig": "true", "awsConfigGlobalResourceTypes": "false", "awsConfigSnapshotFrequency": "Six_Hours",
		"awsConfigRetentionDays": "400", "securityHub": "true", "securityHubCisVersion": "1.4.0",
		"kmsKeyDeletionWindowDays": "10", "protectData": "true",
	}, emptyProjectDir(t))
	require.NoError(t, err)

	detector, _ := mocks.Find("aws:guardduty/detector:Detector", "baseline-guardduty")
	assert.Equal(t, "ONE_HOUR", detector.Inputs["findingPublishingFrequency"].StringValue())
	recorder, _ := mocks.Find("aws:cfg/recorder:Recorder", "baseline-config")
	assert.False(t, recorder.Inputs["recordingGroup"].ObjectValue()["includeGlobalResourceTypes"].BoolValue())
	channel, _ := mocks.Find("aws:cfg/deliveryChannel:DeliveryChannel", "baseline-config")
	assert.Equal(t, "Six_Hours", channel.Inputs["snapshotDeliveryProperties"].ObjectValue()["deliveryFrequency"].StringValue())
	lifecycle, ok := mocks.Find("aws:s3/bucketLifecycleConfigurationV2:BucketLifecycleConfigurationV2", "baseline-config-lifecycle")
	require.True(t, ok)
	rule := lifecycle.Inputs["rules"].ArrayValue()[0].ObjectValue()
	assert.Equal(t, float64(400), rule["expiration"].ObjectValue()["days"].NumberValue())
	cis, _ := mocks.Find("aws:securityhub/standardsSubscription:StandardsSubscription", "baseline-securityhub-cis")
	assert.Contains(t, cis.Inputs["standardsArn"].StringValue(), "/v/1.4.0")
	key, _ := mocks.Find("aws:kms/key:Key", "baseline-config-key")
	assert.Equal(t, float64(10), key.Inputs["deletionWindowInDays"].NumberValue())
	assert.True(t, key.Protect, "protectData protects the key")
	bucket, _ := mocks.Find("aws:s3/bucketV2:BucketV2", "baseline-config")
	assert.True(t, bucket.Protect, "protectData protects the bucket")
}

func TestProgramRejectsInvalidSettings(t *testing.T) {
	tests := []struct {
		key, value, message string
	}{
		{"awsConfigRetentionDays", "0", "invalid stack setting secure-serverless-baseline:awsConfigRetentionDays=0: " +
			"accepted values are 1 to 3650"},
		{"awsConfigRetentionDays", "a year", "secure-serverless-baseline:awsConfigRetentionDays=a year: accepted values " +
			"are a whole number"},
		{"guardDuty", "yes please", "secure-serverless-baseline:guardDuty=yes please: accepted values are true or false"},
		{"guardDutyFindingFrequency", "DAILY", "guardDutyFindingFrequency=DAILY: accepted values are FIFTEEN_MINUTES, " +
			"ONE_HOUR, SIX_HOURS"},
		{"awsConfigSnapshotFrequency", "Daily", "awsConfigSnapshotFrequency=Daily: accepted values are One_Hour"},
		{"securityHubCisVersion", "2.0.0", "securityHubCisVersion=2.0.0: accepted values are 1.2.0, 1.4.0, 3.0.0"},
		{"kmsKeyDeletionWindowDays", "3", "kmsKeyDeletionWindowDays=3: accepted values are 7 to 30"},
	}
	for _, tt := range tests {
		t.Run(tt.key+"="+tt.value, func(t *testing.T) {
			_, err := runProgram(t, map[string]string{tt.key: tt.value}, emptyProjectDir(t))

			require.Error(t, err)
			assert.Contains(t, err.Error(), tt.message)
		})
	}
}

func TestProgramRejectsProtectWithForceDestroy(t *testing.T) {
	_, err := runProgram(t, map[string]string{"forceDestroy": "true", "protectData": "true"}, emptyProjectDir(t))

	require.Error(t, err)
	assert.Contains(t, err.Error(), "secure-serverless-baseline:protectData=true: accepted values are false while forceDestroy")
}

func TestProgramRejectsUnknownSetting(t *testing.T) {
	dir := emptyProjectDir(t)
	settings := "config:\n  aws:region: eu-west-1\n  secure-serverless-baseline:guardduty: true\n"
	require.NoError(t, os.WriteFile(filepath.Join(dir, "Pulumi.dev.yaml"), []byte(settings), 0o644))

	_, err := runProgram(t, nil, dir)

	require.Error(t, err)
	assert.Contains(t, err.Error(), "unknown stack setting secure-serverless-baseline:guardduty")
	assert.Contains(t, err.Error(), "did you mean secure-serverless-baseline:guardDuty?")
}

func TestProgramDevStackSettings(t *testing.T) {
	dir := projectDir(t)
	require.NoError(t, stackconfig.CheckKeys(dir, project, "dev"), "Pulumi.dev.yaml uses declared settings only")

	_, err := runProgram(t, nil, dir)
	require.NoError(t, err)
}

// Pulumi.yaml must declare every setting the program reads, with the program's default, and every
// service switch off.
func TestPulumiYamlDeclaresSettings(t *testing.T) {
	data, err := os.ReadFile(filepath.Join(projectDir(t), "Pulumi.yaml"))
	require.NoError(t, err)
	var declared struct {
		Name   string `yaml:"name"`
		Config map[string]struct {
			Type        string `yaml:"type"`
			Default     any    `yaml:"default"`
			Description string `yaml:"description"`
		} `yaml:"config"`
	}
	require.NoError(t, yaml.Unmarshal(data, &declared))
	assert.Equal(t, project, declared.Name)

	defaults := map[string]any{
		"guardDuty": false, "guardDutyFindingFrequency": DefaultGuardDutyFindingFrequency,
		"awsConfig": false, "awsConfigGlobalResourceTypes": true,
		"awsConfigSnapshotFrequency": DefaultAWSConfigSnapshotFrequency,
		"awsConfigRetentionDays":     DefaultAWSConfigRetentionDays,
		"securityHub":                false, "securityHubCisVersion": DefaultSecurityHubCISVersion,
		"accessAnalyzer": false, "apiGatewayCloudWatchRole": false,
		"kmsKeyDeletionWindowDays": DefaultKMSKeyDeletionWindowDays, "forceDestroy": false, "protectData": false,
		"githubDeployRole": false, "githubRepository": "", "githubOidcProviderArn": "",
		"githubDeployBranches": []any{}, "githubDeployEnvironments": []any{}, "githubDeployRoleName": "",
		"githubDeployPolicyArns": []any{}, "githubPreviewRole": false, "githubPreviewRoleName": "",
		"githubPreviewPolicyArns": []any{}, "githubRoleMaxSessionSeconds": DefaultGitHubRoleMaxSessionSeconds,
	}
	assert.Len(t, declared.Config, len(defaults), "Pulumi.yaml declares exactly the settings the program reads")
	for key, want := range defaults {
		setting, ok := declared.Config[key]
		if !assert.True(t, ok, "Pulumi.yaml does not declare %s", key) {
			continue
		}
		assert.Equal(t, want, setting.Default, "default of %s", key)
		assert.NotEmpty(t, setting.Description, "description of %s", key)
	}
	for _, service := range []string{"guardDuty", "awsConfig", "securityHub", "accessAnalyzer", "apiGatewayCloudWatchRole"} {
		assert.Contains(t, declared.Config[service].Description, "Cost:", "%s says what it costs", service)
	}
}
