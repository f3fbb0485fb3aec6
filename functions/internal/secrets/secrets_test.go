package secrets

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/secretsmanager"
	"github.com/aws/aws-sdk-go-v2/service/ssm"
	ssmtypes "github.com/aws/aws-sdk-go-v2/service/ssm/types"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const (
	secretARN    = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:app/db-AbCdEf"
	parameterARN = "arn:aws:ssm:eu-west-1:123456789012:parameter/app/api-key"
)

// fakeSecretsManager is a Secrets Manager client whose results come from getSecretValue.
type fakeSecretsManager struct {
	mu             sync.Mutex
	calls          []secretsmanager.GetSecretValueInput
	getSecretValue func(*secretsmanager.GetSecretValueInput) (*secretsmanager.GetSecretValueOutput, error)
}

func (f *fakeSecretsManager) GetSecretValue(_ context.Context, params *secretsmanager.GetSecretValueInput,
	_ ...func(*secretsmanager.Options)) (*secretsmanager.GetSecretValueOutput, error) {
	f.mu.Lock()
	f.calls = append(f.calls, *params)
	f.mu.Unlock()
	return f.getSecretValue(params)
}

// fakeParameterStore is an SSM client whose results come from getParameter.
type fakeParameterStore struct {
	calls        []ssm.GetParameterInput
	getParameter func(*ssm.GetParameterInput) (*ssm.GetParameterOutput, error)
}

func (f *fakeParameterStore) GetParameter(_ context.Context, params *ssm.GetParameterInput,
	_ ...func(*ssm.Options)) (*ssm.GetParameterOutput, error) {
	f.calls = append(f.calls, *params)
	return f.getParameter(params)
}

// clock is a settable time source.
type clock struct{ now time.Time }

func (c *clock) Now() time.Time { return c.now }

func secretValue(value string) func(*secretsmanager.GetSecretValueInput) (*secretsmanager.GetSecretValueOutput, error) {
	return func(*secretsmanager.GetSecretValueInput) (*secretsmanager.GetSecretValueOutput, error) {
		return &secretsmanager.GetSecretValueOutput{SecretString: aws.String(value)}, nil
	}
}

func TestGetSecretCachesWithinTTL(t *testing.T) {
	fake := &fakeSecretsManager{getSecretValue: secretValue("s3cr3t-v1")}
	now := &clock{now: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)}
	reader := NewReader(fake, nil, Options{TTL: time.Minute, Now: now.Now})

	first, err := reader.Get(context.Background(), secretARN)
	require.NoError(t, err)
	now.now = now.now.Add(59 * time.Second)
	second, err := reader.Get(context.Background(), secretARN)
	require.NoError(t, err)

	assert.Equal(t, "s3cr3t-v1", first)
	assert.Equal(t, "s3cr3t-v1", second)
	require.Len(t, fake.calls, 1)
	assert.Equal(t, secretARN, aws.ToString(fake.calls[0].SecretId))
	assert.Equal(t, "AWSCURRENT", aws.ToString(fake.calls[0].VersionStage))
}

func TestGetSecretPicksUpRotatedValue(t *testing.T) {
	fake := &fakeSecretsManager{getSecretValue: secretValue("s3cr3t-v1")}
	now := &clock{now: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)}
	reader := NewReader(fake, nil, Options{TTL: time.Minute, Now: now.Now})

	before, err := reader.Get(context.Background(), secretARN)
	require.NoError(t, err)
	fake.getSecretValue = secretValue("s3cr3t-v2")
	now.now = now.now.Add(time.Minute)
	after, err := reader.Get(context.Background(), secretARN)
	require.NoError(t, err)

	assert.Equal(t, "s3cr3t-v1", before)
	assert.Equal(t, "s3cr3t-v2", after)
	assert.Len(t, fake.calls, 2)
}

