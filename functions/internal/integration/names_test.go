package integration

import (
	"encoding/json"
	"fmt"
	"io"
	"mime"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// download is the body of GET /files/{id}.
type download struct {
	ID          string `json:"id"`
	Name        string `json:"name"`
	ContentType string `json:"contentType"`
	URL         string `json:"url"`
}

func requestDownload(t *testing.T, u user, id string, expiresInSeconds int) download {
	t.Helper()

	resp := call(t, http.MethodGet, fmt.Sprintf("/files/%s?expiresInSeconds=%d", id, expiresInSeconds), u.idToken, nil)
	require.Equal(t, http.StatusOK, resp.status, string(resp.body))
	var body download
	require.NoError(t, json.Unmarshal(resp.body, &body))
	return body
}

// filenameStar returns the decoded filename* parameter of a Content-Disposition value.
func filenameStar(t *testing.T, disposition string) string {
	t.Helper()

	_, params, err := mime.ParseMediaType(disposition)
	require.NoError(t, err)
	// mime decodes filename* into filename when it is present.
	return params["filename"]
}

func TestOddNamesRoundTrip(t *testing.T) {
	names := []struct {
		name     string
		fileName string
	}{
		{name: "spaces", fileName: "annual report 2026.txt"},
		{name: "plus and equals", fileName: "a+b=c.txt"},
		{name: "percent", fileName: "100% done.txt"},
		{name: "quotes and semicolon", fileName: `say "hi"; ok.txt`},
		{name: "unicode", fileName: "résumé – Zoë 日本語.txt"},
		{name: "emoji", fileName: "notes 📝.txt"},
		{name: "leading dots", fileName: "..hidden.txt"},
		{name: "255 bytes", fileName: strings.Repeat("n", 251) + ".txt"},
	}
	alice := env.users["alice"]
	for _, tt := range names {
		t.Run(tt.name, func(t *testing.T) {
			content := []byte("content of " + tt.name + "\n")
			id := uploadFile(t, alice, tt.fileName, "text/plain", content)

			got := requestDownload(t, alice, id, 60)
			resp, err := http.Get(got.URL)
			require.NoError(t, err)
			defer resp.Body.Close()
			body, err := io.ReadAll(resp.Body)
			require.NoError(t, err)

			assert.Equal(t, tt.fileName, got.Name)
			require.Equal(t, http.StatusOK, resp.StatusCode, string(body))
			assert.Equal(t, content, body)
			assert.Equal(t, tt.fileName, filenameStar(t, resp.Header.Get("Content-Disposition")))
			listed := call(t, http.MethodGet, "/files", alice.idToken, nil)
			assert.Contains(t, string(listed.body), strings.Trim(mustJSON(t, tt.fileName), `"`))
		})
	}
}

func mustJSON(t *testing.T, value any) string {
	t.Helper()

	encoded, err := json.Marshal(value)
	require.NoError(t, err)
	return string(encoded)
}

func TestUnsafeNamesRejected(t *testing.T) {
	names := []struct {
		name     string
		fileName string
	}{
		{name: "parent traversal", fileName: "../../files/x.txt"},
		{name: "windows traversal", fileName: `..\..\x.txt`},
		{name: "dot dot", fileName: ".."},
		{name: "NUL", fileName: "a\x00.txt"},
		{name: "newline", fileName: "a\r\nSet-Cookie: x.txt"},
		{name: "escape sequence", fileName: "\x1b[31mred.txt"},
		{name: "right-to-left override", fileName: "invoice\u202etxt.exe"},
		{name: "1025 bytes", fileName: strings.Repeat("n", 1021) + ".txt"},
	}
	alice := env.users["alice"]
	for _, tt := range names {
		t.Run(tt.name, func(t *testing.T) {
			resp := call(t, http.MethodPost, "/uploads", alice.idToken,
				map[string]any{"name": tt.fileName, "contentType": "text/plain", "size": 3})

			assert.Equal(t, http.StatusBadRequest, resp.status)
			assert.Contains(t, string(resp.body), `"code":"invalid_name"`)
		})
	}
}

func TestTraversalInPathParameters(t *testing.T) {
	alice := env.users["alice"]
	bob := env.users["bob"]
	id := uploadFile(t, alice, "target.txt", "text/plain", []byte("target\n"))
	paths := []string{
		"/files/" + url.PathEscape("../"+alice.sub+"/"+id),
		"/files/" + url.PathEscape("../../files/"+alice.sub+"/"+id),
		"/files/" + id + "%00",
		"/admin/users/" + url.PathEscape("../"+alice.sub) + "/files",
	}
	for _, path := range paths {
		t.Run(path, func(t *testing.T) {
			for _, method := range []string{http.MethodGet, http.MethodDelete} {
				resp := call(t, method, path, bob.idToken, nil)

				assert.Contains(t, []int{http.StatusNotFound, http.StatusForbidden}, resp.status, "%s %s: %s", method, path, resp.body)
			}
		})
	}

	resp := call(t, http.MethodGet, "/files/"+id, alice.idToken, nil)
	assert.Equal(t, http.StatusOK, resp.status, "the target must survive")
}
