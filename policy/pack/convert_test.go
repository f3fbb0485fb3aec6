package pack

import (
	"testing"

	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestResourceProtectOption(t *testing.T) {
	for _, protect := range []bool{true, false} {
		options := &pulumirpc.AnalyzerResourceOptions{Protect: protect, Parent: "urn:parent"}

		analyzed, err := resourceFromAnalyzeRequest(&pulumirpc.AnalyzeRequest{
			Type: "aws:kms/key:Key", Urn: "urn:key", Name: "key", Options: options,
		})
		require.NoError(t, err)
		assert.Equal(t, protect, analyzed.Protect, "Analyze request")
		assert.Equal(t, "urn:parent", analyzed.Parent, "Analyze request")

		stacked, err := resourceFromStackResource(&pulumirpc.AnalyzerResource{
			Type: "aws:kms/key:Key", Urn: "urn:key", Name: "key", Options: options,
		})
		require.NoError(t, err)
		assert.Equal(t, protect, stacked.Protect, "AnalyzeStack resource")
	}
}

func TestResourceWithoutOptions(t *testing.T) {
	analyzed, err := resourceFromAnalyzeRequest(&pulumirpc.AnalyzeRequest{Type: "aws:kms/key:Key", Urn: "urn:key"})
	require.NoError(t, err)
	assert.False(t, analyzed.Protect)

	stacked, err := resourceFromStackResource(&pulumirpc.AnalyzerResource{Type: "aws:kms/key:Key", Urn: "urn:key"})
	require.NoError(t, err)
	assert.False(t, stacked.Protect)
}
