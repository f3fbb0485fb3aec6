package fileapi

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	v4 "github.com/aws/aws-sdk-go-v2/aws/signer/v4"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	s3types "github.com/aws/aws-sdk-go-v2/service/s3/types"

	"github.com/secureserverless/framework/functions/internal/files"
	"github.com/secureserverless/framework/functions/internal/httpapi"
	"github.com/secureserverless/framework/functions/internal/logging"
	"github.com/secureserverless/framework/functions/internal/request"
)

// FilesAPI is the part of the S3 client that the file reader and eraser use.
type FilesAPI interface {
	ListAPI
	DeleteObject(ctx context.Context, params *s3.DeleteObjectInput, optFns ...func(*s3.Options)) (*s3.DeleteObjectOutput, error)
	ListObjectVersions(ctx context.Context, params *s3.ListObjectVersionsInput, optFns ...func(*s3.Options)) (*s3.ListObjectVersionsOutput, error)
	DeleteObjects(ctx context.Context, params *s3.DeleteObjectsInput, optFns ...func(*s3.Options)) (*s3.DeleteObjectsOutput, error)
}

// GetPresigner creates presigned GET URLs. *s3.PresignClient implements it.
type GetPresigner interface {
	PresignGetObject(ctx context.Context, params *s3.GetObjectInput, optFns ...func(*s3.PresignOptions)) (*v4.PresignedHTTPRequest, error)
}

// fileItem describes one file in a listing.
type fileItem struct {
	ID           string    `json:"id"`
	Owner        string    `json:"owner"`
	Name         string    `json:"name"`
	ContentType  string    `json:"contentType"`
	Size         int64     `json:"size"`
	LastModified time.Time `json:"lastModified"`
}

// fileList is the body of GET /files.
type fileList struct {
	Files []fileItem `json:"files"`
	// NextCursor is passed as ?cursor= to read the next page; it is omitted on the last page.
	NextCursor string `json:"nextCursor,omitempty"`
}

// downloadResponse is the body of GET /files/{id}.
type downloadResponse struct {
	fileItem
	URL       string    `json:"url"`
	ExpiresAt time.Time `json:"expiresAt"`
}

// eraseResponse is the body of the erasure routes.
type eraseResponse struct {
	// DeletedVersions counts the object versions and delete markers removed.
	DeletedVersions int `json:"deletedVersions"`
}

// fileReader serves the routes that read and delete files.
type fileReader struct {
	cfg         ReadConfig
	client      FilesAPI
	presigner   GetPresigner
	credentials aws.CredentialsProvider
	deps        Deps
}

// NewFilesHandler returns the handler of GET /files, GET /files/{id}, DELETE /files/{id}, DELETE /me/files and
// DELETE /admin/users/{sub}/files.
//
// Callers act on their own files. Admins may name another owner with ?owner=<sub>; anyone else who names
// another owner gets 403 from a listing and 404 from a file route, so the API does not reveal which ids exist.
// Only files under the files prefix are listed, read or deleted one by one. The erasure routes remove every
// version of every object of the user under all three prefixes.
func NewFilesHandler(cfg ReadConfig, client FilesAPI, presigner GetPresigner, credentials aws.CredentialsProvider,
	deps Deps) Handler {
	handler := &fileReader{cfg: cfg, client: client, presigner: presigner, credentials: credentials, deps: deps.withDefaults()}
	return serve(handler.deps.Logger, map[routeKey]operation{
		{method: http.MethodGet, resource: "/files"}:                      handler.list,
		{method: http.MethodGet, resource: "/files/{id}"}:                 handler.get,
		{method: http.MethodDelete, resource: "/files/{id}"}:              handler.delete,
		{method: http.MethodDelete, resource: "/me/files"}:                handler.eraseOwn,
		{method: http.MethodDelete, resource: "/admin/users/{sub}/files"}: handler.eraseUser,
	})
}

// owner returns the owner that the request names with ?owner=, or the caller. A caller outside the admin
// group may name only themselves; naming someone else returns denied.
func (h *fileReader) owner(c *call, denied *httpapi.ClientError) (string, error) {
	owner, err := c.query("owner")
	if err != nil {
		return "", err
	}
	if owner == "" || owner == c.caller.Subject {
		return c.caller.Subject, nil
	}
	if !c.isAdmin(h.cfg.AdminGroup) {
		return "", denied
	}
	if err := files.ValidateOwner(owner); err != nil {
		return "", httpapi.NewClientError(http.StatusBadRequest, CodeInvalidParameter,
			"owner must be the subject of a user, such as 7d1e6a52-1f0e-4a39-9b0e-2f4c8f6f9b11.")
	}
	return owner, nil
}

