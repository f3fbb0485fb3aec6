package config

import (
	"errors"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func envOf(values map[string]string) *Env {
	return New(MapLookup(values))
}

func TestRequired(t *testing.T) {
	tests := []struct {
		name    string
		values  map[string]string
		want    string
		wantErr bool
	}{
		{name: "set", values: map[string]string{"BUCKET": "files-1"}, want: "files-1"},
		{name: "trimmed", values: map[string]string{"BUCKET": " files-1 "}, want: "files-1"},
		{name: "unset", values: map[string]string{}, wantErr: true},
		{name: "blank", values: map[string]string{"BUCKET": "  "}, wantErr: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			env := envOf(tt.values)

			got := env.Required("BUCKET")

			assert.Equal(t, tt.want, got)
			if !tt.wantErr {
				assert.NoError(t, env.Err())
				return
			}
			var variableErr *VariableError
			require.ErrorAs(t, env.Err(), &variableErr)
			assert.Equal(t, "BUCKET", variableErr.Name)
			assert.EqualError(t, env.Err(), "environment variable BUCKET is required but not set")
		})
	}
}

func TestInt(t *testing.T) {
	tests := []struct {
		name    string
		value   string
		want    int64
		wantErr string
	}{
		{name: "unset uses fallback", value: "", want: 10},
		{name: "in range", value: "42", want: 42},
		{name: "minimum", value: "1", want: 1},
		{name: "maximum", value: "100", want: 100},
		{name: "below minimum", value: "0", want: 10, wantErr: `environment variable SIZE must be an integer from 1 to 100, got "0"`},
		{name: "above maximum", value: "101", want: 10, wantErr: `environment variable SIZE must be an integer from 1 to 100, got "101"`},
		{name: "not a number", value: "ten", want: 10, wantErr: `environment variable SIZE must be an integer from 1 to 100, got "ten"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			env := envOf(map[string]string{"SIZE": tt.value})

			got := env.Int("SIZE", 10, 1, 100)

			assert.Equal(t, tt.want, got)
			if tt.wantErr == "" {
				assert.NoError(t, env.Err())
			} else {
				assert.EqualError(t, env.Err(), tt.wantErr)
			}
		})
	}
}

func TestDuration(t *testing.T) {
	tests := []struct {
		name    string
		value   string
		want    time.Duration
		wantErr bool
	}{
		{name: "unset uses fallback", value: "", want: 5 * time.Minute},
		{name: "minutes", value: "15m", want: 15 * time.Minute},
		{name: "seconds", value: "90s", want: 90 * time.Second},
		{name: "above maximum", value: "2h", want: 5 * time.Minute, wantErr: true},
		{name: "below minimum", value: "0s", want: 5 * time.Minute, wantErr: true},
		{name: "no unit", value: "300", want: 5 * time.Minute, wantErr: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			env := envOf(map[string]string{"EXPIRY": tt.value})

			got := env.Duration("EXPIRY", 5*time.Minute, time.Second, time.Hour)

			assert.Equal(t, tt.want, got)
			if tt.wantErr {
				assert.ErrorContains(t, env.Err(), "environment variable EXPIRY must be a duration from 1s to 1h0m0s")
			} else {
				assert.NoError(t, env.Err())
			}
		})
	}
}

func TestBoolAndOneOf(t *testing.T) {
	env := envOf(map[string]string{"SCAN": "false", "BAD_FLAG": "yes", "MODE": "access", "BAD_MODE": "refresh"})

	assert.False(t, env.Bool("SCAN", true))
	assert.True(t, env.Bool("UNSET_FLAG", true))
	assert.True(t, env.Bool("BAD_FLAG", true))
	assert.Equal(t, "access", env.OneOf("MODE", "id", "id", "access"))
	assert.Equal(t, "id", env.OneOf("BAD_MODE", "id", "id", "access"))

	err := env.Err()
	require.Error(t, err)
	assert.ErrorContains(t, err, `environment variable BAD_FLAG must be true or false, got "yes"`)
	assert.ErrorContains(t, err, `environment variable BAD_MODE must be one of id, access, got "refresh"`)
}

func TestList(t *testing.T) {
	tests := []struct {
		name    string
		value   string
		want    []string
		wantErr bool
	}{
		{name: "unset uses fallback", value: "", want: []string{"a"}},
		{name: "one entry", value: "image/png", want: []string{"image/png"}},
		{name: "trimmed entries", value: " image/png , text/plain ", want: []string{"image/png", "text/plain"}},
		{name: "empty entries dropped", value: "image/png,,text/plain,", want: []string{"image/png", "text/plain"}},
		{name: "only commas", value: ",,", want: []string{"a"}, wantErr: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			env := envOf(map[string]string{"TYPES": tt.value})

			got := env.List("TYPES", []string{"a"})

			assert.Equal(t, tt.want, got)
			assert.Equal(t, tt.wantErr, env.Err() != nil)
		})
	}
}

func TestKeyPrefix(t *testing.T) {
	tests := []struct {
		name    string
		value   string
		want    string
		wantErr bool
	}{
		{name: "unset uses fallback", value: "", want: "files/"},
		{name: "one segment", value: "uploads/", want: "uploads/"},
		{name: "two segments", value: "app/uploads/", want: "app/uploads/"},
		{name: "no trailing slash", value: "uploads", want: "files/", wantErr: true},
		{name: "leading slash", value: "/uploads/", want: "files/", wantErr: true},
		{name: "parent segment", value: "app/../uploads/", want: "files/", wantErr: true},
		{name: "empty segment", value: "app//uploads/", want: "files/", wantErr: true},
		{name: "space", value: "my uploads/", want: "files/", wantErr: true},
		{name: "non-ASCII", value: "dateien-ü/", want: "files/", wantErr: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			env := envOf(map[string]string{"PREFIX": tt.value})

			got := env.KeyPrefix("PREFIX", "files/")

			assert.Equal(t, tt.want, got)
			assert.Equal(t, tt.wantErr, env.Err() != nil, "error: %v", env.Err())
		})
	}
}

func TestErrJoinsEveryProblem(t *testing.T) {
	env := envOf(map[string]string{"SIZE": "x"})

	env.Required("BUCKET")
	env.Int("SIZE", 1, 1, 2)
	env.Invalid("MAX_EXPIRY", "must not be shorter than DEFAULT_EXPIRY")

	err := env.Err()
	require.Error(t, err)
	var names []string
	for _, problem := range err.(interface{ Unwrap() []error }).Unwrap() {
		var variableErr *VariableError
		require.True(t, errors.As(problem, &variableErr))
		names = append(names, variableErr.Name)
	}
	assert.Equal(t, []string{"BUCKET", "SIZE", "MAX_EXPIRY"}, names)
}
