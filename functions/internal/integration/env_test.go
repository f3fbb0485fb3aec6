package integration

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	s3types "github.com/aws/aws-sdk-go-v2/service/s3/types"
	"github.com/stretchr/testify/require"

	"github.com/secureserverless/framework/functions/internal/awsclient"
	"github.com/secureserverless/framework/functions/internal/devapi"
	"github.com/secureserverless/framework/functions/internal/fileapi"
	"github.com/secureserverless/framework/functions/internal/files"
	"github.com/secureserverless/framework/functions/internal/localservices"
	"github.com/secureserverless/framework/functions/internal/logging"
	"github.com/secureserverless/framework/functions/internal/validation"
)

const (
	bucket    = "user-files-it"
	region    = "us-east-1"
	accessKey = "integration-root"
	secretKey = "integration-root-secret"
	password  = "Correct-Horse-9-battery"
)

// user is a user pool user with fresh tokens.
type user struct {
	name    string
	sub     string
	idToken string
}

// environment is what every test of the package shares: the running services, clients and the local API.
type environment struct {
	s3Server      *localservices.Process
	cognitoServer *localservices.Process
	s3            *s3.Client
	pool          *localservices.UserPool
	// shortClientID is an app client whose ID tokens expire after one second.
	shortClientID string
	users         map[string]user
	api           *httptest.Server
	validator     *validation.Validator
	validationCfg validation.Config
	layout        files.Layout
	logs          *bytes.Buffer
}

var env *environment

func TestMain(m *testing.M) {
	os.Exit(runTests(m))
}

func runTests(m *testing.M) int {
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Minute)
	defer cancel()

	workDir, err := os.MkdirTemp("", "file-api-integration-")
	if err != nil {
		fmt.Fprintln(os.Stderr, "creating work folder:", err)
		return 1
	}
	defer os.RemoveAll(workDir)

	env, err = setUp(ctx, workDir)
	if env != nil {
		defer env.tearDown()
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "integration tests not started:", err)
		return 1
	}
	return m.Run()
}

// setUp installs and starts the services, creates the bucket, the user pool and its users, and starts the
// local API. It returns the environment built so far together with an error, so that tearDown stops what
// started.
func setUp(ctx context.Context, workDir string) (*environment, error) {
	cacheDir, err := localservices.CacheDir()
	if err != nil {
		return nil, err
	}
	versitygw, err := localservices.EnsureVersityGW(ctx, cacheDir)
	if err != nil {
		return nil, fmt.Errorf("installing versitygw into %s (run `%s` with GOBIN set to try it by hand): %w",
			cacheDir, localservices.VersityGWInstallCommand(), err)
	}
	cognitoLocal, err := localservices.EnsureCognitoLocal(ctx, cacheDir)
	if err != nil {
		return nil, fmt.Errorf("installing cognito-local into %s (run `%s` to try it by hand): %w",
			cacheDir, localservices.CognitoLocalInstallCommand(), err)
	}

	e := &environment{layout: files.DefaultLayout(), users: map[string]user{}, logs: &bytes.Buffer{}}
	e.s3Server, err = localservices.StartVersityGW(ctx, localservices.VersityGWOptions{
		Binary: versitygw, Dir: filepath.Join(workDir, "s3"), AccessKey: accessKey, SecretKey: secretKey, Region: region,
	})
	if err != nil {
		return e, err
	}
	cognitoDir := filepath.Join(workDir, "cognito")
	if err := os.MkdirAll(cognitoDir, 0o755); err != nil {
		return e, err
	}
	e.cognitoServer, err = localservices.StartCognitoLocal(ctx, cognitoLocal, cognitoDir)
	if err != nil {
		return e, err
	}

	if err := e.createBucket(ctx); err != nil {
		return e, err
	}
	if err := e.createUsers(ctx); err != nil {
		return e, err
	}
	if err := e.startAPI(ctx); err != nil {
		return e, err
	}
	return e, nil
}

func (e *environment) tearDown() {
	if e.api != nil {
		e.api.Close()
	}
	for _, process := range []*localservices.Process{e.cognitoServer, e.s3Server} {
		if process == nil {
			continue
		}
		if err := process.Stop(); err != nil {
			fmt.Fprintln(os.Stderr, err)
		}
	}
}

