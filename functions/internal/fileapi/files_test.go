package fileapi

import (
	"context"
	"encoding/json"
	"errors"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	v4 "github.com/aws/aws-sdk-go-v2/aws/signer/v4"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	s3types "github.com/aws/aws-sdk-go-v2/service/s3/types"
	"github.com/aws/smithy-go"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/secureserverless/framework/functions/internal/files"
	"github.com/secureserverless/framework/functions/internal/httpapi"
	"github.com/secureserverless/framework/functions/internal/logging"
	"github.com/secureserverless/framework/functions/internal/s3fake"
)

func testReadConfig() ReadConfig {
	return ReadConfig{
		Settings: testSettings(),
		Expiry:   ExpiryLimits{Default: DefaultDownloadExpiry, Max: DefaultMaxDownloadExpiry},
	}
}

func filesHandler(client *s3fake.Client) func(Deps) Handler {
	return func(deps Deps) Handler {
		return NewFilesHandler(testReadConfig(), client, client, staticCredentials{}, deps)
	}
}

// fakeBucket returns a fake whose HeadObject finds the given keys, each a text file named after the key's id.
func fakeBucket(t *testing.T, keys ...string) *s3fake.Client {
	fake := s3fake.New(t)
	fake.HeadObjectFunc = func(in *s3.HeadObjectInput) (*s3.HeadObjectOutput, error) {
		for _, key := range keys {
			if aws.ToString(in.Key) == key {
				ref, err := files.DefaultLayout().Parse(key)
				require.NoError(t, err)
				return headOf(files.Metadata{Owner: ref.Owner, Name: "report " + ref.ID[:4] + ".txt", DeclaredSize: 5}, "text/plain", 5), nil
			}
		}
		return nil, notFound()
	}
	fake.PresignGetObjectFunc = func(in *s3.GetObjectInput, _ s3.PresignOptions) (*v4.PresignedHTTPRequest, error) {
		return &v4.PresignedHTTPRequest{URL: "https://" + testBucket + ".s3.eu-west-1.amazonaws.com/" + aws.ToString(in.Key) + "?X-Amz-Signature=5ec1e7", Method: "GET"}, nil
	}
	fake.DeleteObjectFunc = func(*s3.DeleteObjectInput) (*s3.DeleteObjectOutput, error) {
		return &s3.DeleteObjectOutput{}, nil
	}
	return fake
}

func fileKey(owner string) string {
	return files.DefaultLayout().Key(files.AreaFiles, owner, fileID)
}

func TestGetFileByOwner(t *testing.T) {
	fake := fakeBucket(t, fileKey(userA))
	req := withQuery(apiRequest(http.MethodGet, "/files/{id}", map[string]string{"id": fileID}, claimsOf(userA, "")),
		map[string]string{"expiresInSeconds": "120"})

	resp, _, logs := invoke(t, filesHandler(fake), req)

	require.Equal(t, http.StatusOK, resp.StatusCode, resp.Body)
	var body downloadResponse
	require.NoError(t, json.Unmarshal([]byte(resp.Body), &body))
	assert.Equal(t, fileID, body.ID)
	assert.Equal(t, userA, body.Owner)
	assert.Equal(t, "report 3f2b.txt", body.Name)
	assert.Equal(t, "text/plain", body.ContentType)
	assert.Equal(t, int64(5), body.Size)
	assert.Equal(t, testNow.Add(2*time.Minute), body.ExpiresAt)
	assert.Contains(t, body.URL, "X-Amz-Signature")

	var presign *s3.GetObjectInput
	for _, call := range fake.Calls() {
		if call.Operation == "PresignGetObject" {
			presign = call.Input.(*s3.GetObjectInput)
		}
	}
	require.NotNil(t, presign)
	assert.Equal(t, fileKey(userA), aws.ToString(presign.Key))
	assert.Equal(t, `attachment; filename="report 3f2b.txt"; filename*=UTF-8''report%203f2b.txt`, aws.ToString(presign.ResponseContentDisposition))
	assert.Equal(t, "text/plain", aws.ToString(presign.ResponseContentType))
	assert.NotContains(t, logs, "X-Amz-Signature")
}

