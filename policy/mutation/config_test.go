package mutation

import (
	"os"
	"path/filepath"
	"testing"

	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestStackConfigEncodesLists(t *testing.T) {
	path := filepath.Join(t.TempDir(), "Pulumi.test.yaml")
	require.NoError(t, os.WriteFile(path, []byte(`config:
  aws:region: eu-west-1
  secure-serverless:logRetentionDays: 14
  secure-serverless:forceDestroy: true
  secure-serverless:apiCorsOrigins:
    - http://localhost:5173
`), 0o644))

	config, err := StackConfig(path)
	require.NoError(t, err)
	assert.Equal(t, map[string]string{
		"aws:region":                         "eu-west-1",
		"secure-serverless:logRetentionDays": "14",
		"secure-serverless:forceDestroy":     "true",
		"secure-serverless:apiCorsOrigins":   `["http://localhost:5173"]`,
	}, config)
}

func TestPackConfigLevelsAndProperties(t *testing.T) {
	path := filepath.Join(t.TempDir(), "pack.json")
	require.NoError(t, os.WriteFile(path, []byte(`{
  "first": "disabled",
  "second": {"enforcementLevel": "advisory", "minimumDays": 30}
}`), 0o644))
	info := &pulumirpc.AnalyzerInfo{Policies: []*pulumirpc.PolicyInfo{
		{Name: "first", EnforcementLevel: pulumirpc.EnforcementLevel_MANDATORY},
		{Name: "second", EnforcementLevel: pulumirpc.EnforcementLevel_MANDATORY},
		{Name: "third", EnforcementLevel: pulumirpc.EnforcementLevel_ADVISORY},
	}}

	config, err := PackConfig(path, info)
	require.NoError(t, err)
	assert.Equal(t, pulumirpc.EnforcementLevel_DISABLED, config["first"].GetEnforcementLevel())
	assert.Equal(t, pulumirpc.EnforcementLevel_ADVISORY, config["second"].GetEnforcementLevel())
	assert.Equal(t, float64(30), config["second"].GetProperties().AsMap()["minimumDays"])
	assert.NotContains(t, config["second"].GetProperties().AsMap(), "enforcementLevel")
	assert.Equal(t, pulumirpc.EnforcementLevel_ADVISORY, config["third"].GetEnforcementLevel(), "advertised level kept")
}

func TestPackConfigRejectsInvalidLevel(t *testing.T) {
	path := filepath.Join(t.TempDir(), "pack.json")
	require.NoError(t, os.WriteFile(path, []byte(`{"first": "warn"}`), 0o644))

	_, err := PackConfig(path, &pulumirpc.AnalyzerInfo{})
	assert.ErrorContains(t, err, `invalid enforcement level "warn"`)
}
