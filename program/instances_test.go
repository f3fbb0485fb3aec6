package program

import (
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/secureserverless/framework/offline/fakeaws"
)

// physicalNameKeys are the inputs that contain a resource's physical name: "name" for most types and
// "bucket" for S3 buckets, which the model autonames like the provider.
var physicalNameKeys = []resource.PropertyKey{"name", "bucket"}

// scopeKeys are the inputs that name the resource a physical name is unique in, such as the user pool of
// a Cognito user group or the REST API of an API Gateway model. Other names are unique in the account.
var scopeKeys = []resource.PropertyKey{"userPoolId", "restApi"}

func TestInstancesDoubleResources(t *testing.T) {
	single, err := runProgram(t, nil, Options{})
	require.NoError(t, err)
	double, err := runProgram(t, nil, Options{Instances: 2})
	require.NoError(t, err)

	require.NotEmpty(t, single.Resources())
	assert.Len(t, double.Resources(), 2*len(single.Resources()), "two instances register every resource twice")
	for _, typ := range []string{"aws:lambda/function:Function", "aws:s3/bucketV2:BucketV2", "awsx:ec2:Vpc"} {
		assert.Len(t, double.ByType(typ), 2*len(single.ByType(typ)), typ)
	}
}

func TestInstancesNamePrefix(t *testing.T) {
	mocks, err := runProgram(t, nil, Options{Instances: 2})
	require.NoError(t, err)

	first, ok := mocks.Find("aws:lambda/function:Function", "platform-me")
	require.True(t, ok)
	assert.Equal(t, "secure-serverless-dev-me", first.Inputs["name"].StringValue())
	second, ok := mocks.Find("aws:lambda/function:Function", "platform-2-me")
	require.True(t, ok)
	assert.Equal(t, "secure-serverless-dev-2-me", second.Inputs["name"].StringValue())

	bucket, ok := mocks.Find("aws:s3/bucketV2:BucketV2", "platform-2-user-files")
	require.True(t, ok)
	assert.Regexp(t, `^platform-2-user-files-[0-9a-f]{7}$`, bucket.Inputs["bucket"].StringValue())
}

func TestInstancesDistinctPhysicalNames(t *testing.T) {
	mocks, err := runProgram(t, nil, Options{Instances: 2})
	require.NoError(t, err)

	// A physical name must be unique within its type and scope, so two instances can share an account.
	names := map[string]string{}
	ids := map[string]string{}
	checked := 0
	for _, r := range mocks.Resources() {
		if !r.Custom {
			continue
		}
		key := r.Type + " " + r.ID
		if previous, found := ids[key]; found {
			t.Errorf("%s %q has the same id %q as %q", r.Type, r.Name, r.ID, previous)
		}
		ids[key] = r.Name
		for _, input := range physicalNameKeys {
			value, ok := r.Inputs[input]
			if !ok || !value.IsString() || value.StringValue() == "" {
				continue
			}
			checked++
			key := r.Type + " " + scopeOf(r) + " " + string(input) + "=" + value.StringValue()
			if previous, found := names[key]; found {
				t.Errorf("%s %q has the same %s %q as %q", r.Type, r.Name, input, value.StringValue(), previous)
			}
			names[key] = r.Name
		}
	}
	assert.Greater(t, checked, 50, "the check covers the named resources of both instances")
}

// scopeOf returns the values of the scope inputs of r, or "" for a name unique in the account.
func scopeOf(r fakeaws.MockResource) string {
	scope := ""
	for _, input := range scopeKeys {
		if value, ok := r.Inputs[input]; ok && value.IsString() {
			scope += string(input) + "=" + value.StringValue() + " "
		}
	}
	return scope
}
