package program

import (
	"encoding/json"
	"errors"
	"path/filepath"
	"runtime"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/secureserverless/framework/internal/stackconfig"
	"github.com/secureserverless/framework/offline/fakeaws"
)

func repoRoot(t *testing.T) string {
	t.Helper()
	_, file, _, ok := runtime.Caller(0)
	require.True(t, ok)
	return filepath.Dir(filepath.Dir(file))
}

// runProgram runs the program under mocks with the given project settings (keys without namespace).
func runProgram(t *testing.T, settings map[string]string, opts Options) (*fakeaws.Mocks, error) {
	t.Helper()
	config := map[string]string{}
	for key, value := range settings {
		config["secure-serverless:"+key] = value
	}
	encoded, err := json.Marshal(config)
	require.NoError(t, err)
	t.Setenv("PULUMI_CONFIG", string(encoded))

	if opts.SourceDir == "" {
		opts.SourceDir = repoRoot(t)
	}
	if opts.BuildCacheDir == "" {
		opts.BuildCacheDir = t.TempDir()
	}
	mocks := fakeaws.NewMocks()
	err = pulumi.RunErr(New(opts), pulumi.WithMocks("secure-serverless", "dev", mocks))
	return mocks, err
}

func TestProgramDefaults(t *testing.T) {
	mocks, err := runProgram(t, nil, Options{})
	require.NoError(t, err)

	function, ok := mocks.Find("aws:lambda/function:Function", "platform-me")
	require.True(t, ok)
	assert.Equal(t, "secure-serverless-dev-me", function.Inputs["name"].StringValue())
	assert.Equal(t, float64(DefaultLambdaMemoryMB), function.Inputs["memorySize"].NumberValue())
	assert.Equal(t, float64(DefaultLambdaTimeoutSeconds), function.Inputs["timeout"].NumberValue())

	logGroup, ok := mocks.Find("aws:cloudwatch/logGroup:LogGroup", "platform-me-logs")
	require.True(t, ok)
	assert.Equal(t, float64(DefaultLogRetentionDays), logGroup.Inputs["retentionInDays"].NumberValue())
	assert.Empty(t, mocks.ByType("aws:s3/bucketAclV2:BucketAclV2"), "no variant by default")

	vpc, ok := mocks.Find("awsx:ec2:Vpc", "platform-network")
	require.True(t, ok)
	assert.Equal(t, DefaultVpcCidrBlock, vpc.Inputs["cidrBlock"].StringValue())
	assert.Equal(t, float64(DefaultVpcAvailabilityZones), vpc.Inputs["numberOfAvailabilityZones"].NumberValue())
	assert.Equal(t, "None", vpc.Inputs["natGateways"].ObjectValue()["strategy"].StringValue())
	flowLogs, ok := mocks.Find("aws:cloudwatch/logGroup:LogGroup", "platform-network-flow-logs")
	require.True(t, ok)
	assert.Equal(t, float64(DefaultFlowLogRetentionDays), flowLogs.Inputs["retentionInDays"].NumberValue())

	encryption, ok := mocks.Find(
		"aws:s3/bucketServerSideEncryptionConfigurationV2:BucketServerSideEncryptionConfigurationV2", "platform-user-files-encryption")
	require.True(t, ok)
	sse := encryption.Inputs["rules"].ArrayValue()[0].ObjectValue()["applyServerSideEncryptionByDefault"].ObjectValue()
	assert.Equal(t, DefaultUserFilesEncryption, sse["sseAlgorithm"].StringValue())
	assert.Len(t, mocks.ByType("aws:guardduty/malwareProtectionPlan:MalwareProtectionPlan"), 1, "scanning is on by default")
	assert.Empty(t, mocks.ByType("aws:s3/bucketCorsConfigurationV2:BucketCorsConfigurationV2"), "no CORS without origins")
	assert.Empty(t, mocks.ByType("aws:s3/bucketObjectLockConfigurationV2:BucketObjectLockConfigurationV2"))
	bucket, ok := mocks.Find("aws:s3/bucketV2:BucketV2", "platform-user-files")
	require.True(t, ok)
	assert.False(t, bucket.Protect)
}

