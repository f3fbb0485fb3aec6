// Command quarantine is the Lambda function behind GET /admin/quarantine: it lists, for admins only, the
// uploads that validation or the malware scan rejected, with the reason. It reads metadata only and never
// hands out a rejected file.
//
// Trigger: the REST API method GET /admin/quarantine with the Cognito User Pools authorizer. The handler
// checks the admin group itself.
//
// Permissions of its role:
//   - s3:ListBucket on arn:aws:s3:::<USER_FILES_BUCKET> with s3:prefix limited to <REJECTED_PREFIX>*
//   - s3:GetObject on arn:aws:s3:::<USER_FILES_BUCKET>/<REJECTED_PREFIX>*, for HeadObject (no KMS permission is
//     needed, because HeadObject does not decrypt)
//
// Environment: USER_FILES_BUCKET (required), QUARANTINE_PREFIX, FILES_PREFIX, REJECTED_PREFIX, ADMIN_GROUP,
// USER_FILES_BUCKET_REGION (default AWS_REGION), AWS_LAMBDA_LOG_LEVEL. None of them is a secret.
package main

import (
	"context"
	"fmt"
	"os"

	"github.com/aws/aws-lambda-go/lambda"

	"github.com/secureserverless/framework/functions/internal/awsclient"
	"github.com/secureserverless/framework/functions/internal/config"
	"github.com/secureserverless/framework/functions/internal/fileapi"
	"github.com/secureserverless/framework/functions/internal/logging"
)

func main() {
	logger := logging.NewFromEnvironment()

	handler, err := newHandler(context.Background(), config.FromEnvironment(), fileapi.Deps{Logger: logger})
	if err != nil {
		logger.Error("function not started", logging.KeyError, err.Error())
		os.Exit(1)
	}
	lambda.Start(handler)
}

// newHandler reads the configuration from env, builds the S3 client and returns the handler.
func newHandler(ctx context.Context, env *config.Env, deps fileapi.Deps) (fileapi.Handler, error) {
	settings := fileapi.LoadSettings(env)
	region := fileapi.LoadBucketRegion(env)
	if err := env.Err(); err != nil {
		return nil, fmt.Errorf("reading configuration: %w", err)
	}

	awsConfig, err := awsclient.LoadConfig(ctx, awsclient.Options{Region: region})
	if err != nil {
		return nil, err
	}
	client := awsclient.NewS3(awsConfig, awsclient.S3Options{BucketRegion: region})
	return fileapi.NewQuarantineHandler(settings, client, deps), nil
}
