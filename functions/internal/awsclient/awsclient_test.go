package awsclient

import (
	"context"
	"errors"
	"net"
	"net/http"
	"path/filepath"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	awshttp "github.com/aws/aws-sdk-go-v2/aws/transport/http"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	s3types "github.com/aws/aws-sdk-go-v2/service/s3/types"
	"github.com/aws/smithy-go"
	smithyhttp "github.com/aws/smithy-go/transport/http"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// silentServer accepts TCP connections on 127.0.0.1 and never responds, like an endpoint that stopped
// working.
func silentServer(t *testing.T) string {
	t.Helper()

	listener, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	var conns []net.Conn
	done := make(chan struct{})
	go func() {
		defer close(done)
		for {
			conn, err := listener.Accept()
			if err != nil {
				return
			}
			conns = append(conns, conn)
		}
	}()
	t.Cleanup(func() {
		_ = listener.Close()
		<-done
		for _, conn := range conns {
			_ = conn.Close()
		}
	})
	return "http://" + listener.Addr().String()
}

func isolate(t *testing.T) {
	t.Helper()

	empty := filepath.Join(t.TempDir(), "none")
	t.Setenv("AWS_CONFIG_FILE", empty)
	t.Setenv("AWS_SHARED_CREDENTIALS_FILE", empty)
	t.Setenv("AWS_EC2_METADATA_DISABLED", "true")
}

func TestCallToSilentEndpointFailsFast(t *testing.T) {
	isolate(t)
	cfg, err := LoadConfig(context.Background(), Options{
		Region:         "eu-west-1",
		Endpoint:       silentServer(t),
		AttemptTimeout: 200 * time.Millisecond,
		Credentials:    credentials.NewStaticCredentialsProvider("AKIDEXAMPLE", "secret", ""),
	})
	require.NoError(t, err)
	client := NewS3(cfg, S3Options{UsePathStyle: true})

	start := time.Now()
	_, err = client.HeadObject(context.Background(), &s3.HeadObjectInput{Bucket: aws.String("b"), Key: aws.String("k")})
	elapsed := time.Since(start)

	require.Error(t, err)
	assert.True(t, IsTimeout(err), "error %v is not a timeout", err)
	assert.Less(t, elapsed, 2*time.Second, "two attempts of 200 ms plus backoff")
	service, operation := Operation(err)
	assert.Equal(t, "S3", service)
	assert.Equal(t, "HeadObject", operation)
}

func TestLoadConfigDefaults(t *testing.T) {
	isolate(t)

	cfg, err := LoadConfig(context.Background(), Options{Region: "eu-central-1"})

	require.NoError(t, err)
	assert.Equal(t, "eu-central-1", cfg.Region)
	require.NotNil(t, cfg.Retryer)
	assert.Equal(t, DefaultMaxAttempts, cfg.Retryer().MaxAttempts())
	delay, err := cfg.Retryer().RetryDelay(10, errors.New("throttled"))
	require.NoError(t, err)
	assert.LessOrEqual(t, delay, DefaultMaxBackoff)
	client, ok := cfg.HTTPClient.(*awshttp.BuildableClient)
	require.True(t, ok)
	assert.Equal(t, DefaultAttemptTimeout, client.GetTimeout())
	assert.Equal(t, DefaultConnectTimeout, client.GetDialer().Timeout)
}

func TestLoadConfigWithoutRegion(t *testing.T) {
	isolate(t)
	t.Setenv("AWS_REGION", "")
	t.Setenv("AWS_DEFAULT_REGION", "")

	_, err := LoadConfig(context.Background(), Options{})

	assert.ErrorContains(t, err, "set AWS_REGION")
}

func TestNewS3BucketRegion(t *testing.T) {
	isolate(t)
	cfg, err := LoadConfig(context.Background(), Options{Region: "us-east-1", Credentials: credentials.NewStaticCredentialsProvider("AKIDEXAMPLE", "secret", "")})
	require.NoError(t, err)
	presigner := s3.NewPresignClient(NewS3(cfg, S3Options{BucketRegion: "eu-west-1"}))

	request, err := presigner.PresignGetObject(context.Background(), &s3.GetObjectInput{Bucket: aws.String("files-1"), Key: aws.String("files/a")})

	require.NoError(t, err)
	assert.Contains(t, request.URL, "https://files-1.s3.eu-west-1.amazonaws.com/files/a?")
	assert.Contains(t, request.URL, "%2Feu-west-1%2Fs3%2Faws4_request")
}

func responseError(status int) error {
	return &awshttp.ResponseError{ResponseError: &smithyhttp.ResponseError{
		Response: &smithyhttp.Response{Response: &http.Response{StatusCode: status}},
		Err:      errors.New("response error"),
	}}
}

func TestErrorClassification(t *testing.T) {
	tests := []struct {
		name               string
		err                error
		wantNotFound       bool
		wantPrecondition   bool
		wantTimeout        bool
		wantCode           string
		wantServiceAndName [2]string
	}{
		{name: "NoSuchKey", err: &smithy.OperationError{ServiceID: "S3", OperationName: "GetObject", Err: &s3types.NoSuchKey{}}, wantNotFound: true, wantCode: "NoSuchKey", wantServiceAndName: [2]string{"S3", "GetObject"}},
		{name: "NotFound", err: &s3types.NotFound{}, wantNotFound: true, wantCode: "NotFound"},
		{name: "bare 404", err: responseError(404), wantNotFound: true},
		{name: "412", err: responseError(412), wantPrecondition: true},
		{name: "PreconditionFailed code", err: &smithy.GenericAPIError{Code: "PreconditionFailed"}, wantPrecondition: true, wantCode: "PreconditionFailed"},
		{name: "AccessDenied", err: &smithy.GenericAPIError{Code: "AccessDenied"}, wantCode: "AccessDenied"},
		{name: "deadline", err: context.DeadlineExceeded, wantTimeout: true},
		{name: "other", err: errors.New("boom")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			service, operation := Operation(tt.err)

			assert.Equal(t, tt.wantNotFound, IsNotFound(tt.err))
			assert.Equal(t, tt.wantPrecondition, IsPreconditionFailed(tt.err))
			assert.Equal(t, tt.wantTimeout, IsTimeout(tt.err))
			assert.Equal(t, tt.wantCode, ErrorCode(tt.err))
			assert.Equal(t, tt.wantServiceAndName, [2]string{service, operation})
		})
	}
}
