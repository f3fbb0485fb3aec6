package integration

import (
	"context"
	"maps"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/secureserverless/framework/functions/internal/awsclient"
	"github.com/secureserverless/framework/functions/internal/files"
)

// exists reports whether key exists in the bucket.
func exists(t *testing.T, key string) bool {
	t.Helper()

	_, err := env.s3.HeadObject(context.Background(), &s3.HeadObjectInput{Bucket: aws.String(bucket), Key: aws.String(key)})
	if awsclient.IsNotFound(err) {
		return false
	}
	require.NoError(t, err)
	return true
}

func TestS3EnforcesUploadForm(t *testing.T) {
	alice := env.users["alice"]
	bob := env.users["bob"]
	content := []byte("0123456789")
	tests := []struct {
		name string
		// change edits the form and the content before the upload.
		change     func(fields map[string]string, content []byte) []byte
		wantStored bool
		wantError  string
	}{
		{name: "within limits", change: func(_ map[string]string, c []byte) []byte { return c }, wantStored: true},
		{name: "smaller than declared", change: func(_ map[string]string, c []byte) []byte { return c[:4] }, wantStored: true},
		{name: "larger than declared", change: func(_ map[string]string, c []byte) []byte { return append(c, 'x') }, wantError: "EntityTooLarge"},
		{name: "empty file", change: func(map[string]string, []byte) []byte { return []byte{} }, wantError: "EntityTooSmall"},
		{
			name: "other content type",
			change: func(fields map[string]string, c []byte) []byte {
				fields["Content-Type"] = "text/html"
				return c
			},
			wantError: "$content-type",
		},
		{
			name: "key outside the signed one",
			change: func(fields map[string]string, c []byte) []byte {
				fields["key"] = strings.Replace(fields["key"], "quarantine/", "files/", 1)
				return c
			},
			wantError: "$key",
		},
		{
			name: "key of another user",
			change: func(fields map[string]string, c []byte) []byte {
				fields["key"] = strings.Replace(fields["key"], alice.sub, bob.sub, 1)
				return c
			},
			wantError: "$key",
		},
		{
			name: "changed owner metadata",
			change: func(fields map[string]string, c []byte) []byte {
				fields["x-amz-meta-owner"] = bob.sub
				return c
			},
			wantError: "$x-amz-meta-owner",
		},
		{
			name: "extra field",
			change: func(fields map[string]string, c []byte) []byte {
				fields["x-amz-meta-status"] = "clean"
				return c
			},
			wantError: "Extra input fields",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			form := requestUpload(t, alice, "form.txt", "text/plain", int64(len(content)), 0)
			fields := maps.Clone(form.Fields)
			body := tt.change(fields, append([]byte(nil), content...))

			status, response := postForm(t, form.URL, fields, body)

			if tt.wantStored {
				assert.Less(t, status, 300, response)
				assert.True(t, exists(t, form.Fields["key"]))
				return
			}
			assert.GreaterOrEqual(t, status, 400, "S3 accepted the upload: %s", response)
			assert.Contains(t, response, tt.wantError)
			assert.False(t, exists(t, form.Fields["key"]), "the signed key must stay empty")
			assert.False(t, exists(t, fields["key"]), "the key of the form must stay empty")
		})
	}
}

func TestS3RejectsExpiredUploadForm(t *testing.T) {
	alice := env.users["alice"]
	form := requestUpload(t, alice, "late.txt", "text/plain", 5, 1)
	require.WithinDuration(t, time.Now().Add(time.Second), form.ExpiresAt, 2*time.Second)
	time.Sleep(2100 * time.Millisecond)

	status, response := postForm(t, form.URL, form.Fields, []byte("late\n"))

	assert.Equal(t, http.StatusForbidden, status, response)
	assert.False(t, exists(t, form.Fields["key"]))
}

func TestUploadExpiryCap(t *testing.T) {
	resp := call(t, http.MethodPost, "/uploads", env.users["alice"].idToken,
		map[string]any{"name": "a.txt", "contentType": "text/plain", "size": 3, "expiresInSeconds": 901})

	assert.Equal(t, http.StatusBadRequest, resp.status)
	assert.Contains(t, string(resp.body), `"code":"expiry_too_long"`)
	assert.Contains(t, string(resp.body), "maximum of 900 seconds")
}

func TestDownloadURL(t *testing.T) {
	alice := env.users["alice"]
	id := uploadFile(t, alice, "notes.txt", "text/plain", []byte("some notes\n"))

	t.Run("valid", func(t *testing.T) {
		download := requestDownload(t, alice, id, 60)

		resp, err := http.Get(download.URL)
		require.NoError(t, err)
		defer resp.Body.Close()
		assert.Equal(t, http.StatusOK, resp.StatusCode)
		assert.Equal(t, files.ContentDisposition("notes.txt"), resp.Header.Get("Content-Disposition"))
		assert.Equal(t, "text/plain", resp.Header.Get("Content-Type"))
	})
	t.Run("expired", func(t *testing.T) {
		download := requestDownload(t, alice, id, 1)
		time.Sleep(2100 * time.Millisecond)

		resp, err := http.Get(download.URL)
		require.NoError(t, err)
		defer resp.Body.Close()
		assert.Equal(t, http.StatusForbidden, resp.StatusCode)
	})
	t.Run("over the cap", func(t *testing.T) {
		resp := call(t, http.MethodGet, "/files/"+id+"?expiresInSeconds=3601", alice.idToken, nil)

		assert.Equal(t, http.StatusBadRequest, resp.status)
		assert.Contains(t, string(resp.body), "maximum of 3600 seconds")
	})
}
