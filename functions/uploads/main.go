// Command uploads is the Lambda function behind POST /uploads. It signs an HTML form upload (presigned POST)
// for a key it chooses under the quarantine prefix. The validate function checks the file once it lands.
//
// Trigger: the REST API method POST /uploads with the Cognito User Pools authorizer.
//
// Permissions of its role, which S3 checks when the form is used, because the form is signed with the role's
// credentials (the function itself calls no AWS API; presigning happens in memory):
//   - s3:PutObject on arn:aws:s3:::<USER_FILES_BUCKET>/<QUARANTINE_PREFIX>*
//   - kms:GenerateDataKey on the bucket's KMS key, with kms:ViaService s3.<region>.amazonaws.com, when the
//     bucket uses SSE-KMS
//
// Environment: USER_FILES_BUCKET (required), USER_FILES_BUCKET_REGION (default AWS_REGION),
// QUARANTINE_PREFIX, FILES_PREFIX, REJECTED_PREFIX, UPLOAD_ALLOWED_TYPES, UPLOAD_MAX_BYTES, UPLOAD_URL_EXPIRY,
// UPLOAD_URL_MAX_EXPIRY, MAX_REQUEST_BYTES, AWS_LAMBDA_LOG_LEVEL. None of them is a secret.
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

// newHandler reads the configuration from env, builds the S3 presigner in the bucket's region and returns
// the handler.
func newHandler(ctx context.Context, env *config.Env, deps fileapi.Deps) (fileapi.Handler, error) {
	cfg := fileapi.LoadUploadConfig(env)
	region := fileapi.LoadBucketRegion(env)
	if err := env.Err(); err != nil {
		return nil, fmt.Errorf("reading configuration: %w", err)
	}

	client, err := awsclient.NewBucketS3(ctx, region)
	if err != nil {
		return nil, err
	}
	return fileapi.NewUploadsHandler(cfg, s3.NewPresignClient(client), client.Options().Credentials, deps), nil
}
