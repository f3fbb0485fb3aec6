package program

import (
	"errors"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestProgramRejectsRepeatedListEntries(t *testing.T) {
	runConfigErrorCases(t, []configErrorCase{
		{
			name: "api client twice", settings: map[string]string{"apiClients": `["partner", "partner"]`},
			key: "apiClients", value: "partner", accepted: "names each entry once",
		},
		{
			name: "group twice", settings: map[string]string{"authGroups": `["editors", "editors"]`},
			key: "authGroups", value: "editors", accepted: "names each entry once",
		},
		{
			name:     "alert URL twice",
			settings: map[string]string{"alertHttpsUrls": `["https://hooks.example.com/a", "https://hooks.example.com/a"]`},
			key:      "alertHttpsUrls", value: "entry 2", accepted: "names each entry once",
		},
	})
}

func TestProgramListErrorNamesTheEntryPath(t *testing.T) {
	_, err := runProgram(t, map[string]string{"alertEmails": `["ops at example"]`}, Options{})

	require.Error(t, err)
	var configErr *ConfigError
	require.True(t, errors.As(err, &configErr), "error %v is a ConfigError", err)
	assert.True(t, configErr.List)
	assert.Contains(t, err.Error(), "(with 'secure-serverless:alertEmails[0]' for the first entry of the list)")

	_, err = runProgram(t, map[string]string{"logRetentionDays": "45"}, Options{})
	require.Error(t, err)
	assert.NotContains(t, err.Error(), "first entry of the list")
}
