// Command me is the Lambda function behind GET /me. It returns the identity of the authenticated caller as
// the Cognito User Pools authorizer of the REST API verified it.
package main

import (
	"github.com/aws/aws-lambda-go/lambda"

	"github.com/secureserverless/framework/functions/internal/logging"
)

func main() {
	logger := logging.NewFromEnvironment()
	lambda.Start(newHandler(logger))
}
