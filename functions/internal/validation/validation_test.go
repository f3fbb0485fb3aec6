package validation

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	s3types "github.com/aws/aws-sdk-go-v2/service/s3/types"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/secureserverless/framework/functions/internal/files"
	"github.com/secureserverless/framework/functions/internal/logging"
	"github.com/secureserverless/framework/functions/internal/s3fake"
)

const (
	testBucket = "user-files-test"
	owner      = "7d1e6a52-1f0e-4a39-9b0e-2f4c8f6f9b11"
	uploadID   = "3f2b6c1e-8d4a-4b7e-9c1d-2e5f6a7b8c9d"
)

var (
	layout        = files.DefaultLayout()
	quarantineKey = layout.Key(files.AreaQuarantine, owner, uploadID)
	filesKey      = layout.Key(files.AreaFiles, owner, uploadID)
	rejectedKey   = layout.Key(files.AreaRejected, owner, uploadID)
	pdfContent    = []byte("%PDF-1.7\n1 0 obj\n<< >>\nendobj\n")
)

// object is one stored object of memoryBucket.
type object struct {
	body        []byte
	contentType string
	metadata    map[string]string
	tags        []s3types.Tag
	etag        string
	versionID   string
}

// memoryBucket is an unversioned bucket in memory behind an s3fake.Client. Its puts counts the objects
// written to each key, so a test can tell whether a copy happened twice.
type memoryBucket struct {
	mu      sync.Mutex
	objects map[string]*object
	puts    map[string]int
	next    int
	client  *s3fake.Client
}

func newMemoryBucket(t *testing.T) *memoryBucket {
	bucket := &memoryBucket{objects: map[string]*object{}, puts: map[string]int{}}
	client := s3fake.New(t)
	client.HeadObjectFunc = bucket.head
	client.GetObjectFunc = bucket.get
	client.GetObjectTaggingFunc = bucket.tagging
	client.CopyObjectFunc = bucket.copy
	client.DeleteObjectFunc = bucket.delete
	bucket.client = client
	return bucket
}

// upload stores an object as a presigned form upload would.
func (b *memoryBucket) upload(key, contentType string, body []byte, declaredSize int64) {
	b.mu.Lock()
	defer b.mu.Unlock()

	b.next++
	metadata := files.Metadata{Owner: owner, Name: "report.pdf", DeclaredSize: declaredSize}.UserMetadata()
	b.objects[key] = &object{body: body, contentType: contentType, metadata: metadata,
		etag: fmt.Sprintf(`"etag-%d"`, b.next), versionID: fmt.Sprintf("v%d", b.next)}
	b.puts[key]++
}

func (b *memoryBucket) find(key string) (*object, error) {
	b.mu.Lock()
	defer b.mu.Unlock()

	stored, ok := b.objects[key]
	if !ok {
		return nil, &s3types.NotFound{}
	}
	return stored, nil
}

func (b *memoryBucket) head(in *s3.HeadObjectInput) (*s3.HeadObjectOutput, error) {
	stored, err := b.find(aws.ToString(in.Key))
	if err != nil {
		return nil, err
	}
	return &s3.HeadObjectOutput{
		ContentLength: aws.Int64(int64(len(stored.body))),
		ContentType:   aws.String(stored.contentType),
		ETag:          aws.String(stored.etag),
		Metadata:      stored.metadata,
		VersionId:     aws.String(stored.versionID),
	}, nil
}

func (b *memoryBucket) get(in *s3.GetObjectInput) (*s3.GetObjectOutput, error) {
	stored, err := b.find(aws.ToString(in.Key))
	if err != nil {
		return nil, err
	}
	body := stored.body
	if aws.ToString(in.Range) == fmt.Sprintf("bytes=0-%d", files.SniffBytes-1) && len(body) > files.SniffBytes {
		body = body[:files.SniffBytes]
	}
	return &s3.GetObjectOutput{Body: io.NopCloser(bytes.NewReader(body))}, nil
}

