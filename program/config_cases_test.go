package program

import (
	"errors"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// configErrorCase is a stack setting that the program must reject.
type configErrorCase struct {
	name     string
	settings map[string]string
	key      string
	value    string
	accepted string
}

// runConfigErrorCases runs the program with each case's settings and checks that it fails with a
// ConfigError that names the key, the value and the accepted values, before registering anything.
func runConfigErrorCases(t *testing.T, tests []configErrorCase) {
	t.Helper()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			mocks, err := runProgram(t, tt.settings, Options{})

			require.Error(t, err)
			var configErr *ConfigError
			require.True(t, errors.As(err, &configErr), "error %v is a ConfigError", err)
			assert.Equal(t, "secure-serverless:"+tt.key, configErr.Key)
			assert.Equal(t, tt.value, configErr.Value)
			assert.Contains(t, configErr.Accepted, tt.accepted)
			assert.Empty(t, mocks.Resources(), "nothing is registered with invalid settings")
		})
	}
}
