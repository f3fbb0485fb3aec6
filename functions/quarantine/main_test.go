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
	"github.com/aws/aws-sdk-go-v2/service/s3"
	s3types "github.com/aws/aws-sdk-go-v2/service/s3/types"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/secureserverless/framework/functions/internal/config"
	"github.com/secureserverless/framework/functions/internal/fileapi"
	"github.com/secureserverless/framework/functions/internal/files"
	"github.com/secureserverless/framework/functions/internal/s3fake"
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
	handler, err := newHandler(context.Background(), config.New(config.MapLookup(map[string]string{"REJECTED_PREFIX": "/rejected"})), fileapi.Deps{})

	assert.Nil(t, handler)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "environment variable USER_FILES_BUCKET is required")
	assert.Contains(t, err.Error(), "environment variable REJECTED_PREFIX must end with")
}

func TestSampleEvents(t *testing.T) {
	const owner = "7d1e6a52-1f0e-4a39-9b0e-2f4c8f6f9b11"
	const id = "3f2b6c1e-8d4a-4b7e-9c1d-2e5f6a7b8c9d"
	tests := []struct {
		file       string
		wantStatus int
	}{
		{file: "get-quarantine-admin-request.json", wantStatus: http.StatusOK},
		{file: "get-quarantine-user-request.json", wantStatus: http.StatusForbidden},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			req := readEvent(t, tt.file)
			encoded, err := json.Marshal(req)
			require.NoError(t, err)
			var decoded events.APIGatewayProxyRequest
			require.NoError(t, json.Unmarshal(encoded, &decoded))
			require.Equal(t, req, decoded, "the sample event must round-trip")
			fake := s3fake.New(t)
			fake.ListObjectsV2Func = func(*s3.ListObjectsV2Input) (*s3.ListObjectsV2Output, error) {
				key := files.DefaultLayout().Key(files.AreaRejected, owner, id)
				return &s3.ListObjectsV2Output{Contents: []s3types.Object{{Key: aws.String(key)}}}, nil
			}
			fake.HeadObjectFunc = func(*s3.HeadObjectInput) (*s3.HeadObjectOutput, error) {
				metadata := files.Metadata{Owner: owner, Name: "a.pdf", DeclaredSize: 4, RejectCode: files.RejectTypeMismatch, RejectReason: "the content does not match"}
				return &s3.HeadObjectOutput{ContentLength: aws.Int64(4), ContentType: aws.String("application/pdf"), Metadata: metadata.UserMetadata()}, nil
			}
			settings := fileapi.Settings{Bucket: "secure-serverless-user-files", Layout: files.DefaultLayout(), AdminGroup: fileapi.DefaultAdminGroup}

			resp, err := fileapi.NewQuarantineHandler(settings, fake, fileapi.Deps{})(context.Background(), req)

			require.NoError(t, err)
			assert.Equal(t, tt.wantStatus, resp.StatusCode, resp.Body)
			if tt.wantStatus == http.StatusOK {
				assert.Contains(t, resp.Body, `"reasonCode":"type_mismatch"`)
			}
		})
	}
}