func (b *memoryBucket) tagging(in *s3.GetObjectTaggingInput) (*s3.GetObjectTaggingOutput, error) {
	stored, err := b.find(aws.ToString(in.Key))
	if err != nil {
		return nil, err
	}
	return &s3.GetObjectTaggingOutput{TagSet: stored.tags}, nil
}

func (b *memoryBucket) copy(in *s3.CopyObjectInput) (*s3.CopyObjectOutput, error) {
	sourceKey := strings.TrimPrefix(strings.SplitN(aws.ToString(in.CopySource), "?", 2)[0], testBucket+"/")
	source, err := b.find(sourceKey)
	if err != nil {
		return nil, err
	}
	if in.CopySourceIfMatch != nil && aws.ToString(in.CopySourceIfMatch) != source.etag {
		return nil, &s3types.NotFound{Message: aws.String("PreconditionFailed")}
	}

	b.mu.Lock()
	defer b.mu.Unlock()
	b.next++
	copied := *source
	copied.metadata = in.Metadata
	copied.contentType = aws.ToString(in.ContentType)
	copied.etag = fmt.Sprintf(`"etag-%d"`, b.next)
	b.objects[aws.ToString(in.Key)] = &copied
	b.puts[aws.ToString(in.Key)]++
	return &s3.CopyObjectOutput{}, nil
}

func (b *memoryBucket) delete(in *s3.DeleteObjectInput) (*s3.DeleteObjectOutput, error) {
	b.mu.Lock()
	defer b.mu.Unlock()

	delete(b.objects, aws.ToString(in.Key))
	return &s3.DeleteObjectOutput{}, nil
}

func (b *memoryBucket) keys() []string {
	b.mu.Lock()
	defer b.mu.Unlock()

	var keys []string
	for key := range b.objects {
		keys = append(keys, key)
	}
	return keys
}

func testConfig(scanning bool) Config {
	return Config{
		Bucket:          testBucket,
		Layout:          layout,
		AllowedTypes:    []string{"application/pdf", "image/png", "text/plain"},
		MaxUploadBytes:  1 << 20,
		ScanningEnabled: scanning,
	}
}

// notification returns an S3 event notification for key, URL-encoded as S3 sends it.
func notification(key string) json.RawMessage {
	encoded := strings.ReplaceAll(key, "/", "%2F")
	return json.RawMessage(`{"Records": [{"eventSource": "aws:s3", "eventName": "ObjectCreated:Post",
		"s3": {"bucket": {"name": "` + testBucket + `"}, "object": {"key": "` + encoded + `", "size": 10}}}]}`)
}

func scanResult(key, status string) json.RawMessage {
	return json.RawMessage(`{"version": "0", "source": "aws.guardduty", "detail-type": "` + DetailTypeScanResult + `",
		"detail": {"schemaVersion": "1.0", "scanStatus": "COMPLETED", "resourceType": "S3_OBJECT",
		"s3ObjectDetails": {"bucketName": "` + testBucket + `", "objectKey": "` + key + `"},
		"scanResultDetails": {"scanResultStatus": "` + status + `", "threats": [{"name": "EICAR-Test-File"}]}}}`)
}

func TestUploadPromotedWithoutScanning(t *testing.T) {
	bucket := newMemoryBucket(t)
	bucket.upload(quarantineKey, "application/pdf", pdfContent, 100)
	var logs bytes.Buffer
	validator := New(testConfig(false), bucket.client, logging.New(&logs, slog.LevelInfo))

	err := validator.Handle(context.Background(), notification(quarantineKey))

	require.NoError(t, err)
	assert.Equal(t, []string{filesKey}, bucket.keys())
	promoted, err := bucket.find(filesKey)
	require.NoError(t, err)
	assert.Equal(t, pdfContent, promoted.body)
	assert.Equal(t, "application/pdf", promoted.contentType)
	assert.Equal(t, `"etag-1"`, promoted.metadata[files.MetaSourceETag])
	assert.Equal(t, owner, promoted.metadata[files.MetaOwner])
	assert.Contains(t, logs.String(), `"outcome":"promoted"`)
	assert.NotContains(t, logs.String(), "report.pdf", "logs must not name files")
	assert.NotContains(t, logs.String(), "PDF-1.7", "logs must not contain file content")
}