func TestProgramReadsNetworkAndStorageSettings(t *testing.T) {
	mocks, err := runProgram(t, map[string]string{
		"vpcCidrBlock":                  "172.16.0.0/20",
		"vpcAvailabilityZones":          "3",
		"natGateways":                   "single",
		"flowLogRetentionDays":          "365",
		"userFilesEncryption":           "AES256",
		"userFilesCorsOrigins":          `["https://app.example.com","http://localhost:5173"]`,
		"userFilesMalwareScanning":      "false",
		"userFilesObjectLockMode":       "GOVERNANCE",
		"userFilesObjectLockDays":       "30",
		"userFilesInfrequentAccessDays": "60",
		"accessLogRetentionDays":        "90",
		"protectData":                   "true",
	}, Options{})
	require.NoError(t, err)

	vpc, ok := mocks.Find("awsx:ec2:Vpc", "platform-network")
	require.True(t, ok)
	assert.Equal(t, "172.16.0.0/20", vpc.Inputs["cidrBlock"].StringValue())
	assert.Equal(t, float64(3), vpc.Inputs["numberOfAvailabilityZones"].NumberValue())
	assert.Equal(t, "Single", vpc.Inputs["natGateways"].ObjectValue()["strategy"].StringValue())
	flowLogs, ok := mocks.Find("aws:cloudwatch/logGroup:LogGroup", "platform-network-flow-logs")
	require.True(t, ok)
	assert.Equal(t, float64(365), flowLogs.Inputs["retentionInDays"].NumberValue())
	assert.True(t, flowLogs.RetainOnDelete, "protectData keeps the flow logs")

	var keyNames []string
	for _, key := range mocks.ByType("aws:kms/key:Key") {
		keyNames = append(keyNames, key.Name)
	}
	assert.Contains(t, keyNames, "platform-function-logs-key")
	assert.NotContains(t, keyNames, "platform-user-files-key", "no bucket key with SSE-S3")
	assert.Empty(t, mocks.ByType("aws:guardduty/malwareProtectionPlan:MalwareProtectionPlan"))
	cors, ok := mocks.Find("aws:s3/bucketCorsConfigurationV2:BucketCorsConfigurationV2", "platform-user-files-cors")
	require.True(t, ok)
	assert.Equal(t, []any{"https://app.example.com", "http://localhost:5173"},
		cors.Inputs["corsRules"].ArrayValue()[0].ObjectValue()["allowedOrigins"].Mappable())
	lock, ok := mocks.Find("aws:s3/bucketObjectLockConfigurationV2:BucketObjectLockConfigurationV2", "platform-user-files-object-lock")
	require.True(t, ok)
	assert.Equal(t, map[string]any{"mode": "GOVERNANCE", "days": float64(30)},
		lock.Inputs["rule"].ObjectValue()["defaultRetention"].Mappable())
	lifecycle, ok := mocks.Find("aws:s3/bucketLifecycleConfigurationV2:BucketLifecycleConfigurationV2", "platform-user-files-lifecycle")
	require.True(t, ok)
	var transitions []any
	for _, rule := range lifecycle.Inputs["rules"].ArrayValue() {
		if rule.ObjectValue()["id"].StringValue() == "transition-files" {
			transitions = rule.ObjectValue()["transitions"].Mappable().([]any)
		}
	}
	assert.Equal(t, []any{map[string]any{"days": float64(60), "storageClass": "STANDARD_IA"}}, transitions)
	logLifecycle, ok := mocks.Find("aws:s3/bucketLifecycleConfigurationV2:BucketLifecycleConfigurationV2",
		"platform-user-files-access-logs-lifecycle")
	require.True(t, ok)
	assert.Equal(t, float64(90),
		logLifecycle.Inputs["rules"].ArrayValue()[0].ObjectValue()["expiration"].ObjectValue()["days"].NumberValue())
	bucket, ok := mocks.Find("aws:s3/bucketV2:BucketV2", "platform-user-files")
	require.True(t, ok)
	assert.True(t, bucket.Protect)
	assert.True(t, bucket.RetainOnDelete)
}