func TestGetFileExpiryCap(t *testing.T) {
	fake := fakeBucket(t, fileKey(userA))
	req := withQuery(apiRequest(http.MethodGet, "/files/{id}", map[string]string{"id": fileID}, claimsOf(userA, "")),
		map[string]string{"expiresInSeconds": "3601"})

	resp, _, _ := invoke(t, filesHandler(fake), req)

	assert.Equal(t, http.StatusBadRequest, resp.StatusCode)
	detail := decodeErrorBody(t, resp)
	assert.Equal(t, CodeExpiryTooLong, detail.Code)
	assert.Contains(t, detail.Message, "maximum of 3600 seconds")
}

func TestFileRoutesAuthorization(t *testing.T) {
	type request struct {
		method   string
		resource string
		params   map[string]string
		query    map[string]string
	}
	getFile := request{method: http.MethodGet, resource: "/files/{id}", params: map[string]string{"id": fileID}}
	deleteFile := request{method: http.MethodDelete, resource: "/files/{id}", params: map[string]string{"id": fileID}}
	tests := []struct {
		name       string
		request    request
		claims     map[string]any
		ownerParam string
		wantStatus int
	}{
		{name: "owner reads", request: getFile, claims: claimsOf(userA, ""), wantStatus: 200},
		{name: "other user reads by id", request: getFile, claims: claimsOf(userB, ""), wantStatus: 404},
		{name: "other user names the owner", request: getFile, claims: claimsOf(userB, "users"), ownerParam: userA, wantStatus: 404},
		{name: "superadmin is not admin", request: getFile, claims: claimsOf(userB, "superadmin"), ownerParam: userA, wantStatus: 404},
		{name: "admin names the owner", request: getFile, claims: claimsOf(adminSub, "admin"), ownerParam: userA, wantStatus: 200},
		{name: "admin in bracketed groups", request: getFile, claims: claimsOf(adminSub, "[users admin]"), ownerParam: userA, wantStatus: 200},
		{name: "admin without owner reads own prefix", request: getFile, claims: claimsOf(adminSub, "admin"), wantStatus: 404},
		{name: "owner deletes", request: deleteFile, claims: claimsOf(userA, ""), wantStatus: 204},
		{name: "other user deletes", request: deleteFile, claims: claimsOf(userB, ""), wantStatus: 404},
		{name: "other user deletes naming the owner", request: deleteFile, claims: claimsOf(userB, ""), ownerParam: userA, wantStatus: 404},
		{name: "admin deletes", request: deleteFile, claims: claimsOf(adminSub, "admin"), ownerParam: userA, wantStatus: 204},
		{name: "no caller", request: getFile, claims: nil, wantStatus: 401},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fake := fakeBucket(t, fileKey(userA))
			req := apiRequest(tt.request.method, tt.request.resource, tt.request.params, tt.claims)
			if tt.ownerParam != "" {
				req = withQuery(req, map[string]string{"owner": tt.ownerParam})
			}

			resp, _, _ := invoke(t, filesHandler(fake), req)

			assert.Equal(t, tt.wantStatus, resp.StatusCode, resp.Body)
			deleted := 0
			for _, call := range fake.Calls() {
				if call.Operation == "DeleteObject" {
					deleted++
					assert.Equal(t, fileKey(userA), aws.ToString(call.Input.(*s3.DeleteObjectInput).Key))
				}
			}
			assert.Equal(t, tt.wantStatus == http.StatusNoContent, deleted == 1)
			if tt.wantStatus == http.StatusNotFound {
				assert.Equal(t, httpapi.CodeNotFound, decodeErrorBody(t, resp).Code)
				assert.NotContains(t, resp.Body, fileID)
			}
		})
	}
}

func TestFileRoutesInvalidID(t *testing.T) {
	tests := []struct {
		name string
		id   string
	}{
		{name: "parent traversal", id: "../" + userB + "/" + fileID},
		{name: "encoded traversal", id: "..%2F" + fileID},
		{name: "upper-case id", id: strings.ToUpper(fileID)},
		{name: "empty", id: ""},
		{name: "name", id: "report.pdf"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fake := s3fake.New(t)
			req := apiRequest(http.MethodGet, "/files/{id}", map[string]string{"id": tt.id}, claimsOf(userA, ""))

			resp, _, _ := invoke(t, filesHandler(fake), req)

			assert.Equal(t, http.StatusNotFound, resp.StatusCode)
			assert.Empty(t, fake.Calls(), "an invalid id must not reach S3")
		})
	}
}

