package fileapi

import (
	"context"
	"net/http"
	"path/filepath"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/s3"

	"github.com/secureserverless/framework/functions/internal/awsclient"
	"github.com/secureserverless/framework/functions/internal/files"
)

// benchmarkClient returns an S3 client with static credentials that signs in memory and makes no call.
func benchmarkClient(b *testing.B) *s3.Client {
	b.Helper()

	empty := filepath.Join(b.TempDir(), "none")
	b.Setenv("AWS_CONFIG_FILE", empty)
	b.Setenv("AWS_SHARED_CREDENTIALS_FILE", empty)
	cfg, err := awsclient.LoadConfig(context.Background(), awsclient.Options{
		Region:      "eu-west-1",
		Credentials: credentials.NewStaticCredentialsProvider("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", ""),
	})
	if err != nil {
		b.Fatal(err)
	}
	return awsclient.NewS3(cfg, awsclient.S3Options{})
}

// BenchmarkUploadHandler measures POST /uploads end to end: claims, strict JSON decoding, validation and the
// presigned POST of the SDK.
func BenchmarkUploadHandler(b *testing.B) {
	client := benchmarkClient(b)
	handler := NewUploadsHandler(testUploadConfig(), s3.NewPresignClient(client), client.Options().Credentials, Deps{})
	req := withJSONBody(apiRequest(http.MethodPost, "/uploads", nil, claimsOf(userA, "users")),
		`{"name": "annual report 2026.pdf", "contentType": "application/pdf", "size": 48213}`)
	ctx := context.Background()

	b.ReportAllocs()
	for b.Loop() {
		resp, err := handler(ctx, req)
		if err != nil || resp.StatusCode != http.StatusCreated {
			b.Fatalf("status %d: %v %s", resp.StatusCode, err, resp.Body)
		}
	}
}

func BenchmarkPresignDownload(b *testing.B) {
	presigner := s3.NewPresignClient(benchmarkClient(b))
	input := &s3.GetObjectInput{
		Bucket:                     aws.String(testBucket),
		Key:                        aws.String(files.DefaultLayout().Key(files.AreaFiles, userA, fileID)),
		ResponseContentDisposition: aws.String(files.ContentDisposition("annual report 2026.pdf")),
		ResponseContentType:        aws.String("application/pdf"),
	}
	ctx := context.Background()

	b.ReportAllocs()
	for b.Loop() {
		if _, err := presigner.PresignGetObject(ctx, input, s3.WithPresignExpires(DefaultDownloadExpiry)); err != nil {
			b.Fatal(err)
		}
	}
}
