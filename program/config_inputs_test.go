package program

import (
	"errors"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/secureserverless/framework/internal/stackconfig"
)

const testComponent = "secureserverless:index:Platform"

func TestLoadInputsDefaults(t *testing.T) {
	cfg, err := LoadInputs(testComponent, "dev", stackconfig.InputSource{})
	require.NoError(t, err)

	assert.Equal(t, DefaultLogRetentionDays, cfg.LogRetentionDays)
	assert.Equal(t, DefaultLambdaArchitecture, cfg.LambdaArchitecture)
	assert.True(t, cfg.UserFilesMalwareScanning, "malware scanning is on by default")
	assert.True(t, cfg.EdgeEnabled, "the edge is on by default")
}

func TestLoadInputsValues(t *testing.T) {
	cfg, err := LoadInputs(testComponent, "dev", stackconfig.InputSource{
		"lambdaMemoryMb":  1024,
		"authGroups":      []string{"auditor"},
		"alarmThresholds": map[string]float64{"api5xxErrors": 3},
		"edgeEnabled":     false,
	})
	require.NoError(t, err)

	assert.Equal(t, 1024, cfg.LambdaMemoryMB)
	assert.Equal(t, []string{"auditor"}, cfg.AuthGroups)
	assert.Equal(t, map[string]float64{"api5xxErrors": 3}, cfg.AlarmThresholds)
	assert.False(t, cfg.EdgeEnabled)
}

func TestLoadInputsNamesInput(t *testing.T) {
	_, err := LoadInputs(testComponent, "dev", stackconfig.InputSource{"logRetentionDays": 8})
	require.Error(t, err)

	var inputErr *ConfigError
	require.True(t, errors.As(err, &inputErr), "error %v is a ConfigError", err)
	assert.Equal(t, testComponent, inputErr.Component)
	assert.Equal(t, "8", inputErr.Value)
	assert.Contains(t, err.Error(), "invalid input logRetentionDays=8 of component "+testComponent)
	assert.Contains(t, err.Error(), "accepted values are 1, 3, 5, 7, 14")
	assert.Contains(t, err.Error(), "set the component's logRetentionDays input")
	assert.NotContains(t, err.Error(), "stack setting")
}

func TestLoadInputsListEntry(t *testing.T) {
	_, err := LoadInputs(testComponent, "dev", stackconfig.InputSource{
		"apiCorsOrigins": []string{"https://app.example.com", "https://app.example.com"},
	})
	require.Error(t, err)

	var inputErr *ConfigError
	require.True(t, errors.As(err, &inputErr), "error %v is a ConfigError", err)
	assert.True(t, inputErr.List)
	assert.Contains(t, err.Error(), "invalid input apiCorsOrigins=https://app.example.com")
	assert.Contains(t, err.Error(), "one entry of the list apiCorsOrigins")
}

func TestLoadInputsDataTraceStack(t *testing.T) {
	_, err := LoadInputs(testComponent, "prod", stackconfig.InputSource{"apiDataTrace": true})
	require.Error(t, err, "apiDataTrace is rejected outside dev stacks, as for the stack setting")
	assert.Contains(t, err.Error(), "apiDataTrace")

	_, err = LoadInputs(testComponent, "dev", stackconfig.InputSource{"apiDataTrace": true})
	assert.NoError(t, err)
}

func TestPlatformArgsFromSettings(t *testing.T) {
	cfg, err := LoadInputs(testComponent, "dev", stackconfig.InputSource{
		"vpcCidrBlock":      "10.20.0.0/16",
		"lambdaMemoryMb":    512,
		"auditTrailEnabled": false,
	})
	require.NoError(t, err)

	args := cfg.PlatformArgs("app-dev", "/src", map[string]string{"me": "/zips/me.zip"}, "/cache")
	assert.Equal(t, "app-dev", args.NamePrefix)
	assert.Equal(t, "/src", args.SourceDir)
	assert.Equal(t, map[string]string{"me": "/zips/me.zip"}, args.FunctionArchives)
	assert.Equal(t, "10.20.0.0/16", args.Network.CidrBlock)
	assert.Equal(t, 512, args.Functions.MemoryMB)
	assert.Equal(t, "/cache", args.Functions.BuildCacheDir)
	assert.False(t, args.AuditEnabled)
	assert.True(t, args.Edge.Enabled)
}