func TestLocalServerEventNames(t *testing.T) {
	bucket := newMemoryBucket(t)
	bucket.upload(quarantineKey, "application/pdf", pdfContent, 100)
	validator := New(testConfig(false), bucket.client, nil)
	event := json.RawMessage(`{"Records": [{"eventName": "s3:ObjectCreated:Post", "eventTime": "",
		"s3": {"bucket": {"name": "` + testBucket + `"}, "object": {"key": "` + quarantineKey + `"}}}]}`)

	require.NoError(t, validator.Handle(context.Background(), event))

	assert.Equal(t, []string{filesKey}, bucket.keys())
}

func TestUploadRejections(t *testing.T) {
	peFile := make([]byte, 0x100)
	copy(peFile, "MZ")
	peFile[0x3C] = 0x80
	copy(peFile[0x80:], "PE\x00\x00")
	tests := []struct {
		name         string
		contentType  string
		body         []byte
		declaredSize int64
		wantCode     string
	}{
		{name: "empty file", contentType: "text/plain", body: []byte{}, declaredSize: 10, wantCode: files.RejectEmpty},
		{name: "larger than declared", contentType: "text/plain", body: []byte("hello world"), declaredSize: 5, wantCode: files.RejectTooLarge},
		{name: "type not allowed", contentType: "text/html", body: []byte("<html>"), declaredSize: 10, wantCode: files.RejectTypeNotAllowed},
		{name: "PNG declared as PDF", contentType: "application/pdf", body: []byte("\x89PNG\r\n\x1a\nxxxx"), declaredSize: 100, wantCode: files.RejectTypeMismatch},
		{name: "executable disguised as PDF", contentType: "application/pdf", body: peFile, declaredSize: 1000, wantCode: files.RejectExecutable},
		{name: "script disguised as text", contentType: "text/plain", body: []byte("#!/bin/sh\necho hi\n"), declaredSize: 100, wantCode: files.RejectExecutable},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			bucket := newMemoryBucket(t)
			bucket.upload(quarantineKey, tt.contentType, tt.body, tt.declaredSize)
			validator := New(testConfig(false), bucket.client, nil)

			err := validator.Handle(context.Background(), notification(quarantineKey))

			require.NoError(t, err)
			assert.Equal(t, []string{rejectedKey}, bucket.keys())
			rejected, err := bucket.find(rejectedKey)
			require.NoError(t, err)
			assert.Equal(t, tt.wantCode, rejected.metadata[files.MetaRejectCode])
			assert.NotEmpty(t, rejected.metadata[files.MetaRejectReason])
			_, err = files.ParseMetadata(rejected.metadata)
			assert.NoError(t, err, "rejected objects keep valid metadata for the admin report")
		})
	}
}

func TestUploadWithoutFormMetadataRejected(t *testing.T) {
	bucket := newMemoryBucket(t)
	bucket.upload(quarantineKey, "text/plain", []byte("hello"), 10)
	bucket.objects[quarantineKey].metadata = map[string]string{}
	validator := New(testConfig(false), bucket.client, nil)

	require.NoError(t, validator.Handle(context.Background(), notification(quarantineKey)))

	rejected, err := bucket.find(rejectedKey)
	require.NoError(t, err)
	assert.Equal(t, files.RejectInvalidUpload, rejected.metadata[files.MetaRejectCode])
	metadata, err := files.ParseMetadata(rejected.metadata)
	require.NoError(t, err)
	assert.Equal(t, owner, metadata.Owner)
}