func (e *environment) createBucket(ctx context.Context) error {
	cfg, err := awsclient.LoadConfig(ctx, awsclient.Options{
		Region:      region,
		Endpoint:    e.s3Server.URL,
		Credentials: credentials.NewStaticCredentialsProvider(accessKey, secretKey, ""),
	})
	if err != nil {
		return err
	}
	e.s3 = awsclient.NewS3(cfg, awsclient.S3Options{UsePathStyle: true})

	if _, err := e.s3.CreateBucket(ctx, &s3.CreateBucketInput{Bucket: aws.String(bucket)}); err != nil {
		return fmt.Errorf("creating bucket %s: %w", bucket, err)
	}
	_, err = e.s3.PutBucketVersioning(ctx, &s3.PutBucketVersioningInput{
		Bucket:                  aws.String(bucket),
		VersioningConfiguration: &s3types.VersioningConfiguration{Status: s3types.BucketVersioningStatusEnabled},
	})
	if err != nil {
		return fmt.Errorf("turning on versioning of bucket %s: %w", bucket, err)
	}
	return nil
}

// Users of the tests. alice and bob are plain users, carol is an admin, dave, erin and frank have files only
// for the erasure tests, and mallory is in a group whose name only contains "admin".
var testUsers = []struct {
	name   string
	groups []string
}{
	{name: "alice", groups: []string{"user"}},
	{name: "bob", groups: []string{"user"}},
	{name: "carol", groups: []string{"admin", "user"}},
	{name: "dave"},
	{name: "erin"},
	{name: "mallory", groups: []string{"superadmin"}},
}

func (e *environment) createUsers(ctx context.Context) error {
	pool, err := localservices.CreateUserPool(ctx, e.cognitoServer.URL, "file-api")
	if err != nil {
		return err
	}
	e.pool = pool
	e.shortClientID, err = pool.CreateClient(ctx, "short-lived", time.Second)
	if err != nil {
		return err
	}

	for _, spec := range testUsers {
		sub, err := pool.CreateUser(ctx, spec.name, password, spec.groups...)
		if err != nil {
			return err
		}
		tokens, err := pool.SignIn(ctx, spec.name, password)
		if err != nil {
			return err
		}
		e.users[spec.name] = user{name: spec.name, sub: sub, idToken: tokens.IDToken}
	}
	return nil
}

// startAPI builds the three handlers with clients for versitygw and serves them through the local API.
func (e *environment) startAPI(ctx context.Context) error {
	logger := logging.New(e.logs, slog.LevelInfo)
	settings := fileapi.Settings{Bucket: bucket, Layout: e.layout, AdminGroup: fileapi.DefaultAdminGroup}
	uploadCfg := fileapi.UploadConfig{
		Settings:       settings,
		AllowedTypes:   fileapi.DefaultAllowedTypes,
		MaxUploadBytes: 64 << 10,
		Expiry:         fileapi.ExpiryLimits{Default: fileapi.DefaultUploadExpiry, Max: fileapi.DefaultMaxUploadExpiry},
	}
	readCfg := fileapi.ReadConfig{
		Settings: settings,
		Expiry:   fileapi.ExpiryLimits{Default: fileapi.DefaultDownloadExpiry, Max: fileapi.DefaultMaxDownloadExpiry},
	}
	presigner := s3.NewPresignClient(e.s3)
	credentials := e.s3.Options().Credentials
	deps := fileapi.Deps{Logger: logger}
	routes, err := devapi.FileAPIRoutes(map[string]fileapi.Handler{
		fileapi.FunctionUploads:    fileapi.NewUploadsHandler(uploadCfg, presigner, credentials, deps),
		fileapi.FunctionFiles:      fileapi.NewFilesHandler(readCfg, e.s3, presigner, credentials, deps),
		fileapi.FunctionQuarantine: fileapi.NewQuarantineHandler(settings, e.s3, deps),
	})
	if err != nil {
		return err
	}

	verifier, err := devapi.NewVerifier(ctx, devapi.VerifierConfig{Issuer: e.pool.Issuer, JWKSURL: e.pool.JWKSURL, Logger: logger})
	if err != nil {
		return err
	}
	e.api = httptest.NewServer(devapi.NewServer(routes, devapi.AsTokenVerifier(verifier), logger))

	e.validationCfg = validation.Config{
		Bucket:         bucket,
		Layout:         e.layout,
		AllowedTypes:   uploadCfg.AllowedTypes,
		MaxUploadBytes: uploadCfg.MaxUploadBytes,
	}
	e.validator = validation.New(e.validationCfg, e.s3, logger)
	return nil
}

// apiResponse is a response of the local API.
type apiResponse struct {
	status int
	header http.Header
	body   []byte
}