func TestListFiles(t *testing.T) {
	secondID := "4a3b2c1d-0e9f-4a8b-9c7d-6e5f4a3b2c1d"
	fake := fakeBucket(t, fileKey(userA), files.DefaultLayout().Key(files.AreaFiles, userA, secondID))
	fake.ListObjectsV2Func = func(in *s3.ListObjectsV2Input) (*s3.ListObjectsV2Output, error) {
		return &s3.ListObjectsV2Output{
			Contents: []s3types.Object{
				{Key: aws.String(fileKey(userA))},
				{Key: aws.String("files/" + userA + "/not-an-id")},
				{Key: aws.String(files.DefaultLayout().Key(files.AreaFiles, userA, secondID))},
			},
			IsTruncated: aws.Bool(true),
		}, nil
	}
	req := withQuery(apiRequest(http.MethodGet, "/files", nil, claimsOf(userA, "")),
		map[string]string{"limit": "3", "cursor": "00000000-0000-4000-8000-000000000000"})

	resp, _, _ := invoke(t, filesHandler(fake), req)

	require.Equal(t, http.StatusOK, resp.StatusCode, resp.Body)
	var body fileList
	require.NoError(t, json.Unmarshal([]byte(resp.Body), &body))
	require.Len(t, body.Files, 2)
	assert.Equal(t, fileID, body.Files[0].ID)
	assert.Equal(t, secondID, body.Files[1].ID)
	assert.Equal(t, secondID, body.NextCursor)
	list := fake.Calls()[0].Input.(*s3.ListObjectsV2Input)
	assert.Equal(t, "files/"+userA+"/", aws.ToString(list.Prefix))
	assert.Equal(t, "files/"+userA+"/00000000-0000-4000-8000-000000000000", aws.ToString(list.StartAfter))
	assert.Equal(t, int32(3), aws.ToInt32(list.MaxKeys))
}

func TestListFilesOwnerAndParameters(t *testing.T) {
	tests := []struct {
		name       string
		claims     map[string]any
		query      map[string]string
		wantStatus int
		wantPrefix string
	}{
		{name: "own files", claims: claimsOf(userA, ""), wantStatus: 200, wantPrefix: "files/" + userA + "/"},
		{name: "user names self", claims: claimsOf(userA, ""), query: map[string]string{"owner": userA}, wantStatus: 200, wantPrefix: "files/" + userA + "/"},
		{name: "user names other", claims: claimsOf(userB, ""), query: map[string]string{"owner": userA}, wantStatus: 403},
		{name: "admin names other", claims: claimsOf(adminSub, "admin"), query: map[string]string{"owner": userA}, wantStatus: 200, wantPrefix: "files/" + userA + "/"},
		{name: "admin names invalid owner", claims: claimsOf(adminSub, "admin"), query: map[string]string{"owner": "../rejected"}, wantStatus: 400},
		{name: "limit zero", claims: claimsOf(userA, ""), query: map[string]string{"limit": "0"}, wantStatus: 400},
		{name: "limit too large", claims: claimsOf(userA, ""), query: map[string]string{"limit": "101"}, wantStatus: 400},
		{name: "cursor not an id", claims: claimsOf(userA, ""), query: map[string]string{"cursor": "../../rejected/x"}, wantStatus: 400},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fake := fakeBucket(t)
			fake.ListObjectsV2Func = func(*s3.ListObjectsV2Input) (*s3.ListObjectsV2Output, error) {
				return &s3.ListObjectsV2Output{}, nil
			}
			req := apiRequest(http.MethodGet, "/files", nil, tt.claims)
			if tt.query != nil {
				req = withQuery(req, tt.query)
			}

			resp, _, _ := invoke(t, filesHandler(fake), req)

			require.Equal(t, tt.wantStatus, resp.StatusCode, resp.Body)
			if tt.wantStatus != http.StatusOK {
				assert.Empty(t, fake.Calls())
				return
			}
			assert.JSONEq(t, `{"files": []}`, resp.Body)
			assert.Equal(t, tt.wantPrefix, aws.ToString(fake.Calls()[0].Input.(*s3.ListObjectsV2Input).Prefix))
		})
	}
}