func TestRetryAfterFailureBetweenCopyAndDelete(t *testing.T) {
	bucket := newMemoryBucket(t)
	bucket.upload(quarantineKey, "application/pdf", pdfContent, 100)
	deletes := 0
	bucket.client.DeleteObjectFunc = func(in *s3.DeleteObjectInput) (*s3.DeleteObjectOutput, error) {
		deletes++
		if deletes == 1 {
			return nil, errors.New("injected failure after the copy")
		}
		return bucket.delete(in)
	}
	validator := New(testConfig(false), bucket.client, nil)

	firstErr := validator.Handle(context.Background(), notification(quarantineKey))
	secondErr := validator.Handle(context.Background(), notification(quarantineKey))
	duplicateErr := validator.Handle(context.Background(), notification(quarantineKey))

	require.ErrorContains(t, firstErr, "injected failure")
	require.NoError(t, secondErr)
	require.NoError(t, duplicateErr)
	assert.Equal(t, []string{filesKey}, bucket.keys())
	assert.Equal(t, 1, bucket.puts[filesKey], "the retry must not copy the file again")
}

func TestScanningWaitsForCleanResult(t *testing.T) {
	bucket := newMemoryBucket(t)
	bucket.upload(quarantineKey, "application/pdf", pdfContent, 100)
	validator := New(testConfig(true), bucket.client, nil)

	require.NoError(t, validator.Handle(context.Background(), notification(quarantineKey)))
	assert.Equal(t, []string{quarantineKey}, bucket.keys(), "a clean check alone must not promote")

	bucket.objects[quarantineKey].tags = []s3types.Tag{{Key: aws.String(ScanStatusTag), Value: aws.String(ScanNoThreatsFound)}}
	require.NoError(t, validator.Handle(context.Background(), scanResult(quarantineKey, ScanNoThreatsFound)))

	assert.Equal(t, []string{filesKey}, bucket.keys())
	promoted, err := bucket.find(filesKey)
	require.NoError(t, err)
	assert.Equal(t, ScanNoThreatsFound, aws.ToString(promoted.tags[0].Value), "the promoted copy keeps the clean tag")
}

func TestScanResultWithoutCleanTagIsRetried(t *testing.T) {
	bucket := newMemoryBucket(t)
	bucket.upload(quarantineKey, "application/pdf", pdfContent, 100)
	validator := New(testConfig(true), bucket.client, nil)

	err := validator.Handle(context.Background(), scanResult(quarantineKey, ScanNoThreatsFound))

	assert.ErrorIs(t, err, errNotScannedClean)
	assert.Equal(t, []string{quarantineKey}, bucket.keys())
}

func TestScanResultRejections(t *testing.T) {
	tests := []struct {
		name     string
		status   string
		wantCode string
	}{
		{name: "threats found", status: ScanThreatsFound, wantCode: files.RejectMalware},
		{name: "unsupported", status: "UNSUPPORTED", wantCode: files.RejectScanFailed},
		{name: "failed", status: "FAILED", wantCode: files.RejectScanFailed},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			bucket := newMemoryBucket(t)
			bucket.upload(quarantineKey, "application/pdf", pdfContent, 100)
			validator := New(testConfig(true), bucket.client, nil)

			require.NoError(t, validator.Handle(context.Background(), scanResult(quarantineKey, tt.status)))

			assert.Equal(t, []string{rejectedKey}, bucket.keys())
			rejected, err := bucket.find(rejectedKey)
			require.NoError(t, err)
			assert.Equal(t, tt.wantCode, rejected.metadata[files.MetaRejectCode])
			if tt.status == ScanThreatsFound {
				assert.Contains(t, rejected.metadata[files.MetaRejectReason], "EICAR-Test-File")
			}
		})
	}
}

