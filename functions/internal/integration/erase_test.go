package integration

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/secureserverless/framework/functions/internal/files"
)

// userVersions returns every version and delete marker of u under the three prefixes.
func userVersions(t *testing.T, u user) []string {
	t.Helper()

	var found []string
	for _, area := range []files.Area{files.AreaQuarantine, files.AreaFiles, files.AreaRejected} {
		found = append(found, versions(t, env.layout.OwnerPrefix(area, u.sub))...)
	}
	return found
}

// fillAllStages gives u a promoted file, a promoted file overwritten by a second upload, a deleted file
// (a noncurrent version and a delete marker), a rejected upload and an upload still in quarantine.
func fillAllStages(t *testing.T, u user) {
	t.Helper()

	uploadFile(t, u, "kept.txt", "text/plain", []byte("kept\n"))

	form := requestUpload(t, u, "twice.txt", "text/plain", 10, 0)
	for _, content := range []string{"first\n", "second\n"} {
		status, body := postForm(t, form.URL, form.Fields, []byte(content))
		require.Less(t, status, 300, body)
		validate(t, u, form.ID)
	}

	deleted := uploadFile(t, u, "deleted.txt", "text/plain", []byte("deleted\n"))
	resp := call(t, http.MethodDelete, "/files/"+deleted, u.idToken, nil)
	require.Equal(t, http.StatusNoContent, resp.status, string(resp.body))

	rejected := upload(t, u, "fake.pdf", "application/pdf", []byte("not a pdf"))
	validate(t, u, rejected.ID)

	upload(t, u, "pending.txt", "text/plain", []byte("pending\n"))
}

func TestEraseOwnFilesRemovesAllVersions(t *testing.T) {
	dave := env.users["dave"]
	bob := env.users["bob"]
	uploadFile(t, bob, "bystander.txt", "text/plain", []byte("not dave's\n"))
	bobBefore := userVersions(t, bob)
	fillAllStages(t, dave)
	before := userVersions(t, dave)
	require.GreaterOrEqual(t, len(before), 7, "versions before the erasure: %v", before)
	var markers int
	for _, version := range before {
		if strings.Contains(version, "@marker:") {
			markers++
		}
	}
	require.Equal(t, 1, markers, "the deleted file must leave a delete marker: %v", before)
	env.logs.Reset()

	resp := call(t, http.MethodDelete, "/me/files", dave.idToken, nil)

	require.Equal(t, http.StatusOK, resp.status, string(resp.body))
	var body struct {
		DeletedVersions int `json:"deletedVersions"`
	}
	require.NoError(t, json.Unmarshal(resp.body, &body))
	assert.Equal(t, len(before), body.DeletedVersions)
	assert.Empty(t, userVersions(t, dave), "every version of every file must be gone")
	assert.Equal(t, bobBefore, userVersions(t, bob), "other users' files must stay")
	listed := call(t, http.MethodGet, "/files", dave.idToken, nil)
	assert.JSONEq(t, `{"files": []}`, string(listed.body))

	logs := env.logs.String()
	assert.Contains(t, logs, `"audit":true`)
	assert.Contains(t, logs, `"message":"user files erased"`)
	for _, name := range []string{"kept.txt", "twice.txt", "fake.pdf", "pending.txt", "first", "second"} {
		assert.NotContains(t, logs, name, "the audit log must not contain file names or content")
	}
}

func TestAdminErasesUserFiles(t *testing.T) {
	erin := env.users["erin"]
	carol := env.users["carol"]
	fillAllStages(t, erin)
	require.NotEmpty(t, userVersions(t, erin))

	denied := call(t, http.MethodDelete, "/admin/users/"+erin.sub+"/files", env.users["mallory"].idToken, nil)
	require.Equal(t, http.StatusForbidden, denied.status)
	require.NotEmpty(t, userVersions(t, erin))

	resp := call(t, http.MethodDelete, "/admin/users/"+erin.sub+"/files", carol.idToken, nil)

	require.Equal(t, http.StatusOK, resp.status, string(resp.body))
	assert.Empty(t, userVersions(t, erin))
}
