package rules

import (
	"context"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/property"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/secureserverless/framework/policy/pack"
)

func TestRequiredTags(t *testing.T) {
	tagged := func(tags map[string]property.Value) property.Map {
		return propsOf(map[string]property.Value{"bucket": property.New("files"), "tags": objectValue(tags)})
	}
	all := map[string]property.Value{
		"owner": property.New("platform"), "environment": property.New("prod"), "data-classification": property.New("personal"),
	}

	runPolicyCases(t, newRequiredTags(), []policyCase{
		{name: "all tags", kind: caseCompliant, resourceType: typeS3BucketV2, props: tagged(all)},
		{name: "configured tags", kind: caseCompliant, resourceType: typeKMSKey,
			props:  tagged(map[string]property.Value{"team": property.New("platform")}),
			config: map[string]any{ConfigRequiredTags: []any{"team"}}},
		{name: "missing and empty tags", kind: caseViolation, resourceType: typeLambdaFunction,
			props: tagged(map[string]property.Value{"owner": property.New("platform"), "environment": property.New("")}),
			want: []string{"tags and the provider's defaultTags have no value for environment, data-classification, " +
				"expected each of owner, environment, data-classification."}},
		{name: "no tags", kind: caseViolation, resourceType: typeSNSTopic, props: property.Map{},
			want: []string{"tags and the provider's defaultTags have no value for owner, environment, data-classification, " +
				"expected each of owner, environment, data-classification."}},
		{name: "bucket policy", kind: caseOtherType, resourceType: typeS3BucketPolicy, props: property.Map{}},
		{name: "unknown tags", kind: caseUnknown, resourceType: typeS3BucketV2,
			props: propsOf(map[string]property.Value{"tags": unknownValue()}), wantUnknown: []string{"tags"}},
	})
}

// Provider default tags arrive on pack.Resource.Provider, which the case table above cannot set.
func TestRequiredTagsFromProviderDefaults(t *testing.T) {
	defaults := map[string]property.Value{
		"json object": property.New(`{"tags":{"owner":"platform","environment":"prod","data-classification":"personal"}}`),
		"object": objectValue(map[string]property.Value{"tags": objectValue(map[string]property.Value{
			"owner": property.New("platform"), "environment": property.New("prod"), "data-classification": property.New("personal"),
		})}),
	}
	for name, value := range defaults {
		t.Run(name, func(t *testing.T) {
			check := &pack.ResourceCheck{Resource: pack.Resource{
				Type: typeS3BucketV2, URN: testResourceURN, Name: "under-test", Properties: property.Map{},
				Provider: &pack.ProviderResource{Type: "pulumi:providers:aws",
					Properties: propsOf(map[string]property.Value{"defaultTags": value})},
			}}
			findings, err := newRequiredTags().CheckResource(context.Background(), check)
			require.NoError(t, err)
			assert.Empty(t, findings.Violations)
		})
	}
}
