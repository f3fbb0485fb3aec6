// Package functions_test checks that the routes the platform deploys match the routes the handlers
// serve, so a route added on one side only fails here instead of returning 404 or 403 in production.
package functions_test

import (
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/secureserverless/framework/functions/internal/fileapi"
	"github.com/secureserverless/framework/infra"
)

func TestDeployedRoutesMatchHandlers(t *testing.T) {
	type route struct {
		Method, Path, Function string
		AdminOnly              bool
	}
	// GET /me is served by the me function, which has no route table of its own.
	handled := []route{{Method: http.MethodGet, Path: "/me", Function: "me"}}
	for _, r := range fileapi.Routes {
		handled = append(handled, route{Method: r.Method, Path: r.Resource, Function: r.Function, AdminOnly: r.AdminOnly})
	}
	var deployed []route
	for _, r := range infra.PlatformRoutes {
		deployed = append(deployed, route{Method: r.Method, Path: r.Path, Function: r.Function, AdminOnly: r.AdminOnly})
	}
	assert.ElementsMatch(t, handled, deployed)
}

func TestAdminRoutesRequireTheHandlersAdminGroup(t *testing.T) {
	assert.Equal(t, fileapi.DefaultAdminGroup, infra.AdminGroup)
}
