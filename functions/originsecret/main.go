// Command originsecret is the Secrets Manager rotation function of the origin verification secret, the
// value of the header that CloudFront adds to requests to the API. It changes the value in the secret,
// in the regex pattern set of the API's web ACL and in the distribution's origin. The order, which
// package rotation describes, lets the web ACL accept every request CloudFront sends during a rotation.
//
// Trigger: Secrets Manager calls it for the four steps of each rotation of the secret, as the secret's
// rotation schedule sets. A lambda.Permission lets secretsmanager.amazonaws.com invoke it for that
// secret only.
//
// Permissions of its role:
//   - secretsmanager:DescribeSecret, GetSecretValue, PutSecretValue and UpdateSecretVersionStage on the secret
//   - kms:Decrypt and kms:GenerateDataKey on the secret's key, with kms:ViaService
//     secretsmanager.<region>.amazonaws.com
//   - wafv2:GetRegexPatternSet and wafv2:UpdateRegexPatternSet on the pattern set
//   - cloudfront:GetDistribution, GetDistributionConfig and UpdateDistribution on the distribution
//
// It runs outside any VPC, because CloudFront's API has no VPC endpoint.
//
// Environment: DISTRIBUTION_ID, ORIGIN_ID, HEADER_NAME, PATTERN_SET_NAME, PATTERN_SET_ID (all required),
// PATTERN_SET_SCOPE (REGIONAL by default), WAF_PROPAGATION_SECONDS (300 by default), AWS_LAMBDA_LOG_LEVEL.
// None of them is a secret.
package main

import (
	"context"
	"os"
	"time"

	"github.com/aws/aws-lambda-go/lambda"
	"github.com/aws/aws-sdk-go-v2/service/cloudfront"
	"github.com/aws/aws-sdk-go-v2/service/secretsmanager"
	"github.com/aws/aws-sdk-go-v2/service/wafv2"

	"github.com/secureserverless/framework/functions/internal/awsclient"
	"github.com/secureserverless/framework/functions/internal/logging"
	"github.com/secureserverless/framework/functions/internal/rotation"
)

// Timeouts of the AWS calls. CloudFront's UpdateDistribution takes longer than the calls of the API
// functions, and the rotation function's own timeout is minutes, not seconds.
const (
	attemptTimeout = 20 * time.Second
	maxAttempts    = 3
)

func main() {
	logger := logging.NewFromEnvironment()
	settings, err := loadSettings(os.Getenv)
	if err != nil {
		logger.Error("invalid configuration", logging.KeyError, err.Error())
		os.Exit(1)
	}
	cfg, err := awsclient.LoadConfig(context.Background(), awsclient.Options{
		AttemptTimeout: attemptTimeout, MaxAttempts: maxAttempts,
	})
	if err != nil {
		logger.Error("loading the AWS configuration failed", logging.KeyError, err.Error())
		os.Exit(1)
	}

	rotator := &rotation.Rotator{
		Secrets: rotation.SecretsManagerStore{Client: secretsmanager.NewFromConfig(cfg)},
		Distribution: rotation.CloudFrontDistribution{
			Client:         cloudfront.NewFromConfig(cfg),
			DistributionID: settings.distributionID,
			OriginID:       settings.originID,
			HeaderName:     settings.headerName,
		},
		PatternSet: rotation.WAFPatternSet{
			Client: wafv2.NewFromConfig(cfg),
			Name:   settings.patternSetName,
			ID:     settings.patternSetID,
			Scope:  settings.patternSetScope,
		},
		WAFPropagation: settings.wafPropagation,
		Logger:         logger,
	}
	lambda.Start(newHandler(rotator, logger))
}
