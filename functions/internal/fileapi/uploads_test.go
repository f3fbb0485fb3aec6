package fileapi

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-lambda-go/events"
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/secureserverless/framework/functions/internal/files"
	"github.com/secureserverless/framework/functions/internal/httpapi"
	"github.com/secureserverless/framework/functions/internal/logging"
	"github.com/secureserverless/framework/functions/internal/s3fake"
)

// idFromFixedRandom is the id that NewID makes from the 0x42 bytes of the test's random source.
const idFromFixedRandom = "42424242-4242-4242-8242-424242424242"

func testUploadConfig() UploadConfig {
	return UploadConfig{
		Settings:       testSettings(),
		AllowedTypes:   DefaultAllowedTypes,
		MaxUploadBytes: 1 << 20,
		Expiry:         ExpiryLimits{Default: DefaultUploadExpiry, Max: DefaultMaxUploadExpiry},
	}
}

// fakePostPresigner returns a fake whose PresignPostObject returns the SDK's fields for a fixed credential.
func fakePostPresigner(t *testing.T) *s3fake.Client {
	fake := s3fake.New(t)
	fake.PresignPostObjectFunc = func(in *s3.PutObjectInput, _ s3.PresignPostOptions) (*s3.PresignedPostRequest, error) {
		return &s3.PresignedPostRequest{
			URL: "https://" + aws.ToString(in.Bucket) + ".s3.eu-west-1.amazonaws.com/",
			Values: map[string]string{
				"key":              aws.ToString(in.Key),
				"policy":           "eyJleHBpcmF0aW9uIjoi",
				"X-Amz-Algorithm":  "AWS4-HMAC-SHA256",
				"X-Amz-Credential": "AKIDEXAMPLE/20260102/eu-west-1/s3/aws4_request",
				"X-Amz-Date":       "20260102T030405Z",
				"X-Amz-Signature":  "5ec1e7",
			},
		}, nil
	}
	return fake
}

// staticCredentials returns credentials that expire at expires, or never when expires is zero.
type staticCredentials struct {
	expires time.Time
	err     error
}

func (c staticCredentials) Retrieve(context.Context) (aws.Credentials, error) {
	if c.err != nil {
		return aws.Credentials{}, c.err
	}
	return aws.Credentials{AccessKeyID: "AKIDEXAMPLE", SecretAccessKey: "secret", CanExpire: !c.expires.IsZero(), Expires: c.expires}, nil
}

func uploadsHandler(cfg UploadConfig, presigner PostPresigner, credentials aws.CredentialsProvider) func(Deps) Handler {
	return func(deps Deps) Handler {
		return NewUploadsHandler(cfg, presigner, credentials, deps)
	}
}

func uploadRequestAs(claims map[string]any, body string) events.APIGatewayProxyRequest {
	return withJSONBody(apiRequest(http.MethodPost, "/uploads", nil, claims), body)
}

func TestUploadSignsForm(t *testing.T) {
	presigner := fakePostPresigner(t)
	req := uploadRequestAs(claimsOf(userA, ""), `{"name": "Zoë's plan 1+1=2.pdf", "contentType": "Application/PDF", "size": 2048}`)

	resp, records, logs := invoke(t, uploadsHandler(testUploadConfig(), presigner, staticCredentials{}), req)

	require.Equal(t, http.StatusCreated, resp.StatusCode, resp.Body)
	assert.Equal(t, httpapi.SecurityHeaders(), resp.Headers)
	var body uploadResponse
	require.NoError(t, json.Unmarshal([]byte(resp.Body), &body))
	key := "quarantine/" + userA + "/" + idFromFixedRandom
	assert.Equal(t, idFromFixedRandom, body.ID)
	assert.Equal(t, "POST", body.Method)
	assert.Equal(t, int64(2048), body.MaxBytes)
	assert.Equal(t, testNow.Add(DefaultUploadExpiry), body.ExpiresAt)
	assert.Equal(t, key, body.Fields["key"])
	assert.Equal(t, "application/pdf", body.Fields["Content-Type"])
	assert.Equal(t, userA, body.Fields["x-amz-meta-owner"])
	assert.Equal(t, "Zo%C3%AB%27s%20plan%201+1%3D2.pdf", body.Fields["x-amz-meta-original-name"])
	assert.Equal(t, "2048", body.Fields["x-amz-meta-declared-size"])
	assert.Equal(t, "5ec1e7", body.Fields["X-Amz-Signature"])

	calls := presigner.Calls()
	require.Len(t, calls, 1)
	input := calls[0].Input.(*s3.PutObjectInput)
	assert.Equal(t, testBucket, aws.ToString(input.Bucket))
	assert.Equal(t, key, aws.ToString(input.Key))

	summary := lastLogLine(t, records)
	assert.Equal(t, 201.0, summary[logging.KeyStatus])
	assert.Equal(t, userA, summary[logging.KeySubject])
	assert.Equal(t, apiRequestID, summary[logging.KeyAPIRequestID])
	assert.Equal(t, lambdaReqID, summary[logging.KeyRequestID])
	assert.Equal(t, "POST /uploads", summary[logging.KeyRoute])
	assert.NotContains(t, logs, "5ec1e7", "the log must not contain the signature")
	assert.NotContains(t, logs, "amazonaws.com", "the log must not contain the URL")
	assert.NotContains(t, logs, "Zo", "the log must not contain the file name")
}

