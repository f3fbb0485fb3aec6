package fileapi

import (
	"encoding/json"
	"net/http"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	s3types "github.com/aws/aws-sdk-go-v2/service/s3/types"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/secureserverless/framework/functions/internal/files"
	"github.com/secureserverless/framework/functions/internal/s3fake"
)

func quarantineHandler(client *s3fake.Client) func(Deps) Handler {
	return func(deps Deps) Handler {
		return NewQuarantineHandler(testSettings(), client, deps)
	}
}

func rejectedBucket(t *testing.T) *s3fake.Client {
	key := files.DefaultLayout().Key(files.AreaRejected, userA, fileID)
	fake := s3fake.New(t)
	fake.ListObjectsV2Func = func(*s3.ListObjectsV2Input) (*s3.ListObjectsV2Output, error) {
		return &s3.ListObjectsV2Output{Contents: []s3types.Object{{Key: aws.String(key)}}, IsTruncated: aws.Bool(true)}, nil
	}
	fake.HeadObjectFunc = func(*s3.HeadObjectInput) (*s3.HeadObjectOutput, error) {
		metadata := files.Metadata{
			Owner: userA, Name: "invoice.pdf", DeclaredSize: 300,
			RejectCode: files.RejectExecutable, RejectReason: "the content is a Windows PE executable, declared as application/pdf",
		}
		return headOf(metadata, "application/pdf", 300), nil
	}
	return fake
}

func TestQuarantineListsRejectedFiles(t *testing.T) {
	fake := rejectedBucket(t)
	req := apiRequest(http.MethodGet, "/admin/quarantine", nil, claimsOf(adminSub, "admin,users"))

	resp, _, _ := invoke(t, quarantineHandler(fake), req)

	require.Equal(t, http.StatusOK, resp.StatusCode, resp.Body)
	var body rejectedList
	require.NoError(t, json.Unmarshal([]byte(resp.Body), &body))
	require.Len(t, body.Files, 1)
	item := body.Files[0]
	assert.Equal(t, fileID, item.ID)
	assert.Equal(t, userA, item.Owner)
	assert.Equal(t, "invoice.pdf", item.Name)
	assert.Equal(t, files.RejectExecutable, item.ReasonCode)
	assert.Contains(t, item.Reason, "PE executable")
	assert.Equal(t, userA+"/"+fileID, body.NextCursor)
	assert.NotContains(t, resp.Body, "url")
	assert.Equal(t, "rejected/", aws.ToString(fake.Calls()[0].Input.(*s3.ListObjectsV2Input).Prefix))
}

func TestQuarantineAccess(t *testing.T) {
	tests := []struct {
		name       string
		claims     map[string]any
		query      map[string]string
		wantStatus int
	}{
		{name: "admin", claims: claimsOf(adminSub, "admin"), wantStatus: 200},
		{name: "admin with cursor", claims: claimsOf(adminSub, "admin"), query: map[string]string{"cursor": userA + "/" + fileID}, wantStatus: 200},
		{name: "user", claims: claimsOf(userA, ""), wantStatus: 403},
		{name: "superadmin is not admin", claims: claimsOf(userA, "superadmin"), wantStatus: 403},
		{name: "Admin in other case", claims: claimsOf(userA, "Admin"), wantStatus: 403},
		{name: "no caller", claims: nil, wantStatus: 401},
		{name: "cursor outside the prefix", claims: claimsOf(adminSub, "admin"), query: map[string]string{"cursor": "../files/" + userA + "/" + fileID}, wantStatus: 400},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fake := rejectedBucket(t)
			req := apiRequest(http.MethodGet, "/admin/quarantine", nil, tt.claims)
			if tt.query != nil {
				req = withQuery(req, tt.query)
			}

			resp, _, _ := invoke(t, quarantineHandler(fake), req)

			assert.Equal(t, tt.wantStatus, resp.StatusCode, resp.Body)
			if tt.wantStatus != http.StatusOK {
				assert.Empty(t, fake.Calls())
			}
		})
	}
}
