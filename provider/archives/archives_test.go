package archives

import (
	"crypto/sha256"
	"encoding/hex"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/secureserverless/framework/infra"
)

func TestResolveOverridesWin(t *testing.T) {
	t.Setenv("XDG_CACHE_HOME", t.TempDir())
	overrides := map[string]string{}
	for _, name := range infra.PlatformFunctionNames {
		overrides[name] = "/zips/" + name + ".zip"
	}

	functions, err := Resolve("arm64", overrides)
	require.NoError(t, err)
	assert.Equal(t, overrides, functions.Archives)
	assert.Empty(t, functions.SourceDir, "no function needs the source")
}

func TestResolveEmbeddedOrSource(t *testing.T) {
	cache := t.TempDir()
	t.Setenv("XDG_CACHE_HOME", cache)

	functions, err := Resolve("x86_64", nil)
	require.NoError(t, err)
	embedded := Embedded("x86_64")
	for _, name := range infra.PlatformFunctionNames {
		if !slices.Contains(embedded, name) {
			assert.NotContains(t, functions.Archives, name, "function %s without an embedded zip", name)
			continue
		}
		path := functions.Archives[name]
		assert.Equal(t, filepath.Join(cache, cacheSubdirectory), filepath.Dir(path), "function %s", name)
		content, err := os.ReadFile(path)
		require.NoError(t, err)
		want, err := embeddedFiles.ReadFile(embeddedPath("x86_64", name))
		require.NoError(t, err)
		assert.Equal(t, want, content, "the cache file holds the embedded zip of %s", name)
		sum := sha256.Sum256(content)
		assert.Equal(t, hex.EncodeToString(sum[:])+".zip", filepath.Base(path), "the file is named by its SHA-256")
	}
	if len(embedded) < len(infra.PlatformFunctionNames) {
		root, err := filepath.Abs(filepath.Join("..", ".."))
		require.NoError(t, err)
		assert.Equal(t, root, functions.SourceDir, "functions without a zip build from this repository")
	} else {
		assert.Empty(t, functions.SourceDir)
	}
}

func TestResolvePassesUnknownNames(t *testing.T) {
	t.Setenv("XDG_CACHE_HOME", t.TempDir())
	functions, err := Resolve("arm64", map[string]string{"report": "/zips/report.zip"})
	require.NoError(t, err)
	assert.Equal(t, "/zips/report.zip", functions.Archives["report"], "the platform rejects it with its own message")
}

func TestCachedArchiveReused(t *testing.T) {
	t.Setenv("XDG_CACHE_HOME", t.TempDir())
	embedded := Embedded("arm64")
	name := "me"
	first, err := cachedArchive("arm64", name)
	require.NoError(t, err)
	if !slices.Contains(embedded, name) {
		assert.Empty(t, first, "no zip of %s is embedded, so there is no cache file", name)
		return
	}
	info, err := os.Stat(first)
	require.NoError(t, err)

	second, err := cachedArchive("arm64", name)
	require.NoError(t, err)
	assert.Equal(t, first, second)
	again, err := os.Stat(second)
	require.NoError(t, err)
	assert.Equal(t, info.ModTime(), again.ModTime(), "an existing cache file is reused, not rewritten")
}
