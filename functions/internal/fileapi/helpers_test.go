package fileapi

import (
	"bytes"
	"context"
	"encoding/json"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-lambda-go/events"
	"github.com/aws/aws-lambda-go/lambdacontext"
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	s3types "github.com/aws/aws-sdk-go-v2/service/s3/types"
	"github.com/aws/smithy-go"
	"github.com/stretchr/testify/require"

	"github.com/secureserverless/framework/functions/internal/files"
	"github.com/secureserverless/framework/functions/internal/httpapi"
	"github.com/secureserverless/framework/functions/internal/logging"
)

const (
	userA        = "7d1e6a52-1f0e-4a39-9b0e-2f4c8f6f9b11"
	userB        = "0b7a1c2d-3e4f-4a5b-8c6d-7e8f9a0b1c2d"
	adminSub     = "5c4d3e2f-1a0b-4c9d-8e7f-6a5b4c3d2e1f"
	fileID       = "3f2b6c1e-8d4a-4b7e-9c1d-2e5f6a7b8c9d"
	testBucket   = "user-files-test"
	apiRequestID = "c0ffee00-1111-4222-8333-444455556666"
	lambdaReqID  = "b0f3a4c1-1d2e-4f5a-8b6c-7d8e9f0a1b2c"
)

var testNow = time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)

func testSettings() Settings {
	return Settings{Bucket: testBucket, Layout: files.DefaultLayout(), AdminGroup: DefaultAdminGroup}
}

// claimsOf returns REST API authorizer claims for sub in groups, every value a string as API Gateway sends them.
func claimsOf(sub string, groups string) map[string]any {
	claims := map[string]any{"sub": sub, "cognito:username": "user-" + sub[:4], "token_use": "id"}
	if groups != "" {
		claims["cognito:groups"] = groups
	}
	return claims
}

// apiRequest returns a REST API proxy request for method and resource with path parameters, as the caller with
// claims (nil for no authorizer claims).
func apiRequest(method, resource string, pathParameters map[string]string, claims map[string]any) events.APIGatewayProxyRequest {
	path := resource
	for name, value := range pathParameters {
		path = strings.ReplaceAll(path, "{"+name+"}", value)
	}
	req := events.APIGatewayProxyRequest{
		Resource:       resource,
		Path:           path,
		HTTPMethod:     method,
		Headers:        map[string]string{"Accept": "application/json"},
		PathParameters: pathParameters,
		RequestContext: events.APIGatewayProxyRequestContext{
			RequestID:    apiRequestID,
			ResourcePath: resource,
			HTTPMethod:   method,
		},
	}
	if claims != nil {
		req.RequestContext.Authorizer = map[string]any{"claims": claims}
	}
	return req
}

// withQuery returns req with the query parameters set in both maps, as API Gateway sends them.
func withQuery(req events.APIGatewayProxyRequest, query map[string]string) events.APIGatewayProxyRequest {
	req.QueryStringParameters = query
	req.MultiValueQueryStringParameters = map[string][]string{}
	for name, value := range query {
		req.MultiValueQueryStringParameters[name] = []string{value}
	}
	return req
}

// withJSONBody returns req with a JSON body.
func withJSONBody(req events.APIGatewayProxyRequest, body string) events.APIGatewayProxyRequest {
	req.Headers = map[string]string{"content-type": "application/json"}
	req.Body = body
	return req
}

// invoke runs handler with Lambda context and returns the response and the decoded log lines.
func invoke(t *testing.T, newHandler func(Deps) Handler, req events.APIGatewayProxyRequest) (events.APIGatewayProxyResponse, []map[string]any, string) {
	t.Helper()

	var logs bytes.Buffer
	deps := Deps{
		Logger: logging.New(&logs, slog.LevelDebug),
		Now:    func() time.Time { return testNow },
		Random: bytes.NewReader(bytes.Repeat([]byte{0x42}, 64)),
	}
	ctx := lambdacontext.NewContext(context.Background(), &lambdacontext.LambdaContext{AwsRequestID: lambdaReqID})

	resp, err := newHandler(deps)(ctx, req)

	require.NoError(t, err)
	return resp, decodeLogLines(t, logs.String()), logs.String()
}

func decodeLogLines(t *testing.T, output string) []map[string]any {
	t.Helper()

	var records []map[string]any
	for _, line := range strings.Split(strings.TrimSpace(output), "\n") {
		if line == "" {
			continue
		}
		var record map[string]any
		require.NoError(t, json.Unmarshal([]byte(line), &record), "log line is not JSON: %s", line)
		records = append(records, record)
	}
	return records
}

// lastLogLine returns the request's summary line, which serve writes last.
func lastLogLine(t *testing.T, records []map[string]any) map[string]any {
	t.Helper()

	require.NotEmpty(t, records)
	return records[len(records)-1]
}

// decodeErrorBody decodes an error response body.
func decodeErrorBody(t *testing.T, resp events.APIGatewayProxyResponse) httpapi.ErrorDetail {
	t.Helper()

	var body httpapi.ErrorBody
	require.NoError(t, json.Unmarshal([]byte(resp.Body), &body), "body: %s", resp.Body)
	return body.Error
}

// notFound returns the error the SDK returns from HeadObject for a missing key.
func notFound() error {
	return &smithy.OperationError{ServiceID: "S3", OperationName: "HeadObject", Err: &s3types.NotFound{}}
}

// headOf returns a HeadObject output for a file with metadata.
func headOf(metadata files.Metadata, contentType string, size int64) *s3.HeadObjectOutput {
	return &s3.HeadObjectOutput{
		ContentLength: aws.Int64(size),
		ContentType:   aws.String(contentType),
		ETag:          aws.String(`"etag-1"`),
		LastModified:  aws.Time(testNow.Add(-time.Hour)),
		Metadata:      metadata.UserMetadata(),
	}
}