func (h *fileReader) list(ctx context.Context, c *call) (result, error) {
	owner, err := h.owner(c, httpapi.ForbiddenError())
	if err != nil {
		return result{}, err
	}
	limit, err := pageSize(c)
	if err != nil {
		return result{}, err
	}
	cursor, err := c.query("cursor")
	if err != nil {
		return result{}, err
	}

	prefix := h.cfg.Layout.OwnerPrefix(files.AreaFiles, owner)
	startAfter := ""
	if cursor != "" {
		if files.ValidateID(cursor) != nil {
			return result{}, httpapi.NewClientError(http.StatusBadRequest, CodeInvalidParameter,
				"cursor must be the nextCursor of a previous page.")
		}
		startAfter = prefix + cursor
	}

	listed, err := listFiles(ctx, h.client, h.cfg.Bucket, h.cfg.Layout, prefix, startAfter, limit)
	if err != nil {
		return result{}, err
	}
	body := fileList{Files: make([]fileItem, 0, len(listed.files))}
	for _, file := range listed.files {
		body.Files = append(body.Files, itemOf(file))
	}
	if listed.last != "" {
		if ref, err := h.cfg.Layout.Parse(listed.last); err == nil {
			body.NextCursor = ref.ID
		}
	}
	return result{status: http.StatusOK, body: body}, nil
}

// find returns the file of the request's {id} path parameter, or a 404 ClientError.
func (h *fileReader) find(ctx context.Context, c *call) (*storedFile, error) {
	owner, err := h.owner(c, httpapi.NotFoundError())
	if err != nil {
		return nil, err
	}
	id := request.PathParameter(c.req, "id")
	if files.ValidateID(id) != nil {
		return nil, httpapi.NotFoundError()
	}

	ref := files.Ref{Area: files.AreaFiles, Owner: owner, ID: id}
	file, err := headFile(ctx, h.client, h.cfg.Bucket, h.cfg.Layout, ref)
	if err != nil {
		return nil, err
	}
	if file == nil {
		return nil, httpapi.NotFoundError()
	}
	return file, nil
}

func (h *fileReader) get(ctx context.Context, c *call) (result, error) {
	file, err := h.find(ctx, c)
	if err != nil {
		return result{}, err
	}
	requested, err := parseExpiryQuery(c)
	if err != nil {
		return result{}, err
	}
	now := h.deps.Now()
	expiry, err := resolveExpiry(ctx, requested, h.cfg.Expiry, h.credentials, now)
	if err != nil {
		return result{}, err
	}

	key := file.ref.Key(h.cfg.Layout)
	presigned, err := h.presigner.PresignGetObject(ctx, &s3.GetObjectInput{
		Bucket:                     aws.String(h.cfg.Bucket),
		Key:                        aws.String(key),
		ResponseContentDisposition: aws.String(files.ContentDisposition(file.metadata.Name)),
		ResponseContentType:        aws.String(file.contentType),
	}, s3.WithPresignExpires(expiry))
	if err != nil {
		return result{}, fmt.Errorf("presigning download of %s: %w", key, err)
	}

	c.logger.Info("download URL signed", logging.KeyFileID, file.ref.ID, logging.KeyOwner, file.ref.Owner,
		"expiresInSeconds", int64(expiry/time.Second))
	return result{status: http.StatusOK, body: downloadResponse{
		fileItem:  itemOf(*file),
		URL:       presigned.URL,
		ExpiresAt: now.Add(expiry).UTC().Truncate(time.Second),
	}}, nil
}

func (h *fileReader) delete(ctx context.Context, c *call) (result, error) {
	file, err := h.find(ctx, c)
	if err != nil {
		return result{}, err
	}

	key := file.ref.Key(h.cfg.Layout)
	if _, err := h.client.DeleteObject(ctx, &s3.DeleteObjectInput{Bucket: aws.String(h.cfg.Bucket), Key: aws.String(key)}); err != nil {
		return result{}, fmt.Errorf("deleting %s: %w", key, err)
	}

	c.logger.Info("file deleted", logging.KeyFileID, file.ref.ID, logging.KeyOwner, file.ref.Owner)
	return result{status: http.StatusNoContent}, nil
}

func (h *fileReader) eraseOwn(ctx context.Context, c *call) (result, error) {
	return h.erase(ctx, c, c.caller.Subject)
}

func (h *fileReader) eraseUser(ctx context.Context, c *call) (result, error) {
	if err := c.requireAdmin(h.cfg.AdminGroup); err != nil {
		return result{}, err
	}
	owner := request.PathParameter(c.req, "sub")
	if files.ValidateOwner(owner) != nil {
		return result{}, httpapi.NotFoundError()
	}
	return h.erase(ctx, c, owner)
}