// versionedBucket returns a fake whose ListObjectVersions returns two pages of versions and delete markers for
// each prefix, and whose DeleteObjects records the deleted versions.
func versionedBucket(t *testing.T, deleted *[]string) *s3fake.Client {
	fake := s3fake.New(t)
	fake.ListObjectVersionsFunc = func(in *s3.ListObjectVersionsInput) (*s3.ListObjectVersionsOutput, error) {
		prefix := aws.ToString(in.Prefix)
		if in.KeyMarker == nil {
			return &s3.ListObjectVersionsOutput{
				Versions: []s3types.ObjectVersion{
					{Key: aws.String(prefix + fileID), VersionId: aws.String("v2")},
					{Key: aws.String(prefix + fileID), VersionId: aws.String("v1")},
				},
				IsTruncated:         aws.Bool(true),
				NextKeyMarker:       aws.String(prefix + fileID),
				NextVersionIdMarker: aws.String("v1"),
			}, nil
		}
		return &s3.ListObjectVersionsOutput{
			DeleteMarkers: []s3types.DeleteMarkerEntry{{Key: aws.String(prefix + fileID), VersionId: aws.String("m1")}},
		}, nil
	}
	fake.DeleteObjectsFunc = func(in *s3.DeleteObjectsInput) (*s3.DeleteObjectsOutput, error) {
		for _, object := range in.Delete.Objects {
			*deleted = append(*deleted, aws.ToString(object.Key)+"@"+aws.ToString(object.VersionId))
		}
		return &s3.DeleteObjectsOutput{}, nil
	}
	return fake
}

func TestEraseOwnFiles(t *testing.T) {
	var deleted []string
	fake := versionedBucket(t, &deleted)
	req := apiRequest(http.MethodDelete, "/me/files", nil, claimsOf(userA, ""))

	resp, records, logs := invoke(t, filesHandler(fake), req)

	require.Equal(t, http.StatusOK, resp.StatusCode, resp.Body)
	assert.JSONEq(t, `{"deletedVersions": 9}`, resp.Body)
	var want []string
	for _, prefix := range []string{"quarantine/", "files/", "rejected/"} {
		key := prefix + userA + "/" + fileID
		want = append(want, key+"@v2", key+"@v1", key+"@m1")
	}
	assert.Equal(t, want, deleted)

	var audit map[string]any
	for _, record := range records {
		if record[logging.KeyAudit] == true {
			audit = record
		}
	}
	require.NotNil(t, audit, "no audit line in %s", logs)
	assert.Equal(t, "user files erased", audit[logging.KeyMessage])
	assert.Equal(t, userA, audit[logging.KeySubject])
	assert.Equal(t, userA, audit[logging.KeyOwner])
	assert.Equal(t, 9.0, audit["deletedVersions"])
	assert.NotContains(t, logs, fileID, "the audit log must not name files")
}

func TestEraseUserFiles(t *testing.T) {
	tests := []struct {
		name       string
		claims     map[string]any
		sub        string
		wantStatus int
	}{
		{name: "admin erases user", claims: claimsOf(adminSub, "admin"), sub: userA, wantStatus: 200},
		{name: "user erases other user", claims: claimsOf(userB, ""), sub: userA, wantStatus: 403},
		{name: "user erases self by admin route", claims: claimsOf(userA, ""), sub: userA, wantStatus: 403},
		{name: "admin names invalid subject", claims: claimsOf(adminSub, "admin"), sub: "..", wantStatus: 404},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var deleted []string
			fake := versionedBucket(t, &deleted)
			req := apiRequest(http.MethodDelete, "/admin/users/{sub}/files", map[string]string{"sub": tt.sub}, tt.claims)

			resp, _, _ := invoke(t, filesHandler(fake), req)

			assert.Equal(t, tt.wantStatus, resp.StatusCode, resp.Body)
			if tt.wantStatus != http.StatusOK {
				assert.Empty(t, fake.Calls())
				return
			}
			assert.Len(t, deleted, 9)
			for _, version := range deleted {
				assert.Contains(t, version, "/"+tt.sub+"/")
			}
		})
	}
}

