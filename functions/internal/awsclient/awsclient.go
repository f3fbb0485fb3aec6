// Package awsclient builds the AWS SDK clients of the Lambda functions with timeouts well below a function's
// timeout. Inside a VPC without a needed endpoint, a call to AWS connects to nothing and would wait for the
// function timeout. With these clients it fails within seconds with an error that names the service and the
// operation.
package awsclient

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/aws/retry"
	awshttp "github.com/aws/aws-sdk-go-v2/aws/transport/http"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/smithy-go"
)

// Defaults of Options; a zero field means the default. With them a call that cannot connect fails after
// MaxAttempts × ConnectTimeout plus backoff, about 2.2 s. A call whose endpoint stops responding fails after
// MaxAttempts × AttemptTimeout plus backoff, about 6.2 s. Both are below the 10 s default function timeout.
const (
	// DefaultConnectTimeout bounds the TCP connection to an endpoint. An interface endpoint in the same VPC
	// accepts connections within milliseconds, so a second without one means it is not there.
	DefaultConnectTimeout = time.Second
	// DefaultTLSHandshakeTimeout bounds the TLS handshake after the connection.
	DefaultTLSHandshakeTimeout = time.Second
	// DefaultAttemptTimeout bounds one HTTP request, from connecting to reading the whole response. The
	// functions read small objects and at most a few KiB of an upload, so 3 s leaves room for S3's tail
	// latency.
	DefaultAttemptTimeout = 3 * time.Second
	// DefaultMaxAttempts is the number of attempts of a call, the first included.
	DefaultMaxAttempts = 2
	// DefaultMaxBackoff bounds the wait between attempts.
	DefaultMaxBackoff = 200 * time.Millisecond
)

// Options configures LoadConfig.
type Options struct {
	// Region is the region of the clients. Empty means the region in the environment, which Lambda sets in
	// AWS_REGION.
	Region string
	// ConnectTimeout defaults to DefaultConnectTimeout.
	ConnectTimeout time.Duration
	// AttemptTimeout defaults to DefaultAttemptTimeout.
	AttemptTimeout time.Duration
	// MaxAttempts defaults to DefaultMaxAttempts.
	MaxAttempts int
	// Credentials replaces the credential chain of the environment. Only local tools set it; a function uses
	// the role credentials that Lambda provides.
	Credentials aws.CredentialsProvider
	// Endpoint replaces the AWS endpoints, for local services such as an S3-compatible server on 127.0.0.1.
	// Empty in Lambda.
	Endpoint string
}

func (o Options) withDefaults() Options {
	if o.ConnectTimeout <= 0 {
		o.ConnectTimeout = DefaultConnectTimeout
	}
	if o.AttemptTimeout <= 0 {
		o.AttemptTimeout = DefaultAttemptTimeout
	}
	if o.MaxAttempts <= 0 {
		o.MaxAttempts = DefaultMaxAttempts
	}
	return o
}

// NewHTTPClient returns the HTTP client of LoadConfig, with the connect, TLS handshake and attempt timeouts of
// opts.
func NewHTTPClient(opts Options) *awshttp.BuildableClient {
	opts = opts.withDefaults()
	return awshttp.NewBuildableClient().
		WithTimeout(opts.AttemptTimeout).
		WithDialerOptions(func(dialer *net.Dialer) {
			dialer.Timeout = opts.ConnectTimeout
		}).
		WithTransportOptions(func(transport *http.Transport) {
			transport.TLSHandshakeTimeout = DefaultTLSHandshakeTimeout
			transport.ResponseHeaderTimeout = opts.AttemptTimeout
		})
}

