package fileapi

import (
	"context"
	"fmt"
	"maps"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"

	"github.com/secureserverless/framework/functions/internal/files"
	"github.com/secureserverless/framework/functions/internal/httpapi"
	"github.com/secureserverless/framework/functions/internal/logging"
	"github.com/secureserverless/framework/functions/internal/request"
)

// PostPresigner creates presigned POST forms. *s3.PresignClient implements it.
type PostPresigner interface {
	PresignPostObject(ctx context.Context, params *s3.PutObjectInput,
		optFns ...func(*s3.PresignPostOptions)) (*s3.PresignedPostRequest, error)
}

// uploadRequest is the body of POST /uploads.
type uploadRequest struct {
	Name        string `json:"name"`
	ContentType string `json:"contentType"`
	// Size is the size of the file in bytes; the form admits a file of 1 byte up to Size.
	Size int64 `json:"size"`
	// ExpiresInSeconds is the requested lifetime of the form. Zero means the configured default.
	ExpiresInSeconds int64 `json:"expiresInSeconds"`
}

// uploadResponse is the body of a successful POST /uploads: an HTML form upload to send as
// multipart/form-data, with every field of Fields before the file field.
type uploadResponse struct {
	ID        string            `json:"id"`
	URL       string            `json:"url"`
	Method    string            `json:"method"`
	Fields    map[string]string `json:"fields"`
	ExpiresAt time.Time         `json:"expiresAt"`
	MaxBytes  int64             `json:"maxBytes"`
}

// Form fields that carry the file's metadata. The policy names each with its exact value, so S3 rejects a
// form whose metadata the client changed.
const (
	formFieldContentType = "Content-Type"
	formFieldMetaPrefix  = "x-amz-meta-"
)

// uploads signs upload forms.
type uploads struct {
	cfg         UploadConfig
	presigner   PostPresigner
	credentials aws.CredentialsProvider
	deps        Deps
}

// NewUploadsHandler returns the handler of POST /uploads.
//
// For a valid request it returns 201 and a presigned POST form for the key
// <quarantine prefix><caller sub>/<new id>. The form's policy fixes the key, the content type and the
// metadata, and limits the size to 1 byte up to the declared size, so S3 itself rejects any other upload.
// credentials are the credentials that the presigner signs with; the form expires no later than they do.
func NewUploadsHandler(cfg UploadConfig, presigner PostPresigner, credentials aws.CredentialsProvider, deps Deps) Handler {
	handler := &uploads{cfg: cfg, presigner: presigner, credentials: credentials, deps: deps.withDefaults()}
	return serve(handler.deps.Logger, map[routeKey]operation{
		{method: http.MethodPost, resource: "/uploads"}: handler.create,
	})
}

func (u *uploads) create(ctx context.Context, c *call) (result, error) {
	var body uploadRequest
	if err := request.DecodeJSON(c.req, u.cfg.MaxRequestBytes, &body); err != nil {
		return result{}, err
	}
	contentType, err := u.checkRequest(&body)
	if err != nil {
		return result{}, err
	}
	owner := c.caller.Subject
	if err := files.ValidateOwner(owner); err != nil {
		return result{}, fmt.Errorf("building upload key for caller: %w", err)
	}

	now := u.deps.Now()
	expiry, err := resolveExpiry(ctx, body.ExpiresInSeconds, u.cfg.Expiry, u.credentials, now)
	if err != nil {
		return result{}, err
	}
	id, err := files.NewID(u.deps.Random)
	if err != nil {
		return result{}, err
	}
	key := u.cfg.Layout.Key(files.AreaQuarantine, owner, id)
	metadata := files.Metadata{Owner: owner, Name: body.Name, DeclaredSize: body.Size}

	form, err := u.presign(ctx, key, contentType, metadata, expiry)
	if err != nil {
		return result{}, err
	}

	c.logger.Info("upload form signed", logging.KeyFileID, id, "contentType", contentType,
		"declaredSize", body.Size, "expiresInSeconds", int64(expiry/time.Second))
	return result{status: http.StatusCreated, body: uploadResponse{
		ID:        id,
		URL:       form.URL,
		Method:    http.MethodPost,
		Fields:    form.Values,
		ExpiresAt: now.Add(expiry).UTC().Truncate(time.Second),
		MaxBytes:  body.Size,
	}}, nil
}

// checkRequest validates the declared name, type and size and returns the normalized content type.
func (u *uploads) checkRequest(body *uploadRequest) (string, error) {
	if err := files.ValidateName(body.Name); err != nil {
		return "", httpapi.NewClientError(http.StatusBadRequest, CodeInvalidName, "The file name is invalid: %s.",
			strings.TrimPrefix(err.Error(), files.ErrInvalidName.Error()+": "))
	}

	contentType, err := files.NormalizeContentType(body.ContentType)
	if err != nil || !slices.Contains(u.cfg.AllowedTypes, contentType) {
		return "", httpapi.NewClientError(http.StatusBadRequest, CodeTypeNotAllowed,
			"The content type %q is not allowed; use one of %s.", body.ContentType, strings.Join(u.cfg.AllowedTypes, ", "))
	}

	switch {
	case body.Size < 1:
		return "", httpapi.NewClientError(http.StatusBadRequest, CodeInvalidParameter,
			"size must be the file size in bytes, at least 1, got %d.", body.Size)
	case body.Size > u.cfg.MaxUploadBytes:
		return "", httpapi.NewClientError(http.StatusBadRequest, CodeFileTooLarge,
			"size %d is more than the maximum of %d bytes.", body.Size, u.cfg.MaxUploadBytes)
	}
	return contentType, nil
}

// presign creates the form. The policy holds one exact condition per field besides the ones the SDK adds
// (bucket, algorithm, credential, date, security token), plus the size range.
func (u *uploads) presign(ctx context.Context, key, contentType string, metadata files.Metadata,
	expiry time.Duration) (*s3.PresignedPostRequest, error) {
	fields := map[string]string{formFieldContentType: contentType}
	for name, value := range metadata.UserMetadata() {
		fields[formFieldMetaPrefix+name] = value
	}

	conditions := []any{
		map[string]string{"key": key},
		[]any{"content-length-range", 1, metadata.DeclaredSize},
	}
	for _, name := range slices.Sorted(maps.Keys(fields)) {
		conditions = append(conditions, map[string]string{name: fields[name]})
	}

	form, err := u.presigner.PresignPostObject(ctx, &s3.PutObjectInput{
		Bucket: aws.String(u.cfg.Bucket),
		Key:    aws.String(key),
	}, func(options *s3.PresignPostOptions) {
		options.Expires = expiry
		options.Conditions = conditions
	})
	if err != nil {
		return nil, fmt.Errorf("presigning upload form for %s: %w", key, err)
	}

	values := maps.Clone(form.Values)
	maps.Copy(values, fields)
	values["key"] = key
	return &s3.PresignedPostRequest{URL: form.URL, Values: values}, nil
}
