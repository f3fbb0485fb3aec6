package main

import (
	"context"
	"encoding/json"
	"net/http"
	"os"
	"path/filepath"
	"testing"

	"github.com/aws/aws-lambda-go/events"
	"github.com/aws/aws-sdk-go-v2/aws"
	v4 "github.com/aws/aws-sdk-go-v2/aws/signer/v4"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	s3types "github.com/aws/aws-sdk-go-v2/service/s3/types"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/secureserverless/framework/functions/internal/config"
	"github.com/secureserverless/framework/functions/internal/fileapi"
	"github.com/secureserverless/framework/functions/internal/files"
	"github.com/secureserverless/framework/functions/internal/s3fake"
)

const (
	sampleOwner = "7d1e6a52-1f0e-4a39-9b0e-2f4c8f6f9b11"
	sampleID    = "3f2b6c1e-8d4a-4b7e-9c1d-2e5f6a7b8c9d"
)

func readEvent(t *testing.T, name string) events.APIGatewayProxyRequest {
	t.Helper()

	raw, err := os.ReadFile(filepath.Join("testdata", name))
	require.NoError(t, err)
	var req events.APIGatewayProxyRequest
	require.NoError(t, json.Unmarshal(raw, &req))
	return req
}

func TestNewHandlerRejectsConfiguration(t *testing.T) {
	tests := []struct {
		name     string
		env      map[string]string
		wantVars []string
	}{
		{name: "nothing set", env: map[string]string{}, wantVars: []string{"USER_FILES_BUCKET", "USER_FILES_BUCKET_REGION"}},
		{name: "download cap too long", env: map[string]string{"USER_FILES_BUCKET": "b", "AWS_REGION": "eu-west-1", "DOWNLOAD_URL_MAX_EXPIRY": "13h"}, wantVars: []string{"DOWNLOAD_URL_MAX_EXPIRY"}},
		{name: "default above cap", env: map[string]string{"USER_FILES_BUCKET": "b", "AWS_REGION": "eu-west-1", "DOWNLOAD_URL_EXPIRY": "2h"}, wantVars: []string{"DOWNLOAD_URL_EXPIRY"}},
		{name: "prefix with traversal", env: map[string]string{"USER_FILES_BUCKET": "b", "AWS_REGION": "eu-west-1", "FILES_PREFIX": "../files/"}, wantVars: []string{"FILES_PREFIX"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			handler, err := newHandler(context.Background(), config.New(config.MapLookup(tt.env)), fileapi.Deps{})

			assert.Nil(t, handler)
			require.Error(t, err)
			for _, name := range tt.wantVars {
				assert.Contains(t, err.Error(), "environment variable "+name+" ")
			}
		})
	}
}

func TestNewHandlerBuildsClients(t *testing.T) {
	t.Setenv("AWS_CONFIG_FILE", filepath.Join(t.TempDir(), "none"))
	env := map[string]string{"USER_FILES_BUCKET": "secure-serverless-user-files", "USER_FILES_BUCKET_REGION": "eu-central-1"}

	handler, err := newHandler(context.Background(), config.New(config.MapLookup(env)), fileapi.Deps{})

	require.NoError(t, err)
	assert.NotNil(t, handler)
}

// fakeBucket holds one file of sampleOwner with one version and one delete marker.
func fakeBucket(t *testing.T) *s3fake.Client {
	layout := files.DefaultLayout()
	key := layout.Key(files.AreaFiles, sampleOwner, sampleID)
	fake := s3fake.New(t)
	fake.HeadObjectFunc = func(in *s3.HeadObjectInput) (*s3.HeadObjectOutput, error) {
		if aws.ToString(in.Key) != key {
			return nil, &s3types.NotFound{}
		}
		return &s3.HeadObjectOutput{
			ContentLength: aws.Int64(48213),
			ContentType:   aws.String("application/pdf"),
			Metadata:      files.Metadata{Owner: sampleOwner, Name: "Zoë's plan.pdf", DeclaredSize: 48213}.UserMetadata(),
		}, nil
	}
	fake.ListObjectsV2Func = func(*s3.ListObjectsV2Input) (*s3.ListObjectsV2Output, error) {
		return &s3.ListObjectsV2Output{Contents: []s3types.Object{{Key: aws.String(key)}}}, nil
	}
	fake.PresignGetObjectFunc = func(in *s3.GetObjectInput, _ s3.PresignOptions) (*v4.PresignedHTTPRequest, error) {
		return &v4.PresignedHTTPRequest{URL: "https://example.invalid/" + aws.ToString(in.Key)}, nil
	}
	fake.DeleteObjectFunc = func(*s3.DeleteObjectInput) (*s3.DeleteObjectOutput, error) { return &s3.DeleteObjectOutput{}, nil }
	fake.ListObjectVersionsFunc = func(in *s3.ListObjectVersionsInput) (*s3.ListObjectVersionsOutput, error) {
		object := aws.ToString(in.Prefix) + sampleID
		return &s3.ListObjectVersionsOutput{
			Versions:      []s3types.ObjectVersion{{Key: aws.String(object), VersionId: aws.String("v1")}},
			DeleteMarkers: []s3types.DeleteMarkerEntry{{Key: aws.String(object), VersionId: aws.String("m1")}},
		}, nil
	}
	fake.DeleteObjectsFunc = func(*s3.DeleteObjectsInput) (*s3.DeleteObjectsOutput, error) { return &s3.DeleteObjectsOutput{}, nil }
	return fake
}

func TestSampleEvents(t *testing.T) {
	tests := []struct {
		file       string
		wantStatus int
		wantBody   string
	}{
		{file: "get-files-request.json", wantStatus: http.StatusOK},
		{file: "get-file-request.json", wantStatus: http.StatusOK},
		{file: "delete-file-request.json", wantStatus: http.StatusNoContent},
		{file: "delete-me-files-request.json", wantStatus: http.StatusOK, wantBody: `{"deletedVersions": 6}`},
		{file: "delete-user-files-admin-request.json", wantStatus: http.StatusOK, wantBody: `{"deletedVersions": 6}`},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			req := readEvent(t, tt.file)
			encoded, err := json.Marshal(req)
			require.NoError(t, err)
			var decoded events.APIGatewayProxyRequest
			require.NoError(t, json.Unmarshal(encoded, &decoded))
			require.Equal(t, req, decoded, "the sample event must round-trip")
			cfg := fileapi.ReadConfig{
				Settings: fileapi.Settings{Bucket: "secure-serverless-user-files", Layout: files.DefaultLayout(), AdminGroup: fileapi.DefaultAdminGroup},
				Expiry:   fileapi.ExpiryLimits{Default: fileapi.DefaultDownloadExpiry, Max: fileapi.DefaultMaxDownloadExpiry},
			}
			fake := fakeBucket(t)
			handler := fileapi.NewFilesHandler(cfg, fake, fake, nil, fileapi.Deps{})

			resp, err := handler(context.Background(), req)

			require.NoError(t, err)
			assert.Equal(t, tt.wantStatus, resp.StatusCode, resp.Body)
			if tt.wantBody != "" {
				assert.JSONEq(t, tt.wantBody, resp.Body)
			}
		})
	}
}
