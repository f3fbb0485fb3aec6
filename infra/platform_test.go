package infra

import (
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestPlatformComposesComponents(t *testing.T) {
	mocks, err := runWithMocks(t, func(ctx *pulumi.Context) error {
		_, err := NewPlatform(ctx, "platform", PlatformArgs{
			NamePrefix: "app-test",
			SourceDir:  repoRoot(t),
			Functions:  GoFunctionArgs{BuildCacheDir: t.TempDir()},
		})
		return err
	})
	require.NoError(t, err)

	files := find(t, mocks, UserFilesBucketType, "platform-user-files")
	assertParent(t, files, PlatformType, "platform")
	me := find(t, mocks, GoFunctionType, "platform-me")
	assertParent(t, me, PlatformType, "platform")
	function := find(t, mocks, "aws:lambda/function:Function", "platform-me")
	assert.Equal(t, "app-test-me", function.Inputs["name"].StringValue())
}

func TestPlatformRequiresNamePrefix(t *testing.T) {
	_, err := runWithMocks(t, func(ctx *pulumi.Context) error {
		_, err := NewPlatform(ctx, "platform", PlatformArgs{SourceDir: repoRoot(t)})
		return err
	})
	require.Error(t, err)
	assert.Contains(t, err.Error(), "NamePrefix is empty")
}