func TestProgramReadsSettings(t *testing.T) {
	mocks, err := runProgram(t, map[string]string{
		"logRetentionDays":     "365",
		"lambdaArchitecture":   "x86_64",
		"lambdaMemoryMb":       "512",
		"lambdaTimeoutSeconds": "20",
		"forceDestroy":         "true",
	}, Options{})
	require.NoError(t, err)

	function, ok := mocks.Find("aws:lambda/function:Function", "platform-me")
	require.True(t, ok)
	assert.Equal(t, float64(512), function.Inputs["memorySize"].NumberValue())
	assert.Equal(t, float64(20), function.Inputs["timeout"].NumberValue())
	assert.Equal(t, "x86_64", function.Inputs["architectures"].ArrayValue()[0].StringValue())
	bucket, ok := mocks.Find("aws:s3/bucketV2:BucketV2", "platform-user-files")
	require.True(t, ok)
	assert.True(t, bucket.Inputs["forceDestroy"].BoolValue())
	logGroup, ok := mocks.Find("aws:cloudwatch/logGroup:LogGroup", "platform-me-logs")
	require.True(t, ok)
	assert.Equal(t, float64(365), logGroup.Inputs["retentionInDays"].NumberValue())
}

func TestProgramRejectsInvalidSettings(t *testing.T) {
	tests := []struct {
		name     string
		key      string
		value    string
		accepted string
		// wantValue is the rejected value when it differs from value, as for one entry of a list.
		wantValue string
	}{
		{"retention period", "logRetentionDays", "13", "1, 3, 5, 7, 14, 30", ""},
		{"retention not a number", "logRetentionDays", "two weeks", "a whole number", ""},
		{"architecture", "lambdaArchitecture", "arm", "arm64, x86_64", ""},
		{"memory too small", "lambdaMemoryMb", "64", "128 to 10240", ""},
		{"timeout over API limit", "lambdaTimeoutSeconds", "30", "1 to 29", ""},
		{"noncurrent days zero", "userFilesNoncurrentVersionDays", "0", "1 to 3650", ""},
		{"deletion window", "kmsKeyDeletionWindowDays", "6", "7 to 30", ""},
		{"force destroy", "forceDestroy", "yes please", "true or false", ""},
		{"CIDR that does not parse", "vpcCidrBlock", "10.0.0.0/33", "a private IPv4 network address from /16 to /24", ""},
		{"CIDR that is public", "vpcCidrBlock", "8.8.0.0/16", "a private IPv4 network address", ""},
		{"one availability zone", "vpcAvailabilityZones", "1", "2 to 4", ""},
		{"NAT mode", "natGateways", "always", "none, single, per-zone", ""},
		{"flow log retention", "flowLogRetentionDays", "13", "1, 3, 5, 7, 14, 30", ""},
		{"encryption", "userFilesEncryption", "SSE-C", "aws:kms, AES256", ""},
		{"origin with a wildcard", "userFilesCorsOrigins", `["https://app.example.com","*"]`, "without wildcard", "*"},
		{"origin with a path", "userFilesCorsOrigins", `["https://app.example.com/upload"]`, "without wildcard, path", "https://app.example.com/upload"},
		{"origins not a list", "userFilesCorsOrigins", `https://app.example.com`, "a list of strings", ""},
		{"scanning switch", "userFilesMalwareScanning", "maybe", "true or false", ""},
		{"object lock mode", "userFilesObjectLockMode", "LEGAL_HOLD", "none, GOVERNANCE, COMPLIANCE", ""},
		{"object lock days without mode", "userFilesObjectLockDays", "30", "0 while userFilesObjectLockMode is none", ""},
		{"infrequent access too early", "userFilesInfrequentAccessDays", "10", "0 (no transition) or at least 30", ""},
		{"access log retention", "accessLogRetentionDays", "0", "1 to 3650", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			mocks, err := runProgram(t, map[string]string{tt.key: tt.value}, Options{})
			require.Error(t, err)
			var configErr *ConfigError
			require.True(t, errors.As(err, &configErr), "error %v is a ConfigError", err)
			assert.Equal(t, "secure-serverless:"+tt.key, configErr.Key)
			wantValue := tt.value
			if tt.wantValue != "" {
				wantValue = tt.wantValue
			}
			assert.Equal(t, wantValue, configErr.Value)
			assert.Contains(t, configErr.Accepted, tt.accepted)
			assert.Contains(t, err.Error(), "pulumi config set --path 'secure-serverless:"+tt.key+"'")
			assert.Empty(t, mocks.Resources(), "nothing is registered with invalid settings")
		})
	}
}

