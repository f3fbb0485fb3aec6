package rules

import (
	"context"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/property"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/secureserverless/framework/policy/pack"
)

func TestStatefulResourcesProtected(t *testing.T) {
	pool := func(protection property.Value) property.Map {
		return propsOf(map[string]property.Value{"name": property.New("users"), "deletionProtection": protection})
	}
	want := []string{"the protect option is not set, expected protect true so that the engine cannot delete the resource."}

	runPolicyCases(t, newStatefulResourcesProtected(), []policyCase{
		{name: "pool with deletion protection", kind: caseCompliant, resourceType: typeCognitoUserPool, props: pool(property.New("ACTIVE"))},
		{name: "unprotected bucket", kind: caseViolation, resourceType: typeS3BucketV2,
			props: propsOf(map[string]property.Value{"bucket": property.New("files")}), want: want},
		{name: "pool without deletion protection", kind: caseViolation, resourceType: typeCognitoUserPool,
			props: pool(property.New("INACTIVE")), want: want},
		{name: "function", kind: caseOtherType, resourceType: typeLambdaFunction, props: property.Map{}},
		{name: "unknown deletion protection", kind: caseUnknown, resourceType: typeCognitoUserPool, props: pool(unknownValue()),
			wantUnknown: []string{"deletionProtection"}},
	})
}

// The protect option arrives in pack.Resource, not in the properties, so the case table above cannot
// set it.
func TestStatefulResourcesProtectedOption(t *testing.T) {
	for _, resourceType := range statefulResourceTypes {
		check := &pack.ResourceCheck{Resource: pack.Resource{
			Type: resourceType, URN: testResourceURN, Name: "under-test", Protect: true, Properties: property.Map{},
		}}
		findings, err := newStatefulResourcesProtected().CheckResource(context.Background(), check)
		require.NoError(t, err)
		assert.Empty(t, findings.Violations, resourceType)
		assert.Empty(t, findings.Unknowns, resourceType)
	}
}
