// Package integration holds the end-to-end tests of the file API. They start versitygw (S3) and cognito-local
// (Cognito) on 127.0.0.1, installing them into the offline work folder on the first run, and call the
// handlers through the local API with real tokens, real presigned forms and URLs, and real uploads.
//
// The tests run with `go test ./...`; they need the Go module proxy and the npm registry on the first run,
// and node and npm on PATH.
package integration
