//go:build tools

// Package tools pins actionlint, the linter of GitHub Actions workflows, in a module of its own, so its
// dependencies stay out of the product module. internal/workflows builds it with
// `go build github.com/rhysd/actionlint/cmd/actionlint` from this folder.
package tools

import _ "github.com/rhysd/actionlint/cmd/actionlint"
