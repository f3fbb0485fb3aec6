// Command files is the Lambda function behind GET /files, GET /files/{id}, DELETE /files/{id},
// DELETE /me/files and DELETE /admin/users/{sub}/files: it lists a user's validated files, signs download URLs,
// deletes files and erases every file of a user for erasure requests.
//
// Trigger: those REST API methods with the Cognito User Pools authorizer. The admin route also needs the admin
// group, which the handler checks itself.
//
// Permissions of its role:
//   - s3:ListBucket on arn:aws:s3:::<USER_FILES_BUCKET> with s3:prefix limited to <FILES_PREFIX>*, because
//     without it HeadObject returns 403 instead of 404 for a missing file
//   - s3:GetObject and s3:DeleteObject on arn:aws:s3:::<USER_FILES_BUCKET>/<FILES_PREFIX>* (HeadObject and the
//     presigned download URLs use s3:GetObject)
//   - for the erasure routes, s3:ListBucketVersions on the bucket with s3:prefix limited to the three prefixes,
//     and s3:DeleteObjectVersion on arn:aws:s3:::<USER_FILES_BUCKET>/<prefix>* for QUARANTINE_PREFIX,
//     FILES_PREFIX and REJECTED_PREFIX
//   - kms:Decrypt on the bucket's KMS key, with kms:ViaService s3.<region>.amazonaws.com, when the bucket uses
//     SSE-KMS (downloads through the presigned URLs)
//
// Environment: USER_FILES_BUCKET (required), USER_FILES_BUCKET_REGION (default AWS_REGION),
// QUARANTINE_PREFIX, FILES_PREFIX, REJECTED_PREFIX, ADMIN_GROUP, DOWNLOAD_URL_EXPIRY, DOWNLOAD_URL_MAX_EXPIRY,
// AWS_LAMBDA_LOG_LEVEL. None of them is a secret.
package main

import (
	"context"
	"fmt"

	"github.com/aws/aws-sdk-go-v2/service/s3"

	"github.com/secureserverless/framework/functions/internal/awsclient"
	"github.com/secureserverless/framework/functions/internal/config"
	"github.com/secureserverless/framework/functions/internal/fileapi"
)

func main() {
	fileapi.Main(newHandler)
}

// newHandler reads the configuration from env, builds the S3 client and presigner in the bucket's region and
// returns the handler.
func newHandler(ctx context.Context, env *config.Env, deps fileapi.Deps) (fileapi.Handler, error) {
	cfg := fileapi.LoadReadConfig(env)
	region := fileapi.LoadBucketRegion(env)
	if err := env.Err(); err != nil {
		return nil, fmt.Errorf("reading configuration: %w", err)
	}

	client, err := awsclient.NewBucketS3(ctx, region)
	if err != nil {
		return nil, err
	}
	return fileapi.NewFilesHandler(cfg, client, s3.NewPresignClient(client), client.Options().Credentials, deps), nil
}