func TestEventsIgnoredOrGone(t *testing.T) {
	tests := []struct {
		name  string
		event json.RawMessage
	}{
		{name: "GuardDuty validation object", event: notification("malware-protection-resource-validation-object")},
		{name: "object under files prefix", event: notification(filesKey)},
		{name: "other bucket", event: json.RawMessage(`{"Records": [{"eventName": "ObjectCreated:Put", "s3": {"bucket": {"name": "other"}, "object": {"key": "` + quarantineKey + `"}}}]}`)},
		{name: "removal event", event: json.RawMessage(`{"Records": [{"eventName": "ObjectRemoved:Delete", "s3": {"bucket": {"name": "` + testBucket + `"}, "object": {"key": "x"}}}]}`)},
		{name: "S3 test event", event: json.RawMessage(`{"Service": "Amazon S3", "Event": "s3:TestEvent", "Bucket": "` + testBucket + `"}`)},
		{name: "upload erased before processing", event: notification(quarantineKey)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			bucket := newMemoryBucket(t)
			validator := New(testConfig(false), bucket.client, nil)

			err := validator.Handle(context.Background(), tt.event)

			require.NoError(t, err)
			assert.Empty(t, bucket.keys())
			for _, operation := range bucket.client.Operations() {
				assert.Equal(t, "HeadObject", operation, "an ignored or gone upload is only looked up")
			}
		})
	}
}

func TestUnsupportedEventFails(t *testing.T) {
	validator := New(testConfig(false), s3fake.New(t), nil)

	err := validator.Handle(context.Background(), json.RawMessage(`{"source": "aws.ec2", "detail-type": "EC2 Instance State-change Notification"}`))

	assert.ErrorIs(t, err, ErrUnsupportedEvent)
}

func TestSampleEvents(t *testing.T) {
	tests := []struct {
		name       string
		file       string
		wantObject objectEvent
		wantStatus string
	}{
		{
			name:       "S3 notification",
			file:       "s3-object-created.json",
			wantObject: objectEvent{Bucket: "secure-serverless-user-files", Key: quarantineKey, VersionID: "3HL4kqtJvjVBH40Nrjfkd", ETag: "0123456789abcdef0123456789abcdef"},
		},
		{
			name:       "EventBridge object created",
			file:       "eventbridge-object-created.json",
			wantObject: objectEvent{Bucket: "secure-serverless-user-files", Key: quarantineKey, VersionID: "3HL4kqtJvjVBH40Nrjfkd", ETag: "0123456789abcdef0123456789abcdef"},
		},
		{
			name:       "GuardDuty scan result",
			file:       "guardduty-scan-result.json",
			wantObject: objectEvent{Bucket: "secure-serverless-user-files", Key: quarantineKey, VersionID: "3HL4kqtJvjVBH40Nrjfkd", ETag: "0123456789abcdef0123456789abcdef"},
			wantStatus: ScanNoThreatsFound,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			raw, err := os.ReadFile(filepath.Join("..", "..", "validate", "testdata", tt.file))
			require.NoError(t, err)

			parsed, err := parseEvent(raw)

			require.NoError(t, err)
			if tt.wantStatus == "" {
				require.Len(t, parsed.objects, 1)
				assert.Equal(t, tt.wantObject, parsed.objects[0])
				return
			}
			require.NotNil(t, parsed.scan)
			assert.Equal(t, tt.wantObject, parsed.scan.objectEvent)
			assert.Equal(t, tt.wantStatus, parsed.scan.Status)
		})
	}
}

func FuzzParseEvent(f *testing.F) {
	f.Add([]byte(notification(quarantineKey)))
	f.Add([]byte(scanResult(quarantineKey, ScanThreatsFound)))
	f.Add([]byte(`{"Records": [{"eventName": "ObjectCreated:Put", "s3": {"object": {"key": "%zz"}}}]}`))
	f.Add([]byte(`null`))

	f.Fuzz(func(t *testing.T, raw []byte) {
		parsed, err := parseEvent(raw)
		if err != nil {
			assert.ErrorIs(t, err, ErrUnsupportedEvent)
			return
		}
		assert.True(t, parsed.ignored || parsed.scan != nil || len(parsed.objects) > 0)
	})
}
