package main

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"log/slog"
	"net/http"
	"os"
	"path/filepath"
	"testing"

	"github.com/aws/aws-lambda-go/events"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/secureserverless/framework/functions/internal/config"
	"github.com/secureserverless/framework/functions/internal/fileapi"
	"github.com/secureserverless/framework/functions/internal/logging"
)

// validEnv is a complete configuration of the function.
func validEnv() map[string]string {
	return map[string]string{
		"USER_FILES_BUCKET": "secure-serverless-user-files",
		"AWS_REGION":        "eu-west-1",
	}
}

// isolateAWSEnvironment gives the SDK static credentials and no shared config files, so the test reads
// nothing of the machine's AWS setup and makes no network call.
func isolateAWSEnvironment(t *testing.T) {
	t.Helper()

	empty := filepath.Join(t.TempDir(), "none")
	t.Setenv("AWS_CONFIG_FILE", empty)
	t.Setenv("AWS_SHARED_CREDENTIALS_FILE", empty)
	t.Setenv("AWS_EC2_METADATA_DISABLED", "true")
	t.Setenv("AWS_ACCESS_KEY_ID", "AKIDEXAMPLE")
	t.Setenv("AWS_SECRET_ACCESS_KEY", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY")
	t.Setenv("AWS_SESSION_TOKEN", "")
}

func readEvent(t *testing.T, name string) (events.APIGatewayProxyRequest, []byte) {
	t.Helper()

	raw, err := os.ReadFile(filepath.Join("testdata", name))
	require.NoError(t, err)
	var req events.APIGatewayProxyRequest
	require.NoError(t, json.Unmarshal(raw, &req))
	return req, raw
}

func TestNewHandlerRejectsConfiguration(t *testing.T) {
	tests := []struct {
		name     string
		env      map[string]string
		wantVars []string
	}{
		{name: "nothing set", env: map[string]string{}, wantVars: []string{"USER_FILES_BUCKET", "USER_FILES_BUCKET_REGION"}},
		{name: "size not a number", env: map[string]string{"UPLOAD_MAX_BYTES": "10MB"}, wantVars: []string{"UPLOAD_MAX_BYTES"}},
		{name: "size over the POST limit", env: map[string]string{"UPLOAD_MAX_BYTES": "5368709121"}, wantVars: []string{"UPLOAD_MAX_BYTES"}},
		{name: "type without a content check", env: map[string]string{"UPLOAD_ALLOWED_TYPES": "image/png,application/zip"}, wantVars: []string{"UPLOAD_ALLOWED_TYPES"}},
		{name: "default expiry above the cap", env: map[string]string{"UPLOAD_URL_EXPIRY": "20m"}, wantVars: []string{"UPLOAD_URL_EXPIRY"}},
		{name: "cap above the limit", env: map[string]string{"UPLOAD_URL_MAX_EXPIRY": "24h"}, wantVars: []string{"UPLOAD_URL_MAX_EXPIRY"}},
		{name: "prefix without slash", env: map[string]string{"QUARANTINE_PREFIX": "quarantine"}, wantVars: []string{"QUARANTINE_PREFIX"}},
		{name: "overlapping prefixes", env: map[string]string{"QUARANTINE_PREFIX": "files/in/"}, wantVars: []string{"QUARANTINE_PREFIX"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			isolateAWSEnvironment(t)
			env := validEnv()
			if len(tt.env) == 0 {
				env = map[string]string{}
			}
			for name, value := range tt.env {
				env[name] = value
			}

			handler, err := newHandler(context.Background(), config.New(config.MapLookup(env)), fileapi.Deps{})

			assert.Nil(t, handler)
			require.Error(t, err)
			for _, name := range tt.wantVars {
				assert.Contains(t, err.Error(), "environment variable "+name+" ")
			}
		})
	}
}

func TestSampleEventsRoundTrip(t *testing.T) {
	for _, file := range []string{"post-uploads-request.json", "post-uploads-base64-request.json"} {
		t.Run(file, func(t *testing.T) {
			req, _ := readEvent(t, file)

			encoded, err := json.Marshal(req)
			require.NoError(t, err)
			var decoded events.APIGatewayProxyRequest
			require.NoError(t, json.Unmarshal(encoded, &decoded))

			assert.Equal(t, req, decoded)
			assert.Equal(t, "/uploads", decoded.Resource)
			assert.Equal(t, http.MethodPost, decoded.HTTPMethod)
		})
	}
}

// policyDocument is the decoded policy of a presigned POST.
type policyDocument struct {
	Expiration string `json:"expiration"`
	Conditions []any  `json:"conditions"`
}

func TestSampleEventSignsFormWithSDK(t *testing.T) {
	tests := []struct {
		name         string
		file         string
		wantType     string
		wantMaxBytes float64
	}{
		{name: "JSON body", file: "post-uploads-request.json", wantType: "application/pdf", wantMaxBytes: 48213},
		{name: "base64 body", file: "post-uploads-base64-request.json", wantType: "text/plain", wantMaxBytes: 12},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			isolateAWSEnvironment(t)
			var logs bytes.Buffer
			deps := fileapi.Deps{Logger: logging.New(&logs, slog.LevelInfo)}
			handler, err := newHandler(context.Background(), config.New(config.MapLookup(validEnv())), deps)
			require.NoError(t, err)
			req, _ := readEvent(t, tt.file)

			resp, err := handler(context.Background(), req)

			require.NoError(t, err)
			require.Equal(t, http.StatusCreated, resp.StatusCode, resp.Body)
			var body struct {
				URL    string            `json:"url"`
				Fields map[string]string `json:"fields"`
			}
			require.NoError(t, json.Unmarshal([]byte(resp.Body), &body))
			assert.Equal(t, "https://secure-serverless-user-files.s3.eu-west-1.amazonaws.com", body.URL,
				"the form must use the virtual-hosted URL of the bucket's region")
			assert.Contains(t, body.Fields["X-Amz-Credential"], "/eu-west-1/s3/aws4_request")
			assert.Equal(t, tt.wantType, body.Fields["Content-Type"])

			rawPolicy, err := base64.StdEncoding.DecodeString(body.Fields["policy"])
			require.NoError(t, err)
			var policy policyDocument
			require.NoError(t, json.Unmarshal(rawPolicy, &policy))
			assert.Contains(t, policy.Conditions, []any{"content-length-range", 1.0, tt.wantMaxBytes})
			assert.Contains(t, policy.Conditions, map[string]any{"key": body.Fields["key"]})
			assert.Contains(t, policy.Conditions, map[string]any{"Content-Type": tt.wantType})
			assert.Contains(t, policy.Conditions, map[string]any{"bucket": "secure-serverless-user-files"})
			assert.NotContains(t, logs.String(), body.Fields["X-Amz-Signature"])
		})
	}
}
