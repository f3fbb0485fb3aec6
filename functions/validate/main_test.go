package main

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	s3types "github.com/aws/aws-sdk-go-v2/service/s3/types"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/secureserverless/framework/functions/internal/config"
	"github.com/secureserverless/framework/functions/internal/fileapi"
	"github.com/secureserverless/framework/functions/internal/s3fake"
	"github.com/secureserverless/framework/functions/internal/validation"
)

func TestLoadConfigDefaults(t *testing.T) {
	env := config.New(config.MapLookup(map[string]string{"USER_FILES_BUCKET": "b", "AWS_REGION": "eu-west-1"}))

	cfg, region := loadConfig(env)

	require.NoError(t, env.Err())
	assert.Equal(t, "eu-west-1", region)
	assert.True(t, cfg.ScanningEnabled, "scanning is on unless turned off, like the bucket's malware protection")
	assert.Equal(t, fileapi.DefaultAllowedTypes, cfg.AllowedTypes)
	assert.Equal(t, int64(fileapi.DefaultMaxUploadBytes), cfg.MaxUploadBytes)
	assert.Equal(t, "quarantine/", cfg.Layout.QuarantinePrefix)
}

func TestNewValidatorRejectsConfiguration(t *testing.T) {
	env := config.New(config.MapLookup(map[string]string{"MALWARE_SCANNING_ENABLED": "sometimes", "UPLOAD_ALLOWED_TYPES": "text/html"}))

	validator, err := newValidator(context.Background(), env, nil)

	assert.Nil(t, validator)
	require.Error(t, err)
	for _, name := range []string{"USER_FILES_BUCKET", "MALWARE_SCANNING_ENABLED", "UPLOAD_ALLOWED_TYPES", "USER_FILES_BUCKET_REGION"} {
		assert.Contains(t, err.Error(), "environment variable "+name+" ")
	}
}

func TestSampleEventsReachTheValidator(t *testing.T) {
	entries, err := os.ReadDir("testdata")
	require.NoError(t, err)

	for _, entry := range entries {
		t.Run(entry.Name(), func(t *testing.T) {
			raw, err := os.ReadFile(filepath.Join("testdata", entry.Name()))
			require.NoError(t, err)
			fake := s3fake.New(t)
			fake.HeadObjectFunc = func(*s3.HeadObjectInput) (*s3.HeadObjectOutput, error) { return nil, &s3types.NotFound{} }
			cfg, _ := loadConfig(config.New(config.MapLookup(map[string]string{"USER_FILES_BUCKET": "secure-serverless-user-files", "AWS_REGION": "eu-west-1"})))
			validator := validation.New(cfg, fake, nil)

			err = validator.Handle(context.Background(), raw)

			require.NoError(t, err)
			operations := fake.Operations()
			require.NotEmpty(t, operations, "the sample must name an upload of the configured bucket")
			assert.Equal(t, "quarantine/7d1e6a52-1f0e-4a39-9b0e-2f4c8f6f9b11/3f2b6c1e-8d4a-4b7e-9c1d-2e5f6a7b8c9d",
				aws.ToString(fake.Calls()[0].Input.(*s3.HeadObjectInput).Key))
		})
	}
}

func TestSampleEventsAreJSON(t *testing.T) {
	entries, err := os.ReadDir("testdata")
	require.NoError(t, err)
	require.NotEmpty(t, entries)

	for _, entry := range entries {
		t.Run(entry.Name(), func(t *testing.T) {
			raw, err := os.ReadFile(filepath.Join("testdata", entry.Name()))
			require.NoError(t, err)

			var decoded map[string]any
			require.NoError(t, json.Unmarshal(raw, &decoded))
			assert.True(t, decoded["Records"] != nil || decoded["detail-type"] != nil, "not an S3 or EventBridge event")
		})
	}
}