func TestInvalidateFetchesAtOnce(t *testing.T) {
	fake := &fakeSecretsManager{getSecretValue: secretValue("s3cr3t-v1")}
	reader := NewReader(fake, nil, Options{})

	_, err := reader.Get(context.Background(), secretARN)
	require.NoError(t, err)
	fake.getSecretValue = secretValue("s3cr3t-v2")
	reader.Invalidate(secretARN)
	value, err := reader.Get(context.Background(), secretARN)

	require.NoError(t, err)
	assert.Equal(t, "s3cr3t-v2", value)
	assert.Len(t, fake.calls, 2)
}

func TestGetParameter(t *testing.T) {
	tests := []struct {
		name      string
		reference string
	}{
		{name: "name", reference: "/app/api-key"},
		{name: "ARN", reference: parameterARN},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fake := &fakeParameterStore{getParameter: func(*ssm.GetParameterInput) (*ssm.GetParameterOutput, error) {
				return &ssm.GetParameterOutput{Parameter: &ssmtypes.Parameter{Value: aws.String("k-123")}}, nil
			}}
			reader := NewReader(nil, fake, Options{})

			value, err := reader.Get(context.Background(), tt.reference)

			require.NoError(t, err)
			assert.Equal(t, "k-123", value)
			require.Len(t, fake.calls, 1)
			assert.Equal(t, tt.reference, aws.ToString(fake.calls[0].Name))
			assert.True(t, aws.ToBool(fake.calls[0].WithDecryption))
		})
	}
}

func TestGetErrors(t *testing.T) {
	failing := &fakeSecretsManager{getSecretValue: func(*secretsmanager.GetSecretValueInput) (*secretsmanager.GetSecretValueOutput, error) {
		return nil, errors.New("operation error Secrets Manager: GetSecretValue, timeout")
	}}
	binary := &fakeSecretsManager{getSecretValue: func(*secretsmanager.GetSecretValueInput) (*secretsmanager.GetSecretValueOutput, error) {
		return &secretsmanager.GetSecretValueOutput{SecretBinary: []byte{1}}, nil
	}}
	tests := []struct {
		name      string
		reader    *Reader
		reference string
		wantErr   string
	}{
		{name: "plain value instead of reference", reader: NewReader(failing, nil, Options{}), reference: "hunter2", wantErr: "invalid secret reference"},
		{name: "call fails", reader: NewReader(failing, nil, Options{}), reference: secretARN, wantErr: "reading secret " + secretARN},
		{name: "binary secret", reader: NewReader(binary, nil, Options{}), reference: secretARN, wantErr: "binary value"},
		{name: "no SSM client", reader: NewReader(failing, nil, Options{}), reference: "/app/key", wantErr: "no SSM client"},
		{name: "no Secrets Manager client", reader: NewReader(nil, nil, Options{}), reference: secretARN, wantErr: "no Secrets Manager client"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			value, err := tt.reader.Get(context.Background(), tt.reference)

			assert.Empty(t, value)
			assert.ErrorContains(t, err, tt.wantErr)
			if tt.reference == "hunter2" {
				assert.ErrorIs(t, err, ErrInvalidReference)
			}
		})
	}
}

func TestFailedFetchIsNotCached(t *testing.T) {
	calls := 0
	fake := &fakeSecretsManager{getSecretValue: func(*secretsmanager.GetSecretValueInput) (*secretsmanager.GetSecretValueOutput, error) {
		calls++
		if calls == 1 {
			return nil, errors.New("throttled")
		}
		return &secretsmanager.GetSecretValueOutput{SecretString: aws.String("ok")}, nil
	}}
	reader := NewReader(fake, nil, Options{})

	_, firstErr := reader.Get(context.Background(), secretARN)
	value, secondErr := reader.Get(context.Background(), secretARN)

	assert.Error(t, firstErr)
	require.NoError(t, secondErr)
	assert.Equal(t, "ok", value)
}

func TestGetConcurrentCallers(t *testing.T) {
	fake := &fakeSecretsManager{getSecretValue: secretValue("v")}
	reader := NewReader(fake, nil, Options{})

	var wg sync.WaitGroup
	for range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			value, err := reader.Get(context.Background(), secretARN)
			assert.NoError(t, err)
			assert.Equal(t, "v", value)
		}()
	}
	wg.Wait()

	assert.Len(t, fake.calls, 1)
}
