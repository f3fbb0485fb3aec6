package components

import (
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/secureserverless/framework/infra"
	"github.com/secureserverless/framework/offline/fakeaws"
)

// runWithMocks runs fn under Pulumi mocks backed by the fake AWS model and returns the mocks.
func runWithMocks(t *testing.T, fn pulumi.RunFunc) (*fakeaws.Mocks, error) {
	t.Helper()
	mocks := fakeaws.NewMocks()
	err := pulumi.RunErr(fn, pulumi.WithMocks("yaml-app", "dev", mocks))
	return mocks, err
}

// find returns the registered resource or fails the test.
func find(t *testing.T, mocks *fakeaws.Mocks, typ, name string) fakeaws.MockResource {
	t.Helper()
	r, ok := mocks.Find(typ, name)
	require.True(t, ok, "resource %s %q was not registered", typ, name)
	return r
}

func TestPlatformDefaults(t *testing.T) {
	mocks, err := runWithMocks(t, func(ctx *pulumi.Context) error {
		_, err := NewPlatform(ctx, "platform", PlatformArgs{NamePrefix: "yaml-app-dev"})
		return err
	})
	require.NoError(t, err)

	platform := find(t, mocks, infra.PlatformType, "platform")
	assert.False(t, platform.Custom)
	var platforms int
	for _, r := range mocks.Resources() {
		if r.Type == infra.PlatformType {
			platforms++
		}
	}
	assert.Equal(t, 1, platforms, "the Platform is registered once, not nested in itself")
	network := find(t, mocks, infra.NetworkType, "platform-network")
	assert.Contains(t, network.Parent, infra.PlatformType+"::platform")
	function := find(t, mocks, "aws:lambda/function:Function", "platform-me")
	assert.Equal(t, "yaml-app-dev-me", function.Inputs["name"].StringValue())
	assert.Equal(t, 256.0, function.Inputs["memorySize"].NumberValue(), "lambdaMemoryMb keeps its default")
}
