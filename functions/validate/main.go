// Command validate is the Lambda function that checks every upload under the quarantine prefix: size, declared
// content type and magic bytes. It promotes a file under the files prefix, or moves it under the rejected
// prefix with the reason. With GuardDuty Malware Protection on, it promotes only after a scan result that
// finds no threats.
//
// Triggers, all asynchronous invocations, so Lambda retries a failed event twice and then sends it to the
// function's on-failure destination or dead-letter queue (an SQS queue encrypted with a KMS key, which the
// monitoring alarms on):
//   - object created under <QUARANTINE_PREFIX>: an S3 event notification for s3:ObjectCreated:* with that
//     prefix filter, or an EventBridge rule for source aws.s3, detail-type "Object Created", the bucket and
//     the prefix
//   - with scanning on, an EventBridge rule for source aws.guardduty, detail-type
//     "GuardDuty Malware Protection Object Scan Result" and the bucket
//
// Permissions of its role:
//   - s3:ListBucket on arn:aws:s3:::<USER_FILES_BUCKET> with s3:prefix limited to the three prefixes, because
//     without it HeadObject returns 403 instead of 404 and the idempotency checks cannot tell a missing object
//   - on arn:aws:s3:::<USER_FILES_BUCKET>/<QUARANTINE_PREFIX>*: s3:GetObject, s3:GetObjectVersion,
//     s3:GetObjectTagging, s3:GetObjectVersionTagging, s3:DeleteObject, s3:DeleteObjectVersion
//   - on arn:aws:s3:::<USER_FILES_BUCKET>/<FILES_PREFIX>* and <REJECTED_PREFIX>*: s3:GetObject, s3:PutObject,
//     s3:PutObjectTagging (the copies keep the upload's tags, GuardDuty's scan verdict included)
//   - kms:Decrypt and kms:GenerateDataKey on the bucket's KMS key, with kms:ViaService
//     s3.<region>.amazonaws.com, when the bucket uses SSE-KMS
//   - sqs:SendMessage on the dead-letter queue and kms:GenerateDataKey on its key, when a dead-letter queue
//     rather than an on-failure destination receives failed events
//
// Environment: USER_FILES_BUCKET (required), USER_FILES_BUCKET_REGION (default AWS_REGION),
// QUARANTINE_PREFIX, FILES_PREFIX, REJECTED_PREFIX, UPLOAD_ALLOWED_TYPES, UPLOAD_MAX_BYTES,
// MALWARE_SCANNING_ENABLED (default true), AWS_LAMBDA_LOG_LEVEL. None of them is a secret.
package main

import (
	"context"
	"fmt"
	"log/slog"
	"os"

	"github.com/aws/aws-lambda-go/lambda"

	"github.com/secureserverless/framework/functions/internal/awsclient"
	"github.com/secureserverless/framework/functions/internal/config"
	"github.com/secureserverless/framework/functions/internal/fileapi"
	"github.com/secureserverless/framework/functions/internal/logging"
	"github.com/secureserverless/framework/functions/internal/validation"
)

// EnvScanningEnabled turns waiting for GuardDuty's scan result on or off. It must match the bucket's malware
// protection: on without a plan, uploads are never promoted; off with a plan, they are promoted before the scan.
const EnvScanningEnabled = "MALWARE_SCANNING_ENABLED"

func main() {
	logger := logging.NewFromEnvironment()

	validator, err := newValidator(context.Background(), config.FromEnvironment(), logger)
	if err != nil {
		logger.Error("function not started", logging.KeyError, err.Error())
		os.Exit(1)
	}
	lambda.Start(validator.Handle)
}

// loadConfig reads the validator's configuration from env.
func loadConfig(env *config.Env) (validation.Config, string) {
	settings := fileapi.LoadSettings(env)
	cfg := validation.Config{
		Bucket:          settings.Bucket,
		Layout:          settings.Layout,
		AllowedTypes:    fileapi.LoadAllowedTypes(env),
		MaxUploadBytes:  env.Int(fileapi.EnvMaxUploadBytes, fileapi.DefaultMaxUploadBytes, 1, fileapi.MaxUploadBytesLimit),
		ScanningEnabled: env.Bool(EnvScanningEnabled, true),
	}
	return cfg, fileapi.LoadBucketRegion(env)
}

// newValidator reads the configuration from env and builds the S3 client in the bucket's region.
func newValidator(ctx context.Context, env *config.Env, logger *slog.Logger) (*validation.Validator, error) {
	cfg, region := loadConfig(env)
	if err := env.Err(); err != nil {
		return nil, fmt.Errorf("reading configuration: %w", err)
	}

	awsConfig, err := awsclient.LoadConfig(ctx, awsclient.Options{Region: region})
	if err != nil {
		return nil, err
	}
	client := awsclient.NewS3(awsConfig, awsclient.S3Options{BucketRegion: region})
	return validation.New(cfg, client, logger), nil
}
