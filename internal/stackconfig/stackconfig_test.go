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
		{"misspelled name", "config:\n  app:lambdaMemoryM: 512\n", "did you mean app:lambdaMemoryMb?"},
		{"misspelled namespace", "config:\n  ap:forceDestroy: true\n", "unknown stack setting ap:forceDestroy in "},
		{"misspelled namespace hint", "config:\n  apq:forceDestroy: true\n", "did you mean app:forceDestroy?"},
		{"far namespace ignored", "config:\n  aws:region: eu-west-1\n", ""},
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

func TestDistance(t *testing.T) {
	tests := []struct {
		a, b string
		want int
	}{
		{"", "", 0},
		{"abc", "abc", 0},
		{"abc", "", 3},
		{"logretentionday", "logretentiondays", 1},
		{"secure-serverles", "secure-serverless", 1},
		{"kitten", "sitting", 3},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, distance(tt.a, tt.b), "%q to %q", tt.a, tt.b)
	}
}

func TestCheckKeysMisspelledProjectNamespace(t *testing.T) {
	dir := t.TempDir()
	project := "config:\n  logRetentionDays:\n    type: integer\n"
	require.NoError(t, os.WriteFile(filepath.Join(dir, "Pulumi.yaml"), []byte(project), 0o644))
	stack := "config:\n  secure-serverles:logRetentionDays: 30\n  aws:region: eu-west-1\n  awsx:anything: 1\n"
	require.NoError(t, os.WriteFile(filepath.Join(dir, "Pulumi.dev.yaml"), []byte(stack), 0o644))

	err := CheckKeys(dir, "secure-serverless", "dev")

	require.Error(t, err)
	assert.Contains(t, err.Error(), "unknown stack setting secure-serverles:logRetentionDays")
	assert.Contains(t, err.Error(), "did you mean secure-serverless:logRetentionDays?")
	assert.NotContains(t, err.Error(), "aws")
}

func TestErrorNamesTheFixCommand(t *testing.T) {
	scalar := &Error{Key: "app:logRetentionDays", Value: "45", Accepted: "1, 3, 5"}
	assert.Equal(t, "invalid stack setting app:logRetentionDays=45: accepted values are 1, 3, 5; set another "+
		"value in the stack's Pulumi.<stack>.yaml or with `pulumi config set --path 'app:logRetentionDays' VALUE`",
		scalar.Error())

	entry := &Error{Key: "app:alarmThresholds.lambdaErrors", Value: "-1", Accepted: "0 or more"}
	assert.Contains(t, entry.Error(), "`pulumi config set --path 'app:alarmThresholds.lambdaErrors' VALUE`")

	list := &Error{Key: "app:alertEmails", Value: "ops at example", Accepted: "email addresses", List: true}
	assert.Contains(t, list.Error(), "(with 'app:alertEmails[0]' for the first entry of the list)")
}
