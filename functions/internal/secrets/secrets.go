// Package secrets reads secret values from AWS Secrets Manager or Parameter Store at run time, so that no
// secret is stored in an environment variable, which anyone who may read the function's configuration can
// read. Inside the VPC the calls go through the Secrets Manager and SSM interface endpoints.
//
// A Reader caches each value for a short time and fetches it again after that, so a rotated secret is picked
// up within the cache period without a restart. A caller that finds the cached value rejected (for example a
// password that no longer works) calls Invalidate to fetch the new value at once.
package secrets

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/secretsmanager"
	"github.com/aws/aws-sdk-go-v2/service/ssm"
)

// DefaultTTL is how long a Reader serves a value from its cache. Secrets Manager keeps the previous version of
// a rotated secret valid while a rotation finishes, so five minutes of a stale value is safe for the rotation
// functions AWS provides, and it keeps the number of paid API calls low.
const DefaultTTL = 5 * time.Minute

// SecretsManagerAPI is the part of the Secrets Manager client that a Reader uses.
type SecretsManagerAPI interface {
	GetSecretValue(ctx context.Context, params *secretsmanager.GetSecretValueInput,
		optFns ...func(*secretsmanager.Options)) (*secretsmanager.GetSecretValueOutput, error)
}

// ParameterStoreAPI is the part of the SSM client that a Reader uses.
type ParameterStoreAPI interface {
	GetParameter(ctx context.Context, params *ssm.GetParameterInput,
		optFns ...func(*ssm.Options)) (*ssm.GetParameterOutput, error)
}

// ErrInvalidReference means a secret reference has neither form that Get accepts.
var ErrInvalidReference = errors.New("invalid secret reference")

// Options configures a Reader.
type Options struct {
	// TTL is how long a value is served from the cache. Zero means DefaultTTL.
	TTL time.Duration
	// Now returns the current time. Nil means time.Now.
	Now func() time.Time
}

// Reader fetches and caches secret values. It is safe for concurrent use.
type Reader struct {
	secretsManager SecretsManagerAPI
	parameters     ParameterStoreAPI
	ttl            time.Duration
	now            func() time.Time

	mu    sync.Mutex
	cache map[string]cachedValue
}

type cachedValue struct {
	value     string
	fetchedAt time.Time
}

// NewReader returns a Reader that reads Secrets Manager secrets through secretsManager and parameters through
// parameters. Either may be nil when the function uses only the other store.
func NewReader(secretsManager SecretsManagerAPI, parameters ParameterStoreAPI, opts Options) *Reader {
	if opts.TTL <= 0 {
		opts.TTL = DefaultTTL
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	return &Reader{
		secretsManager: secretsManager,
		parameters:     parameters,
		ttl:            opts.TTL,
		now:            opts.Now,
		cache:          map[string]cachedValue{},
	}
}

// Get returns the value that reference names, from the cache when it was fetched less than the TTL ago.
//
// A reference is the ARN of a Secrets Manager secret ("arn:aws:secretsmanager:..."), whose current version
// (AWSCURRENT) is read, or the name or ARN of an SSM parameter ("/app/db/password",
// "arn:aws:ssm:...:parameter/app/db/password"), read with decryption so SecureString parameters work. The
// error names the reference but never contains a value.
func (r *Reader) Get(ctx context.Context, reference string) (string, error) {
	r.mu.Lock()
	defer r.mu.Unlock()

	if cached, ok := r.cache[reference]; ok && r.now().Sub(cached.fetchedAt) < r.ttl {
		return cached.value, nil
	}

	value, err := r.fetch(ctx, reference)
	if err != nil {
		return "", err
	}
	r.cache[reference] = cachedValue{value: value, fetchedAt: r.now()}
	return value, nil
}

// Invalidate removes the cached value of reference, so that the next Get fetches it.
func (r *Reader) Invalidate(reference string) {
	r.mu.Lock()
	defer r.mu.Unlock()

	delete(r.cache, reference)
}

func (r *Reader) fetch(ctx context.Context, reference string) (string, error) {
	switch {
	case isSecretsManagerARN(reference):
		return r.fetchSecret(ctx, reference)
	case strings.HasPrefix(reference, "/") || isParameterARN(reference):
		return r.fetchParameter(ctx, reference)
	default:
		return "", fmt.Errorf("%w %q: use a Secrets Manager secret ARN or an SSM parameter name that starts with \"/\"",
			ErrInvalidReference, reference)
	}
}

func (r *Reader) fetchSecret(ctx context.Context, arn string) (string, error) {
	if r.secretsManager == nil {
		return "", fmt.Errorf("reading secret %s: the reader has no Secrets Manager client", arn)
	}
	output, err := r.secretsManager.GetSecretValue(ctx, &secretsmanager.GetSecretValueInput{
		SecretId:     aws.String(arn),
		VersionStage: aws.String("AWSCURRENT"),
	})
	if err != nil {
		return "", fmt.Errorf("reading secret %s: %w", arn, err)
	}
	if output.SecretString == nil {
		return "", fmt.Errorf("reading secret %s: the secret has a binary value, expected a string", arn)
	}
	return *output.SecretString, nil
}

func (r *Reader) fetchParameter(ctx context.Context, name string) (string, error) {
	if r.parameters == nil {
		return "", fmt.Errorf("reading parameter %s: the reader has no SSM client", name)
	}
	output, err := r.parameters.GetParameter(ctx, &ssm.GetParameterInput{
		Name:           aws.String(name),
		WithDecryption: aws.Bool(true),
	})
	if err != nil {
		return "", fmt.Errorf("reading parameter %s: %w", name, err)
	}
	if output.Parameter == nil || output.Parameter.Value == nil {
		return "", fmt.Errorf("reading parameter %s: the response has no value", name)
	}
	return *output.Parameter.Value, nil
}

// isSecretsManagerARN reports whether reference is an ARN of a Secrets Manager secret in any partition.
func isSecretsManagerARN(reference string) bool {
	parts := strings.SplitN(reference, ":", 7)
	return len(parts) == 7 && parts[0] == "arn" && parts[2] == "secretsmanager" && parts[5] == "secret"
}

// isParameterARN reports whether reference is an ARN of an SSM parameter in any partition.
func isParameterARN(reference string) bool {
	parts := strings.SplitN(reference, ":", 6)
	return len(parts) == 6 && parts[0] == "arn" && parts[2] == "ssm" && strings.HasPrefix(parts[5], "parameter/")
}
