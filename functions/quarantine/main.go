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

	"github.com/secureserverless/framework/functions/internal/awsclient"
	"github.com/secureserverless/framework/functions/internal/config"
	"github.com/secureserverless/framework/functions/internal/fileapi"
)

func main() {
	fileapi.Main(newHandler)
}

// newHandler reads the configuration from env, builds the S3 client and returns the handler.
func newHandler(ctx context.Context, env *config.Env, deps fileapi.Deps) (fileapi.Handler, error) {
	settings := fileapi.LoadSettings(env)
	region := fileapi.LoadBucketRegion(env)
	if err := env.Err(); err != nil {
		return nil, fmt.Errorf("reading configuration: %w", err)
	}

	client, err := awsclient.NewBucketS3(ctx, region)
	if err != nil {
		return nil, err
	}
	return fileapi.NewQuarantineHandler(settings, client, deps), nil
}
