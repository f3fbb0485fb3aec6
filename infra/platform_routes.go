package infra

import (
	"fmt"
	"net/http"
)

// PlatformRoute is one route of the platform's REST API, by the short name of the function that serves
// it (the folder under functions/).
type PlatformRoute struct {
	Method string
	// Path is the API Gateway resource path, with path parameters in braces.
	Path string
	// Function is the short name of the function that serves the route.
	Function string
	// AdminOnly routes require the admin group. A User Pools authorizer cannot check groups, so the
	// function checks the cognito:groups claim itself and returns 403 to everyone else.
	AdminOnly bool
	// RequestModel is the JSON schema of the body, checked by API Gateway before the function runs.
	RequestModel string
}

// uploadRequestModel is the JSON schema of the POST /uploads body. The function decodes the body
// strictly as well; the model turns malformed requests away before they cost an invocation.
const uploadRequestModel = `{
  "$schema": "http://json-schema.org/draft-04/schema#",
  "title": "UploadRequest",
  "type": "object",
  "additionalProperties": false,
  "required": ["name", "contentType", "size"],
  "properties": {
    "name": {"type": "string", "minLength": 1, "maxLength": 1024},
    "contentType": {"type": "string", "minLength": 1, "maxLength": 255},
    "size": {"type": "integer", "minimum": 1},
    "expiresInSeconds": {"type": "integer", "minimum": 1}
  }
}`

// PlatformRoutes are the routes of the platform's API. The handlers in functions/internal/fileapi keep
// the same table, and a test checks that the two agree.
var PlatformRoutes = []PlatformRoute{
	{Method: http.MethodGet, Path: "/me", Function: "me"},
	{Method: http.MethodPost, Path: "/uploads", Function: "uploads", RequestModel: uploadRequestModel},
	{Method: http.MethodGet, Path: "/files", Function: "files"},
	{Method: http.MethodGet, Path: "/files/{id}", Function: "files"},
	{Method: http.MethodDelete, Path: "/files/{id}", Function: "files"},
	{Method: http.MethodDelete, Path: "/me/files", Function: "files"},
	{Method: http.MethodDelete, Path: "/admin/users/{sub}/files", Function: "files", AdminOnly: true},
	{Method: http.MethodGet, Path: "/admin/quarantine", Function: "quarantine", AdminOnly: true},
}

// apiRoutes binds PlatformRoutes to the functions that serve them.
func apiRoutes(functions map[string]*GoFunction) ([]APIRoute, error) {
	routes := make([]APIRoute, 0, len(PlatformRoutes))
	for _, route := range PlatformRoutes {
		function, ok := functions[route.Function]
		if !ok {
			return nil, fmt.Errorf("route %s %s names function %q, which the platform does not create",
				route.Method, route.Path, route.Function)
		}
		apiRoute := APIRoute{
			Method:       route.Method,
			Path:         route.Path,
			Function:     function,
			RequestModel: route.RequestModel,
		}
		if route.AdminOnly {
			apiRoute.RequiredGroup = AdminGroup
		}
		routes = append(routes, apiRoute)
	}
	return routes, nil
}
