package components

import (
	"context"
	"testing"

	"github.com/blang/semver"
	"github.com/pulumi/pulumi-go-provider/integration"
	presource "github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/common/tokens"
	"github.com/pulumi/pulumi/sdk/v3/go/property"
	"github.com/stretchr/testify/require"

	p "github.com/pulumi/pulumi-go-provider"

	"github.com/secureserverless/framework/offline/fakeaws"
)

// construct runs the component of type typ through the provider's Construct, as the engine does for a
// program in another language, with the fake AWS model behind the mock resource monitor. It returns
// the mocks and the component's state.
func construct(t *testing.T, typ, name string, inputs map[string]property.Value,
) (*fakeaws.Mocks, property.Map, error) {
	t.Helper()
	provider, err := NewProvider()
	require.NoError(t, err)
	mocks := fakeaws.NewMocks()
	server, err := integration.NewServer(context.Background(), "secureserverless", semver.MustParse("0.1.0"),
		integration.WithProvider(provider), integration.WithMocks(mocks))
	require.NoError(t, err)

	urn := presource.NewURN("dev", "yaml-app", "", tokens.Type(typ), name)
	response, err := server.Construct(p.ConstructRequest{
		Urn:    urn,
		Inputs: property.NewMap(inputs),
	})
	return mocks, response.State, err
}