func TestErasePartialFailure(t *testing.T) {
	var deleted []string
	fake := versionedBucket(t, &deleted)
	fake.DeleteObjectsFunc = func(in *s3.DeleteObjectsInput) (*s3.DeleteObjectsOutput, error) {
		return &s3.DeleteObjectsOutput{Errors: []s3types.Error{{Key: in.Delete.Objects[0].Key, Code: aws.String("AccessDenied")}}}, nil
	}
	req := apiRequest(http.MethodDelete, "/me/files", nil, claimsOf(userA, ""))

	resp, records, _ := invoke(t, filesHandler(fake), req)

	assert.Equal(t, http.StatusInternalServerError, resp.StatusCode)
	audit := records[0]
	assert.Equal(t, true, audit[logging.KeyAudit])
	assert.Equal(t, "erasure incomplete", audit[logging.KeyMessage])
	assert.Contains(t, audit[logging.KeyError], "AccessDenied")
}

// timeoutError is a network error that timed out, as a dial to a missing VPC endpoint returns.
type timeoutError struct{}

func (timeoutError) Error() string   { return "dial tcp 10.0.0.1:443: i/o timeout" }
func (timeoutError) Timeout() bool   { return true }
func (timeoutError) Temporary() bool { return true }

var _ net.Error = timeoutError{}

func TestS3FailuresBecomeErrorResponses(t *testing.T) {
	tests := []struct {
		name       string
		err        error
		wantStatus int
		wantCode   string
		wantLog    string
	}{
		{
			name:       "timeout",
			err:        &smithy.OperationError{ServiceID: "S3", OperationName: "HeadObject", Err: timeoutError{}},
			wantStatus: 503,
			wantCode:   httpapi.CodeUnavailable,
			wantLog:    "aws call timed out: check the VPC endpoint of the service",
		},
		{
			name:       "deadline",
			err:        context.DeadlineExceeded,
			wantStatus: 503,
			wantCode:   httpapi.CodeUnavailable,
			wantLog:    "aws call timed out: check the VPC endpoint of the service",
		},
		{
			name:       "access denied",
			err:        &smithy.OperationError{ServiceID: "S3", OperationName: "HeadObject", Err: &smithy.GenericAPIError{Code: "AccessDenied", Message: "arn:aws:iam::123456789012:role/files is not authorized"}},
			wantStatus: 500,
			wantCode:   httpapi.CodeInternal,
			wantLog:    "request failed",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fake := s3fake.New(t)
			fake.HeadObjectFunc = func(*s3.HeadObjectInput) (*s3.HeadObjectOutput, error) { return nil, tt.err }
			req := apiRequest(http.MethodGet, "/files/{id}", map[string]string{"id": fileID}, claimsOf(userA, ""))

			resp, records, _ := invoke(t, filesHandler(fake), req)

			assert.Equal(t, tt.wantStatus, resp.StatusCode)
			detail := decodeErrorBody(t, resp)
			assert.Equal(t, tt.wantCode, detail.Code)
			assert.Equal(t, apiRequestID, detail.RequestID)
			assert.NotContains(t, resp.Body, "arn:")
			assert.NotContains(t, resp.Body, "10.0.0.1")
			summary := lastLogLine(t, records)
			assert.Equal(t, tt.wantLog, summary[logging.KeyMessage])
			assert.Equal(t, "ERROR", summary[logging.KeyLevel])
			if errors.As(tt.err, new(*smithy.OperationError)) {
				assert.Equal(t, "S3", summary["awsService"])
				assert.Equal(t, "HeadObject", summary["awsOperation"])
			}
		})
	}
}

func TestUnknownRoute(t *testing.T) {
	req := apiRequest(http.MethodPut, "/files/{id}", map[string]string{"id": fileID}, claimsOf(userA, ""))

	resp, _, _ := invoke(t, filesHandler(s3fake.New(t)), req)

	assert.Equal(t, http.StatusNotFound, resp.StatusCode)
}