func TestProgramReportsEveryInvalidSetting(t *testing.T) {
	_, err := runProgram(t, map[string]string{"logRetentionDays": "13", "lambdaMemoryMb": "1"}, Options{})
	require.Error(t, err)
	assert.Contains(t, err.Error(), "secure-serverless:logRetentionDays=13")
	assert.Contains(t, err.Error(), "secure-serverless:lambdaMemoryMb=1")
}

func TestProgramRejectsProtectWithForceDestroy(t *testing.T) {
	_, err := runProgram(t, map[string]string{"forceDestroy": "true", "protectData": "true"}, Options{})

	require.Error(t, err)
	var configErr *ConfigError
	require.True(t, errors.As(err, &configErr), "error %v is a ConfigError", err)
	assert.Equal(t, "secure-serverless:protectData", configErr.Key)
	assert.Contains(t, configErr.Accepted, "false while forceDestroy is true")
}

func TestProgramObjectLockModeNeedsDays(t *testing.T) {
	_, err := runProgram(t, map[string]string{"userFilesObjectLockMode": "COMPLIANCE"}, Options{})

	require.Error(t, err)
	assert.Contains(t, err.Error(), "invalid stack setting secure-serverless:userFilesObjectLockDays=0")
	assert.Contains(t, err.Error(), "1 to 36500 with an Object Lock mode")
}

func TestProgramSourceDirWithoutGoMod(t *testing.T) {
	_, err := runProgram(t, nil, Options{SourceDir: t.TempDir()})
	require.Error(t, err)
	assert.Contains(t, err.Error(), "has no go.mod: run pulumi from the project directory")
}

func TestProgramPublicACLVariant(t *testing.T) {
	mocks, err := runProgram(t, nil, Options{Variant: VariantPublicBucketACL})
	require.NoError(t, err)
	acls := mocks.ByType("aws:s3/bucketAclV2:BucketAclV2")
	require.Len(t, acls, 1)
	assert.Equal(t, "public-read", acls[0].Inputs["acl"].StringValue())
}

func TestParseVariant(t *testing.T) {
	v, err := ParseVariant("public-bucket-acl")
	require.NoError(t, err)
	assert.Equal(t, VariantPublicBucketACL, v)

	v, err = ParseVariant("")
	require.NoError(t, err)
	assert.Equal(t, VariantNone, v)

	_, err = ParseVariant("open-everything")
	require.Error(t, err)
	assert.Contains(t, err.Error(), `unknown variant "open-everything": use one of`)
}

func TestTrackedStackFilesUseDeclaredKeys(t *testing.T) {
	for _, stack := range []string{"dev", "prod.example"} {
		t.Run(stack, func(t *testing.T) {
			assert.NoError(t, stackconfig.CheckKeys(repoRoot(t), "secure-serverless", stack))
		})
	}
}
