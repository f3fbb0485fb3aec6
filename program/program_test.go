package program

import (
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"runtime"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

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
	}{
		{"retention period", "logRetentionDays", "13", "1, 3, 5, 7, 14, 30"},
		{"retention not a number", "logRetentionDays", "two weeks", "a whole number"},
		{"architecture", "lambdaArchitecture", "arm", "arm64, x86_64"},
		{"memory too small", "lambdaMemoryMb", "64", "128 to 10240"},
		{"timeout over API limit", "lambdaTimeoutSeconds", "30", "1 to 29"},
		{"noncurrent days zero", "userFilesNoncurrentVersionDays", "0", "1 to 3650"},
		{"deletion window", "kmsKeyDeletionWindowDays", "6", "7 to 30"},
		{"force destroy", "forceDestroy", "yes please", "true or false"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			mocks, err := runProgram(t, map[string]string{tt.key: tt.value}, Options{})
			require.Error(t, err)
			var configErr *ConfigError
			require.True(t, errors.As(err, &configErr), "error %v is a ConfigError", err)
			assert.Equal(t, "secure-serverless:"+tt.key, configErr.Key)
			assert.Equal(t, tt.value, configErr.Value)
			assert.Contains(t, configErr.Accepted, tt.accepted)
			assert.Contains(t, err.Error(), "pulumi config set secure-serverless:"+tt.key)
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

func TestSettingKeysRejectsUnknownKey(t *testing.T) {
	dir := t.TempDir()
	project := "config:\n  lambdaMemoryMb:\n    type: integer\n  forceDestroy:\n    type: boolean\n"
	require.NoError(t, os.WriteFile(filepath.Join(dir, "Pulumi.yaml"), []byte(project), 0o644))

	tests := []struct {
		name    string
		stack   string
		message string
	}{
		{"declared keys", "config:\n  app:lambdaMemoryMb: 512\n  aws:region: eu-west-1\n", ""},
		{"wrong case", "config:\n  app:lambdaMemoryMB: 512\n", "unknown stack setting app:lambdaMemoryMB in "},
		{"wrong case hint", "config:\n  app:lambdaMemoryMB: 512\n", "did you mean app:lambdaMemoryMb?"},
		{"unrelated key", "config:\n  app:memory: 512\n", "settings Pulumi.yaml declares: forceDestroy, lambdaMemoryMb"},
		{"other namespace ignored", "config:\n  other:anything: 1\n", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			require.NoError(t, os.WriteFile(filepath.Join(dir, "Pulumi.dev.yaml"), []byte(tt.stack), 0o644))
			err := checkSettingKeys(dir, "app", "dev")
			if tt.message == "" {
				assert.NoError(t, err)
				return
			}
			require.Error(t, err)
			assert.Contains(t, err.Error(), tt.message)
		})
	}
}

func TestSettingKeysWithoutStackFile(t *testing.T) {
	assert.NoError(t, checkSettingKeys(t.TempDir(), "app", "dev"))
}

func TestTrackedStackFilesUseDeclaredKeys(t *testing.T) {
	for _, stack := range []string{"dev", "prod.example"} {
		t.Run(stack, func(t *testing.T) {
			assert.NoError(t, checkSettingKeys(repoRoot(t), "secure-serverless", stack))
		})
	}
}
