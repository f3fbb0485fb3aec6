package integration

import (
	"context"
	"encoding/binary"
	"encoding/json"
	"errors"
	"net/http"
	"sync"
	"testing"

	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/secureserverless/framework/functions/internal/files"
	"github.com/secureserverless/framework/functions/internal/validation"
)

// failingDeletes is the S3 client of the validator with DeleteObject failing the first failures times, as if
// the function timed out between the copy and the delete.
type failingDeletes struct {
	validation.S3API

	mu       sync.Mutex
	failures int
}

var errInjected = errors.New("injected failure between copy and delete")

func (f *failingDeletes) DeleteObject(ctx context.Context, params *s3.DeleteObjectInput, optFns ...func(*s3.Options)) (*s3.DeleteObjectOutput, error) {
	f.mu.Lock()
	fail := f.failures > 0
	f.failures--
	f.mu.Unlock()
	if fail {
		return nil, errInjected
	}
	return f.S3API.DeleteObject(ctx, params, optFns...)
}

func TestPromotionSurvivesFailureBetweenCopyAndDelete(t *testing.T) {
	alice := env.users["alice"]
	form := upload(t, alice, "pipeline.txt", "text/plain", []byte("exactly once\n"))
	validator := validation.New(env.validationCfg, &failingDeletes{S3API: env.s3, failures: 1}, nil)
	event := objectCreated(alice, form.ID)

	firstErr := validator.Handle(context.Background(), event)
	require.ErrorIs(t, firstErr, errInjected)
	promotedPrefix := env.layout.Key(files.AreaFiles, alice.sub, form.ID)
	uploadPrefix := env.layout.Key(files.AreaQuarantine, alice.sub, form.ID)
	require.Len(t, versions(t, promotedPrefix), 1, "the copy happened before the failure")
	require.Len(t, versions(t, uploadPrefix), 1, "the upload is still there after the failure")

	retryErr := validator.Handle(context.Background(), event)
	duplicateErr := validator.Handle(context.Background(), event)

	require.NoError(t, retryErr)
	require.NoError(t, duplicateErr)
	assert.Len(t, versions(t, promotedPrefix), 1, "the file must be promoted exactly once")
	assert.Empty(t, versions(t, uploadPrefix), "no version of the upload may stay in quarantine")
	assert.Empty(t, versions(t, env.layout.Key(files.AreaRejected, alice.sub, form.ID)))
	resp := call(t, http.MethodGet, "/files/"+form.ID, alice.idToken, nil)
	assert.Equal(t, http.StatusOK, resp.status)
}

// windowsExecutable returns the start of a PE file: a DOS header that points to "PE\0\0".
func windowsExecutable() []byte {
	content := make([]byte, 512)
	copy(content, "MZ")
	binary.LittleEndian.PutUint32(content[0x3C:], 0x80)
	copy(content[0x80:], "PE\x00\x00")
	return content
}

func TestDisguisedExecutableRejected(t *testing.T) {
	alice := env.users["alice"]
	admin := env.users["carol"]
	form := upload(t, alice, "invoice.pdf", "application/pdf", windowsExecutable())

	validate(t, alice, form.ID)

	assert.Empty(t, versions(t, env.layout.Key(files.AreaQuarantine, alice.sub, form.ID)))
	assert.Empty(t, versions(t, env.layout.Key(files.AreaFiles, alice.sub, form.ID)))
	assert.Len(t, versions(t, env.layout.Key(files.AreaRejected, alice.sub, form.ID)), 1)
	resp := call(t, http.MethodGet, "/files/"+form.ID, alice.idToken, nil)
	assert.Equal(t, http.StatusNotFound, resp.status, "a rejected file is never readable through the API")

	report := call(t, http.MethodGet, "/admin/quarantine?limit=100", admin.idToken, nil)
	require.Equal(t, http.StatusOK, report.status, string(report.body))
	var body struct {
		Files []struct {
			ID         string `json:"id"`
			Owner      string `json:"owner"`
			Name       string `json:"name"`
			ReasonCode string `json:"reasonCode"`
			Reason     string `json:"reason"`
		} `json:"files"`
	}
	require.NoError(t, json.Unmarshal(report.body, &body))
	var found bool
	for _, file := range body.Files {
		if file.ID == form.ID {
			found = true
			assert.Equal(t, alice.sub, file.Owner)
			assert.Equal(t, "invoice.pdf", file.Name)
			assert.Equal(t, files.RejectExecutable, file.ReasonCode)
			assert.Contains(t, file.Reason, "Windows PE executable")
		}
	}
	assert.True(t, found, "the rejected upload is missing from the report: %s", report.body)
}

func TestContentMismatchRejected(t *testing.T) {
	alice := env.users["alice"]
	form := upload(t, alice, "photo.png", "image/png", []byte("%PDF-1.7\nnot a png\n"))

	validate(t, alice, form.ID)

	assert.Len(t, versions(t, env.layout.Key(files.AreaRejected, alice.sub, form.ID)), 1)
	assert.Empty(t, versions(t, env.layout.Key(files.AreaFiles, alice.sub, form.ID)))
}
