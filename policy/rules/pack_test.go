package rules

import (
	"strings"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi/policyx"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// expectedEnforcementLevels is the enforcement level that each policy must set itself, because
// policyx v3.276.0 ignores the pack-level default. A new policy fails the test until it is added here.
var expectedEnforcementLevels = map[string]policyx.EnforcementLevel{
	PolicyS3BucketNoPublicACL:         policyx.EnforcementLevelMandatory,
	PolicyS3PublicAccessBlockEnabled:  policyx.EnforcementLevelMandatory,
	PolicyS3BucketEncryptionKMS:       policyx.EnforcementLevelMandatory,
	PolicyS3BucketVersioningEnabled:   policyx.EnforcementLevelAdvisory,
	PolicyS3BucketOwnerEnforced:       policyx.EnforcementLevelMandatory,
	PolicyS3BucketPolicyTLSOnly:       policyx.EnforcementLevelMandatory,
	PolicyKMSKeyRotationEnabled:       policyx.EnforcementLevelMandatory,
	PolicyLambdaRuntimeSupported:      policyx.EnforcementLevelMandatory,
	PolicyLambdaStructuredLogging:     policyx.EnforcementLevelAdvisory,
	PolicyCloudWatchLogGroupRetention: policyx.EnforcementLevelMandatory,
	PolicyIAMNoAdminPolicy:            policyx.EnforcementLevelMandatory,
	PolicyIAMNoWildcardActions:        policyx.EnforcementLevelAdvisory,
	PolicyEC2NoPublicIngress:          policyx.EnforcementLevelMandatory,
}

func TestAllPolicies(t *testing.T) {
	policies := All()
	require.Len(t, policies, len(expectedEnforcementLevels))

	seen := map[string]bool{}
	for _, policy := range policies {
		t.Run(policy.Name(), func(t *testing.T) {
			assert.False(t, seen[policy.Name()], "duplicate policy name")
			seen[policy.Name()] = true

			description := policy.Description()
			assert.NotEmpty(t, description)
			assert.True(t, strings.HasSuffix(description, "."), "description %q must end with a period", description)
			assert.NotContains(t, description, "\n", "the engine prints the description as one line")

			want, listed := expectedEnforcementLevels[policy.Name()]
			if assert.True(t, listed, "policy has no expected enforcement level") {
				assert.Equal(t, want, policy.EnforcementLevel())
			}

			_, isResourcePolicy := policy.(policyx.ResourceValidationPolicy)
			assert.True(t, isResourcePolicy, "policy must validate resources")
		})
	}
}

func TestNewPack(t *testing.T) {
	pack, err := NewPack(nil)
	require.NoError(t, err)

	assert.Equal(t, "secure-serverless", pack.Name())
	assert.Equal(t, "0.1.0", pack.Version().String())

	names := make([]string, 0, len(pack.Policies()))
	for _, policy := range pack.Policies() {
		names = append(names, policy.Name())
	}
	wantNames := make([]string, 0, len(expectedEnforcementLevels))
	for name := range expectedEnforcementLevels {
		wantNames = append(wantNames, name)
	}
	assert.ElementsMatch(t, wantNames, names)
}

func TestConfigSchemas(t *testing.T) {
	for _, policy := range All() {
		schema := policy.ConfigSchema()
		if schema == nil {
			continue
		}
		t.Run(policy.Name(), func(t *testing.T) {
			for name, property := range schema.Properties {
				assert.NotEmpty(t, property["type"], "config property %s needs a type", name)
				assert.NotEmpty(t, property["description"], "config property %s needs a description", name)
			}
		})
	}

	retention := newCloudWatchLogGroupRetention().ConfigSchema()
	require.NotNil(t, retention)
	assert.Equal(t, DefaultMinimumRetentionDays, retention.Properties[ConfigMinimumRetentionDays]["default"])
}