// LoadConfig loads the SDK configuration from the environment with the timeouts and retries of opts.
func LoadConfig(ctx context.Context, opts Options) (aws.Config, error) {
	opts = opts.withDefaults()
	loadOptions := []func(*config.LoadOptions) error{
		config.WithHTTPClient(NewHTTPClient(opts)),
		config.WithRetryer(func() aws.Retryer {
			standard := retry.AddWithMaxAttempts(retry.NewStandard(), opts.MaxAttempts)
			return retry.AddWithMaxBackoffDelay(standard, DefaultMaxBackoff)
		}),
	}
	if opts.Region != "" {
		loadOptions = append(loadOptions, config.WithRegion(opts.Region))
	}
	if opts.Credentials != nil {
		loadOptions = append(loadOptions, config.WithCredentialsProvider(opts.Credentials))
	}
	if opts.Endpoint != "" {
		loadOptions = append(loadOptions, config.WithBaseEndpoint(opts.Endpoint))
	}

	cfg, err := config.LoadDefaultConfig(ctx, loadOptions...)
	if err != nil {
		return aws.Config{}, fmt.Errorf("loading AWS SDK configuration: %w", err)
	}
	if cfg.Region == "" {
		return aws.Config{}, errors.New("loading AWS SDK configuration: no region; set AWS_REGION")
	}
	return cfg, nil
}

// S3Options configures NewS3.
type S3Options struct {
	// BucketRegion is the region of the bucket. Presigned URLs name it, and S3 rejects a URL signed for
	// another region. Empty means the region of the configuration.
	BucketRegion string
	// UsePathStyle puts the bucket in the path instead of the host name. Only local S3-compatible servers on
	// 127.0.0.1 need it; on AWS the client uses virtual-hosted style, which AWS recommends over the deprecated
	// path style.
	UsePathStyle bool
}

// NewS3 returns an S3 client in the bucket's region, for calls and for presigning.
func NewS3(cfg aws.Config, opts S3Options) *s3.Client {
	return s3.NewFromConfig(cfg, func(o *s3.Options) {
		if opts.BucketRegion != "" {
			o.Region = opts.BucketRegion
		}
		o.UsePathStyle = opts.UsePathStyle
	})
}

// IsTimeout reports whether err comes from a call that timed out or could not connect in time, which inside a
// VPC usually means a missing endpoint or egress rule.
func IsTimeout(err error) bool {
	if errors.Is(err, context.DeadlineExceeded) {
		return true
	}
	var netErr net.Error
	return errors.As(err, &netErr) && netErr.Timeout()
}

// Operation returns the service and operation of a failed SDK call, such as "S3" and "HeadObject", or empty
// strings when err does not come from an SDK call.
func Operation(err error) (service, operation string) {
	var operationErr *smithy.OperationError
	if errors.As(err, &operationErr) {
		return operationErr.ServiceID, operationErr.OperationName
	}
	return "", ""
}

// ErrorCode returns the error code of an AWS API error, such as "NoSuchKey" or "AccessDenied", or "".
func ErrorCode(err error) string {
	var apiErr smithy.APIError
	if errors.As(err, &apiErr) {
		return apiErr.ErrorCode()
	}
	return ""
}

// IsNotFound reports whether err means that the object or key does not exist: S3's NoSuchKey and NotFound
// codes, or an HTTP 404 without a code, as HeadObject returns.
func IsNotFound(err error) bool {
	switch ErrorCode(err) {
	case "NoSuchKey", "NotFound", "NoSuchVersion":
		return true
	}
	var responseErr *awshttp.ResponseError
	return errors.As(err, &responseErr) && responseErr.HTTPStatusCode() == http.StatusNotFound
}

// IsPreconditionFailed reports whether err is S3's error for a conditional request whose condition failed,
// such as a copy with CopySourceIfMatch after the source changed.
func IsPreconditionFailed(err error) bool {
	if ErrorCode(err) == "PreconditionFailed" {
		return true
	}
	var responseErr *awshttp.ResponseError
	return errors.As(err, &responseErr) && responseErr.HTTPStatusCode() == http.StatusPreconditionFailed
}

// NewBucketS3 loads the AWS configuration for region and returns an S3 client for a bucket there.
func NewBucketS3(ctx context.Context, region string) (*s3.Client, error) {
	cfg, err := LoadConfig(ctx, Options{Region: region})
	if err != nil {
		return nil, err
	}
	return NewS3(cfg, S3Options{BucketRegion: region}), nil
}