func TestUploadPolicyConditions(t *testing.T) {
	presigner := fakePostPresigner(t)
	var options s3.PresignPostOptions
	next := presigner.PresignPostObjectFunc
	presigner.PresignPostObjectFunc = func(in *s3.PutObjectInput, opts s3.PresignPostOptions) (*s3.PresignedPostRequest, error) {
		options = opts
		return next(in, opts)
	}
	req := uploadRequestAs(claimsOf(userA, ""), `{"name": "a.txt", "contentType": "text/plain", "size": 10, "expiresInSeconds": 60}`)

	resp, _, _ := invoke(t, uploadsHandler(testUploadConfig(), presigner, staticCredentials{}), req)

	require.Equal(t, http.StatusCreated, resp.StatusCode, resp.Body)
	assert.Equal(t, time.Minute, options.Expires)
	key := "quarantine/" + userA + "/" + idFromFixedRandom
	assert.ElementsMatch(t, []any{
		map[string]string{"key": key},
		[]any{"content-length-range", 1, int64(10)},
		map[string]string{"Content-Type": "text/plain"},
		map[string]string{"x-amz-meta-owner": userA},
		map[string]string{"x-amz-meta-original-name": "a.txt"},
		map[string]string{"x-amz-meta-declared-size": "10"},
	}, options.Conditions)
}

func TestUploadExpiry(t *testing.T) {
	tests := []struct {
		name        string
		requested   string
		credentials staticCredentials
		wantStatus  int
		wantExpiry  time.Duration
		wantCode    string
		wantMessage string
	}{
		{name: "default", requested: "", wantStatus: 201, wantExpiry: DefaultUploadExpiry},
		{name: "requested within cap", requested: `, "expiresInSeconds": 900`, wantStatus: 201, wantExpiry: 15 * time.Minute},
		{name: "above cap", requested: `, "expiresInSeconds": 901`, wantStatus: 400, wantCode: CodeExpiryTooLong, wantMessage: "maximum of 900 seconds"},
		{name: "negative", requested: `, "expiresInSeconds": -5`, wantStatus: 400, wantCode: CodeInvalidParameter},
		{
			name:        "shortened to credentials",
			requested:   `, "expiresInSeconds": 900`,
			credentials: staticCredentials{expires: testNow.Add(2*time.Minute + 500*time.Millisecond)},
			wantStatus:  201,
			wantExpiry:  2 * time.Minute,
		},
		{name: "credentials expired", credentials: staticCredentials{expires: testNow.Add(-time.Second)}, wantStatus: 500, wantCode: httpapi.CodeInternal},
		{name: "credentials unavailable", credentials: staticCredentials{err: errors.New("no credentials")}, wantStatus: 500, wantCode: httpapi.CodeInternal},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req := uploadRequestAs(claimsOf(userA, ""), `{"name": "a.txt", "contentType": "text/plain", "size": 10`+tt.requested+`}`)

			resp, _, _ := invoke(t, uploadsHandler(testUploadConfig(), fakePostPresigner(t), tt.credentials), req)

			require.Equal(t, tt.wantStatus, resp.StatusCode, resp.Body)
			if tt.wantStatus == http.StatusCreated {
				var body uploadResponse
				require.NoError(t, json.Unmarshal([]byte(resp.Body), &body))
				assert.Equal(t, testNow.Add(tt.wantExpiry), body.ExpiresAt)
				return
			}
			detail := decodeErrorBody(t, resp)
			assert.Equal(t, tt.wantCode, detail.Code)
			assert.Contains(t, detail.Message, tt.wantMessage)
			assert.Equal(t, apiRequestID, detail.RequestID)
		})
	}
}