// call sends a request to the local API with token as bearer token ("" for none) and body as JSON (nil for
// none).
func call(t *testing.T, method, path, token string, body any) apiResponse {
	t.Helper()

	var reader io.Reader
	if body != nil {
		encoded, err := json.Marshal(body)
		require.NoError(t, err)
		reader = bytes.NewReader(encoded)
	}
	req, err := http.NewRequest(method, env.api.URL+path, reader)
	require.NoError(t, err)
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}

	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	data, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	return apiResponse{status: resp.StatusCode, header: resp.Header, body: data}
}

// uploadForm is the body of a successful POST /uploads.
type uploadForm struct {
	ID        string            `json:"id"`
	URL       string            `json:"url"`
	Fields    map[string]string `json:"fields"`
	ExpiresAt time.Time         `json:"expiresAt"`
}

// requestUpload requests an upload form from the API as u.
func requestUpload(t *testing.T, u user, name, contentType string, size int64, expiresInSeconds int64) uploadForm {
	t.Helper()

	body := map[string]any{"name": name, "contentType": contentType, "size": size}
	if expiresInSeconds > 0 {
		body["expiresInSeconds"] = expiresInSeconds
	}
	resp := call(t, http.MethodPost, "/uploads", u.idToken, body)
	require.Equal(t, http.StatusCreated, resp.status, string(resp.body))
	var form uploadForm
	require.NoError(t, json.Unmarshal(resp.body, &form))
	return form
}

// postForm sends an HTML form upload to the S3 server: the fields, then the file.
func postForm(t *testing.T, url string, fields map[string]string, content []byte) (int, string) {
	t.Helper()

	var body bytes.Buffer
	writer := multipart.NewWriter(&body)
	require.NoError(t, writer.WriteField("key", fields["key"]))
	for name, value := range fields {
		if name != "key" {
			require.NoError(t, writer.WriteField(name, value))
		}
	}
	part, err := writer.CreateFormFile("file", "upload.bin")
	require.NoError(t, err)
	_, err = part.Write(content)
	require.NoError(t, err)
	require.NoError(t, writer.Close())

	resp, err := http.Post(url, writer.FormDataContentType(), &body)
	require.NoError(t, err)
	defer resp.Body.Close()
	data, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	return resp.StatusCode, string(data)
}

// upload requests a form as u and sends content with it, requiring S3 to accept it.
func upload(t *testing.T, u user, name, contentType string, content []byte) uploadForm {
	t.Helper()

	form := requestUpload(t, u, name, contentType, int64(len(content)), 0)
	status, body := postForm(t, form.URL, form.Fields, content)
	require.Less(t, status, 300, "S3 rejected the upload: %s", body)
	return form
}

// objectCreated returns the S3 event notification for the upload with id of u, as S3 sends it.
func objectCreated(u user, id string) json.RawMessage {
	key := env.layout.Key(files.AreaQuarantine, u.sub, id)
	event := map[string]any{"Records": []any{map[string]any{
		"eventSource": "aws:s3",
		"eventName":   "ObjectCreated:Post",
		"s3": map[string]any{
			"bucket": map[string]any{"name": bucket},
			"object": map[string]any{"key": key},
		},
	}}}
	encoded, _ := json.Marshal(event)
	return encoded
}

// validate runs the validator on the upload as S3's event would.
func validate(t *testing.T, u user, id string) {
	t.Helper()

	require.NoError(t, env.validator.Handle(context.Background(), objectCreated(u, id)))
}

// uploadFile uploads content as u and promotes it, and returns its id.
func uploadFile(t *testing.T, u user, name, contentType string, content []byte) string {
	t.Helper()

	form := upload(t, u, name, contentType, content)
	validate(t, u, form.ID)
	return form.ID
}

// versions lists every version and delete marker under prefix.
func versions(t *testing.T, prefix string) []string {
	t.Helper()

	output, err := env.s3.ListObjectVersions(context.Background(), &s3.ListObjectVersionsInput{
		Bucket: aws.String(bucket), Prefix: aws.String(prefix),
	})
	require.NoError(t, err)
	var found []string
	for _, version := range output.Versions {
		found = append(found, aws.ToString(version.Key)+"@"+aws.ToString(version.VersionId))
	}
	for _, marker := range output.DeleteMarkers {
		found = append(found, aws.ToString(marker.Key)+"@marker:"+aws.ToString(marker.VersionId))
	}
	return found
}
