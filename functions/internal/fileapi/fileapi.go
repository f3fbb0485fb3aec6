// Package fileapi holds the handlers of the file API behind the REST API and its Cognito authorizer: the
// upload signer (POST /uploads), the file reader and eraser (GET /files, GET /files/{id}, DELETE /files/{id},
// DELETE /me/files, DELETE /admin/users/{sub}/files) and the quarantine report (GET /admin/quarantine).
//
// Each group is one Lambda function with its own role, so the upload signer can only write uploads and the
// quarantine report can only read the rejected prefix. The functions under functions/ start these handlers
// with lambda.Start, and the local API calls the same handlers with events it builds from HTTP requests.
package fileapi

import (
	"context"
	"crypto/rand"
	"io"
	"log/slog"
	"net/http"
	"time"

	"github.com/aws/aws-lambda-go/events"

	"github.com/secureserverless/framework/functions/internal/files"
)

// Handler is the signature that lambda.Start accepts for a REST API proxy integration.
type Handler func(context.Context, events.APIGatewayProxyRequest) (events.APIGatewayProxyResponse, error)

// Names of the functions that serve the routes.
const (
	FunctionUploads    = "uploads"
	FunctionFiles      = "files"
	FunctionQuarantine = "quarantine"
)

// Route is one method and resource of the REST API.
type Route struct {
	Method string
	// Resource is the API Gateway resource path, with path parameters in braces.
	Resource string
	// Function names the function that serves the route, one of the Function constants.
	Function string
	// AdminOnly routes return 403 to callers outside the admin group. The handlers check the group themselves,
	// so a route deployed without a group requirement in API Gateway is still protected.
	AdminOnly bool
}

// Routes are the routes of the file API. GET /me is served by the me function and is not listed here.
var Routes = []Route{
	{Method: http.MethodPost, Resource: "/uploads", Function: FunctionUploads},
	{Method: http.MethodGet, Resource: "/files", Function: FunctionFiles},
	{Method: http.MethodGet, Resource: "/files/{id}", Function: FunctionFiles},
	{Method: http.MethodDelete, Resource: "/files/{id}", Function: FunctionFiles},
	{Method: http.MethodDelete, Resource: "/me/files", Function: FunctionFiles},
	{Method: http.MethodDelete, Resource: "/admin/users/{sub}/files", Function: FunctionFiles, AdminOnly: true},
	{Method: http.MethodGet, Resource: "/admin/quarantine", Function: FunctionQuarantine, AdminOnly: true},
}

// Error codes of the file API besides the generic ones of httpapi. Clients branch on them.
const (
	CodeInvalidName      = "invalid_name"
	CodeInvalidParameter = "invalid_parameter"
	CodeTypeNotAllowed   = "type_not_allowed"
	CodeFileTooLarge     = "file_too_large"
	CodeExpiryTooLong    = "expiry_too_long"
)

// Defaults of the settings.
const (
	// DefaultAdminGroup is the user pool group whose members may act on other users' files.
	DefaultAdminGroup = "admin"
	// DefaultMaxUploadBytes is the largest upload accepted: 10 MiB.
	DefaultMaxUploadBytes = 10 << 20
	// MaxUploadBytesLimit is the largest object a single POST upload can create in S3: 5 GiB.
	MaxUploadBytesLimit = 5 << 30
	// DefaultUploadExpiry is how long an upload form stays valid when the request names no expiry.
	DefaultUploadExpiry = 5 * time.Minute
	// DefaultMaxUploadExpiry caps the expiry a request may ask for an upload form.
	DefaultMaxUploadExpiry = 15 * time.Minute
	// DefaultDownloadExpiry is how long a download URL stays valid when the request names no expiry.
	DefaultDownloadExpiry = 5 * time.Minute
	// DefaultMaxDownloadExpiry caps the expiry a request may ask for a download URL.
	DefaultMaxDownloadExpiry = time.Hour
	// MaxExpiryLimit is the longest cap a deployment may configure: 12 hours, the longest session of an IAM
	// role, whose credentials sign the URLs.
	MaxExpiryLimit = 12 * time.Hour
	// DefaultPageSize is the number of files in a page of a listing when the request names no limit.
	DefaultPageSize = 50
	// MaxPageSize is the largest page a listing returns. Each file of a page costs one HeadObject call.
	MaxPageSize = 100
	// headParallelism is the number of HeadObject calls a listing makes at once.
	headParallelism = 8
)

// DefaultAllowedTypes are the content types that uploads may declare unless configured otherwise.
var DefaultAllowedTypes = []string{"application/pdf", "image/gif", "image/jpeg", "image/png", "image/webp", "text/plain"}

// Settings are the settings that every handler of the file API uses.
type Settings struct {
	// Bucket is the user-files bucket.
	Bucket string
	// Layout holds the key prefixes.
	Layout files.Layout
	// AdminGroup is the user pool group of admins, compared exactly.
	AdminGroup string
	// MaxRequestBytes limits request bodies. Zero means request.DefaultMaxBodyBytes.
	MaxRequestBytes int64
}

// Deps are the dependencies that tests replace.
type Deps struct {
	// Logger receives one line per request. Nil discards the lines.
	Logger *slog.Logger
	// Now returns the current time. Nil means time.Now.
	Now func() time.Time
	// Random is the source of file ids. Nil means crypto/rand.Reader.
	Random io.Reader
}

func (d Deps) withDefaults() Deps {
	if d.Logger == nil {
		d.Logger = slog.New(slog.DiscardHandler)
	}
	if d.Now == nil {
		d.Now = time.Now
	}
	if d.Random == nil {
		d.Random = rand.Reader
	}
	return d
}
