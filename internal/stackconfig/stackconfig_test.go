package stackconfig

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestCheckKeysRejectsUnknownKey(t *testing.T) {
	dir := t.TempDir()
	project := "config:\n  lambdaMemoryMb:\n    type: integer\n  forceDestroy:\n    type: boolean\n"
	require.NoError(t, os.WriteFile(filepath.Join(dir, "Pulumi.yaml"), []byte(project), 0o644))

	tests := []struct {
		name    string
		stack   string
		message string
	}{
		{"declared keys", "config:\n  app:lambdaMemoryMb: 512\n  aws:region: eu-west-1\n", ""},
		{"wrong case", "config:\n  app:lambdaMemoryMB: 512\n", "unknown stack setting app:lambdaMemoryMB in "},
		{"wrong case hint", "config:\n  app:lambdaMemoryMB: 512\n", "did you mean app:lambdaMemoryMb?"},
		{"unrelated key", "config:\n  app:memory: 512\n", "settings Pulumi.yaml declares: forceDestroy, lambdaMemoryMb"},
		{"other namespace ignored", "config:\n  other:anything: 1\n", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			require.NoError(t, os.WriteFile(filepath.Join(dir, "Pulumi.dev.yaml"), []byte(tt.stack), 0o644))
			err := CheckKeys(dir, "app", "dev")
			if tt.message == "" {
				assert.NoError(t, err)
				return
			}
			require.Error(t, err)
			assert.Contains(t, err.Error(), tt.message)
		})
	}
}

func TestCheckKeysWithoutStackFile(t *testing.T) {
	assert.NoError(t, CheckKeys(t.TempDir(), "app", "dev"))
}