// erase removes every version and delete marker of every object of owner under the three prefixes and writes
// an audit log line that names the caller, the owner and the number of versions, and nothing of the files.
func (h *fileReader) erase(ctx context.Context, c *call, owner string) (result, error) {
	deleted := 0
	for _, area := range []files.Area{files.AreaQuarantine, files.AreaFiles, files.AreaRejected} {
		count, err := eraseVersions(ctx, h.client, h.cfg.Bucket, h.cfg.Layout.OwnerPrefix(area, owner))
		deleted += count
		if err != nil {
			c.logger.Error("erasure incomplete", logging.KeyAudit, true, "action", "erase-user-files",
				logging.KeyOwner, owner, "deletedVersions", deleted, logging.KeyError, err.Error())
			return result{}, err
		}
	}

	c.logger.Info("user files erased", logging.KeyAudit, true, "action", "erase-user-files",
		logging.KeyOwner, owner, "deletedVersions", deleted)
	return result{status: http.StatusOK, body: eraseResponse{DeletedVersions: deleted}}, nil
}

// maxDeleteBatch is the most keys that one DeleteObjects request may name.
const maxDeleteBatch = 1000

// eraseVersions deletes every version and delete marker under prefix, a page of ListObjectVersions at a time,
// and returns how many it deleted.
func eraseVersions(ctx context.Context, client FilesAPI, bucket, prefix string) (int, error) {
	deleted := 0
	input := &s3.ListObjectVersionsInput{Bucket: aws.String(bucket), Prefix: aws.String(prefix), MaxKeys: aws.Int32(maxDeleteBatch)}
	for {
		output, err := client.ListObjectVersions(ctx, input)
		if err != nil {
			return deleted, fmt.Errorf("listing object versions under %s: %w", prefix, err)
		}

		var identifiers []objectVersion
		for _, version := range output.Versions {
			identifiers = append(identifiers, objectVersion{key: aws.ToString(version.Key), versionID: aws.ToString(version.VersionId)})
		}
		for _, marker := range output.DeleteMarkers {
			identifiers = append(identifiers, objectVersion{key: aws.ToString(marker.Key), versionID: aws.ToString(marker.VersionId)})
		}
		count, err := deleteVersions(ctx, client, bucket, identifiers)
		deleted += count
		if err != nil {
			return deleted, err
		}

		if !aws.ToBool(output.IsTruncated) {
			return deleted, nil
		}
		input.KeyMarker = output.NextKeyMarker
		input.VersionIdMarker = output.NextVersionIdMarker
	}
}

// objectVersion names one version of an object; an empty versionID is the null version of an unversioned
// object.
type objectVersion struct {
	key       string
	versionID string
}

// deleteVersions deletes versions in batches of maxDeleteBatch and fails when S3 reports any key it could not
// delete.
func deleteVersions(ctx context.Context, client FilesAPI, bucket string, versions []objectVersion) (int, error) {
	deleted := 0
	for start := 0; start < len(versions); start += maxDeleteBatch {
		batch := versions[start:min(start+maxDeleteBatch, len(versions))]
		objects := make([]s3types.ObjectIdentifier, 0, len(batch))
		for _, version := range batch {
			identifier := s3types.ObjectIdentifier{Key: aws.String(version.key)}
			if version.versionID != "" {
				identifier.VersionId = aws.String(version.versionID)
			}
			objects = append(objects, identifier)
		}

		output, err := client.DeleteObjects(ctx, &s3.DeleteObjectsInput{
			Bucket: aws.String(bucket),
			Delete: &s3types.Delete{Objects: objects, Quiet: aws.Bool(true)},
		})
		if err != nil {
			return deleted, fmt.Errorf("deleting %d object versions: %w", len(objects), err)
		}
		if len(output.Errors) > 0 {
			first := output.Errors[0]
			return deleted + len(objects) - len(output.Errors), fmt.Errorf("deleting object versions: %d failed, the first %s with %s: %w",
				len(output.Errors), aws.ToString(first.Key), aws.ToString(first.Code), errPartialDelete)
		}
		deleted += len(objects)
	}
	return deleted, nil
}

// errPartialDelete means a DeleteObjects request removed only some of the versions it named.
var errPartialDelete = errors.New("some object versions were not deleted")

func itemOf(file storedFile) fileItem {
	return fileItem{
		ID:           file.ref.ID,
		Owner:        file.ref.Owner,
		Name:         file.metadata.Name,
		ContentType:  file.contentType,
		Size:         file.size,
		LastModified: file.lastModified,
	}
}
