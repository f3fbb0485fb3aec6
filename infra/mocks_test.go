package infra

import (
	"encoding/json"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/secureserverless/framework/offline/fakeaws"
)

// runWithMocks runs fn under Pulumi mocks backed by the fake AWS model and returns the mocks.
func runWithMocks(t *testing.T, fn pulumi.RunFunc) (*fakeaws.Mocks, error) {
	t.Helper()
	mocks := fakeaws.NewMocks()
	err := pulumi.RunErr(fn, pulumi.WithMocks("secure-serverless", "test", mocks))
	return mocks, err
}

// find returns the registered resource or fails the test.
func find(t *testing.T, mocks *fakeaws.Mocks, typ, name string) fakeaws.MockResource {
	t.Helper()
	r, ok := mocks.Find(typ, name)
	require.True(t, ok, "resource %s %q was not registered", typ, name)
	return r
}

// assertParent checks that child's parent is the resource of the given type and name.
func assertParent(t *testing.T, child fakeaws.MockResource, parentType, parentName string) {
	t.Helper()
	assert.True(t, strings.HasSuffix(child.Parent, parentType+"::"+parentName),
		"%s %q has parent %q, expected a %s named %q", child.Type, child.Name, child.Parent, parentType, parentName)
}

// object returns a nested object input, failing when it is missing.
func object(t *testing.T, props resource.PropertyMap, key resource.PropertyKey) resource.PropertyMap {
	t.Helper()
	v, ok := props[key]
	require.True(t, ok, "property %q is missing", key)
	require.True(t, v.IsObject(), "property %q is %v, expected an object", key, v)
	return v.ObjectValue()
}

// policyDocument decodes a JSON policy input.
func policyDocument(t *testing.T, props resource.PropertyMap, key resource.PropertyKey) map[string]any {
	t.Helper()
	v, ok := props[key]
	require.True(t, ok, "property %q is missing", key)
	require.True(t, v.IsString(), "property %q is %v, expected a JSON string", key, v)
	var doc map[string]any
	require.NoError(t, json.Unmarshal([]byte(v.StringValue()), &doc))
	return doc
}

// statement returns the statement with the given Sid.
func statement(t *testing.T, doc map[string]any, sid string) map[string]any {
	t.Helper()
	statements, ok := doc["Statement"].([]any)
	require.True(t, ok, "policy has no Statement list: %v", doc)
	for _, s := range statements {
		if m, ok := s.(map[string]any); ok && m["Sid"] == sid {
			return m
		}
	}
	require.Failf(t, "statement not found", "no statement with Sid %q in %v", sid, doc)
	return nil
}

func repoRoot(t *testing.T) string {
	t.Helper()
	_, file, _, ok := runtime.Caller(0)
	require.True(t, ok)
	return filepath.Dir(filepath.Dir(file))
}

// helloFunctionArgs returns the arguments of a function built from the small module in the lambdabuild
// test data, for tests of everything around the handler.
func helloFunctionArgs(t *testing.T) GoFunctionArgs {
	t.Helper()
	return GoFunctionArgs{
		FunctionName:  "app-test-hello",
		Description:   "test function",
		SourceDir:     filepath.Join(repoRoot(t), "infra", "lambdabuild", "testdata", "hellomod"),
		Package:       "./hello",
		BuildCacheDir: t.TempDir(),
	}
}