func TestUploadRejectsRequest(t *testing.T) {
	tests := []struct {
		name        string
		body        string
		wantStatus  int
		wantCode    string
		wantMessage string
	}{
		{name: "path traversal", body: `{"name": "../../etc/passwd", "contentType": "text/plain", "size": 1}`, wantStatus: 400, wantCode: CodeInvalidName, wantMessage: "path separator"},
		{name: "control character", body: `{"name": "a\u0007.txt", "contentType": "text/plain", "size": 1}`, wantStatus: 400, wantCode: CodeInvalidName, wantMessage: "control character"},
		{name: "right-to-left override", body: `{"name": "cod\u202eexe.pdf", "contentType": "application/pdf", "size": 1}`, wantStatus: 400, wantCode: CodeInvalidName, wantMessage: "bidirectional"},
		{name: "1025-byte name", body: `{"name": "` + strings.Repeat("a", 1025) + `", "contentType": "text/plain", "size": 1}`, wantStatus: 400, wantCode: CodeInvalidName, wantMessage: "1025 bytes"},
		{name: "empty name", body: `{"name": "", "contentType": "text/plain", "size": 1}`, wantStatus: 400, wantCode: CodeInvalidName},
		{name: "type not allowed", body: `{"name": "a.html", "contentType": "text/html", "size": 1}`, wantStatus: 400, wantCode: CodeTypeNotAllowed, wantMessage: "application/pdf"},
		{name: "type not parseable", body: `{"name": "a", "contentType": "pdf", "size": 1}`, wantStatus: 400, wantCode: CodeTypeNotAllowed},
		{name: "zero size", body: `{"name": "a.txt", "contentType": "text/plain", "size": 0}`, wantStatus: 400, wantCode: CodeInvalidParameter},
		{name: "size over maximum", body: `{"name": "a.txt", "contentType": "text/plain", "size": 1048577}`, wantStatus: 400, wantCode: CodeFileTooLarge, wantMessage: "maximum of 1048576 bytes"},
		{name: "unknown field", body: `{"name": "a.txt", "contentType": "text/plain", "size": 1, "key": "files/x"}`, wantStatus: 400, wantCode: httpapi.CodeBadRequest, wantMessage: `"key" is not accepted`},
		{name: "body over limit", body: `{"name": "` + strings.Repeat("a", 20000) + `"}`, wantStatus: 413, wantCode: httpapi.CodePayloadTooLarge, wantMessage: "16384 bytes"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			presigner := s3fake.New(t)
			cfg := testUploadConfig()
			cfg.MaxRequestBytes = 16384

			resp, records, _ := invoke(t, uploadsHandler(cfg, presigner, staticCredentials{}), uploadRequestAs(claimsOf(userA, ""), tt.body))

			assert.Equal(t, tt.wantStatus, resp.StatusCode)
			detail := decodeErrorBody(t, resp)
			assert.Equal(t, tt.wantCode, detail.Code)
			assert.Contains(t, detail.Message, tt.wantMessage)
			assert.Empty(t, presigner.Calls(), "no form may be signed for a rejected request")
			assert.Equal(t, "WARN", lastLogLine(t, records)[logging.KeyLevel])
		})
	}
}

func TestUploadContentTypeHeader(t *testing.T) {
	req := uploadRequestAs(claimsOf(userA, ""), `{"name": "a.txt", "contentType": "text/plain", "size": 1}`)
	req.Headers = map[string]string{"Content-Type": "text/plain"}

	resp, _, _ := invoke(t, uploadsHandler(testUploadConfig(), s3fake.New(t), staticCredentials{}), req)

	assert.Equal(t, http.StatusUnsupportedMediaType, resp.StatusCode)
	assert.Equal(t, httpapi.CodeUnsupportedMediaType, decodeErrorBody(t, resp).Code)
}

func TestUploadWithoutCaller(t *testing.T) {
	req := uploadRequestAs(nil, `{"name": "a.txt", "contentType": "text/plain", "size": 1}`)
	req.Headers["X-User-Sub"] = userA

	resp, records, _ := invoke(t, uploadsHandler(testUploadConfig(), s3fake.New(t), staticCredentials{}), req)

	assert.Equal(t, http.StatusUnauthorized, resp.StatusCode)
	assert.Equal(t, httpapi.CodeUnauthorized, decodeErrorBody(t, resp).Code)
	assert.Equal(t, "ERROR", lastLogLine(t, records)[logging.KeyLevel])
}

func TestUploadPresignFailure(t *testing.T) {
	presigner := s3fake.New(t)
	presigner.PresignPostObjectFunc = func(*s3.PutObjectInput, s3.PresignPostOptions) (*s3.PresignedPostRequest, error) {
		return nil, errors.New("arn:aws:iam::123456789012:role/internal-signer failed")
	}
	req := uploadRequestAs(claimsOf(userA, ""), `{"name": "a.txt", "contentType": "text/plain", "size": 1}`)

	resp, records, _ := invoke(t, uploadsHandler(testUploadConfig(), presigner, staticCredentials{}), req)

	assert.Equal(t, http.StatusInternalServerError, resp.StatusCode)
	assert.NotContains(t, resp.Body, "arn:aws")
	assert.Equal(t, apiRequestID, decodeErrorBody(t, resp).RequestID)
	assert.Contains(t, lastLogLine(t, records)[logging.KeyError], "presigning upload form for quarantine/"+userA)
}

func TestUploadKeyUsesCallerOnly(t *testing.T) {
	presigner := fakePostPresigner(t)
	claims := claimsOf(userA, "admin")
	req := uploadRequestAs(claims, `{"name": "a.txt", "contentType": "text/plain", "size": 1}`)
	req.Headers["X-Owner"] = userB

	resp, _, _ := invoke(t, uploadsHandler(testUploadConfig(), presigner, staticCredentials{}), req)

	require.Equal(t, http.StatusCreated, resp.StatusCode)
	input := presigner.Calls()[0].Input.(*s3.PutObjectInput)
	assert.Equal(t, files.DefaultLayout().Key(files.AreaQuarantine, userA, idFromFixedRandom), aws.ToString(input.Key))
}
